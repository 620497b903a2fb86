import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja, type Messages } from '../src/i18n/ja.ts';
import { signIn, signInAsDemo } from './auth.ts';
import { fillTemplate, graphqlInPage, openPage, screenshot, useBrowser, type ViewportName } from './browser.ts';

const browser = useBrowser();

const languages = [
  ['ja', ja],
  ['en', en],
] as const;

/** Other test files add members too, so tests look for their own data rather than exact totals. */
const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

/** Member rows as shown: cards on phones, table rows on desktops. */
function memberRows(page: Page) {
  return page.locator('.members-card, .members-table__row');
}

async function openMembers(page: Page, messages: Messages, path = '/members') {
  await signInAsDemo(page, messages);
  await page.waitForURL('**/members');
  if (path !== '/members') await page.goto(path);
  await page.getByRole('heading', { level: 1, name: messages.nav.members }).waitFor();
  await memberRows(page).first().waitFor();
}


/** Opens the filter panel on phones (it is always open on wider screens). */
async function showFilters(page: Page, messages: Messages) {
  const toggle = page.getByRole('button', { name: messages.members.filters.toggle });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
}

describe('member list', () => {
  for (const [language, messages] of languages) {
    for (const viewport of ['phone', 'desktop'] as const satisfies ViewportName[]) {
      test(`searches and filters in ${language} at ${viewport} size`, async () => {
        const page = await openPage(browser.current, viewport, language);
        await openMembers(page, messages);
        // Cards on phones, a table on desktops.
        expect(await page.locator(viewport === 'phone' ? '.members-cards' : '.members-table').isVisible()).toBe(true);
        expect(await page.getByRole('link', { name: messages.members.list.create }).isVisible()).toBe(true);
        await screenshot(page, `members-list-${language}-${viewport}`);

        const search = page.getByRole('searchbox', { name: messages.members.list.searchLabel });
        await search.fill('suzuki');
        await page.waitForURL(/[?&]q=suzuki/);
        await expect.poll(() => memberRows(page).count()).toBe(1);
        expect(await memberRows(page).first().textContent()).toContain('suzuki.hanako@demo.example');
        expect(await page.locator('.members-list__count').textContent()).toBe(
          messages.members.list.count_one.replace(/\{\{count[^}]*\}\}/, '1'),
        );

        // Nothing matches: an explicit empty state with a way back.
        await search.fill('zzz-nobody');
        await page.getByText(messages.members.list.noResults).waitFor();
        await page.getByRole('button', { name: messages.members.list.clearAll }).click();
        await page.waitForURL((url) => !url.searchParams.has('q'));
        expect(await search.inputValue()).toBe('');

        // The status filter is kept in the URL; only suspended members are left.
        await showFilters(page, messages);
        await page.getByLabel(messages.members.fields.status, { exact: true }).selectOption('SUSPENDED');
        await page.waitForURL(/[?&]status=SUSPENDED/);
        await expect.poll(() => page.locator('.members-status--active').count()).toBe(0);
        const suspended = await memberRows(page).allTextContents();
        expect(suspended.some((text) => text.includes('hashimoto.akari@demo.example'))).toBe(true);
        await screenshot(page, `members-filtered-${language}-${viewport}`);

        // Department filter: every row shown is in that department.
        await page.getByLabel(messages.members.fields.status, { exact: true }).selectOption('');
        await page.getByLabel(messages.members.fields.orgUnit, { exact: true }).selectOption({ label: '開発部' });
        await page.waitForURL(/[?&]orgUnitId=/);
        await expect.poll(async () => (await memberRows(page).allTextContents()).every((text) => text.includes('開発部'))).toBe(true);
        expect(await memberRows(page).count()).toBeGreaterThan(0);

        // A reload keeps the filter.
        await page.reload();
        await memberRows(page).first().waitFor();
        expect(await page.getByLabel(messages.members.fields.orgUnit, { exact: true }).inputValue()).not.toBe('');
        await page.context().close();
      });
    }
  }

  test('loads the next page when scrolled to the end', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await openMembers(page, en);
    const total = Number((await page.locator('.members-list__count').textContent())?.replace(/\D/g, ''));
    expect(total).toBeGreaterThan(20);
    expect(await memberRows(page).count()).toBe(20);
    await page.locator('.members-list__sentinel').scrollIntoViewIfNeeded();
    await expect.poll(() => memberRows(page).count()).toBeGreaterThan(20);
    await page.context().close();
  });
});

