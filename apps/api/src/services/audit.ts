import { randomUUID } from 'node:crypto'
import type { AuditSearch } from '@worksbase/schema'
import { bulkInsert } from '../db/bulk.ts'
import type { Actor } from '../context.ts'
import { sha256Hex } from '../lib/crypto.ts'
import type { Prisma } from '#generated/prisma/client.ts'
import type { ActorType, AuditArea } from '#generated/prisma/enums.ts'

export type Tx = Prisma.TransactionClient

/** Who an audit entry names. System work (jobs) records who started it. */
export interface AuditActor {
  actorType: ActorType
  actorId: string | null
  actorLabel: string
}

export interface AuditInput {
  area: AuditArea
  action: string
  targetType: string
  targetId?: string | null
  targetLabel?: string | null
  before?: unknown
  after?: unknown
}

export const GENESIS_HASH = '0'.repeat(64)

const auditColumns = {
  id: 'uuid',
  tenantId: 'uuid',
  seq: 'integer',
  at: 'timestamptz',
  actorType: '"ActorType"',
  actorId: 'text',
  actorLabel: 'text',
  area: '"AuditArea"',
  action: 'text',
  targetType: 'text',
  targetId: 'text',
  targetLabel: 'text',
  before: 'jsonb',
  after: 'jsonb',
  prevHash: 'text',
  hash: 'text',
}

export function auditActorOf(actor: Actor): AuditActor {
  return actor.kind === 'admin'
    ? { actorType: 'ADMIN', actorId: actor.adminId, actorLabel: actor.label }
    : { actorType: 'API_TOKEN', actorId: actor.tokenId, actorLabel: actor.label }
}

/** JSON with object keys sorted at every level: the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** Plain JSON (dates become ISO strings), as it will read back from the database. */
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue
}

interface HashedFields {
  tenantId: string
  seq: number
  at: Date
  actorType: string
  actorId: string | null
  actorLabel: string
  area: string
  action: string
  targetType: string
  targetId: string | null
  targetLabel: string | null
  before: unknown
  after: unknown
  prevHash: string
}

export function entryHash(entry: HashedFields): string {
  return sha256Hex(
    canonicalJson({
      tenantId: entry.tenantId,
      seq: entry.seq,
      at: entry.at.toISOString(),
      actorType: entry.actorType,
      actorId: entry.actorId,
      actorLabel: entry.actorLabel,
      area: entry.area,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetLabel: entry.targetLabel,
      before: entry.before ?? null,
      after: entry.after ?? null,
      prevHash: entry.prevHash,
    }),
  )
}

/**
 * Appends entries to the tenant's hash chain inside the caller's transaction. The chain head row is
 * locked, so concurrent writers queue up and every entry links to the one before it.
 */
export async function recordAudit(tx: Tx, tenantId: string, actor: AuditActor, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return
  await tx.$executeRaw`INSERT INTO "AuditHead" ("tenantId", seq, hash) VALUES (${tenantId}::uuid, 0, ${GENESIS_HASH}) ON CONFLICT DO NOTHING`
  const [head] = await tx.$queryRaw<{ seq: number; hash: string }[]>`
    SELECT seq, hash FROM "AuditHead" WHERE "tenantId" = ${tenantId}::uuid FOR UPDATE`
  if (!head) throw new Error('audit chain head missing')
  let seq = head.seq
  let prevHash = head.hash
  const at = new Date()
  const rows: Record<string, unknown>[] = []
  for (const input of inputs) {
    seq += 1
    const fields: HashedFields = {
      tenantId,
      seq,
      at,
      ...actor,
      area: input.area,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      targetLabel: input.targetLabel ?? null,
      before: toJson(input.before) ?? null,
      after: toJson(input.after) ?? null,
      prevHash,
    }
    const hash = entryHash(fields)
    rows.push({
      id: randomUUID(),
      tenantId,
      seq,
      at: at.toISOString(),
      actorType: actor.actorType,
      actorId: actor.actorId,
      actorLabel: actor.actorLabel,
      area: input.area,
      action: input.action,
      targetType: input.targetType,
      targetId: fields.targetId,
      targetLabel: fields.targetLabel,
      before: fields.before,
      after: fields.after,
      prevHash,
      hash,
    })
    prevHash = hash
  }
  await bulkInsert(tx, 'AuditEntry', auditColumns, rows)
  await tx.auditHead.update({ where: { tenantId }, data: { seq, hash: prevHash } })
}

export interface AuditVerification {
  ok: boolean
  checked: number
  brokenAtSeq: number | null
  problem: string | null
}

/** Recomputes the whole chain. Any edited, deleted or re-ordered entry breaks it. */
export async function verifyAuditChain(prisma: Tx, tenantId: string): Promise<AuditVerification> {
  const head = await prisma.auditHead.findUnique({ where: { tenantId } })
  let prevHash = GENESIS_HASH
  let expectedSeq = 1
  let checked = 0
  const batch = 2000
  for (;;) {
    const entries = await prisma.auditEntry.findMany({
      where: { tenantId, seq: { gte: expectedSeq } },
      orderBy: { seq: 'asc' },
      take: batch,
    })
    for (const entry of entries) {
      if (entry.seq !== expectedSeq) {
        return { ok: false, checked, brokenAtSeq: expectedSeq, problem: `Entry ${expectedSeq} is missing` }
      }
      if (entry.prevHash !== prevHash) {
        return { ok: false, checked, brokenAtSeq: entry.seq, problem: `Entry ${entry.seq} does not link to entry ${entry.seq - 1}` }
      }
      if (entryHash({ ...entry, before: entry.before, after: entry.after }) !== entry.hash) {
        return { ok: false, checked, brokenAtSeq: entry.seq, problem: `Entry ${entry.seq} was altered` }
      }
      prevHash = entry.hash
      expectedSeq += 1
      checked += 1
    }
    if (entries.length < batch) break
  }
  const headSeq = head?.seq ?? 0
  if (headSeq !== checked || (head && head.hash !== prevHash)) {
    return { ok: false, checked, brokenAtSeq: checked + 1, problem: `The chain ends at entry ${checked} but ${headSeq} were written` }
  }
  return { ok: true, checked, brokenAtSeq: null, problem: null }
}

/** The where-clause for an audit search; shared by the GraphQL connection and the CSV export. */
export function auditWhere(tenantId: string, search: AuditSearch): Prisma.AuditEntryWhereInput {
  const where: Prisma.AuditEntryWhereInput = { tenantId }
  if (search.area) where.area = search.area
  if (search.actor) where.actorLabel = { contains: search.actor, mode: 'insensitive' }
  if (search.target) {
    where.OR = [
      { targetId: search.target },
      { targetLabel: { contains: search.target, mode: 'insensitive' } },
    ]
  }
  if (search.text) where.after = { path: ['text'], string_contains: search.text }
  if (search.from || search.to) where.at = { ...(search.from && { gte: search.from }), ...(search.to && { lte: search.to }) }
  return where
}
