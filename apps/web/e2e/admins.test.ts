
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import { signIn, signInAsDemo } from './auth.ts';
import { fillTemplate, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();




// Unique per run, so the suite can also run against a server that is already up (E2E_BASE_URL).
const general = {
  name: 'E2E 閲覧者',
  email: `e2e-general-${Date.now()}@example.com`,
  password: 'e2e-password-42',
};

describe('admins page', () => {
  test('phone (ja): the master adds a general administrator with members VIEW and edits the authority', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await signInAsDemo(page, ja);
    await page.waitForURL('**/members');
    await page.goto('/admins');
    await page.getByRole('heading', { level: 1, name: ja.nav.admins }).waitFor();
    const master = page.getByRole('article', { name: /デモ管理者/ });
    await master.getByText(ja.admins.roles.MASTER).waitFor();
    // The master administrator cannot be edited or deleted.
    expect(await master.getByRole('button').count()).toBe(0);

    await page.getByRole('button', { name: ja.admins.add }).click();
    const form = page.getByRole('form', { name: ja.admins.createTitle });
    await form.getByLabel(ja.admins.name, { exact: true }).fill(general.name);
    await form.getByLabel(ja.admins.email, { exact: true }).fill(general.email);
    await form.getByLabel(ja.admins.password, { exact: true }).fill('short1');
    await form.getByLabel(ja.admins.areas.members, { exact: true }).selectOption('VIEW');
    await form.getByRole('button', { name: ja.admins.create }).click();
    // A weak password is refused at the field, and nothing is created.
    await form.getByText(ja.admins.passwordInvalid).waitFor();
    expect(await page.getByRole('article', { name: new RegExp(general.name) }).count()).toBe(0);
    await screenshot(page, 'admins-form-ja-phone');

    await form.getByLabel(ja.admins.password, { exact: true }).fill(general.password);
    await form.getByRole('button', { name: ja.admins.create }).click();
    await form.waitFor({ state: 'detached' });
    const card = page.getByRole('article', { name: new RegExp(general.name) });
    const matrix = card.getByRole('definition');
    await card.getByText(general.email).waitFor();
    expect(await matrix.allTextContents()).toEqual([
      ja.admins.levels.VIEW,
      ja.admins.levels.NONE,
      ja.admins.levels.NONE,
      ja.admins.levels.NONE,
      ja.admins.levels.NONE,
    ]);

    // Edit: add bots VIEW.
    await card.getByRole('button', { name: fillTemplate(ja.admins.edit, { name: general.name }) }).click();
    await card.getByLabel(ja.admins.areas.bots, { exact: true }).selectOption('VIEW');
    await card.getByRole('button', { name: ja.common.save }).click();
    await card.getByRole('form').waitFor({ state: 'detached' });
    expect(await matrix.nth(1).textContent()).toBe(ja.admins.levels.VIEW);
    await screenshot(page, 'admins-ja-phone');
    await page.context().close();
  });

  test('desktop (en): the general administrator signs in and sees everything read-only', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await signIn(page, en, general.email, general.password);
    const sidebar = page.getByRole('navigation', { name: en.nav.label });
    // Tenant settings are the master's: no link for anyone else.
    expect(await sidebar.getByRole('link', { name: en.settings.title }).count()).toBe(0);

    await sidebar.getByRole('link', { name: en.nav.admins }).click();
    await page.getByRole('heading', { level: 1, name: en.nav.admins }).waitFor();
    await page.getByText(en.admins.readOnly).waitFor();
    await page.getByRole('article', { name: new RegExp(general.name) }).getByText(en.admins.you).waitFor();
    expect(await page.getByRole('button', { name: en.admins.add }).count()).toBe(0);
    expect(await page.locator('main').getByRole('button').count()).toBe(0);
    await screenshot(page, 'admins-readonly-en-desktop');

    await sidebar.getByRole('link', { name: en.nav.domains }).click();
    await page.getByRole('heading', { level: 1, name: en.nav.domains }).waitFor();
    await page.getByText(en.domains.readOnly).waitFor();
    await page.getByRole('article', { name: 'デモ株式会社' }).getByText('営業部').waitFor();
    expect(await page.locator('main').getByRole('button').count()).toBe(0);
    await screenshot(page, 'domains-readonly-en-desktop');

    // No audit authority: the menu does not offer it, and its address says why, instead of an error.
    expect(await sidebar.getByRole('link', { name: en.nav.audit }).count()).toBe(0);
    await page.goto('/audit');
    await page.getByRole('heading', { level: 1, name: en.nav.audit }).waitFor();
    await page.getByText(en.common.noAuthority).waitFor();
    await page.getByText(en.audit.noAuthority).waitFor();
    await screenshot(page, 'audit-no-authority-en-desktop');

    await page.goto('/settings');
    await page.getByRole('heading', { level: 1, name: en.settings.title }).waitFor();
    await page.getByText(en.settings.noAuthority).waitFor();
    await page.context().close();
  });

  test('desktop (en): the master deletes the general administrator after confirming', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await signInAsDemo(page, en);
    await page.waitForURL('**/members');
    await page.goto('/admins');
    const card = page.getByRole('article', { name: new RegExp(general.name) });
    await card.waitFor();
    await screenshot(page, 'admins-en-desktop');
    await card.getByRole('button', { name: fillTemplate(en.admins.delete, { name: general.name }) }).click();
    const dialog = page.getByRole('dialog', { name: fillTemplate(en.admins.deleteTitle, { name: general.name }) });
    await dialog.getByText(fillTemplate(en.admins.deleteBody, { email: general.email })).waitFor();
    await dialog.getByRole('button', { name: en.common.delete }).click();
    await card.waitFor({ state: 'detached' });

    // The account is gone: it can no longer sign in.
    const other = await openPage(browser.current, 'desktop', 'en');
    await other.goto('/login');
    await other.getByLabel(en.fields.email, { exact: true }).fill(general.email);
    await other.getByLabel(en.fields.password, { exact: true }).fill(general.password);
    await other.getByRole('button', { name: en.login.submit, exact: true }).click();
    await other.getByText(en.login.invalidCredentials).waitFor();
    await other.context().close();
    await page.context().close();
  });

  test('renders in en at phone size and in ja at desktop size', async () => {
    for (const [viewport, language, messages] of [
      ['phone', 'en', en],
      ['desktop', 'ja', ja],
    ] as const) {
      const page = await openPage(browser.current, viewport, language);
      await signInAsDemo(page, messages);
      await page.waitForURL('**/members');
      await page.goto('/admins');
      await page.getByRole('heading', { level: 1, name: messages.nav.admins }).waitFor();
      await page.getByRole('article', { name: /デモ管理者/ }).waitFor();
      await screenshot(page, `admins-${language}-${viewport}`);
      await page.context().close();
    }
  });
});
