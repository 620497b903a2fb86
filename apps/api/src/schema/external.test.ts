import { encodeGlobalID } from '@pothos/plugin-relay'
import { describe, expect, it } from 'vitest'
import { createAdmin, createMembers, createTenant, type TestClient, type TestContext, useTestApp } from '../../test/harness.ts'
import { createJobWorker } from '../worker.ts'
import { externalProvisionHandler, MAX_AUTO_ATTEMPTS } from '../services/external.ts'
import { JobWorker } from '../jobs/worker.ts'

const ctx = useTestApp()

const SETTINGS = `query($domainId: ID!) { externalSettings(domainId: $domainId) { kind enabled autoGrant effectiveAutoGrant greetingEnabled greetingJa greetingEn restrictFiles } }`
const UPDATE = `mutation($input: MutationUpdateExternalSettingInput!) { updateExternalSetting(input: $input) {
  __typename ... on MutationUpdateExternalSettingSuccess { setting { kind greetingEnabled greetingJa greetingEn restrictFiles autoGrant effectiveAutoGrant } }
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`
const USE_STATUS = `mutation($input: MutationSetExternalUseStatusInput!) { setExternalUseStatus(input: $input) {
  __typename ... on MutationSetExternalUseStatusSuccess { result { closedRooms setting { enabled } } }
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`
const ADD = `mutation($input: MutationAddExternalLinksInput!) { addExternalLinks(input: $input) {
  __typename ... on MutationAddExternalLinksSuccess { result { added alreadyConnected } } ... on Error { message } } }`
const REMOVE = `mutation($input: MutationRemoveExternalLinksInput!) { removeExternalLinks(input: $input) {
  __typename ... on MutationRemoveExternalLinksSuccess { result { removed closedRooms } } ... on Error { message } } }`
const LINKS = `query($kind: ExternalKind!, $query: String, $status: ExternalLinkStatus, $first: Int, $after: String) {
  externalLinks(kind: $kind, query: $query, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id loginId talkId status failureCode failureDetail suggestedTalkId attempts nextAttemptAt familyName givenName otherNames departmentName } } } }`
const FRIEND = `mutation($input: MutationRecordExternalFriendAddInput!) { recordExternalFriendAdd(input: $input) {
  __typename ... on MutationRecordExternalFriendAddSuccess { result { created room { id status memberNameForContact messages { sender type text } } } }
  ... on Error { message } } }`
const POST = `mutation($input: MutationPostExternalMessageInput!) { postExternalMessage(input: $input) {
  __typename ... on MutationPostExternalMessageSuccess { posted { sender type text fileName } } ... on Error { code message } } }`

const gid = (type: string, id: string) => encodeGlobalID(type, id)

async function drain(context: TestContext) {
  return createJobWorker(context.db, context.services).drain()
}

async function setUp(context: TestContext, options: { enable?: boolean } = {}) {
  const made = await createTenant(context)
  const domainId = gid('Domain', made.domain.id)
  if (options.enable !== false) {
    for (const kind of ['LINE', 'WORKS']) {
      const on = await made.client.data(USE_STATUS, { input: { domainId, kind, enabled: true } })
      expect(on.setExternalUseStatus.__typename).toBe('MutationSetExternalUseStatusSuccess')
    }
  }
  return { ...made, domainId }
}

async function linksOf(client: TestClient, kind = 'LINE', variables: Record<string, unknown> = {}) {
  const data = await client.data(LINKS, { kind, first: 100, ...variables })
  return data.externalLinks as { totalCount: number; edges: { node: Record<string, any> }[] }
}

