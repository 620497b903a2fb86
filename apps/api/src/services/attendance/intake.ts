import { createHash, createHmac } from 'node:crypto'
import type { Database } from '../../db/index.ts'
import { enqueueJob, insertJobsSql } from '../../jobs/queue.ts'
import { Batcher } from '../../lib/batcher.ts'
import { safeEqual } from '../../lib/crypto.ts'
import { jsonInputProblem } from '../../lib/json-input.ts'
import { preparedQuery } from '../../lib/prepared.ts'
import type { Tx } from '../audit.ts'
import type { CallbackConsumer } from '../callbacks.ts'
import { type AttendanceDeps, unseal, type WebhookDeps, webhookLinkages } from './linkage.ts'
import type { PrismaClient } from '#generated/prisma/client.ts'

/**
 * Intake: a callback becomes a stored event with its `attendance.event` job before anyone answers,
 * from LINE WORKS (the signed webhook) or from this platform's own bot (in-process, in the
 * transaction that stored the member's message). See docs/attendance-plan.md.
 */

export type WebhookOutcome = { status: 200 | 401 | 404; stored: boolean } | { status: 400; stored: false; problem: string }

/** Attempts of an `attendance.event` job before it is marked failed. */
const EVENT_MAX_ATTEMPTS = 10

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
 * than replying a moment sooner. While callbacks arrive faster than INTAKE_BUSY_PER_SECOND, each piece
 * of processing waits up to PROCESSING_YIELD_MS first (`yieldToIntake`), so processing gets what CPU
 * the webhook leaves; in a burst replies lag by a second or two and catch up after it. Counted per
 * process.
 */
const INTAKE_BUSY_PER_SECOND = 500
const PROCESSING_YIELD_MS = 1000

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

/** True while callbacks arrive faster than processing should compete with. */
export function intakeBusy(): boolean {
  return intake.rate() > INTAKE_BUSY_PER_SECOND
}

/** Waits (up to PROCESSING_YIELD_MS) while the webhook is busy. */
export async function yieldToIntake(): Promise<void> {
  const deadline = Date.now() + PROCESSING_YIELD_MS
  while (intakeBusy() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
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
    ${insertJobsSql(`SELECT "tenantId", 'attendance.event' AS kind, jsonb_build_object('eventId', id::text) AS payload, now() AS "runAt", ${EVENT_MAX_ATTEMPTS} AS "maxAttempts" FROM event`)})
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
  return inserter.submit({ tenantId: linkage.tenantId, linkageId: linkage.id, eventKey: eventKey(body), body })
}

const eventKey = (body: string) => createHash('sha256').update(body).digest('hex')

function createHmacBase64(secret: string, raw: Buffer): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(raw).digest('base64')
}

/** Stores one event and its job (both or neither); false when these exact bytes were stored before. */
export async function storeEvent(prisma: PrismaClient, linkage: { id: string; tenantId: string }, body: string): Promise<boolean> {
  return prisma.$transaction((tx) => insertEvent(tx, linkage, body))
}

/** The same, in the caller's transaction (this platform's own bot: stored with the member's message). */
async function insertEvent(tx: Tx, linkage: { id: string; tenantId: string }, body: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "AttendanceEvent" (id, "tenantId", "linkageId", "eventKey", body, "receivedAt", status)
    VALUES (gen_random_uuid(), ${linkage.tenantId}::uuid, ${linkage.id}::uuid, ${eventKey(body)}, ${body}, clock_timestamp(), 'PENDING')
    ON CONFLICT ("linkageId", "eventKey") DO NOTHING
    RETURNING id::text`
  const row = rows[0]
  if (!row) return false
  await enqueueJob(tx, 'attendance.event', { eventId: row.id }, { tenantId: linkage.tenantId, maxAttempts: EVENT_MAX_ATTEMPTS })
  return true
}

/**
 * This platform's bot as the attendance bot (PLATFORM mode), registered as a callback consumer when
 * the services are composed: a member's message or postback to it goes straight into the inbox, in
 * the transaction that stored the message, with no HTTP in between. Other events and other bots are
 * left to the ordinary callback.
 */
export const attendanceCallbackConsumer: CallbackConsumer = async (tx, bot, callback) => {
  if (callback.type !== 'message' && callback.type !== 'postback') return false
  const linkage = await tx.attendanceLinkage.findUnique({ where: { tenantId: bot.tenantId }, select: { id: true, tenantId: true, enabled: true, mode: true, botId: true } })
  if (!linkage?.enabled || linkage.mode !== 'PLATFORM' || linkage.botId !== bot.id) return false
  await insertEvent(tx, linkage, callback.body)
  return true
}
