import { describe, expect, it } from 'vitest'
import { createAdmin, createMembers, createTenant, subscribe, TestClient, useTestApp } from '../../test/harness.ts'
import { allocateLwDomainId } from '../services/domains.ts'

const ctx = useTestApp({ CALLBACK_ALLOWED_HOSTS: '127.0.0.1', CALLBACK_ALLOW_HTTP: '1' })

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')
const MEMBER_PASSWORD = 'member-pass-1234'

const setPassword = `mutation($input: MutationSetMemberPasswordInput!) {
  setMemberPassword(input: $input) { __typename ... on MutationSetMemberPasswordSuccess { member { canSignIn } } ... on ValidationError { fieldErrors { path message } } ... on Error { code message } } }`
const send = `mutation($input: MutationSendTalkMessageInput!) {
  sendTalkMessage(input: $input) { __typename ... on MutationSendTalkMessageSuccess { talkMessage { id sender content } } ... on ValidationError { fieldErrors { path message } } ... on Error { code message } } }`
const messagesQuery = `query($botId: ID!, $before: ID, $last: Int) { talkMessages(botId: $botId, before: $before, last: $last) { hasMore messages { id sender content } } }`

/** A tenant with a bot added to its first domain, a member there who can sign in, and one elsewhere. */
async function setUp(options: { roomEvents?: string[]; visibility?: 'ALL' | 'SELECTED' } = {}) {
  const made = await createTenant(ctx)
  const [talker, other] = await createMembers(ctx, made.tenant, made.domain, 2, 'talker')
  const otherDomain = await ctx.db.prisma.domain.create({
    data: { tenantId: made.tenant.id, name: `other-${made.domain.name}`, displayName: 'Other', lwDomainId: await allocateLwDomainId(ctx.db.prisma) },
  })
  const [outsider] = await createMembers(ctx, made.tenant, otherDomain, 1, 'outsider')
  if (!talker || !other || !outsider) throw new Error('members missing')
  const created = await made.client.data(
    `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id botId } } ... on Error { message } } }`,
    {
      input: {
        name: 'Helper',
        description: 'answers questions',
        callbackEnabled: true,
        callbackUrl: 'http://127.0.0.1:9/callback',
        messageTypes: ['text'],
        roomEvents: options.roomEvents ?? ['begin', 'end'],
        allowGroupJoin: false,
        managerIds: [gid('Member', talker.id)],
      },
    },
  )
  const bot = created.createBot.bot as { id: string; botId: number }
  if (!bot) throw new Error(`createBot: ${JSON.stringify(created)}`)
  await made.client.data(`mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
    input: {
      id: bot.id,
      domainId: gid('Domain', made.domain.id),
      visibility: options.visibility ?? 'ALL',
      ...(options.visibility === 'SELECTED' && { memberIds: [gid('Member', talker.id)] }),
    },
  })
  for (const member of [talker, other, outsider]) {
    const result = await made.client.data(setPassword, { input: { id: gid('Member', member.id), password: MEMBER_PASSWORD } })
    expect(result.setMemberPassword.member).toEqual({ canSignIn: true })
  }
  const memberClient = await new TestClient(ctx.app).memberLogin(talker.loginId, MEMBER_PASSWORD)
  const deliveries = async () =>
    (await ctx.db.prisma.botDelivery.findMany({ where: { tenantId: made.tenant.id }, orderBy: { createdAt: 'asc' } })).map((row) => JSON.parse(row.body))
  return { ...made, talker, other, outsider, otherDomain, bot, memberClient, deliveries }
}

describe('member sign-in', () => {
  it('needs a password set by an admin with members edit authority, and gives no admin authority', async () => {
    const { tenant, talker, client } = await createTenant(ctx).then(async (made) => ({
      ...made,
      talker: (await createMembers(ctx, made.tenant, made.domain, 1, 'signin'))[0] ?? { id: '', loginId: '' },
    }))
    const anonymous = new TestClient(ctx.app)
    const before = await anonymous.data(`mutation($input: MemberLoginInput!) { memberLogin(input: $input) { __typename ... on Error { message } } }`, {
      input: { loginId: talker.loginId, password: MEMBER_PASSWORD },
    })
    expect(before.memberLogin.__typename).toBe('AuthenticationError')

    const viewer = await createAdmin(ctx, tenant.id, { members: 'VIEW' })
    const refused = await viewer.client.data(setPassword, { input: { id: gid('Member', talker.id), password: MEMBER_PASSWORD } })
    expect(refused.setMemberPassword.__typename).toBe('ForbiddenError')
    const weak = await client.data(setPassword, { input: { id: gid('Member', talker.id), password: 'short1' } })
    expect(weak.setMemberPassword.fieldErrors).toEqual([{ path: ['password'], message: 'At least 10 characters' }])
    expect((await ctx.db.prisma.member.findUniqueOrThrow({ where: { id: talker.id } })).passwordHash).toBeNull()
    await client.data(setPassword, { input: { id: gid('Member', talker.id), password: MEMBER_PASSWORD } })

    const wrong = await anonymous.data(`mutation($input: MemberLoginInput!) { memberLogin(input: $input) { __typename } }`, {
      input: { loginId: talker.loginId, password: 'not-the-password-1' },
    })
    expect(wrong.memberLogin.__typename).toBe('AuthenticationError')
    const member = await new TestClient(ctx.app).memberLogin(talker.loginId.toUpperCase(), MEMBER_PASSWORD)
    expect((await member.data(`{ talkViewer { loginId tenantName } viewer { admin { email } } }`)).talkViewer).toEqual({
      loginId: talker.loginId,
      tenantName: expect.stringContaining('Acme'),
    })
    expect((await member.data(`{ viewer { admin { email } } }`)).viewer).toBeNull()
    const adminQuery = await member.gql(`{ members(first: 5) { edges { node { loginId } } } }`)
    expect(adminQuery.errors?.[0]?.extensions?.code).toBe('AUTHENTICATION')

    // The session needs its CSRF header; without it the cookie alone authenticates nothing.
    const headerless = await member.gql(`{ talkViewer { loginId } }`, {})
    expect(headerless.data?.talkViewer).toBeTruthy()
    const noHeader = await ctx.app.fetch(
      new Request('http://test.local/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `wb_msession=${member.cookie('wb_msession')}` },
        body: JSON.stringify({ query: '{ talkViewer { loginId } }' }),
      }),
    )
    expect(((await noHeader.json()) as { data: { talkViewer: unknown } }).data.talkViewer).toBeNull()

    // Suspension ends the session at once; a removed password ends it too.
    await client.data(`mutation($input: MutationSuspendMemberInput!) { suspendMember(input: $input) { __typename } }`, { input: { id: gid('Member', talker.id) } })
    expect((await member.data(`{ talkViewer { loginId } }`)).talkViewer).toBeNull()
    await client.data(`mutation($input: MutationResumeMemberInput!) { resumeMember(input: $input) { __typename } }`, { input: { id: gid('Member', talker.id) } })
    const again = await new TestClient(ctx.app).memberLogin(talker.loginId, MEMBER_PASSWORD)
    await client.data(setPassword, { input: { id: gid('Member', talker.id), password: null } })
    expect((await again.data(`{ talkViewer { loginId } }`)).talkViewer).toBeNull()
    const actions = (await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, targetId: talker.id }, orderBy: { seq: 'asc' } })).map((entry) => [entry.action, entry.actorType])
    expect(actions).toEqual(
      expect.arrayContaining([
        ['member.password.set', 'ADMIN'],
        ['member.login', 'MEMBER'],
        ['member.password.remove', 'ADMIN'],
      ]),
    )
    expect(JSON.stringify(await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id } }))).not.toContain(MEMBER_PASSWORD)
  })
})

describe('talk view', () => {
  it('lists only the bots of the member’s domain, and never another tenant’s', async () => {
    const a = await setUp({ visibility: 'SELECTED' })
    expect((await a.memberClient.data(`{ talkBots { id name open lastMessage { content } } }`)).talkBots).toEqual([
      { id: a.bot.id, name: 'Helper', open: false, lastMessage: null },
    ])
    const other = await new TestClient(ctx.app).memberLogin(a.other.loginId, MEMBER_PASSWORD)
    expect((await other.data(`{ talkBots { id } }`)).talkBots).toEqual([])
    const outsider = await new TestClient(ctx.app).memberLogin(a.outsider.loginId, MEMBER_PASSWORD)
    expect((await outsider.data(`{ talkBots { id } }`)).talkBots).toEqual([])
    const refused = await other.data(send, { input: { botId: a.bot.id, text: 'hello' } })
    expect(refused.sendTalkMessage.code).toBe('NOT_FOUND')

    const b = await setUp()
    expect((await b.memberClient.data(`query($id: ID!) { talkBot(id: $id) { name } }`, { id: a.bot.id })).talkBot).toBeNull()
    expect((await b.memberClient.data(send, { input: { botId: a.bot.id, text: 'hello' } })).sendTalkMessage.code).toBe('NOT_FOUND')
    expect(await ctx.db.prisma.talkMessage.count({ where: { tenantId: { in: [a.tenant.id, b.tenant.id] } } })).toBe(0)
  })

  it('stores what the member sends and queues begin, message and postback callbacks in the wire format', async () => {
    const { memberClient, bot, talker, domain, deliveries } = await setUp()
    const text = await memberClient.data(send, { input: { botId: bot.id, text: '出勤' } })
    expect(text.sendTalkMessage.talkMessage).toMatchObject({ sender: 'MEMBER', content: { type: 'text', text: '出勤' } })
    const tapped = await memberClient.data(send, { input: { botId: bot.id, text: 'Yes', messagePostback: 'answer=yes' } })
    expect(tapped.sendTalkMessage.talkMessage.content).toEqual({ type: 'text', text: 'Yes', postback: 'answer=yes' })
    await memberClient.data(send, { input: { botId: bot.id, postbackData: 'action=clock_in', postbackDisplayText: 'Clock in' } })
    const source = { userId: talker.userId, domainId: domain.lwDomainId }
    expect(await deliveries()).toEqual([
      { type: 'begin', source, issuedTime: expect.any(String) },
      { type: 'message', source, issuedTime: expect.any(String), content: { type: 'text', text: '出勤' } },
      { type: 'message', source, issuedTime: expect.any(String), content: { type: 'text', text: 'Yes', postback: 'answer=yes' } },
      { type: 'postback', source, issuedTime: expect.any(String), data: 'action=clock_in' },
    ])
    const page = await memberClient.data(messagesQuery, { botId: bot.id, last: 2 })
    expect(page.talkMessages.hasMore).toBe(true)
    expect(page.talkMessages.messages.map((message: { content: unknown }) => message.content)).toEqual([
      { type: 'text', text: 'Yes', postback: 'answer=yes' },
      { type: 'postback', data: 'action=clock_in', displayText: 'Clock in' },
    ])
    const older = await memberClient.data(messagesQuery, { botId: bot.id, last: 2, before: page.talkMessages.messages[0].id })
    expect(older.talkMessages).toEqual({ hasMore: false, messages: [expect.objectContaining({ content: { type: 'text', text: '出勤' } })] })
    const listed = (await memberClient.data(`{ talkBots { open lastMessage { sender content } } }`)).talkBots
    expect(listed).toEqual([{ open: true, lastMessage: { sender: 'MEMBER', content: { type: 'postback', data: 'action=clock_in', displayText: 'Clock in' } } }])
  })

  it('refuses bad input with a clear error and stores nothing', async () => {
    const { memberClient, bot, tenant } = await setUp()
    const cases: [Record<string, unknown>, { path: string[]; message: string }][] = [
      [{ text: '   ' }, { path: ['text'], message: 'Write a message' }],
      [{ text: 'x'.repeat(2001) }, { path: ['text'], message: 'At most 2000 characters' }],
      [{ text: 'a', postbackData: 'b' }, { path: ['text'], message: 'Send text or a postback, not both' }],
      [{ postbackData: 'x'.repeat(301) }, { path: ['postback', 'data'], message: 'At most 300 characters' }],
      [{ messagePostback: 'p' }, { path: ['text'], message: 'Write a message' }],
    ]
    for (const [fields, error] of cases) {
      const result = await memberClient.data(send, { input: { botId: bot.id, ...fields } })
      expect(result.sendTalkMessage.__typename).toBe('ValidationError')
      expect(result.sendTalkMessage.fieldErrors).toContainEqual(error)
    }
    const malformed = await memberClient.data(send, { input: { botId: 'not-an-id', text: 'hi' } })
    expect(malformed.sendTalkMessage.fieldErrors).toEqual([{ path: ['botId'], message: 'Not a valid Bot id' }])
    const anonymous = await new TestClient(ctx.app).data(send, { input: { botId: bot.id, text: 'hi' } })
    expect(anonymous.sendTalkMessage.__typename).toBe('AuthenticationError')
    expect(await ctx.db.prisma.talkMessage.count({ where: { tenantId: tenant.id } })).toBe(0)
    expect(await ctx.db.prisma.botDelivery.count({ where: { tenantId: tenant.id } })).toBe(0)
  })

  it('begins the room once, ends it when the member leaves, and begins it again when they return', async () => {
    const { memberClient, bot, deliveries } = await setUp()
    const open = `mutation($input: MutationOpenTalkInput!) { openTalk(input: $input) { ... on MutationOpenTalkSuccess { result { began } } } }`
    const leave = `mutation($input: MutationLeaveTalkInput!) { leaveTalk(input: $input) { ... on MutationLeaveTalkSuccess { result { ended } } } }`
    expect((await memberClient.data(open, { input: { botId: bot.id } })).openTalk.result).toEqual({ began: true })
    expect((await memberClient.data(open, { input: { botId: bot.id } })).openTalk.result).toEqual({ began: false })
    await memberClient.data(send, { input: { botId: bot.id, text: 'hi' } })
    expect((await memberClient.data(leave, { input: { botId: bot.id } })).leaveTalk.result).toEqual({ ended: true })
    expect((await memberClient.data(leave, { input: { botId: bot.id } })).leaveTalk.result).toEqual({ ended: false })
    expect((await memberClient.data(`{ talkBots { open } }`)).talkBots).toEqual([{ open: false }])
    await memberClient.data(send, { input: { botId: bot.id, text: 'back' } })
    expect((await deliveries()).map((body) => body.type)).toEqual(['begin', 'message', 'end', 'begin', 'message'])
    expect((await memberClient.data(messagesQuery, { botId: bot.id })).talkMessages.messages).toHaveLength(2)
  })

  it('sends room events only when the bot chose them', async () => {
    const { memberClient, bot, deliveries } = await setUp({ roomEvents: [] })
    await memberClient.data(send, { input: { botId: bot.id, text: 'hi' } })
    expect((await deliveries()).map((body) => body.type)).toEqual(['message'])
  })

  it('streams new messages of the room over a subscription (SSE)', async () => {
    const { memberClient, bot, client, talker } = await setUp()
    const live = await subscribe(ctx, memberClient, 'talk:message', `subscription($botId: ID!) { talkMessageAdded(botId: $botId) { sender content } }`, { botId: bot.id })
    expect(live.response.headers.get('content-type')).toContain('text/event-stream')
    await memberClient.data(send, { input: { botId: bot.id, text: 'ping' } })
    expect(await live.until('ping')).toContain('"sender":"MEMBER"')
    // An admin trying the bot as the same member shows up too.
    await client.data(`mutation($input: MutationSendBotMessageAsMemberInput!) { sendBotMessageAsMember(input: $input) { __typename } }`, {
      input: { id: bot.id, memberId: gid('Member', talker.id), text: 'from the console' },
    })
    expect(await live.until('from the console')).toContain('"type":"text"')
    await live.close()
  })

  it('serves the bot’s photo to a member who may use the bot, with the session cookie alone', async () => {
    const { memberClient, bot, client } = await setUp()
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')
    const id = Buffer.from(bot.id, 'base64').toString().split(':')[1]
    expect((await client.request(`/api/bots/${id}/photo`, { method: 'PUT', body: png })).status).toBe(204)
    const cookieOnly = (name: string, value: string | undefined) =>
      ctx.app.fetch(new Request(`http://test.local/api/bots/${id}/photo`, { headers: { cookie: `${name}=${value}` } }))
    expect((await cookieOnly('wb_msession', memberClient.cookie('wb_msession'))).status).toBe(200)
    expect((await cookieOnly('wb_session', client.cookie('wb_session'))).status).toBe(200)
    expect((await cookieOnly('wb_msession', 'forged')).status).toBe(401)
    // The GraphQL global id names the bot as well as its database id.
    expect((await memberClient.request(`/api/bots/${encodeURIComponent(bot.id)}/photo`)).status).toBe(200)
    const outsider = await setUp()
    expect((await cookieOnly('wb_msession', outsider.memberClient.cookie('wb_msession'))).status).toBe(404)
    // Changing the photo still needs the admin session with its CSRF header.
    const put = await ctx.app.fetch(
      new Request(`http://test.local/api/bots/${id}/photo`, { method: 'PUT', body: png, headers: { cookie: `wb_session=${client.cookie('wb_session')}` } }),
    )
    expect(put.status).toBe(401)
  })
})

