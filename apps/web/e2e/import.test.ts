import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja, type Messages } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { fillTemplate, openPage, screenshot, useBrowser, type ViewportName } from './browser.ts';

const browser = useBrowser();


/** Two new members and, on line 4, a row whose department does not exist. */
function csvWithOneBadRow(tag: string): string {
  return [
    'login_id,family_name,given_name,family_name_en,given_name_en,department,employment_type',
    `imp.${tag}.a@demo.example,取込,一号,Torikomi,Ichigo,営業部,正社員`,
    `imp.${tag}.b@demo.example,取込,二号,Torikomi,Nigo,開発部,契約社員`,
    `imp.${tag}.c@demo.example,取込,三号,,,存在しない部,正社員`,
    '',
  ].join('\n');
}

/**
 * Deletes the members a test imported, through the API with the page's session, so the other test
 * files see the seeded data (e.g. the demo domain's member count) unchanged.
 */
async function deleteImportedMembers(page: Page, query: string): Promise<number> {
  return page.evaluate(async (search) => {
    const csrf = decodeURIComponent(document.cookie.match(/(?:^|; )wb_csrf=([^;]*)/)?.[1] ?? '');
    const call = async (body: object) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(body),
      });
      return response.json();
    };
    const found = await call({
      query: 'query($q: String) { members(first: 100, query: $q) { edges { node { id } } } }',
      variables: { q: search },
    });
    const ids: string[] = found.data.members.edges.map((edge: { node: { id: string } }) => edge.node.id);
    for (const id of ids) {
      await call({
        query: 'mutation($id: ID!) { deleteMember(input: { id: $id }) { __typename } }',
        variables: { id },
      });
    }
    return ids.length;
  }, query);
}

/** The CP932 (Shift_JIS) bytes of the Japanese characters these files use. */
const cp932: Record<string, string> = {
  い: '82a2', し: '82b5', な: '82c8', 一: '88ea', 三: '8e4f', 二: '93f1', 取: '8ee6', 号: '8d86', 員: '88f5', 営: '8963', 在: '8ddd',
  契: '8c5f', 存: '91b6', 業: '8bc6', 正: '90b3', 発: '94ad', 社: '8ed0', 約: '96f1', 込: '8d9e', 部: '9594', 開: '8a4a',
};

/** Text as Excel's Japanese "CSV (コンマ区切り)" saves it: CP932, CRLF, no BOM. */
function excelJapaneseCsv(text: string): Buffer {
  const bytes = [...text.replaceAll('\n', '\r\n')].map((char) => {
    if (char.charCodeAt(0) < 0x80) return Buffer.from(char, 'latin1');
    const hex = cp932[char];
    if (!hex) throw new Error(`no CP932 bytes for ${char}`);
    return Buffer.from(hex, 'hex');
  });
  return Buffer.concat(bytes);
}

async function openImport(page: Page, messages: Messages) {
  await signInAsDemo(page, messages);
  await page.waitForURL('**/members');
  await page.getByRole('link', { name: messages.members.list.import }).click();
  await page.getByRole('heading', { level: 1, name: messages.memberImport.title }).waitFor();
}

