import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja, type Messages } from '../src/i18n/ja.ts';
import { currentMonth, dayLabel, localInputValue, today } from '../src/routes/_authed/-components/attendance/time.ts';
import { signIn, signInAsDemo } from './auth.ts';
import { fillTemplate, graphqlInPage, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();

const call = (page: Page, query: string, variables: Record<string, unknown> = {}) => graphqlInPage<any>(page, query, variables);

/** The demo tenant's time zone (apps/api/src/services/demo.ts). */
const ZONE = 'Asia/Tokyo';
/** A member only this file stamps with, so the talk test's demo member (sato.taro) keeps a clean day. */
const STAMPER = { loginId: 'kobayashi.ren@demo.example', name: '小林 蓮', password: 'attendance-e2e-2026' };

function daysInMonth(month: string): number {
  const [year = 1970, number = 1] = month.split('-').map(Number);
  return new Date(Date.UTC(year, number, 0)).getUTCDate();
}

async function signInAdmin(page: Page, messages: Messages) {
  await signInAsDemo(page, messages);
  await page.waitForURL('**/members');
}

async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width) found.push(`page ${document.documentElement.scrollWidth} > ${width}`);
    for (const element of document.querySelectorAll<HTMLElement>('main *')) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 1) found.push(`${element.tagName}.${element.className} ends at ${box.right}`);
    }
    return found.slice(0, 5);
  });
  expect(overflow).toEqual([]);
}

/** Phones reach Attendance through More (the bottom bar is full); desktops through the sidebar. */
async function openAttendance(page: Page, messages: Messages, phone: boolean) {
  const nav = page.getByRole('navigation', { name: messages.nav.label });
  if (phone) {
    await nav.getByRole('link', { name: messages.nav.more }).click();
    await page.waitForURL('**/more');
    await page.getByRole('link', { name: messages.nav.attendance }).click();
  } else {
    await nav.getByRole('link', { name: messages.nav.attendance }).click();
  }
  await page.waitForURL('**/attendance');
  await page.getByRole('heading', { level: 1, name: messages.attendance.title }).waitFor();
}

async function openTab(page: Page, messages: Messages, tab: 'employees' | 'wording' | 'timesheets') {
  await page.getByRole('navigation', { name: messages.attendance.tabs.label }).getByRole('link', { name: messages.attendance.tabs[tab] }).click();
  await page.waitForURL(`**/attendance/${tab}**`);
  await page.getByRole('heading', { level: 1, name: messages.attendance.tabs[tab] }).waitFor();
}

async function employeeId(page: Page, loginId: string): Promise<string> {
  const found = await call(page, 'query($q: String) { attendanceEmployees(query: $q, first: 5) { employees { id loginId } } }', { q: loginId });
  const employee = found.attendanceEmployees.employees.find((row: { loginId: string }) => row.loginId === loginId);
  if (!employee) throw new Error(`no employee ${loginId}`);
  return employee.id;
}

async function setAccount(page: Page, loginId: string, accountId: string | null) {
  const result = await call(page, 'mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename } }', {
    input: { memberId: await employeeId(page, loginId), accountId },
  });
  expect(result.setAttendanceAccount.__typename).toBe('MutationSetAttendanceAccountSuccess');
}

