import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../test/harness.ts'
import { AUDIT_KEYED_ACTION, entryPayload, GENESIS_HASH, keyLegacyAuditChains, recordAudit, verifyAuditChain } from './audit.ts'
import type { Prisma } from '#generated/prisma/client.ts'

const ctx = useTestApp()

const sha256 = (payload: string) => createHash('sha256').update(payload).digest('hex')

/** What versions before the keyed chain wrote: entries hashed with plain SHA-256. */
async function writeUnkeyedChain(tenantId: string, count: number) {
  const prisma = ctx.db.prisma
  let prevHash = GENESIS_HASH
  for (let seq = 1; seq <= count; seq += 1) {
    const fields = {
      tenantId,
      seq,
      at: new Date(Date.UTC(2026, 0, seq)),
      actorType: 'SYSTEM' as const,
      actorId: null,
      actorLabel: 'old version',
      area: 'MEMBERS' as const,
      action: 'member.create',
      targetType: 'Member',
      targetId: null,
      targetLabel: `member${seq}@old.example`,
      before: null,
      after: { n: seq },
      prevHash,
    }
    const hash = sha256(entryPayload(fields))
    await prisma.auditEntry.create({ data: { ...fields, after: fields.after, before: undefined, hash } })
    prevHash = hash
  }
  await prisma.auditHead.create({ data: { tenantId, seq: count, hash: prevHash } })
}

/**
 * Rewrites entries `fromSeq` to `toSeq` (default: the last) as a database writer can: `change` applied,
 * hashes recomputed without the key.
 */
async function rewriteUnkeyed(tenantId: string, fromSeq: number, change: (seq: number) => Prisma.InputJsonObject | null, toSeq = Number.MAX_SAFE_INTEGER) {
  const prisma = ctx.db.prisma
  const entries = await prisma.auditEntry.findMany({ where: { tenantId }, orderBy: { seq: 'asc' } })
  let prevHash = entries.find((entry) => entry.seq === fromSeq - 1)?.hash ?? GENESIS_HASH
  for (const entry of entries.filter((row) => row.seq >= fromSeq && row.seq <= toSeq)) {
    const after = change(entry.seq) ?? entry.after
    const hash = sha256(entryPayload({ ...entry, after, prevHash }))
    await prisma.auditEntry.update({ where: { id: entry.id }, data: { after: after ?? undefined, prevHash, hash } })
    prevHash = hash
  }
  if (toSeq >= entries.length) await prisma.auditHead.update({ where: { tenantId }, data: { hash: prevHash } })
}

describe('entries written before the audit chain had a key', () => {
  it('are vouched for once, on the first start with the key; rewriting them or passing off keyed entries as old ones fails', async () => {
    const prisma = ctx.db.prisma
    const [a, b, c] = await Promise.all(['Old A', 'Old B', 'Old C'].map((name) => prisma.tenant.create({ data: { name } })))
    if (!a || !b || !c) throw new Error('tenants missing')
    await writeUnkeyedChain(a.id, 3)
    await writeUnkeyedChain(b.id, 2)
    await writeUnkeyedChain(c.id, 2)
    // C's chain was already broken before the upgrade.
    await prisma.auditEntry.updateMany({ where: { tenantId: c.id, seq: 2 }, data: { after: { n: 99 } } })
    expect(await verifyAuditChain(prisma, a.id)).toEqual({
      ok: false,
      checked: 3,
      brokenAtSeq: 1,
      problem: 'No entry made with the audit key vouches for entries 1 to 3',
    })

    const result = await keyLegacyAuditChains(prisma)
    expect([...result.vouched].sort()).toEqual([a.id, b.id].sort())
    expect(result.broken).toEqual([c.id])
    expect(await verifyAuditChain(prisma, a.id)).toEqual({ ok: true, checked: 4, brokenAtSeq: null, problem: null })
    expect(await verifyAuditChain(prisma, b.id)).toMatchObject({ ok: true, checked: 3 })
    expect(await verifyAuditChain(prisma, c.id)).toMatchObject({ ok: false, brokenAtSeq: 2, problem: 'Entry 2 was altered' })
    const anchor = await prisma.auditEntry.findFirstOrThrow({ where: { tenantId: a.id, seq: 4 } })
    expect(anchor).toMatchObject({ action: AUDIT_KEYED_ACTION, area: 'AUDIT', actorType: 'SYSTEM', after: { entries: 3 } })
    // New entries are keyed and the chain goes on verifying.
    await prisma.$transaction((tx) =>
      recordAudit(tx, b.id, { actorType: 'SYSTEM', actorId: null, actorLabel: 'test' }, [{ area: 'TENANT', action: 'tenant.update', targetType: 'Tenant' }]),
    )
    expect(await verifyAuditChain(prisma, b.id)).toMatchObject({ ok: true, checked: 4 })

    // A later start vouches for nothing more.
    const entries = await prisma.auditEntry.count()
    expect(await keyLegacyAuditChains(prisma)).toEqual({ vouched: [], broken: [] })
    expect(await prisma.auditEntry.count()).toBe(entries)

    // Rewriting an old entry and recomputing the old entries' hashes breaks the keyed entry after them.
    await rewriteUnkeyed(a.id, 2, (seq) => (seq === 2 ? { n: 'forged' } : null), 3)
    expect(await verifyAuditChain(prisma, a.id)).toMatchObject({ ok: false, brokenAtSeq: 4, problem: 'Entry 4 does not link to entry 3' })
    // Recomputing the keyed entry without the key too, so that every entry looks old, fails as well,
    // and a restart does not vouch for the rewritten chain (another tenant's chain ends keyed).
    await rewriteUnkeyed(a.id, 4, () => null)
    expect(await verifyAuditChain(prisma, a.id)).toMatchObject({ ok: false, brokenAtSeq: 1, problem: 'No entry made with the audit key vouches for entries 1 to 4' })
    expect(await keyLegacyAuditChains(prisma)).toEqual({ vouched: [], broken: [] })
    expect(await verifyAuditChain(prisma, a.id)).toMatchObject({ ok: false })
  })
})
