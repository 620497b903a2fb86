import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { graphqlInPage, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();

describe('attendance in the talk view', () => {
  test('phone (en): the demo member clocks in by writing to the attendance bot and starts a break with a quick reply', async () => {
    const page = await openPage(browser.current, 'phone', 'en');
    try {
      await page.goto('/talk/login');
      await page.getByRole('button', { name: en.talk.login.demoFill }).click();
      await page.getByRole('button', { name: en.talk.login.submit, exact: true }).click();
      await page.waitForURL(/\/talk\/?$/);
      await page.getByRole('link', { name: /勤怠ボット \(Attendance\)/ }).click();
      const talk = page.getByRole('list', { name: '勤怠ボット (Attendance)' });
      await page.getByLabel(en.talk.room.placeholder).fill('ｃｌｏｃｋ ｉｎ');
      await page.getByRole('button', { name: en.talk.room.send, exact: true }).click();
      // The demo tenant speaks Japanese: the bot answers in Japanese, with the stamps valid next.
      await talk.getByText(/佐藤さん、出勤を \d\d:\d\d に記録しました。/).waitFor();
      const quick = page.getByRole('group', { name: en.talk.room.quickReplies });
      // The stamps valid next, and today's stamps (always a next step to tap).
      expect(await quick.getByRole('button').allTextContents()).toEqual(['休憩開始', '退勤', '今日']);
      await quick.getByRole('button', { name: '休憩開始' }).click();
      await talk.getByText(/佐藤さん、休憩開始を \d\d:\d\d に記録しました。/).waitFor();
      expect(await page.getByRole('group', { name: en.talk.room.quickReplies }).getByRole('button').allTextContents()).toEqual(['休憩終了', '今日']);
      // The room is the page: nothing to scroll below the conversation, and the bot's name is not cut
      // short by the leave button (an icon on phones).
      expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(1);
      const title = page.locator('.talk-room__title');
      expect(await title.evaluate((element) => element.scrollHeight <= element.clientHeight + 1 && element.scrollWidth <= element.clientWidth + 1)).toBe(true);
      await screenshot(page, 'attendance-talk-en-phone', { fullPage: false });
    } finally {
      await page.context().close();
    }
  });

  test('phone (ja): an employee the first message has not reached sees how to start, with the clock-in button, and clocks in with it', async () => {
    const admin = await openPage(browser.current, 'desktop', 'ja');
    const page = await openPage(browser.current, 'phone', 'ja');
    try {
      await signInAsDemo(admin, ja);
      const found = await graphqlInPage<{ members: { edges: { node: { id: string } }[] } }>(admin, '{ members(first: 1, query: "suzuki.hanako") { edges { node { id } } } }');
      const password = 'guide-pass-1234';
      await graphqlInPage(admin, 'mutation($input: MutationSetMemberPasswordInput!) { setMemberPassword(input: $input) { __typename } }', {
        input: { id: found.members.edges[0]?.node.id, password },
      });
      await page.goto('/talk/login');
      await page.getByLabel(ja.talk.login.loginId).fill('suzuki.hanako@demo.example');
      await page.getByLabel(ja.fields.password, { exact: true }).fill(password);
      await page.getByRole('button', { name: ja.talk.login.submit, exact: true }).click();
      await page.waitForURL(/\/talk\/?$/);
      await page.getByRole('link', { name: /勤怠ボット \(Attendance\)/ }).click();
      const talk = page.getByRole('list', { name: '勤怠ボット (Attendance)' });

      // No message yet: the first message is shown as a guide, addressed to her, with its button.
      await talk.getByText(ja.talk.room.guide).waitFor();
      await talk.getByText('鈴木さん、このトークで勤怠の打刻ができます。', { exact: false }).waitFor();
      expect(await talk.getByText(ja.talk.room.empty).count()).toBe(0);
      const quick = page.getByRole('group', { name: ja.talk.room.quickReplies });
      await screenshot(page, 'attendance-guide-ja-phone', { fullPage: false });
      await quick.getByRole('button', { name: '出勤' }).click();
      await talk.getByText(/鈴木さん、出勤を \d\d:\d\d に記録しました。/).waitFor();
      // The talk has begun: the guide gives way to the conversation.
      expect(await talk.getByText(ja.talk.room.guide).count()).toBe(0);
    } finally {
      await page.context().close();
      await admin.context().close();
    }
  });
});