describe('attendance admin', () => {
  test('phone (ja): the overview shows the demo linkage; external credentials are checked field by field; turning off and on again', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    try {
      await signInAdmin(page, ja);
      await openAttendance(page, ja, true);
      const status = page.getByRole('region', { name: ja.attendance.overview.statusTitle });
      await status.getByText(ja.attendance.overview.enabled, { exact: true }).waitFor();
      await status.getByText(ja.attendance.overview.modes.PLATFORM).waitFor();
      await status.getByText(/勤怠ボット \(Attendance\) \(\d+\)/).waitFor();
      await page.getByRole('link', { name: new RegExp(ja.attendance.overview.links.timesheetsDescription) }).waitFor();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'attendance-overview-ja-phone');

      // Changing to external LINE WORKS: the terms were accepted, so the connection step opens; the
      // API checks every credential before it tries LINE WORKS, and says what is missing where.
      await status.getByRole('button', { name: ja.attendance.overview.change }).click();
      const setup = page.getByRole('region', { name: ja.attendance.setup.changeTitle });
      await setup.getByText(ja.attendance.setup.modes.EXTERNAL, { exact: true }).click();
      expect(await setup.getByLabel(ja.attendance.setup.authBaseUrl).inputValue()).toBe('https://auth.worksmobile.com');
      expect(await setup.getByLabel(ja.attendance.setup.apiBaseUrl).inputValue()).toBe('https://www.worksapis.com');
      await setup.getByLabel(ja.attendance.setup.externalBotId).fill('not-a-number');
      await setup.getByRole('button', { name: ja.attendance.setup.submitChange }).click();
      await setup.locator('.field__error').first().waitFor();
      for (const label of [ja.attendance.setup.clientId, ja.attendance.setup.clientSecret, ja.attendance.setup.privateKey, ja.attendance.setup.externalBotId]) {
        expect(await setup.getByLabel(label, { exact: true }).getAttribute('aria-invalid')).toBe('true');
      }
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'attendance-setup-external-ja-phone');
      await setup.getByRole('button', { name: ja.attendance.setup.cancel }).click();

      // Off (after a confirmation), then on again with the same bot.
      await status.getByRole('button', { name: ja.attendance.overview.turnOff }).click();
      const dialog = page.getByRole('dialog', { name: ja.attendance.overview.turnOffTitle });
      await dialog.getByRole('button', { name: ja.attendance.overview.turnOffConfirm }).click();
      await page.getByText(ja.attendance.overview.turnedOff).waitFor();
      await page.getByText(ja.attendance.overview.offNotice).waitFor();
      const again = page.getByRole('region', { name: ja.attendance.setup.title });
      await again.getByText(/勤怠ボット \(Attendance\)/).first().waitFor({ state: 'attached' });
      await screenshot(page, 'attendance-setup-ja-phone');
      await again.getByRole('button', { name: ja.attendance.setup.submit }).click();
      await page.getByText(ja.attendance.setup.saved).waitFor();
      await page.getByRole('region', { name: ja.attendance.overview.statusTitle }).getByText(ja.attendance.overview.enabled, { exact: true }).waitFor();
    } finally {
      // Other tests need the demo linkage on.
      const state = await call(page, '{ attendanceLinkage { enabled botId } }').catch(() => null);
      if (state?.attendanceLinkage && !state.attendanceLinkage.enabled) {
        await call(page, 'mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename } }', {
          input: { acceptTerms: true, mode: 'PLATFORM', botId: state.attendanceLinkage.botId },
        });
      }
      await page.context().close();
    }
  });

  test('desktop (en): an administrator without attendance authority sees why', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    try {
      await signIn(page, en, 'viewer@demo.example', 'demo-password-2');
      // The menu does not offer attendance; its address says why it is locked.
      expect(await page.getByRole('navigation', { name: en.nav.label }).getByRole('link', { name: en.nav.attendance }).count()).toBe(0);
      await page.goto('/attendance');
      await page.getByText(en.common.noAuthority).waitFor();
      await page.getByText(en.attendance.noAuthority).waitFor();
    } finally {
      await page.context().close();
    }
  });

  test('desktop (en): employees by department, account ids edited in place and by CSV, and the first message with a failure explained', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    try {
      await signInAdmin(page, en);
      await openAttendance(page, en, false);
      await openTab(page, en, 'employees');

      // Development (開発部) only: Watanabe is listed, Sato (sales) is not.
      await page.getByLabel(en.attendance.employees.department, { exact: true }).selectOption({ label: '開発部' });
      const watanabe = page.getByLabel(fillTemplate(en.attendance.employees.accountIdFor, { name: '渡辺 美緒' }));
      await watanabe.waitFor();
      await page.getByLabel(fillTemplate(en.attendance.employees.accountIdFor, { name: '佐藤 太郎' })).waitFor({ state: 'detached' });
      await page.getByText(/^\d+ of \d+ linked$/).waitFor();

      // An account id another employee uses is refused under the field; a new one is saved on Enter.
      await watanabe.fill('suzuki.hanako@demo.example');
      await watanabe.press('Enter');
      await page.getByText(en.attendance.employees.duplicate).waitFor();
      await watanabe.fill('nobody.here@demo.example');
      await watanabe.press('Enter');
      await page.getByText(en.attendance.employees.saved, { exact: true }).waitFor();

      // The first message goes to the department's linked employees; Watanabe's account id is wrong.
      await page.getByText(en.attendance.employees.first.title, { exact: true }).click();
      await page.getByText(fillTemplate(en.attendance.employees.first.scope, { department: '開発部', employmentType: en.attendance.employees.allEmploymentTypes })).waitFor();
      await page.getByRole('button', { name: en.attendance.employees.first.send }).click();
      const confirm = page.getByRole('dialog', { name: en.attendance.employees.first.confirmTitle });
      await confirm.getByText(/It goes to \d+ linked employees \(開発部 \/ All employment types\)\./).waitFor();
      await confirm.getByRole('button', { name: en.attendance.employees.first.confirm, exact: true }).click();
      const results = page.getByRole('region', { name: en.attendance.employees.first.resultTitle });
      await results.getByText(fillTemplate(en.attendance.employees.first.failed, { count: 1 })).waitFor();
      const failed = results.locator('.attendance-result--failed');
      expect(await failed.count()).toBe(1);
      await failed.getByText('渡辺 美緒').waitFor();
      await failed.getByText(en.attendance.employees.first.failures.ACCOUNT_NOT_FOUND).waitFor();
      await failed.getByText(en.attendance.employees.first.guidance.ACCOUNT_NOT_FOUND).waitFor();
      await page.getByRole('complementary', { name: en.attendance.employees.first.help.title }).waitFor();
      await screenshot(page, 'attendance-first-message-en-desktop');

      // Back to the right account id in place.
      await watanabe.fill('watanabe.mio@demo.example');
      await watanabe.press('Enter');
      await expect.poll(() => page.getByText(en.attendance.employees.saved, { exact: true }).count()).toBeGreaterThan(0);

      // CSV: the export downloads; a file with an unknown login id shows that row's reason, and that
      // applying would leave it out (nothing changes yet); a good file shows its changes, and
      // applying them updates the list.
      await page.getByText(en.attendance.employees.csv.title, { exact: true }).click();
      const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: en.attendance.employees.csv.export }).click()]);
      expect(exported.suggestedFilename()).toBe('attendance-accounts.csv');
      const fileInput = page.locator('input[type=file][accept=".csv,text/csv"]');
      await fileInput.setInputFiles({
        name: 'accounts-bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('login_id,account_id\nsuzuki.hanako@demo.example,hanako.s@demo.example\nno.such.person@demo.example,x\n'),
      });
      await page.getByRole('button', { name: en.attendance.employees.csv.check }).click();
      await page.getByText(en.attendance.employees.csv.errorsTitle).waitFor();
      await page.getByText(fillTemplate(en.attendance.employees.csv.line, { line: 3 })).waitFor();
      await page.getByText(en.attendance.errors.unknown_login_id).waitFor();
      await page.getByText(
        `${fillTemplate(en.attendance.employees.csv.readyToApply_one, { count: 1 })} ${fillTemplate(en.attendance.employees.csv.errorsNotApplied_one, { count: 1 })}`,
      ).waitFor();
      await screenshot(page, 'attendance-csv-errors-en-desktop');
      await page.getByRole('button', { name: en.attendance.employees.csv.reset }).click();
      await fileInput.setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from('login_id,account_id\nsuzuki.hanako@demo.example,hanako.s@demo.example\n') });
      await page.getByRole('button', { name: en.attendance.employees.csv.check }).click();
      await page.getByText(fillTemplate(en.attendance.employees.csv.readyToApply_one, { count: 1 })).waitFor();
      await page.waitForURL(/accountImport=/);
      await page.getByRole('button', { name: en.attendance.employees.csv.apply, exact: true }).click();
      // Applying runs in the background: its progress shows until the next look finds it done.
      await page.getByRole('progressbar', { name: en.attendance.employees.csv.progressTitle }).waitFor();
      await screenshot(page, 'attendance-csv-progress-en-desktop');
      await page.getByText(fillTemplate(en.attendance.employees.csv.applied_one, { count: 1 })).waitFor();
      await expect.poll(() => page.getByLabel(fillTemplate(en.attendance.employees.accountIdFor, { name: '鈴木 花子' })).inputValue()).toBe('hanako.s@demo.example');
      // The import is in the URL: a reload shows how it ended.
      await page.reload();
      await page.getByText(fillTemplate(en.attendance.employees.csv.applied_one, { count: 1 })).waitFor();
    } finally {
      await setAccount(page, 'watanabe.mio@demo.example', 'watanabe.mio@demo.example').catch(() => undefined);
      await setAccount(page, 'suzuki.hanako@demo.example', 'suzuki.hanako@demo.example').catch(() => undefined);
      await page.context().close();
    }
  });

  // A mistyped account id (saved on leaving the field) is refused before it is sent, with the
  // reason under the field and no "Saved"; the stored one stays, so the employee can still stamp.
  for (const [viewport, language] of [['phone', 'ja'], ['phone', 'en'], ['desktop', 'ja'], ['desktop', 'en']] as const) {
    test(`${viewport} (${language}): a mistyped account id is refused with the reason, not saved`, async () => {
      const messages = language === 'ja' ? ja : en;
      const page = await openPage(browser.current, viewport, language);
      try {
        await signInAdmin(page, messages);
        await openAttendance(page, messages, viewport === 'phone');
        await openTab(page, messages, 'employees');
        await page.getByLabel(messages.attendance.employees.searchLabel).fill('watanabe');
        await page.getByLabel(fillTemplate(messages.attendance.employees.accountIdFor, { name: '佐藤 太郎' })).waitFor({ state: 'detached' });
        const field = page.getByLabel(fillTemplate(messages.attendance.employees.accountIdFor, { name: '渡辺 美緒' }));
        await field.fill('typo@@');
        await field.blur();
        await page.getByRole('alert').getByText(messages.attendance.employees.invalidAccountId).waitFor();
        expect(await field.getAttribute('aria-invalid')).toBe('true');
        expect(await page.getByText(messages.attendance.employees.saved, { exact: true }).count()).toBe(0);
        await expectNoHorizontalOverflow(page);
        await screenshot(page, `attendance-account-invalid-${language}-${viewport}`);
        const stored = await call(page, 'query($q: String) { attendanceEmployees(query: $q, first: 1) { employees { accountId } } }', { q: 'watanabe.mio' });
        expect(stored.attendanceEmployees.employees).toEqual([{ accountId: 'watanabe.mio@demo.example' }]);
      } finally {
        await page.context().close();
      }
    });
  }

  test('phone (ja): CSV file and row errors, a duplicate word and the last word are explained in Japanese by their codes', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    try {
      await signInAdmin(page, ja);
      await openAttendance(page, ja, true);
      await openTab(page, ja, 'employees');
      await page.getByText(ja.attendance.employees.csv.title, { exact: true }).click();
      const fileInput = page.locator('input[type=file][accept=".csv,text/csv"]');
      // A file without the columns is refused as a whole.
      await fileInput.setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('name,account\nx,y\n') });
      await page.getByRole('button', { name: ja.attendance.employees.csv.check }).click();
      await page.getByText(ja.attendance.errors.missing_columns).waitFor();
      // Rows in error, each in Japanese: unknown, an account id someone keeps, one given twice.
      const csv = [
        'login_id,account_id',
        'nobody.here@demo.example,x',
        'sato.taro@demo.example,watanabe.mio@demo.example',
        'suzuki.hanako@demo.example,same.one@demo.example',
        'kobayashi.ren@demo.example,same.one@demo.example',
        'yamada.rin@demo.example,typo@@',
      ].join('\n');
      await fileInput.setInputFiles({ name: 'accounts-ja.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: ja.attendance.employees.csv.check }).click();
      await page.getByText(ja.attendance.employees.csv.errorsTitle).waitFor();
      await page.getByText(ja.attendance.errors.unknown_login_id).waitFor();
      await page.getByText(fillTemplate(ja.attendance.errors.account_id_taken, { account: 'watanabe.mio@demo.example', other: 'watanabe.mio@demo.example' })).waitFor();
      await page.getByText(fillTemplate(ja.attendance.errors.account_id_repeated, { account: 'same.one@demo.example', other: 'suzuki.hanako@demo.example' })).waitFor();
      await page.getByText(ja.attendance.errors.account_id_invalid).waitFor();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'attendance-csv-errors-ja-phone');

      // Words: the same word in another stamp, then the last word of a stamp.
      await page.getByRole('navigation', { name: ja.attendance.tabs.label }).getByRole('link', { name: ja.attendance.tabs.wording }).click();
      await page.getByRole('heading', { level: 1, name: ja.attendance.tabs.wording }).waitFor();
      const clockOut = page.getByRole('region', { name: ja.attendance.stampKinds.CLOCK_OUT, exact: true });
      await clockOut.getByLabel(fillTemplate(ja.attendance.wording.newWord, { kind: '退勤' })).fill(' 出勤 ');
      await clockOut.getByRole('button', { name: ja.attendance.wording.add, exact: true }).click();
      await clockOut.getByText(fillTemplate(ja.attendance.wording.duplicateOther, { word: '出勤', kind: '出勤' })).waitFor();
      const breakStart = page.getByRole('region', { name: ja.attendance.stampKinds.BREAK_START, exact: true });
      await breakStart.getByRole('button', { name: fillTemplate(ja.attendance.wording.remove, { word: 'Break start' }) }).click();
      await breakStart.getByRole('button', { name: fillTemplate(ja.attendance.wording.remove, { word: 'Break start' }) }).waitFor({ state: 'detached' });
      await breakStart.getByRole('button', { name: fillTemplate(ja.attendance.wording.remove, { word: '休憩開始' }) }).click();
      await breakStart.getByText(fillTemplate(ja.attendance.wording.lastWord, { word: '休憩開始', kind: '休憩開始' })).waitFor();
      await screenshot(page, 'attendance-wording-errors-ja-phone', { fullPage: false });
    } finally {
      const words = await call(page, '{ attendanceWords { word } }').catch(() => null);
      if (words && !words.attendanceWords.some((row: { word: string }) => row.word === 'Break start')) {
        await call(page, 'mutation { addAttendanceWord(input: { kind: BREAK_START, word: "Break start" }) { __typename } }');
      }
      await page.context().close();
    }
  });

  test('phone (en): words per stamp (a duplicate and the last word refused) and a reply template (a bad placeholder refused, then saved and restored)', async () => {
    const page = await openPage(browser.current, 'phone', 'en');
    const tag = Date.now().toString(36);
    try {
      await signInAdmin(page, en);
      await openAttendance(page, en, true);
      await openTab(page, en, 'wording');
      const clockIn = page.getByRole('region', { name: en.attendance.stampKinds.CLOCK_IN, exact: true });
      const clockOut = page.getByRole('region', { name: en.attendance.stampKinds.CLOCK_OUT, exact: true });
      const breakEnd = page.getByRole('region', { name: en.attendance.stampKinds.BREAK_END, exact: true });

      const word = `Start ${tag}`;
      await clockIn.getByLabel(fillTemplate(en.attendance.wording.newWord, { kind: 'Clock in' })).fill(word);
      await clockIn.getByRole('button', { name: en.attendance.wording.add, exact: true }).click();
      await clockIn.getByRole('list').getByText(word, { exact: true }).waitFor();
      // The same word in other case means Clock in already.
      await clockOut.getByLabel(fillTemplate(en.attendance.wording.newWord, { kind: 'Clock out' })).fill(`  ${word.toUpperCase()} `);
      await clockOut.getByRole('button', { name: en.attendance.wording.add, exact: true }).click();
      await clockOut.getByText(fillTemplate(en.attendance.wording.duplicateOther, { word, kind: 'Clock in' })).waitFor();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'attendance-wording-en-phone', { fullPage: false });
      await clockIn.getByRole('button', { name: fillTemplate(en.attendance.wording.remove, { word }) }).click();
      await clockIn.getByText(word, { exact: true }).waitFor({ state: 'detached' });

      // Break end keeps at least one word.
      await breakEnd.getByRole('button', { name: fillTemplate(en.attendance.wording.remove, { word: 'Break end' }) }).click();
      await breakEnd.getByRole('button', { name: fillTemplate(en.attendance.wording.remove, { word: 'Break end' }) }).waitFor({ state: 'detached' });
      await breakEnd.getByRole('button', { name: fillTemplate(en.attendance.wording.remove, { word: '休憩終了' }) }).click();
      await breakEnd.getByText(fillTemplate(en.attendance.wording.lastWord, { word: '休憩終了', kind: 'Break end' })).waitFor();
      await breakEnd.getByLabel(fillTemplate(en.attendance.wording.newWord, { kind: 'Break end' })).fill('Break end');
      await breakEnd.getByRole('button', { name: en.attendance.wording.add, exact: true }).click();
      await breakEnd.getByRole('list').getByText('Break end', { exact: true }).waitFor();

      // A reply template: English tab, a placeholder this text cannot use, then a good text, then back.
      await page.getByRole('tab', { name: en.attendance.wording.languages.en }).click();
      const template = page.getByRole('article', { name: en.attendance.wording.keys.NOT_ON_BREAK });
      const text = template.getByLabel(en.attendance.wording.keys.NOT_ON_BREAK, { exact: true });
      await text.fill('{name}, {nope}');
      await template.getByRole('button', { name: en.attendance.wording.save, exact: true }).click();
      await template.getByText(fillTemplate(en.attendance.wording.unknownPlaceholder, { placeholder: '{nope}', allowed: '{name}' })).waitFor();
      await text.fill(', there is no break to end.');
      await text.press('Home');
      await template.getByRole('button', { name: fillTemplate(en.attendance.wording.insert, { placeholder: '{name}' }) }).click();
      expect(await text.inputValue()).toBe('{name}, there is no break to end.');
      await template.getByText('Sato, there is no break to end.').waitFor();
      await template.getByRole('button', { name: en.attendance.wording.save, exact: true }).click();
      await template.getByText(en.attendance.wording.saved).waitFor();
      await template.getByText(en.attendance.wording.custom, { exact: true }).waitFor();
      await screenshot(page, 'attendance-template-en-phone', { fullPage: false });
      await template.getByRole('button', { name: en.attendance.wording.restore }).click();
      await template.getByText(en.attendance.wording.restored).waitFor();
      await template.getByText(en.attendance.wording.default, { exact: true }).waitFor();
      expect(await text.inputValue()).toBe('{name}, no break has started.');
      await expectNoHorizontalOverflow(page);
    } finally {
      const words = await call(page, '{ attendanceWords { id kind word } }').catch(() => null);
      for (const row of words?.attendanceWords ?? []) {
        if (row.word === `Start ${tag}`) await call(page, 'mutation($id: ID!) { removeAttendanceWord(input: { id: $id }) { __typename } }', { id: row.id });
      }
      if (words && !words.attendanceWords.some((row: { word: string }) => row.word === 'Break end')) {
        await call(page, 'mutation { addAttendanceWord(input: { kind: BREAK_END, word: "Break end" }) { __typename } }');
      }
      await call(page, 'mutation { setAttendanceTemplate(input: { language: en, key: "NOT_ON_BREAK", text: null }) { __typename } }').catch(() => undefined);
      await page.context().close();
    }
  });

  test('phone (ja): a member clocks in through the talk; the admin sees the day, adds the clock-out with a reason, and sees the history', async () => {
    const admin = await openPage(browser.current, 'phone', 'ja');
    const member = await openPage(browser.current, 'phone', 'ja');
    try {
      await signInAdmin(admin, ja);
      const id = await employeeId(admin, STAMPER.loginId);
      const set = await call(admin, 'mutation($input: MutationSetMemberPasswordInput!) { setMemberPassword(input: $input) { __typename } }', {
        input: { id, password: STAMPER.password },
      });
      expect(set.setMemberPassword.__typename).toBe('MutationSetMemberPasswordSuccess');

      // The member writes 出勤 to the attendance bot and gets an answer (a stamp, or "already" on a rerun).
      await member.goto('/talk/login');
      await member.getByLabel(ja.talk.login.loginId).fill(STAMPER.loginId);
      await member.getByLabel(ja.fields.password, { exact: true }).fill(STAMPER.password);
      await member.getByRole('button', { name: ja.talk.login.submit, exact: true }).click();
      await member.waitForURL(/\/talk\/?$/);
      await member.getByRole('link', { name: /勤怠ボット \(Attendance\)/ }).click();
      const talk = member.getByRole('list', { name: '勤怠ボット (Attendance)' });
      await talk.waitFor();
      // The bot's replies (a room with no message yet also shows the guide, addressed to her too).
      const replies = talk.locator('.talk-message--bot:not(.talk-room__guide)').getByText(/小林さん、/);
      const before = await replies.count();
      await member.getByLabel(ja.talk.room.placeholder).fill('出勤');
      await member.getByRole('button', { name: ja.talk.room.send, exact: true }).click();
      await expect.poll(() => replies.count(), { timeout: 20_000 }).toBeGreaterThan(before);

      // The admin finds the member and sees today with its clock-in.
      await openAttendance(admin, ja, true);
      await openTab(admin, ja, 'timesheets');
      await admin.getByLabel(ja.attendance.timesheets.searchEmployee).fill('kobayashi');
      await admin.getByRole('button', { name: new RegExp(STAMPER.name) }).click();
      const day = today(ZONE);
      const card = admin.locator(`li[data-date="${day}"]`);
      await card.waitFor();
      // Every day of the month is listed, today marked.
      expect(await admin.locator('li[data-date]').count()).toBe(daysInMonth(currentMonth(ZONE)));
      expect(await card.getAttribute('aria-current')).toBe('date');
      await card.getByText(ja.attendance.timesheets.today, { exact: true }).waitFor();
      await expect.poll(() => card.textContent()).toMatch(new RegExp(`${ja.attendance.timesheets.clockIn}\\s+\\d\\d:\\d\\d`));
      await expectNoHorizontalOverflow(admin);
      await screenshot(admin, 'attendance-timesheet-ja-phone');

      // The day's stamps, then a clock-out added with a reason (a minute ahead at most: never before
      // the clock-in, never further ahead than the API allows).
      await card.getByRole('button').click();
      const dialog = admin.getByRole('dialog', { name: fillTemplate(ja.attendance.timesheets.day.title, { date: dayLabel(day, 'ja', 'long') }) });
      await dialog.getByText(ja.attendance.timesheets.day.byBot).first().waitFor();
      // What the member wrote is shown as written (a tapped button would read as the button).
      await dialog.getByText(fillTemplate(ja.attendance.timesheets.day.wrote, { text: '出勤' })).waitFor();
      // Replacing: the form comes into view with the focus on it; an unchanged replacement is refused.
      await dialog.getByRole('button', { name: ja.attendance.timesheets.day.replace }).first().click();
      const replaceTitle = dialog.getByRole('heading', { name: ja.attendance.timesheets.correction.replaceTitle });
      await expect.poll(() => replaceTitle.evaluate((element) => element === document.activeElement)).toBe(true);
      await dialog.getByLabel(ja.attendance.timesheets.correction.reason).fill('変更なし (e2e)');
      await dialog.getByRole('button', { name: ja.attendance.timesheets.correction.submitReplace }).click();
      await dialog.getByText(ja.attendance.errors.unchanged).waitFor();
      await dialog.getByRole('button', { name: ja.attendance.timesheets.correction.cancel }).click();
      await dialog.getByRole('button', { name: ja.attendance.timesheets.addStamp }).click();
      await dialog.getByLabel(ja.attendance.timesheets.correction.kind).selectOption('CLOCK_OUT');
      await dialog.getByLabel(ja.attendance.timesheets.correction.at).fill(localInputValue(new Date(Date.now() + 60_000), ZONE));
      await dialog.getByRole('button', { name: ja.attendance.timesheets.correction.submitAdd }).click();
      // The reason is required.
      await dialog.getByText(ja.attendance.timesheets.correction.reasonRequired).waitFor();
      await dialog.getByLabel(ja.attendance.timesheets.correction.reason).fill('退勤の打刻漏れ (e2e)');
      // A time to come is refused by the API, and said in Japanese (by its code, not its English text).
      await dialog.getByLabel(ja.attendance.timesheets.correction.at).fill(localInputValue(new Date(Date.now() + 3 * 3600_000), ZONE));
      await dialog.getByRole('button', { name: ja.attendance.timesheets.correction.submitAdd }).click();
      await dialog.getByText(ja.attendance.errors.future).waitFor();
      await dialog.getByLabel(ja.attendance.timesheets.correction.at).fill(localInputValue(new Date(Date.now() + 60_000), ZONE));
      await dialog.getByRole('button', { name: ja.attendance.timesheets.correction.submitAdd }).click();
      await dialog.getByText(ja.attendance.timesheets.correction.done).waitFor();
      const added = dialog.locator('.attendance-stamp').filter({ hasText: '退勤の打刻漏れ (e2e)' }).last();
      await added.getByText(fillTemplate(ja.attendance.timesheets.day.byAdmin, { admin: 'admin@demo.example' })).waitFor();
      await added.getByText(/^退勤 \d\d:\d\d$/).waitFor();
      await expectNoHorizontalOverflow(admin);
      await screenshot(admin, 'attendance-day-ja-phone', { fullPage: false });
      await dialog.getByRole('button', { name: ja.attendance.timesheets.day.close }).click();
      await expect.poll(() => card.textContent()).toMatch(new RegExp(`${ja.attendance.timesheets.clockOut}\\s+\\d\\d:\\d\\d`));
      await expect.poll(() => card.textContent()).toMatch(new RegExp(`${ja.attendance.timesheets.worked}\\s+\\d+:\\d\\d`));
    } finally {
      await admin.context().close();
      await member.context().close();
    }
  });

  test('desktop (en): the month as a table with the correction history, and the department exports as CSV and XLSX', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    try {
      await signInAdmin(page, en);
      await openAttendance(page, en, false);
      await openTab(page, en, 'timesheets');
      await page.getByLabel(en.attendance.timesheets.searchEmployee).fill('kobayashi');
      await page.getByRole('button', { name: new RegExp(STAMPER.name) }).click();
      const month = currentMonth(ZONE);
      await page.getByRole('heading', { name: new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`)) }).waitFor();
      await page.getByText(fillTemplate(en.attendance.timesheets.timeZoneNote, { timeZone: ZONE })).waitFor();
      const row = page.locator(`tr[data-date="${today(ZONE)}"]`);
      await row.waitFor();
      // The whole calendar month: every day a row, weekends marked, today highlighted, days to come dimmed.
      const dates = Array.from({ length: daysInMonth(month) }, (_, index) => `${month}-${String(index + 1).padStart(2, '0')}`);
      expect(await page.locator('tbody tr[data-date]').evaluateAll((rows) => rows.map((element) => element.getAttribute('data-date')))).toEqual(dates);
      expect(await row.getAttribute('aria-current')).toBe('date');
      await row.getByText(en.attendance.timesheets.today, { exact: true }).waitFor();
      const sunday = dates.find((date) => new Date(`${date}T00:00:00Z`).getUTCDay() === 0) ?? '';
      expect(await page.locator(`tr[data-date="${sunday}"]`).getAttribute('class')).toContain('attendance-calendar-day--sunday');
      const tomorrow = dates.find((date) => date > today(ZONE));
      if (tomorrow) {
        const later = page.locator(`tr[data-date="${tomorrow}"]`);
        expect(await later.getAttribute('class')).toContain('attendance-calendar-day--future');
        expect(await later.getByRole('button').count()).toBe(0);
      }
      await row.getByRole('button').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(en.attendance.timesheets.day.byBot).first().waitFor();
      await dialog.getByText(fillTemplate(en.attendance.timesheets.day.reason, { reason: '退勤の打刻漏れ (e2e)' })).first().waitFor();
      await screenshot(page, 'attendance-day-en-desktop', { fullPage: false });
      await dialog.getByRole('button', { name: en.attendance.timesheets.day.close }).click();
      await screenshot(page, 'attendance-timesheet-en-desktop');

      const exporter = page.getByRole('region', { name: en.attendance.timesheets.export.title });
      await exporter.getByLabel(en.attendance.timesheets.export.department).selectOption({ label: '営業部' });
      const [csv] = await Promise.all([page.waitForEvent('download'), exporter.getByRole('button', { name: en.attendance.timesheets.export.csv, exact: true }).click()]);
      expect(csv.suggestedFilename()).toBe(`timesheets-${month}.csv`);
      const [xlsx] = await Promise.all([page.waitForEvent('download'), exporter.getByRole('button', { name: en.attendance.timesheets.export.xlsx }).click()]);
      expect(xlsx.suggestedFilename()).toBe(`timesheets-${month}.xlsx`);
      await exporter.getByText(fillTemplate(en.attendance.timesheets.export.done, { file: `timesheets-${month}.xlsx` })).waitFor();
    } finally {
      await page.context().close();
    }
  });
});
