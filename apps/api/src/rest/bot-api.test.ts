import { describe, expect, it } from 'vitest'
import { createMembers, createTenant, type TestContext, useTestApp } from '../../test/harness.ts'
import { issueAccessToken } from '../../test/oauth.ts'

const ctx = useTestApp({ TOKEN_RATE_LIMIT_PER_MIN: '1000' })
const limitedCtx = useTestApp({ BOT_API_RATE_LIMIT_PER_MIN: '8' })

const CREATE_BOT = `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id botId } } ... on Error { message } } }`

async function setUp(context: TestContext, scopes = ['BOT']) {
  const made = await createTenant(context)
  const members = await createMembers(context, made.tenant, made.domain, 3, 'emp')
  const managerIds = [Buffer.from(`Member:${members[0]?.id}`).toString('base64')]
  const createBot = async (name: string) =>
    (
      await made.client.data(CREATE_BOT, {
        input: { name, description: 'test', callbackEnabled: false, messageTypes: ['text'], roomEvents: [], allowGroupJoin: false, managerIds },
      })
    ).createBot.bot as { id: string; botId: number }
  const bot = await createBot('勤怠')
  const token = await issueAccessToken(made.client, scopes)
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await made.client.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : null }
  }
  return { ...made, members, bot, createBot, token, api }
}

