import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja, type Messages } from '../src/i18n/ja.ts';
import { signIn, signInAsDemo } from './auth.ts';
import { fillTemplate, graphqlInPage, openPage, screenshot, useBrowser, type ViewportName } from './browser.ts';

const browser = useBrowser();

/** Other test files work on the same server: every run names its own external people. */
const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;


const demoDomainQuery = '{ domains { id name } }';
const lineSettingsQuery = `query ($domainId: ID!) {
  externalSettings(domainId: $domainId) { kind greetingEnabled greetingJa greetingEn }
}`;

async function demoDomainId(page: Page): Promise<string> {
  const data = await graphqlInPage<{ domains: { id: string; name: string }[] }>(page, demoDomainQuery);
  const domain = data.domains.find((candidate) => candidate.name === 'demo.example');
  if (!domain) throw new Error('no demo.example domain');
  return domain.id;
}

/** The greeting a LINE contact of this language gets now (other test files may change it), or '' when off. */
async function lineGreeting(page: Page, language: 'ja' | 'en'): Promise<string> {
  const data = await graphqlInPage<{
    externalSettings: { kind: string; greetingEnabled: boolean; greetingJa: string; greetingEn: string }[];
  }>(page, lineSettingsQuery, { domainId: await demoDomainId(page) });
  const line = data.externalSettings.find((setting) => setting.kind === 'LINE');
  if (!line?.greetingEnabled) return '';
  return language === 'en' ? line.greetingEn || line.greetingJa : line.greetingJa || line.greetingEn;
}

async function openSimulator(page: Page, messages: Messages) {
  await signInAsDemo(page, messages);
  await page.waitForURL('**/members');
  await page.goto('/external/simulator');
  await page.getByRole('heading', { level: 1, name: messages.simulator.title }).waitFor();
}

function chat(page: Page, messages: Messages) {
  return page.getByRole('log', { name: messages.simulator.room.messages });
}

/** An external person adds `talkId` in `kind`; returns the room heading once the room is shown. */
async function addFriend(page: Page, messages: Messages, kind: 'LINE' | 'WORKS', talkId: string, displayName: string) {
  const form = page.getByRole('form', { name: messages.simulator.add.title });
  await form.getByLabel(messages.simulator.add.section).selectOption(kind);
  await form.getByLabel(messages.simulator.add.member).selectOption(talkId);
  await form.getByLabel(messages.simulator.add.displayName).fill(displayName);
  await form.getByRole('button', { name: messages.simulator.add.submit }).click();
}

const flows = [
  { viewport: 'phone', language: 'ja', messages: ja, line: ['hayashi_hina', '林 陽菜'], works: ['sato_taro', '佐藤 太郎'] },
  { viewport: 'desktop', language: 'en', messages: en, line: ['ikeda_itsuki', '池田 樹'], works: ['shimizu_kaito', '清水 海斗'] },
] as const;

