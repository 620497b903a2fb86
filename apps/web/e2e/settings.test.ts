
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();


describe('tenant settings page', () => {
  test('desktop (en): the master renames the tenant and changes its time zone; the header follows', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await signInAsDemo(page, en);
    await page.waitForURL('**/members');
    await page.getByRole('navigation', { name: en.nav.label }).getByRole('link', { name: en.settings.title }).click();
    await page.waitForURL('**/settings');
    await page.getByRole('heading', { level: 1, name: en.settings.title }).waitFor();
    const name = page.getByLabel(en.settings.name, { exact: true });
    const original = await name.inputValue();
    expect(await page.getByLabel(en.settings.timeZone).inputValue()).toBe('Asia/Tokyo');
    await page.getByText(en.settings.plans.STANDARD, { exact: true }).waitFor();
    await page.getByText(en.settings.demoTenant, { exact: true }).waitFor();
    await screenshot(page, 'settings-en-desktop');

    // An empty name is refused and nothing is saved.
    await name.fill('');
    await page.getByRole('button', { name: en.common.save }).click();
    await page.getByText(en.errors.fieldCodes.required).waitFor();

    await name.fill('E2E Holdings');
    await page.getByLabel(en.settings.timeZone).selectOption('Europe/London');
    await page.getByRole('button', { name: en.common.save }).click();
    await page.getByRole('status').getByText(en.settings.saved).waitFor();
    await page.locator('header .shell__tenant-name').getByText('E2E Holdings').waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: en.settings.title }).waitFor();
    expect(await page.getByLabel(en.settings.name, { exact: true }).inputValue()).toBe('E2E Holdings');
    expect(await page.getByLabel(en.settings.timeZone).inputValue()).toBe('Europe/London');
    await page.locator('header .shell__tenant-name').getByText('E2E Holdings').waitFor();

    // The change is in the audit log, before → after.
    await page.goto('/audit?area=TENANT');
    const row = page.getByRole('row').filter({ hasText: en.audit.actions.tenant_update }).first();
    await row.getByRole('button', { name: /Show details/ }).click();
    await page.locator('.audit-diff__after').getByText('Europe/London').waitFor();

    // Put things back for the other test files.
    await page.goto('/settings');
    await page.getByLabel(en.settings.name, { exact: true }).fill(original);
    await page.getByLabel(en.settings.timeZone).selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: en.common.save }).click();
    await page.getByRole('status').getByText(en.settings.saved).waitFor();
    await page.context().close();
  });

  test('phone (ja): reached from the More page; other administrators get no link and no access', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await signInAsDemo(page, ja);
    await page.waitForURL('**/members');
    await page.getByRole('navigation', { name: ja.nav.label }).getByRole('link', { name: ja.nav.more }).click();
    await page.getByRole('link', { name: new RegExp(ja.settings.title) }).click();
    await page.getByRole('heading', { level: 1, name: ja.settings.title }).waitFor();
    expect(await page.getByLabel(ja.settings.language).inputValue()).toBe('JA');
    await screenshot(page, 'settings-ja-phone');
    await page.context().close();

    const viewer = await openPage(browser.current, 'phone', 'ja');
    await viewer.goto('/login');
    await viewer.getByLabel(ja.fields.email, { exact: true }).fill('viewer@demo.example');
    await viewer.getByLabel(ja.fields.password, { exact: true }).fill('demo-password-2');
    await viewer.getByRole('button', { name: ja.login.submit, exact: true }).click();
    await viewer.getByRole('heading', { level: 1, name: ja.home.title }).waitFor();
    await viewer.getByRole('navigation', { name: ja.nav.label }).getByRole('link', { name: ja.nav.more }).click();
    await viewer.getByRole('heading', { level: 1, name: ja.more.title }).waitFor();
    await viewer.getByRole('link', { name: new RegExp(ja.nav.audit) }).waitFor();
    expect(await viewer.getByRole('link', { name: new RegExp(ja.settings.title) }).count()).toBe(0);
    await viewer.goto('/settings');
    await viewer.getByText(ja.settings.noAuthority).waitFor();
    await screenshot(viewer, 'settings-no-authority-ja-phone');
    await viewer.context().close();
  });

  test('renders in en at phone size and in ja at desktop size', async () => {
    for (const [viewport, language, messages] of [
      ['phone', 'en', en],
      ['desktop', 'ja', ja],
    ] as const) {
      const page = await openPage(browser.current, viewport, language);
      await signInAsDemo(page, messages);
      await page.waitForURL('**/members');
      await page.goto('/settings');
      await page.getByRole('heading', { level: 1, name: messages.settings.title }).waitFor();
      await page.getByLabel(messages.settings.name, { exact: true }).waitFor();
      await screenshot(page, `settings-${language}-${viewport}`);
      await page.context().close();
    }
  });
});
