
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import { openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();

describe('login page', () => {
  for (const [language, messages] of [
    ['ja', ja],
    ['en', en],
  ] as const) {
    for (const viewport of ['phone', 'desktop'] as const) {
      test(`renders in ${language} at ${viewport} size`, async () => {
        const page = await openPage(browser.current, viewport, language);
        await page.goto('/login');
        await page.getByRole('heading', { level: 1, name: messages.login.title }).waitFor();
        expect(await page.locator('html').getAttribute('lang')).toBe(language);
        await page.getByLabel(messages.fields.email, { exact: true }).waitFor();
        await page.getByLabel(messages.fields.password, { exact: true }).waitFor();
        // The demo tenant box is clearly marked and offers to fill the form.
        await page.getByRole('region', { name: messages.login.demo.title }).waitFor();
        await screenshot(page, `login-${language}-${viewport}`);
        await page.context().close();
      });
    }
  }

  test('the language switch changes the text and is remembered after a reload', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await page.goto('/login');
    await page.getByRole('heading', { level: 1, name: ja.login.title }).waitFor();
    await page.getByLabel(ja.language.label).selectOption('en');
    await page.getByRole('heading', { level: 1, name: en.login.title }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: en.login.title }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.context().close();
  });

  test('a wrong password shows the translated error and stays on the login page', async () => {
    for (const [language, messages] of [
      ['en', en],
      ['ja', ja],
    ] as const) {
      const page = await openPage(browser.current, 'desktop', language);
      await page.goto('/login');
      await page.getByRole('button', { name: messages.login.demo.fill }).click();
      await page.getByLabel(messages.fields.password, { exact: true }).fill('not-the-password-1');
      await page.getByRole('button', { name: messages.login.submit, exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toBe(messages.login.invalidCredentials);
      expect(new URL(page.url()).pathname).toBe('/login');
      await screenshot(page, `login-error-${language}`);
      await page.context().close();
    }
  });
});