describe('external-messaging simulator', () => {
  for (const { viewport, language, messages, line, works } of flows) {
    test(`${viewport} (${language}): friend add opens a room with the greeting; both sides write; attachments are refused where restricted`, async () => {
      const page = await openPage(browser.current, viewport, language);
      await openSimulator(page, messages);
      // The seeded conversation is in the list.
      await page.getByRole('link', { name: /山本 由美 \(LINE\)/ }).first().waitFor();
      await screenshot(page, `simulator-${language}-${viewport}`);

      // LINE: the external person adds a member; the room opens with the greeting in their language.
      const [talkId, memberName] = line;
      const contact = `e2e ${language} ${unique()}`;
      const form = page.getByRole('form', { name: messages.simulator.add.title });
      await addFriend(page, messages, 'LINE', talkId, contact);
      await form.getByText(fillTemplate(messages.simulator.add.created, { contact, member: memberName })).waitFor();
      const room = page.getByRole('region', { name: fillTemplate(messages.simulator.rooms.pair, { contact, member: memberName }) });
      const greeting = await lineGreeting(page, language);
      expect(greeting).not.toBe('');
      await chat(page, messages).locator('.simulator-message--system').getByText(greeting).waitFor();
      await room.getByText(messages.simulator.room.seenAs).waitFor();
      // The new room heads the list (newest first).
      await page.locator('.simulator-rooms__item').first().getByText(contact).waitFor();

      // Adding the same member again with the same external id changes nothing.
      await form.getByRole('button', { name: messages.simulator.add.submit }).click();
      await form.getByText(fillTemplate(messages.simulator.add.alreadyOpen, { contact, member: memberName })).waitFor();

      // The external person writes, then the member answers.
      const composer = room.getByRole('form', { name: messages.simulator.composer.title });
      const fromContact = `Hello from ${contact}`;
      await composer.getByLabel(messages.simulator.composer.text).fill(fromContact);
      await composer.getByRole('button', { name: messages.simulator.composer.send }).click();
      await chat(page, messages).getByText(fromContact).waitFor();
      await composer.getByRole('radio', { name: messages.simulator.composer.asMember }).check();
      const fromMember = `Reply to ${contact}`;
      await composer.getByLabel(messages.simulator.composer.text).fill(fromMember);
      await composer.getByRole('button', { name: messages.simulator.composer.send }).click();
      const reply = chat(page, messages).locator('li', { hasText: fromMember });
      await reply.waitFor();
      expect(await reply.getAttribute('class')).toContain('simulator-message--member');
      const question = chat(page, messages).locator('li', { hasText: fromContact });
      expect(await question.getAttribute('class')).toContain('simulator-message--external');
      const sent = 3;
      expect(await chat(page, messages).locator('li').count()).toBe(sent);
      await screenshot(page, `simulator-room-${language}-${viewport}`);

      // A validation error is shown at the composer, and nothing is sent.
      await composer.getByLabel(messages.simulator.composer.type).selectOption('PHOTO');
      await composer.getByRole('button', { name: messages.simulator.composer.send }).click();
      await composer.getByText(messages.errors.fieldCodes.required).waitFor();
      expect(await chat(page, messages).locator('li').count()).toBe(sent);

      // WORKS (file transfer restricted): an attachment is refused with the translated rule, nothing added.
      const [worksTalkId, worksMember] = works;
      const worksContact = `e2e works ${language} ${unique()}`;
      await addFriend(page, messages, 'WORKS', worksTalkId, worksContact);
      await form.getByText(fillTemplate(messages.simulator.add.created, { contact: worksContact, member: worksMember })).waitFor();
      const worksRoom = page.getByRole('region', { name: fillTemplate(messages.simulator.rooms.pair, { contact: worksContact, member: worksMember }) });
      await worksRoom.getByText(messages.simulator.room.noMessages).waitFor();
      const worksComposer = worksRoom.getByRole('form', { name: messages.simulator.composer.title });
      await worksComposer.getByLabel(messages.simulator.composer.type).selectOption('FILE');
      await worksComposer.getByText(messages.simulator.composer.restrictedNote).waitFor();
      await worksComposer.getByLabel(messages.simulator.composer.fileName).fill('quote-2026.pdf');
      await worksComposer.getByRole('button', { name: messages.simulator.composer.send }).click();
      const refusal = fillTemplate(messages.simulator.composer.errors.fileRestricted, {
        type: messages.simulator.room.types.FILE.toLocaleLowerCase(),
      });
      await worksComposer.getByRole('alert').getByText(refusal).waitFor();
      expect(await chat(page, messages).locator('li').count()).toBe(0);
      await screenshot(page, `simulator-restricted-${language}-${viewport}`, { fullPage: viewport === 'phone' });
      // Text still goes through in the same room.
      await worksComposer.getByLabel(messages.simulator.composer.type).selectOption('TEXT');
      await worksComposer.getByLabel(messages.simulator.composer.text).fill(`Text to ${worksContact}`);
      await worksComposer.getByRole('button', { name: messages.simulator.composer.send }).click();
      await chat(page, messages).getByText(`Text to ${worksContact}`).waitFor();
      expect(await worksComposer.getByRole('alert').count()).toBe(0);
      await page.context().close();
    });
  }

  test('phone (en): refusals are worded: a talk id nobody has, a missing display name', async () => {
    const page = await openPage(browser.current, 'phone', 'en');
    await openSimulator(page, en);
    const form = page.getByRole('form', { name: en.simulator.add.title });
    await form.getByLabel(en.simulator.add.member).selectOption('__other__');
    await form.getByLabel(en.simulator.add.displayName).fill(`e2e refused ${unique()}`);
    await form.getByLabel(en.simulator.add.talkId, { exact: true }).fill('nobody_here');
    await form.getByRole('button', { name: en.simulator.add.submit }).click();
    await form
      .getByRole('alert')
      .getByText(fillTemplate(en.simulator.add.errors.unknownTalkId, { talkId: 'nobody_here', domain: 'demo.example' }))
      .waitFor();
    await screenshot(page, 'simulator-refused-en-phone');
    // A display name is required.
    await form.getByLabel(en.simulator.add.member).selectOption('kato_sakura');
    await form.getByLabel(en.simulator.add.displayName).fill('');
    await form.getByRole('button', { name: en.simulator.add.submit }).click();
    await form.getByText(en.errors.fieldCodes.required).waitFor();
    await page.context().close();
  });

  test('desktop (ja): under network faults a new member is not available and cannot be added; removing the link closes the room', async () => {
    const page = await openPage(browser.current, 'desktop', 'ja');
    await openSimulator(page, ja);
    // A member of this test's own, so that the seeded ones stay as other test files expect them.
    const local = `e2e-sim-${unique()}`;
    const created = await graphqlInPage<{ createMember: { member?: { id: string } } }>(
      page,
      `mutation ($input: MutationCreateMemberInput!) {
        createMember(input: $input) { ... on MutationCreateMemberSuccess { member { id } } }
      }`,
      { input: { domainId: await demoDomainId(page), loginId: `${local}@demo.example`, familyName: '試験', givenName: '花子' } },
    );
    const memberId = created.createMember.member?.id;
    if (!memberId) throw new Error('the member was not created');
    const linkOf = async () => {
      const data = await graphqlInPage<{ externalLinks: { edges: { node: { id: string; talkId: string; status: string } }[] } }>(
        page,
        'query ($q: String!) { externalLinks(kind: LINE, query: $q, first: 5) { edges { node { id talkId status } } } }',
        { q: local },
      );
      return data.externalLinks.edges.map((edge) => edge.node).find((node) => node.talkId === local);
    };

    // Every attempt to add members to the external service fails for now.
    const faults = page.getByRole('form', { name: ja.simulator.faults.title });
    await faults.getByText(ja.simulator.faults.intro).waitFor();
    await faults.getByLabel(ja.simulator.faults.count).fill('-1');
    await faults.getByRole('button', { name: ja.simulator.faults.submit }).click();
    await faults.getByText(fillTemplate(ja.simulator.faults.countInvalid, { max: 100000 })).waitFor();
    await faults.getByLabel(ja.simulator.faults.count).fill('1000');
    await faults.getByRole('button', { name: ja.simulator.faults.submit }).click();
    await faults.getByText(fillTemplate(ja.simulator.faults.done_other, { count: 1000 })).waitFor();
    await graphqlInPage(page, 'mutation ($ids: [ID!]!) { addExternalLinks(input: { kind: LINE, memberIds: $ids }) { __typename } }', {
      ids: [memberId],
    });

    // The member is connected but not available (pending or retrying): the friend add is refused, and says why.
    const form = page.getByRole('form', { name: ja.simulator.add.title });
    await form.getByLabel(ja.simulator.add.member).selectOption('__other__');
    await form.getByLabel(ja.simulator.add.talkId, { exact: true }).fill(local);
    await form.getByLabel(ja.simulator.add.displayName).fill(`e2e closed ${local}`);
    await form.getByRole('button', { name: ja.simulator.add.submit }).click();
    const refusal = ['PENDING', 'RETRY'] as const;
    await form
      .getByRole('alert')
      .filter({
        hasText: new RegExp(
          refusal
            .map((status) => fillTemplate(ja.simulator.add.errors.notAvailable, { name: '試験 花子', talkId: local, status: ja.simulator.linkStatus[status] }))
            .map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('|'),
        ),
      })
      .waitFor();
    await screenshot(page, 'simulator-not-available-ja-desktop');

    // Faults off; a retry by hand makes the member available.
    await faults.getByLabel(ja.simulator.faults.count).fill('0');
    await faults.getByRole('button', { name: ja.simulator.faults.submit }).click();
    await faults.getByText(ja.simulator.faults.cleared).waitFor();
    const link = await linkOf();
    if (!link) throw new Error('the link was not created');
    if (link.status === 'RETRY') {
      await graphqlInPage(page, 'mutation ($id: ID!) { retryExternalLink(input: { id: $id }) { __typename } }', { id: link.id });
    }
    await expect.poll(async () => (await linkOf())?.status, { timeout: 30_000, interval: 500 }).toBe('AVAILABLE');

    // Now the friend add opens a room.
    await form.getByRole('button', { name: ja.simulator.add.submit }).click();
    const contact = `e2e closed ${local}`;
    await form.getByText(fillTemplate(ja.simulator.add.created, { contact, member: '試験 花子' })).waitFor();
    const room = page.getByRole('region', { name: fillTemplate(ja.simulator.rooms.pair, { contact, member: '試験 花子' }) });
    await room.getByRole('form', { name: ja.simulator.composer.title }).waitFor();

    // Link authority removed: the room closes, the external side sees "unknown", no composer.
    await graphqlInPage(page, 'mutation ($ids: [ID!]!) { removeExternalLinks(input: { kind: LINE, memberIds: $ids }) { __typename } }', {
      ids: [memberId],
    });
    await page.reload();
    await room.getByText(ja.simulator.room.closedTitle).waitFor();
    await room.getByText(ja.simulator.room.closedReasons.LINK_REMOVED).waitFor();
    await room.getByText(ja.simulator.room.unknown, { exact: true }).waitFor();
    await room.getByText(ja.simulator.room.closedNoComposer).waitFor();
    expect(await room.getByRole('form').count()).toBe(0);
    await screenshot(page, 'simulator-closed-ja-desktop');

    await graphqlInPage(page, 'mutation ($id: ID!) { deleteMember(input: { id: $id }) { __typename } }', { id: memberId });
    await page.context().close();
  });

  test('renders in en at phone size and in ja at desktop size', async () => {
    for (const [viewport, language, messages] of [
      ['phone', 'en', en],
      ['desktop', 'ja', ja],
    ] as const) {
      const page = await openPage(browser.current, viewport, language);
      await openSimulator(page, messages);
      // The seeded LINE room, opened from the list.
      await page.getByRole('link', { name: /山本 由美 \(LINE\)/ }).first().click();
      await chat(page, messages).getByText('来週の打ち合わせの時間を変更できますか？').waitFor();
      await chat(page, messages).getByText(messages.simulator.room.types.STICKER).waitFor();
      await screenshot(page, `simulator-${language}-${viewport}`);
      await page.context().close();
    }
  });

  test('an administrator without external-messaging authority is told so', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await signIn(page, ja, 'viewer@demo.example', 'demo-password-2');
    await page.goto('/external/simulator');
    await page.getByText(ja.simulator.noAuthority).waitFor();
    expect(await page.getByRole('form').count()).toBe(0);
    await screenshot(page, 'simulator-no-authority-ja-phone');
    await page.context().close();
  });
});

