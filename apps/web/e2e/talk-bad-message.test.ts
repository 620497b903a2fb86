import type { Page, Route } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import type { Messages } from '../src/i18n/ja.ts';
import { baseUrl, locales, openPage, screenshot, useBrowser, type ViewportName, viewports } from './browser.ts';

const browser = useBrowser();

const DEMO_BOT = 'デモ案内ボット (Demo guide)';
const BAD_URL = 'https://example.invalid/report%E0%A4%A.pdf';
const DEEP = '__deep_flex__';

/**
 * Content as it can sit in the database, whatever the API accepts today: rows stored before URLs were
 * checked, and content this view does not know. The API no longer stores such messages, so they are
 * added to the server's real answer on the way to the page.
 */
const storedContents = [
  // The bot message that used to break the room on every load.
  { type: 'file', originalContentUrl: BAD_URL },
  // A type this view does not know, with nothing to show.
  { type: 'hologram', payload: { frames: 3 } },
  // Content whose rendering throws (nested deeper than the browser's stack): the error boundary's case.
  DEEP,
];

/** A flex message nested `depth` boxes deep, as JSON text (too deep for JSON.stringify to build). */
function deepFlexJson(depth: number): string {
  const open = '{"type":"box","layout":"vertical","contents":['.repeat(depth);
  const close = ']}'.repeat(depth);
  return `{"type":"flex","altText":"Deep","contents":{"type":"bubble","body":${open}{"type":"text","text":"deep"}${close}}}`;
}

/** Adds the stored contents to the latest page of a room's messages, before its last message (so they show at the bottom). */
async function withStoredContents(page: Page) {
  const deep = deepFlexJson(60_000);
  await page.route('**/graphql', async (route: Route) => {
    const body = route.request().postDataJSON() as { operationName?: string; variables?: { before?: string | null } } | null;
    const field = body?.operationName === 'TalkMessages' ? 'talkMessages' : body?.operationName === 'TalkChannelMessages' ? 'talkChannelMessages' : null;
    if (!field || body?.variables?.before) return route.continue();
    const response = await route.fetch();
    const json = await response.json();
    const messages: Record<string, unknown>[] = json.data[field].messages;
    const last = messages.at(-1);
    const anchor = messages.at(-2) ?? last;
    const template = anchor ?? { __typename: field === 'talkMessages' ? 'TalkMessage' : 'TalkChannelMessage', createdAt: new Date().toISOString() };
    const added = storedContents.map((content, index) => ({
      ...template,
      id: `${String(template.id ?? '00000000-0000-4000-8000-000000000000')}-stored-${index}`,
      sender: 'BOT',
      ...(field === 'talkChannelMessages' && { memberId: null }),
      content,
    }));
    json.data[field].messages = last && anchor !== last ? [...messages.slice(0, -1), ...added, last] : [...messages, ...added];
    await route.fulfill({ response, body: JSON.stringify(json).replace(JSON.stringify(DEEP), () => deep) });
  });
}

