import { describe, expect, it } from 'vitest'
import { deferred } from '../../test/deferred.ts'
import { createMembers, createTenant, useTestApp } from '../../test/harness.ts'
import { issueAccessToken } from '../../test/oauth.ts'
import { Batcher } from './batcher.ts'

const ctx = useTestApp({ TOKEN_RATE_LIMIT_PER_MIN: '1000' })

describe('Batcher', () => {
  it('runs an item at once when there is room, and combines what arrives while batches run', async () => {
    const batches: number[][] = []
    const firstStarted = deferred()
    const releaseFirst = deferred()
    const batcher = new Batcher<number, number>(
      async (inputs) => {
        batches.push(inputs)
        if (batches.length === 1) {
          firstStarted.resolve()
          await releaseFirst.promise
        }
        return inputs.map((input) => input * 10)
      },
      { maxConcurrent: 1, maxBatch: 3 },
    )
    const first = batcher.submit(1)
    await firstStarted.promise
    const rest = [2, 3, 4, 5].map((input) => batcher.submit(input))
    // The batcher schedules on microtasks: once they have all run, nothing else has started.
    await new Promise((resolve) => setImmediate(resolve))
    expect(batches).toEqual([[1]])
    releaseFirst.resolve()
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50])
    expect(batches).toEqual([[1], [2, 3, 4], [5]])
  })

  it('rejects every item of a batch that failed, and keeps going', async () => {
    let calls = 0
    const batcher = new Batcher<string, string>(
      async (inputs) => {
        calls += 1
        if (calls === 1) throw new Error('down')
        return inputs
      },
      { maxConcurrent: 2, maxBatch: 10 },
    )
    const failed = await Promise.allSettled([batcher.submit('a'), batcher.submit('b')])
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected'])
    expect(await batcher.submit('c')).toBe('c')
  })
})

// The Bot API's send-to-user statement runs for a batch of concurrent sends (rest/bot-api.ts): every
// send must get the answer it would get alone, and a room must be created once.
describe('Bot API sends in one batch', () => {
  it('answers each concurrent send as if it ran alone', async () => {
    const made = await createTenant(ctx)
    const members = await createMembers(ctx, made.tenant, made.domain, 4, 'batch')
    const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')
    const created = await made.client.data(
      `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id botId } } } }`,
      { input: { name: 'batch', description: 'test', callbackEnabled: false, messageTypes: ['text'], roomEvents: [], allowGroupJoin: false, managerIds: [gid('Member', members[0]?.id ?? '')] } },
    )
    const bot = created.createBot.bot as { id: string; botId: number }
    // Visible in the domain only to members 0 and 1; member 2 is suspended.
    await made.client.data(`mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
      input: { id: bot.id, domainId: gid('Domain', made.domain.id), visibility: 'SELECTED', memberIds: [gid('Member', members[0]?.id ?? ''), gid('Member', members[1]?.id ?? '')] },
    })
    await ctx.db.prisma.member.update({ where: { id: members[1]?.id ?? '' }, data: { status: 'SUSPENDED' } })
    const token = await issueAccessToken(made.client)
    const send = async (botId: number, userId: string, body: unknown) => {
      const response = await made.client.request(`/v1.0/bots/${botId}/users/${encodeURIComponent(userId)}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      const text = await response.text()
      return { status: response.status, code: text ? (JSON.parse(text) as { code: string }).code : null }
    }
    const hello = (text: string) => ({ content: { type: 'text', text } })
    const results = await Promise.all([
      send(bot.botId, members[0]?.userId ?? '', hello('1')),
      send(bot.botId, members[0]?.loginId ?? '', hello('2')),
      send(bot.botId, members[0]?.userId ?? '', hello('3')),
      send(99_999_999, members[0]?.userId ?? '', hello('no bot')),
      send(bot.botId, 'nobody@nowhere.example', hello('no user')),
      send(bot.botId, members[1]?.userId ?? '', hello('suspended')),
      send(bot.botId, members[2]?.userId ?? '', hello('not for them')),
      send(bot.botId, members[0]?.userId ?? '', { content: { type: 'fax' } }),
      send(99_999_999, members[0]?.userId ?? '', { content: { type: 'fax' } }),
      send(bot.botId, members[0]?.userId ?? '', hello('4')),
    ])
    expect(results).toEqual([
      { status: 201, code: null },
      { status: 201, code: null },
      { status: 201, code: null },
      { status: 404, code: 'NOT_FOUND' },
      { status: 404, code: 'NOT_FOUND' },
      { status: 403, code: 'FORBIDDEN' },
      { status: 403, code: 'FORBIDDEN' },
      { status: 400, code: 'INVALID_PARAMETER' },
      { status: 404, code: 'NOT_FOUND' },
      { status: 201, code: null },
    ])
    const rooms = await ctx.db.prisma.talkRoom.findMany({ where: { tenantId: made.tenant.id }, include: { messages: { orderBy: { createdAt: 'asc' } } } })
    expect(rooms).toHaveLength(1)
    expect(rooms[0]?.memberId).toBe(members[0]?.id)
    expect(rooms[0]?.messages.map((message) => (message.content as { text: string }).text).sort()).toEqual(['1', '2', '3', '4'])
    expect(rooms[0]?.messages.every((message) => message.sender === 'BOT')).toBe(true)
  })
})
