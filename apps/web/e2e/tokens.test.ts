
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { baseUrl, fillTemplate, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();



/** What an integrator does: POST /graphql with the secret as a Bearer token (no cookies). */
async function graphqlWithToken(secret: string, query: string) {
  const response = await fetch(`${baseUrl()}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

// Unique per run, so the suite can also run against a server that is already up (E2E_BASE_URL).
const run = Date.now().toString(36);
const syncToken = `e2e 人事連携 ${run}`;
const reportToken = `Viewer report ${run}`;

const membersQuery = '{ members(first: 3) { edges { node { loginId } } } }';

describe('API tokens page', () => {
  test('phone (ja): issue a token, see the secret once, use it, revoke it, and it is refused', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await signInAsDemo(page, ja);
    await page.waitForURL('**/members');
    await page.goto('/tokens');
    await page.getByRole('heading', { level: 1, name: ja.nav.tokens }).waitFor();
    // The usage example shows this server's endpoint.
    await page.getByText(`curl -X POST '${baseUrl()}/graphql'`, { exact: false }).waitFor();

    await page.getByRole('button', { name: ja.tokens.add }).click();
    const form = page.getByRole('form', { name: ja.tokens.createTitle });
    // Nothing filled in: the name and the scopes are asked for.
    await form.getByRole('button', { name: ja.tokens.create }).click();
    await form.getByText(ja.tokens.scopesRequired).waitFor();
    await form.getByText(ja.errors.fieldCodes.required).waitFor();

    await form.getByLabel(ja.tokens.name, { exact: true }).fill(syncToken);
    await form.getByRole('checkbox', { name: /members:read/ }).check();
    await form.getByLabel(ja.tokens.expiry).selectOption('30');
    await screenshot(page, 'tokens-form-ja-phone');
    await form.getByRole('button', { name: ja.tokens.create }).click();

    const panel = page.getByRole('region', { name: fillTemplate(ja.tokens.secretTitle, { name: syncToken }) });
    await panel.getByText(ja.tokens.secretWarning).waitFor();
    const secret = await panel.getByLabel(ja.tokens.secret, { exact: true }).inputValue();
    expect(secret).toMatch(/^wbt_/);
    // The curl example in the panel carries the new secret.
    await panel.getByText(`Bearer ${secret}`, { exact: false }).waitFor();
    await screenshot(page, 'tokens-secret-ja-phone');

    // The token reads members…
    const read = await graphqlWithToken(secret, membersQuery);
    expect(read.errors).toBeUndefined();
    const members = read.data?.['members'] as { edges: unknown[] } | undefined;
    expect(members?.edges.length).toBe(3);
    // …but cannot change anything: members:read only.
    const write = await graphqlWithToken(secret, 'mutation { createEmploymentType(input: { name: "x" }) { __typename } }');
    expect(JSON.stringify(write)).toContain('ForbiddenError');

    // Once dismissed, the secret is gone for good, even after a reload.
    await panel.getByRole('button', { name: ja.tokens.secretDone }).click();
    await panel.waitFor({ state: 'detached' });
    await page.reload();
    const card = page.getByRole('article', { name: syncToken });
    await card.getByText(ja.tokens.status.active, { exact: true }).waitFor();
    await card.getByText(secret.slice(0, 10), { exact: false }).waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await card.getByText(ja.tokens.neverUsed).count()).toBe(0);
    await screenshot(page, 'tokens-ja-phone');

    await card.getByRole('button', { name: fillTemplate(ja.tokens.revokeNamed, { name: syncToken }) }).click();
    const dialog = page.getByRole('dialog', { name: fillTemplate(ja.tokens.revokeTitle, { name: syncToken }) });
    await dialog.getByRole('button', { name: ja.tokens.revoke }).click();
    await card.getByText(ja.tokens.status.revoked, { exact: true }).waitFor();
    expect(await card.getByRole('button').count()).toBe(0);

    const refused = await graphqlWithToken(secret, membersQuery);
    expect(refused.data?.['members'] ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('AUTHENTICATION');
    await page.context().close();
  });

  test('desktop (en): a view-only administrator can grant only what they may do themselves', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await page.goto('/login');
    await page.getByLabel(en.fields.email, { exact: true }).fill('viewer@demo.example');
    await page.getByLabel(en.fields.password, { exact: true }).fill('demo-password-2');
    await page.getByRole('button', { name: en.login.submit, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: en.home.title }).waitFor();
    await page.goto('/tokens');
    await page.getByText(en.tokens.intro).waitFor();
    await page.getByRole('button', { name: en.tokens.add }).click();
    const form = page.getByRole('form', { name: en.tokens.createTitle });
    const scopes = form.getByRole('checkbox');
    await scopes.first().waitFor();
    expect(await scopes.evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value))).toEqual([
      'members:read',
      'audit:read',
    ]);
    await form.getByLabel(en.tokens.name, { exact: true }).fill(reportToken);
    await form.getByRole('checkbox', { name: /audit:read/ }).check();
    await form.getByLabel(en.tokens.expiry).selectOption('never');
    await form.getByRole('button', { name: en.tokens.create }).click();
    const panel = page.getByRole('region', { name: fillTemplate(en.tokens.secretTitle, { name: reportToken }) });
    await panel.waitFor();
    await screenshot(page, 'tokens-secret-en-desktop');
    await panel.getByRole('button', { name: en.tokens.secretDone }).click();
    const card = page.getByRole('article', { name: reportToken });
    await card.getByText(en.tokens.noExpiry, { exact: true }).waitFor();
    await screenshot(page, 'tokens-en-desktop');
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
      await page.goto('/tokens');
      await page.getByRole('heading', { level: 1, name: messages.nav.tokens }).waitFor();
      await page.getByRole('heading', { name: messages.tokens.usageTitle }).waitFor();
      await screenshot(page, `tokens-${language}-${viewport}`);
      await page.context().close();
    }
  });
});