describe('member readings (フリガナ) and the list order', () => {
  test('phone (ja): the list is in 50-音 order of readings; a reading in kanji is refused in Japanese; half-width kana are saved full-width and found in hiragana', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await openMembers(page, ja);
    // アベ, イケダ, イトウ: the demo members' readings, each shown under the name.
    await expect.poll(async () => (await memberRows(page).allTextContents()).slice(0, 3).map((text) => text.slice(0, 12))).toEqual([
      expect.stringContaining('阿部 紬アベ ツムギ'),
      expect.stringContaining('池田 樹イケダ イツキ'),
      expect.stringContaining('伊藤 大輝イトウ'),
    ]);
    await showFilters(page, ja);
    const order = page.getByLabel(ja.members.list.order.label, { exact: true });
    expect(await order.inputValue()).toBe('READING');
    await order.selectOption({ label: ja.members.list.order.LOGIN_ID });
    await page.waitForURL(/[?&]order=LOGIN_ID/);
    await expect.poll(async () => (await memberRows(page).nth(1).textContent()) ?? '').toContain('hashimoto.akari@demo.example');
    await screenshot(page, 'members-order-ja-phone', { fullPage: false });

    await page.goto('/members/new');
    await page.getByRole('heading', { level: 1, name: ja.members.form.createTitle }).waitFor();
    const local = `kana.${unique()}`;
    await page.getByLabel(ja.members.fields.loginId, { exact: true }).fill(local);
    await page.getByLabel(ja.members.fields.familyName, { exact: true }).fill('阿阿');
    await page.getByLabel(ja.members.fields.givenName, { exact: true }).fill('次郎');
    const reading = page.getByLabel(ja.members.fields.familyNameReading, { exact: true });
    await reading.fill('阿阿');
    await page.getByRole('button', { name: ja.members.form.create }).click();
    await page.getByText(ja.errors.fieldCodes.reading_kana).waitFor();
    expect(await reading.getAttribute('aria-invalid')).toBe('true');
    await reading.fill('ｱｱ');
    await page.getByLabel(ja.members.fields.givenNameReading, { exact: true }).fill('じろう');
    await page.getByRole('button', { name: ja.members.form.create }).click();
    await page.getByRole('heading', { level: 1, name: '阿阿 次郎' }).waitFor();
    await page.locator('.members-facts').getByText('アア じろう', { exact: true }).waitFor();

    // アア comes before アベ; a search in hiragana finds the katakana reading.
    await page.goto('/members');
    await expect.poll(async () => (await memberRows(page).first().textContent()) ?? '').toContain(`${local}@demo.example`);
    await page.getByRole('searchbox', { name: ja.members.list.searchLabel }).fill('ああ');
    await page.waitForURL(/[?&]q=/);
    await expect.poll(async () => (await memberRows(page).allTextContents()).map((text) => text.includes(local))).toEqual([true]);
    const id = new URL((await memberRows(page).first().getAttribute('href')) ?? '', page.url()).pathname.split('/').pop();
    await graphqlInPage(page, 'mutation($input: MutationDeleteMemberInput!) { deleteMember(input: $input) { __typename } }', { input: { id } });
    await page.context().close();
  });

  test('desktop (en): the list is in English name order, the reading is on the member’s page', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await openMembers(page, en);
    await expect.poll(async () => (await memberRows(page).allTextContents()).slice(0, 3)).toEqual([
      expect.stringContaining('Tsumugi Abe'),
      expect.stringContaining('Akari Hashimoto'),
      expect.stringContaining('Hina Hayashi'),
    ]);
    expect(await page.getByLabel(en.members.list.order.label, { exact: true }).inputValue()).toBe('NAME');
    await memberRows(page).first().getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: '阿部 紬' }).waitFor();
    await page.locator('.members-facts').getByText('アベ ツムギ', { exact: true }).waitFor();
    await page.context().close();
  });
});

