import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import type { Messages } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { fillTemplate, graphqlInPage, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();

const call = (page: Page, query: string, variables: Record<string, unknown> = {}) => graphqlInPage<any>(page, query, variables);

const DEMO_BOT = 'デモ案内ボット (Demo guide)';
const TEAM_BOT = 'チーム助手 (Team helper)';
const KEN = { loginId: 'takahashi.ken@demo.example', password: 'ken-group-talk-2026' };

async function signInAsDemoMember(page: Page, messages: Messages) {
  await page.goto('/talk/login');
  await page.getByRole('button', { name: messages.talk.login.demoFill }).click();
  await page.getByRole('button', { name: messages.talk.login.submit, exact: true }).click();
  await page.waitForURL(/\/talk\/?$/);
}

async function signInAsMember(page: Page, messages: Messages, loginId: string, password: string) {
  await page.goto('/talk/login');
  await page.getByLabel(messages.talk.login.loginId).fill(loginId);
  await page.getByLabel(messages.fields.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: messages.talk.login.submit, exact: true }).click();
  await page.waitForURL(/\/talk\/?$/);
}

/** Nothing is wider than the screen: neither the page nor the scrolling parts of the talk view. */
async function expectNoHorizontalOverflow(page: Page) {
  const overflowing = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width) found.push(`page ${document.documentElement.scrollWidth} > ${width}`);
    for (const element of document.querySelectorAll<HTMLElement>('.talk__main, .talk-room__messages, .talk-sheet[open], .talk-form')) {
      if (element.scrollWidth > element.clientWidth + 1) found.push(`${element.className} ${element.scrollWidth} > ${element.clientWidth}`);
      const box = element.getBoundingClientRect();
      if (box.right > width + 1) found.push(`${element.className} ends at ${box.right} > ${width}`);
    }
    return found;
  });
  expect(overflowing).toEqual([]);
}

