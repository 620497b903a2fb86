import { botContentSchema } from '@worksbase/schema'
import { ValidationError } from '../../errors.ts'
import type { BatchJobHandler, BatchOutcome, ClaimedJob } from '../../jobs/worker.ts'
import { OutboundError, refusedForGood } from '../../lib/outbound.ts'
import { type AttendanceDeps, processingContexts } from './linkage.ts'
import { LINE_WORKS_TIMEOUT_MS, linkageToken, postToLineWorks } from './lineworks-client.ts'
import type { AttendanceLinkage, Prisma } from '#generated/prisma/client.ts'

/**
 * Replies to real LINE WORKS (the `AttendanceReply` outbox). LINE WORKS has no idempotency key, so a
 * reply whose send was cut off (the process died before the answer was recorded) may arrive twice.
 * To keep that to the replies actually in flight:
 * - whoever sends (right after the batch commits, or the fallback job) first claims the reply in one
 *   UPDATE … RETURNING (`leasedUntil`), and nobody else sends it while the claim lasts;
 * - each outcome is recorded right after its own send, which also ends the claim;
 * - this process has at most REPLY_SENDERS sends in flight, whichever job they belong to;
 * - a claim found expired means a send was cut off (`interruptedSends`): the reply is sent once
 *   more, and after a second cut-off send never again.
 * So a crash repeats at most REPLY_SENDERS replies, and never one reply twice.
 */

/** Sends to LINE WORKS in flight at once in this process, at most. */
export const REPLY_SENDERS = 8

/** How long a claim on a reply lasts: twice what one send may take, so a live sender records first. */
const REPLY_LEASE_SECONDS = (2 * LINE_WORKS_TIMEOUT_MS) / 1000

/** When the reply job (the fallback) is due, after the event was processed. */
export const REPLY_FALLBACK_DELAY_MS = 15_000

/** Fallback jobs taken together. */
const REPLY_BATCH_SIZE = 100

/** A reply as the outbox holds it. */
export interface OutboxReply {
  replyId: string
  linkageId: string
  userId: string
  content: Prisma.InputJsonValue
}

/** What became of one reply: sent (now or before), failed (to be retried or not), or held by another sender. */
type ReplyOutcome = { result: 'sent' } | { result: 'failed'; retryable: boolean; error: string } | { result: 'held' }

/** At most REPLY_SENDERS sends at once in this process. */
class SendSlots {
  private free = REPLY_SENDERS
  private readonly waiting: (() => void)[] = []
  async run<T>(send: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1
    else await new Promise<void>((resolve) => this.waiting.push(resolve))
    try {
      return await send()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.free += 1
    }
  }
}

const slots = new SendSlots()

/**
 * Claims an unsent reply whose claim is free or expired. Answers the claim (its end is the fence the
 * outcome is recorded against, and how many sends were cut off before), or why there is none: the
 * reply was sent (or is gone), or another sender holds it.
 */
async function claimReply(deps: AttendanceDeps, replyId: string): Promise<{ leasedUntil: Date; interruptedSends: number } | 'sent' | 'held'> {
  const [claim] = await deps.prisma.$queryRaw<{ leasedUntil: Date; interruptedSends: number }[]>`
    UPDATE "AttendanceReply" SET "leasedUntil" = now() + make_interval(secs => ${REPLY_LEASE_SECONDS}),
      "interruptedSends" = "interruptedSends" + ("leasedUntil" IS NOT NULL)::int
    WHERE id = ${replyId}::uuid AND "sentAt" IS NULL AND ("leasedUntil" IS NULL OR "leasedUntil" < now())
    RETURNING "leasedUntil", "interruptedSends"`
  if (claim) return claim
  const row = await deps.prisma.attendanceReply.findUnique({ where: { id: replyId }, select: { sentAt: true } })
  return !row || row.sentAt ? 'sent' : 'held'
}

/**
 * Records one attempt and ends the claim. A send that went through is recorded whatever became of the
 * claim; a failure only while the claim (`leasedUntil`, or none) is still the sender's, so a late
 * answer never releases a claim another sender holds now. A reply already sent is left alone.
 */
async function recordAttempt(deps: AttendanceDeps, replyId: string, outcome: ReplyOutcome, leasedUntil: Date | null): Promise<void> {
  if (outcome.result === 'held') return
  const sent = outcome.result === 'sent'
  await deps.prisma.$executeRaw`
    UPDATE "AttendanceReply" SET attempts = attempts + 1, "sentAt" = CASE WHEN ${sent} THEN now() END,
      "lastError" = ${sent ? null : outcome.error}, "leasedUntil" = NULL
    WHERE id = ${replyId}::uuid AND "sentAt" IS NULL AND (${sent} OR "leasedUntil" IS NOT DISTINCT FROM ${leasedUntil?.toISOString() ?? null}::timestamptz)`
}

const failed = (retryable: boolean, error: string): ReplyOutcome => ({ result: 'failed', retryable, error })

