import { describe, expect, it } from 'vitest'
import { createMembers, createTenant, useTestApp } from '../../test/harness.ts'
import { issueAccessToken } from '../../test/oauth.ts'

// A message with a malformed URL used to be stored, and then broke the member's talk room on every
// load. Every send path that stores bot content must refuse it and store nothing.

const ctx = useTestApp({ TOKEN_RATE_LIMIT_PER_MIN: '1000' })

const BAD = 'https://example.invalid/report%E0%A4%A.pdf'
const CREATE_BOT = `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id botId } } ... on Error { message } } }`

async function setUp() {
  const made = await createTenant(ctx)
  const [manager, member] = await createMembers(ctx, made.tenant, made.domain, 2, 'url')
  if (!manager || !member) throw new Error('members missing')
  const created = await made.client.data(CREATE_BOT, {
    input: {
      name: 'files',
      description: 'sends files',
      callbackEnabled: false,
      messageTypes: ['text'],
      roomEvents: [],
      allowGroupJoin: true,
      managerIds: [Buffer.from(`Member:${manager.id}`).toString('base64')],
    },
  })
  const bot = created.createBot.bot as { id: string; botId: number }
  const token = await issueAccessToken(made.client, ['BOT'])
  const api = async (method: string, path: string, body: unknown) => {
    const response = await made.client.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, ...(text ? (JSON.parse(text) as Record<string, unknown>) : {}) }
  }
  expect((await api('POST', `/v1.0/bots/${bot.botId}/domains/${made.domain.lwDomainId}`, { visible: true })).status).toBe(201)
  return { ...made, manager, member, bot, api }
}

describe('URLs in bot messages (Bot REST API)', () => {
  it('refuses a file whose URL has a malformed percent escape, with a 400 that says so, and stores nothing', async () => {
    const { tenant, member, bot, api } = await setUp()
    const send = (content: unknown) => api('POST', `/v1.0/bots/${bot.botId}/users/${member.userId}/messages`, { content })

    expect(await send({ type: 'file', originalContentUrl: BAD })).toEqual({
      status: 400,
      code: 'INVALID_PARAMETER',
      description: 'content.originalContentUrl: The URL has a malformed percent escape',
    })
    const refused: [unknown, string][] = [
      // NUL is refused by the body reader before the message schema sees it (like any text with NUL).
      [{ type: 'image', previewImageUrl: 'https://example.com/a.png', originalContentUrl: 'https://example.com/a\u0000.png' }, 'content.originalContentUrl: text must not contain the NUL character (U+0000)'],
      [{ type: 'image', previewImageUrl: 'https://example.com/a.png', originalContentUrl: 'https://example.com/a\u0007.png' }, 'content.originalContentUrl: The URL contains a control character'],
      [{ type: 'link', contentText: 'a', linkText: 'b', link: 'https://example.com/%E0%A4' }, 'content.link: The URL has a malformed percent escape'],
      [
        { type: 'button_template', contentText: 'a', actions: [{ type: 'uri', label: 'Open', uri: 'https://[::1/' }] },
        'content.actions.0.uri: The URL is not valid',
      ],
      [
        { type: 'text', text: 'a', quickReply: { items: [{ imageUrl: BAD, action: { type: 'message', label: 'a', text: 'a' } }] } },
        'content.quickReply.items.0.imageUrl: The URL has a malformed percent escape',
      ],
    ]
    for (const [content, description] of refused) {
      expect(await send(content), description).toEqual({ status: 400, code: 'INVALID_PARAMETER', description })
    }
    expect(await ctx.db.prisma.talkMessage.count({ where: { tenantId: tenant.id } })).toBe(0)

    // The same file with its escapes right is sent.
    expect((await send({ type: 'file', originalContentUrl: 'https://example.invalid/report%E0%A4%A1.pdf' })).status).toBe(201)
    expect(await ctx.db.prisma.talkMessage.count({ where: { tenantId: tenant.id } })).toBe(1)
  })

  it('refuses a malformed URL in a group talk message and in the persistent menu, and changes nothing', async () => {
    const { tenant, manager, member, bot, api } = await setUp()
    const botRow = await ctx.db.prisma.bot.findUniqueOrThrow({ where: { botId: bot.botId } })
    const channel = await ctx.db.prisma.talkChannel.create({
      data: {
        tenantId: tenant.id,
        channelId: String(Date.now()),
        title: 'Ops',
        botId: botRow.id,
        createdById: manager.id,
        members: { create: [{ memberId: manager.id }, { memberId: member.id }] },
      },
    })
    const toChannel = (content: unknown) => api('POST', `/v1.0/bots/${bot.botId}/channels/${channel.channelId}/messages`, { content })
    expect(await toChannel({ type: 'file', originalContentUrl: BAD })).toEqual({
      status: 400,
      code: 'INVALID_PARAMETER',
      description: 'content.originalContentUrl: The URL has a malformed percent escape',
    })
    expect(await ctx.db.prisma.talkChannelMessage.count({ where: { tenantId: tenant.id } })).toBe(0)
    expect((await toChannel({ type: 'file', originalContentUrl: 'https://example.invalid/report.pdf' })).status).toBe(201)
    expect(await ctx.db.prisma.talkChannelMessage.count({ where: { tenantId: tenant.id } })).toBe(1)

    const menu = { content: { actions: [{ type: 'uri', label: 'Help', uri: 'https://example.com/help%' }] } }
    expect(await api('POST', `/v1.0/bots/${bot.botId}/persistentmenu`, menu)).toEqual({
      status: 400,
      code: 'INVALID_PARAMETER',
      description: 'content.actions.0.uri: The URL has a malformed percent escape',
    })
    expect((await ctx.db.prisma.bot.findUniqueOrThrow({ where: { id: botRow.id } })).persistentMenu).toBeNull()
  })
})
