import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { serveOverHttp, until } from '../../test/http-app.ts'
import { createAdmin, createMembers, createTenant, TestClient, useTestApp } from '../../test/harness.ts'

// "Real LINE WORKS" is played by this platform itself, reached over HTTP on this machine (allow-listed
// by the operator): its bot calls our webhook, and our replies go through its Bot API.
const ctx = useTestApp({ CALLBACK_ALLOWED_HOSTS: '127.0.0.1', CALLBACK_ALLOW_HTTP: '1', TOKEN_RATE_LIMIT_PER_MIN: '1000' })

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')
const PASSWORD = 'member-pass-1234'

const http = serveOverHttp(ctx)

const SETUP = `mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) {
  __typename ... on MutationSetupAttendanceLinkageSuccess { linkage { id enabled mode webhookPath externalBotId verifiedAt } }
  ... on ValidationError { fieldErrors { path message } } ... on Error { code message } } }`

/** A tenant with an attendance bot on "LINE WORKS" (this platform over HTTP) linked through the API. */
async function setUp(scopes = ['BOT']) {
  const made = await createTenant(ctx)
  const [employee, other] = await createMembers(ctx, made.tenant, made.domain, 2, 'staff')
  if (!employee || !other) throw new Error('members missing')
  const app = (
    await made.client.data(
      `mutation($input: MutationCreateApiAppInput!) { createApiApp(input: $input) { ... on MutationCreateApiAppSuccess { result { clientSecret app { id clientId } } } } }`,
      { input: { name: 'Attendance', scopes, tokenLifetime: 3600 } },
    )
  ).createApiApp.result
  const account = (
    await made.client.data(
      `mutation($input: MutationCreateServiceAccountInput!) { createServiceAccount(input: $input) { ... on MutationCreateServiceAccountSuccess { result { privateKey account { accountId } } } } }`,
      { input: { appId: app.app.id } },
    )
  ).createServiceAccount.result
  const bot = (
    await made.client.data(
      `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id botId secret } } ... on Error { message } } }`,
      {
        input: {
          name: '勤怠',
          description: 'attendance',
          callbackEnabled: true,
          callbackUrl: `${http.origin}/placeholder`,
          messageTypes: ['text'],
          roomEvents: [],
          allowGroupJoin: false,
          managerIds: [gid('Member', employee.id)],
        },
      },
    )
  ).createBot.bot as { id: string; botId: number; secret: string }
  const external = {
    clientId: app.app.clientId,
    clientSecret: app.clientSecret,
    serviceAccount: account.account.accountId,
    privateKey: account.privateKey,
    botId: String(bot.botId),
    botSecret: bot.secret,
    authBaseUrl: http.origin,
    apiBaseUrl: http.origin,
  }
  const setup = await made.client.data(SETUP, { input: { acceptTerms: true, mode: 'EXTERNAL', external } })
  const linkage = setup.setupAttendanceLinkage.linkage
  if (!linkage) throw new Error(JSON.stringify(setup))
  await made.client.data(`mutation($input: MutationUpdateBotInput!) { updateBot(input: $input) { __typename } }`, {
    input: { id: bot.id, callbackUrl: `${http.origin}${linkage.webhookPath}` },
  })
  await made.client.data(`mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
    input: { id: bot.id, domainId: gid('Domain', made.domain.id), visibility: 'ALL' },
  })
  for (const member of [employee, other]) {
    await made.client.data(`mutation($input: MutationSetMemberPasswordInput!) { setMemberPassword(input: $input) { __typename } }`, {
      input: { id: gid('Member', member.id), password: PASSWORD },
    })
  }
  const account1 = await made.client.data(
    `mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename ... on MutationSetAttendanceAccountSuccess { employee { accountId } } } }`,
    { input: { memberId: gid('Member', employee.id), accountId: employee.userId } },
  )
  expect(account1.setAttendanceAccount.employee.accountId).toBe(employee.userId)
  return { ...made, employee, other, bot, linkage, external }
}

async function talk(client: TestClient, botId: string, text: string) {
  const before = (await client.data(`query($botId: ID!) { talkMessages(botId: $botId, last: 100) { messages { id } } }`, { botId })).talkMessages.messages.length
  await client.data(`mutation($input: MutationSendTalkMessageInput!) { sendTalkMessage(input: $input) { __typename } }`, { input: { botId, text } })
  const page = await until(
    () => client.data(`query($botId: ID!) { talkMessages(botId: $botId, last: 100) { messages { sender content } } }`, { botId }),
    (value) => value.talkMessages.messages.length >= before + 2,
    `the bot's answer to ${text}`,
  )
  return page.talkMessages.messages.at(-1) as { sender: string; content: { text: string; quickReply?: { items: { action: { label: string; data: string } }[] } } }
}