describe('external messaging settings', () => {
  it('start off, change with validation and audit, and refuse view-only admins and other tenants', async () => {
    const { tenant, domainId, client } = await setUp(ctx, { enable: false })
    const initial = await client.data(SETTINGS, { domainId })
    expect(initial.externalSettings).toEqual([
      { kind: 'LINE', enabled: false, autoGrant: false, effectiveAutoGrant: false, greetingEnabled: false, greetingJa: '', greetingEn: '', restrictFiles: false },
      { kind: 'WORKS', enabled: false, autoGrant: false, effectiveAutoGrant: false, greetingEnabled: false, greetingJa: '', greetingEn: '', restrictFiles: false },
    ])

    // Turning the greeting on without any text, an over-long text and control characters are refused; nothing changes.
    const empty = await client.data(UPDATE, { input: { domainId, kind: 'LINE', greetingEnabled: true } })
    expect(empty.updateExternalSetting).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['greetingEnabled'] }] })
    const long = await client.data(UPDATE, { input: { domainId, kind: 'LINE', greetingJa: 'あ'.repeat(501), greetingEnabled: true } })
    expect(long.updateExternalSetting).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['greetingJa'], message: 'At most 500 characters' }] })
    const control = await client.data(UPDATE, { input: { domainId, kind: 'LINE', greetingEn: 'Hi\u0007there' } })
    expect(control.updateExternalSetting.__typename).toBe('ValidationError')
    expect(await ctx.db.prisma.externalSetting.count({ where: { tenantId: tenant.id, greetingEnabled: true } })).toBe(0)

    const saved = await client.data(UPDATE, {
      input: { domainId, kind: 'LINE', greetingEnabled: true, greetingJa: ' 友だち追加ありがとうございます！\r\n担当の{name}です。 ', greetingEn: 'Thanks for adding me!', restrictFiles: true },
    })
    expect(saved.updateExternalSetting.setting).toMatchObject({
      kind: 'LINE',
      greetingEnabled: true,
      greetingJa: '友だち追加ありがとうございます！\n担当の{name}です。',
      restrictFiles: true,
    })
    // The other section is separate.
    expect((await client.data(SETTINGS, { domainId })).externalSettings[1]).toMatchObject({ kind: 'WORKS', greetingEnabled: false, restrictFiles: false })

    const audit = await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, area: 'EXTERNAL' } })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'external.setting.update', before: { kind: 'LINE', greetingEnabled: false, restrictFiles: false } })

    // A view-only admin reads but cannot change; another tenant's admin cannot even read.
    const { client: viewer } = await createAdmin(ctx, tenant.id, { external: 'VIEW' })
    expect((await viewer.data(SETTINGS, { domainId })).externalSettings).toHaveLength(2)
    const forbidden = await viewer.gql(UPDATE, { input: { domainId, kind: 'LINE', restrictFiles: false } })
    expect(forbidden.errors?.[0]?.extensions?.code ?? forbidden.data?.updateExternalSetting.__typename).toMatch(/FORBIDDEN|ForbiddenError/)
    const other = await createTenant(ctx, 'Other')
    const foreign = await other.client.gql(SETTINGS, { domainId })
    expect(foreign.errors?.[0]?.message).toBe('Domain not found')
    const foreignUpdate = await other.client.data(UPDATE, { input: { domainId, kind: 'LINE', restrictFiles: false } })
    expect(foreignUpdate.updateExternalSetting).toEqual({ __typename: 'NotFoundError', message: 'Domain not found' })
    expect((await ctx.db.prisma.externalSetting.findFirstOrThrow({ where: { tenantId: tenant.id, kind: 'LINE' } })).restrictFiles).toBe(true)
  })

  it('grants link authority to new members automatically when asked, and always on the free plan', async () => {
    const { tenant, domain, domainId, client } = await setUp(ctx)
    await client.data(UPDATE, { input: { domainId, kind: 'WORKS', autoGrant: true } })
    const created = await client.data(
      `mutation($input: MutationCreateMemberInput!) { createMember(input: $input) { __typename } }`,
      { input: { domainId, loginId: `newbie@${domain.name}`, familyName: '新', givenName: '人' } },
    )
    expect(created.createMember.__typename).toBe('MutationCreateMemberSuccess')
    const links = await ctx.db.prisma.externalLink.findMany({ where: { tenantId: tenant.id } })
    expect(links.map((link) => [link.kind, link.talkId, link.status])).toEqual([['WORKS', 'newbie', 'PENDING']])
    await drain(ctx)
    expect((await ctx.db.prisma.externalLink.findFirstOrThrow({ where: { tenantId: tenant.id } })).status).toBe('AVAILABLE')

    // Members created by a CSV import get it too.
    const csv = `login_id,family_name,given_name\nimported1@${domain.name},輸,入\nimported2@${domain.name},輸,入`
    const upload = await client.request('/api/member-imports?fileName=m.csv', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })
    const { id } = (await upload.json()) as { id: string }
    await client.data(`mutation($input: MutationApplyMemberImportInput!) { applyMemberImport(input: $input) { __typename } }`, { input: { id } })
    await drain(ctx)
    expect((await linksOf(client, 'WORKS')).edges.map((edge) => [edge.node.talkId, edge.node.status])).toEqual([
      ['imported1', 'AVAILABLE'],
      ['imported2', 'AVAILABLE'],
      ['newbie', 'AVAILABLE'],
    ])
    const grants = await ctx.db.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: 'externalLink.grant' } })
    expect(grants).toBe(3)

    // Free plan: effective auto-grant is on and cannot be turned off.
    await ctx.db.prisma.tenant.update({ where: { id: tenant.id }, data: { plan: 'FREE' } })
    const settings = await client.data(SETTINGS, { domainId })
    expect(settings.externalSettings[0]).toMatchObject({ kind: 'LINE', autoGrant: false, effectiveAutoGrant: true })
    const off = await client.data(UPDATE, { input: { domainId, kind: 'WORKS', autoGrant: false } })
    expect(off.updateExternalSetting).toMatchObject({ __typename: 'ValidationError', message: 'autoGrant: On the free plan new members always get link authority' })
  })
})

