import type { Actor } from './actor.ts'
import { canonicalJson } from './audit.ts'
import { ConflictError } from '../errors.ts'
import type { PrismaClient } from '#generated/prisma/client.ts'

/** What a service needs from a request: the database and who is asking. */
export interface ServiceContext {
  prisma: PrismaClient
  actor: Actor | null
}

/** Turns a unique-constraint violation (a lost race with a concurrent writer) into a ConflictError. */
export async function conflictOnDuplicate<T>(message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(message)
    throw error
  }
}

export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const code = (error as { code?: unknown }).code
  return code === 'P2002' || code === '23505'
}

/** Shallow diff for audit entries: only the fields that changed, before and after. */
export function changes<T extends Record<string, unknown>>(before: T, after: T, keys: (keyof T)[]) {
  const was: Partial<T> = {}
  const now: Partial<T> = {}
  for (const key of keys) {
    if (canonicalJson(before[key]) !== canonicalJson(after[key])) {
      was[key] = before[key]
      now[key] = after[key]
    }
  }
  return { before: was, after: now, changed: Object.keys(now).length > 0 }
}
