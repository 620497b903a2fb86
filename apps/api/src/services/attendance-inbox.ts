import { createHash, createHmac, randomUUID } from 'node:crypto'
import { normalizeWord, type StampKind } from '@worksbase/schema'
import { ValidationError } from '../errors.ts'
import { enqueueJob } from '../jobs/queue.ts'
import type { BatchJobHandler, BatchOutcome, ClaimedJob } from '../jobs/worker.ts'
import { getChecked, OutboundError, postChecked, refusedForGood } from '../lib/outbound.ts'
import { TtlCache } from '../lib/ttl-cache.ts'
import { jsonInputProblem } from '../lib/json-input.ts'
import { safeEqual } from '../lib/crypto.ts'
import { Batcher } from '../lib/batcher.ts'
import { preparedQuery } from '../lib/prepared.ts'
import type { Database } from '../db/index.ts'
import { applyStamp, dayState, localDate, localTime, validNext } from './attendance-rules.ts'
import type { Tx } from './audit.ts'
import { insertBotTalkMessages } from './talk.ts'
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

export type WebhookOutcome = { status: 200 | 401 | 404; stored: boolean } | { status: 400; stored: false; problem: string }

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Why a signed body cannot be stored as an event, or null. PostgreSQL text holds no NUL character,
 * and a NUL in a JSON string would fail every later write of it, so a NUL in any form is refused, as
 * is a body that is not UTF-8. Other malformed JSON is stored and acknowledged as an unused event.
 */
export function unstorableEvent(raw: Buffer): string | null {
  let text: string
  try {
    text = strictUtf8.decode(raw)
  } catch {
    return 'The body is not valid UTF-8'
  }
  if (text.includes('\u0000')) return 'The body contains a NUL character'
  if (!text.includes('\\u0000')) return null
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // Malformed JSON: stored and acknowledged like any unused event.
    return null
  }
  return jsonInputProblem(value)?.kind === 'nul' ? 'The body contains a NUL character (\\u0000)' : null
}

/**
 * A callback for `linkageId`: verified with the linkage's Bot Secret over the raw bytes, then stored
 * with its processing job in one transaction before the caller answers 200. The same bytes again
 * (a redelivery) store nothing new. Unknown linkage → 404; bad signature → 401 and nothing stored.
 */
export async function receiveWebhook(deps: WebhookDeps, linkageId: string, raw: Buffer, signature: string | null): Promise<WebhookOutcome> {
  const linkage = await webhookLinkage(deps, linkageId)
  if (!linkage) return { status: 404, stored: false }
  if (!signature || !safeEqual(signature.trim(), createHmacBase64(linkage.botSecret, raw))) return { status: 401, stored: false }
  const problem = unstorableEvent(raw)
  if (problem) return { status: 400, stored: false, problem }
  intake.count()
  const stored = await insertEventNow(deps.db, linkage, raw.toString('utf8'))
  return { status: 200, stored }
}

/**
 * Intake comes first: LINE WORKS never sends a callback again, so answering the webhook matters more
 * than replying a moment sooner. While callbacks arrive faster than INTAKE_BUSY_PER_SECOND, each batch
 * of processing waits up to PROCESSING_YIELD_MS first, so processing gets what CPU the webhook leaves;
 * in a burst replies lag by a second or two and catch up after it. Counted per process.
 */
const INTAKE_BUSY_PER_SECOND = 500
const PROCESSING_YIELD_MS = 1000
const BUSY_PIECE_SIZE = 20

class IntakeMeter {
  private windowStart = 0
  private inWindow = 0
  private previous = 0
  /** A callback arrived. */
  count() {
    this.roll()
    this.inWindow += 1
  }
  /** Callbacks per second over the last quarter second or so. */
  rate(): number {
    this.roll()
    return Math.max(this.previous, this.inWindow) * 4
  }
  private roll() {
    const now = Date.now()
    if (now - this.windowStart < 250) return
    this.previous = now - this.windowStart < 500 ? this.inWindow : 0
    this.windowStart = now
    this.inWindow = 0
  }
}

const intake = new IntakeMeter()

