import { z } from 'zod'
import type { Prisma } from '#generated/prisma/client.ts'

type Tx = Prisma.TransactionClient

const actor = { actorType: z.enum(['ADMIN', 'API_TOKEN', 'SYSTEM', 'MEMBER']), actorId: z.string().nullable(), actorLabel: z.string() }

/** Job kinds and their payloads: the worker parses each claimed job's payload with its kind's schema. */
export const jobPayloadSchemas = {
  'member-import.apply': z.object({ importId: z.string(), ...actor }),
  'external-link.provision': z.object({ tenantId: z.string() }),
  'bot.callback': z.object({ deliveryId: z.string() }),
  'attendance.event': z.object({ eventId: z.string() }),
  'attendance.reply': z.object({ replyId: z.string() }),
  'attendance.account-import': z.object({ importId: z.string(), ...actor }),
}
export type JobPayloads = { [K in keyof typeof jobPayloadSchemas]: z.infer<(typeof jobPayloadSchemas)[K]> }
export type JobKind = keyof JobPayloads

export interface EnqueueOptions {
  tenantId?: string | null
  runAt?: Date
  maxAttempts?: number
}

/** Queues a job in the caller's transaction: it exists if and only if the change that caused it commits. */
export async function enqueueJob<K extends JobKind>(tx: Tx, kind: K, payload: JobPayloads[K], options: EnqueueOptions = {}) {
  return tx.job.create({
    data: {
      kind,
      payload: payload as unknown as Prisma.InputJsonObject,
      tenantId: options.tenantId ?? null,
      runAt: options.runAt ?? new Date(),
      maxAttempts: options.maxAttempts ?? 10,
    },
  })
}

/**
 * The one statement that writes queued jobs: a row per row of `source`, a query that yields the
 * columns "tenantId" (uuid), kind (text), payload (jsonb), "runAt" (timestamptz) and "maxAttempts"
 * (int). It can be a data-modifying CTE, so a statement that stores a change also queues its jobs in
 * the same round trip (the webhook's hot path); the source's SQL must then build payloads of the
 * kind's shape (JobPayloads), which TypeScript cannot check there.
 */
export function insertJobsSql(source: string): string {
  return `INSERT INTO "Job" (id, "tenantId", kind, payload, status, "runAt", attempts, "maxAttempts", "createdAt")
    SELECT gen_random_uuid(), j."tenantId", j.kind, j.payload, 'QUEUED', j."runAt", 0, j."maxAttempts", now() FROM (${source}) AS j`
}

const enqueueJobsSql = insertJobsSql(
  `SELECT v."tenantId", $1::text AS kind, v.payload::jsonb AS payload, $4::timestamptz AS "runAt", $5::int AS "maxAttempts"
   FROM unnest($2::uuid[], $3::text[]) AS v("tenantId", payload)`,
)

/** Queues many jobs of one kind in one statement, in the caller's transaction; answers how many. */
export async function enqueueJobs<K extends JobKind>(
  tx: Pick<Tx, '$executeRawUnsafe'>,
  kind: K,
  jobs: readonly { payload: JobPayloads[K]; tenantId?: string | null }[],
  options: Omit<EnqueueOptions, 'tenantId'> = {},
): Promise<number> {
  if (jobs.length === 0) return 0
  return tx.$executeRawUnsafe(
    enqueueJobsSql,
    kind,
    jobs.map((job) => job.tenantId ?? null),
    jobs.map((job) => JSON.stringify(job.payload)),
    (options.runAt ?? new Date()).toISOString(),
    options.maxAttempts ?? 10,
  )
}
