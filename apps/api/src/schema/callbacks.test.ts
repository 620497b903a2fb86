import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMembers, createTenant, useTestApp } from '../../test/harness.ts'
import { JobWorker } from '../jobs/worker.ts'
import { botCallbackHandler, CALLBACK_MAX_ATTEMPTS } from '../services/callbacks.ts'

// A local bot server, allow-listed by the operator exactly as an on-premise receiver would be.
const ctx = useTestApp({ CALLBACK_ALLOWED_HOSTS: '127.0.0.1', CALLBACK_ALLOW_HTTP: '1' })

interface Received {
  botId: string | undefined
  signature: string | undefined
  raw: Buffer
}

let server: Server
let port = 0
let answers: number[] = []
let received: Received[] = []

function readRaw(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const raw = await readRaw(request)
    received.push({ botId: request.headers['x-works-botid'] as string | undefined, signature: request.headers['x-works-signature'] as string | undefined, raw })
    response.statusCode = answers.shift() ?? 200
    response.end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** What a bot server written from lineworks-wire.md does: HMAC-SHA256 over the raw bytes, constant time. */
function signatureValid(secret: string, message: Received): boolean {
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(message.raw).digest()
  const given = Buffer.from(message.signature ?? '', 'base64')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * Runs callback jobs, retries included (no backoff here), until none is left. A retry is due at
 * "now" in milliseconds, so one drain can stop a moment too early: drain again until the queue is empty.
 */
const worker = () => {
  const jobs = new JobWorker(ctx.db, { 'bot.callback': botCallbackHandler({ prisma: ctx.db.prisma, bots: ctx.services.bots }) }, { backoffMs: () => 0 })
  return {
    async drain() {
      for (let round = 0; round < 50; round += 1) {
        await jobs.drain()
        if ((await ctx.db.prisma.job.count({ where: { kind: 'bot.callback', status: { in: ['QUEUED', 'RUNNING'] } } })) === 0) return
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    },
  }
}

async function setUp(options: { messageTypes?: string[]; path?: string } = {}) {
  const made = await createTenant(ctx)
  const members = await createMembers(ctx, made.tenant, made.domain, 2, 'talker')
  const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')
  const created = await made.client.data(
    `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id botId secret } } ... on Error { message } } }`,
    {
      input: {
        name: 'echo',
        description: 'replies',
        callbackEnabled: true,
        callbackUrl: `http://127.0.0.1:${port}${options.path ?? '/callback'}`,
        messageTypes: options.messageTypes ?? ['text'],
        roomEvents: ['begin'],
        allowGroupJoin: false,
        managerIds: [gid('Member', members[0]?.id ?? '')],
      },
    },
  )
  const bot = created.createBot.bot as { id: string; botId: number; secret: string }
  await made.client.data(`mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
    input: { id: bot.id, domainId: gid('Domain', made.domain.id), visibility: 'ALL' },
  })
  const say = async (fields: { text?: string; postback?: string }) =>
    (
      await made.client.data(
        `mutation($input: MutationSendBotMessageAsMemberInput!) { sendBotMessageAsMember(input: $input) { __typename ... on MutationSendBotMessageAsMemberSuccess { result { deliveryId } } ... on Error { message } } }`,
        { input: { id: bot.id, memberId: gid('Member', members[1]?.id ?? ''), ...fields } },
      )
    ).sendBotMessageAsMember as { __typename: string; result?: { deliveryId: string | null }; message?: string }
  return { ...made, members, bot, say }
}

describe('callback delivery', () => {
  it('POSTs the event signed over the exact bytes, once, and logs it', async () => {
    received = []
    const { tenant, members, domain, bot, say } = await setUp()
    const sent = await say({ text: '出勤' })
    expect(sent.result?.deliveryId).toEqual(expect.any(String))
    await worker().drain()
    expect(received).toHaveLength(1)
    const [message] = received
    expect(message?.botId).toBe(String(bot.botId))
    expect(signatureValid(bot.secret, message as Received)).toBe(true)
    const body = JSON.parse(message?.raw.toString('utf8') ?? '{}')
    expect(body).toEqual({
      type: 'message',
      source: { userId: members[1]?.userId, domainId: domain.lwDomainId },
      issuedTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      content: { type: 'text', text: '出勤' },
    })
    const delivery = await ctx.db.prisma.botDelivery.findFirstOrThrow({ where: { tenantId: tenant.id } })
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 1, lastStatusCode: 200, event: 'message' })
    expect(delivery.body).toBe(message?.raw.toString('utf8'))
    // Never again after a 2xx, even if the job ran twice.
    await ctx.db.prisma.job.updateMany({ where: { tenantId: tenant.id, kind: 'bot.callback' }, data: { status: 'QUEUED' } })
    await worker().drain()
    expect(received).toHaveLength(1)

    // A postback; a message type the bot did not ask for queues nothing.
    await say({ postback: 'action=clock_in' })
    await worker().drain()
    expect(JSON.parse(received[1]?.raw.toString('utf8') ?? '{}')).toMatchObject({ type: 'postback', data: 'action=clock_in' })
    expect(await ctx.db.prisma.talkMessage.count({ where: { tenantId: tenant.id } })).toBe(2)
  })

  it('retries network errors and 5xx with backoff, then fails visibly; re-delivery sends the same bytes', async () => {
    received = []
    const { tenant, client, bot, say } = await setUp()
    answers = [503, 500]
    await say({ text: 'retry me' })
    await worker().drain()
    expect(received.map((message) => message.raw.toString('utf8'))).toHaveLength(3)
    expect(new Set(received.map((message) => message.raw.toString('utf8'))).size).toBe(1)
    expect(await ctx.db.prisma.botDelivery.findFirstOrThrow({ where: { tenantId: tenant.id } })).toMatchObject({ status: 'SUCCEEDED', attempts: 3 })

    // A receiver that keeps failing: the delivery fails after the last attempt, and the bot needs attention.
    received = []
    answers = Array.from({ length: CALLBACK_MAX_ATTEMPTS }, () => 500)
    await say({ text: 'lost?' })
    await worker().drain()
    expect(received).toHaveLength(CALLBACK_MAX_ATTEMPTS)
    const failed = await ctx.db.prisma.botDelivery.findFirstOrThrow({ where: { tenantId: tenant.id, status: 'FAILED' } })
    expect(failed).toMatchObject({ attempts: CALLBACK_MAX_ATTEMPTS, lastStatusCode: 500, lastError: 'The bot server answered 500' })
    const status = await client.data(`query($id: ID!) { node(id: $id) { ... on Bot { status actionReasons deliveries(first: 5) { totalCount edges { node { status attempts } } } } } }`, { id: bot.id })
    expect(status.node).toMatchObject({ status: 'ACTION_REQUIRED', actionReasons: ['CALLBACK_FAILING'] })
    expect(status.node.deliveries.totalCount).toBe(2)
    expect(status.node.deliveries.edges[0].node).toEqual({ status: 'FAILED', attempts: CALLBACK_MAX_ATTEMPTS })

    received = []
    const again = await client.data(`mutation($input: MutationRedeliverBotCallbackInput!) { redeliverBotCallback(input: $input) { __typename } }`, { input: { deliveryId: failed.id } })
    expect(again.redeliverBotCallback.__typename).toBe('MutationRedeliverBotCallbackSuccess')
    await worker().drain()
    expect(received.map((message) => message.raw.toString('utf8'))).toEqual([failed.body])
    expect((await client.data(`query($id: ID!) { node(id: $id) { ... on Bot { actionReasons } } }`, { id: bot.id })).node.actionReasons).toEqual([])
    // Another tenant cannot re-deliver it.
    const other = await createTenant(ctx, 'Other')
    const foreign = await other.client.data(`mutation($input: MutationRedeliverBotCallbackInput!) { redeliverBotCallback(input: $input) { __typename } }`, { input: { deliveryId: failed.id } })
    expect(foreign.redeliverBotCallback.__typename).toBe('NotFoundError')
  })

  it('fails at once on a 4xx or a redirect (never followed)', async () => {
    received = []
    const { tenant, say } = await setUp()
    answers = [404]
    await say({ text: 'nobody home' })
    await worker().drain()
    expect(received).toHaveLength(1)
    expect(await ctx.db.prisma.botDelivery.findFirstOrThrow({ where: { tenantId: tenant.id } })).toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: 404 })

    received = []
    answers = [302]
    await say({ text: 'moved' })
    await worker().drain()
    expect(received).toHaveLength(1)
    const redirected = await ctx.db.prisma.botDelivery.findFirstOrThrow({ where: { tenantId: tenant.id }, orderBy: { createdAt: 'desc' } })
    expect(redirected.status).toBe('FAILED')
  })

  it('queues nothing for a message type the bot did not ask for, or a member who may not use it', async () => {
    const { tenant, client, bot, members, say } = await setUp({ messageTypes: ['sticker'] })
    const sent = await say({ text: 'ignored' })
    expect(sent.result?.deliveryId).toBeNull()
    expect(await ctx.db.prisma.botDelivery.count({ where: { tenantId: tenant.id } })).toBe(0)
    await client.data(`mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
      input: { id: bot.id, domainId: Buffer.from(`Domain:${members[0]?.domainId}`).toString('base64'), visibility: 'SELECTED', memberIds: [Buffer.from(`Member:${members[0]?.id}`).toString('base64')] },
    })
    const refused = await say({ text: 'not for me' })
    expect(refused).toEqual({ __typename: 'ValidationError', message: 'memberId: The bot is not available to this member: add it to their domain first' })
  })
})
