import type { Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja, type Messages } from '../src/i18n/ja.ts';
import { signIn, signInAsDemo } from './auth.ts';
import { fillTemplate, graphqlInPage, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();

/** Every bot and admin made here carries this tag; whatever a failed run leaves is deleted at the end. */
const tag = `e2e${Date.now().toString(36)}`;
const DEMO_DOMAIN = 'デモ株式会社';
/** A public address: registration resolves it but never connects (the e2e API has no allow-list). */
const PUBLIC_CALLBACK = 'https://93.184.216.34/callback';

const gql = graphqlInPage;

async function openBots(page: Page, messages: Messages) {
  await signInAsDemo(page, messages);
  await page.waitForURL('**/members');
}

/** Page overflow to the right (0 when nothing sticks out). */
function overflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The message before `{{time}}`: enough to find a sentence whose time is not known in advance. */
function before(template: string, placeholder = '{{time}}') {
  return template.slice(0, template.indexOf(placeholder));
}

/**
 * The demo tenant is far from its 300 bots; to see the meter near and at the limit, the quota the
 * server reports is replaced in the browser (the server's own refusal is covered by the API tests).
 */
async function fakeQuota(page: Page, quota: { used: number; limit: number }, createRefusal?: { limit: number }) {
  await page.unrouteAll();
  await page.route('**/graphql', async (route) => {
    const query = String(route.request().postDataJSON()?.query ?? '');
    if (createRefusal && query.includes('createBot')) {
      await route.fulfill({
        json: {
          data: {
            createBot: {
              __typename: 'QuotaExceededError',
              code: 'QUOTA_EXCEEDED',
              message: `This tenant already has ${createRefusal.limit} bots, the most its plan allows (${createRefusal.limit})`,
              limit: createRefusal.limit,
            },
          },
        },
      });
      return;
    }
    const response = await route.fetch();
    const json = await response.json();
    if (json?.data?.botQuota) json.data.botQuota = { ...json.data.botQuota, ...quota };
    await route.fulfill({ response, json });
  });
}

afterAll(async () => {
  const page = await openPage(browser.current, 'desktop', 'en');
  await openBots(page, en);
  const data = await gql<{ bots: { edges: { node: { id: string; name: string } }[] }; admins: { id: string; email: string }[] }>(
    page,
    '{ bots(first: 100) { edges { node { id name } } } admins { id email } }',
  );
  for (const { node } of data.bots.edges.filter(({ node }) => node.name.includes(tag))) {
    await gql(page, 'mutation($input: MutationDeleteBotInput!) { deleteBot(input: $input) { __typename } }', { input: { id: node.id } });
  }
  for (const admin of data.admins.filter((entry) => entry.email.includes(tag))) {
    await gql(page, 'mutation($input: MutationDeleteAdminInput!) { deleteAdmin(input: $input) { __typename } }', { input: { id: admin.id } });
  }
  await page.context().close();
});

describe('Developer Console', () => {
  test('phone (ja): register a bot (a line break in its name becomes a space), see it Preparing under the quota meter, reveal and copy its secret, add it to the domain for everyone (Public), rotate the secret', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await openBots(page, ja);
    await page.getByRole('navigation', { name: ja.nav.label }).getByRole('link', { name: ja.nav.more }).click();
    await page.getByRole('link', { name: new RegExp(`^${ja.nav.bots}`) }).click();
    await page.waitForURL('**/bots');
    await page.getByRole('heading', { level: 1, name: ja.bots.title }).waitFor();
    const meter = page.getByRole('progressbar', { name: ja.bots.quota.label });
    const used = Number(await meter.getAttribute('aria-valuenow'));
    expect(await meter.getAttribute('aria-valuemax')).toBe('300');

    // Register: the count follows the text, the name says how it will be saved.
    await page.getByRole('link', { name: ja.bots.register }).click();
    await page.getByRole('heading', { level: 1, name: ja.bots.form.createTitle }).waitFor();
    const name = `勤怠\nボット ${tag}`;
    const savedName = `勤怠 ボット ${tag}`;
    await page.getByLabel(ja.bots.fields.name, { exact: true }).fill(name);
    await page.getByText(fillTemplate(ja.bots.form.nameSavedAs, { name: savedName })).waitFor();
    await page.getByLabel(ja.bots.fields.description, { exact: true }).fill('出勤・退勤を記録します');
    await page.getByText(fillTemplate(ja.bots.form.count, { count: 11, max: 100 })).waitFor();
    await page.getByRole('switch', { name: ja.bots.form.callbackSwitch }).click();
    await page.getByLabel(ja.bots.fields.callbackUrl, { exact: true }).fill(PUBLIC_CALLBACK);
    await page.getByLabel(ja.bots.messageTypes.location, { exact: true }).check();
    await page.getByLabel(ja.bots.roomEvents.begin, { exact: true }).check();
    await page.getByRole('searchbox', { name: fillTemplate(ja.bots.people.search, { role: ja.bots.people.roles.managers }), exact: true }).fill('sato');
    await page.getByRole('button', { name: fillTemplate(ja.bots.people.add, { name: '佐藤 太郎 (sato.taro@demo.example)' }) }).click();
    await page.getByRole('list', { name: fillTemplate(ja.bots.people.chosen, { role: ja.bots.people.roles.managers }), exact: true }).getByText('佐藤 太郎').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'bots-form-ja-phone');
    await page.getByRole('button', { name: ja.bots.form.create, exact: true }).click();

    // The detail page: Preparing, with what to do next.
    await page.getByRole('heading', { level: 1, name: savedName }).waitFor();
    await page.getByText(ja.bots.detail.created).waitFor();
    const profile = page.locator('.bots-profile');
    await profile.getByText(ja.bots.status.PREPARING, { exact: true }).waitFor();

    // The list: the new bot, Preparing, and the meter counts it.
    await page.getByRole('link', { name: ja.bots.backToList }).click();
    const row = page.locator('.bots-row').filter({ hasText: savedName });
    await row.getByText(ja.bots.status.PREPARING, { exact: true }).waitFor();
    await row.getByText(ja.bots.list.noDomains).waitFor();
    await expect.poll(() => meter.getAttribute('aria-valuenow')).toBe(String(used + 1));
    await page.getByText(fillTemplate(ja.bots.quota.value, { used: used + 1, limit: 300 })).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'bots-list-ja-phone');

    // The secret: masked, shown on request, copied exactly.
    await row.click();
    await page.getByRole('heading', { level: 1, name: savedName }).waitFor();
    const secretValue = page.locator('.bots-credential__secret');
    expect(await secretValue.textContent()).toContain('•••');
    await page.getByRole('button', { name: ja.bots.secret.showLabel }).click();
    await page.getByRole('button', { name: ja.bots.secret.hideLabel }).waitFor();
    const secret = (await secretValue.textContent()) ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    await page.getByRole('button', { name: ja.bots.secret.copy }).click();
    await page.getByText(ja.tokens.copied).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'bots-detail-ja-phone');

    // Added to the demo domain for everyone: Public.
    await page.getByRole('button', { name: ja.bots.domains.add }).click();
    const addForm = page.getByRole('form', { name: ja.bots.domains.addTitle });
    await addForm.getByLabel(ja.bots.domains.domain, { exact: true }).selectOption({ label: `${DEMO_DOMAIN} (@demo.example)` });
    expect(await addForm.getByLabel(ja.bots.domains.visibilityAll).isChecked()).toBe(true);
    await screenshot(page, 'bots-add-domain-ja-phone');
    await addForm.getByRole('button', { name: ja.bots.domains.addConfirm }).click();
    await page.getByText(fillTemplate(ja.bots.domains.added, { domain: DEMO_DOMAIN })).waitFor();
    await profile.getByText(ja.bots.status.PUBLIC, { exact: true }).waitFor();
    await page.locator('.bots-domain').getByText(ja.bots.domains.visibilityAll).waitFor();

    // Rotation: the dialog explains the 24-hour window; afterwards the old secret's end is the action required.
    await page.getByRole('button', { name: ja.bots.secret.rotate }).click();
    const dialog = page.getByRole('dialog', { name: ja.bots.secret.rotateTitle });
    await dialog.getByText(ja.bots.secret.rotateBody).waitFor();
    await screenshot(page, 'bots-rotate-ja-phone', { fullPage: false });
    await dialog.getByRole('button', { name: ja.bots.secret.rotateConfirm }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => secretValue.textContent()).not.toBe(secret);
    await page.getByText(before(ja.bots.secret.rotated)).waitFor();
    await profile.getByText(ja.bots.status.ACTION_REQUIRED, { exact: true }).waitFor();
    await page.locator('.bots-reasons').getByText(before(ja.bots.reasons.PREVIOUS_SECRET_ACTIVE)).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'bots-rotated-ja-phone');

    // The same page in English at phone size, and the list and form.
    await page.getByLabel(ja.language.label).selectOption('en');
    await page.getByRole('heading', { level: 2, name: en.bots.domains.title }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'bots-detail-en-phone');
    await page.getByRole('link', { name: en.bots.backToList }).click();
    await page.locator('.bots-row').filter({ hasText: savedName }).getByText(en.bots.status.ACTION_REQUIRED, { exact: true }).waitFor();
    await screenshot(page, 'bots-list-en-phone');
    await page.getByRole('link', { name: en.bots.register }).click();
    await page.getByRole('heading', { level: 1, name: en.bots.form.createTitle }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'bots-form-en-phone');

    // Delete it: the list and the meter lose it.
    await page.getByRole('link', { name: en.bots.backToList }).click();
    await page.locator('.bots-row').filter({ hasText: savedName }).click();
    await page.getByRole('button', { name: en.bots.detail.delete, exact: true }).click();
    const deleteDialog = page.getByRole('dialog', { name: fillTemplate(en.bots.delete.title, { name: savedName }) });
    await deleteDialog.getByRole('button', { name: en.bots.delete.confirm }).click();
    await page.waitForURL(/\/bots$/);
    const meterEn = page.getByRole('progressbar', { name: en.bots.quota.label });
    await expect.poll(() => meterEn.getAttribute('aria-valuenow')).toBe(String(used));
    expect(await page.locator('.bots-row').filter({ hasText: savedName }).count()).toBe(0);
    await page.context().close();
  }, 120_000);

  test('desktop (en): refusals on the fields (empty name, plain http, private address), edit, restrict to selected members, remove from the domain, delete', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await openBots(page, en);
    await page.getByRole('navigation', { name: en.nav.label }).getByRole('link', { name: new RegExp(`^${en.nav.bots}`) }).click();
    await page.getByRole('heading', { level: 1, name: en.bots.title }).waitFor();
    await page.getByRole('progressbar', { name: en.bots.quota.label }).waitFor();
    await screenshot(page, 'bots-list-empty-en-desktop');
    await page.getByRole('link', { name: en.bots.register }).click();
    await page.getByRole('heading', { level: 1, name: en.bots.form.createTitle }).waitFor();

    // Nothing filled in: the form says what is missing, on each field.
    const nameField = page.getByLabel(en.bots.fields.name, { exact: true });
    const submit = page.getByRole('button', { name: en.bots.form.create, exact: true });
    await submit.click();
    await page.locator('.field').filter({ has: nameField }).getByText(en.bots.form.errors.required).waitFor();
    expect(await nameField.getAttribute('aria-invalid')).toBe('true');
    await page.getByText(en.bots.form.errors.managersRequired).waitFor();
    await page.getByText(en.bots.form.fixErrors).waitFor();

    const name = `Attendance ${tag}`;
    await nameField.fill(name);
    await page.getByLabel(en.bots.fields.description, { exact: true }).fill('Clock in and out');
    await page.getByRole('searchbox', { name: fillTemplate(en.bots.people.search, { role: en.bots.people.roles.managers }), exact: true }).fill('takahashi');
    await page.getByRole('button', { name: fillTemplate(en.bots.people.add, { name: '高橋 健 (takahashi.ken@demo.example)' }) }).click();
    await page.getByRole('switch', { name: en.bots.form.callbackSwitch }).click();
    const urlField = page.getByLabel(en.bots.fields.callbackUrl, { exact: true });
    const urlError = page.locator('.field').filter({ has: urlField }).locator('.field__error');

    // The server refuses plain http and private addresses; the reason shows under the URL.
    await urlField.fill('http://93.184.216.34/callback');
    await submit.click();
    await urlError.getByText(en.bots.form.callbackErrors.NOT_HTTPS).waitFor();
    expect(await urlField.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'bots-form-errors-en-desktop');
    await urlField.fill('https://10.0.0.1/callback');
    await submit.click();
    await urlError.getByText(en.bots.form.callbackErrors.PRIVATE_ADDRESS).waitFor();
    await urlField.fill(PUBLIC_CALLBACK);
    await submit.click();
    await page.getByRole('heading', { level: 1, name }).waitFor();

    // Edit: a new description and a vice person in charge.
    await page.getByRole('link', { name: en.bots.detail.edit, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: en.bots.form.editTitle }).waitFor();
    await page.getByLabel(en.bots.fields.description, { exact: true }).fill('Clock in, clock out and breaks');
    await page.getByRole('searchbox', { name: fillTemplate(en.bots.people.search, { role: en.bots.people.roles.viceManagers }), exact: true }).fill('suzuki');
    await page.getByRole('button', { name: fillTemplate(en.bots.people.add, { name: '鈴木 花子 (suzuki.hanako@demo.example)' }) }).click();
    // The person in charge cannot be chosen as vice too.
    await page.getByRole('searchbox', { name: fillTemplate(en.bots.people.search, { role: en.bots.people.roles.viceManagers }), exact: true }).fill('takahashi');
    expect(
      await page.getByRole('button', { name: `高橋 健 (takahashi.ken@demo.example) — ${en.bots.people.takenAs.managers}` }).isDisabled(),
    ).toBe(true);
    await screenshot(page, 'bots-edit-en-desktop');
    await page.getByRole('button', { name: en.bots.form.save, exact: true }).click();
    await page.getByText(en.bots.detail.saved).waitFor();
    const settings = page.locator('.members-facts');
    await page.locator('.bots-profile').getByText('Clock in, clock out and breaks').waitFor();
    await settings.locator('.members-facts__item').filter({ hasText: en.bots.fields.viceManagers }).getByText('鈴木 花子').waitFor();

    // Added to the domain for everyone, then restricted to selected members.
    await page.getByRole('button', { name: en.bots.domains.add }).click();
    const addForm = page.getByRole('form', { name: en.bots.domains.addTitle });
    await addForm.getByLabel(en.bots.domains.domain, { exact: true }).selectOption({ label: `${DEMO_DOMAIN} (@demo.example)` });
    await addForm.getByRole('button', { name: en.bots.domains.addConfirm }).click();
    const assignment = page.locator('.bots-domain').filter({ hasText: DEMO_DOMAIN });
    await assignment.getByText(en.bots.domains.visibilityAll).waitFor();
    await page.getByRole('button', { name: fillTemplate(en.bots.domains.change, { domain: DEMO_DOMAIN }) }).click();
    const changeForm = page.getByRole('form', { name: fillTemplate(en.bots.domains.changeTitle, { domain: DEMO_DOMAIN }) });
    await changeForm.getByLabel(en.bots.domains.visibilitySelected).check();
    await changeForm.getByRole('button', { name: en.bots.domains.save }).click();
    await changeForm.getByText(en.bots.domains.membersRequired).waitFor();
    const memberSearch = changeForm.getByRole('searchbox', { name: fillTemplate(en.bots.people.search, { role: en.bots.people.roles.members }) });
    await memberSearch.fill('tanaka');
    await changeForm.getByRole('button', { name: fillTemplate(en.bots.people.add, { name: '田中 結衣 (tanaka.yui@demo.example)' }) }).click();
    await memberSearch.fill('watanabe');
    await changeForm.getByRole('button', { name: fillTemplate(en.bots.people.add, { name: '渡辺 美緒 (watanabe.mio@demo.example)' }) }).click();
    await screenshot(page, 'bots-add-selected-en-desktop');
    await changeForm.getByRole('button', { name: en.bots.domains.save }).click();
    await page.getByText(fillTemplate(en.bots.domains.updated, { domain: DEMO_DOMAIN })).waitFor();
    await assignment.getByText(fillTemplate(en.bots.domains.selectedCount_other, { count: 2 })).waitFor();
    await assignment.getByText(/田中 結衣, 渡辺 美緒|渡辺 美緒, 田中 結衣/).waitFor();
    const profile = page.locator('.bots-profile');
    await profile.getByText(en.bots.status.PUBLIC, { exact: true }).waitFor();
    await screenshot(page, 'bots-detail-en-desktop');

    // The same in Japanese on a desktop, then back.
    await page.getByLabel(en.language.label).selectOption('ja');
    await page.getByRole('heading', { level: 2, name: ja.bots.domains.title }).waitFor();
    await screenshot(page, 'bots-detail-ja-desktop');
    await page.getByRole('link', { name: ja.bots.backToList }).click();
    await page.locator('.bots-row').filter({ hasText: name }).waitFor();
    await screenshot(page, 'bots-list-ja-desktop');
    await page.getByRole('link', { name: ja.bots.register }).click();
    await page.getByRole('heading', { level: 1, name: ja.bots.form.createTitle }).waitFor();
    await screenshot(page, 'bots-form-ja-desktop');
    await page.getByLabel(ja.language.label).selectOption('en');
    await page.getByRole('link', { name: en.bots.backToList }).click();
    await page.locator('.bots-row').filter({ hasText: name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();

    // Removed from its only domain: back to Preparing.
    await page.getByRole('button', { name: fillTemplate(en.bots.domains.remove, { domain: DEMO_DOMAIN }) }).click();
    const removeDialog = page.getByRole('dialog', { name: fillTemplate(en.bots.domains.removeTitle, { domain: DEMO_DOMAIN }) });
    await removeDialog.getByRole('button', { name: en.bots.domains.removeConfirm }).click();
    await removeDialog.waitFor({ state: 'hidden' });
    await page.getByText(fillTemplate(en.bots.domains.removed, { domain: DEMO_DOMAIN })).waitFor();
    await profile.getByText(en.bots.status.PREPARING, { exact: true }).waitFor();
    await page.getByText(en.bots.domains.empty).waitFor();

    // Deleted: gone from the list.
    await page.getByRole('button', { name: en.bots.detail.delete, exact: true }).click();
    const deleteDialog = page.getByRole('dialog', { name: fillTemplate(en.bots.delete.title, { name }) });
    await screenshot(page, 'bots-delete-en-desktop', { fullPage: false });
    await deleteDialog.getByRole('button', { name: en.bots.delete.confirm }).click();
    await page.waitForURL(/\/bots$/);
    await page.getByRole('heading', { level: 1, name: en.bots.title }).waitFor();
    expect(await page.locator('.bots-row').filter({ hasText: name }).count()).toBe(0);
    await page.context().close();
  }, 90_000);

  test('quota: near the limit the meter turns amber, at the limit red with registering disabled and why; a refusal from the server says how many are allowed', async () => {
    for (const [viewport, messages, language] of [
      ['phone', ja, 'ja'],
      ['desktop', en, 'en'],
    ] as const) {
      const page = await openPage(browser.current, viewport, language);
      await openBots(page, messages);
      await fakeQuota(page, { used: 295, limit: 300 });
      await page.goto('/bots');
      const meter = page.getByRole('progressbar', { name: messages.bots.quota.label });
      await expect.poll(() => meter.getAttribute('aria-valuenow')).toBe('295');
      await page.locator('.bots-quota--near').getByText(fillTemplate(messages.bots.quota.near_other, { count: 5 })).waitFor();
      expect(await page.getByRole('link', { name: messages.bots.register }).isVisible()).toBe(true);
      await screenshot(page, `bots-quota-near-${language}-${viewport}`, { fullPage: false });

      await fakeQuota(page, { used: 300, limit: 300 });
      await page.reload();
      const full = fillTemplate(messages.bots.quota.full, { limit: 300 });
      await page.locator('.bots-quota--full').getByText(full).waitFor();
      const register = page.getByRole('button', { name: messages.bots.register });
      expect(await register.isDisabled()).toBe(true);
      const reasonId = (await register.getAttribute('aria-describedby')) ?? '';
      expect(await page.locator(`[id="${reasonId}"]`).textContent()).toBe(full);
      await screenshot(page, `bots-quota-full-${language}-${viewport}`, { fullPage: false });

      // Someone else took the last place between the page load and the click: the server's refusal.
      await fakeQuota(page, { used: 299, limit: 300 }, { limit: 300 });
      await page.goto('/bots/new');
      await page.getByLabel(messages.bots.fields.name, { exact: true }).fill(`Quota ${tag}`);
      await page.getByLabel(messages.bots.fields.description, { exact: true }).fill('Refused');
      await page
        .getByRole('searchbox', { name: fillTemplate(messages.bots.people.search, { role: messages.bots.people.roles.managers }), exact: true })
        .fill('sato');
      await page.getByRole('button', { name: fillTemplate(messages.bots.people.add, { name: '佐藤 太郎 (sato.taro@demo.example)' }) }).click();
      await page.getByRole('button', { name: messages.bots.form.create, exact: true }).click();
      await page.getByRole('alert').getByText(fillTemplate(messages.bots.form.quotaExceeded, { limit: 300 })).waitFor();
      await page.context().close();
    }
  }, 90_000);

  test('desktop (en): an admin who may only view bots sees everything but the secret, and no edit controls', async () => {
    const master = await openPage(browser.current, 'desktop', 'en');
    await openBots(master, en);
    const viewer = { email: `bots-viewer-${tag}@demo.example`, password: `view-${tag}-2026` };
    const setup = await gql<{
      members: { edges: { node: { id: string } }[] };
    }>(master, '{ members(query: "sato.taro", first: 1) { edges { node { id } } } }');
    const managerId = setup.members.edges[0]?.node.id;
    const created = await gql<{ createBot: { bot?: { id: string } } }>(
      master,
      `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id } } } }`,
      {
        input: {
          name: `Read only ${tag}`,
          description: 'Seen by a viewer',
          callbackEnabled: false,
          messageTypes: ['text'],
          roomEvents: [],
          allowGroupJoin: false,
          managerIds: [managerId],
        },
      },
    );
    const botId = created.createBot.bot?.id;
    expect(botId).toBeTruthy();
    await gql(master, 'mutation($input: MutationCreateAdminInput!) { createAdmin(input: $input) { __typename } }', {
      input: {
        name: 'Bots viewer',
        email: viewer.email,
        password: viewer.password,
        authorities: { members: 'VIEW', bots: 'VIEW', external: 'NONE', attendance: 'NONE', audit: 'NONE' },
      },
    });
    await master.context().close();

    const page = await openPage(browser.current, 'desktop', 'en');
    await signIn(page, en, viewer.email, viewer.password);
    await page.goto('/bots');
    await page.getByRole('heading', { level: 1, name: en.bots.title }).waitFor();
    await page.getByText(en.bots.readOnly).waitFor();
    expect(await page.getByRole('link', { name: en.bots.register }).count()).toBe(0);
    await page.locator('.bots-row').filter({ hasText: `Read only ${tag}` }).click();
    await page.getByRole('heading', { level: 1, name: `Read only ${tag}` }).waitFor();
    await page.getByText(en.bots.secret.hidden).waitFor();
    expect(await page.locator('.bots-credential__secret').count()).toBe(0);
    for (const label of [en.bots.detail.edit, en.bots.detail.delete, en.bots.secret.rotate, en.bots.domains.add]) {
      expect(await page.getByRole('button', { name: label, exact: true }).count()).toBe(0);
      expect(await page.getByRole('link', { name: label, exact: true }).count()).toBe(0);
    }
    await screenshot(page, 'bots-readonly-en-desktop');
    await page.context().close();
  });
});
