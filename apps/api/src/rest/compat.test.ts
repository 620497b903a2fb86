import { describe, expect, it } from 'vitest'
import { serveOverHttp, until } from '../../test/http-app.ts'
import { createMembers, createTenant, subscribe, TestClient, useTestApp } from '../../test/harness.ts'
import { startWireBot } from '../../test/wire-bot.ts'

// The bot server runs on this machine, so the operator allow-lists it, as an on-premise install would.
const ctx = useTestApp({ CALLBACK_ALLOWED_HOSTS: '127.0.0.1', CALLBACK_ALLOW_HTTP: '1' })

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')
const MEMBER_PASSWORD = 'member-pass-1234'

const http = serveOverHttp(ctx)

describe('compatibility with a bot written for LINE WORKS', () => {
  it('member writes in the talk → signed callback → the bot replies through the Bot API → the reply appears in the talk, live', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const [manager, talker] = await createMembers(ctx, tenant, domain, 2, 'compat')
    if (!manager || !talker) throw new Error('members missing')

    // The admin registers an API app with a service account, and a bot whose callback is the bot server.
    const app = (
      await client.data(
        `mutation($input: MutationCreateApiAppInput!) { createApiApp(input: $input) { ... on MutationCreateApiAppSuccess { result { clientSecret app { id clientId } } } } }`,
        { input: { name: 'Echo bot server', scopes: ['BOT'], tokenLifetime: 3600 } },
      )
    ).createApiApp.result
    const account = (
      await client.data(
        `mutation($input: MutationCreateServiceAccountInput!) { createServiceAccount(input: $input) { ... on MutationCreateServiceAccountSuccess { result { privateKey account { accountId } } } } }`,
        { input: { appId: app.app.id } },
      )
    ).createServiceAccount.result
    const created = await client.data(
      `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id botId secret } } ... on Error { message } } }`,
      {
        input: {
          name: 'Echo',
          description: 'repeats what you write',
          callbackEnabled: true,
          // Replaced below once the bot server knows its Bot ID and secret; any allowed URL will do here.
          callbackUrl: `${http.origin}/placeholder`,
          messageTypes: ['text'],
          roomEvents: ['begin'],
          allowGroupJoin: false,
          managerIds: [gid('Member', manager.id)],
        },
      },
    )
    const bot = created.createBot.bot as { id: string; botId: number; secret: string }
    const wireBot = await startWireBot({
      botId: String(bot.botId),
      botSecret: bot.secret,
      clientId: app.app.clientId,
      clientSecret: app.clientSecret,
      serviceAccount: account.account.accountId,
      privateKey: account.privateKey,
      authBase: http.origin,
      apiBase: http.origin,
    })
    try {
      const updated = await client.data(`mutation($input: MutationUpdateBotInput!) { updateBot(input: $input) { __typename ... on Error { message } } }`, {
        input: { id: bot.id, callbackUrl: wireBot.url },
      })
      expect(updated.updateBot.__typename).toBe('MutationUpdateBotSuccess')
      await client.data(`mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
        input: { id: bot.id, domainId: gid('Domain', domain.id), visibility: 'ALL' },
      })
      await client.data(`mutation($input: MutationSetMemberPasswordInput!) { setMemberPassword(input: $input) { __typename } }`, {
        input: { id: gid('Member', talker.id), password: MEMBER_PASSWORD },
      })

      // The member opens the talk view and subscribes to the room, as the SPA does.
      const member = await new TestClient(ctx.app).memberLogin(talker.loginId, MEMBER_PASSWORD)
      const live = await subscribe(ctx, member, 'talk:message', `subscription($botId: ID!) { talkMessageAdded(botId: $botId) { sender content } }`, { botId: bot.id })

      const sent = await member.data(
        `mutation($input: MutationSendTalkMessageInput!) { sendTalkMessage(input: $input) { __typename } }`,
        { input: { botId: bot.id, text: '出勤' } },
      )
      expect(sent.sendTalkMessage.__typename).toBe('MutationSendTalkMessageSuccess')

      // The bot server got "begin" and the message, both correctly signed, and replied through the Bot API.
      await until(async () => wireBot.replies.length, (count) => count >= 1, 'the bot server’s reply')
      expect(wireBot.refused).toBe(0)
      expect(wireBot.events.map((event) => event.type)).toEqual(['begin', 'message'])
      expect(wireBot.events[1]).toMatchObject({ source: { userId: talker.userId, domainId: domain.lwDomainId }, content: { type: 'text', text: '出勤' } })
      expect(wireBot.replies).toEqual([{ userId: talker.userId, text: 'echo: 出勤', status: 201 }])

      // The reply is in the talk, after the member's message, and it arrived over the subscription too.
      const page = await member.data(`query($botId: ID!) { talkMessages(botId: $botId) { messages { sender content } } }`, { botId: bot.id })
      expect(page.talkMessages.messages).toEqual([
        { sender: 'MEMBER', content: { type: 'text', text: '出勤' } },
        {
          sender: 'BOT',
          content: { type: 'text', text: 'echo: 出勤', quickReply: { items: [{ action: { type: 'postback', label: 'OK', data: 'ok', displayText: 'OK' } }] } },
        },
      ])
      expect(await live.until('echo: 出勤')).toContain('"sender":"BOT"')
      await live.close()

      // Every callback was delivered once, and logged.
      const deliveries = await ctx.db.prisma.botDelivery.findMany({ where: { tenantId: tenant.id }, orderBy: { createdAt: 'asc' } })
      expect(deliveries.map((row) => [row.event, row.status, row.attempts, row.lastStatusCode])).toEqual([
        ['begin', 'SUCCEEDED', 1, 200],
        ['message', 'SUCCEEDED', 1, 200],
      ])
    } finally {
      await wireBot.close()
    }
  })
})