async function yieldToIntake(): Promise<void> {
  const deadline = Date.now() + PROCESSING_YIELD_MS
  while (intake.rate() > INTAKE_BUSY_PER_SECOND && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
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

/** Events processed together, in one transaction: a claim of queued `attendance.event` jobs. */
export const EVENT_BATCH_SIZE = 100

type PlatformReply = (botId: string, memberId: string, messageId: string) => void

/**
 * The job `attendance.event`, taken in batches: the stored callbacks of a claim become at most one
 * stamp and exactly one reply each, in one transaction that also marks them processed, so a crash
 * anywhere replays the batch from the start and a second run finds them done. When a batch fails
 * (one bad event, a lock timeout), its events are processed one by one, so the others go through and
 * only the bad one is retried.
 */
export function attendanceEventHandler(deps: AttendanceDeps & { onPlatformReply?: PlatformReply }): BatchJobHandler<'attendance.event'> {
  const runBatch = async (jobs: ClaimedJob<'attendance.event'>[]): Promise<BatchOutcome[]> => {
    try {
      const eventIds = jobs.map((job) => job.payload.eventId)
      // In a burst the batch goes in small pieces, each after yielding to the webhook, so that no
      // piece holds the CPU long; otherwise in one transaction.
      for (let start = 0; start < eventIds.length; ) {
        await yieldToIntake()
        const size = intake.rate() > INTAKE_BUSY_PER_SECOND ? BUSY_PIECE_SIZE : eventIds.length
        await processEvents(deps, eventIds.slice(start, start + size))
        start += size
      }
      return jobs.map(() => ({ done: true }))
    } catch (error) {
      if (jobs.length === 1) return [{ done: false, error }]
      const outcomes: BatchOutcome[] = []
      for (const job of jobs) {
        try {
          await processEvents(deps, [job.payload.eventId])
          outcomes.push({ done: true })
        } catch (single) {
          outcomes.push({ done: false, error: single })
        }
      }
      return outcomes
    }
  }
  const handler = async (job: ClaimedJob<'attendance.event'>): Promise<'done'> => {
    const [outcome] = await runBatch([job])
    if (outcome && !outcome.done) throw outcome.error
    return 'done'
  }
  return Object.assign(handler, { batchSize: EVENT_BATCH_SIZE, runBatch })
}

interface StoredEvent {
  id: string
  tenantId: string
  linkageId: string
  body: string
  receivedAt: Date
}

/**
 * Who an event comes from: on this platform, the member with that user id (replies go to their talk,
 * linked or not); and the employee whose account id matches, if any (locked by its row id).
 */
interface Sender {
  memberId?: string
  account: { rowId: string; memberId: string; familyName: string } | null
}

/** A reply to send to LINE WORKS after the batch commits. */
interface LineWorksReply {
  replyId: string
  linkageId: string
  tenantId: string
  userId: string
  content: Prisma.JsonObject
}

/** A stamp of a day as processing sees it (existing ones, and the ones this batch adds). */
type DayStamp = { kind: StampKind; stampedAt: Date }

interface BatchWrites {
  outcomes: { id: string; status: 'PROCESSED' | 'IGNORED'; note: string }[]
  stamps: { tenantId: string; memberId: string; kind: StampKind; stampedAt: Date; workDate: string; sourceEventId: string; sourceUserId: string; sourceText: string }[]
  /** `sent`: delivered in this transaction (this platform's talk). */
  replies: { id: string; tenantId: string; eventId: string; userId: string; content: Prisma.InputJsonObject; sent: boolean }[]
  talk: { tenantId: string; botId: string; memberId: string; content: Prisma.InputJsonObject }[]
  lineWorks: LineWorksReply[]
}

async function processEvents(deps: AttendanceDeps & { onPlatformReply?: PlatformReply }, eventIds: string[]): Promise<void> {
  await learnLineWorksUserIds(deps, eventIds)
  const done = await deps.prisma.$transaction(async (tx) => {
    const events = await tx.$queryRaw<StoredEvent[]>`
      SELECT id::text, "tenantId"::text AS "tenantId", "linkageId"::text AS "linkageId", body, "receivedAt"
      FROM "AttendanceEvent" WHERE id = ANY(${eventIds}::uuid[]) AND status = 'PENDING'
      ORDER BY "receivedAt", id FOR UPDATE`
    const writes: BatchWrites = { outcomes: [], stamps: [], replies: [], talk: [], lineWorks: [] }
    const byLinkage = new Map<string, StoredEvent[]>()
    for (const event of events) byLinkage.set(event.linkageId, [...(byLinkage.get(event.linkageId) ?? []), event])
    for (const [linkageId, group] of byLinkage) await processLinkageEvents(tx, await processingContext(tx, linkageId), group, writes)
    // Set-based statements (unnest), one per table: a batch costs a handful of round trips.
    const { stamps, replies } = writes
    if (stamps.length > 0) {
      await tx.$executeRaw`
        INSERT INTO "AttendanceStamp" (id, "tenantId", "memberId", kind, "stampedAt", "workDate", "sourceEventId", "sourceUserId", "sourceText", "createdBy", "createdAt")
        SELECT gen_random_uuid(), v."tenantId", v."memberId", v.kind::"StampKind", v."stampedAt", v."workDate", v."sourceEventId", v."sourceUserId", v."sourceText", 'bot', now()
        FROM unnest(${stamps.map((row) => row.tenantId)}::uuid[], ${stamps.map((row) => row.memberId)}::uuid[], ${stamps.map((row) => row.kind)}::text[],
          ${stamps.map((row) => row.stampedAt.toISOString())}::timestamptz[], ${stamps.map((row) => row.workDate)}::text[], ${stamps.map((row) => row.sourceEventId)}::uuid[],
          ${stamps.map((row) => row.sourceUserId)}::text[], ${stamps.map((row) => row.sourceText)}::text[])
          AS v("tenantId", "memberId", kind, "stampedAt", "workDate", "sourceEventId", "sourceUserId", "sourceText")`
    }
    if (replies.length > 0) {
      await tx.$executeRaw`
        INSERT INTO "AttendanceReply" (id, "tenantId", "eventId", "userId", content, "sentAt", attempts, "createdAt")
        SELECT v.id, v."tenantId", v."eventId", v."userId", v.content::jsonb, CASE WHEN v.sent THEN now() END, CASE WHEN v.sent THEN 1 ELSE 0 END, now()
        FROM unnest(${replies.map((row) => row.id)}::uuid[], ${replies.map((row) => row.tenantId)}::uuid[], ${replies.map((row) => row.eventId)}::uuid[],
          ${replies.map((row) => row.userId)}::text[], ${replies.map((row) => JSON.stringify(row.content))}::text[], ${replies.map((row) => row.sent)}::boolean[])
          AS v(id, "tenantId", "eventId", "userId", content, sent)`
    }
    if (writes.outcomes.length > 0) {
      await tx.$executeRaw`
        UPDATE "AttendanceEvent" e SET status = v.status::"AttendanceEventStatus", note = v.note
        FROM unnest(${writes.outcomes.map((row) => row.id)}::uuid[], ${writes.outcomes.map((row) => row.status)}::text[], ${writes.outcomes.map((row) => row.note)}::text[]) AS v(id, status, note)
        WHERE e.id = v.id`
    }
    // Our own bot answers in the talk in this same transaction: exactly one reply.
    const messages = await insertBotTalkMessages(tx, writes.talk)
    // LINE WORKS replies are sent right after the commit; this job is the fallback, due after that attempt had its chance.
    if (writes.lineWorks.length > 0) {
      const runAt = new Date(Date.now() + REPLY_FALLBACK_DELAY_MS)
      await tx.$executeRaw`
        INSERT INTO "Job" (id, "tenantId", kind, payload, status, "runAt", attempts, "maxAttempts", "createdAt")
        SELECT gen_random_uuid(), v."tenantId", 'attendance.reply', jsonb_build_object('replyId', v."replyId"), 'QUEUED', ${runAt.toISOString()}::timestamptz, 0, 8, now()
        FROM unnest(${writes.lineWorks.map((reply) => reply.tenantId)}::uuid[], ${writes.lineWorks.map((reply) => reply.replyId)}::text[]) AS v("tenantId", "replyId")`
    }
    return { messages: writes.talk.map((room, index) => ({ ...room, messageId: messages[index] })), lineWorks: writes.lineWorks }
  })
  for (const message of done.messages) if (message.messageId) deps.onPlatformReply?.(message.botId, message.memberId, message.messageId)
  // The first attempt, as soon as the batch committed; the reply jobs are the fallback.
  await sendReplies(deps, done.lineWorks)
}

/**
 * One linkage's events of a batch, in the order they were received: the senders' accounts are locked
 * (in id order, so two batches never wait for each other in a cycle), their days read in one query,
 * and each event is applied to the days as the events before it left them.
 */
async function processLinkageEvents(tx: Tx, context: ProcessingContext, events: StoredEvent[], writes: BatchWrites) {
  const { linkage } = context
  const timeZone = linkage.tenant.timeZone
  const usable: { event: StoredEvent; body: Record<string, unknown>; userId: string }[] = []
  for (const event of events) {
    const body = parseBody(event.body)
    const userId = String((body?.source as { userId?: unknown } | undefined)?.userId ?? '')
    const ignored = !body
      ? 'The body is not a JSON object'
      : body.type !== 'message' && body.type !== 'postback'
        ? `Event type ${String(body.type)} is not used for attendance`
        : !userId
          ? 'The event has no source.userId'
          : null
    if (ignored || !body) writes.outcomes.push({ id: event.id, status: 'IGNORED', note: ignored ?? '' })
    else usable.push({ event, body, userId })
  }
  if (usable.length === 0) return
  const userIds = [...new Set(usable.map((item) => item.userId))]
  const senders = await findSenders(tx, linkage, userIds)
  const accountRows = [...new Set([...senders.values()].flatMap((sender) => (sender.account ? [sender.account.rowId] : [])))].sort()
  // One employee's events are applied one at a time, in the order they were received.
  if (accountRows.length > 0) await tx.$queryRaw`SELECT id FROM "AttendanceAccount" WHERE id = ANY(${accountRows}::uuid[]) ORDER BY id FOR UPDATE`

  const dates = new Set<string>()
  for (const { event } of usable) {
    dates.add(localDate(event.receivedAt, timeZone))
    dates.add(localDate(new Date(event.receivedAt.getTime() - 24 * 3600_000), timeZone))
  }
  const memberIds = [...new Set([...senders.values()].flatMap((sender) => (sender.account ? [sender.account.memberId] : [])))]
  const days = new Map<string, DayStamp[]>()
  const dayOf = (memberId: string, workDate: string) => {
    const key = `${memberId}|${workDate}`
    const day = days.get(key) ?? []
    days.set(key, day)
    return day
  }
  if (memberIds.length > 0) {
    // Per member, so each is one lookup in the (tenant, member, date) index whatever the statistics say
    // (a tenant-wide scan of the day's stamps per batch made draining a backlog quadratic).
    const existing = await tx.$queryRaw<{ memberId: string; workDate: string; kind: StampKind; stampedAt: Date }[]>`
      SELECT s."memberId"::text AS "memberId", s."workDate", s.kind::text AS kind, s."stampedAt"
      FROM unnest(${memberIds}::uuid[]) AS m(id)
      CROSS JOIN LATERAL (
        SELECT * FROM "AttendanceStamp" WHERE "tenantId" = ${linkage.tenantId}::uuid AND "memberId" = m.id AND "workDate" = ANY(${[...dates]}::text[]) AND "voidedAt" IS NULL
        OFFSET 0 -- keeps the subquery per member (not flattened into a join the planner may misjudge)
      ) AS s
      ORDER BY s."stampedAt"`
    for (const stamp of existing) dayOf(stamp.memberId, stamp.workDate).push(stamp)
  }

  for (const { event, body, userId } of usable) {
    const language = replyLanguage(body, linkage.tenant.language)
    const texts = context.texts[language]
    const sender = senders.get(userId)
    const account = sender?.account ?? null
    let content: Prisma.InputJsonObject
    let note = 'unlinked'
    if (!account) {
      content = replyContent(texts.unlinked, [], language)
    } else {
      note = 'answered'
      const name = account.familyName
      const { kind, text } = interpret(context.words, body)
      const today = localDate(event.receivedAt, timeZone)
      const todays = dayOf(account.memberId, today)
      if (kind === null) {
        content = replyContent(texts.help, validNext(dayState(todays)), language)
      } else if (kind === 'TODAY') {
        const list = todays.map((stamp) => `${stampLabel(stamp.kind, language)} ${localTime(stamp.stampedAt, timeZone)}`).join(language === 'ja' ? '、' : ', ')
        content = replyContent(fill(list ? texts.today : texts.todayNone, { name, stamps: list }), validNext(dayState(todays)), language)
      } else {
        // A clock-out or break after midnight belongs to yesterday's day if that one is still open.
        let workDate = today
        let stamps = todays
        if (kind !== 'CLOCK_IN' && dayState(todays) === 'OFF') {
          const yesterday = localDate(new Date(event.receivedAt.getTime() - 24 * 3600_000), timeZone)
          const previous = dayOf(account.memberId, yesterday)
          const state = dayState(previous)
          if (state === 'WORKING' || state === 'ON_BREAK') {
            workDate = yesterday
            stamps = previous
          }
        }
        const state = dayState(stamps)
        const applied = applyStamp(state, kind)
        if (applied.ok) {
          writes.stamps.push({
            tenantId: linkage.tenantId,
            memberId: account.memberId,
            kind,
            stampedAt: event.receivedAt,
            workDate,
            sourceEventId: event.id,
            sourceUserId: userId,
            sourceText: text.slice(0, 300),
          })
          stamps.push({ kind, stampedAt: event.receivedAt })
          note = 'stamped'
          content = replyContent(
            fill(texts.stamped, { name, stamp: stampLabel(kind, language), time: localTime(event.receivedAt, timeZone) }),
            validNext(applied.state),
            language,
          )
        } else {
          const firstIn = stamps.find((stamp) => stamp.kind === 'CLOCK_IN')
          content = replyContent(fill(texts[applied.refusal], { name, time: firstIn ? localTime(firstIn.stampedAt, timeZone) : '' }), validNext(state), language)
        }
      }
    }
    writes.outcomes.push({ id: event.id, status: 'PROCESSED', note })
    const replyId = randomUUID()
    const talkMember = linkage.mode === 'PLATFORM' && linkage.botId ? sender?.memberId : undefined
    if (talkMember && linkage.botId) {
      writes.replies.push({ id: replyId, tenantId: linkage.tenantId, eventId: event.id, userId, content, sent: true })
      writes.talk.push({ tenantId: linkage.tenantId, botId: linkage.botId, memberId: talkMember, content })
    } else {
      writes.replies.push({ id: replyId, tenantId: linkage.tenantId, eventId: event.id, userId, content, sent: false })
      writes.lineWorks.push({ replyId, linkageId: linkage.id, tenantId: linkage.tenantId, userId, content: content as Prisma.JsonObject })
    }
  }
}

/**
 * The employees events come from, by user id. The account id an admin set is a user id or a login id.
 * On this platform the user id names a member (whose login id may be the account id; they get the
 * reply in their talk even when unlinked). On LINE WORKS a login id matches once the Users API has
 * told us its user id (learnLineWorksUserIds).
 */
async function findSenders(
  tx: Tx,
  linkage: { tenantId: string; mode: 'PLATFORM' | 'EXTERNAL' },
  userIds: string[],
): Promise<Map<string, Sender>> {
  const senders = new Map<string, Sender>()
  const rows = await tx.$queryRaw<{ key: string; memberId: string | null; accountRow: string | null; accountMember: string | null; familyName: string | null; active: boolean | null }[]>`
    WITH keys AS (SELECT DISTINCT unnest(${userIds}::text[]) AS key)
    SELECT keys.key, m.id::text AS "memberId", a.id::text AS "accountRow", a."memberId"::text AS "accountMember", am."familyName", am.status = 'ACTIVE' AS active
    FROM keys
    LEFT JOIN "Member" m ON ${linkage.mode === 'PLATFORM'} AND m."tenantId" = ${linkage.tenantId}::uuid
      AND m."userId" = (CASE WHEN keys.key ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN lower(keys.key)::uuid END)
    -- Each way of matching is its own index lookup (an OR of them would scan every account).
    LEFT JOIN LATERAL (
      SELECT COALESCE(
        (SELECT id FROM "AttendanceAccount" WHERE "tenantId" = ${linkage.tenantId}::uuid AND "accountId" = lower(keys.key)),
        (SELECT id FROM "AttendanceAccount" WHERE "tenantId" = ${linkage.tenantId}::uuid AND "lineWorksUserId" = keys.key),
        (SELECT id FROM "AttendanceAccount" WHERE "tenantId" = ${linkage.tenantId}::uuid AND "accountId" = m."loginId")) AS id
    ) pick ON true
    LEFT JOIN "AttendanceAccount" a ON a.id = pick.id
    LEFT JOIN "Member" am ON am.id = a."memberId"`
  for (const row of rows) {
    const account = row.accountRow && row.accountMember && row.active ? { rowId: row.accountRow, memberId: row.accountMember, familyName: row.familyName ?? '' } : null
    senders.set(row.key, { ...(row.memberId ? { memberId: row.memberId } : {}), account })
  }
  return senders
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

/** An access token of the linkage's LINE WORKS app for a scope, kept until a minute before it expires. */
async function linkageToken(deps: AttendanceDeps, linkage: AttendanceLinkage, scope = 'bot'): Promise<string> {
  const key = `${linkage.id} ${scope}`
  let cached = tokens.get(key)
  if (!cached || cached.expiresAt < Date.now() + 60_000) {
    cached = await fetchExternalToken(
      deps,
      {
        clientId: linkage.clientId ?? '',
        clientSecret: unseal(deps.bots.secrets, linkage, 'clientSecret'),
        serviceAccount: linkage.serviceAccount ?? '',
        privateKey: unseal(deps.bots.secrets, linkage, 'privateKey'),
        authBaseUrl: linkage.authBaseUrl ?? LINE_WORKS_AUTH_BASE,
      },
      scope,
    )
    tokens.set(key, cached)
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
  if (result.status === 401) tokens.delete(`${linkage.id} bot`)
  return result
}

type ReplyAttempt = { sent: true } | { sent: false; retryable: boolean; error: string }

/**
 * One attempt to send a reply through the LINE WORKS Bot API of the linkage: sent, or why not and
 * whether trying again may help (network errors, 401 with a new token, 429 and 5xx). Not recorded.
 */
async function tryReply(deps: AttendanceDeps, reply: { userId: string; content: Prisma.JsonValue }, linkage: AttendanceLinkage): Promise<ReplyAttempt> {
  if (linkage.mode !== 'EXTERNAL' || !linkage.apiBaseUrl || !linkage.externalBotId) {
    return { sent: false, retryable: false, error: 'The linkage no longer points at a LINE WORKS bot' }
  }
  try {
    const result = await postToLineWorks(deps, linkage, reply.userId, reply.content as Prisma.InputJsonValue)
    if (result.status >= 200 && result.status < 300) return { sent: true }
    const error = `LINE WORKS answered ${result.status}: ${result.bodyText.slice(0, 300)}`
    return { sent: false, retryable: result.status === 401 || result.status === 429 || result.status >= 500, error }
  } catch (error) {
    const message = (error instanceof ValidationError || error instanceof OutboundError ? error.message : String(error)).slice(0, 500)
    return { sent: false, retryable: !refusedForGood(error), error: message }
  }
}

/** Records attempts (sent, or the error) in one statement; a reply already sent is left alone. */
async function recordAttempts(prisma: PrismaClient, attempts: readonly { id: string; outcome: ReplyAttempt }[]): Promise<void> {
  if (attempts.length === 0) return
  await prisma.$executeRaw`
    UPDATE "AttendanceReply" r SET attempts = r.attempts + 1, "sentAt" = CASE WHEN v.sent THEN now() END, "lastError" = v.error
    FROM unnest(${attempts.map((attempt) => attempt.id)}::uuid[], ${attempts.map((attempt) => attempt.outcome.sent)}::boolean[],
      ${attempts.map((attempt) => (attempt.outcome.sent ? null : attempt.outcome.error))}::text[]) AS v(id, sent, error)
    WHERE r.id = v.id AND r."sentAt" IS NULL`
}

/**
 * Replies are sent right after their batch is processed (`sendReplies`); this job is the fallback,
 * due a little later: it sends what the first attempt could not (network errors, 401 with a new
 * token, 429 and 5xx with backoff) and records the outcome. A reply already sent is left alone.
 */
export function attendanceReplyHandler(deps: AttendanceDeps): BatchJobHandler<'attendance.reply'> {
  const runBatch = async (jobs: ClaimedJob<'attendance.reply'>[]): Promise<BatchOutcome[]> => {
    const unsent = await deps.prisma.attendanceReply.findMany({
      where: { id: { in: jobs.map((job) => job.payload.replyId) }, sentAt: null },
      include: { event: { select: { linkageId: true } } },
    })
    const outcomes = await sendReplies(
      deps,
      unsent.map((reply) => ({ replyId: reply.id, linkageId: reply.event.linkageId, userId: reply.userId, content: reply.content })),
    )
    return jobs.map((job) => {
      const outcome = outcomes.get(job.payload.replyId)
      return outcome && !outcome.sent && outcome.retryable && job.attempts < job.maxAttempts ? { done: false, error: new RetryableReplyError(outcome.error) } : { done: true }
    })
  }
  const handler = async (job: ClaimedJob<'attendance.reply'>): Promise<'done'> => {
    const [outcome] = await runBatch([job])
    if (outcome && !outcome.done) throw outcome.error
    return 'done'
  }
  return Object.assign(handler, { batchSize: EVENT_BATCH_SIZE, runBatch })
}

/** Replies sent at the same time, at most. */
const REPLY_SENDERS = 8

/** Sends replies (REPLY_SENDERS at a time) and records the attempts in one statement. */
async function sendReplies(
  deps: AttendanceDeps,
  replies: readonly { replyId: string; linkageId: string; userId: string; content: Prisma.JsonValue }[],
): Promise<Map<string, ReplyAttempt>> {
  const outcomes = new Map<string, ReplyAttempt>()
  const linkages = new Map<string, Promise<AttendanceLinkage | null>>()
  const linkageOf = (id: string) => {
    let linkage = linkages.get(id)
    if (!linkage) {
      const cached = processingContexts.get(id)?.linkage
      linkage = cached ? Promise.resolve(cached) : deps.prisma.attendanceLinkage.findUnique({ where: { id } })
      linkages.set(id, linkage)
    }
    return linkage
  }
  let next = 0
  const sender = async () => {
    while (next < replies.length) {
      const reply = replies[next++] as (typeof replies)[number]
      const linkage = await linkageOf(reply.linkageId)
      outcomes.set(reply.replyId, linkage ? await tryReply(deps, reply, linkage) : { sent: false, retryable: false, error: 'The linkage was removed' })
    }
  }
  await Promise.all(Array.from({ length: Math.min(REPLY_SENDERS, replies.length) }, sender))
  await recordAttempts(deps.prisma, [...outcomes].map(([id, outcome]) => ({ id, outcome })))
  return outcomes
}

// ——— Login ids on LINE WORKS ————————————————————————————————————————————————————————————————————————

/** User ids the Users API could not match to an account lately (linkage id + user id): not asked again for a minute. */
const unmatchedUsers = new TtlCache<true>(10_000, 60_000)

/** After account ids changed in this process: look those user ids up again. */
export function forgetUnmatchedUsers(): void {
  unmatchedUsers.clear()
}

/**
 * EXTERNAL linkages: an admin may set an employee's account id to their login id, but callbacks carry
 * only the user id. Before a batch is processed, each user id that matches no account is looked up
 * once through the Users API (`GET /v1.0/users/{userId}`, scope `user.read`); when the answer's login
 * id (`email`) is an employee's account id, the user id is kept on that account (`lineWorksUserId`),
 * so this and later events match directly. This runs outside the batch's transaction, so no network
 * call holds locks; a lookup that fails or matches nobody leaves the event to answer "ask your admin".
 */
async function learnLineWorksUserIds(deps: AttendanceDeps, eventIds: string[]): Promise<void> {
  const events = await deps.prisma.$queryRaw<{ linkageId: string; tenantId: string; body: string }[]>`
    SELECT e."linkageId"::text AS "linkageId", e."tenantId"::text AS "tenantId", e.body
    FROM "AttendanceEvent" e JOIN "AttendanceLinkage" l ON l.id = e."linkageId"
    WHERE e.id = ANY(${eventIds}::uuid[]) AND e.status = 'PENDING' AND l.mode = 'EXTERNAL'`
  if (events.length === 0) return
  const wanted = new Map<string, { linkageId: string; tenantId: string; userId: string }>()
  for (const event of events) {
    const userId = String((parseBody(event.body)?.source as { userId?: unknown } | undefined)?.userId ?? '')
    const key = `${event.linkageId} ${userId}`
    if (userId && !unmatchedUsers.get(key)) wanted.set(key, { linkageId: event.linkageId, tenantId: event.tenantId, userId })
  }
  if (wanted.size === 0) return
  const known = await deps.prisma.$queryRaw<{ tenantId: string; key: string }[]>`
    SELECT DISTINCT k."tenantId"::text AS "tenantId", k.key FROM unnest(${[...wanted.values()].map((item) => item.tenantId)}::uuid[], ${[...wanted.values()].map((item) => item.userId)}::text[]) AS k("tenantId", key)
    WHERE EXISTS (SELECT 1 FROM "AttendanceAccount" a WHERE a."tenantId" = k."tenantId" AND a."accountId" = lower(k.key))
       OR EXISTS (SELECT 1 FROM "AttendanceAccount" a WHERE a."tenantId" = k."tenantId" AND a."lineWorksUserId" = k.key)`
  for (const row of known) {
    for (const [key, item] of wanted) if (item.tenantId === row.tenantId && item.userId === row.key) wanted.delete(key)
  }
  for (const [key, item] of wanted) {
    const learned = await learnUserId(deps, item).catch(() => false)
    if (!learned) unmatchedUsers.set(key, true)
  }
}

async function learnUserId(deps: AttendanceDeps, item: { linkageId: string; tenantId: string; userId: string }): Promise<boolean> {
  const linkage = processingContexts.get(item.linkageId)?.linkage ?? (await deps.prisma.attendanceLinkage.findUnique({ where: { id: item.linkageId } }))
  if (!linkage?.apiBaseUrl) return false
  const token = await linkageToken(deps, linkage, 'user.read')
  const result = await getChecked(`${linkage.apiBaseUrl}/v1.0/users/${encodeURIComponent(item.userId)}`, { authorization: `Bearer ${token}` }, {
    ...deps.bots.callbackPolicy,
    timeoutMs: 10_000,
  })
  if (result.status === 401) tokens.delete(`${linkage.id} user.read`)
  if (result.status !== 200) return false
  let loginId = ''
  try {
    loginId = String((JSON.parse(result.bodyText) as { email?: unknown }).email ?? '').trim().toLowerCase()
  } catch {
    return false
  }
  if (!loginId) return false
  return deps.prisma.$transaction(async (tx) => {
    // The user id moves to the account that now names them (an old account id may have held it).
    await tx.attendanceAccount.updateMany({ where: { tenantId: item.tenantId, lineWorksUserId: item.userId, NOT: { accountId: loginId } }, data: { lineWorksUserId: null } })
    const updated = await tx.attendanceAccount.updateMany({ where: { tenantId: item.tenantId, accountId: loginId }, data: { lineWorksUserId: item.userId } })
    return updated.count > 0
  })
}
