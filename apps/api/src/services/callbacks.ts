import { type BotContent, botContentSchema } from '@worksbase/schema'
import { NotFoundError, ValidationError, parseInput } from '../errors.ts'
import { enqueueJob } from '../jobs/queue.ts'
import type { BatchJobHandler, BatchOutcome, ClaimedJob } from '../jobs/worker.ts'
import { OutboundError, postChecked } from '../lib/outbound.ts'
import { auditActorOf, recordAudit, type Tx } from './audit.ts'
import { requireAuthority } from './authority.ts'
import { type BotContext, type BotDeps, botSecret, signBody } from './bots.ts'
import type { Prisma, PrismaClient } from '#generated/prisma/client.ts'

/** Attempts per callback before it is marked failed (with the worker's exponential backoff between). */
export const CALLBACK_MAX_ATTEMPTS = 6

/** A member's message or postback, or a room event, as LINE WORKS puts it into a callback body. */
export type CallbackEvent =
  | { type: 'message'; content: Record<string, unknown> }
  | { type: 'postback'; data: string }
  | { type: 'begin' | 'end' }
  | { type: 'join' | 'leave' }
  | { type: 'joined' | 'left'; members: string[] }

/**
 * An in-process consumer of callbacks (this platform's attendance bot), registered when the services
 * are composed (`Services.callbackConsumers`): offered each member message, postback and room event
 * of a bot with its exact body, in the transaction that stores the event. True when it took the event:
 * then no HTTP callback is queued for it.
 */
export type CallbackConsumer = (tx: Tx, bot: { id: string; tenantId: string }, callback: { type: CallbackEvent['type']; body: string }) => Promise<boolean>

/**
 * Who the event is about: the member (absent for join / leave, which the bot itself does), the group
 * talk (absent in 1:1 rooms) and the domain.
 */
export interface CallbackSource {
  userId?: string
  channelId?: string
  lwDomainId: number
}

/**
 * Queues a callback for `event` to `bot`, in the caller's transaction (so it exists if and only if
 * the event is stored). The body is serialised once, here: those exact bytes are signed and sent,
 * every attempt. Nothing is queued when an in-process consumer took the event, when the callback is
 * off, or when the bot does not want the event (a message type it did not ask for, a room event it
 * did not choose).
 */
export async function queueCallback(
  tx: Tx,
  consumers: readonly CallbackConsumer[],
  bot: { id: string; tenantId: string; callbackEnabled: boolean; callbackUrl: string | null; messageTypes: string[]; roomEvents: string[] },
  source: CallbackSource,
  event: CallbackEvent,
  issuedTime = new Date(),
): Promise<string | null> {
  const body = JSON.stringify({
    type: event.type,
    source: {
      ...(source.userId !== undefined && { userId: source.userId }),
      ...(source.channelId !== undefined && { channelId: source.channelId }),
      domainId: source.lwDomainId,
    },
    issuedTime: issuedTime.toISOString(),
    ...(event.type === 'message' && { content: event.content }),
    ...(event.type === 'postback' && { data: event.data }),
    ...((event.type === 'joined' || event.type === 'left') && { members: event.members }),
  })
  for (const consume of consumers) if (await consume(tx, bot, { type: event.type, body })) return null
  if (!bot.callbackEnabled || !bot.callbackUrl) return null
  if (event.type === 'message' && !bot.messageTypes.includes(String(event.content.type))) return null
  if (event.type !== 'message' && event.type !== 'postback' && !bot.roomEvents.includes(event.type)) return null
  const delivery = await tx.botDelivery.create({ data: { tenantId: bot.tenantId, botId: bot.id, event: event.type, body } })
  await enqueueJob(tx, 'bot.callback', { deliveryId: delivery.id }, { tenantId: bot.tenantId, maxAttempts: CALLBACK_MAX_ATTEMPTS })
  return delivery.id
}

class RetryableDeliveryError extends Error {}

/** Callback jobs a worker loop claims and delivers together (their HTTP requests run concurrently). */
export const CALLBACK_BATCH_SIZE = 16

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A delivery with what sending it needs of its bot. */
interface DeliveryToSend {
  id: string
  status: string
  body: string
  bot: { id: string; botId: number; callbackEnabled: boolean; callbackUrl: string | null; secretSealed: string }
}

