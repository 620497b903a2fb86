import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import type { Messages } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { seriousViolations } from './axe.ts';
import { graphqlInPage, openPage, useBrowser, type ViewportName } from './browser.ts';

const browser = useBrowser();

/** Opens a page, waits for its h1 and for the network to settle (its data shown), then asks axe. */
async function scan(page: Page, path: string, found: Map<string, string[]>): Promise<void> {
  await page.goto(path);
  await page.locator('h1').first().waitFor();
  await check(page, path, found);
}

/** Asks axe about the page as it is now (a dialog open, for instance), under the given name. */
async function check(page: Page, name: string, found: Map<string, string[]>): Promise<void> {
  await page.waitForLoadState('networkidle');
  const violations = await seriousViolations(page);
  if (violations.length > 0) found.set(name, violations);
}

const sizes: [ViewportName, 'ja' | 'en', Messages][] = [
  ['phone', 'ja', ja],
  ['desktop', 'en', en],
];

describe('accessibility (axe-core: no serious or critical violation)', () => {
  for (const [size, language, messages] of sizes) {
    test(`${size} (${language}): every main page of the admin app, sign-in and the talk view`, async () => {
      const found = new Map<string, string[]>();
      const page = await openPage(browser.current, size, language);
      await scan(page, '/login', found);
      await signInAsDemo(page, messages);
      const ids = await graphqlInPage<any>(page, '{ members(first: 1) { edges { node { id } } } bots(first: 1) { edges { node { id } } } apiApps { id } }');
      const memberId = ids.members.edges[0].node.id;
      const botId = ids.bots.edges[0].node.id;
      const appId = ids.apiApps[0]?.id;
      const paths = [
        '/',
        '/members',
        `/members/${memberId}`,
        `/members/${memberId}/edit`,
        '/members/new',
        '/members/import',
        '/bots',
        `/bots/${botId}`,
        `/bots/${botId}/edit`,
        '/bots/new',
        '/bots/apps',
        ...(appId ? [`/bots/apps/${appId}`] : []),
        '/bots/apps/new',
        '/domains',
        '/external',
        '/external/members',
        '/external/simulator',
        '/attendance',
        '/attendance/employees',
        `/attendance/timesheets?employee=${memberId}`,
        '/attendance/wording',
        '/audit',
        '/admins',
        '/settings',
        '/tokens',
        ...(size === 'phone' ? ['/more'] : []),
      ];
      for (const path of paths) await scan(page, path, found);

      // Dialogs: a day of the timesheet (its stamps and the form to add one) and a confirmation.
      await page.goto(`/attendance/timesheets?employee=${memberId}`);
      await page.locator('[data-date] button').first().click();
      await page.getByRole('dialog').waitFor();
      await check(page, 'timesheet day dialog', found);
      await page.goto(`/members/${memberId}`);
      await page.getByRole('button', { name: messages.members.detail.suspend }).click();
      await page.getByRole('dialog', { name: messages.members.suspendConfirm.title }).waitFor();
      await check(page, 'suspend confirmation', found);
      await page.context().close();

      // The talk view, as an employee: sign-in, the talk list, a talk room and a new group talk.
      const talk = await openPage(browser.current, size, language);
      await scan(talk, '/talk/login', found);
      await talk.getByRole('button', { name: messages.talk.login.demoFill }).click();
      await talk.getByRole('button', { name: messages.talk.login.submit, exact: true }).click();
      await talk.waitForURL(/\/talk\/?$/);
      await talk.locator('h1').first().waitFor();
      await check(talk, '/talk', found);
      await talk.locator('a[href^="/talk/"]').first().click();
      await talk.locator('#talk-room-title').waitFor();
      await talk.locator('.talk-message').first().waitFor();
      await check(talk, 'talk room', found);
      await scan(talk, '/talk/groups/new', found);
      await talk.context().close();

      expect(Object.fromEntries(found)).toEqual({});
    }, 300_000);
  }
});
