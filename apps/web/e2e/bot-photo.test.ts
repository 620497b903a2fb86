import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja, type Messages } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { fillTemplate, graphqlInPage, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();

/** Every bot made here carries this tag; whatever a failed run leaves is deleted at the end. */
const tag = `e2e${Date.now().toString(36)}`;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A square PNG in two colours (diagonal halves), so the preview visibly shows it. */
function pngImage(size: number, [r1, g1, b1]: [number, number, number], [r2, g2, b2]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size; x++) rows.push(...(x > y ? [r1, g1, b1] : [r2, g2, b2]));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Page overflow to the right (0 when nothing sticks out). */
function overflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** A bot made through GraphQL (the form itself is covered by bots.test.ts); returns its global id. */
async function createBot(page: Page, name: string): Promise<string> {
  const members = await graphqlInPage<{ members: { edges: { node: { id: string } }[] } }>(page, '{ members(first: 1) { edges { node { id } } } }');
  const managerId = members.members.edges[0]?.node.id;
  const created = await graphqlInPage<{ createBot: { __typename: string; bot?: { id: string } } }>(
    page,
    'mutation($input: MutationCreateBotInput!) { createBot(input: $input) { __typename ... on MutationCreateBotSuccess { bot { id } } } }',
    {
      input: { name, description: 'Profile image', callbackEnabled: false, messageTypes: ['text'], roomEvents: [], allowGroupJoin: false, managerIds: [managerId] },
    },
  );
  const id = created.createBot.bot?.id;
  if (!id) throw new Error(`createBot: ${created.createBot.__typename}`);
  return id;
}

/** Whether the image is drawn: fetched (with the session cookie) and decoded. */
function loadedImage(page: Page, selector: string) {
  return page.locator(selector).evaluate((element) => {
    const image = element as HTMLImageElement;
    return image.tagName === 'IMG' && image.complete && image.naturalWidth > 0;
  });
}

async function openEdit(page: Page, messages: Messages, botId: string, name: string) {
  await page.goto(`/bots/${encodeURIComponent(botId)}/edit`);
  await page.getByRole('heading', { level: 1, name: messages.bots.form.editTitle }).waitFor();
  await page.getByRole('heading', { level: 2, name: messages.bots.photo.title }).waitFor();
  await page.getByLabel(messages.bots.fields.name, { exact: true }).waitFor();
  expect(await page.getByLabel(messages.bots.fields.name, { exact: true }).inputValue()).toBe(name);
}

afterAll(async () => {
  const page = await openPage(browser.current, 'desktop', 'en');
  await signInAsDemo(page, en);
  await page.waitForURL('**/members');
  const data = await graphqlInPage<{ bots: { edges: { node: { id: string; name: string } }[] } }>(page, '{ bots(first: 100) { edges { node { id name } } } }');
  for (const { node } of data.bots.edges.filter(({ node }) => node.name.includes(tag))) {
    await graphqlInPage(page, 'mutation($input: MutationDeleteBotInput!) { deleteBot(input: $input) { __typename } }', { input: { id: node.id } });
  }
  await page.context().close();
});

describe('Bot profile image', () => {
  for (const [viewport, language, messages] of [
    ['phone', 'ja', ja],
    ['desktop', 'en', en],
  ] as const) {
    test(`${viewport} (${language}): a wrong type and a too-large file are refused with their message; a PNG is previewed, uploaded and shown on the detail page and the list; removed again`, async () => {
      const page = await openPage(browser.current, viewport, language);
      await signInAsDemo(page, messages);
      await page.waitForURL('**/members');
      const name = `Photo ${language} ${tag}`;
      const botId = await createBot(page, name);
      await openEdit(page, messages, botId, name);
      const card = page.getByRole('region', { name: messages.bots.photo.title });
      const fileInput = card.getByLabel(messages.bots.photo.choose, { exact: true });
      await card.getByText(messages.bots.photo.none).waitFor();

      // Not an image (whatever its name says): refused here, as the API would.
      await fileInput.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a not a png at all') });
      await card.getByText(messages.bots.photo.errors.type).waitFor();
      expect(await card.getByRole('button', { name: messages.bots.photo.upload }).count()).toBe(0);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `bots-photo-refused-${language}-${viewport}`);

      // Over 1 MB: refused with the size.
      const large = Buffer.concat([pngImage(8, [0, 0, 0], [255, 255, 255]), Buffer.alloc(1024 * 1024)]);
      await fileInput.setInputFiles({ name: 'large.png', mimeType: 'image/png', buffer: large });
      await card.locator('.alert--error').getByText(fillTemplate(messages.bots.photo.errors.tooLarge, { size: 'XX', max: 1 }).split('XX')[0] ?? '').waitFor();

      // A PNG: previewed, then the server refuses once (its message shows), then it is uploaded.
      await fileInput.setInputFiles({ name: 'attendance.png', mimeType: 'image/png', buffer: pngImage(96, [31, 79, 216], [255, 196, 0]) });
      await card.getByRole('img', { name: messages.bots.photo.preview }).waitFor();
      expect(await card.locator('.alert--error').count()).toBe(0);
      await page.route('**/api/bots/*/photo', (route) =>
        route.request().method() === 'PUT'
          ? route.fulfill({ status: 413, json: { code: 'LIMIT_EXCEEDED', description: 'The image is larger than 1 MB' } })
          : route.fallback(),
      );
      await card.getByRole('button', { name: messages.bots.photo.upload }).click();
      await card.locator('.alert--error').getByText(fillTemplate(messages.bots.photo.errors.tooLargeServer, { max: 1 })).waitFor();
      await page.unrouteAll();
      await screenshot(page, `bots-photo-preview-${language}-${viewport}`);
      await card.getByRole('button', { name: messages.bots.photo.upload }).click();
      await card.getByText(messages.bots.photo.uploaded).waitFor();
      await card.getByRole('img', { name: messages.bots.photo.current }).waitFor();
      await expect.poll(() => loadedImage(page, '.bots-photo img')).toBe(true);
      await card.getByRole('button', { name: messages.bots.photo.remove }).waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `bots-photo-uploaded-${language}-${viewport}`);

      // The detail page and the list show it.
      await page.goto(`/bots/${encodeURIComponent(botId)}`);
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await expect.poll(() => loadedImage(page, '.bots-profile img.bots-avatar')).toBe(true);
      await screenshot(page, `bots-photo-detail-${language}-${viewport}`);
      await page.goto('/bots');
      const row = page.locator('.bots-row').filter({ hasText: name });
      await row.waitFor();
      await expect.poll(() => row.locator('img.bots-avatar').evaluate((image) => (image as HTMLImageElement).naturalWidth > 0)).toBe(true);

      // Removed: the initial is back.
      await openEdit(page, messages, botId, name);
      await expect.poll(() => loadedImage(page, '.bots-photo img')).toBe(true);
      await card.getByRole('button', { name: messages.bots.photo.remove }).click();
      await card.getByText(messages.bots.photo.removed).waitFor();
      await card.getByText(messages.bots.photo.none).waitFor();
      expect(await card.locator('img').count()).toBe(0);
      await page.context().close();
    });
  }
});
