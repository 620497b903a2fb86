import { type BotContent, botContentSchema } from '@worksbase/schema'
import { NotFoundError, ValidationError, parseInput } from '../errors.ts'
import { enqueueJob } from '../jobs/queue.ts'
import { deliverToAttendance } from './attendance.ts'
import type { ClaimedJob } from '../jobs/worker.ts'
import { OutboundError, postChecked } from '../lib/outbound.ts'
import { auditActorOf, recordAudit, type Tx } from './audit.ts'
import { requireAuthority } from './authority.ts'
import { type BotContext, type BotDeps, botSecret, signBody } from './bots.ts'
import { Prisma, type PrismaClient } from '#generated/prisma/client.ts'

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
 * every attempt. Nothing is queued when the callback is off or the bot does not want the event (a
 * message type it did not ask for, a room event it did not choose).
 */
export async function queueCallback(
  tx: Tx,
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
  // This platform's attendance bot takes the event in-process, in this transaction.
  if ((event.type === 'message' || event.type === 'postback') && (await deliverToAttendance(tx, bot, body))) return null
  if (!bot.callbackEnabled || !bot.callbackUrl) return null
  if (event.type === 'message' && !bot.messageTypes.includes(String(event.content.type))) return null
  if (event.type !== 'message' && event.type !== 'postback' && !bot.roomEvents.includes(event.type)) return null
  const delivery = await tx.botDelivery.create({ data: { tenantId: bot.tenantId, botId: bot.id, event: event.type, body } })
  await enqueueJob(tx, 'bot.callback', { deliveryId: delivery.id }, { tenantId: bot.tenantId, maxAttempts: CALLBACK_MAX_ATTEMPTS })
  return delivery.id
}

class RetryableDeliveryError extends Error {}

/**
 * The job `bot.callback`: POSTs the stored body to the bot's URL with X-WORKS-BotId and
 * X-WORKS-Signature (HMAC-SHA256 of those bytes with the current Bot Secret), through the SSRF guard.
 * 2xx: delivered, never again. Network errors, timeouts, 429 and 5xx: retried with backoff (the job
 * throws), then failed. Other answers (3xx, 4xx) and refused URLs: failed at once.
 */
export function botCallbackHandler(deps: { prisma: PrismaClient; bots: BotDeps }) {
  return async (job: ClaimedJob<'bot.callback'>): Promise<'done'> => {
    const delivery = await deps.prisma.botDelivery.findUnique({ where: { id: job.payload.deliveryId }, include: { bot: true } })
    if (!delivery || delivery.status === 'SUCCEEDED') return 'done'
    const { bot } = delivery
    const finalAttempt = job.attempts >= job.maxAttempts
    const record = (data: Prisma.BotDeliveryUpdateInput) =>
      deps.prisma.botDelivery.update({ where: { id: delivery.id }, data: { attempts: { increment: 1 }, ...data } })
    if (!bot.callbackEnabled || !bot.callbackUrl) {
      await record({ status: 'FAILED', lastError: 'The bot’s callback is off' })
      return 'done'
    }
    try {
      const result = await postChecked(
        bot.callbackUrl,
        delivery.body,
        {
          'content-type': 'application/json; charset=UTF-8',
          'x-works-botid': String(bot.botId),
          'x-works-signature': signBody(botSecret(deps.bots, bot), delivery.body),
        },
        { ...deps.bots.callbackPolicy, timeoutMs: 10_000 },
      )
      if (result.status >= 200 && result.status < 300) {
        await record({ status: 'SUCCEEDED', lastStatusCode: result.status, latencyMs: Math.round(result.latencyMs), lastError: null, deliveredAt: new Date() })
        return 'done'
      }
      const retryable = result.status === 429 || result.status >= 500
      await record({
        status: retryable && !finalAttempt ? 'PENDING' : 'FAILED',
        lastStatusCode: result.status,
        latencyMs: Math.round(result.latencyMs),
        lastError: `The bot server answered ${result.status}`,
      })
      if (retryable && !finalAttempt) throw new RetryableDeliveryError(`The bot server answered ${result.status}`)
      return 'done'
    } catch (error) {
      if (error instanceof RetryableDeliveryError) throw error
      const code = error instanceof OutboundError ? error.code : 'UNREACHABLE'
      const message = error instanceof Error ? error.message : String(error)
      const retryable = code === 'TIMEOUT' || code === 'UNREACHABLE' || code === 'UNRESOLVABLE'
      await record({ status: retryable && !finalAttempt ? 'PENDING' : 'FAILED', lastStatusCode: null, lastError: message.slice(0, 500) })
      if (retryable && !finalAttempt) throw new RetryableDeliveryError(message)
      return 'done'
    }
  }
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
  ctx: BotContext & { nudge?: () => void },
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
    const deliveryId = await queueCallback(tx, bot, { userId: member.userId, lwDomainId: member.domain.lwDomainId }, event)
    return { roomId: room.id, deliveryId, messageId: message.id, botId: bot.id, memberId: member.id }
  })
  ctx.nudge?.()
  return result
}
