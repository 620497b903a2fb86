
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import { signIn, signInAsDemo } from './auth.ts';
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

  test('the menu offers only the areas the admin may open; the focus moves to the new page’s heading', async () => {
    // The demo's view-only admin: members and audit (view), nothing for bots, external or attendance.
    const page = await openPage(browser.current, 'desktop', 'en');
    await signIn(page, en, 'viewer@demo.example', 'demo-password-2');
    const sidebar = page.getByRole('navigation', { name: en.nav.label });
    await sidebar.getByRole('link', { name: en.nav.members }).waitFor();
    const offered = await sidebar.getByRole('link').allTextContents();
    expect(offered).toEqual([en.nav.home, en.nav.members, en.nav.domains, en.nav.admins, en.nav.tokens, en.nav.audit]);
    await sidebar.getByRole('link', { name: en.nav.audit }).click();
    await page.getByRole('heading', { level: 1, name: en.nav.audit }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(en.nav.audit);
    await page.context().close();

    const phone = await openPage(browser.current, 'phone', 'ja');
    await signIn(phone, ja, 'viewer@demo.example', 'demo-password-2');
    await phone.goto('/more');
    await phone.getByRole('heading', { level: 1, name: ja.more.title }).waitFor();
    const more = await phone.locator('main .link-list__label').allTextContents();
    expect(more).toEqual([ja.nav.admins, ja.nav.tokens, ja.nav.audit]);
    await screenshot(phone, 'more-viewer-ja-phone');
    await phone.context().close();
  });

  test('when the server cannot be reached, the error keeps the app’s frame and retries', async () => {
    const page = await openPage(browser.current, 'phone', 'en');
    await signInAsDemo(page, en);
    await page.getByRole('heading', { level: 1, name: en.nav.members }).waitFor();
    // The API goes away: a reload cannot know who is signed in.
    await page.route('**/graphql', (route) => route.abort('connectionrefused'));
    await page.reload();
    const alert = page.getByRole('alert');
    await alert.getByText(en.errors.network).waitFor();
    expect(await page.locator('header.shell__header').getByText(en.app.name).isVisible()).toBe(true);
    expect(await page.getByLabel(en.language.label).isVisible()).toBe(true);
    await screenshot(page, 'shell-offline-en-phone', { fullPage: false });
    // Back: retrying shows the page again.
    await page.unroute('**/graphql');
    await alert.getByRole('button', { name: en.app.retry }).click();
    await page.getByRole('heading', { level: 1, name: en.nav.members }).waitFor();
    await page.context().close();
  });

  test('when the messages cannot be downloaded on the first load, the page says so instead of staying blank', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await page.route(/\/assets\/base\.(ja|en)-[^/]+\.js$/, (route) => route.abort('internetdisconnected'));
    await page.goto('/login');
    await page.getByRole('alert').getByText('ページを読み込めませんでした', { exact: false }).waitFor();
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
