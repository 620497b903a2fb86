import { createHash, createHmac } from 'node:crypto'
import { normalizeWord, type StampKind } from '@worksbase/schema'
import { ValidationError } from '../errors.ts'
import { enqueueJob } from '../jobs/queue.ts'
import type { ClaimedJob } from '../jobs/worker.ts'
import { OutboundError, postChecked } from '../lib/outbound.ts'
import { safeEqual } from '../lib/crypto.ts'
import { Batcher } from '../lib/batcher.ts'
import { preparedQuery } from '../lib/prepared.ts'
import type { Database } from '../db/index.ts'
import { applyStamp, dayState, localDate, localTime, validNext } from './attendance-rules.ts'
import type { Tx } from './audit.ts'
import { insertBotTalkMessage } from './talk.ts'
import {
  type AttendanceDeps,
  fetchExternalToken,
  fill,
  type Language,
  LINE_WORKS_AUTH_BASE,
  type ProcessingContext,
  processingContexts,
  replyContent,
  stampLabel,
  templatesFor,
  unseal,
  type WebhookDeps,
  webhookLinkages,
  type WordKind,
} from './attendance.ts'
import type { AttendanceLinkage, Prisma, PrismaClient } from '#generated/prisma/client.ts'

/**
 * The attendance inbox: signed callbacks stored before the 200 (the webhook, and this platform's bot
 * in-process), each turned by the `attendance.event` job into at most one stamp and exactly one reply,
 * and the replies sent to real LINE WORKS. See docs/attendance-plan.md.
 */

// ——— Webhook ——————————————————————————————————————————————————————————————————————————————————————

export type WebhookOutcome = { status: 200 | 401 | 404; stored: boolean }

/**
 * A callback for `linkageId`: verified with the linkage's Bot Secret over the raw bytes, then stored
 * with its processing job in one transaction before the caller answers 200. The same bytes again
 * (a redelivery) store nothing new. Unknown linkage → 404; bad signature → 401 and nothing stored.
 */
export async function receiveWebhook(deps: WebhookDeps, linkageId: string, raw: Buffer, signature: string | null): Promise<WebhookOutcome> {
  const linkage = await webhookLinkage(deps, linkageId)
  if (!linkage) return { status: 404, stored: false }
  if (!signature || !safeEqual(signature.trim(), createHmacBase64(linkage.botSecret, raw))) return { status: 401, stored: false }
  const stored = await insertEventNow(deps.db, linkage, raw.toString('utf8'))
  return { status: 200, stored }
}

async function webhookLinkage(deps: AttendanceDeps, linkageId: string) {
  const cached = webhookLinkages.get(linkageId)
  if (cached !== undefined) return cached
  const generation = webhookLinkages.generation
  const linkage = await deps.prisma.attendanceLinkage.findUnique({ where: { id: linkageId } })
  const value = linkage?.enabled && linkage.mode === 'EXTERNAL' ? { id: linkage.id, tenantId: linkage.tenantId, botSecret: unseal(deps.bots.secrets, linkage, 'botSecret') } : null
  webhookLinkages.set(linkageId, value, generation)
  return value
}

interface IncomingEvent {
  tenantId: string
  linkageId: string
  eventKey: string
  body: string
}