const sign = (secret: string, body: string) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('base64')

describe('attendance through a LINE WORKS bot', () => {
  it('checks the credentials by fetching a token before turning the linkage on', async () => {
    const { tenant, client } = await createTenant(ctx)
    const refused = await client.data(SETUP, {
      input: {
        acceptTerms: true,
        mode: 'EXTERNAL',
        external: { clientId: 'nope', clientSecret: 'nope', serviceAccount: 'x', privateKey: 'not a key', botId: '123', botSecret: 's', authBaseUrl: http.origin, apiBaseUrl: http.origin },
      },
    })
    expect(refused.setupAttendanceLinkage.fieldErrors).toEqual([
      { path: ['external', 'privateKey'], message: 'Paste the whole private key, from -----BEGIN PRIVATE KEY----- to the end' },
    ])
    const noTerms = await client.data(SETUP, { input: { acceptTerms: false, mode: 'PLATFORM' } })
    expect(noTerms.setupAttendanceLinkage.fieldErrors).toEqual([{ path: ['acceptTerms'], message: 'Read and accept the terms of the time-recording linkage first' }])
    const viewer = await createAdmin(ctx, tenant.id, { attendance: 'VIEW' })
    expect((await viewer.client.data(SETUP, { input: { acceptTerms: true, mode: 'PLATFORM' } })).setupAttendanceLinkage.code).toBe('FORBIDDEN')
    expect(await ctx.db.prisma.attendanceLinkage.count({ where: { tenantId: tenant.id } })).toBe(0)
  })

  it('stamps from the talk, answers with the next valid stamps, refuses illegal sequences, and helps', async () => {
    const { employee, other, bot, tenant } = await setUp()
    const member = await new TestClient(ctx.app).memberLogin(employee.loginId, PASSWORD)
    const clockIn = await talk(member, bot.id, ' ＣＬＯＣＫ ＩＮ ')
    expect(clockIn.sender).toBe('BOT')
    expect(clockIn.content.text).toMatch(/^山田さん、出勤を \d\d:\d\d に記録しました。$/)
    // The next valid stamps, and "today" (always a next step to tap).
    const buttons = (reply: Awaited<ReturnType<typeof talk>>) => reply.content.quickReply?.items.map((item) => item.action.data) ?? []
    expect(buttons(clockIn)).toEqual(['stamp=BREAK_START', 'stamp=CLOCK_OUT', 'stamp=TODAY'])
    expect((await talk(member, bot.id, '出勤')).content.text).toMatch(/^山田さん、今日はもう出勤しています/)
    const unknown = await talk(member, bot.id, 'おはよう')
    expect(unknown.content.text).toBe('「出勤」「退勤」「休憩開始」「休憩終了」、または「今日」を送ってください。')
    expect(buttons(unknown)).toEqual(['stamp=BREAK_START', 'stamp=CLOCK_OUT', 'stamp=TODAY'])
    const clockOut = await talk(member, bot.id, '退勤')
    expect(clockOut.content.text).toMatch(/退勤を \d\d:\d\d に記録しました。$/)
    // After clocking out nothing is valid to stamp: the reply still offers to see today.
    expect(buttons(clockOut)).toEqual(['stamp=TODAY'])
    expect((await talk(member, bot.id, '今日')).content.text).toMatch(/^山田さんの今日の打刻: 出勤 \d\d:\d\d、退勤 \d\d:\d\d$/)

    // An employee without an account id gets told to ask their admin; nothing is stamped.
    const stranger = await new TestClient(ctx.app).memberLogin(other.loginId, PASSWORD)
    expect((await talk(stranger, bot.id, '出勤')).content.text).toMatch(/^このアカウントは勤怠の従業員に登録されていません/)

    const stamps = await ctx.db.prisma.attendanceStamp.findMany({ where: { tenantId: tenant.id }, orderBy: { stampedAt: 'asc' } })
    expect(stamps.map((stamp) => [stamp.kind, stamp.memberId, stamp.sourceText])).toEqual([
      ['CLOCK_IN', employee.id, ' ＣＬＯＣＫ ＩＮ '],
      ['CLOCK_OUT', employee.id, '退勤'],
    ])
    // Each reply is recorded as sent once LINE WORKS has answered (just after the talk shows it).
    const replies = await until(
      () => ctx.db.prisma.attendanceReply.findMany({ where: { tenantId: tenant.id } }),
      (rows) => rows.every((reply) => reply.sentAt !== null),
      'the replies to be recorded as sent',
    )
    expect(replies).toHaveLength(6)
    expect(replies.map((reply) => reply.attempts)).toEqual([1, 1, 1, 1, 1, 1])
  })

  it('works with this platform’s own bot: the event is taken in-process with the message, the reply lands in the talk', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const [employee] = await createMembers(ctx, tenant, domain, 1, 'platform')
    if (!employee) throw new Error('member missing')
    const bot = (
      await client.data(
        `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id } } } }`,
        {
          input: {
            name: '勤怠ボット',
            description: 'attendance',
            callbackEnabled: false,
            messageTypes: ['text'],
            roomEvents: [],
            allowGroupJoin: false,
            managerIds: [gid('Member', employee.id)],
          },
        },
      )
    ).createBot.bot as { id: string }
    await client.data(`mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
      input: { id: bot.id, domainId: gid('Domain', domain.id), visibility: 'ALL' },
    })
    const setup = await client.data(SETUP, { input: { acceptTerms: true, mode: 'PLATFORM', botId: bot.id } })
    expect(setup.setupAttendanceLinkage.linkage).toMatchObject({ enabled: true, mode: 'PLATFORM' })
    // The account id may be the login id: on this platform the user id in the event names the member.
    await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename } }`, {
      input: { memberId: gid('Member', employee.id), accountId: employee.loginId },
    })
    await client.data(`mutation($input: MutationSetMemberPasswordInput!) { setMemberPassword(input: $input) { __typename } }`, {
      input: { id: gid('Member', employee.id), password: PASSWORD },
    })
    // The tenant's own word and reply text are used; a plain ASCII message is answered in English.
    const word = await client.data(`mutation($input: MutationAddAttendanceWordInput!) { addAttendanceWord(input: $input) { __typename ... on Error { message } } }`, {
      input: { kind: 'CLOCK_IN', word: 'はじめます' },
    })
    expect(word.addAttendanceWord.__typename).toBe('MutationAddAttendanceWordSuccess')
    await client.data(`mutation($input: MutationSetAttendanceTemplateInput!) { setAttendanceTemplate(input: $input) { __typename } }`, {
      input: { language: 'ja', key: 'stamped', text: '{stamp} OK ({time}) {name}' },
    })
    const member = await new TestClient(ctx.app).memberLogin(employee.loginId, PASSWORD)
    expect((await talk(member, bot.id, '　はじめます ')).content.text).toMatch(/^出勤 OK \(\d\d:\d\d\) 山田$/)
    expect((await talk(member, bot.id, 'Clock in')).content.text).toMatch(/^山田, you already clocked in today \(at \d\d:\d\d\)\.$/)
    // Tapping the reply's quick reply (a postback) stamps too.
    await member.data(`mutation($input: MutationSendTalkMessageInput!) { sendTalkMessage(input: $input) { __typename } }`, {
      input: { botId: bot.id, postbackData: 'stamp=BREAK_START', postbackDisplayText: '休憩開始' },
    })
    await until(() => ctx.db.prisma.attendanceStamp.count({ where: { tenantId: tenant.id } }), (count) => count === 2, 'the postback stamp')
    expect(await ctx.db.prisma.botDelivery.count({ where: { tenantId: tenant.id } })).toBe(0)
    const replies = await ctx.db.prisma.attendanceReply.findMany({ where: { tenantId: tenant.id } })
    expect(replies.map((reply) => reply.attempts)).toEqual([1, 1, 1])
  })

  it('refuses a bad signature, an unknown linkage and an oversized body; acknowledges malformed events; stores a redelivery once', async () => {
    const { linkage, external, tenant, employee } = await setUp()
    const post = (path: string, body: string, signature?: string) =>
      fetch(`${http.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature && { 'x-works-signature': signature }) }, body })
    const event = JSON.stringify({ type: 'message', source: { userId: employee.userId, domainId: 1 }, issuedTime: new Date().toISOString(), content: { type: 'text', text: '出勤' } })

    expect((await post(linkage.webhookPath, event, sign('wrong-secret', event))).status).toBe(401)
    expect((await post(linkage.webhookPath, event)).status).toBe(401)
    expect((await post(linkage.webhookPath, event, 'not base64 at all')).status).toBe(401)
    expect((await post('/webhooks/lineworks/00000000-0000-4000-8000-000000000000', event, sign(external.botSecret, event))).status).toBe(404)
    expect((await post('/webhooks/lineworks/not-a-uuid', event, sign(external.botSecret, event))).status).toBe(404)
    const huge = JSON.stringify({ type: 'message', pad: 'x'.repeat(70_000) })
    expect((await post(linkage.webhookPath, huge, sign(external.botSecret, huge))).status).toBe(413)
    // Signed bodies PostgreSQL cannot store (a NUL byte, a \u0000 escape, bytes that are not UTF-8):
    // a clear 400, nothing stored (today's main answered 500 with the database's error and stack).
    const postBytes = (body: Buffer) =>
      fetch(`${http.origin}${linkage.webhookPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-works-signature': createHmac('sha256', Buffer.from(external.botSecret, 'utf8')).update(body).digest('base64') },
        body: new Uint8Array(body),
      })
    for (const [body, description] of [
      [Buffer.from(event.replace('出勤', '出\u0000勤')), 'The body contains a NUL character'],
      [Buffer.from(event.replace('出勤', '出勤\\u0000')), 'The body contains a NUL character (\\u0000)'],
      [Buffer.concat([Buffer.from(event.slice(0, -2)), Buffer.from([0xe0, 0xa4]), Buffer.from('"}')]), 'The body is not valid UTF-8'],
    ] as const) {
      const answer = await postBytes(body)
      expect(answer.status).toBe(400)
      expect(await answer.json()).toEqual({ code: 'INVALID_PARAMETER', description })
    }
    // A malformed escape in the linkage id is a 400 with {code, description}, not a URIError's stack.
    const escaped = await post('/webhooks/lineworks/%E0%A4%A', event, sign(external.botSecret, event))
    expect(escaped.status).toBe(400)
    expect(await escaped.json()).toEqual({ code: 'INVALID_PARAMETER', description: 'linkageId: the path has a malformed percent escape' })
    expect(await ctx.db.prisma.attendanceEvent.count({ where: { tenantId: tenant.id } })).toBe(0)

    const malformed = '{"type": "message", '
    expect((await post(linkage.webhookPath, malformed, sign(external.botSecret, malformed))).status).toBe(200)
    const joined = JSON.stringify({ type: 'joined', source: { channelId: '1', domainId: 1 }, issuedTime: new Date().toISOString(), members: [] })
    expect((await post(linkage.webhookPath, joined, sign(external.botSecret, joined))).status).toBe(200)
    // LINE WORKS never resends, but an operator may: the same bytes twice are one event, one stamp.
    expect((await post(linkage.webhookPath, event, sign(external.botSecret, event))).status).toBe(200)
    expect((await post(linkage.webhookPath, event, sign(external.botSecret, event))).status).toBe(200)
    const events = await until(
      () => ctx.db.prisma.attendanceEvent.findMany({ where: { tenantId: tenant.id }, orderBy: { receivedAt: 'asc' } }),
      (rows) => rows.length === 3 && rows.every((row) => row.status !== 'PENDING'),
      'the events to be processed',
    )
    expect(events.map((row) => [row.status, row.note])).toEqual([
      ['IGNORED', 'The body is not a JSON object'],
      ['IGNORED', 'Event type joined is not used for attendance'],
      ['PROCESSED', 'stamped'],
    ])
    expect(await ctx.db.prisma.attendanceStamp.count({ where: { tenantId: tenant.id } })).toBe(1)
  })

  it('matches an account id that is a login id through the Users API, once, and remembers the user id', async () => {
    const { tenant, other, bot, client } = await setUp(['BOT', 'USER_READ'])
    const member = await new TestClient(ctx.app).memberLogin(other.loginId, PASSWORD)
    // Not an employee yet: the Users API finds the login id, but no account has it.
    expect((await talk(member, bot.id, '出勤')).content.text).toMatch(/^このアカウントは勤怠の従業員に登録されていません/)
    // The admin knows the employee's login id; LINE WORKS callbacks carry only the user id. Setting it
    // takes effect at once (the failed lookup is forgotten).
    await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename } }`, {
      input: { memberId: gid('Member', other.id), accountId: other.loginId.toUpperCase() },
    })
    expect((await talk(member, bot.id, '出勤')).content.text).toMatch(/^山田さん、出勤を \d\d:\d\d に記録しました。$/)
    const account = await ctx.db.prisma.attendanceAccount.findUniqueOrThrow({ where: { memberId: other.id } })
    expect(account).toMatchObject({ accountId: other.loginId.toLowerCase(), lineWorksUserId: other.userId })
    // Later events match the remembered user id directly.
    expect((await talk(member, bot.id, '退勤')).content.text).toMatch(/退勤を \d\d:\d\d に記録しました。$/)
    expect(await ctx.db.prisma.attendanceStamp.count({ where: { tenantId: tenant.id, memberId: other.id } })).toBe(2)

    // A new account id forgets the user id: the new login id names someone else.
    await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename } }`, {
      input: { memberId: gid('Member', other.id), accountId: 'someone.else@example.com' },
    })
    expect((await ctx.db.prisma.attendanceAccount.findUniqueOrThrow({ where: { memberId: other.id } })).lineWorksUserId).toBeNull()
    expect((await talk(member, bot.id, '出勤')).content.text).toMatch(/^このアカウントは勤怠の従業員に登録されていません/)
  })

  it('answers "ask your admin" when the app may not read users (no user.read scope)', async () => {
    const { other, bot, client, tenant } = await setUp(['BOT'])
    await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename } }`, {
      input: { memberId: gid('Member', other.id), accountId: other.loginId },
    })
    const member = await new TestClient(ctx.app).memberLogin(other.loginId, PASSWORD)
    expect((await talk(member, bot.id, '出勤')).content.text).toMatch(/^このアカウントは勤怠の従業員に登録されていません/)
    expect(await ctx.db.prisma.attendanceStamp.count({ where: { tenantId: tenant.id } })).toBe(0)
  })
})