/** How one attempt went: finished (recorded already), delivered (to be recorded), or to be retried. */
type Attempt = { outcome: 'done' } | { outcome: 'delivered'; status: number; latencyMs: number } | { outcome: 'retry'; error: RetryableDeliveryError }

async function loadDeliveries(prisma: PrismaClient, ids: string[]): Promise<Map<string, DeliveryToSend>> {
  const valid = ids.filter((id) => uuidPattern.test(id))
  if (valid.length === 0) return new Map()
  const rows = await prisma.$queryRaw<
    { id: string; status: string; body: string; botRowId: string; botId: number; callbackEnabled: boolean; callbackUrl: string | null; secretSealed: string }[]
  >`SELECT d.id::text AS id, d.status::text AS status, d.body, b.id::text AS "botRowId", b."botId", b."callbackEnabled", b."callbackUrl", b."secretSealed"
    FROM "BotDelivery" d JOIN "Bot" b ON b.id = d."botId"
    WHERE d.id = ANY(${valid}::uuid[])`
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        status: row.status,
        body: row.body,
        bot: { id: row.botRowId, botId: row.botId, callbackEnabled: row.callbackEnabled, callbackUrl: row.callbackUrl, secretSealed: row.secretSealed },
      },
    ]),
  )
}

/**
 * One attempt to deliver: POSTs the body and records every outcome except a 2xx, which the caller
 * records (one job alone, or a whole batch in one statement).
 */
async function attemptDelivery(
  deps: { prisma: PrismaClient; bots: BotDeps },
  job: ClaimedJob<'bot.callback'>,
  delivery: DeliveryToSend | undefined,
  secretOf: (bot: DeliveryToSend['bot']) => string,
): Promise<Attempt> {
  if (!delivery || delivery.status === 'SUCCEEDED') return { outcome: 'done' }
  const { bot } = delivery
  const finalAttempt = job.attempts >= job.maxAttempts
  const record = (data: Prisma.BotDeliveryUpdateInput) =>
    deps.prisma.botDelivery.update({ where: { id: delivery.id }, data: { attempts: { increment: 1 }, ...data }, select: { id: true } })
  if (!bot.callbackEnabled || !bot.callbackUrl) {
    await record({ status: 'FAILED', lastError: 'The bot’s callback is off' })
    return { outcome: 'done' }
  }
  try {
    const result = await postChecked(
      bot.callbackUrl,
      delivery.body,
      {
        'content-type': 'application/json; charset=UTF-8',
        'x-works-botid': String(bot.botId),
        'x-works-signature': signBody(secretOf(bot), delivery.body),
      },
      { ...deps.bots.callbackPolicy, timeoutMs: 10_000 },
    )
    if (result.status >= 200 && result.status < 300) return { outcome: 'delivered', status: result.status, latencyMs: Math.round(result.latencyMs) }
    const retryable = result.status === 429 || result.status >= 500
    await record({
      status: retryable && !finalAttempt ? 'PENDING' : 'FAILED',
      lastStatusCode: result.status,
      latencyMs: Math.round(result.latencyMs),
      lastError: `The bot server answered ${result.status}`,
    })
    if (retryable && !finalAttempt) return { outcome: 'retry', error: new RetryableDeliveryError(`The bot server answered ${result.status}`) }
    return { outcome: 'done' }
  } catch (error) {
    const code = error instanceof OutboundError ? error.code : 'UNREACHABLE'
    const message = error instanceof Error ? error.message : String(error)
    const retryable = code === 'TIMEOUT' || code === 'UNREACHABLE' || code === 'UNRESOLVABLE'
    await record({ status: retryable && !finalAttempt ? 'PENDING' : 'FAILED', lastStatusCode: null, lastError: message.slice(0, 500) })
    if (retryable && !finalAttempt) return { outcome: 'retry', error: new RetryableDeliveryError(message) }
    return { outcome: 'done' }
  }
}

/** Bot secrets decrypted once per batch (the sealed value changes when the secret is rotated). */
function secretsOnce(deps: { bots: BotDeps }) {
  const secrets = new Map<string, string>()
  return (bot: DeliveryToSend['bot']) => {
    const key = `${bot.id}:${bot.secretSealed}`
    let secret = secrets.get(key)
    if (secret === undefined) {
      secret = botSecret(deps.bots, bot)
      secrets.set(key, secret)
    }
    return secret
  }
}