/** GraphQL as the talk view sends it (member session cookie + member CSRF header). */
async function memberGraphql<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await page.evaluate(
    async ({ query, variables }) => {
      const csrf = document.cookie
        .split('; ')
        .find((part) => part.startsWith('wb_mcsrf='))
        ?.slice('wb_mcsrf='.length);
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-member-csrf-token': decodeURIComponent(csrf ?? '') },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    { query, variables },
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
}

async function signInAsDemoMember(page: Page, messages: Messages) {
  await page.goto('/talk/login');
  await page.getByRole('button', { name: messages.talk.login.demoFill }).click();
  await page.getByRole('button', { name: messages.talk.login.submit, exact: true }).click();
  await page.waitForURL(/\/talk\/?$/);
}

/** The room keeps working around the broken messages: the good ones, the bad file, two stand-ins, and sending. */
async function expectRoomWorks(page: Page, messages: Messages, roomName: string, said: string) {
  const talk = page.getByRole('list', { name: roomName });
  await talk.getByRole('link', { name: 'report%E0%A4%A.pdf' }).waitFor();
  expect(await talk.getByText(messages.talk.room.unavailable, { exact: true }).count()).toBe(2);
  expect(await page.getByText(messages.app.errorTitle).count()).toBe(0);
  await page.getByLabel(messages.talk.room.placeholder).fill(said);
  await page.getByRole('button', { name: messages.talk.room.send, exact: true }).click();
  await talk.locator('.talk-message--member').getByText(said, { exact: true }).waitFor();
  return talk;
}

describe('talk view: one bad message does not break the room', () => {
  test('a bot message with a malformed URL, one of an unknown type and one that fails to render show in place; the rest of the 1:1 and group rooms work', async () => {
    const phone = await openPage(browser.current, 'phone', 'ja');
    await withStoredContents(phone);
    const others: Page[] = [];
    try {
      await signInAsDemoMember(phone, ja);
      await phone.getByRole('link', { name: new RegExp(DEMO_BOT.replace(/[()]/g, '\\$&')) }).click();
      await phone.getByRole('heading', { name: DEMO_BOT }).waitFor();
      const talk = await expectRoomWorks(phone, ja, DEMO_BOT, 'まだ話せます');
      // The bot's other messages, its quick replies and its menu are all there.
      await talk.getByText('Hello! These are examples', { exact: false }).waitFor();
      await talk.getByRole('button', { name: 'はい / Yes' }).waitFor();
      expect(await phone.getByRole('navigation', { name: ja.talk.room.menu }).getByRole('button').count()).toBe(2);
      expect(await talk.getByRole('link', { name: 'report%E0%A4%A.pdf' }).getAttribute('href')).toBe(BAD_URL);
      const roomPath = new URL(phone.url()).pathname;

      // The same room at the other size and in the other language, on the same session.
      const session = await phone.context().storageState();
      const shots: [ViewportName, keyof typeof locales][] = [
        ['phone', 'ja'],
        ['desktop', 'ja'],
        ['phone', 'en'],
        ['desktop', 'en'],
      ];
      for (const [viewport, language] of shots) {
        const messages = language === 'ja' ? ja : en;
        const page =
          viewport === 'phone' && language === 'ja'
            ? phone
            : await browser.current.newContext({ ...viewports[viewport], locale: locales[language], baseURL: baseUrl(), storageState: session }).then((context) => context.newPage());
        if (page !== phone) {
          others.push(page);
          await withStoredContents(page);
          await page.goto(roomPath);
          await page.getByRole('list', { name: DEMO_BOT }).getByText(messages.talk.room.unavailable, { exact: true }).first().waitFor();
        }
        await screenshot(page, `talk-room-bad-message-${language}-${viewport}`, { fullPage: false });
      }

      // A group talk (another room view, same messages) with the same stored contents.
      const desktop = others.at(-1);
      if (!desktop) throw new Error('no desktop page');
      const people = await memberGraphql<{ talkDirectory: { id: string }[] }>(desktop, `{ talkDirectory(query: "suzuki") { id } }`);
      const title = `Broken content ${Date.now().toString(36)}`;
      const created = await memberGraphql<{ createTalkChannel: { channel: { id: string } } }>(
        desktop,
        `mutation($input: MutationCreateTalkChannelInput!) { createTalkChannel(input: $input) { ... on MutationCreateTalkChannelSuccess { channel { id } } } }`,
        { input: { title, memberIds: people.talkDirectory.map((person) => person.id) } },
      );
      await desktop.goto(`/talk/groups/${encodeURIComponent(created.createTalkChannel.channel.id)}`);
      await desktop.getByRole('heading', { name: title }).waitFor();
      await expectRoomWorks(desktop, en, title, 'Still talking');
      await screenshot(desktop, 'talk-group-bad-message-en-desktop', { fullPage: false });
    } finally {
      for (const page of others) await page.context().close();
      await phone.context().close();
    }
  });
});