const insertEventsSql = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS t("tenantId", "linkageId", "eventKey", body, ord)),
  event AS (
    INSERT INTO "AttendanceEvent" (id, "tenantId", "linkageId", "eventKey", body, "receivedAt", status)
    SELECT gen_random_uuid(), "tenantId", "linkageId", "eventKey", body, clock_timestamp(), 'PENDING' FROM input ORDER BY ord
    ON CONFLICT ("linkageId", "eventKey") DO NOTHING
    RETURNING id, "tenantId", "linkageId", "eventKey"),
  job AS (
    INSERT INTO "Job" (id, "tenantId", kind, payload, status, "runAt", attempts, "maxAttempts", "createdAt")
    SELECT gen_random_uuid(), "tenantId", 'attendance.event', jsonb_build_object('eventId', id::text), 'QUEUED', now(), 0, 10, now() FROM event)
  SELECT input.ord::int AS ord, event.id IS NOT NULL AS stored
  FROM input LEFT JOIN event ON event."linkageId" = input."linkageId" AND event."eventKey" = input."eventKey"
  ORDER BY input.ord`

/**
 * Stores events with their jobs, one statement (one round trip and one commit) for every callback
 * that arrives while the previous statement runs: the webhook's hot path. The same bytes again (in
 * the database, or twice in one batch) store nothing new.
 */
async function insertEvents(db: Database, events: IncomingEvent[]): Promise<boolean[]> {
  const rows = await preparedQuery<{ ord: number; stored: boolean }>(db, 'attendance_webhook_insert', insertEventsSql, [
    events.map((event) => event.tenantId),
    events.map((event) => event.linkageId),
    events.map((event) => event.eventKey),
    events.map((event) => event.body),
  ])
  const seen = new Set<string>()
  return rows.map((row, index) => {
    const event = events[index] as IncomingEvent
    const key = `${event.linkageId}:${event.eventKey}`
    const first = !seen.has(key)
    seen.add(key)
    return row.stored && first
  })
}

const inserters = new WeakMap<Database, Batcher<IncomingEvent, boolean>>()

async function insertEventNow(db: Database, linkage: { id: string; tenantId: string }, body: string): Promise<boolean> {
  let inserter = inserters.get(db)
  if (!inserter) {
    inserter = new Batcher<IncomingEvent, boolean>((events) => insertEvents(db, events), { maxConcurrent: 4, maxBatch: 128 })
    inserters.set(db, inserter)
  }
  return inserter.submit({ tenantId: linkage.tenantId, linkageId: linkage.id, eventKey: createHash('sha256').update(body).digest('hex'), body })
}

function createHmacBase64(secret: string, raw: Buffer): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(raw).digest('base64')
}

/** Stores one event and its job (both or neither); false when these exact bytes were stored before. */
export async function storeEvent(prisma: PrismaClient, linkage: { id: string; tenantId: string }, body: string): Promise<boolean> {
  return prisma.$transaction((tx) => insertEvent(tx, linkage, body))
}

/** The same, in the caller's transaction (this platform's own bot: stored with the member's message). */
export async function insertEvent(tx: Tx, linkage: { id: string; tenantId: string }, body: string): Promise<boolean> {
  const eventKey = createHash('sha256').update(body).digest('hex')
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "AttendanceEvent" (id, "tenantId", "linkageId", "eventKey", body, "receivedAt", status)
    VALUES (gen_random_uuid(), ${linkage.tenantId}::uuid, ${linkage.id}::uuid, ${eventKey}, ${body}, clock_timestamp(), 'PENDING')
    ON CONFLICT ("linkageId", "eventKey") DO NOTHING
    RETURNING id::text`
  const row = rows[0]
  if (!row) return false
  await enqueueJob(tx, 'attendance.event', { eventId: row.id }, { tenantId: linkage.tenantId, maxAttempts: 10 })
  return true
}

/**
 * This platform's bot is the attendance bot (PLATFORM mode): the event goes straight into the inbox
 * in the transaction that stored the member's message, with no HTTP in between. False when the bot
 * is not an attendance bot.
 */
export async function deliverToAttendance(tx: Tx, bot: { id: string; tenantId: string }, body: string): Promise<boolean> {
  const linkage = await tx.attendanceLinkage.findUnique({ where: { tenantId: bot.tenantId }, select: { id: true, tenantId: true, enabled: true, mode: true, botId: true } })
  if (!linkage?.enabled || linkage.mode !== 'PLATFORM' || linkage.botId !== bot.id) return false
  await insertEvent(tx, linkage, body)
  return true
}

function interpret(words: Map<string, WordKind>, body: Record<string, unknown>): { kind: StampKind | 'TODAY' | null; text: string } {
  if (body.type === 'postback') {
    const data = String(body.data ?? '')
    const kind = /^stamp=(CLOCK_IN|CLOCK_OUT|BREAK_START|BREAK_END|TODAY)$/.exec(data)?.[1] as StampKind | 'TODAY' | undefined
    return { kind: kind ?? null, text: data }
  }
  const content = (body.content ?? {}) as { type?: string; text?: string; postback?: string }
  const postbackKind = /^stamp=(CLOCK_IN|CLOCK_OUT|BREAK_START|BREAK_END|TODAY)$/.exec(String(content.postback ?? ''))?.[1] as StampKind | 'TODAY' | undefined
  if (postbackKind) return { kind: postbackKind, text: String(content.text ?? '') }
  const text = typeof content.text === 'string' ? content.text : ''
  return { kind: text ? (words.get(normalizeWord(text)) ?? null) : null, text }
}

const parseBody = (body: string): Record<string, unknown> | null => {
  try {
    const value = JSON.parse(body)
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null
  } catch {
    return null
  }
}

