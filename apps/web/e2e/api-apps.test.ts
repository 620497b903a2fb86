import { createSign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja, type Messages } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { baseUrl, fillTemplate, graphqlInPage, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();

/** Every app made here carries this tag; whatever a failed run leaves is deleted at the end. */
const tag = `e2e${Date.now().toString(36)}`;

/** Page overflow to the right (0 when nothing sticks out). */
function overflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** A scope's checkbox by its wire name (its label also explains it, in the page's language). */
function scope(page: Page, name: string) {
  return page.locator(`input[type="checkbox"][name="scopes"][value="${name}"]`);
}

function lifetime(page: Page, seconds: 3600 | 86400) {
  return page.locator(`input[type="radio"][name="tokenLifetime"][value="${seconds}"]`);
}

/** From the bot list's header, as an administrator finds them; `shot` names a screenshot of that header. */
async function openApps(page: Page, messages: Messages, shot: string) {
  await signInAsDemo(page, messages);
  await page.waitForURL('**/members');
  await page.goto('/bots');
  await page.getByRole('heading', { level: 1, name: messages.bots.title }).waitFor();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await screenshot(page, `api-apps-tabs-${shot}`, { fullPage: false });
  await page.getByRole('navigation', { name: messages.apiApps.tabs.label }).getByRole('link', { name: messages.apiApps.tabs.apps }).click();
  await page.waitForURL('**/bots/apps');
  await page.getByRole('heading', { level: 1, name: messages.apiApps.title }).waitFor();
}