describe('connected members', () => {
  it('adds several at once, provisions them, fails unusable talk ids with a fix, and searches', async () => {
    const { tenant, domain, client } = await setUp(ctx)
    const members = await createMembers(ctx, tenant, domain, 3, 'staff')
    const dotted = await ctx.db.prisma.member.create({
      data: { tenantId: tenant.id, domainId: domain.id, loginId: `taro.yamada@${domain.name}`, familyName: '山田', givenName: '太郎', i18nNames: [{ language: 'EN', familyName: 'Yamada', givenName: 'Taro' }], searchText: ` taro.yamada@${domain.name}\n 山田太郎\n yamada taro` },
    })
    const ids = [...members.map((member) => gid('Member', member.id)), gid('Member', dotted.id)]
    const added = await client.data(ADD, { input: { kind: 'LINE', memberIds: [...ids, ids[0]] } })
    expect(added.addExternalLinks.result).toEqual({ added: 4, alreadyConnected: 0 })
    expect((await linksOf(client)).edges.every((edge) => edge.node.status === 'PENDING')).toBe(true)

    // Adding again is idempotent; unknown and foreign members refuse the whole call.
    const again = await client.data(ADD, { input: { kind: 'LINE', memberIds: ids.slice(0, 2) } })
    expect(again.addExternalLinks.result).toEqual({ added: 0, alreadyConnected: 2 })
    const other = await createTenant(ctx, 'Other')
    const [foreign] = await createMembers(ctx, other.tenant, other.domain, 1, 'foreign')
    const mixed = await client.data(ADD, { input: { kind: 'WORKS', memberIds: [ids[0], gid('Member', foreign?.id ?? '')] } })
    expect(mixed.addExternalLinks).toEqual({ __typename: 'ValidationError', message: 'memberIds: 1 of the chosen members was not found' })
    const malformed = await client.data(ADD, { input: { kind: 'WORKS', memberIds: ['nope'] } })
    expect(malformed.addExternalLinks.__typename).toBe('ValidationError')
    const tooMany = await client.data(ADD, { input: { kind: 'WORKS', memberIds: Array.from({ length: 1001 }, () => ids[0]) } })
    expect(tooMany.addExternalLinks.message).toBe('memberIds: At most 1000 members at once')
    expect(await ctx.db.prisma.externalLink.count({ where: { tenantId: tenant.id, kind: 'WORKS' } })).toBe(0)
    // Another tenant sees none of them.
    expect((await linksOf(other.client)).totalCount).toBe(0)

    await drain(ctx)
    const after = await linksOf(client)
    const byLogin = Object.fromEntries(after.edges.map((edge) => [edge.node.loginId, edge.node]))
    expect(byLogin[`staff0001@${domain.name}`]).toMatchObject({ status: 'AVAILABLE', talkId: 'staff0001' })
    expect(byLogin[`taro.yamada@${domain.name}`]).toMatchObject({
      status: 'FAILED',
      failureCode: 'INVALID_CHARACTERS',
      failureDetail: 'Cannot contain “.”. Set another talk id, e.g. taro_yamada',
      suggestedTalkId: 'taro_yamada',
      otherNames: ['Yamada Taro'],
    })

    // Search by name in another language, by talk id, and by status.
    expect((await linksOf(client, 'LINE', { query: 'yamada' })).edges.map((edge) => edge.node.talkId)).toEqual(['taro.yamada'])
    expect((await linksOf(client, 'LINE', { query: 'staff0002' })).edges.map((edge) => edge.node.talkId)).toEqual(['staff0002'])
    expect((await linksOf(client, 'LINE', { status: 'FAILED' })).totalCount).toBe(1)
    const page = await client.data(LINKS, { kind: 'LINE', first: 2 })
    expect(page.externalLinks.edges).toHaveLength(2)
    const next = await client.data(LINKS, { kind: 'LINE', first: 2, after: page.externalLinks.pageInfo.endCursor })
    expect(next.externalLinks.edges.map((edge: { node: { loginId: string } }) => edge.node.loginId)).toEqual([`staff0003@${domain.name}`, `taro.yamada@${domain.name}`])
    const tooBig = await client.gql(LINKS, { kind: 'LINE', first: 101 })
    expect(tooBig.errors?.[0]?.message).toContain('Must be between 0 and 100')

    // Retrying does not help until the talk id is fixed; a bad or taken id is refused.
    const failedId = byLogin[`taro.yamada@${domain.name}`]?.id
    const retry = await client.data(`mutation($input: MutationRetryExternalLinkInput!) { retryExternalLink(input: $input) { __typename ... on Error { message } } }`, { input: { id: failedId } })
    expect(retry.retryExternalLink.message).toMatch(/^The talk id taro.yamada cannot be used/)
    const SET = `mutation($input: MutationSetExternalTalkIdInput!) { setExternalTalkId(input: $input) { __typename ... on MutationSetExternalTalkIdSuccess { link { talkId status } } ... on Error { message } } }`
    expect((await client.data(SET, { input: { id: failedId, talkId: 'ta' } })).setExternalTalkId.message).toBe('talkId: At least 3 characters')
    expect((await client.data(SET, { input: { id: failedId, talkId: 'staff0001' } })).setExternalTalkId).toEqual({
      __typename: 'ConflictError',
      message: 'The talk id staff0001 is already used by another member of this domain',
    })
    expect((await client.data(SET, { input: { id: failedId, talkId: 'Taro_Yamada' } })).setExternalTalkId.link).toEqual({ talkId: 'taro_yamada', status: 'PENDING' })
    await drain(ctx)
    expect((await linksOf(client, 'LINE', { query: 'taro_yamada' })).edges[0]?.node.status).toBe('AVAILABLE')

    // CSV export of the list.
    const csv = await client.request('/api/external-links.csv?kind=LINE')
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const text = await csv.text()
    expect(text.split('\n')[0]).toContain('login_id,family_name,given_name,other_names,department,domain,talk_id,status')
    expect(text).toContain(`taro.yamada@${domain.name},山田,太郎,Yamada Taro,,${domain.name},taro_yamada,AVAILABLE`)
    expect((await client.request('/api/external-links.csv?kind=FAX')).status).toBe(400)
    expect((await (await other.client.request('/api/external-links.csv?kind=LINE')).text()).trim().split('\n')).toHaveLength(1)

    // The history of each member's status is in the audit log.
    const statusEntries = await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, action: 'externalLink.status', targetId: dotted.id }, orderBy: { seq: 'asc' } })
    expect(statusEntries.map((entry) => (entry.after as { status: string }).status)).toEqual(['FAILED', 'AVAILABLE'])
  })

  it('retries a failed add automatically with backoff, then by hand', async () => {
    const { tenant, domain, client } = await setUp(ctx)
    const [member] = await createMembers(ctx, tenant, domain, 1, 'flaky')
    // Fault simulation is refused outside a demo tenant (it would make real adds fail), and changes nothing.
    const refused = await client.data(`mutation { simulateExternalFaults(input: { count: 3 }) { __typename ... on Error { code message } } }`)
    expect(refused.simulateExternalFaults).toEqual({ __typename: 'ForbiddenError', code: 'FORBIDDEN', message: 'Fault simulation works in the demo tenant only' })
    expect((await ctx.db.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).externalFaultBudget).toBe(0)
    await ctx.db.prisma.tenant.update({ where: { id: tenant.id }, data: { isDemo: true } })
    await client.data(`mutation { simulateExternalFaults(input: { count: ${MAX_AUTO_ATTEMPTS} }) { __typename } }`)
    await client.data(ADD, { input: { kind: 'LINE', memberIds: [gid('Member', member?.id ?? '')] } })
    await drain(ctx)
    let [link] = (await linksOf(client)).edges
    expect(link?.node).toMatchObject({ status: 'RETRY', attempts: 1, failureCode: 'NETWORK' })
    expect(new Date(link?.node.nextAttemptAt).getTime()).toBeGreaterThan(Date.now())
    // A follow-up job waits for the retry time.
    const followUp = await ctx.db.prisma.job.findFirstOrThrow({ where: { tenantId: tenant.id, kind: 'external-link.provision', status: 'QUEUED' } })
    expect(followUp.runAt.getTime()).toBe(new Date(link?.node.nextAttemptAt).getTime())

    // Time passes: each due retry fails again until automatic retries stop.
    let clock = Date.now()
    for (let attempt = 2; attempt <= MAX_AUTO_ATTEMPTS; attempt += 1) {
      clock += 11 * 60_000
      await ctx.db.prisma.job.updateMany({ where: { tenantId: tenant.id, status: 'QUEUED' }, data: { runAt: new Date() } })
      const worker = new JobWorker(ctx.db, { 'external-link.provision': externalProvisionHandler({ prisma: ctx.db.prisma, now: () => new Date(clock) }) })
      await worker.drain()
    }
    ;[link] = (await linksOf(client)).edges
    expect(link?.node).toMatchObject({ status: 'RETRY', attempts: MAX_AUTO_ATTEMPTS, nextAttemptAt: null })
    expect(link?.node.failureDetail).toBe(`Adding the member failed ${MAX_AUTO_ATTEMPTS} times (network). Retry by hand.`)
    expect(await ctx.db.prisma.job.count({ where: { tenantId: tenant.id, status: 'QUEUED' } })).toBe(0)

    // By hand: the fault budget is used up, so it succeeds.
    const retry = await client.data(`mutation($input: MutationRetryExternalLinkInput!) { retryExternalLink(input: $input) { __typename ... on MutationRetryExternalLinkSuccess { link { status attempts } } } }`, { input: { id: link?.node.id } })
    expect(retry.retryExternalLink.link).toEqual({ status: 'PENDING', attempts: 0 })
    await drain(ctx)
    expect((await linksOf(client)).edges[0]?.node.status).toBe('AVAILABLE')
    const transitions = await ctx.db.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: 'externalLink.status' } })
    expect(transitions).toBe(MAX_AUTO_ATTEMPTS + 1)
  })

  it('removes members: their open rooms close', async () => {
    const { tenant, domain, domainId, client } = await setUp(ctx)
    const [member] = await createMembers(ctx, tenant, domain, 1, 'leaver')
    await client.data(ADD, { input: { kind: 'LINE', memberIds: [gid('Member', member?.id ?? '')] } })
    await drain(ctx)
    const friend = await client.data(FRIEND, { input: { domainId, kind: 'LINE', talkId: 'leaver0001', externalId: 'U1', displayName: 'Line User' } })
    expect(friend.recordExternalFriendAdd.result.created).toBe(true)
    const removed = await client.data(REMOVE, { input: { kind: 'LINE', memberIds: [gid('Member', member?.id ?? '')] } })
    expect(removed.removeExternalLinks.result).toEqual({ removed: 1, closedRooms: 1 })
    expect((await ctx.db.prisma.externalRoom.findFirstOrThrow({ where: { tenantId: tenant.id } })).closedReason).toBe('LINK_REMOVED')
    const refused = await client.data(FRIEND, { input: { domainId, kind: 'LINE', talkId: 'leaver0001', externalId: 'U1', displayName: 'Line User' } })
    expect(refused.recordExternalFriendAdd.message).toBe(`No connected member has the talk id leaver0001 in ${domain.name}`)
  })
})

