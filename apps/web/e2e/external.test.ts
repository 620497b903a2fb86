import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { fillTemplate, graphqlInPage, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();

async function openExternal(page: Page, messages: typeof ja) {
  await signInAsDemo(page, messages);
  await page.waitForURL('**/members');
  await page.getByRole('link', { name: messages.nav.external }).first().click();
  await page.getByRole('heading', { level: 1, name: messages.external.title }).waitFor();
}

describe('external messaging settings', () => {
  test('phone (ja): restrict files, edit the greeting with a live preview, turn a section off with the impact and the domain name, and on again', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await openExternal(page, ja);
    const line = page.getByRole('article', { name: ja.external.sections.LINE });
    const works = page.getByRole('article', { name: ja.external.sections.WORKS });
    await line.getByText(ja.external.on, { exact: true }).waitFor();
    await screenshot(page, 'external-settings-ja-phone');

    // File restriction switches at once.
    const restrict = line.getByRole('switch', { name: ja.external.restrictFiles });
    expect(await restrict.getAttribute('aria-checked')).toBe('false');
    await restrict.click();
    await line.getByRole('switch', { name: ja.external.restrictFiles, checked: true }).waitFor();

    // The greeting: typing shows in the preview and the count; saving keeps it.
    const greeting = line.getByLabel(ja.external.greetingJa, { exact: true });
    await greeting.fill('こんにちは！\nデモ株式会社の窓口です。');
    await line.locator('.external-bubble').getByText('デモ株式会社の窓口です。', { exact: false }).waitFor();
    await line.getByText(fillTemplate(ja.external.greetingCount, { count: 19, max: 500 })).waitFor();
    await line.getByRole('button', { name: ja.external.greetingSave }).click();
    await line.getByRole('status').getByText(ja.external.greetingSaved).waitFor();
    // Over the limit: the count turns into an error and the server refuses it.
    await greeting.fill('あ'.repeat(501));
    await line.getByText(fillTemplate(ja.external.greetingCount, { count: 501, max: 500 })).waitFor();
    await line.getByRole('button', { name: ja.external.greetingSave }).click();
    await line.getByRole('alert').waitFor();
    await screenshot(page, 'external-greeting-error-ja-phone');
    await greeting.fill('こんにちは！\nデモ株式会社の窓口です。');

    // Turning the other-companies section off: impact first, then the domain name.
    await works.getByRole('switch', { name: ja.external.useStatus }).click();
    const dialog = page.getByRole('dialog', { name: fillTemplate(ja.external.off_dialog.title, { section: ja.external.sections.WORKS }) });
    await dialog.getByText(fillTemplate(ja.external.off_dialog.connected_other, { count: 3 })).waitFor();
    await screenshot(page, 'external-off-dialog-ja-phone', { fullPage: false });
    await dialog.getByLabel(fillTemplate(ja.external.off_dialog.confirmLabel, { domain: 'demo.example' })).fill('demo');
    await dialog.getByRole('button', { name: ja.external.off_dialog.confirm }).click();
    await dialog.getByRole('alert').getByText(ja.external.off_dialog.mismatch).waitFor();
    await dialog.getByLabel(fillTemplate(ja.external.off_dialog.confirmLabel, { domain: 'demo.example' })).fill('demo.example');
    await dialog.getByRole('button', { name: ja.external.off_dialog.confirm }).click();
    await dialog.waitFor({ state: 'hidden' });
    await works.getByText(ja.external.off, { exact: true }).waitFor();
    await works.getByRole('switch', { name: ja.external.useStatus }).click();
    await works.getByText(ja.external.on, { exact: true }).waitFor();
    await page.context().close();
  });
});