/** What an integrator's server does: a JWT signed with the service account's key, exchanged at the token endpoint. */
async function requestToken(credentials: { clientId: string; clientSecret: string; accountId: string; privateKey: string }) {
  const now = Math.floor(Date.now() / 1000);
  const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${segment({ alg: 'RS256', typ: 'JWT' })}.${segment({ iss: credentials.clientId, sub: credentials.accountId, iat: now, exp: now + 600 })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(credentials.privateKey).toString('base64url');
  const response = await fetch(`${baseUrl()}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      assertion: `${unsigned}.${signature}`,
      scope: 'bot',
    }),
  });
  return { status: response.status, body: (await response.json()) as { access_token?: string; expires_in?: number; error?: string } };
}

afterAll(async () => {
  const page = await openPage(browser.current, 'desktop', 'en');
  await signInAsDemo(page, en);
  await page.waitForURL('**/members');
  const data = await graphqlInPage<{ apiApps: { id: string; name: string }[]; admins: { id: string; email: string }[] }>(
    page,
    '{ apiApps { id name } admins { id email } }',
  );
  for (const app of data.apiApps.filter((entry) => entry.name.includes(tag))) {
    await graphqlInPage(page, 'mutation($input: MutationDeleteApiAppInput!) { deleteApiApp(input: $input) { __typename } }', { input: { id: app.id } });
  }
  for (const admin of data.admins.filter((entry) => entry.email.includes(tag))) {
    await graphqlInPage(page, 'mutation($input: MutationDeleteAdminInput!) { deleteAdmin(input: $input) { __typename } }', { input: { id: admin.id } });
  }
  await page.context().close();
});

describe('Developer Console → API apps', () => {
  test('phone (ja): create an app; its Client Secret and private key are shown once (copy, download .key) and work; a reload shows them no more; edit the lifetime; regenerate the secret; delete', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await openApps(page, ja, 'ja-phone');

    // The terms box maps LINE WORKS' names and gives this server's base URLs.
    const terms = page.getByRole('region', { name: ja.apiApps.legacy.title });
    await terms.getByText(ja.apiApps.legacy.consumerKey, { exact: true }).waitFor();
    await terms.getByText(ja.apiApps.legacy.serverListAfter).waitFor();
    await terms.getByText(`${baseUrl()}/oauth2/v2.0/token`, { exact: true }).waitFor();
    await terms.getByText(`${baseUrl()}/v1.0`, { exact: true }).waitFor();
    const existing = await graphqlInPage<{ apiApps: unknown[] }>(page, '{ apiApps { id } }');
    if (existing.apiApps.length === 0) await page.getByText(ja.apiApps.list.empty).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'api-apps-list-ja-phone');

    // Create: the name is asked for; scopes as checkboxes with what each allows.
    await page.getByRole('link', { name: ja.apiApps.create }).click();
    await page.getByRole('heading', { level: 1, name: ja.apiApps.form.createTitle }).waitFor();
    const nameField = page.getByLabel(ja.apiApps.fields.name, { exact: true });
    await page.getByRole('button', { name: ja.apiApps.form.create, exact: true }).click();
    await page.locator('.field').filter({ has: nameField }).getByText(ja.bots.form.errors.required).waitFor();
    const name = `勤怠連携 ${tag}`;
    await nameField.fill(name);
    await scope(page, 'bot.message').check();
    await page.getByText(ja.apiApps.scopes.USER_EMAIL_READ).waitFor();
    await lifetime(page, 3600).check();
    expect(await page.getByRole('switch', { name: ja.apiApps.form.serviceAccount }).getAttribute('aria-checked')).toBe('true');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'api-apps-form-ja-phone');
    await page.getByRole('button', { name: ja.apiApps.form.create, exact: true }).click();

    // Shown once: the Client Secret, the service account and its private key.
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByText(ja.apiApps.detail.created).waitFor();
    const panel = page.getByRole('region', { name: ja.apiApps.oneTime.title });
    await panel.getByText(ja.apiApps.oneTime.warning).waitFor();
    const clientSecret = await panel.getByLabel(ja.apiApps.fields.clientSecret, { exact: true }).inputValue();
    const accountId = await panel.getByLabel(ja.apiApps.fields.serviceAccount, { exact: true }).inputValue();
    const privateKey = await panel.getByLabel(ja.apiApps.fields.privateKey, { exact: true }).inputValue();
    expect(clientSecret.length).toBeGreaterThan(20);
    expect(accountId).toMatch(/\.serviceaccount@/);
    expect(privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const clientId = (await page.locator('.bots-credential__value').first().textContent()) ?? '';
    expect(clientId).toMatch(/^[A-Za-z0-9]{16}$/);

    await panel.getByRole('button', { name: ja.apiApps.oneTime.copySecret }).click();
    await panel.getByText(ja.tokens.copied).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(clientSecret);
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: ja.apiApps.oneTime.download }).click()]);
    expect(download.suggestedFilename()).toMatch(/^private_\d{14}\.key$/);
    const downloadedKey = await readFile(await download.path(), 'utf8');
    expect(downloadedKey).toBe(privateKey);
    await panel.getByText(fillTemplate(ja.apiApps.oneTime.downloaded, { file: download.suggestedFilename() })).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'api-apps-secret-ja-phone');

    // The downloaded key and the secret get a token, for 1 hour.
    const first = await requestToken({ clientId, clientSecret, accountId, privateKey: downloadedKey });
    expect(first.status).toBe(200);
    expect(first.body.expires_in).toBe(3600);

    // After a reload nothing of it can be seen again.
    await page.reload();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByText(ja.apiApps.detail.secretHidden).waitFor();
    expect(await page.getByRole('region', { name: ja.apiApps.oneTime.title }).count()).toBe(0);
    const html = await page.content();
    expect(html).not.toContain(clientSecret);
    expect(html).not.toContain(privateKey.split('\n')[1]);
    await page.getByText(accountId, { exact: true }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'api-apps-detail-ja-phone');

    // Edit: 24 hours from now on.
    await page.getByRole('link', { name: ja.apiApps.detail.edit, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: ja.apiApps.form.editTitle }).waitFor();
    await lifetime(page, 86400).check();
    await screenshot(page, 'api-apps-edit-ja-phone');
    await page.getByRole('button', { name: ja.apiApps.form.save, exact: true }).click();
    await page.getByText(ja.apiApps.detail.saved).waitFor();
    await page.locator('.members-facts__item').filter({ hasText: ja.apiApps.fields.tokenLifetime }).getByText(ja.apiApps.lifetime['86400']).waitFor();
    expect((await requestToken({ clientId, clientSecret, accountId, privateKey })).body.expires_in).toBe(86400);

    // Regenerate: a new secret, shown once; the old one is refused.
    await page.getByRole('button', { name: ja.apiApps.detail.regenerate }).click();
    const dialog = page.getByRole('dialog', { name: ja.apiApps.detail.regenerateTitle });
    await dialog.getByText(ja.apiApps.detail.regenerateBody).waitFor();
    await dialog.getByRole('button', { name: ja.apiApps.detail.regenerateConfirm }).click();
    const regenerated = page.getByRole('region', { name: ja.apiApps.oneTime.title });
    const newSecret = await regenerated.getByLabel(ja.apiApps.fields.clientSecret, { exact: true }).inputValue();
    expect(newSecret).not.toBe(clientSecret);
    expect(await regenerated.getByLabel(ja.apiApps.fields.privateKey, { exact: true }).count()).toBe(0);
    expect((await requestToken({ clientId, clientSecret, accountId, privateKey })).status).toBe(401);
    expect((await requestToken({ clientId, clientSecret: newSecret, accountId, privateKey })).status).toBe(200);
    await regenerated.getByRole('button', { name: ja.apiApps.oneTime.done }).click();
    await regenerated.waitFor({ state: 'detached' });

    // Delete: back to the list, without the app; its credentials stop working.
    await page.getByRole('button', { name: ja.apiApps.detail.delete, exact: true }).click();
    const deleteDialog = page.getByRole('dialog', { name: fillTemplate(ja.apiApps.delete.title, { name }) });
    await deleteDialog.getByText(fillTemplate(ja.apiApps.delete.body, { clientId })).waitFor();
    await deleteDialog.getByRole('button', { name: ja.apiApps.delete.confirm }).click();
    await page.waitForURL('**/bots/apps');
    await page.getByRole('heading', { level: 1, name: ja.apiApps.title }).waitFor();
    await expect.poll(() => page.getByText(name).count()).toBe(0);
    expect((await requestToken({ clientId, clientSecret: newSecret, accountId, privateKey })).status).toBe(401);
    await page.context().close();
  });

  test('desktop (en): create without a service account, issue one later, see the list row; the terms box in English', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await openApps(page, en, 'en-desktop');
    const terms = page.getByRole('region', { name: en.apiApps.legacy.title });
    for (const text of [en.apiApps.legacy.apiId, en.apiApps.legacy.consumerKey, en.apiApps.legacy.serverList, en.apiApps.legacy.tokenExpiry]) {
      await terms.getByText(text, { exact: true }).waitFor();
    }
    await terms.getByText(en.apiApps.legacy.tokenExpiryAfter).waitFor();
    await terms.getByText(`${baseUrl()}/v1.0`, { exact: true }).waitFor();

    await page.getByRole('link', { name: en.apiApps.create }).click();
    const name = `HR sync ${tag}`;
    await page.getByLabel(en.apiApps.fields.name, { exact: true }).fill(name);
    // No scope chosen: refused before sending.
    await scope(page, 'bot').uncheck();
    await page.getByRole('button', { name: en.apiApps.form.create, exact: true }).click();
    await page.getByText(en.apiApps.form.scopesRequired).waitFor();
    await scope(page, 'bot.read').check();
    await scope(page, 'directory.read').check();
    await page.getByRole('switch', { name: en.apiApps.form.serviceAccount }).click();
    await screenshot(page, 'api-apps-form-en-desktop');
    await page.getByRole('button', { name: en.apiApps.form.create, exact: true }).click();

    await page.getByRole('heading', { level: 1, name }).waitFor();
    const panel = page.getByRole('region', { name: en.apiApps.oneTime.title });
    await panel.getByLabel(en.apiApps.fields.clientSecret, { exact: true }).waitFor();
    expect(await panel.getByLabel(en.apiApps.fields.privateKey, { exact: true }).count()).toBe(0);
    await page.getByText(en.apiApps.serviceAccounts.empty).waitFor();
    await page.getByRole('button', { name: en.apiApps.serviceAccounts.issue }).click();
    const keyPanel = page.getByRole('region', { name: en.apiApps.oneTime.title });
    await keyPanel.getByLabel(en.apiApps.fields.privateKey, { exact: true }).waitFor();
    const accountId = await keyPanel.getByLabel(en.apiApps.fields.serviceAccount, { exact: true }).inputValue();
    await page.locator('.bots-domain').getByText(accountId, { exact: true }).waitFor();
    await screenshot(page, 'api-apps-secret-en-desktop');
    await keyPanel.getByRole('button', { name: en.apiApps.oneTime.done }).click();
    await screenshot(page, 'api-apps-detail-en-desktop');

    await page.getByRole('link', { name: en.apiApps.backToList }).click();
    const row = page.locator('.api-apps-row').filter({ hasText: name });
    await row.getByText('bot.read', { exact: true }).waitFor();
    await row.getByText('directory.read', { exact: true }).waitFor();
    await row.getByText(en.apiApps.lifetime['86400']).waitFor();
    await row.getByText(accountId).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'api-apps-list-en-desktop');
    await page.context().close();
  });

  test('desktop (en): an administrator with view authority for bots sees the apps read-only', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await signInAsDemo(page, en);
    await page.waitForURL('**/members');
    const viewer = { email: `apps-viewer-${tag}@demo.example`, password: `view-${tag}-2026` };
    const authorities = { members: 'NONE', audit: 'NONE', external: 'NONE', attendance: 'NONE', bots: 'VIEW' };
    const created = await graphqlInPage<{ createAdmin: { __typename: string } }>(
      page,
      'mutation($input: MutationCreateAdminInput!) { createAdmin(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }',
      { input: { name: 'Apps viewer', email: viewer.email, password: viewer.password, authorities } },
    );
    expect(created.createAdmin).toMatchObject({ __typename: 'MutationCreateAdminSuccess' });
    const appName = `Read-only ${tag}`;
    await graphqlInPage(page, 'mutation($input: MutationCreateApiAppInput!) { createApiApp(input: $input) { __typename } }', {
      input: { name: appName, scopes: ['BOT_READ'], tokenLifetime: 3600 },
    });
    await page.context().clearCookies();
    // Without members authority the start page is not the member list: wait only to leave the login page.
    await page.goto('/login');
    await page.getByLabel(en.fields.email, { exact: true }).fill(viewer.email);
    await page.getByLabel(en.fields.password, { exact: true }).fill(viewer.password);
    await page.getByRole('button', { name: en.login.submit, exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto('/bots/apps');
    await page.getByRole('heading', { level: 1, name: en.apiApps.title }).waitFor();
    await page.getByText(en.apiApps.readOnly).waitFor();
    expect(await page.getByRole('link', { name: en.apiApps.create }).count()).toBe(0);
    await page.locator('.api-apps-row').filter({ hasText: appName }).click();
    await page.getByRole('heading', { level: 1, name: appName }).waitFor();
    await page.getByText(en.apiApps.readOnly).waitFor();
    for (const name of [en.apiApps.detail.edit, en.apiApps.detail.delete, en.apiApps.detail.regenerate, en.apiApps.serviceAccounts.issue]) {
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
      expect(await page.getByRole('link', { name, exact: true }).count()).toBe(0);
    }
    await page.context().close();
  });

  test('renders in en at phone size and in ja at desktop size, the terms box in each language', async () => {
    for (const [viewport, language, messages] of [
      ['phone', 'en', en],
      ['desktop', 'ja', ja],
    ] as const) {
      const page = await openPage(browser.current, viewport, language);
      await openApps(page, messages, `${language}-${viewport}`);
      const terms = page.getByRole('region', { name: messages.apiApps.legacy.title });
      await terms.getByText(messages.apiApps.legacy.serverList, { exact: true }).waitFor();
      await terms.getByText(messages.apiApps.legacy.tokenExpiryAfter).waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `api-apps-list-${language}-${viewport}`);
      await page.locator('.api-apps-row').first().click();
      await page.getByRole('heading', { name: messages.apiApps.serviceAccounts.title }).waitFor();
      await page.getByRole('region', { name: messages.apiApps.legacy.title }).waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `api-apps-detail-${language}-${viewport}`);
      await page.context().close();
    }
  });
});