async function processingContext(tx: Tx, linkageId: string): Promise<ProcessingContext> {
  const cached = processingContexts.get(linkageId)
  if (cached) return cached
  const generation = processingContexts.generation
  const linkage = await tx.attendanceLinkage.findUniqueOrThrow({ where: { id: linkageId }, include: { tenant: true } })
  const [ja, en, words] = await Promise.all([
    templatesFor(tx, linkage.tenantId, 'ja'),
    templatesFor(tx, linkage.tenantId, 'en'),
    tx.attendanceWord.findMany({ where: { tenantId: linkage.tenantId }, select: { normalized: true, kind: true } }),
  ])
  const context = { linkage, texts: { ja, en }, words: new Map(words.map((word) => [word.normalized, word.kind])) }
  processingContexts.set(linkageId, context, generation)
  return context
}

/**
 * The job `attendance.event`: one stored callback becomes at most one stamp and exactly one reply,
 * in one transaction that also marks the event processed, so a crash anywhere replays it from the
 * start and a second run finds it done. Stamps of one employee are serialised by a lock on their
 * account row. Malformed bodies and events we do not use are marked ignored, with the reason.
 */
export function attendanceEventHandler(deps: AttendanceDeps & { onPlatformReply?: (botId: string, memberId: string, messageId: string) => void }) {
  return async (job: ClaimedJob<'attendance.event'>): Promise<'done'> => {
    const published = await deps.prisma.$transaction(async (tx) => {
      const [event] = await tx.$queryRaw<{ id: string; tenantId: string; linkageId: string; body: string; receivedAt: Date; status: string }[]>`
        SELECT id::text, "tenantId"::text AS "tenantId", "linkageId"::text AS "linkageId", body, "receivedAt", status::text
        FROM "AttendanceEvent" WHERE id = ${job.payload.eventId}::uuid FOR UPDATE`
      if (!event || event.status !== 'PENDING') return null
      const ignore = async (note: string) => {
        await tx.attendanceEvent.update({ where: { id: event.id }, data: { status: 'IGNORED', note } })
        return null
      }
      const body = parseBody(event.body)
      if (!body) return ignore('The body is not a JSON object')
      if (body.type !== 'message' && body.type !== 'postback') return ignore(`Event type ${String(body.type)} is not used for attendance`)
      const userId = String((body.source as { userId?: unknown } | undefined)?.userId ?? '')
      if (!userId) return ignore('The event has no source.userId')
      const context = await processingContext(tx, event.linkageId)
      const { linkage } = context
      const language = replyLanguage(body, linkage.tenant.language)
      const texts = context.texts[language]
      const timeZone = linkage.tenant.timeZone

      const account = await findAccount(tx, linkage.tenantId, userId, linkage.mode)
      let content: Prisma.InputJsonObject
      let stamped = false
      if (!account) {
        content = replyContent(texts.unlinked, [], language)
      } else {
        // One employee's events are applied one at a time, in the order they were received.
        await tx.$queryRaw`SELECT id FROM "AttendanceAccount" WHERE id = ${account.id}::uuid FOR UPDATE`
        const name = account.member.familyName
        const { kind, text } = interpret(context.words, body)
        const today = localDate(event.receivedAt, timeZone)
        const stampsOf = (workDate: string) =>
          tx.attendanceStamp.findMany({ where: { tenantId: linkage.tenantId, memberId: account.memberId, workDate, voidedAt: null }, orderBy: { stampedAt: 'asc' } })
        const todays = await stampsOf(today)
        if (kind === null) {
          content = replyContent(texts.help as string, validNext(dayState(todays)), language)
        } else if (kind === 'TODAY') {
          const list = todays.map((stamp) => `${stampLabel(stamp.kind, language)} ${localTime(stamp.stampedAt, timeZone)}`).join(language === 'ja' ? '、' : ', ')
          content = replyContent(fill((list ? texts.today : texts.todayNone) as string, { name, stamps: list }), validNext(dayState(todays)), language)
        } else {
          // A clock-out or break after midnight belongs to yesterday's day if that one is still open.
          let workDate = today
          let stamps = todays
          if (kind !== 'CLOCK_IN' && dayState(todays) === 'OFF') {
            const yesterday = localDate(new Date(event.receivedAt.getTime() - 24 * 3600_000), timeZone)
            const previous = await stampsOf(yesterday)
            const state = dayState(previous)
            if (state === 'WORKING' || state === 'ON_BREAK') {
              workDate = yesterday
              stamps = previous
            }
          }
          const state = dayState(stamps)
          const applied = applyStamp(state, kind)
          if (applied.ok) {
            await tx.attendanceStamp.create({
              data: {
                tenantId: linkage.tenantId,
                memberId: account.memberId,
                kind,
                stampedAt: event.receivedAt,
                workDate,
                sourceEventId: event.id,
                sourceUserId: userId,
                sourceText: text.slice(0, 300),
                createdBy: 'bot',
              },
            })
            stamped = true
            content = replyContent(
              fill(texts.stamped as string, { name, stamp: stampLabel(kind, language), time: localTime(event.receivedAt, timeZone) }),
              validNext(applied.state),
              language,
            )
          } else {
            const firstIn = stamps.find((stamp) => stamp.kind === 'CLOCK_IN')
            content = replyContent(
              fill(texts[applied.refusal] as string, { name, time: firstIn ? localTime(firstIn.stampedAt, timeZone) : '' }),
              validNext(state),
              language,
            )
          }
        }
      }
      const reply = await tx.attendanceReply.create({ data: { tenantId: linkage.tenantId, eventId: event.id, userId, content } })
      await tx.attendanceEvent.update({ where: { id: event.id }, data: { status: 'PROCESSED', note: stamped ? 'stamped' : account ? 'answered' : 'unlinked' } })
      if (linkage.mode === 'PLATFORM' && linkage.botId && account) {
        // Our own bot answers in the talk in this same transaction: exactly one reply.
        const messageId = await insertBotTalkMessage(tx, { tenantId: linkage.tenantId, botId: linkage.botId, memberId: account.memberId }, content)
        await tx.attendanceReply.update({ where: { id: reply.id }, data: { sentAt: new Date(), attempts: 1 } })
        return messageId ? { kind: 'talk' as const, botId: linkage.botId, memberId: account.memberId, messageId } : null
      }
      // The fallback, due after the first attempt below has had its chance.
      await enqueueJob(tx, 'attendance.reply', { replyId: reply.id }, { tenantId: linkage.tenantId, maxAttempts: 8, runAt: new Date(Date.now() + REPLY_FALLBACK_DELAY_MS) })
      return { kind: 'lineWorks' as const, replyId: reply.id, linkageId: linkage.id }
    })
    if (published?.kind === 'talk') deps.onPlatformReply?.(published.botId, published.memberId, published.messageId)
    if (published?.kind === 'lineWorks') await sendReplyNow(deps, published.replyId, published.linkageId)
    return 'done'
  }
}

