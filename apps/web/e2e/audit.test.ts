import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { graphqlInPage, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();




const createType = `mutation ($name: String!) {
  createEmploymentType(input: { name: $name }) { ... on MutationCreateEmploymentTypeSuccess { employmentType { id } } }
}`;
const renameType = `mutation ($id: ID!, $name: String!) {
  renameEmploymentType(input: { id: $id, name: $name }) { __typename }
}`;
const deleteType = `mutation ($id: ID!) { deleteEmploymentType(input: { id: $id }) { __typename } }`;

// Unique per run, so the suite can also run against a server that is already up (E2E_BASE_URL).
const run = Date.now().toString(36);
const probe = `Audit probe ${run}`;
const tokenName = `Audit token ${run}`;

describe('audit log page', () => {
  test('desktop (en): recent actions are listed with before → after; filter by area; verify; export CSV; load more', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await signInAsDemo(page, en);
    await page.waitForURL('**/members');

    // Actions to find: an employment type added and renamed, an API token issued and revoked.
    const created = await graphqlInPage<{ createEmploymentType: { employmentType: { id: string } } }>(page, createType, {
      name: probe,
    });
    const typeId = created.createEmploymentType.employmentType.id;
    await graphqlInPage(page, renameType, { id: typeId, name: `${probe} v2` });
    const token = await graphqlInPage<{ createApiToken: { created: { token: { id: string } } } }>(
      page,
      `mutation ($name: String!) { createApiToken(input: { name: $name, scopes: ["audit:read"], expiresInDays: 1 }) {
        ... on MutationCreateApiTokenSuccess { created { token { id } } } } }`,
      { name: tokenName },
    );
    await graphqlInPage(page, `mutation ($id: ID!) { revokeApiToken(input: { id: $id }) { __typename } }`, {
      id: token.createApiToken.created.token.id,
    });

    await page.goto('/audit');
    await page.getByRole('heading', { level: 1, name: en.nav.audit }).waitFor();
    const table = page.getByRole('table', { name: en.nav.audit });
    const row = (action: string, target: string) => table.getByRole('row').filter({ hasText: action }).filter({ hasText: target });
    const renamed = row(en.audit.actions.employmentType_update, `${probe} v2`);
    await renamed.waitFor();
    await row(en.audit.actions.apiToken_revoke, tokenName).waitFor();
    await row(en.audit.actions.login, 'admin@demo.example').first().waitFor();

    // Expanding an entry shows the changed keys, before and after.
    await renamed.getByRole('button', { name: /Show details/ }).click();
    const details = page.locator('.audit-details').first();
    await details.getByRole('term').getByText('name').waitFor();
    expect(await details.locator('.audit-diff__before').textContent()).toBe(`${en.audit.details.before}: ${probe}`);
    expect(await details.locator('.audit-diff__after').textContent()).toBe(`${en.audit.details.after}: ${probe} v2`);
    await screenshot(page, 'audit-en-desktop');

    // Filter by area: only ADMINS entries remain, and the filter lives in the URL.
    await page.getByLabel(en.audit.filters.area).selectOption('ADMINS');
    await page.getByRole('button', { name: en.audit.filters.submit }).click();
    await page.waitForURL('**/audit?area=ADMINS');
    await row(en.audit.actions.apiToken_create, tokenName).waitFor();
    await page.waitForFunction(
      (label) => [...document.querySelectorAll('.audit-table .audit-area')].every((badge) => badge.textContent === label),
      en.audit.areas.ADMINS,
    );
    expect(await table.getByRole('row').filter({ hasText: en.audit.actions.employmentType_update }).count()).toBe(0);
    await page.reload();
    expect(await page.getByLabel(en.audit.filters.area).inputValue()).toBe('ADMINS');
    await row(en.audit.actions.apiToken_revoke, tokenName).waitFor();

    // The hash chain checks out.
    await page.getByRole('button', { name: en.audit.verify.button }).click();
    await page.getByText(en.audit.verify.okTitle).waitFor();

    // CSV of the current filter.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: en.audit.export.button }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await download.path();
    const csv = await readFile(path, 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\n')[0]).toBe('seq,at,actor_type,actor,area,action,target_type,target_id,target,before,after,hash');
    expect(csv).toContain('apiToken.create');
    expect(csv).not.toContain('employmentType.update');
    await page.getByText(en.audit.export.done.replace('{{file}}', download.suggestedFilename())).waitFor();
    await screenshot(page, 'audit-filtered-en-desktop');

    // A time range in the future matches nothing.
    await page.getByLabel(en.audit.filters.from).fill('2099-01-01T00:00');
    await page.getByRole('button', { name: en.audit.filters.submit }).click();
    await page.getByText(en.audit.empty).waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toMatch(/^2099-01-01T/);

    // More than a page of entries: the next page loads when the end of the list comes into view.
    for (let index = 0; index < 55; index += 1) {
      await graphqlInPage(page, renameType, { id: typeId, name: `${probe} v${index + 3}` });
    }
    await page.getByRole('button', { name: en.audit.filters.clear }).click();
    await page.waitForURL(/\/audit$/);
    await row(en.audit.actions.employmentType_update, `${probe} v57`).waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: en.audit.loadMore }).scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('.audit-table tbody tr').length > 50);

    await graphqlInPage(page, deleteType, { id: typeId });
    await page.context().close();
  });

  test('phone (ja): cards, folded filters, expandable entries and the integrity check', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await signInAsDemo(page, ja);
    await page.waitForURL('**/members');
    await page.getByRole('navigation', { name: ja.nav.label }).getByRole('link', { name: ja.nav.more }).click();
    await page.getByRole('link', { name: ja.nav.audit }).click();
    await page.getByRole('heading', { level: 1, name: ja.nav.audit }).waitFor();
    const cards = page.getByRole('list', { name: ja.nav.audit });
    await cards.getByRole('article').first().waitFor();
    // On phones the filters start folded.
    expect(await page.getByLabel(ja.audit.filters.area).isVisible()).toBe(false);
    await screenshot(page, 'audit-ja-phone', { fullPage: false });

    await page.getByRole('button', { name: ja.audit.filters.toggle, exact: true }).click();
    await page.getByLabel(ja.audit.filters.area).selectOption('AUTH');
    await page.getByRole('button', { name: ja.audit.filters.submit }).click();
    await page.waitForURL('**/audit?area=AUTH');
    const first = cards.getByRole('article').first();
    await first.getByText(ja.audit.actions.login, { exact: true }).waitFor();
    // The list may be re-rendered by its refetch right after the filter: expand until it stays open.
    const expand = first.locator('button.audit-expand');
    await expect
      .poll(async () => {
        if ((await expand.getAttribute('aria-expanded')) !== 'true') await expand.click();
        return first.getByText(ja.audit.details.hash).isVisible();
      }, { timeout: 20_000 })
      .toBe(true);
    await page.getByRole('button', { name: ja.audit.verify.button }).click();
    await page.getByText(ja.audit.verify.okTitle).waitFor();
    await screenshot(page, 'audit-filtered-ja-phone');
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
      await page.goto('/audit');
      await page.getByRole('heading', { level: 1, name: messages.nav.audit }).waitFor();
      await page.getByText(messages.audit.actions.login, { exact: true }).first().waitFor();
      await screenshot(page, `audit-${language}-${viewport}`, { fullPage: false });
      await page.context().close();
    }
  });
});
