import { encodeGlobalID } from '@pothos/plugin-relay'
import { describe, expect, it } from 'vitest'
import { createAdmin, createMembers, createTenant, type TestClient, useTestApp } from '../../test/harness.ts'
import { SECRET_ROTATION_WINDOW_MS, signBody, verifyBotSignature } from '../services/bots.ts'

const ctx = useTestApp({ CALLBACK_ALLOWED_HOSTS: 'receiver.test.internal,127.0.0.1:8443' })

const BOT_FIELDS = `id botId name description callbackEnabled callbackUrl messageTypes roomEvents allowGroupJoin status actionReasons secret
  managers { loginId role suspended } domains { domainName visibility memberIds }`
const CREATE = `mutation($input: MutationCreateBotInput!) { createBot(input: $input) {
  __typename ... on MutationCreateBotSuccess { bot { ${BOT_FIELDS} } }
  ... on Error { code message } ... on ValidationError { fieldErrors { path code message } } ... on QuotaExceededError { limit } } }`
const ADD_DOMAIN = `mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) {
  __typename ... on MutationAddBotToDomainSuccess { bot { status actionReasons domains { domainName visibility memberIds } } }
  ... on Error { message } } }`

const gid = (type: string, id: string) => encodeGlobalID(type, id)

async function setUp() {
  const made = await createTenant(ctx)
  const members = await createMembers(ctx, made.tenant, made.domain, 5, 'dev')
  const ids = members.map((member) => gid('Member', member.id))
  const input = (overrides: Record<string, unknown> = {}) => ({
    name: '勤怠\nボット',
    description: '出勤・退勤を記録します',
    callbackEnabled: true,
    callbackUrl: 'https://93.184.216.34/callback',
    messageTypes: ['text', 'sticker', 'text'],
    roomEvents: ['begin', 'end'],
    allowGroupJoin: false,
    managerIds: [ids[0]],
    viceManagerIds: [ids[1], ids[2]],
    ...overrides,
  })
  return { ...made, members, ids, input }
}

async function create(client: TestClient, input: Record<string, unknown>) {
  return (await client.data(CREATE, { input })).createBot
}