/**
 * The employee an event comes from: the account id is their user id or login id. On this platform the
 * user id names a member, whose login id may be the account id too.
 */
async function findAccount(tx: Tx, tenantId: string, userId: string, mode: 'PLATFORM' | 'EXTERNAL') {
  const include = { member: { select: { familyName: true, givenName: true, status: true } } } as const
  const direct = await tx.attendanceAccount.findUnique({ where: { tenantId_accountId: { tenantId, accountId: userId.toLowerCase() } }, include })
  if (direct) return direct.member.status === 'ACTIVE' ? direct : null
  if (mode !== 'PLATFORM') return null
  const member = await tx.member.findFirst({ where: { tenantId, userId }, select: { loginId: true } })
  if (!member) return null
  const byLogin = await tx.attendanceAccount.findUnique({ where: { tenantId_accountId: { tenantId, accountId: member.loginId } }, include })
  return byLogin?.member.status === 'ACTIVE' ? byLogin : null
}

/**
 * The language of the answer: English when the employee typed plain ASCII words ("Clock in"),
 * otherwise the tenant's language (postbacks carry no language).
 */
function replyLanguage(body: Record<string, unknown>, tenantLanguage: 'JA' | 'EN'): Language {
  const text = (body.content as { text?: unknown } | undefined)?.text
  if (body.type === 'message' && typeof text === 'string' && /[a-z]/i.test(text) && /^[\x20-\x7e\s]*$/.test(text)) return 'en'
  return tenantLanguage === 'EN' ? 'en' : 'ja'
}

// ——— Replies to real LINE WORKS ————————————————————————————————————————————————————————————————

const tokens = new Map<string, { token: string; expiresAt: number }>()

class RetryableReplyError extends Error {}

/** When the reply job (the fallback) is due, after the event was processed. */
const REPLY_FALLBACK_DELAY_MS = 15_000

/** An access token for the linkage's LINE WORKS app, kept until a minute before it expires. */
async function linkageToken(deps: AttendanceDeps, linkage: AttendanceLinkage): Promise<string> {
  let cached = tokens.get(linkage.id)
  if (!cached || cached.expiresAt < Date.now() + 60_000) {
    cached = await fetchExternalToken(deps, {
      clientId: linkage.clientId ?? '',
      clientSecret: unseal(deps.bots.secrets, linkage, 'clientSecret'),
      serviceAccount: linkage.serviceAccount ?? '',
      privateKey: unseal(deps.bots.secrets, linkage, 'privateKey'),
      authBaseUrl: linkage.authBaseUrl ?? LINE_WORKS_AUTH_BASE,
    })
    tokens.set(linkage.id, cached)
  }
  return cached.token
}

