import { createHmac, randomUUID } from 'node:crypto'
import type { AuditSearch } from '@worksbase/schema'
import { bulkInsert } from '../db/bulk.ts'
import type { Actor } from './actor.ts'
import { sha256Hex } from '../lib/crypto.ts'
import type { Prisma, PrismaClient } from '#generated/prisma/client.ts'
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

/** An API app calling the Bot API (it acts for its tenant, not for an admin). */
export function auditActorOfApp(appId: string): AuditActor {
  return { actorType: 'API_TOKEN', actorId: appId, actorLabel: `API app ${appId}` }
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

/** The fields an entry's hash covers. */
export interface HashedFields {
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

/**
 * The chain's key. It never enters the database, so whoever can write the audit tables still cannot
 * recompute a chain that verifies. It is process configuration, set once from the secrets key by
 * createServices: the many places that append entries hold only a transaction, not the services.
 */
let chainKey: Buffer | null = null

export function setAuditKey(key: Buffer): void {
  if (key.length < 32) throw new Error('The audit key must have at least 32 bytes')
  chainKey = key
}

function auditKey(): Buffer {
  if (!chainKey) throw new Error('The audit key is not set (createServices sets it)')
  return chainKey
}

/** What an entry's hash covers: all its fields and the hash before it, as canonical JSON. */
export function entryPayload(entry: HashedFields): string {
  return canonicalJson({
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
  })
}

/** HMAC-SHA256 of the entry with the chain's key. */
export function entryHash(entry: HashedFields, key = auditKey()): string {
  return createHmac('sha256', key).update(entryPayload(entry)).digest('hex')
}

/** How entries were hashed before the chain had a key (plain SHA-256); see keyLegacyAuditChains. */
function unkeyedEntryHash(entry: HashedFields): string {
  return sha256Hex(entryPayload(entry))
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
  const key = auditKey()
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
    const hash = entryHash(fields, key)
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

interface ChainWalk {
  checked: number
  /** Entries from before the chain had a key; they can only come first. */
  unkeyed: number
  /** A keyed entry was found: it vouches for every entry before it, unkeyed ones included. */
  keyed: boolean
  broken: { seq: number; problem: string } | null
}

/** Recomputes the tenant's chain from the start up to the first break. */
async function walkChain(prisma: Tx, tenantId: string): Promise<ChainWalk> {
  const key = auditKey()
  const head = await prisma.auditHead.findUnique({ where: { tenantId } })
  let prevHash = GENESIS_HASH
  let expectedSeq = 1
  const walk: ChainWalk = { checked: 0, unkeyed: 0, keyed: false, broken: null }
  const stop = (seq: number, problem: string): ChainWalk => ({ ...walk, broken: { seq, problem } })
  const batch = 2000
  for (;;) {
    const entries = await prisma.auditEntry.findMany({
      where: { tenantId, seq: { gte: expectedSeq } },
      orderBy: { seq: 'asc' },
      take: batch,
    })
    for (const entry of entries) {
      if (entry.seq !== expectedSeq) return stop(expectedSeq, `Entry ${expectedSeq} is missing`)
      if (entry.prevHash !== prevHash) return stop(entry.seq, `Entry ${entry.seq} does not link to entry ${entry.seq - 1}`)
      if (entryHash(entry, key) === entry.hash) walk.keyed = true
      // An unkeyed entry after a keyed one is a rewrite: whoever writes the table can compute it.
      else if (!walk.keyed && unkeyedEntryHash(entry) === entry.hash) walk.unkeyed += 1
      else return stop(entry.seq, `Entry ${entry.seq} was altered`)
      prevHash = entry.hash
      expectedSeq += 1
      walk.checked += 1
    }
    if (entries.length < batch) break
  }
  const headSeq = head?.seq ?? 0
  if (headSeq !== walk.checked || (head && head.hash !== prevHash)) {
    return stop(walk.checked + 1, `The chain ends at entry ${walk.checked} but ${headSeq} were written`)
  }
  return walk
}

/**
 * Recomputes the whole chain with the key. Any edited, deleted or re-ordered entry breaks it, and so
 * does a chain recomputed without the key (or with another one).
 */
export async function verifyAuditChain(prisma: Tx, tenantId: string): Promise<AuditVerification> {
  const walk = await walkChain(prisma, tenantId)
  if (walk.broken) return { ok: false, checked: walk.checked, brokenAtSeq: walk.broken.seq, problem: walk.broken.problem }
  if (walk.unkeyed > 0 && !walk.keyed) {
    return { ok: false, checked: walk.checked, brokenAtSeq: 1, problem: `No entry made with the audit key vouches for entries 1 to ${walk.unkeyed}` }
  }
  return { ok: true, checked: walk.checked, brokenAtSeq: null, problem: null }
}

/** The action of the entry that vouches with the key for the entries a tenant wrote before there was one. */
export const AUDIT_KEYED_ACTION = 'audit.chain.keyed'

export interface LegacyChainsResult {
  /** Tenants whose unkeyed entries a keyed entry now vouches for. */
  vouched: string[]
  /** Tenants whose unkeyed chain did not verify: left as they are, so verification keeps reporting them. */
  broken: string[]
}

/**
 * Start-up, before anything else writes audit entries: entries written before the chain had a key
 * (plain SHA-256) stay as they are, and each tenant's chain gets one keyed entry after them. That
 * entry links to them, so rewriting any of them breaks the chain.
 *
 * It does this only while no tenant's chain ends in a keyed entry, that is on the first start with a
 * key. Afterwards a chain that ends unkeyed has been rewritten, and vouching for it would launder the
 * rewrite. (Whoever rewrites every tenant's whole chain and restarts still gets it vouched for, with
 * the date of that start: a store of its own outside the database would be needed to tell.)
 */
export async function keyLegacyAuditChains(prisma: PrismaClient): Promise<LegacyChainsResult> {
  const key = auditKey()
  return prisma.$transaction(
    async (tx) => {
      // Several API processes start at once on one PostgreSQL: one of them does the work.
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended('worksbase:audit-key', 0))::text`
      const heads = await tx.auditHead.findMany({ where: { seq: { gt: 0 } }, orderBy: { tenantId: 'asc' } })
      const unkeyed: string[] = []
      for (const head of heads) {
        const last = await tx.auditEntry.findUnique({ where: { tenantId_seq: { tenantId: head.tenantId, seq: head.seq } } })
        if (last && entryHash(last, key) === last.hash) return { vouched: [], broken: [] }
        unkeyed.push(head.tenantId)
      }
      const result: LegacyChainsResult = { vouched: [], broken: [] }
      for (const tenantId of unkeyed) {
        const walk = await walkChain(tx, tenantId)
        if (walk.broken || walk.keyed) {
          result.broken.push(tenantId)
          continue
        }
        await recordAudit(tx, tenantId, { actorType: 'SYSTEM', actorId: null, actorLabel: 'audit key' }, [
          { area: 'AUDIT', action: AUDIT_KEYED_ACTION, targetType: 'AuditChain', targetLabel: 'entries written before the audit key', after: { entries: walk.unkeyed } },
        ])
        result.vouched.push(tenantId)
      }
      return result
    },
    // Verifying long unkeyed chains takes a while; this runs once, before the API serves.
    { maxWait: 60_000, timeout: 30 * 60_000 },
  )
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