describe('member CSV import', () => {
  for (const [language, messages, viewport] of [
    ['ja', ja, 'desktop'],
    ['en', en, 'phone'],
  ] as const satisfies readonly (readonly ['ja' | 'en', Messages, ViewportName])[]) {
    test(`dry run, apply with progress, then search the new members (${language}, ${viewport})`, async () => {
      const page = await openPage(browser.current, viewport, language);
      await openImport(page, messages);
      await page.getByRole('heading', { name: messages.memberImport.format.title }).waitFor();
      await screenshot(page, `import-start-${language}-${viewport}`);

      // The template is generated in the browser and starts with the CSV header.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: messages.memberImport.format.template }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('members-template.csv');

      // Uploading without a file says what is missing.
      await page.getByRole('button', { name: messages.memberImport.upload.submit }).click();
      await page.getByText(messages.memberImport.upload.errors.noFile).waitFor();

      const tag = `${Date.now().toString(36)}${language}`;
      // Japanese: the file as Excel on Japanese Windows saves it (Shift_JIS); English: UTF-8.
      await page.getByLabel(messages.memberImport.upload.file, { exact: true }).setInputFiles({
        name: `members-${tag}.csv`,
        mimeType: 'text/csv',
        buffer: language === 'ja' ? excelJapaneseCsv(csvWithOneBadRow(tag)) : Buffer.from(csvWithOneBadRow(tag), 'utf8'),
      });
      await page.getByRole('button', { name: messages.memberImport.upload.submit }).click();

      // Dry run: counts, and the error row (line 4) is shown first.
      await page.getByRole('heading', { name: messages.memberImport.dryRun.title }).waitFor();
      expect(new URL(page.url()).searchParams.get('id')).toBeTruthy();
      const chips = page.getByRole('list', { name: messages.memberImport.counts.label });
      expect(await chips.locator('.members-chip--create .members-chip__value').textContent()).toBe('2');
      expect(await chips.locator('.members-chip--error .members-chip__value').textContent()).toBe('1');
      const errorsTab = page.getByRole('tab', { name: new RegExp(messages.memberImport.rows.tabs.ERROR) });
      expect(await errorsTab.getAttribute('aria-selected')).toBe('true');
      const errorRow = page.locator('.members-import-row').first();
      await errorRow.waitFor();
      expect(await errorRow.textContent()).toContain(fillTemplate(messages.memberImport.rows.line, { line: 4 }));
      expect(await errorRow.textContent()).toContain(`imp.${tag}.c@demo.example`);
      expect(await errorRow.textContent()).toContain('department');
      // The reason is in the reader's language, naming what was not found.
      expect(await errorRow.textContent()).toContain(fillTemplate(messages.memberImport.problems.unknown_department, { value: '存在しない部' }));
      await page.getByText(fillTemplate(messages.memberImport.dryRun.errorsNotApplied_one, { count: 1 })).waitFor();
      await screenshot(page, `import-dry-run-${language}-${viewport}`);

      // The "new" tab lists the rows to create.
      await page.getByRole('tab', { name: new RegExp(messages.memberImport.rows.tabs.CREATE) }).click();
      await expect.poll(() => page.locator('.members-import-row').count()).toBe(2);

      // Apply: progress follows the server until the import is done.
      await page.getByRole('button', { name: fillTemplate(messages.memberImport.dryRun.apply_other, { count: 2 }) }).click();
      await page.getByRole('heading', { name: messages.memberImport.done.title }).waitFor({ timeout: 30_000 });
      await page.getByText(fillTemplate(messages.memberImport.done.summary_other, { count: 2 })).waitFor();
      await screenshot(page, `import-done-${language}-${viewport}`);

      // A reload shows the finished import again (state comes from the server, not the page).
      await page.reload();
      await page.getByRole('heading', { name: messages.memberImport.done.title }).waitFor();

      // The new members are searchable.
      await page.getByRole('link', { name: messages.memberImport.done.toMembers }).click();
      await page.getByRole('heading', { level: 1, name: messages.nav.members }).waitFor();
      await page.getByRole('searchbox', { name: messages.members.list.searchLabel }).fill(`imp.${tag}`);
      const rows = page.locator('.members-card, .members-table__row');
      await expect.poll(() => rows.count()).toBe(2);
      const texts = (await rows.allTextContents()).join('\n');
      expect(texts).toContain('取込 一号');
      expect(texts).toContain('Ichigo Torikomi');
      expect(texts).not.toContain(`imp.${tag}.c@demo.example`);

      // The import is listed among recent imports as applied.
      await page.goto('/members/import');
      const recent = page.getByRole('region', { name: messages.memberImport.recent.title });
      await recent.getByText(`members-${tag}.csv`).waitFor();
      expect(await deleteImportedMembers(page, `imp.${tag}`)).toBe(2);
      await page.context().close();
    });
  }

  test('a file that is not a member CSV is refused with the reason', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await openImport(page, en);
    await page.getByLabel(en.memberImport.upload.file, { exact: true }).setInputFiles({
      name: 'wrong.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,phone\nTaro,123\n', 'utf8'),
    });
    await page.getByRole('button', { name: en.memberImport.upload.submit }).click();
    await page.getByText(en.memberImport.upload.errors.invalidFile).waitFor();
    await page.getByText(fillTemplate(en.memberImport.upload.fileErrors.unknown_columns, { value: 'name, phone' })).waitFor();
    expect(new URL(page.url()).searchParams.has('id')).toBe(false);
    await page.context().close();
  });

  test('cancelling a dry run changes nothing', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await openImport(page, ja);
    const tag = `${Date.now().toString(36)}x`;
    await page.getByLabel(ja.memberImport.upload.file, { exact: true }).setInputFiles({
      name: `cancel-${tag}.csv`,
      mimeType: 'text/csv',
      buffer: Buffer.from(`login_id,family_name\ncancel.${tag}@demo.example,取消\n`, 'utf8'),
    });
    await page.getByRole('button', { name: ja.memberImport.upload.submit }).click();
    await page.getByRole('heading', { name: ja.memberImport.dryRun.title }).waitFor();
    await page.getByRole('button', { name: ja.memberImport.dryRun.cancel }).click();
    await page.getByText(ja.memberImport.cancelled).waitFor();
    await page.goto(`/members?q=cancel.${tag}`);
    await page.getByText(ja.members.list.noResults).waitFor();
    await page.context().close();
  });
});
