import type { Prisma } from '#generated/prisma/client.ts'

type Tx = Prisma.TransactionClient

/** Job kinds and their payloads. */
export interface JobPayloads {
  'member-import.apply': { importId: string; actorType: 'ADMIN' | 'API_TOKEN' | 'SYSTEM' | 'MEMBER'; actorId: string | null; actorLabel: string }
  'external-link.provision': { tenantId: string }
  'bot.callback': { deliveryId: string }
  'attendance.event': { eventId: string }
  'attendance.reply': { replyId: string }
  'attendance.account-import': { importId: string; actorType: 'ADMIN' | 'API_TOKEN' | 'SYSTEM' | 'MEMBER'; actorId: string | null; actorLabel: string }
}
export type JobKind = keyof JobPayloads

/** Queues a job in the caller's transaction: it exists if and only if the change that caused it commits. */
export async function enqueueJob<K extends JobKind>(
  tx: Tx,
  kind: K,
  payload: JobPayloads[K],
  options: { tenantId?: string | null; runAt?: Date; maxAttempts?: number } = {},
) {
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
