import type { Env } from '../env.ts'
import type { PrismaClient } from '#generated/prisma/client.ts'

/**
 * Retention: what the background machinery leaves behind is deleted after a while, so that its
 * tables stay flat however long the service runs. Jobs that finished (DONE) go after
 * JOB_RETENTION_HOURS, failed ones after FAILED_JOB_RETENTION_DAYS (time to look into them), bot
 * callback deliveries that succeeded or failed for good after DELIVERY_RETENTION_DAYS (the bot's
 * delivery log shows that far back), attendance webhook events that were processed or ignored after
 * WEBHOOK_EVENT_RETENTION_DAYS (their stamps keep the text and sender; a replay of a deleted event is
 * too old to be acted on, see STALE_EVENT_MS). Queued and running jobs, pending deliveries and pending
 * events are never deleted, nor is anything else: audit entries, stamps and messages stay.
 */
export interface RetentionPolicy {
  jobHours: number
  failedJobDays: number
  deliveryDays: number
  eventDays: number
}

export function retentionPolicy(
  env: Pick<Env, 'JOB_RETENTION_HOURS' | 'FAILED_JOB_RETENTION_DAYS' | 'DELIVERY_RETENTION_DAYS' | 'WEBHOOK_EVENT_RETENTION_DAYS'>,
): RetentionPolicy {
  return { jobHours: env.JOB_RETENTION_HOURS, failedJobDays: env.FAILED_JOB_RETENTION_DAYS, deliveryDays: env.DELIVERY_RETENTION_DAYS, eventDays: env.WEBHOOK_EVENT_RETENTION_DAYS }
}

/** Rows one statement deletes at most: short statements that never hold the hot path's rows long. */
export const PRUNE_BATCH = 2000

export interface PruneResult {
  jobs: number
  failedJobs: number
  deliveries: number
  events: number
}

const HOUR = 3_600_000

/**
 * One round: at most `batch` rows of each kind, oldest first. Answers how many went, so that the
 * caller can go on at once after a full batch (a backlog) and rest otherwise.
 */
export async function pruneOnce(prisma: PrismaClient, policy: RetentionPolicy, now = new Date(), batch = PRUNE_BATCH): Promise<PruneResult> {
  const jobCutoff = new Date(now.getTime() - policy.jobHours * HOUR)
  const failedCutoff = new Date(now.getTime() - policy.failedJobDays * 24 * HOUR)
  const deliveryCutoff = new Date(now.getTime() - policy.deliveryDays * 24 * HOUR)
  const eventCutoff = new Date(now.getTime() - policy.eventDays * 24 * HOUR)
  // A job's runAt is never after it finished, so "runAt before the cutoff" lets the (status, runAt)
  // index find the candidates; finishedAt decides.
  const jobs = await prisma.$executeRaw`
    DELETE FROM "Job" WHERE id IN (
      SELECT id FROM "Job" WHERE status = 'DONE' AND "runAt" < ${jobCutoff} AND "finishedAt" < ${jobCutoff} ORDER BY "runAt" LIMIT ${batch})`
  const failedJobs = await prisma.$executeRaw`
    DELETE FROM "Job" WHERE id IN (
      SELECT id FROM "Job" WHERE status = 'FAILED' AND "runAt" < ${failedCutoff} AND "finishedAt" < ${failedCutoff} ORDER BY "runAt" LIMIT ${batch})`
  const deliveries = await prisma.$executeRaw`
    DELETE FROM "BotDelivery" WHERE id IN (
      SELECT id FROM "BotDelivery" WHERE status <> 'PENDING' AND "createdAt" < ${deliveryCutoff} LIMIT ${batch})`
  // Their replies go with them (sent or given up on long before); stamps keep their own copy of the text.
  const events = await prisma.$executeRaw`
    DELETE FROM "AttendanceEvent" WHERE id IN (
      SELECT id FROM "AttendanceEvent" WHERE status <> 'PENDING' AND "receivedAt" < ${eventCutoff} LIMIT ${batch})`
  return { jobs, failedJobs, deliveries, events }
}

/**
 * Prunes now and then in the background of an API process: a round every `intervalMs`, or at once
 * again while a round deleted a full batch. Several processes may prune at the same time: deleting
 * is idempotent, and each statement takes the rows no other has taken. A failed round is logged and
 * tried again at the next interval.
 */
export function startPruning(prisma: PrismaClient, policy: RetentionPolicy, options: { intervalMs?: number; batch?: number; onError?: (error: unknown) => void } = {}) {
  const intervalMs = options.intervalMs ?? 10 * 60_000
  const batch = options.batch ?? PRUNE_BATCH
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  let running: Promise<void> = Promise.resolve()
  const round = async () => {
    try {
      for (;;) {
        const result = await pruneOnce(prisma, policy, new Date(), batch)
        if (stopped || Math.max(result.jobs, result.failedJobs, result.deliveries, result.events) < batch) break
      }
    } catch (error) {
      options.onError?.(error)
    }
  }
  const schedule = (delay: number) => {
    if (stopped) return
    timer = setTimeout(() => {
      running = round().then(() => schedule(intervalMs))
    }, delay)
    timer.unref()
  }
  // The first round a minute after start: start-up has other work to do.
  schedule(Math.min(intervalMs, 60_000))
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
