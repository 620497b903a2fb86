import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { signInAsDemo } from './auth.ts';
import { graphqlInPage, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();

// biome-ignore lint/suspicious/noExplicitAny: test data read field by field
const call = (page: Page, query: string, variables: Record<string, unknown> = {}) => graphqlInPage<any>(page, query, variables);

describe('bot callback deliveries', () => {
  test('desktop (en): a member’s message queues a signed callback, shown in the bot’s delivery log with its body', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await signInAsDemo(page, en);
    await page.waitForURL('**/members');
    const members = await call(page, '{ members(first: 2) { edges { node { id } } } domains { id } }');
    const [manager, talker] = members.members.edges.map((edge: { node: { id: string } }) => edge.node.id);
    const marker = `delivery-${Date.now().toString(36)}`;
    const created = await call(
      page,
      `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id } } } }`,
      {
        input: {
          name: `Deliveries ${marker}`,
          description: 'e2e',
          callbackEnabled: true,
          callbackUrl: 'https://93.184.216.34/callback',
          messageTypes: ['text'],
          roomEvents: [],
          allowGroupJoin: false,
          managerIds: [manager],
        },
      },
    );
    const botId = created.createBot.bot.id as string;
    try {
      await call(page, `mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
        input: { id: botId, domainId: members.domains[0].id, visibility: 'ALL' },
      });
      const sent = await call(
        page,
        `mutation($input: MutationSendBotMessageAsMemberInput!) { sendBotMessageAsMember(input: $input) { ... on MutationSendBotMessageAsMemberSuccess { result { deliveryId } } } }`,
        { input: { id: botId, memberId: talker, text: `出勤 ${marker}` } },
      );
      expect(sent.sendBotMessageAsMember.result.deliveryId).toEqual(expect.any(String));

      await page.goto(`/bots/${encodeURIComponent(botId)}`);
      const log = page.getByRole('region', { name: en.bots.deliveries.title });
      const row = log.locator('.bots-delivery').first();
      await row.getByText('message', { exact: true }).waitFor();
      await row.getByText(en.bots.deliveries.body).click();
      await row.locator('pre').getByText(marker, { exact: false }).waitFor();
      expect(await log.locator('.bots-delivery').count()).toBe(1);
      await screenshot(page, 'bots-deliveries-en-desktop');
    } finally {
      await call(page, `mutation($input: MutationDeleteBotInput!) { deleteBot(input: $input) { __typename } }`, { input: { id: botId } });
      await page.context().close();
    }
  });
});