/**
 * The job `bot.callback`: POSTs the stored body to the bot's URL with X-WORKS-BotId and
 * X-WORKS-Signature (HMAC-SHA256 of those bytes with the current Bot Secret), through the SSRF guard.
 * 2xx: delivered, never again. Network errors, timeouts, 429 and 5xx: retried with backoff (the job
 * throws), then failed. Other answers (3xx, 4xx) and refused URLs: failed at once.
 *
 * The worker claims these jobs in batches of CALLBACK_BATCH_SIZE (`runBatch`): one read for the
 * batch's deliveries and bots, the requests concurrently (keep-alive connections per checked
 * address, lib/outbound.ts), and the delivered ones recorded in one statement.
 */
export function botCallbackHandler(deps: { prisma: PrismaClient; bots: BotDeps }): BatchJobHandler<'bot.callback'> {
  const one = async (job: ClaimedJob<'bot.callback'>): Promise<'done'> => {
    const deliveries = await loadDeliveries(deps.prisma, [job.payload.deliveryId])
    const attempt = await attemptDelivery(deps, job, deliveries.get(job.payload.deliveryId), secretsOnce(deps))
    if (attempt.outcome === 'retry') throw attempt.error
    if (attempt.outcome === 'delivered') {
      await deps.prisma.botDelivery.update({
        where: { id: job.payload.deliveryId },
        data: { attempts: { increment: 1 }, status: 'SUCCEEDED', lastStatusCode: attempt.status, latencyMs: attempt.latencyMs, lastError: null, deliveredAt: new Date() },
        select: { id: true },
      })
    }
    return 'done'
  }
  const runBatch = async (jobs: ClaimedJob<'bot.callback'>[]): Promise<BatchOutcome[]> => {
    const deliveries = await loadDeliveries(
      deps.prisma,
      jobs.map((job) => job.payload.deliveryId),
    )
    const secretOf = secretsOnce(deps)
    const attempt = (job: ClaimedJob<'bot.callback'>) =>
      attemptDelivery(deps, job, deliveries.get(job.payload.deliveryId), secretOf).catch((error: unknown): Attempt => {
        // Recording the failure failed (the database): retry the job as a whole.
        return { outcome: 'retry', error: new RetryableDeliveryError(error instanceof Error ? error.message : String(error)) }
      })
    // Conversations are delivered concurrently, each conversation's events in order (a room's
    // "begin" before the message that started it).
    const attempts: Attempt[] = new Array(jobs.length)
    await Promise.all(
      conversations(jobs, deliveries).map(async (indexes) => {
        for (const index of indexes) attempts[index] = await attempt(jobs[index] as ClaimedJob<'bot.callback'>)
      }),
    )
    const delivered = jobs.flatMap((job, index) => {
      const attempt = attempts[index]
      return attempt?.outcome === 'delivered' ? [{ id: job.payload.deliveryId, status: attempt.status, latencyMs: attempt.latencyMs }] : []
    })
    if (delivered.length > 0) {
      await deps.prisma.$executeRaw`
        UPDATE "BotDelivery" AS d
        SET status = 'SUCCEEDED', attempts = d.attempts + 1, "lastStatusCode" = v.code, "latencyMs" = v.latency, "lastError" = NULL, "deliveredAt" = now()
        FROM unnest(${delivered.map((row) => row.id)}::uuid[], ${delivered.map((row) => row.status)}::int[], ${delivered.map((row) => row.latencyMs)}::int[]) AS v(id, code, latency)
        WHERE d.id = v.id`
    }
    return attempts.map((attempt): BatchOutcome => (attempt.outcome === 'retry' ? { done: false, error: attempt.error } : { done: true }))
  }
  return Object.assign(one, { batchSize: CALLBACK_BATCH_SIZE, runBatch })
}

const eventRank: Record<string, number> = { join: 0, begin: 0, joined: 1, message: 2, postback: 2, left: 3, end: 4, leave: 4 }

/**
 * The batch's jobs grouped by conversation (bot and room: the channel, else the user), each group in
 * the order the events happened (issued time, then begin/join before messages before end/leave,
 * since one transaction can queue a room's start and its first message in the same millisecond).
 */