describe('group talks', () => {
  test('phone (ja) creates a group talk with members found by search; desktop (en) member talks live both ways, adds a member, leaves', async () => {
    const taro = await openPage(browser.current, 'phone', 'ja');
    const ken = await openPage(browser.current, 'desktop', 'en');
    const admin = await openPage(browser.current, 'desktop', 'ja');
    try {
      // Only the demo member has a talk password: an administrator gives one to Ken Takahashi.
      await signInAsDemo(admin, ja);
      await admin.waitForURL('**/members');
      const found = await call(admin, `{ members(first: 1, query: "takahashi.ken") { edges { node { id } } } }`);
      const set = await call(admin, `mutation($input: MutationSetMemberPasswordInput!) { setMemberPassword(input: $input) { __typename } }`, {
        input: { id: found.members.edges[0].node.id, password: KEN.password },
      });
      expect(set.setMemberPassword.__typename).toBe('MutationSetMemberPasswordSuccess');
      // A bot that allows group talks, available to everyone in the demo domain.
      const setup = await call(admin, `{ domains { id name } members(first: 1) { edges { node { id } } } }`);
      const created = await call(admin, `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { __typename ... on MutationCreateBotSuccess { bot { id } } } }`, {
        input: { name: TEAM_BOT, description: 'Group talks', callbackEnabled: false, messageTypes: ['text'], roomEvents: [], allowGroupJoin: true, managerIds: [setup.members.edges[0].node.id] },
      });
      const domain = setup.domains.find((row: { name: string }) => row.name === 'demo.example');
      const added = await call(admin, `mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
        input: { id: created.createBot.bot.id, domainId: domain.id, visibility: 'ALL' },
      });
      expect(added.addBotToDomain.__typename).toBe('MutationAddBotToDomainSuccess');

      // The list has the bots and the group talks, with a button to start one.
      await signInAsDemoMember(taro, ja);
      await taro.getByRole('heading', { name: ja.talk.list.heading }).waitFor();
      await taro.getByRole('heading', { name: ja.talk.groups.heading }).waitFor();
      await expectNoHorizontalOverflow(taro);
      await taro.getByRole('link', { name: ja.talk.groups.create }).click();
      await taro.waitForURL('**/talk/groups/new');

      // Nobody chosen yet: the form says so before asking the API.
      const form = taro.locator('form.talk-form__card');
      await form.getByRole('button', { name: ja.talk.groups.new.submit, exact: true }).click();
      await form.getByText(ja.talk.groups.new.membersRequired).waitFor();

      // Members are found by search as one types and become removable chips.
      const title = `週次定例 ${Date.now().toString(36)}`;
      await form.getByLabel(ja.talk.groups.new.name, { exact: true }).fill(title);
      const search = form.getByLabel(ja.talk.groups.new.members, { exact: true });
      await search.fill('suzuki');
      await form.getByRole('button', { name: fillTemplate(ja.talk.groups.picker.add, { name: '鈴木 花子' }) }).click();
      await search.fill('takahashi');
      await form.getByRole('button', { name: fillTemplate(ja.talk.groups.picker.add, { name: '高橋 健' }) }).click();
      await search.fill('tanaka');
      await form.getByRole('button', { name: fillTemplate(ja.talk.groups.picker.add, { name: '田中 結衣' }) }).click();
      const chips = form.getByRole('list', { name: ja.talk.groups.picker.chosen });
      await form.getByRole('button', { name: fillTemplate(ja.talk.groups.picker.remove, { name: '田中 結衣' }) }).click();
      await expect.poll(() => chips.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('鈴木 花子'), expect.stringContaining('高橋 健')]);

      // The demo bot talks one to one only: the API's reason shows under the bot field.
      await form.getByLabel(ja.talk.groups.new.bot, { exact: true }).selectOption({ label: DEMO_BOT });
      await form.getByRole('button', { name: ja.talk.groups.new.submit, exact: true }).click();
      await form.locator('.field__error').getByText('only talks one to one', { exact: false }).waitFor();
      await expectNoHorizontalOverflow(taro);
      await screenshot(taro, 'talk-group-new-ja-phone');

      // Without a bot, the group talk starts and its room opens.
      await form.getByLabel(ja.talk.groups.new.bot, { exact: true }).selectOption({ label: ja.talk.groups.new.noBot });
      await form.getByRole('button', { name: ja.talk.groups.new.submit, exact: true }).click();
      await taro.waitForURL(/\/talk\/groups\/(?!new)[^/]+$/);
      await taro.getByRole('heading', { name: title }).waitFor();
      await taro.getByRole('button', { name: fillTemplate(ja.talk.groups.room.membersButton, { count: 3 }) }).waitFor();
      const taroTalk = taro.getByRole('list', { name: title });
      await taro.getByLabel(ja.talk.room.placeholder).fill('みなさん、こんにちは');
      await taro.getByRole('button', { name: ja.talk.room.send, exact: true }).click();
      await taroTalk.locator('.talk-message--member').getByText('みなさん、こんにちは').waitFor();

      // Ken sees the group talk in his list with the last message and who wrote it.
      await signInAsMember(ken, en, KEN.loginId, KEN.password);
      const groupLink = ken.getByRole('link', { name: new RegExp(title) });
      await groupLink.getByText(fillTemplate(en.talk.groups.from, { name: '佐藤 太郎', text: 'みなさん、こんにちは' })).waitFor();
      await groupLink.getByText(fillTemplate(en.talk.groups.memberCount_other, { count: 3 })).waitFor();
      await screenshot(ken, 'talk-list-groups-en-desktop');
      await groupLink.click();
      const kenTalk = ken.getByRole('list', { name: title });
      const fromTaro = kenTalk.locator('.talk-message--other').filter({ hasText: 'みなさん、こんにちは' });
      await fromTaro.locator('.talk-message__name').getByText('佐藤 太郎').waitFor();

      // Messages arrive live both ways, each named by its sender.
      await ken.getByLabel(en.talk.room.placeholder).fill('Hello everyone');
      await ken.keyboard.press('Enter');
      await kenTalk.locator('.talk-message--member').getByText('Hello everyone').waitFor();
      const fromKen = taroTalk.locator('.talk-message--other').filter({ hasText: 'Hello everyone' });
      await fromKen.waitFor({ timeout: 10_000 });
      await fromKen.locator('.talk-message__name').getByText('高橋 健').waitFor();
      await taro.getByLabel(ja.talk.room.placeholder).fill('資料を共有します');
      await taro.getByRole('button', { name: ja.talk.room.send, exact: true }).click();
      await kenTalk.locator('.talk-message--other').getByText('資料を共有します').waitFor({ timeout: 10_000 });
      await expectNoHorizontalOverflow(taro);
      await screenshot(taro, 'talk-group-room-ja-phone', { fullPage: false });
      await screenshot(ken, 'talk-group-room-en-desktop', { fullPage: false });

      // Taro adds a member from the members panel; the demo bot is refused there too.
      await taro.getByRole('button', { name: fillTemplate(ja.talk.groups.room.membersButton, { count: 3 }) }).click();
      const panel = taro.getByRole('dialog');
      await panel.getByRole('heading', { name: fillTemplate(ja.talk.groups.room.membersTitle, { count: 3 }) }).waitFor();
      await panel.getByText('suzuki.hanako@demo.example').waitFor();
      const addSection = panel.getByRole('region', { name: ja.talk.groups.room.addTitle });
      await addSection.getByLabel(ja.talk.groups.room.addTitle, { exact: true }).fill('tanaka');
      await addSection.getByRole('button', { name: fillTemplate(ja.talk.groups.picker.add, { name: '田中 結衣' }) }).click();
      await addSection.getByRole('button', { name: ja.talk.groups.room.add, exact: true }).click();
      await addSection.getByText(ja.talk.groups.room.added).waitFor();
      await panel.getByRole('heading', { name: fillTemplate(ja.talk.groups.room.membersTitle, { count: 4 }) }).waitFor();
      await panel.getByText('tanaka.yui@demo.example').waitFor();
      const botSection = panel.getByRole('region', { name: ja.talk.groups.room.botTitle });
      await botSection.getByLabel(ja.talk.groups.room.botTitle, { exact: true }).selectOption({ label: DEMO_BOT });
      await botSection.getByRole('button', { name: ja.talk.groups.room.botChange }).click();
      await botSection.locator('.field__error').getByText('only talks one to one', { exact: false }).waitFor();
      await expectNoHorizontalOverflow(taro);
      await screenshot(taro, 'talk-group-bot-refused-ja-phone', { fullPage: false });
      // A bot that allows group talks joins.
      await botSection.getByLabel(ja.talk.groups.room.botTitle, { exact: true }).selectOption({ label: TEAM_BOT });
      await botSection.getByRole('button', { name: ja.talk.groups.room.botChange }).click();
      await botSection.getByText(ja.talk.groups.room.botSaved).waitFor();
      await panel.getByRole('heading', { name: fillTemplate(ja.talk.groups.room.membersTitle, { count: 4 }) }).scrollIntoViewIfNeeded();
      await screenshot(taro, 'talk-group-members-ja-phone', { fullPage: false });
      await panel.getByRole('button', { name: ja.talk.groups.room.close }).click();
      await taro.getByRole('button', { name: fillTemplate(ja.talk.groups.room.membersButton, { count: 4 }) }).waitFor();

      // Ken leaves after confirming; the group talk is gone from his list.
      await ken.getByRole('button', { name: /^Members \(\d+\)$/ }).click();
      await ken.getByRole('dialog').getByRole('button', { name: en.talk.groups.room.leave }).click();
      const confirm = ken.getByRole('dialog', { name: en.talk.groups.room.leaveConfirmTitle });
      await confirm.getByRole('button', { name: en.talk.groups.room.leaveConfirm, exact: true }).click();
      await ken.waitForURL(/\/talk\/?$/);
      await ken.getByRole('heading', { name: en.talk.groups.heading }).waitFor();
      expect(await ken.getByRole('link', { name: new RegExp(title) }).count()).toBe(0);
      // Taro's list shows the talk with its members now.
      await taro.getByRole('link', { name: ja.talk.room.back }).click();
      await taro
        .getByRole('link', { name: new RegExp(title) })
        .getByText(`${fillTemplate(ja.talk.groups.memberCount_other, { count: 3 })} · ${fillTemplate(ja.talk.groups.withBot, { name: TEAM_BOT })}`)
        .waitFor();
      await expectNoHorizontalOverflow(taro);
      await screenshot(taro, 'talk-list-groups-ja-phone');
    } finally {
      await taro.context().close();
      await ken.context().close();
      await admin.context().close();
    }
  });
});