describe('Bot REST API /v1.0', () => {
  it('needs a valid Bearer token; unknown paths and methods answer in {code, description}', async () => {
    const { client, bot, api } = await setUp(ctx)
    const bare = await client.request(`/v1.0/bots/${bot.botId}`)
    expect(bare.status).toBe(401)
    expect(await bare.json()).toEqual({ code: 'UNAUTHORIZED', description: 'The access token is missing, expired or revoked' })
    const wrong = await client.request(`/v1.0/bots/${bot.botId}`, { headers: { authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(401)
    expect((await api('GET', '/v1.0/nothing')).body).toEqual({ code: 'NOT_FOUND', description: 'No such endpoint' })
    expect((await api('DELETE', `/v1.0/bots/${bot.botId}`)).status).toBe(405)
  })

  it('lists bots with cursor paging and reads one; another tenant’s bot is not found', async () => {
    const { bot, createBot, api } = await setUp(ctx)
    await createBot('second')
    await createBot('third')
    const first = await api('GET', '/v1.0/bots?count=2')
    expect(first.status).toBe(200)
    expect(first.body?.bots).toHaveLength(2)
    expect(first.body?.responseMetaData.nextCursor).toEqual(expect.any(String))
    const second = await api('GET', `/v1.0/bots?count=2&cursor=${first.body?.responseMetaData.nextCursor}`)
    expect(second.body?.bots).toHaveLength(1)
    expect(second.body?.responseMetaData).toEqual({})
    expect((await api('GET', '/v1.0/bots?count=0')).body).toEqual({ code: 'INVALID_PARAMETER', description: 'count: between 1 and 100' })
    expect((await api('GET', '/v1.0/bots?cursor=%%%')).status).toBe(400)

    const detail = await api('GET', `/v1.0/bots/${bot.botId}`)
    expect(detail.body).toMatchObject({ botId: bot.botId, botName: '勤怠', description: 'test', enableCallback: false, callbackEvents: ['text'], allowDomains: [] })
    expect(detail.body?.administrators).toHaveLength(1)
    const other = await setUp(ctx)
    expect((await other.api('GET', `/v1.0/bots/${bot.botId}`)).status).toBe(404)
    expect((await other.api('POST', `/v1.0/bots/${bot.botId}/users/x/messages`, { content: { type: 'text', text: 'hi' } })).status).toBe(404)
  })

  it('sends to a user (by user id or login id) once the bot is in their domain; bad content is a 400 and stores nothing', async () => {
    const { tenant, domain, members, bot, api } = await setUp(ctx)
    const member = members[1]
    const send = (userId: string, body: unknown) => api('POST', `/v1.0/bots/${bot.botId}/users/${encodeURIComponent(userId)}/messages`, body)
    const hello = { content: { type: 'text', text: 'おはようございます' } }

    expect((await send(member?.userId ?? '', hello)).body).toEqual({ code: 'FORBIDDEN', description: 'The bot is not available to this user: add it to the user’s domain' })
    expect((await api('POST', `/v1.0/bots/${bot.botId}/domains/${domain.lwDomainId}`, { visible: true })).status).toBe(201)
    expect((await api('POST', `/v1.0/bots/${bot.botId}/domains/${domain.lwDomainId}`)).body?.code).toBe('ALREADY_EXIST')
    expect((await api('POST', `/v1.0/bots/${bot.botId}/domains/99999999`)).status).toBe(404)
    const added = await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, action: { startsWith: 'bot.domain.' } } })
    expect(added.map((entry) => [entry.action, entry.actorType, entry.after])).toEqual([['bot.domain.add', 'API_TOKEN', { domainId: domain.id, visibility: 'ALL', members: 0 }]])

    expect((await send(member?.userId ?? '', hello)).status).toBe(201)
    const buttons = {
      content: {
        type: 'button_template',
        contentText: '打刻しますか？',
        actions: [{ type: 'message', label: '出勤', text: '出勤' }, { type: 'postback', label: '退勤', data: 'action=clock_out' }],
        quickReply: { items: [{ action: { type: 'message', label: '今日', text: '今日' } }] },
      },
    }
    expect((await send(member?.loginId ?? '', buttons)).status).toBe(201)
    expect((await send('nobody@nowhere.example', hello)).body).toEqual({ code: 'NOT_FOUND', description: 'No such user' })

    const invalid: [unknown, number, string, string][] = [
      [{ content: { type: 'text', text: 'x'.repeat(2001) } }, 400, 'INVALID_PARAMETER', 'content.text: At most 2000 characters'],
      [{ content: { type: 'fax', text: 'x' } }, 400, 'INVALID_PARAMETER', 'content.type: Unknown content type fax. Use text, sticker, image, file, link, button_template, list_template, carousel, image_carousel, flex'],
      [{}, 400, 'MISSING_PARAMETER', 'content: Invalid input: expected object, received undefined'],
      [{ content: { type: 'file', originalContentUrl: 'https://files.example/setup.exe' } }, 400, 'INVALID_PARAMETER', 'content: Executable files (bat, cmd, com, cpl, exe, scr, js, vbs, wsf, hta) cannot be sent'],
      [{ content: { type: 'image', previewImageUrl: 'http://insecure.example/a.png', originalContentUrl: 'https://ok.example/a.png' } }, 400, 'INVALID_PARAMETER', 'content.previewImageUrl: Must be an https:// URL'],
      [{ content: { type: 'text', text: 'q', quickReply: { items: Array.from({ length: 14 }, () => ({ action: { type: 'message', label: 'a', text: 'a' } })) } } }, 400, 'INVALID_PARAMETER', 'content.quickReply.items: At most 13 quick reply items'],
      [{ content: { type: 'carousel', columns: [{ text: 'a', actions: [{ type: 'message', label: 'a' }] }, { text: 'b', actions: [{ type: 'message', label: 'a' }, { type: 'message', label: 'b' }] }] } }, 400, 'INVALID_PARAMETER', 'content.columns: Every column needs the same number of actions'],
      [{ content: { type: 'text', text: 'hi', extra: 1 } }, 400, 'INVALID_PARAMETER', 'content: Unrecognized key: "extra"'],
      ['{"content": ', 400, 'INVALID_PARAMETER', 'The body is not valid JSON'],
      [{ content: { type: 'text', text: 'x'.repeat(70_000) } }, 413, 'LIMIT_EXCEEDED', 'The body is larger than 65536 bytes'],
    ]
    for (const [body, status, code, description] of invalid) {
      const result = await send(member?.userId ?? '', body)
      expect({ status: result.status, ...result.body }, description).toEqual({ status, code, description })
    }
    const stored = await ctx.db.prisma.talkMessage.findMany({ where: { tenantId: tenant.id }, orderBy: { createdAt: 'asc' } })
    expect(stored.map((message) => [message.sender, (message.content as { type: string }).type])).toEqual([
      ['BOT', 'text'],
      ['BOT', 'button_template'],
    ])
    expect(await ctx.db.prisma.talkRoom.count({ where: { tenantId: tenant.id } })).toBe(1)
    // Channels (rooms with several members) do not exist yet.
    expect((await api('POST', `/v1.0/bots/${bot.botId}/channels/123/messages`, hello)).body?.code).toBe('NOT_FOUND')
  })

  it('enforces scopes', async () => {
    const { bot, domain, members, api } = await setUp(ctx, ['BOT_READ'])
    expect((await api('GET', `/v1.0/bots/${bot.botId}`)).status).toBe(200)
    expect((await api('POST', `/v1.0/bots/${bot.botId}/users/${members[0]?.userId}/messages`, { content: { type: 'text', text: 'hi' } })).body).toEqual({
      code: 'FORBIDDEN',
      description: 'This needs one of the scopes: bot, bot.message',
    })
    expect((await api('POST', `/v1.0/bots/${bot.botId}/domains/${domain.lwDomainId}`)).status).toBe(403)
  })

  it('reads a user of the tenant by user id or login id (GET /v1.0/users/{userId}, scope user.read)', async () => {
    const { domain, members, api } = await setUp(ctx, ['USER_READ'])
    const member = members[1]
    if (!member) throw new Error('member missing')
    const expected = {
      domainId: domain.lwDomainId,
      userId: member.userId,
      email: member.loginId,
      userName: { lastName: member.familyName, firstName: member.givenName },
      nickName: null,
      isSuspended: false,
    }
    expect(await api('GET', `/v1.0/users/${member.userId}`)).toEqual({ status: 200, body: expected })
    expect((await api('GET', `/v1.0/users/${encodeURIComponent(member.loginId.toUpperCase())}`)).body).toEqual(expected)
    expect((await api('GET', '/v1.0/users/nobody@example.com')).body).toEqual({ code: 'NOT_FOUND', description: 'No such user' })
    // A reading (フリガナ) is given in LINE WORKS' phonetic fields.
    await ctx.db.prisma.member.update({ where: { id: member.id }, data: { familyNameReading: 'ヤマダ', givenNameReading: 'ハナコ' } })
    expect((await api('GET', `/v1.0/users/${member.userId}`)).body).toEqual({
      ...expected,
      userName: { ...expected.userName, phoneticLastName: 'ヤマダ', phoneticFirstName: 'ハナコ' },
    })
    // Another tenant's member is not found; a token without a user scope is refused.
    const other = await setUp(ctx, ['BOT'])
    expect((await other.api('GET', `/v1.0/users/${member.userId}`)).status).toBe(403)
    const otherReader = await setUp(ctx, ['USER_READ'])
    expect((await otherReader.api('GET', `/v1.0/users/${member.userId}`)).body).toEqual({ code: 'NOT_FOUND', description: 'No such user' })
  })

  it('keeps a persistent menu of at most 4 actions', async () => {
    const { tenant, bot, api } = await setUp(ctx)
    const path = `/v1.0/bots/${bot.botId}/persistentmenu`
    const action = (label: string) => ({ type: 'message', label, text: label })
    expect((await api('POST', path, { content: { actions: ['a', 'b', 'c', 'd', 'e'].map(action) } })).body?.description).toBe('content.actions: At most 4 actions')
    expect((await api('GET', path)).status).toBe(404)
    expect((await api('POST', path, { content: { actions: [action('出勤'), { type: 'uri', label: 'Help', uri: 'https://example.com/help' }] } })).status).toBe(201)
    expect((await api('GET', path)).body).toEqual({ content: { actions: [action('出勤'), { type: 'uri', label: 'Help', uri: 'https://example.com/help' }] } })
    expect((await api('DELETE', path)).status).toBe(204)
    expect((await api('GET', path)).status).toBe(404)
    // Each change is audited as the app's (the refused 5-action menu is not).
    const audited = await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, action: { startsWith: 'bot.menu.' } }, orderBy: { seq: 'asc' } })
    expect(audited.map((entry) => [entry.action, entry.actorType, entry.actorLabel.startsWith('API app ')])).toEqual([
      ['bot.menu.set', 'API_TOKEN', true],
      ['bot.menu.delete', 'API_TOKEN', true],
    ])
  })

  it('limits requests per app and minute, a quarter on the free plan', async () => {
    const { bot, api } = await setUp(limitedCtx)
    const statuses: number[] = []
    for (let index = 0; index < 9; index += 1) statuses.push((await api('GET', `/v1.0/bots/${bot.botId}`)).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429])
    const limited = await api('GET', `/v1.0/bots/${bot.botId}`)
    expect(limited.body?.code).toBe('TOO_MANY_REQUESTS')

    const free = await setUp(limitedCtx)
    await limitedCtx.db.prisma.tenant.update({ where: { id: free.tenant.id }, data: { plan: 'FREE' } })
    const freeStatuses: number[] = []
    for (let index = 0; index < 3; index += 1) freeStatuses.push((await free.api('GET', `/v1.0/bots/${free.bot.botId}`)).status)
    expect(freeStatuses).toEqual([200, 200, 429])
  })
})
