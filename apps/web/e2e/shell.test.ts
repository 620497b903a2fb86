
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();

describe('signed-in shell', () => {
  test('demo login lands on /members; phones get the bottom navigation and a More page', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await signInAsDemo(page, ja);
    await page.waitForURL('**/members');
    await page.getByRole('heading', { level: 1, name: ja.nav.members }).waitFor();
    expect(await page.locator('nav.bottom-nav').isVisible()).toBe(true);
    expect(await page.locator('nav.sidebar').isVisible()).toBe(false);
    expect(await page.locator('header .badge--demo').textContent()).toContain(ja.shell.demoBadge);
    expect(await page.locator('header .badge--demo').isVisible()).toBe(true);
    await screenshot(page, 'members-ja-phone');

    const bottomNav = page.getByRole('navigation', { name: ja.nav.label });
    await bottomNav.getByRole('link', { name: ja.nav.more }).click();
    await page.waitForURL('**/more');
    await page.getByRole('heading', { level: 1, name: ja.more.title }).waitFor();
    await screenshot(page, 'more-ja-phone');
    await page.getByRole('link', { name: ja.nav.audit }).click();
    await page.waitForURL('**/audit');
    await page.getByRole('heading', { level: 1, name: ja.nav.audit }).waitFor();
    expect(await bottomNav.getByRole('link', { name: ja.nav.more }).getAttribute('aria-current')).toBe('page');
    await page.context().close();
  });

  test('desktops get the sidebar, and a reload keeps the session', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await signInAsDemo(page, en);
    await page.waitForURL('**/members');
    await page.getByRole('heading', { level: 1, name: en.nav.members }).waitFor();
    expect(await page.locator('nav.sidebar').isVisible()).toBe(true);
    expect(await page.locator('nav.bottom-nav').isVisible()).toBe(false);
    await screenshot(page, 'members-en-desktop');

    const sidebar = page.getByRole('navigation', { name: en.nav.label });
    for (const [path, label] of [
      ['/domains', en.nav.domains],
      ['/admins', en.nav.admins],
      ['/tokens', en.nav.tokens],
      ['/audit', en.nav.audit],
    ] as const) {
      await sidebar.getByRole('link', { name: label }).click();
      await page.waitForURL(`**${path}`);
      await page.getByRole('heading', { level: 1, name: label }).waitFor();
    }
    await page.reload();
    await page.getByRole('heading', { level: 1, name: en.nav.audit }).waitFor();
    await page.context().close();
  });

  test('a signed-out visit to a protected page goes to login and comes back after sign-in', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await page.goto('/domains');
    await page.waitForURL('**/login?redirect=**');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/domains');
    await signInAsDemo(page, en, page.url());
    await page.waitForURL('**/domains');
    await page.getByRole('heading', { level: 1, name: en.nav.domains }).waitFor();
    await page.context().close();
  });

  test('logout returns to /login and ends the session', async () => {
    const page = await openPage(browser.current, 'phone', 'en');
    await signInAsDemo(page, en);
    await page.waitForURL('**/members');
    await page.getByRole('button', { name: en.shell.logout }).click();
    await page.waitForURL('**/login');
    await page.getByRole('heading', { level: 1, name: en.login.title }).waitFor();
    await page.goto('/members');
    await page.waitForURL('**/login?redirect=**');
    await page.context().close();
  });
});
