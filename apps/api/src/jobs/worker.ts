import type { z } from 'zod'
import type { Database } from '../db/index.ts'
import { preparedQuery } from '../lib/prepared.ts'
import { type JobKind, type JobPayloads, jobPayloadSchemas } from './queue.ts'

export interface ClaimedJob<K extends JobKind = JobKind> {
  id: string
  kind: K
  payload: JobPayloads[K]
  attempts: number
  maxAttempts: number
  tenantId: string | null
}

export interface JobControls {
  /** Extends the claim; long jobs call it between batches so no other worker takes the job over. */
  heartbeat(): Promise<void>
  /** True once the worker is stopping: a job should finish its current batch and return early. */
  stopping(): boolean
}

export type JobHandler<K extends JobKind> = (job: ClaimedJob<K>, controls: JobControls) => Promise<'done' | 'paused'>

/** What became of one job of a batch: done, or an error (retried with backoff, or failed at its last attempt). */
export type BatchOutcome = { done: true } | { done: false; error: unknown }

/**
 * A handler for short jobs that are cheaper together (callback deliveries): the worker claims up to
 * `batchSize` due jobs of the kind at once, runs them in one call, and finishes the done ones in one
 * statement. It answers one outcome per job, in order. Still callable one job at a time.
 */
export type BatchJobHandler<K extends JobKind> = JobHandler<K> & {
  batchSize: number
  runBatch(jobs: ClaimedJob<K>[], controls: JobControls): Promise<BatchOutcome[]>
}

export type JobHandlers = { [K in JobKind]: JobHandler<K> | BatchJobHandler<K> }

function isBatchHandler(handler: unknown): handler is BatchJobHandler<JobKind> {
  return typeof handler === 'function' && typeof (handler as { runBatch?: unknown }).runBatch === 'function'
}

export interface WorkerOptions {
  /** How long a claim lasts without a heartbeat; a crashed worker's job is taken over after this. */
  lockSeconds?: number
  pollMs?: number
  /** Delay before retry n (1-based), in ms. */
  backoffMs?: (attempt: number) => number
  onError?: (error: unknown, job: ClaimedJob | null) => void
  /** Jobs run at the same time by this process (each on its own claim). 1 on the embedded database. */
  concurrency?: number
}

/** A claimed job's payload (jsonb, or its text), checked against its kind's schema. */
function parsePayload(kind: string, stored: unknown): { success: true; data: unknown } | { success: false; error: string } {
  const schema = (jobPayloadSchemas as Record<string, z.ZodType | undefined>)[kind]
  if (!schema) return { success: false, error: `Unknown job kind ${kind}` }
  let value = stored
  try {
    if (typeof stored === 'string') value = JSON.parse(stored)
  } catch {
    return { success: false, error: `The ${kind} payload is not JSON` }
  }
  const parsed = schema.safeParse(value)
  return parsed.success ? { success: true, data: parsed.data } : { success: false, error: `The ${kind} payload does not match its kind: ${parsed.error.issues[0]?.message ?? 'invalid'}` }
}

/**
 * Runs queued jobs from the Job table. Claims use FOR UPDATE SKIP LOCKED, so several API processes can
 * share the table; a job whose claim expired (its worker died) is claimed again and resumes.
 */
export class JobWorker {
  private running = false
  private stopRequested = false
  private readonly wakers = new Set<() => void>()
  private loop: Promise<unknown> | null = null
  private readonly lockSeconds: number
  private readonly pollMs: number
  private readonly backoffMs: (attempt: number) => number

  constructor(
    private readonly db: Database,
    /** Tests may pass only the kinds they exercise; production passes every kind (src/worker.ts). */
    private readonly handlers: Partial<JobHandlers>,
    private readonly options: WorkerOptions = {},
  ) {
    this.lockSeconds = options.lockSeconds ?? 30
    this.pollMs = options.pollMs ?? 1000
    this.backoffMs = options.backoffMs ?? ((attempt) => Math.min(60_000 * 10, 1000 * 2 ** attempt))
  }

