import { randomUUID } from 'node:crypto'
import type { StampKind } from '@worksbase/schema'
import { enqueueJobs } from '../../jobs/queue.ts'
import type { BatchJobHandler, BatchOutcome, ClaimedJob } from '../../jobs/worker.ts'
import type { Tx } from '../audit.ts'
import { insertBotTalkMessages } from '../talk-messages.ts'
import { daysRead, decide, readEvent, replyLanguage, type UsableEvent } from './decisions.ts'
import { intakeBusy, yieldToIntake } from './intake.ts'
import { type AttendanceDeps, type ProcessingContext, processingContexts } from './linkage.ts'
import { learnLineWorksUserIds } from './lineworks-client.ts'
import { type OutboxReply, REPLY_FALLBACK_DELAY_MS, sendReplies } from './replies.ts'
import { templatesFor } from './reply-texts.ts'
import type { StampLike } from './rules.ts'
import type { Prisma } from '#generated/prisma/client.ts'

/**
 * The `attendance.event` job: stored callbacks, taken in batches, become at most one stamp and
 * exactly one reply each (decisions.ts decides; this reads, locks and writes). See
 * docs/attendance-plan.md.
 */

/** Events processed together, in one transaction: a claim of queued `attendance.event` jobs. */
const EVENT_BATCH_SIZE = 100
/** While the webhook is busy, a batch goes in pieces this large. */
const BUSY_PIECE_SIZE = 20

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
        const size = intakeBusy() ? BUSY_PIECE_SIZE : eventIds.length
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
  account: { rowId: string; memberId: string; familyName: string; familyNameEn: string | null } | null
}

interface BatchWrites {
  outcomes: { id: string; status: 'PROCESSED' | 'IGNORED'; note: string }[]
  stamps: { tenantId: string; memberId: string; kind: StampKind; stampedAt: Date; workDate: string; sourceEventId: string; sourceUserId: string; sourceText: string }[]
  /** `sent`: delivered in this transaction (this platform's talk). */
  replies: { id: string; tenantId: string; eventId: string; userId: string; content: Prisma.InputJsonObject; sent: boolean }[]
  talk: { tenantId: string; botId: string; memberId: string; content: Prisma.InputJsonObject }[]
  /** Replies to send to LINE WORKS once the batch commits. */
  lineWorks: (OutboxReply & { tenantId: string })[]
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
    await writeBatch(tx, writes)
    // Our own bot answers in the talk in this same transaction: exactly one reply.
    const messages = await insertBotTalkMessages(tx, writes.talk)
    // LINE WORKS replies are sent right after the commit; these jobs are the fallback, due after that attempt had its chance.
    await enqueueJobs(
      tx,
      'attendance.reply',
      writes.lineWorks.map((reply) => ({ payload: { replyId: reply.replyId }, tenantId: reply.tenantId })),
      { runAt: new Date(Date.now() + REPLY_FALLBACK_DELAY_MS), maxAttempts: 8 },
    )
    return { messages: writes.talk.map((room, index) => ({ ...room, messageId: messages[index] })), lineWorks: writes.lineWorks }
  })
  for (const message of done.messages) if (message.messageId) deps.onPlatformReply?.(message.botId, message.memberId, message.messageId)
  // The first attempt, as soon as the batch committed; the reply jobs are the fallback.
  await sendReplies(deps, done.lineWorks)
}

