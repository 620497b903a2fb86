import { describe, expect, it } from 'vitest'
import { createMembers, createTenant, TestClient, useTestApp } from '../../test/harness.ts'
import { issueAccessToken } from '../../test/oauth.ts'

const ctx = useTestApp({ CALLBACK_ALLOWED_HOSTS: '127.0.0.1', CALLBACK_ALLOW_HTTP: '1' })

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')
const PASSWORD = 'member-pass-1234'

const CREATE = `mutation($input: MutationCreateTalkChannelInput!) { createTalkChannel(input: $input) {
  __typename ... on MutationCreateTalkChannelSuccess { channel { id channelId title bot { name } members { loginId } } }
  ... on ValidationError { fieldErrors { path message } } ... on Error { code message } } }`
const SEND = `mutation($input: MutationSendTalkChannelMessageInput!) { sendTalkChannelMessage(input: $input) {
  __typename ... on MutationSendTalkChannelMessageSuccess { talkMessage { sender content memberId } } ... on Error { code message } } }`

async function setUp() {
  const made = await createTenant(ctx)
  const members = await createMembers(ctx, made.tenant, made.domain, 4, 'group')
  const [alice, bob, carol, dave] = members
  if (!alice || !bob || !carol || !dave) throw new Error('members missing')
  const bot = async (name: string, allowGroupJoin: boolean) => {
    const created = await made.client.data(
      `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id } } ... on Error { message } } }`,
      {
        input: {
          name,
          description: 'group bot',
          callbackEnabled: true,
          callbackUrl: 'http://127.0.0.1:9/callback',
          messageTypes: ['text'],
          roomEvents: ['join', 'leave', 'joined', 'left'],
          allowGroupJoin,
          managerIds: [gid('Member', alice.id)],
        },
      },
    )
    const id = created.createBot.bot.id as string
    await made.client.data(`mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
      input: { id, domainId: gid('Domain', made.domain.id), visibility: 'ALL' },
    })
    return id
  }
  const groupBot = await bot('Group helper', true)
  const soloBot = await bot('One to one', false)
  for (const member of members) {
    await made.client.data(`mutation($input: MutationSetMemberPasswordInput!) { setMemberPassword(input: $input) { __typename } }`, {
      input: { id: gid('Member', member.id), password: PASSWORD },
    })
  }
  const signIn = (member: { loginId: string }) => new TestClient(ctx.app).memberLogin(member.loginId, PASSWORD)
  const deliveries = async () =>
    (await ctx.db.prisma.botDelivery.findMany({ where: { tenantId: made.tenant.id }, orderBy: { createdAt: 'asc' } })).map((row) => JSON.parse(row.body))
  return { ...made, alice, bob, carol, dave, groupBot, soloBot, signIn, deliveries }
}

describe('group talks (channels)', () => {
  it('start with members and a bot that allows group talks; the bot gets join, joined, left, leave and messages with the channel id', async () => {
    const { alice, bob, carol, groupBot, soloBot, signIn, deliveries, domain } = await setUp()
    const aliceClient = await signIn(alice)
    const refused = await aliceClient.data(CREATE, { input: { title: 'Team', memberIds: [gid('Member', bob.id)], botId: soloBot } })
    expect(refused.createTalkChannel.fieldErrors).toEqual([{ path: ['botId'], message: 'This bot only talks one to one: its settings do not allow joining group talks' }])
    const empty = await aliceClient.data(CREATE, { input: { title: '  ', memberIds: [], botId: null } })
    expect(empty.createTalkChannel.fieldErrors).toEqual(
      expect.arrayContaining([
        { path: ['title'], message: 'Required' },
        { path: ['memberIds'], message: 'Choose at least one other member' },
      ]),
    )
    expect(await deliveries()).toEqual([])

    const created = await aliceClient.data(CREATE, { input: { title: 'Team', memberIds: [gid('Member', bob.id)], botId: groupBot } })
    const channel = created.createTalkChannel.channel
    expect(channel).toMatchObject({ title: 'Team', bot: { name: 'Group helper' }, members: [{ loginId: alice.loginId }, { loginId: bob.loginId }] })
    expect(channel.channelId).toMatch(/^\d{9}$/)

    const bobClient = await signIn(bob)
    expect((await bobClient.data(`{ talkChannels { title } }`)).talkChannels).toEqual([{ title: 'Team' }])
    const sent = await bobClient.data(SEND, { input: { id: channel.id, text: 'hello team' } })
    expect(sent.sendTalkChannelMessage.talkMessage).toEqual({ sender: 'MEMBER', content: { type: 'text', text: 'hello team' }, memberId: gid('Member', bob.id) })

    await aliceClient.data(`mutation($input: MutationAddTalkChannelMembersInput!) { addTalkChannelMembers(input: $input) { __typename } }`, {
      input: { id: channel.id, memberIds: [gid('Member', carol.id)] },
    })
    await bobClient.data(`mutation($input: MutationLeaveTalkChannelInput!) { leaveTalkChannel(input: $input) { __typename } }`, { input: { id: channel.id } })
    await aliceClient.data(`mutation($input: MutationSetTalkChannelBotInput!) { setTalkChannelBot(input: $input) { __typename } }`, { input: { id: channel.id, botId: null } })
    // Without the bot, messages reach nobody but the members.
    await aliceClient.data(SEND, { input: { id: channel.id, text: 'bot is gone' } })

    const at = { issuedTime: expect.any(String) }
    const room = { channelId: channel.channelId, domainId: domain.lwDomainId }
    expect(await deliveries()).toEqual([
      { type: 'join', source: room, ...at },
      { type: 'message', source: { userId: bob.userId, ...room }, ...at, content: { type: 'text', text: 'hello team' } },
      { type: 'joined', source: { userId: alice.userId, ...room }, ...at, members: [carol.userId] },
      { type: 'left', source: { userId: bob.userId, ...room }, ...at, members: [bob.userId] },
      { type: 'leave', source: room, ...at },
    ])
    const page = await aliceClient.data(`query($id: ID!) { talkChannelMessages(id: $id) { messages { content } } }`, { id: channel.id })
    expect(page.talkChannelMessages.messages.map((message: { content: { text: string } }) => message.content.text)).toEqual(['hello team', 'bot is gone'])
  })

  it('is invisible to members outside it and to other tenants', async () => {
    const a = await setUp()
    const alice = await a.signIn(a.alice)
    const channel = (await alice.data(CREATE, { input: { title: 'Private', memberIds: [gid('Member', a.bob.id)] } })).createTalkChannel.channel
    const dave = await a.signIn(a.dave)
    expect((await dave.data(`query($id: ID!) { talkChannel(id: $id) { title } }`, { id: channel.id })).talkChannel).toBeNull()
    expect((await dave.data(SEND, { input: { id: channel.id, text: 'let me in' } })).sendTalkChannelMessage.code).toBe('NOT_FOUND')
    expect((await dave.data(`{ talkChannels { id } }`)).talkChannels).toEqual([])

    const b = await setUp()
    const stranger = await b.signIn(b.alice)
    expect((await stranger.data(SEND, { input: { id: channel.id, text: 'hi' } })).sendTalkChannelMessage.code).toBe('NOT_FOUND')
    // Members of another tenant cannot be brought in, and the directory never shows them.
    const foreign = await stranger.data(CREATE, { input: { title: 'Mixed', memberIds: [gid('Member', a.bob.id)] } })
    expect(foreign.createTalkChannel.fieldErrors).toEqual([{ path: ['memberIds'], message: 'A chosen member does not exist or is suspended' }])
    const directory = (await stranger.data(`{ talkDirectory(query: "group") { loginId } }`)).talkDirectory.map((row: { loginId: string }) => row.loginId)
    expect(directory).toEqual([b.bob.loginId, b.carol.loginId, b.dave.loginId])
    expect(await ctx.db.prisma.talkChannelMessage.count({ where: { tenantId: { in: [a.tenant.id, b.tenant.id] } } })).toBe(0)
  })

  it('takes the bot’s messages through the Bot API (POST /bots/{botId}/channels/{channelId}/messages)', async () => {
    const { alice, bob, groupBot, soloBot, signIn, client, tenant } = await setUp()
    const aliceClient = await signIn(alice)
    const channel = (await aliceClient.data(CREATE, { input: { title: 'Ops', memberIds: [gid('Member', bob.id)], botId: groupBot } })).createTalkChannel.channel
    const other = (await aliceClient.data(CREATE, { input: { title: 'No bot', memberIds: [gid('Member', bob.id)] } })).createTalkChannel.channel
    const token = await issueAccessToken(client, ['BOT'])
    const numericId = async (id: string) => (await ctx.db.prisma.bot.findUniqueOrThrow({ where: { id: Buffer.from(id, 'base64').toString().split(':')[1] } })).botId
    const send = (botId: number, channelId: string, body: unknown) =>
      ctx.app.fetch(
        new Request(`http://test.local/v1.0/bots/${botId}/channels/${channelId}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      )
    const content = { type: 'text', text: 'Deploy at 18:00' }
    expect((await send(await numericId(groupBot), channel.channelId, { content })).status).toBe(201)
    expect((await send(await numericId(groupBot), other.channelId, { content })).status).toBe(403)
    expect((await send(await numericId(soloBot), channel.channelId, { content })).status).toBe(403)
    expect((await send(await numericId(groupBot), '999999999999', { content })).status).toBe(404)
    expect((await send(await numericId(groupBot), channel.channelId, { content: { type: 'text' } })).status).toBe(400)
    const page = await aliceClient.data(`query($id: ID!) { talkChannelMessages(id: $id) { messages { sender memberId content } } }`, { id: channel.id })
    expect(page.talkChannelMessages.messages).toEqual([{ sender: 'BOT', memberId: null, content }])
    expect(await ctx.db.prisma.talkChannelMessage.count({ where: { tenantId: tenant.id } })).toBe(1)
  })
})