describe('attendance guide', () => {
  it('offers the attendance bot’s first message as a guide (the member’s name, the clock-in quick reply), and nothing for other bots or a turned-off linkage', async () => {
    const { client, bot, memberClient, tenant } = await setUp()
    const guideQuery = `query($id: ID!) { talkBot(id: $id) { guide } }`
    expect((await memberClient.data(guideQuery, { id: bot.id })).talkBot.guide).toBeNull()
    const linked = await client.data(`mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename ... on Error { message } } }`, {
      input: { acceptTerms: true, mode: 'PLATFORM', botId: bot.id },
    })
    expect(linked.setupAttendanceLinkage.__typename).toBe('MutationSetupAttendanceLinkageSuccess')
    const guide = (await memberClient.data(guideQuery, { id: bot.id })).talkBot.guide
    expect(guide.type).toBe('text')
    expect(guide.text).toContain('山田')
    expect(guide.text).toContain('「出勤」')
    const actions = guide.quickReply.items.map((item: { action: { type: string; data?: string } }) => item.action)
    expect(actions).toContainEqual(expect.objectContaining({ type: 'postback', data: 'stamp=CLOCK_IN' }))
    // Showing it stores and sends nothing.
    expect(await ctx.db.prisma.talkMessage.count({ where: { tenantId: tenant.id } })).toBe(0)
    // Anonymous callers get no guide; a turned-off linkage has none.
    expect((await new TestClient(ctx.app).gql(guideQuery, { id: bot.id })).errors?.[0]?.extensions?.code).toBe('AUTHENTICATION')
    await ctx.db.prisma.attendanceLinkage.update({ where: { tenantId: tenant.id }, data: { enabled: false } })
    expect((await memberClient.data(guideQuery, { id: bot.id })).talkBot.guide).toBeNull()
  })
})