/** The batch's stamps, replies and event outcomes: set-based statements (unnest), one per table. */
async function writeBatch(tx: Tx, { stamps, replies, outcomes }: BatchWrites): Promise<void> {
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
  if (outcomes.length > 0) {
    await tx.$executeRaw`
      UPDATE "AttendanceEvent" e SET status = v.status::"AttendanceEventStatus", note = v.note
      FROM unnest(${outcomes.map((row) => row.id)}::uuid[], ${outcomes.map((row) => row.status)}::text[], ${outcomes.map((row) => row.note)}::text[]) AS v(id, status, note)
      WHERE e.id = v.id`
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
 * One linkage's events of a batch, in the order they were received: the senders' accounts are locked
 * (in id order, so two batches never wait for each other in a cycle), their days read in one query,
 * and each event is decided on the days as the events before it left them.
 */
async function processLinkageEvents(tx: Tx, context: ProcessingContext, events: StoredEvent[], writes: BatchWrites) {
  const { linkage } = context
  const timeZone = linkage.tenant.timeZone
  const usable: { stored: StoredEvent; event: UsableEvent; userId: string }[] = []
  for (const stored of events) {
    const read = readEvent(stored.body, stored.receivedAt)
    if ('ignored' in read) writes.outcomes.push({ id: stored.id, status: 'IGNORED', note: read.ignored })
    else usable.push({ stored, ...read })
  }
  if (usable.length === 0) return
  const senders = await findSenders(tx, linkage, [...new Set(usable.map((item) => item.userId))])
  const accountRows = [...new Set([...senders.values()].flatMap((sender) => (sender.account ? [sender.account.rowId] : [])))].sort()
  // One employee's events are applied one at a time, in the order they were received.
  if (accountRows.length > 0) await tx.$queryRaw`SELECT id FROM "AttendanceAccount" WHERE id = ANY(${accountRows}::uuid[]) ORDER BY id FOR UPDATE`

  const dates = [...new Set(usable.flatMap(({ stored }) => daysRead(stored.receivedAt, timeZone)))]
  const memberIds = [...new Set([...senders.values()].flatMap((sender) => (sender.account ? [sender.account.memberId] : [])))]
  const days = new Map<string, StampLike[]>()
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
        SELECT * FROM "AttendanceStamp" WHERE "tenantId" = ${linkage.tenantId}::uuid AND "memberId" = m.id AND "workDate" = ANY(${dates}::text[]) AND "voidedAt" IS NULL
        OFFSET 0 -- keeps the subquery per member (not flattened into a join the planner may misjudge)
      ) AS s
      ORDER BY s."stampedAt"`
    for (const stamp of existing) dayOf(stamp.memberId, stamp.workDate).push(stamp)
  }

  for (const { stored, event, userId } of usable) {
    const language = replyLanguage(event, linkage.tenant.language)
    const sender = senders.get(userId)
    const account = sender?.account ?? null
    const decision = decide({
      event,
      receivedAt: stored.receivedAt,
      timeZone,
      language,
      texts: context.texts[language],
      words: context.words,
      employee: account,
      day: (workDate) => (account ? dayOf(account.memberId, workDate) : []),
    })
    if (account && decision.stamp) {
      const { kind, workDate, sourceText } = decision.stamp
      writes.stamps.push({ tenantId: linkage.tenantId, memberId: account.memberId, kind, stampedAt: stored.receivedAt, workDate, sourceEventId: stored.id, sourceUserId: userId, sourceText })
      dayOf(account.memberId, workDate).push({ kind, stampedAt: stored.receivedAt })
    }
    const { content } = decision
    writes.outcomes.push({ id: stored.id, status: 'PROCESSED', note: decision.note })
    const replyId = randomUUID()
    const talkMember = linkage.mode === 'PLATFORM' && linkage.botId ? sender?.memberId : undefined
    if (talkMember && linkage.botId) {
      writes.replies.push({ id: replyId, tenantId: linkage.tenantId, eventId: stored.id, userId, content, sent: true })
      writes.talk.push({ tenantId: linkage.tenantId, botId: linkage.botId, memberId: talkMember, content })
    } else {
      writes.replies.push({ id: replyId, tenantId: linkage.tenantId, eventId: stored.id, userId, content, sent: false })
      writes.lineWorks.push({ replyId, linkageId: linkage.id, tenantId: linkage.tenantId, userId, content })
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
  const rows = await tx.$queryRaw<{ key: string; memberId: string | null; accountRow: string | null; accountMember: string | null; familyName: string | null; familyNameEn: string | null; active: boolean | null }[]>`
    WITH keys AS (SELECT DISTINCT unnest(${userIds}::text[]) AS key)
    SELECT keys.key, m.id::text AS "memberId", a.id::text AS "accountRow", a."memberId"::text AS "accountMember", am."familyName",
      (SELECT n->>'familyName' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(am."i18nNames") = 'array' THEN am."i18nNames" ELSE '[]'::jsonb END) AS n
       WHERE n->>'language' = 'EN' LIMIT 1) AS "familyNameEn",
      am.status = 'ACTIVE' AS active
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
    const account = row.accountRow && row.accountMember && row.active ? { rowId: row.accountRow, memberId: row.accountMember, familyName: row.familyName ?? '', familyNameEn: row.familyNameEn } : null
    senders.set(row.key, { ...(row.memberId ? { memberId: row.memberId } : {}), account })
  }
  return senders
}