describe('connected members', () => {
  test('desktop (en): counts and filters, fix unusable talk ids, retry, add several members and remove one', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await openExternal(page, en);
    await page.getByRole('link', { name: fillTemplate(en.external.connectedCount_other, { count: 13 }) }).click();
    await page.getByRole('heading', { level: 1, name: en.external.members.title }).waitFor();
    await page.getByText(fillTemplate(en.external.members.failedNotice_other, { count: 2 })).waitFor();
    await screenshot(page, 'external-members-en-desktop');

    // Failed ones show why; the bulk fix gives them usable ids and provisioning makes them available.
    await page.locator('.external-filter--failed').click();
    await page.getByText(en.external.members.reasons.INVALID_CHARACTERS).first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.external-link').length === 2);
    await page.getByRole('button', { name: en.external.members.applySuggestions }).click();
    await page.getByText(en.external.members.noResults).waitFor();
    await page.locator('.external-filter').first().click();
    // The server's job worker provisions them; the list follows by itself.
    await page.locator('.external-link').nth(12).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.external-status--pending, .external-status--failed').length === 0);

    // The member whose adds kept failing: retry by hand.
    await page.locator('.external-filter--retry').click();
    const retrying = page.locator('.external-link--retry');
    await retrying.getByText(en.external.members.reasons.manual, { exact: false }).waitFor();
    await retrying.getByRole('button', { name: en.external.members.retry }).click();
    await page.getByText(en.external.members.noResults).waitFor();
    await page.locator('.external-filter').first().click();

    // Search by talk id.
    await page.getByRole('searchbox', { name: en.external.members.searchLabel }).fill('abe_');
    await page.locator('.external-link').filter({ hasText: 'abe_tsumugi' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.external-link').length === 1);
    await page.getByRole('searchbox', { name: en.external.members.searchLabel }).fill('');

    // Add two members at once in the other-companies tab.
    await page.getByRole('link', { name: en.external.sectionsShort.WORKS }).click();
    await page.getByRole('button', { name: en.external.members.add }).click();
    const add = page.getByRole('dialog', { name: new RegExp(en.external.members.addTitle) });
    await add.locator('.external-add__item').first().waitFor();
    const free = add.locator('.external-add__item:not(.external-add__item--connected)');
    await free.nth(0).locator('input').check();
    await free.nth(1).locator('input').check();
    await screenshot(page, 'external-add-en-desktop', { fullPage: false });
    await add.getByRole('button', { name: fillTemplate(en.external.members.addChosen_other, { count: 2 }) }).click();
    await page.getByRole('status').getByText(fillTemplate(en.external.members.added, { added: 2, already: 0 })).waitFor();
    await page.locator('.external-link').nth(4).waitFor();

    // Remove one: its link authority goes.
    const firstRow = page.locator('.external-link').first();
    const name = (await firstRow.locator('.external-link__name').textContent())?.split(' ').slice(0, 2).join(' ') ?? '';
    await firstRow.locator('input[type="checkbox"]').check();
    await page.getByRole('button', { name: en.external.members.remove }).click();
    const confirm = page.getByRole('dialog', { name: fillTemplate(en.external.members.removeTitle_one, { count: 1 }) });
    await confirm.getByText(name, { exact: false }).waitFor();
    await confirm.getByRole('button', { name: en.external.members.remove }).click();
    await page.getByRole('status').getByText(fillTemplate(en.external.members.removed_one, { count: 1 })).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.external-link').length === 4);
    await screenshot(page, 'external-members-works-en-desktop');
    await page.context().close();
  });

  test('phone (en): the tabs wrap instead of scrolling sideways; row checkboxes and the way back are 44 px targets', async () => {
    const page = await openPage(browser.current, 'phone', 'en');
    await signInAsDemo(page, en);
    await page.goto('/external/members?kind=WORKS');
    await page.getByRole('heading', { level: 1, name: en.external.members.title }).waitFor();
    await page.locator('.external-link').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    const tabs = page.getByRole('navigation', { name: en.external.members.tabsLabel }).getByRole('link');
    for (const box of await Promise.all((await tabs.all()).map((tab) => tab.boundingBox()))) {
      expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(375);
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    }
    const check = await page.locator('.external-link__check').first().boundingBox();
    expect(check).toMatchObject({ width: 44, height: 44 });
    expect((await page.getByRole('link', { name: en.external.title, exact: true }).first().boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'external-members-works-en-phone', { fullPage: false });
    await page.context().close();
  });

  test('phone (ja): the list fits a phone and the status filter works', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await signInAsDemo(page, ja);
    await page.waitForURL('**/members');
    await page.goto('/external/members?kind=LINE');
    await page.getByRole('heading', { level: 1, name: ja.external.members.title }).waitFor();
    await page.locator('.external-link').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'external-members-ja-phone');
    await page.context().close();
  });

  test('desktop (ja): the conversations of external rooms are searchable in the audit log by their words', async () => {
    const page = await openPage(browser.current, 'desktop', 'ja');
    await signInAsDemo(page, ja);
    await page.waitForURL('**/members');
    // An integrator records a LINE user adding a member and writing to them (the GraphQL API, from
    // this signed-in page: the session cookie and the CSRF header, as the SPA sends them).
    const words = `audit-search-${Date.now().toString(36)}`;
    // biome-ignore lint/suspicious/noExplicitAny: test data read field by field
    const gql = (query: string, variables: Record<string, unknown> = {}) => graphqlInPage<any>(page, query, variables);
    const domains = await gql('{ externalDomains { id } }');
    const added = await gql(
      `mutation($input: MutationRecordExternalFriendAddInput!) { recordExternalFriendAdd(input: $input) {
        ... on MutationRecordExternalFriendAddSuccess { result { room { id memberLoginId contact { displayName } } } } } }`,
      { input: { domainId: domains.externalDomains[0].id, kind: 'LINE', talkId: 'abe_tsumugi', externalId: `U-${words}`, displayName: '監査 花子' } },
    );
    const room = added.recordExternalFriendAdd.result.room;
    await gql(`mutation($input: MutationPostExternalMessageInput!) { postExternalMessage(input: $input) { __typename } }`, {
      input: { roomId: room.id, sender: 'EXTERNAL', type: 'TEXT', text: `見積もりの件です ${words}` },
    });
    const roomLabel = `${room.memberLoginId} ↔ ${room.contact.displayName}`;

    await page.goto('/audit?area=EXTERNAL');
    await page.getByRole('heading', { level: 1, name: ja.nav.audit }).waitFor();
    await page.getByLabel(ja.audit.filters.text, { exact: true }).fill(words);
    await page.getByRole('button', { name: ja.audit.filters.submit }).click();
    await page.waitForURL(new RegExp(`text=${words}`));
    // The unfiltered list (which holds the room too) stays until the search's answer replaces it.
    await expect.poll(() => page.locator('.audit-table__target').allTextContents()).toEqual([roomLabel]);
    await screenshot(page, 'audit-external-text-ja-desktop');
    await page.context().close();
  });
});