describe('bot registry', () => {
  it('registers a bot with a numeric Bot ID and a secret shown only to editors, and records it without the secret', async () => {
    const { tenant, client, input } = await setUp()
    const created = await create(client, input())
    expect(created.__typename).toBe('MutationCreateBotSuccess')
    const bot = created.bot
    expect(bot).toMatchObject({
      name: '勤怠 ボット',
      description: '出勤・退勤を記録します',
      messageTypes: ['text', 'sticker'],
      roomEvents: ['begin', 'end'],
      status: 'PREPARING',
      actionReasons: [],
      domains: [],
      managers: [
        { loginId: expect.stringMatching(/^dev0001@/), role: 'PRIMARY', suspended: false },
        { loginId: expect.stringMatching(/^dev0002@/), role: 'VICE', suspended: false },
        { loginId: expect.stringMatching(/^dev0003@/), role: 'VICE', suspended: false },
      ],
    })
    expect(bot.botId).toBeGreaterThanOrEqual(2_000_000)
    expect(bot.secret).toMatch(/^[A-Za-z0-9_-]{32}$/)
    // Stored encrypted, never in clear and never in the audit log.
    const row = await ctx.db.prisma.bot.findFirstOrThrow({ where: { tenantId: tenant.id } })
    expect(row.secretSealed).not.toContain(bot.secret)
    const audit = await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, area: 'BOTS' } })
    expect(audit.map((entry) => entry.action)).toEqual(['bot.create'])
    expect(JSON.stringify(audit)).not.toContain(bot.secret)

    // A view-only admin sees the bot, not its secret, and cannot change it.
    const { client: viewer } = await createAdmin(ctx, tenant.id, { bots: 'VIEW' })
    const seen = await viewer.data(`query($id: ID!) { node(id: $id) { ... on Bot { name secret } } }`, { id: bot.id })
    expect(seen.node).toEqual({ name: '勤怠 ボット', secret: null })
    const refused = await viewer.gql(`mutation($input: MutationDeleteBotInput!) { deleteBot(input: $input) { __typename } }`, { input: { id: bot.id } })
    expect(JSON.stringify(refused)).toMatch(/FORBIDDEN|ForbiddenError/)
    // Another tenant cannot see it at all.
    const other = await createTenant(ctx, 'Other')
    expect((await other.client.data(`query($id: ID!) { node(id: $id) { id } }`, { id: bot.id })).node).toBeNull()
    expect((await other.client.data('{ bots(first: 10) { totalCount } }')).bots.totalCount).toBe(0)
  })

  it('refuses bad input with a specific error and creates nothing', async () => {
    const { tenant, client, input, ids } = await setUp()
    const other = await createTenant(ctx, 'Other')
    const [foreign] = await createMembers(ctx, other.tenant, other.domain, 1, 'foreign')
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: '' }, 'name', 'Required'],
      [{ name: 'x'.repeat(101) }, 'name', 'At most 100 characters'],
      [{ description: 'y'.repeat(101) }, 'description', 'At most 100 characters'],
      [{ callbackUrl: null }, 'callbackUrl', 'A callback URL is required when the callback is on'],
      [{ managerIds: [] }, 'managerIds', 'Choose at least one person in charge'],
      [{ managerIds: ids.slice(0, 4) }, 'managerIds', 'At most 3 persons in charge'],
      [{ viceManagerIds: [ids[0]] }, 'viceManagerIds', 'A person in charge cannot also be a vice person in charge'],
      [{ managerIds: [gid('Member', foreign?.id ?? '')] }, 'managerIds', 'A chosen person is not a member of this tenant'],
    ]
    for (const [overrides, field, message] of cases) {
      const result = await create(client, input(overrides))
      expect(result.__typename, JSON.stringify(overrides).slice(0, 60)).toBe('ValidationError')
      expect(result.fieldErrors[0]).toMatchObject({ path: [field], message })
    }
    const badType = await client.gql(CREATE, { input: input({ messageTypes: ['fax'] }) })
    expect(badType.errors?.[0]?.message).toContain('fax')
    expect(await ctx.db.prisma.bot.count({ where: { tenantId: tenant.id } })).toBe(0)
  })

  it('accepts only HTTPS callback URLs that resolve to public addresses, unless the operator allow-listed the host', async () => {
    const { tenant, client, input } = await setUp()
    for (const url of ['http://93.184.216.34/cb', 'https://10.0.0.5/cb', 'https://127.0.0.1/cb', 'https://[::ffff:192.168.1.1]/cb', 'https://169.254.169.254/latest']) {
      const result = await create(client, input({ callbackUrl: url }))
      expect(result.__typename, url).toBe('ValidationError')
      expect(result.fieldErrors[0].path, url).toEqual(['callbackUrl'])
    }
    expect(await ctx.db.prisma.bot.count({ where: { tenantId: tenant.id } })).toBe(0)
    // The operator's allow-list (CALLBACK_ALLOWED_HOSTS) lets a local receiver through.
    expect((await create(client, input({ callbackUrl: 'https://127.0.0.1:8443/cb' }))).__typename).toBe('MutationCreateBotSuccess')
  })

  it('enforces the quota of the plan with a clear error', async () => {
    const { tenant, client, input } = await setUp()
    await ctx.db.prisma.tenant.update({ where: { id: tenant.id }, data: { plan: 'FREE' } })
    for (let index = 0; index < 10; index += 1) {
      expect((await create(client, input({ name: `bot ${index}`, callbackEnabled: false, callbackUrl: null }))).__typename).toBe('MutationCreateBotSuccess')
    }
    expect((await client.data('{ botQuota { used limit } }')).botQuota).toEqual({ used: 10, limit: 10 })
    const over = await create(client, input({ name: 'one too many', callbackEnabled: false, callbackUrl: null }))
    expect(over).toEqual({ __typename: 'QuotaExceededError', code: 'QUOTA_EXCEEDED', message: 'This tenant already has 10 bots, the most its plan allows (10)', limit: 10 })
    await ctx.db.prisma.tenant.update({ where: { id: tenant.id }, data: { plan: 'STANDARD' } })
    expect((await client.data('{ botQuota { used limit } }')).botQuota).toEqual({ used: 10, limit: 300 })
  })

  it('is Public once added to a domain, for everyone or selected members, and says when action is required', async () => {
    const { tenant, domain, client, input, ids, members } = await setUp()
    const bot = (await create(client, input())).bot
    const domainId = gid('Domain', domain.id)
    const all = await client.data(ADD_DOMAIN, { input: { id: bot.id, domainId, visibility: 'ALL' } })
    expect(all.addBotToDomain.bot).toMatchObject({ status: 'PUBLIC', actionReasons: [], domains: [{ domainName: domain.name, visibility: 'ALL', memberIds: [] }] })
    const selected = await client.data(ADD_DOMAIN, { input: { id: bot.id, domainId, visibility: 'SELECTED', memberIds: [ids[3], ids[4]] } })
    expect(selected.addBotToDomain.bot.domains[0]).toMatchObject({ visibility: 'SELECTED', memberIds: expect.arrayContaining([ids[3], ids[4]]) })
    const none = await client.data(ADD_DOMAIN, { input: { id: bot.id, domainId, visibility: 'SELECTED' } })
    expect(none.addBotToDomain.__typename).toBe('ValidationError')
    // Another tenant's domain, or another tenant's bot: refused.
    const other = await createTenant(ctx, 'Other')
    const foreignDomain = await client.data(ADD_DOMAIN, { input: { id: bot.id, domainId: gid('Domain', other.domain.id), visibility: 'ALL' } })
    expect(foreignDomain.addBotToDomain.__typename).toBe('ValidationError')
    const foreignBot = await other.client.data(ADD_DOMAIN, { input: { id: bot.id, domainId: gid('Domain', other.domain.id), visibility: 'ALL' } })
    expect(foreignBot.addBotToDomain).toEqual({ __typename: 'NotFoundError', message: 'Bot not found' })

    // A suspended person in charge needs attention.
    await ctx.db.prisma.member.update({ where: { id: members[0]?.id }, data: { status: 'SUSPENDED' } })
    const status = await client.data(`query($id: ID!) { node(id: $id) { ... on Bot { status actionReasons managers { suspended } } } }`, { id: bot.id })
    expect(status.node).toMatchObject({ status: 'ACTION_REQUIRED', actionReasons: ['PERSON_IN_CHARGE_SUSPENDED'], managers: [{ suspended: true }, {}, {}] })

    const removed = await client.data(
      `mutation($input: MutationRemoveBotFromDomainInput!) { removeBotFromDomain(input: $input) { __typename ... on MutationRemoveBotFromDomainSuccess { bot { status domains { domainName } } } } }`,
      { input: { id: bot.id, domainId } },
    )
    expect(removed.removeBotFromDomain.bot).toEqual({ status: 'PREPARING', domains: [] })
    const actions = (await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, area: 'BOTS' }, orderBy: { seq: 'asc' } })).map((entry) => entry.action)
    expect(actions).toEqual(['bot.create', 'bot.domain.add', 'bot.domain.update', 'bot.domain.remove'])
  })

  it('rotates the secret with a window in which both the old and the new one verify', async () => {
    const { tenant, client, input } = await setUp()
    const bot = (await create(client, input())).bot
    const rotated = await client.data(
      `mutation($input: MutationRotateBotSecretInput!) { rotateBotSecret(input: $input) { __typename ... on MutationRotateBotSecretSuccess { bot { secret previousSecretExpiresAt actionReasons } } } }`,
      { input: { id: bot.id } },
    )
    const after = rotated.rotateBotSecret.bot
    expect(after.secret).not.toBe(bot.secret)
    expect(after.actionReasons).toEqual(['PREVIOUS_SECRET_ACTIVE'])
    const row = await ctx.db.prisma.bot.findFirstOrThrow({ where: { tenantId: tenant.id } })
    const body = new TextEncoder().encode('{"type":"message","content":{"type":"text","text":"出勤"}}')
    const deps = ctx.services.bots
    expect(verifyBotSignature(deps, row, body, signBody(after.secret, body))).toBe(true)
    expect(verifyBotSignature(deps, row, body, signBody(bot.secret, body))).toBe(true)
    const later = new Date(Date.now() + SECRET_ROTATION_WINDOW_MS + 1000)
    expect(verifyBotSignature(deps, row, body, signBody(bot.secret, body), later)).toBe(false)
    expect(verifyBotSignature(deps, row, body, signBody(after.secret, body), later)).toBe(true)
    // Tampered bytes, another key, malformed or missing signatures: false, never a crash.
    expect(verifyBotSignature(deps, row, new TextEncoder().encode('{"type":"message"}'), signBody(after.secret, body))).toBe(false)
    expect(verifyBotSignature(deps, row, body, signBody('not-the-secret', body))).toBe(false)
    expect(verifyBotSignature(deps, row, body, '***')).toBe(false)
    expect(verifyBotSignature(deps, row, body, null)).toBe(false)
  })
  it('takes a PNG or JPEG profile image up to 1 MB, checked by its bytes', async () => {
    const { tenant, client, input } = await setUp()
    const bot = (await create(client, input())).bot
    const path = `/api/bots/${Buffer.from(bot.id, 'base64').toString().split(':')[1]}/photo`
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])
    expect((await client.request(path, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png })).status).toBe(204)
    const got = await client.request(path)
    expect(got.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(png)
    const url = (await client.data(`query($id: ID!) { node(id: $id) { ... on Bot { photoUrl } } }`, { id: bot.id })).node.photoUrl
    expect(url).toMatch(new RegExp(`^${path}\\?v=\\d+$`))

    // A GIF (whatever its header says), an oversized image: refused, the photo stays.
    const gif = new TextEncoder().encode('GIF89a....')
    const badType = await client.request(path, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: gif })
    expect(badType.status).toBe(400)
    expect(((await badType.json()) as { description: string }).description).toBe('photo: Upload a PNG or JPEG image')
    const big = new Uint8Array(1024 * 1024 + 1)
    big.set(png)
    expect((await client.request(path, { method: 'PUT', body: big })).status).toBe(413)
    expect(new Uint8Array(await (await client.request(path)).arrayBuffer())).toEqual(png)

    // Another tenant cannot read it; a view-only admin cannot change it.
    const other = await createTenant(ctx, 'Other')
    expect((await other.client.request(path)).status).toBe(404)
    const { client: viewer } = await createAdmin(ctx, tenant.id, { bots: 'VIEW' })
    expect((await viewer.request(path)).status).toBe(200)
    expect((await viewer.request(path, { method: 'DELETE' })).status).toBe(403)

    expect((await client.request(path, { method: 'DELETE' })).status).toBe(204)
    expect((await client.request(path)).status).toBe(404)
    const actions = (await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, area: 'BOTS' }, orderBy: { seq: 'asc' } })).map((entry) => entry.action)
    expect(actions).toEqual(['bot.create', 'bot.photo.set', 'bot.photo.remove'])
  })
})