/**
 * Sends a message from the linkage's LINE WORKS bot to one user (`POST /v1.0/bots/{botId}/users/{userId}/messages`)
 * with the app's access token. A 401 drops the token, so the next attempt fetches a new one.
 */
export async function postToLineWorks(deps: AttendanceDeps, linkage: AttendanceLinkage, userId: string, content: Prisma.InputJsonValue) {
  const token = await linkageToken(deps, linkage)
  const result = await postChecked(
    `${linkage.apiBaseUrl}/v1.0/bots/${encodeURIComponent(linkage.externalBotId ?? '')}/users/${encodeURIComponent(userId)}/messages`,
    JSON.stringify({ content }),
    { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    { ...deps.bots.callbackPolicy, timeoutMs: 10_000 },
  )
  if (result.status === 401) tokens.delete(linkage.id)
  return result
}

/**
 * The job `attendance.reply`: sends the reply through the LINE WORKS Bot API of the linkage (token
 * from the JWT bearer grant, kept until a minute before it expires). Network errors, 429 and 5xx are
 * retried with backoff; a 401 drops the token and retries; other answers fail the reply, recorded.
 */
/** One attempt to send a reply to LINE WORKS: sent, or why not and whether trying again may help. */
async function attemptReply(
  deps: AttendanceDeps,
  reply: { id: string; userId: string; content: Prisma.JsonValue },
  linkage: AttendanceLinkage,
): Promise<{ sent: true } | { sent: false; retryable: boolean; error: string }> {
  const record = (data: Prisma.AttendanceReplyUpdateManyMutationInput) =>
    deps.prisma.attendanceReply.updateMany({ where: { id: reply.id, sentAt: null }, data: { attempts: { increment: 1 }, ...data } })
  if (linkage.mode !== 'EXTERNAL' || !linkage.apiBaseUrl || !linkage.externalBotId) {
    const error = 'The linkage no longer points at a LINE WORKS bot'
    await record({ lastError: error })
    return { sent: false, retryable: false, error }
  }
  try {
    const result = await postToLineWorks(deps, linkage, reply.userId, reply.content as Prisma.InputJsonValue)
    if (result.status >= 200 && result.status < 300) {
      await record({ sentAt: new Date(), lastError: null })
      return { sent: true }
    }
    const error = `LINE WORKS answered ${result.status}: ${result.bodyText.slice(0, 300)}`
    await record({ lastError: error })
    return { sent: false, retryable: result.status === 401 || result.status === 429 || result.status >= 500, error }
  } catch (error) {
    const message = (error instanceof ValidationError || error instanceof OutboundError ? error.message : String(error)).slice(0, 500)
    await record({ lastError: message })
    return { sent: false, retryable: true, error: message }
  }
}

/**
 * Replies are sent right after the event is processed (`sendReplyNow`); this job is the fallback,
 * due a little later: it sends what the first attempt could not (network errors, 401 with a new
 * token, 429 and 5xx with backoff) and records the outcome. A reply already sent is left alone.
 */
export function attendanceReplyHandler(deps: AttendanceDeps) {
  return async (job: ClaimedJob<'attendance.reply'>): Promise<'done'> => {
    const reply = await deps.prisma.attendanceReply.findUnique({ where: { id: job.payload.replyId }, include: { event: { include: { linkage: true } } } })
    if (!reply || reply.sentAt) return 'done'
    const outcome = await attemptReply(deps, reply, reply.event.linkage)
    if (!outcome.sent && outcome.retryable && job.attempts < job.maxAttempts) throw new RetryableReplyError(outcome.error)
    return 'done'
  }
}

/** The first attempt, made as soon as the event's transaction has committed (best effort). */
async function sendReplyNow(deps: AttendanceDeps, replyId: string, linkageId: string): Promise<void> {
  const context = processingContexts.get(linkageId)
  const reply = await deps.prisma.attendanceReply.findUnique({ where: { id: replyId } })
  const linkage = context?.linkage ?? (await deps.prisma.attendanceLinkage.findUnique({ where: { id: linkageId } }))
  if (!reply || reply.sentAt || !linkage) return
  await attemptReply(deps, reply, linkage)
}