describe('member detail', () => {
  test('suspends and resumes a member (phone, en)', async () => {
    const page = await openPage(browser.current, 'phone', 'en');
    await openMembers(page, en, '/members?q=tanaka.yui');
    await page.locator('.members-card').first().click();
    await page.getByRole('heading', { level: 1, name: '田中 結衣' }).waitFor();
    await page.getByText('Yui Tanaka').first().waitFor();
    await screenshot(page, 'member-detail-en-phone');

    // The new page's heading has the focus (a screen reader announces it), not the card pressed.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('田中 結衣');

    // Suspending locks the member out: it is asked first, and cancelling changes nothing.
    await page.getByRole('button', { name: en.members.detail.suspend }).click();
    const confirm = page.getByRole('dialog', { name: en.members.suspendConfirm.title });
    await confirm.getByText(fillTemplate(en.members.suspendConfirm.body, { name: '田中 結衣', loginId: 'tanaka.yui@demo.example' })).waitFor();
    await screenshot(page, 'member-suspend-confirm-en-phone', { fullPage: false });
    await confirm.getByRole('button', { name: en.common.cancel }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await page.locator('.members-profile .members-status').textContent()).toBe(en.members.status.ACTIVE);
    await page.getByRole('button', { name: en.members.detail.suspend }).click();
    await confirm.getByRole('button', { name: en.members.suspendConfirm.confirm }).click();
    await page.getByText(en.members.detail.suspended).waitFor();
    expect(await page.locator('.members-profile .members-status').textContent()).toBe(en.members.status.SUSPENDED);
    await page.getByRole('button', { name: en.members.detail.resume }).click();
    await page.getByText(en.members.detail.resumed).waitFor();
    expect(await page.locator('.members-profile .members-status').textContent()).toBe(en.members.status.ACTIVE);

    // Back in the list, the member is shown as active.
    await page.getByRole('link', { name: en.members.backToList }).click();
    await page.getByRole('heading', { level: 1, name: en.nav.members }).waitFor();
    await page.context().close();
  });

  test('unknown and malformed ids read as not found', async () => {
    const page = await openPage(browser.current, 'desktop', 'ja');
    await openMembers(page, ja);
    for (const id of ['not-an-id', btoa('Member:00000000-0000-0000-0000-000000000000')]) {
      await page.goto(`/members/${encodeURIComponent(id)}`);
      await page.getByRole('heading', { level: 1, name: ja.members.notFound.title }).waitFor();
    }
    await screenshot(page, 'member-not-found-ja-desktop');
    await page.context().close();
  });
});