describe('rooms with external users', () => {
  it('open on a friend add with the greeting in the contact’s language, refuse attachments while restricted, and show in the audit log', async () => {
    const { tenant, domain, domainId, client } = await setUp(ctx)
    const [member] = await createMembers(ctx, tenant, domain, 1, 'sales')
    await client.data(ADD, { input: { kind: 'LINE', memberIds: [gid('Member', member?.id ?? '')] } })
    await drain(ctx)
    await client.data(UPDATE, { input: { domainId, kind: 'LINE', greetingEnabled: true, greetingJa: 'ご連絡ありがとうございます', greetingEn: 'Thank you for reaching out', restrictFiles: true } })

    const friend = await client.data(FRIEND, { input: { domainId, kind: 'LINE', talkId: 'SALES0001', externalId: 'U-en', displayName: 'Emma', language: 'EN' } })
    const room = friend.recordExternalFriendAdd.result.room
    expect(friend.recordExternalFriendAdd.result.created).toBe(true)
    expect(room.messages).toEqual([{ sender: 'SYSTEM', type: 'TEXT', text: 'Thank you for reaching out' }])
    expect(room.memberNameForContact).toBe('山田 sales1')
    const twice = await client.data(FRIEND, { input: { domainId, kind: 'LINE', talkId: 'sales0001', externalId: 'U-en', displayName: 'Emma' } })
    expect(twice.recordExternalFriendAdd.result).toMatchObject({ created: false, room: { id: room.id } })
    const ja = await client.data(FRIEND, { input: { domainId, kind: 'LINE', talkId: 'sales0001', externalId: 'U-ja', displayName: '花子' } })
    expect(ja.recordExternalFriendAdd.result.room.messages[0].text).toBe('ご連絡ありがとうございます')
    // Not connected in the other section; bad contact input.
    const works = await client.data(FRIEND, { input: { domainId, kind: 'WORKS', talkId: 'sales0001', externalId: 'W1', displayName: 'Partner' } })
    expect(works.recordExternalFriendAdd.__typename).toBe('ConflictError')
    const blank = await client.data(FRIEND, { input: { domainId, kind: 'LINE', talkId: 'sales0001', externalId: ' ', displayName: 'X' } })
    expect(blank.recordExternalFriendAdd.__typename).toBe('ValidationError')

    const text = await client.data(POST, { input: { roomId: room.id, sender: 'EXTERNAL', type: 'TEXT', text: '見積もりをお願いします' } })
    expect(text.postExternalMessage.posted).toEqual({ sender: 'EXTERNAL', type: 'TEXT', text: '見積もりをお願いします', fileName: null })
    for (const type of ['PHOTO', 'FILE', 'CONTACT', 'DRIVE']) {
      const refused = await client.data(POST, { input: { roomId: room.id, sender: 'MEMBER', type, fileName: 'quote.pdf' } })
      expect(refused.postExternalMessage).toEqual({
        __typename: 'FileTransferRestrictedError',
        code: 'FILE_TRANSFER_RESTRICTED',
        message: 'File transfer and attachments are restricted in rooms with external users',
      })
    }
    expect((await client.data(POST, { input: { roomId: room.id, sender: 'MEMBER', type: 'STICKER' } })).postExternalMessage.__typename).toBe('MutationPostExternalMessageSuccess')
    expect((await client.data(POST, { input: { roomId: room.id, sender: 'MEMBER', type: 'TEXT', text: 'x'.repeat(2001) } })).postExternalMessage.__typename).toBe('ValidationError')
    expect((await client.data(POST, { input: { roomId: room.id, sender: 'MEMBER', type: 'FILE' } })).postExternalMessage.__typename).toBe('ValidationError')
    await client.data(UPDATE, { input: { domainId, kind: 'LINE', restrictFiles: false } })
    expect((await client.data(POST, { input: { roomId: room.id, sender: 'MEMBER', type: 'FILE', fileName: 'quote.pdf' } })).postExternalMessage.posted).toMatchObject({ type: 'FILE', fileName: 'quote.pdf' })
    expect(await ctx.db.prisma.externalMessage.count({ where: { roomId: gidToId(room.id) } })).toBe(4)
    // The room's history reads oldest first.
    const history = await client.data(`query($id: ID!) { node(id: $id) { ... on ExternalRoom { messages { sender type } } } }`, { id: room.id })
    expect(history.node.messages.map((message: { sender: string; type: string }) => `${message.sender}:${message.type}`)).toEqual([
      'SYSTEM:TEXT',
      'EXTERNAL:TEXT',
      'MEMBER:STICKER',
      'MEMBER:FILE',
    ])

    // Another tenant cannot post into the room.
    const other = await createTenant(ctx, 'Other')
    const foreign = await other.client.data(POST, { input: { roomId: room.id, sender: 'MEMBER', type: 'TEXT', text: 'hi' } })
    expect(foreign.postExternalMessage).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Room not found' })

    // The conversation is searchable in the audit log.
    const search = await client.data(`{ auditEntries(first: 10, area: EXTERNAL, text: "見積もり") { edges { node { action targetLabel } } } }`)
    expect(search.auditEntries.edges).toEqual([{ node: { action: 'externalRoom.message', targetLabel: `sales0001@${domain.name} ↔ Emma` } }])
  })

  it('turning the use status off previews the impact, needs the domain name, closes rooms for good', async () => {
    const { tenant, domain, domainId, client } = await setUp(ctx)
    const members = await createMembers(ctx, tenant, domain, 2, 'rep')
    await client.data(ADD, { input: { kind: 'LINE', memberIds: members.map((member) => gid('Member', member.id)) } })
    await drain(ctx)
    const first = await client.data(FRIEND, { input: { domainId, kind: 'LINE', talkId: 'rep0001', externalId: 'U1', displayName: 'A' } })
    await client.data(FRIEND, { input: { domainId, kind: 'LINE', talkId: 'rep0002', externalId: 'U2', displayName: 'B' } })
    await client.data(POST, { input: { roomId: first.recordExternalFriendAdd.result.room.id, sender: 'EXTERNAL', type: 'TEXT', text: 'before the switch-off' } })

    const impact = await client.data(`query($domainId: ID!) { externalDisableImpact(domainId: $domainId, kind: LINE) { connectedMembers availableMembers openRooms membersInRooms } }`, { domainId })
    expect(impact.externalDisableImpact).toEqual({ connectedMembers: 2, availableMembers: 2, openRooms: 2, membersInRooms: 2 })
    const unconfirmed = await client.data(USE_STATUS, { input: { domainId, kind: 'LINE', enabled: false, confirmation: 'yes' } })
    expect(unconfirmed.setExternalUseStatus).toMatchObject({ __typename: 'ValidationError', message: `confirmation: Type the domain name ${domain.name} to confirm` })
    expect(await ctx.db.prisma.externalRoom.count({ where: { tenantId: tenant.id, status: 'OPEN' } })).toBe(2)

    const off = await client.data(USE_STATUS, { input: { domainId, kind: 'LINE', enabled: false, confirmation: domain.name.toUpperCase() } })
    expect(off.setExternalUseStatus.result).toEqual({ closedRooms: 2, setting: { enabled: false } })
    const rooms = await client.data(`{ externalRooms(first: 10, kind: LINE) { edges { node { status closedReason memberNameForContact } } } }`)
    expect(rooms.externalRooms.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { status: 'CLOSED', closedReason: 'USE_STATUS_OFF', memberNameForContact: null },
      { status: 'CLOSED', closedReason: 'USE_STATUS_OFF', memberNameForContact: null },
    ])
    // The external side sees "unknown"; nobody can add or write meanwhile.
    const card = await client.data(`query($id: Int!) { externalContactCard(kind: LINE, lwDomainId: $id, talkId: "rep0001") { displayName } }`, { id: domain.lwDomainId })
    expect(card.externalContactCard).toBeNull()
    const add = await client.data(FRIEND, { input: { domainId, kind: 'LINE', talkId: 'rep0001', externalId: 'U3', displayName: 'C' } })
    expect(add.recordExternalFriendAdd.message).toBe(`Chat with LINE users is off in ${domain.name}`)
    const write = await client.data(POST, { input: { roomId: first.recordExternalFriendAdd.result.room.id, sender: 'MEMBER', type: 'TEXT', text: 'hello?' } })
    expect(write.postExternalMessage.message).toBe('This room is closed; messages can no longer be sent')

    // Back on: closed rooms stay closed; a new add opens a new room.
    await client.data(USE_STATUS, { input: { domainId, kind: 'LINE', enabled: true } })
    expect(await ctx.db.prisma.externalRoom.count({ where: { tenantId: tenant.id, status: 'OPEN' } })).toBe(0)
    expect((await client.data(`query($id: Int!) { externalContactCard(kind: LINE, lwDomainId: $id, talkId: "rep0001") { displayName } }`, { id: domain.lwDomainId })).externalContactCard).toEqual({ displayName: '山田 rep1' })
    const again = await client.data(FRIEND, { input: { domainId, kind: 'LINE', talkId: 'rep0001', externalId: 'U1', displayName: 'A' } })
    expect(again.recordExternalFriendAdd.result.created).toBe(true)

    const actions = (await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, area: 'EXTERNAL' }, orderBy: { seq: 'asc' } })).map((entry) => entry.action)
    expect(actions.filter((action) => action === 'externalRoom.close')).toHaveLength(2)
    expect(actions).toContain('external.disable')
    // History stays searchable after the rooms closed.
    const history = await client.data(`{ auditEntries(first: 5, text: "switch-off") { edges { node { action } } } }`)
    expect(history.auditEntries.edges).toHaveLength(1)
  })

  it('toggling while provisioning runs never leaves a half-applied state', async () => {
    const { tenant, domain, domainId, client } = await setUp(ctx)
    const members = await createMembers(ctx, tenant, domain, 1500, 'bulk')
    for (let index = 0; index < members.length; index += 1000) {
      await client.data(ADD, { input: { kind: 'LINE', memberIds: members.slice(index, index + 1000).map((member) => gid('Member', member.id)) } })
    }
    const worker = createJobWorker(ctx.db, ctx.services)
    const [, toggled] = await Promise.all([
      worker.drain(),
      client.data(USE_STATUS, { input: { domainId, kind: 'LINE', enabled: false, confirmation: domain.name } }),
    ])
    expect(toggled.setExternalUseStatus.__typename).toBe('MutationSetExternalUseStatusSuccess')
    const counts = await ctx.db.prisma.externalLink.groupBy({ by: ['status'], where: { tenantId: tenant.id }, _count: { _all: true } })
    const byStatus = Object.fromEntries(counts.map((row) => [row.status, row._count._all]))
    // Whole batches only: nothing but AVAILABLE and PENDING, in batch-sized amounts.
    expect(Object.keys(byStatus).every((status) => status === 'AVAILABLE' || status === 'PENDING')).toBe(true)
    expect([0, 1000, 1500]).toContain(byStatus.AVAILABLE ?? 0)
    // Provisioning waits while the section is off, and resumes when it is back on.
    await drain(ctx)
    expect(await ctx.db.prisma.externalLink.count({ where: { tenantId: tenant.id, status: 'AVAILABLE' } })).toBe(byStatus.AVAILABLE ?? 0)
    await client.data(USE_STATUS, { input: { domainId, kind: 'LINE', enabled: true } })
    await drain(ctx)
    expect(await ctx.db.prisma.externalLink.count({ where: { tenantId: tenant.id, status: 'AVAILABLE' } })).toBe(1500)
  }, 60_000)

  it('show a member their talk id and contact URL, or why not', async () => {
    const { tenant, domain, domainId, client } = await setUp(ctx)
    const [member] = await createMembers(ctx, tenant, domain, 1, 'card')
    const CARDS = `query($id: ID!) { member(id: $id) { externalShareCards { kind available reason talkId contactUrl } } }`
    const id = gid('Member', member?.id ?? '')
    expect((await client.data(CARDS, { id })).member.externalShareCards).toEqual([
      { kind: 'LINE', available: false, reason: 'NOT_CONNECTED', talkId: null, contactUrl: null },
      { kind: 'WORKS', available: false, reason: 'NOT_CONNECTED', talkId: null, contactUrl: null },
    ])
    await client.data(ADD, { input: { kind: 'LINE', memberIds: [id] } })
    expect((await client.data(CARDS, { id })).member.externalShareCards[0]).toMatchObject({ reason: 'PENDING', talkId: 'card0001' })
    await drain(ctx)
    expect((await client.data(CARDS, { id })).member.externalShareCards[0]).toEqual({
      kind: 'LINE',
      available: true,
      reason: null,
      talkId: 'card0001',
      contactUrl: `http://test.local/contact/line/${domain.lwDomainId}/card0001`,
    })
    await client.data(USE_STATUS, { input: { domainId, kind: 'LINE', enabled: false, confirmation: domain.name } })
    expect((await client.data(CARDS, { id })).member.externalShareCards[0]).toMatchObject({ available: false, reason: 'SECTION_OFF' })
  })
})

function gidToId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':')[1] ?? ''
}
