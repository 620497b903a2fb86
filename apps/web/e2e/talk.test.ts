import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import type { Messages } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { graphqlInPage, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();

const call = (page: Page, query: string, variables: Record<string, unknown> = {}) => graphqlInPage<any>(page, query, variables);

const DEMO_BOT = 'デモ案内ボット (Demo guide)';

async function signInAsDemoMember(page: Page, messages: Messages) {
  await page.goto('/talk/login');
  await page.getByRole('button', { name: messages.talk.login.demoFill }).click();
  await page.getByRole('button', { name: messages.talk.login.submit, exact: true }).click();
  await page.waitForURL(/\/talk\/?$/);
}

describe('talk view', () => {
  test('phone (ja): the demo member opens the demo bot, sees every kind of message, taps actions, and sees new messages live', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const admin = await openPage(browser.current, 'desktop', 'ja');
    try {
      // The admin login page points members to their own sign-in.
      await page.goto('/login');
      await page.getByRole('link', { name: ja.talk.memberLink }).click();
      await page.waitForURL('**/talk/login');
      await signInAsDemoMember(page, ja);
      await page.getByRole('heading', { name: ja.talk.list.heading }).waitFor();
      await screenshot(page, 'talk-list-ja-phone');
      await page.getByRole('link', { name: new RegExp(DEMO_BOT.replace(/[()]/g, '\\$&')) }).click();
      await page.getByRole('heading', { name: DEMO_BOT }).waitFor();

      // Text, sticker, link, button template, list template, carousel and quick replies all render.
      const talk = page.getByRole('list', { name: DEMO_BOT });
      await talk.getByText('Hello! These are examples', { exact: false }).waitFor();
      await talk.getByRole('img', { name: `${ja.talk.room.sticker} 1/2` }).waitFor();
      await talk.getByRole('link', { name: 'developers.worksmobile.com' }).waitFor();
      await talk.getByRole('button', { name: 'はい / Yes' }).waitFor();
      await talk.getByText('年末調整 / Year-end adjustment').waitFor();
      await talk.getByText('会議室 C / Room C').waitFor();
      const quick = page.getByRole('group', { name: ja.talk.room.quickReplies });
      await quick.getByRole('button', { name: '出勤 / Clock in' }).waitFor();
      expect(await page.getByRole('navigation', { name: ja.talk.room.menu }).getByRole('button').count()).toBe(2);
      await screenshot(page, 'talk-room-ja-phone', { fullPage: false });

      // A quick reply (message action) sends its text; the quick replies go away after it.
      await quick.getByRole('button', { name: '出勤 / Clock in' }).click();
      await talk.locator('.talk-message--member').getByText('出勤', { exact: true }).waitFor();
      expect(await page.getByRole('group', { name: ja.talk.room.quickReplies }).count()).toBe(0);
      // A postback button shows its display text; a copy button copies.
      await talk.getByRole('button', { name: 'あとで / Later' }).click();
      await talk.locator('.talk-message--member').getByText('あとで', { exact: true }).waitFor();
      await talk.getByRole('button', { name: '番号をコピー / Copy' }).click();
      await page.getByRole('status').getByText(ja.talk.room.copied).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('C-301');

      // Written text is sent with the button; the bot's uri action is a link that opens a new tab.
      await page.getByLabel(ja.talk.room.placeholder).fill('こんにちは');
      await page.getByRole('button', { name: ja.talk.room.send, exact: true }).click();
      await talk.locator('.talk-message--member').getByText('こんにちは', { exact: true }).waitFor();
      expect(await talk.getByRole('link', { name: 'カレンダー / Calendar' }).getAttribute('target')).toBe('_blank');

      // A message stored by someone else (the admin trying the bot as this member) arrives live.
      await signInAsDemo(admin, ja);
      await admin.waitForURL('**/members');
      const found = await call(admin, `{ bots(first: 50) { edges { node { id name } } } members(first: 5, query: "sato.taro") { edges { node { id } } } }`);
      const bot = found.bots.edges.find((edge: { node: { name: string } }) => edge.node.name === DEMO_BOT).node;
      const marker = `live-${Date.now().toString(36)}`;
      await call(admin, `mutation($input: MutationSendBotMessageAsMemberInput!) { sendBotMessageAsMember(input: $input) { __typename } }`, {
        input: { id: bot.id, memberId: found.members.edges[0].node.id, text: marker },
      });
      await talk.getByText(marker).waitFor({ timeout: 10_000 });
      await screenshot(page, 'talk-room-sent-ja-phone', { fullPage: false });

      // The list shows the last message; signing out returns to the member sign-in.
      await page.getByRole('link', { name: ja.talk.room.back }).click();
      await page.getByText(ja.talk.list.you.replace('{{text}}', marker)).waitFor();
      await page.getByRole('button', { name: ja.talk.signOut }).click();
      await page.waitForURL('**/talk/login');
    } finally {
      await page.context().close();
      await admin.context().close();
    }
  });

  test('desktop (en): an admin sets a member’s talk password on the member page; the member signs in, talks and leaves', async () => {
    const admin = await openPage(browser.current, 'desktop', 'en');
    const member = await openPage(browser.current, 'desktop', 'en');
    try {
      await signInAsDemo(admin, en);
      await admin.waitForURL('**/members');
      const found = await call(admin, `{ members(first: 1, query: "suzuki.hanako") { edges { node { id loginId } } } }`);
      const { id, loginId } = found.members.edges[0].node;
      await admin.goto(`/members/${encodeURIComponent(id)}`);
      const card = admin.getByRole('region', { name: en.talk.admin.title });
      await card.getByText(en.talk.admin.cannotSignIn).waitFor();
      // A weak password is refused with the rule; a good one is set.
      await card.getByLabel(en.talk.admin.password).fill('short1');
      await card.getByRole('button', { name: en.talk.admin.set }).click();
      await card.getByText('At least 10 characters').first().waitFor();
      await card.getByLabel(en.talk.admin.password).fill('hanako-talk-2026');
      await card.getByRole('button', { name: en.talk.admin.set }).click();
      await card.getByText(en.talk.admin.saved).waitFor();
      await card.getByText(en.talk.admin.canSignIn).waitFor();
      await screenshot(admin, 'talk-admin-password-en-desktop');

      await member.goto('/talk/login');
      await member.getByLabel(en.talk.login.loginId).fill(loginId);
      await member.getByLabel(en.fields.password, { exact: true }).fill('wrong-password-1');
      await member.getByRole('button', { name: en.talk.login.submit, exact: true }).click();
      await member.getByText(en.talk.login.invalid).waitFor();
      await member.getByLabel(en.fields.password, { exact: true }).fill('hanako-talk-2026');
      await member.getByRole('button', { name: en.talk.login.submit, exact: true }).click();
      await member.waitForURL(/\/talk\/?$/);
      // Admin pages are not reachable with a member session.
      await member.goto('/members');
      await member.waitForURL('**/login**');
      await member.goto('/talk');
      await member.getByRole('link', { name: new RegExp(DEMO_BOT.replace(/[()]/g, '\\$&')) }).click();
      await member.getByLabel(en.talk.room.placeholder).fill('Good morning');
      await member.keyboard.press('Enter');
      const talk = member.getByRole('list', { name: DEMO_BOT });
      await talk.locator('.talk-message--member').getByText('Good morning').waitFor();
      await screenshot(member, 'talk-room-en-desktop', { fullPage: false });
      await member.getByRole('button', { name: en.talk.room.leave }).click();
      await member.getByRole('dialog').getByRole('button', { name: en.talk.room.leave }).click();
      await member.waitForURL(/\/talk\/?$/);
      expect((await call(admin, `{ auditEntries(first: 5, target: "${loginId}") { edges { node { action } } } }`)).auditEntries.edges.map((edge: { node: { action: string } }) => edge.node.action)).toEqual(
        expect.arrayContaining(['member.login', 'member.password.set']),
      );
    } finally {
      await admin.context().close();
      await member.context().close();
    }
  });
})