/** Opens a member's detail page from the list, searching by login id. */
async function openMember(page: Page, messages: Messages, loginId: string, name: string) {
  await page.goto(`/members?q=${encodeURIComponent(loginId)}`);
  await page.locator('a.members-card, a.members-table__link').first().click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  return page.getByRole('region', { name: messages.simulator.share.title });
}

describe('share card and public contact page', () => {
  const cases = [
    { viewport: 'phone', language: 'ja', messages: ja },
    { viewport: 'desktop', language: 'en', messages: en },
  ] as const satisfies readonly { viewport: ViewportName; language: 'ja' | 'en'; messages: Messages }[];

  for (const { viewport, language, messages } of cases) {
    test(`${viewport} (${language}): a connected member's card has a QR code; others say why; the URL opens the contact page`, async () => {
      const page = await openPage(browser.current, viewport, language);
      await signInAsDemo(page, messages);
      await page.waitForURL('**/members');

      // kato.sakura: available in LINE, not connected in WORKS.
      const share = await openMember(page, messages, 'kato.sakura', '加藤 さくら');
      const lineCard = share.getByRole('article', { name: messages.simulator.sections.LINE });
      const qr = lineCard.getByRole('img', { name: fillTemplate(messages.simulator.share.qr, { section: messages.simulator.sections.LINE }) });
      await qr.waitFor();
      expect(await lineCard.locator('svg path').count()).toBeGreaterThan(0);
      await lineCard.getByText('kato_sakura', { exact: true }).waitFor();
      await lineCard.getByRole('button', { name: messages.simulator.share.copy }).waitFor();
      const url = await lineCard.getByRole('textbox', { name: messages.simulator.share.url }).inputValue();
      expect(url).toMatch(/\/contact\/line\/\d+\/kato_sakura$/);
      const worksCard = share.getByRole('article', { name: messages.simulator.sections.WORKS });
      await worksCard.getByText(messages.simulator.share.reasons.NOT_CONNECTED.why).waitFor();
      await worksCard.getByText(messages.simulator.share.reasons.NOT_CONNECTED.todo).waitFor();
      expect(await worksCard.locator('svg.simulator-qr').count()).toBe(0);
      await share.scrollIntoViewIfNeeded();
      await screenshot(page, `member-share-${language}-${viewport}`);

      // yamada.rin: connected in neither section.
      const otherShare = await openMember(page, messages, 'yamada.rin', '山田 凛');
      for (const kind of ['LINE', 'WORKS'] as const) {
        const card = otherShare.getByRole('article', { name: messages.simulator.sections[kind] });
        await card.getByText(messages.simulator.share.reasons.NOT_CONNECTED.why).waitFor();
        await card.getByText(messages.simulator.share.unavailable, { exact: true }).waitFor();
        expect(await card.getByRole('img').count()).toBe(0);
      }

      // The contact URL, opened by someone outside the company (no session).
      const outsider = await openPage(browser.current, viewport, language);
      await outsider.goto(url);
      await outsider.getByRole('heading', { level: 1, name: '加藤 さくら' }).waitFor();
      await outsider.getByText('デモ株式会社', { exact: true }).waitFor();
      await outsider.getByText(fillTemplate(messages.simulator.contact.intro, { section: messages.simulator.contact.sections.LINE })).waitFor();
      await screenshot(outsider, `contact-${language}-${viewport}`);

      // A talk id nobody has, and a malformed URL, read as unknown.
      for (const path of [url.replace(/kato_sakura$/, 'no_such_person'), '/contact/skype/1/kato_sakura']) {
        await outsider.goto(path);
        await outsider.getByRole('heading', { level: 1, name: messages.simulator.contact.unknownTitle }).waitFor();
        await outsider.getByText(messages.simulator.contact.unknownBody).waitFor();
      }
      await screenshot(outsider, `contact-unknown-${language}-${viewport}`);
      await outsider.context().close();
      await page.context().close();
    });
  }
});