describe('member form', () => {
  test('shows the server field error, then creates, edits and deletes a member (desktop, ja)', async () => {
    const page = await openPage(browser.current, 'desktop', 'ja');
    await openMembers(page, ja);
    await page.getByRole('link', { name: ja.members.list.create }).click();
    await page.getByRole('heading', { level: 1, name: ja.members.form.createTitle }).waitFor();
    // The domain part of the login id follows the selected domain.
    await page.getByText('@demo.example', { exact: true }).waitFor();

    const loginId = page.getByLabel(ja.members.fields.loginId, { exact: true });
    await loginId.fill('x');
    await page.getByLabel(ja.members.fields.familyName, { exact: true }).fill('試験');
    await page.getByLabel(ja.members.fields.givenName, { exact: true }).fill('一郎');
    await page.getByLabel(ja.members.fields.familyNameEn, { exact: true }).fill('Shiken');
    await page.getByLabel(ja.members.fields.givenNameEn, { exact: true }).fill('Ichiro');
    await page.getByLabel(ja.members.fields.orgUnit, { exact: true }).selectOption({ label: '総務部' });
    await page.getByLabel(ja.members.fields.employmentType, { exact: true }).selectOption({ label: '契約社員' });
    await page.getByRole('button', { name: ja.members.form.create }).click();
    await page.getByText(ja.members.form.loginIdTooShort).waitFor();
    expect(await loginId.getAttribute('aria-invalid')).toBe('true');
    // The focus goes to the field to fix.
    expect(await loginId.evaluate((element) => element === document.activeElement)).toBe(true);
    // The focus moved down to the first invalid field; the picture starts at the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'member-form-error-ja-desktop');

    // A login id that is taken is reported on the field too.
    await loginId.fill('sato.taro');
    await page.getByRole('button', { name: ja.members.form.create }).click();
    await page.getByText(ja.members.form.loginIdTaken).waitFor();

    const local = `e2e.${unique()}`;
    await loginId.fill(local);
    await page.getByRole('button', { name: ja.members.form.create }).click();
    await page.getByRole('heading', { level: 1, name: '試験 一郎' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/members\/[^/]+$/);
    await page.getByText(`${local}@demo.example`).first().waitFor();
    await page.getByText('Ichiro Shiken').first().waitFor();
    await page.getByText('総務部').first().waitFor();

    // Edit: clear the English name and change the nickname.
    await page.getByRole('link', { name: ja.members.detail.edit }).click();
    await page.getByRole('heading', { level: 1, name: ja.members.form.editTitle }).waitFor();
    await page.getByLabel(ja.members.fields.familyNameEn, { exact: true }).fill('');
    await page.getByLabel(ja.members.fields.givenNameEn, { exact: true }).fill('');
    await page.getByLabel(ja.members.fields.nickname, { exact: true }).fill('いっちー');
    await page.getByRole('button', { name: ja.members.form.save }).click();
    await page.getByRole('heading', { level: 1, name: '試験 一郎' }).waitFor();
    await page.getByText('いっちー').first().waitFor();
    expect(await page.getByText('Ichiro Shiken').count()).toBe(0);

    // The new member is searchable.
    await page.getByRole('link', { name: ja.members.backToList }).click();
    await page.getByRole('searchbox', { name: ja.members.list.searchLabel }).fill(local);
    await expect.poll(() => memberRows(page).count()).toBe(1);

    // Delete with a confirmation.
    await memberRows(page).first().getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: '試験 一郎' }).waitFor();
    await page.getByRole('button', { name: ja.members.detail.delete }).click();
    const dialog = page.getByRole('dialog', { name: ja.members.delete.title });
    await dialog.waitFor();
    await screenshot(page, 'member-delete-ja-desktop');
    await dialog.getByRole('button', { name: ja.members.delete.confirm }).click();
    await page.waitForURL((url) => url.pathname === '/members');
    await page.getByRole('searchbox', { name: ja.members.list.searchLabel }).fill(local);
    await page.getByText(ja.members.list.noResults).waitFor();
    await page.context().close();
  });

  for (const [language, messages] of languages) {
    test(`the form fits a phone (${language})`, async () => {
      const page = await openPage(browser.current, 'phone', language);
      await openMembers(page, messages);
      await page.getByRole('link', { name: messages.members.list.create }).click();
      await page.getByRole('heading', { level: 1, name: messages.members.form.createTitle }).waitFor();
      await page.getByRole('button', { name: messages.members.form.create }).click();
      await page.getByText(messages.errors.fieldCodes.required).first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `member-form-${language}-phone`);
      await page.context().close();
    });
  }
});

describe('view-only admin', () => {
  test('sees members but no edit controls (phone, ja)', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await signIn(page, ja, 'viewer@demo.example', 'demo-password-2');
    await page.goto('/members');
    await page.getByRole('heading', { level: 1, name: ja.nav.members }).waitFor();
    await memberRows(page).first().waitFor();
    expect(await page.getByRole('link', { name: ja.members.list.create }).count()).toBe(0);
    expect(await page.getByRole('link', { name: ja.members.list.import }).count()).toBe(0);
    await screenshot(page, 'members-viewer-ja-phone');

    await memberRows(page).first().click();
    await page.locator('.members-facts').waitFor();
    for (const name of [ja.members.detail.suspend, ja.members.detail.resume, ja.members.detail.delete]) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    expect(await page.getByRole('link', { name: ja.members.detail.edit }).count()).toBe(0);

    await page.goto('/members/new');
    await page.getByText(ja.members.viewOnly).waitFor();
    expect(await page.getByRole('button', { name: ja.members.form.create }).count()).toBe(0);
    await page.context().close();
  });
});