  start() {
    if (this.running) return
    this.running = true
    this.stopRequested = false
    this.loop = Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 1) }, () => this.run()))
  }

  /** Wakes the worker now (after a job was queued in this process). */
  nudge() {
    for (const wake of [...this.wakers]) wake()
  }

  /** Lets the current job reach a safe point, then stops. */
  async stop() {
    this.stopRequested = true
    this.nudge()
    await this.loop
    this.running = false
  }

  /** Runs jobs until none is due (or one pauses); for tests and scripts. */
  async drain(): Promise<number> {
    let count = 0
    for (;;) {
      const outcome = await this.runOne()
      if (outcome !== 'worked') return count
      count += 1
    }
  }

  private async run() {
    while (!this.stopRequested) {
      let worked = false
      try {
        worked = (await this.runOne()) === 'worked'
      } catch (error) {
        this.options.onError?.(error, null)
      }
      if (!worked && !this.stopRequested) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer)
            this.wakers.delete(wake)
            resolve()
          }
          const timer = setTimeout(wake, this.pollMs)
          this.wakers.add(wake)
        })
      }
    }
  }

  /** Kinds whose handler takes batches, and the largest batch. */
  private batchKinds(): { kinds: string[]; size: number } {
    const kinds: string[] = []
    let size = 1
    for (const [kind, handler] of Object.entries(this.handlers)) {
      if (!isBatchHandler(handler)) continue
      kinds.push(kind)
      size = Math.max(size, handler.batchSize)
    }
    return { kinds, size }
  }

  /**
   * Claims the next due job (the oldest `runAt`: queued, or running with an expired claim) and, when
   * its kind takes batches, up to batchSize - 1 more queued jobs of that kind, in one statement. The
   * two due sets are read separately, each in `runAt` order from the (status, runAt) index, instead of
   * one OR that makes PostgreSQL sort every due job on each claim.
   */
  private async claim(): Promise<{ jobs: ClaimedJob[]; malformed: number }> {
    const batch = this.batchKinds()
    const rows = await preparedQuery<{
      id: string
      kind: JobKind
      payload: unknown
      attempts: number
      maxAttempts: number
      tenantId: string | null
    }>(
      this.db,
      'jobs.claim',
      `WITH queued AS (
         SELECT id, kind, "runAt" FROM "Job" WHERE status = 'QUEUED' AND "runAt" <= now()
         ORDER BY "runAt" LIMIT 1 FOR UPDATE SKIP LOCKED
       ), expired AS (
         SELECT id, kind, "runAt" FROM "Job" WHERE status = 'RUNNING' AND "lockedUntil" < now()
         ORDER BY "runAt" LIMIT 1 FOR UPDATE SKIP LOCKED
       ), first AS (
         SELECT id, kind FROM (SELECT * FROM queued UNION ALL SELECT * FROM expired) AS due ORDER BY "runAt" LIMIT 1
       ), more AS (
         -- The kind as a value, so the (status, kind, runAt) index yields the oldest due jobs of that
         -- kind in order and the scan stops at the limit, however long the queue is.
         SELECT j.id FROM "Job" j
         WHERE j.status = 'QUEUED' AND j.kind = (SELECT kind FROM first WHERE kind = ANY($2::text[])) AND j."runAt" <= now()
           AND j.id <> (SELECT id FROM first)
         ORDER BY j."runAt" LIMIT $3::int FOR UPDATE SKIP LOCKED
       )
       UPDATE "Job" SET status = 'RUNNING', attempts = attempts + 1, "lockedUntil" = now() + make_interval(secs => $1)
       WHERE id IN (SELECT id FROM first UNION ALL SELECT id FROM more)
       RETURNING id, kind, payload, attempts, "maxAttempts", "tenantId"`,
      [this.lockSeconds, batch.kinds, Math.max(0, batch.size - 1)],
    )
    const jobs: ClaimedJob[] = []
    const malformed: { id: string; error: string }[] = []
    for (const row of rows) {
      const payload = parsePayload(row.kind, row.payload)
      if (payload.success) jobs.push({ ...row, payload: payload.data } as ClaimedJob)
      else malformed.push({ id: row.id, error: payload.error })
    }
    // A payload no handler can read never will: failed at once, without retries.
    if (malformed.length > 0) {
      await this.db.query(
        `UPDATE "Job" SET status = 'FAILED', "lastError" = v.error, "finishedAt" = now(), "lockedUntil" = NULL FROM unnest($1::uuid[], $2::text[]) AS v(id, error) WHERE "Job".id = v.id`,
        [malformed.map((job) => job.id), malformed.map((job) => job.error)],
      )
      for (const job of malformed) this.options.onError?.(new Error(job.error), null)
    }
    return { jobs, malformed: malformed.length }
  }

  private async fail(job: ClaimedJob, error: unknown) {
    this.options.onError?.(error, job)
    const message = error instanceof Error ? error.message : String(error)
    if (job.attempts >= job.maxAttempts) {
      await this.db.query(
        `UPDATE "Job" SET status = 'FAILED', "lastError" = $2, "finishedAt" = now(), "lockedUntil" = NULL WHERE id = $1`,
        [job.id, message.slice(0, 2000)],
      )
    } else {
      await this.db.query(
        `UPDATE "Job" SET status = 'QUEUED', "lastError" = $2, "runAt" = now() + make_interval(secs => $3), "lockedUntil" = NULL WHERE id = $1`,
        [job.id, message.slice(0, 2000), this.backoffMs(job.attempts) / 1000],
      )
    }
  }

  /** Runs claimed jobs of a batch kind together; the done ones are finished in one statement. */
  private async runBatch(handler: BatchJobHandler<JobKind>, jobs: ClaimedJob[], controls: JobControls) {
    let outcomes: BatchOutcome[]
    try {
      outcomes = await handler.runBatch(jobs, controls)
      if (outcomes.length !== jobs.length) throw new Error(`The ${jobs[0]?.kind} handler answered ${outcomes.length} outcomes for ${jobs.length} jobs`)
    } catch (error) {
      outcomes = jobs.map(() => ({ done: false, error }))
    }
    const done = jobs.filter((_, index) => outcomes[index]?.done).map((job) => job.id)
    if (done.length > 0) {
      await preparedQuery(this.db, 'jobs.done-many', `UPDATE "Job" SET status = 'DONE', "finishedAt" = now(), "lockedUntil" = NULL WHERE id = ANY($1::uuid[])`, [done])
    }
    for (const [index, job] of jobs.entries()) {
      const outcome = outcomes[index]
      if (outcome && !outcome.done) await this.fail(job, outcome.error)
    }
  }

  private async runOne(): Promise<'idle' | 'worked' | 'paused'> {
    if (this.stopRequested) return 'idle'
    const { jobs, malformed } = await this.claim()
    const job = jobs[0]
    if (!job) return malformed > 0 ? 'worked' : 'idle'
    const handler = this.handlers[job.kind] as JobHandler<JobKind> | BatchJobHandler<JobKind> | undefined
    // A full batch means a backlog: wake the loops that are waiting for their next poll.
    if (isBatchHandler(handler) && jobs.length >= handler.batchSize) this.nudge()
    const controls: JobControls = {
      heartbeat: async () => {
        await this.db.query(`UPDATE "Job" SET "lockedUntil" = now() + make_interval(secs => $2) WHERE id = ANY($1::uuid[])`, [jobs.map((claimed) => claimed.id), this.lockSeconds])
      },
      stopping: () => this.stopRequested,
    }
    if (isBatchHandler(handler)) {
      await this.runBatch(handler, jobs, controls)
      return 'worked'
    }
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`)
      const outcome = await handler(job, controls)
      if (outcome === 'paused') {
        // Stopped at a safe point: hand the job back without counting the attempt.
        await this.db.query(`UPDATE "Job" SET status = 'QUEUED', attempts = attempts - 1, "lockedUntil" = NULL WHERE id = $1`, [job.id])
        return 'paused'
      } else {
        await preparedQuery(this.db, 'jobs.done', `UPDATE "Job" SET status = 'DONE', "finishedAt" = now(), "lockedUntil" = NULL WHERE id = $1`, [job.id])
      }
    } catch (error) {
      await this.fail(job, error)
    }
    return 'worked'
  }
}