/**
 * Sends one reply through the LINE WORKS Bot API of its linkage, under a claim, and records the
 * outcome at once. Network errors, 401 (with a new token next time), 429 and 5xx may be retried.
 */
async function sendReply(deps: AttendanceDeps, reply: OutboxReply, linkage: AttendanceLinkage | null): Promise<ReplyOutcome> {
  if (linkage?.mode !== 'EXTERNAL' || !linkage.apiBaseUrl || !linkage.externalBotId) {
    const outcome = failed(false, linkage ? 'The linkage no longer points at a LINE WORKS bot' : 'The linkage was removed')
    await recordAttempt(deps, reply.replyId, outcome, null)
    return outcome
  }
  // The token first, outside the claim: the claim only has to outlast the send itself.
  let token: string
  try {
    token = await linkageToken(deps, linkage)
  } catch (error) {
    const outcome = failed(!refusedForGood(error), errorText(error))
    await recordAttempt(deps, reply.replyId, outcome, null)
    return outcome
  }
  const claim = await claimReply(deps, reply.replyId)
  if (claim === 'sent') return { result: 'sent' }
  if (claim === 'held') return { result: 'held' }
  let outcome: ReplyOutcome
  if (claim.interruptedSends >= 2) {
    outcome = failed(false, 'Not sent again: two sends were cut off before LINE WORKS answered, so the employee may have it twice already')
  } else {
    try {
      const result = await postToLineWorks(deps, linkage, reply.userId, reply.content, token)
      outcome =
        result.status >= 200 && result.status < 300
          ? { result: 'sent' }
          : failed(result.status === 401 || result.status === 429 || result.status >= 500, `LINE WORKS answered ${result.status}: ${result.bodyText.slice(0, 300)}`)
    } catch (error) {
      outcome = failed(!refusedForGood(error), errorText(error))
    }
  }
  await recordAttempt(deps, reply.replyId, outcome, claim.leasedUntil)
  return outcome
}

const errorText = (error: unknown) => (error instanceof ValidationError || error instanceof OutboundError ? error.message : String(error)).slice(0, 500)

/** Sends replies (at most REPLY_SENDERS at a time in this process), each recorded as soon as it is sent. */
export async function sendReplies(deps: AttendanceDeps, replies: readonly OutboxReply[]): Promise<Map<string, ReplyOutcome>> {
  const outcomes = new Map<string, ReplyOutcome>()
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
  await Promise.all(
    replies.map((reply) =>
      slots.run(async () => {
        outcomes.set(reply.replyId, await sendReply(deps, reply, await linkageOf(reply.linkageId)))
      }),
    ),
  )
  return outcomes
}

class RetryableReplyError extends Error {}

/**
 * Replies are sent right after their batch is processed; this job is the fallback, due
 * REPLY_FALLBACK_DELAY_MS later: it sends what that attempt did not (it failed, or its process died
 * before or during the send) and retries with backoff while an error may pass or another sender's
 * claim lasts. A reply already sent is left alone.
 */
export function attendanceReplyHandler(deps: AttendanceDeps): BatchJobHandler<'attendance.reply'> {
  const runBatch = async (jobs: ClaimedJob<'attendance.reply'>[]): Promise<BatchOutcome[]> => {
    const unsent = await deps.prisma.attendanceReply.findMany({
      where: { id: { in: jobs.map((job) => job.payload.replyId) }, sentAt: null },
      include: { event: { select: { linkageId: true } } },
    })
    const sendable: OutboxReply[] = []
    const outcomes = new Map<string, ReplyOutcome>()
    for (const reply of unsent) {
      const content = botContentSchema.safeParse(reply.content)
      if (content.success) sendable.push({ replyId: reply.id, linkageId: reply.event.linkageId, userId: reply.userId, content: content.data as Prisma.InputJsonObject })
      else {
        const outcome = failed(false, `The stored reply is not a message LINE WORKS accepts: ${content.error.issues[0]?.message ?? 'invalid'}`)
        await recordAttempt(deps, reply.id, outcome, null)
        outcomes.set(reply.id, outcome)
      }
    }
    for (const [id, outcome] of await sendReplies(deps, sendable)) outcomes.set(id, outcome)
    return jobs.map((job) => {
      const outcome = outcomes.get(job.payload.replyId)
      if (outcome?.result === 'held') return { done: false, error: new RetryableReplyError('Another sender holds the reply') }
      return outcome?.result === 'failed' && outcome.retryable && job.attempts < job.maxAttempts ? { done: false, error: new RetryableReplyError(outcome.error) } : { done: true }
    })
  }
  const handler = async (job: ClaimedJob<'attendance.reply'>): Promise<'done'> => {
    const [outcome] = await runBatch([job])
    if (outcome && !outcome.done) throw outcome.error
    return 'done'
  }
  return Object.assign(handler, { batchSize: REPLY_BATCH_SIZE, runBatch })
}
