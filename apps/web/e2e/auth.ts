import type { Page } from 'playwright-core';
import type { Messages } from '../src/i18n/ja.ts';

/** Signs in with the demo account that the login page offers (SEED_DEMO=1). */
export async function signInAsDemo(page: Page, messages: Messages, path = '/login'): Promise<void> {
  await page.goto(path);
  await page.getByRole('button', { name: messages.login.demo.fill }).click();
  await page.getByRole('button', { name: messages.login.submit, exact: true }).click();
}

/** Signs in with an e-mail and password through the login form and waits for the members page. */
export async function signIn(page: Page, messages: Messages, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(messages.fields.email, { exact: true }).fill(email);
  await page.getByLabel(messages.fields.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: messages.login.submit, exact: true }).click();
  await page.waitForURL('**/members');
}
