import type { Database } from '../db/index.ts'
import type { JobKind, JobPayloads } from './queue.ts'

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
export type JobHandlers = { [K in JobKind]: JobHandler<K> }

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
    /** Tests may pass only the kinds they exercise; production passes every kind (jobs/index.ts). */
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

  private async claim(): Promise<ClaimedJob | null> {
    const rows = await this.db.query<{
      id: string
      kind: JobKind
      payload: unknown
      attempts: number
      maxAttempts: number
      tenantId: string | null
    }>(
      `UPDATE "Job" SET status = 'RUNNING', attempts = attempts + 1, "lockedUntil" = now() + make_interval(secs => $1)
       WHERE id = (
         SELECT id FROM "Job"
         WHERE (status = 'QUEUED' AND "runAt" <= now()) OR (status = 'RUNNING' AND "lockedUntil" < now())
         ORDER BY "runAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, payload, attempts, "maxAttempts", "tenantId"`,
      [this.lockSeconds],
    )
    const row = rows[0]
    if (!row) return null
    const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload
    return { ...row, payload } as ClaimedJob
  }

  private async runOne(): Promise<'idle' | 'worked' | 'paused'> {
    if (this.stopRequested) return 'idle'
    const job = await this.claim()
    if (!job) return 'idle'
    const handler = this.handlers[job.kind] as JobHandler<JobKind> | undefined
    const controls: JobControls = {
      heartbeat: async () => {
        await this.db.query(`UPDATE "Job" SET "lockedUntil" = now() + make_interval(secs => $2) WHERE id = $1`, [job.id, this.lockSeconds])
      },
      stopping: () => this.stopRequested,
    }
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`)
      const outcome = await handler(job, controls)
      if (outcome === 'paused') {
        // Stopped at a safe point: hand the job back without counting the attempt.
        await this.db.query(`UPDATE "Job" SET status = 'QUEUED', attempts = attempts - 1, "lockedUntil" = NULL WHERE id = $1`, [job.id])
        return 'paused'
      } else {
        await this.db.query(`UPDATE "Job" SET status = 'DONE', "finishedAt" = now(), "lockedUntil" = NULL WHERE id = $1`, [job.id])
      }
    } catch (error) {
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
    return 'worked'
  }
}
