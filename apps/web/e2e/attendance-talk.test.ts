import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { openPage, screenshot, useBrowser } from './browser.ts';

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
});