function conversations(jobs: ClaimedJob<'bot.callback'>[], deliveries: Map<string, DeliveryToSend>): number[][] {
  const groups = new Map<string, { index: number; time: string; rank: number }[]>()
  for (const [index, job] of jobs.entries()) {
    const delivery = deliveries.get(job.payload.deliveryId)
    let room = job.payload.deliveryId
    let time = ''
    let rank = 2
    if (delivery) {
      try {
        const body = JSON.parse(delivery.body) as { type?: string; issuedTime?: string; source?: { userId?: string; channelId?: string } }
        room = `${delivery.bot.id}:${body.source?.channelId ?? body.source?.userId ?? job.payload.deliveryId}`
        time = body.issuedTime ?? ''
        rank = eventRank[body.type ?? ''] ?? 2
      } catch {
        // Not our JSON (cannot happen for bodies we wrote): delivered on its own.
      }
    }
    groups.set(room, [...(groups.get(room) ?? []), { index, time, rank }])
  }
  return [...groups.values()].map((group) =>
    group.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.rank - b.rank || a.index - b.index)).map((entry) => entry.index),
  )
}

/** Sends a delivery again with the same bytes (a failed one, or one the bot server lost). */
export async function redeliverCallback(ctx: BotContext & { nudge?: () => void }, deliveryId: string) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  const delivery = await ctx.prisma.$transaction(async (tx) => {
    const found = await tx.botDelivery.findFirst({ where: { id: deliveryId, tenantId: actor.tenantId }, include: { bot: true } })
    if (!found) throw new NotFoundError('Delivery')
    const updated = await tx.botDelivery.update({ where: { id: deliveryId }, data: { status: 'PENDING', lastError: null } })
    await enqueueJob(tx, 'bot.callback', { deliveryId }, { tenantId: actor.tenantId, maxAttempts: CALLBACK_MAX_ATTEMPTS })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'BOTS', action: 'bot.callback.redeliver', targetType: 'Bot', targetId: found.botId, targetLabel: found.bot.name, after: { deliveryId, event: found.event } },
    ])
    return updated
  })
  ctx.nudge?.()
  return delivery
}

/**
 * "Try the bot as a member" (Developer Console): stores the member's message in their 1:1 room with
 * the bot and queues its callback, as the talk view will. The member must be able to use the bot.
 */
export async function sendAsMember(
  ctx: BotContext & { nudge?: () => void; callbackConsumers: readonly CallbackConsumer[] },
  input: { botId: string; memberId: string; content?: unknown; postback?: string | null },
) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  const content: BotContent | null = input.content === undefined || input.content === null ? null : parseInput(botContentSchema, input.content, ['content'])
  if (!content && !input.postback) throw ValidationError.field('content', 'Write a message or give a postback')
  if (input.postback && input.postback.length > 300) throw ValidationError.field('postback', 'At most 300 characters', 'too_big')
  const result = await ctx.prisma.$transaction(async (tx) => {
    const bot = await tx.bot.findFirst({ where: { id: input.botId, tenantId: actor.tenantId } })
    if (!bot) throw new NotFoundError('Bot')
    const member = await tx.member.findFirst({ where: { id: input.memberId, tenantId: actor.tenantId }, include: { domain: true } })
    if (!member) throw ValidationError.field('memberId', 'Unknown member', 'not_found')
    const seat = await tx.botDomain.findUnique({
      where: { botId_domainId: { botId: bot.id, domainId: member.domainId } },
      include: { members: { where: { memberId: member.id } } },
    })
    if (!seat || (seat.visibility === 'SELECTED' && seat.members.length === 0)) {
      throw ValidationError.field('memberId', 'The bot is not available to this member: add it to their domain first')
    }
    const room = await tx.talkRoom.upsert({
      where: { botId_memberId: { botId: bot.id, memberId: member.id } },
      create: { tenantId: actor.tenantId, botId: bot.id, memberId: member.id },
      update: { lastMessageAt: new Date() },
    })
    const event: CallbackEvent = content ? { type: 'message', content: content as Record<string, unknown> } : { type: 'postback', data: input.postback ?? '' }
    const message = await tx.talkMessage.create({
      data: { tenantId: actor.tenantId, roomId: room.id, sender: 'MEMBER', content: (content ?? { type: 'postback', data: input.postback }) as Prisma.InputJsonObject },
    })
    const deliveryId = await queueCallback(tx, ctx.callbackConsumers, bot, { userId: member.userId, lwDomainId: member.domain.lwDomainId }, event)
    return { roomId: room.id, deliveryId, messageId: message.id, botId: bot.id, memberId: member.id }
  })
  ctx.nudge?.()
  return result
}
