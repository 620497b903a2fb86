import { createHash, createHmac, randomBytes } from 'node:crypto'
import { encodeGlobalID } from '@pothos/plugin-relay'
import { describe, expect, it } from 'vitest'
import { createAdmin, createMembers, createTenant, useTestApp } from '../../test/harness.ts'
import { entryPayload, GENESIS_HASH } from '../services/audit.ts'

const ctx = useTestApp()

async function makeHistory() {
  const setup = await createTenant(ctx)
  const members = await createMembers(ctx, setup.tenant, setup.domain, 3, 'aud')
  for (const member of members) {
    await setup.client.data(
      `mutation($input: MutationSuspendMemberInput!) { suspendMember(input: $input) { __typename } }`,
      { input: { id: encodeGlobalID('Member', member.id) } },
    )
  }
  return { ...setup, members }
}

describe('audit log', () => {
  it('chains entries with hashes and verifies the chain', async () => {
    const { client, tenant } = await makeHistory()
    const verification = await client.data('{ auditVerification { ok checked brokenAtSeq problem } }')
    expect(verification.auditVerification).toEqual({ ok: true, checked: 4, brokenAtSeq: null, problem: null })
    const entries = await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id }, orderBy: { seq: 'asc' } })
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4])
    for (let index = 1; index < entries.length; index += 1) expect(entries[index]?.prevHash).toBe(entries[index - 1]?.hash)
  })

  it('detects an edited entry, a deleted entry and a truncated tail', async () => {
    const { client, tenant } = await makeHistory()
    const prisma = ctx.db.prisma
    const second = await prisma.auditEntry.findFirstOrThrow({ where: { tenantId: tenant.id, seq: 2 } })
    await prisma.auditEntry.update({ where: { id: second.id }, data: { after: { status: 'ACTIVE' } } })
    expect((await client.data('{ auditVerification { ok brokenAtSeq problem } }')).auditVerification).toEqual({
      ok: false,
      brokenAtSeq: 2,
      problem: 'Entry 2 was altered',
    })
    await prisma.auditEntry.update({ where: { id: second.id }, data: { after: second.after ?? undefined } })
    expect((await client.data('{ auditVerification { ok } }')).auditVerification.ok).toBe(true)

    await prisma.auditEntry.delete({ where: { id: second.id } })
    expect((await client.data('{ auditVerification { ok brokenAtSeq problem } }')).auditVerification).toMatchObject({
      ok: false,
      brokenAtSeq: 2,
      problem: 'Entry 2 is missing',
    })

    const other = await makeHistory()
    await prisma.auditEntry.deleteMany({ where: { tenantId: other.tenant.id, seq: 4 } })
    expect((await other.client.data('{ auditVerification { ok problem } }')).auditVerification).toMatchObject({
      ok: false,
      problem: 'The chain ends at entry 3 but 4 were written',
    })
  })

  it('does not verify a chain rewritten by someone without the key, however they recompute it', async () => {
    const { client, tenant } = await makeHistory()
    const prisma = ctx.db.prisma
    const original = await prisma.auditEntry.findMany({ where: { tenantId: tenant.id }, orderBy: { seq: 'asc' } })
    const verify = async () => (await client.data('{ auditVerification { ok brokenAtSeq problem } }')).auditVerification
    /** Rewrites the tenant's whole chain as a database writer can: entry 2 changed, every hash recomputed. */
    const rewrite = async (hash: (payload: string) => string) => {
      let prevHash = GENESIS_HASH
      for (const entry of original) {
        const fields = { ...entry, after: entry.seq === 2 ? { status: 'ACTIVE' } : entry.after, prevHash }
        const next = hash(entryPayload(fields))
        await prisma.auditEntry.update({ where: { id: entry.id }, data: { after: fields.after ?? undefined, prevHash, hash: next } })
        prevHash = next
      }
      await prisma.auditHead.update({ where: { tenantId: tenant.id }, data: { hash: prevHash } })
    }

    await rewrite((payload) => createHash('sha256').update(payload).digest('hex'))
    expect(await verify()).toEqual({ ok: false, brokenAtSeq: 1, problem: 'No entry made with the audit key vouches for entries 1 to 4' })
    await rewrite((payload) => createHmac('sha256', randomBytes(32)).update(payload).digest('hex'))
    expect(await verify()).toEqual({ ok: false, brokenAtSeq: 1, problem: 'Entry 1 was altered' })
    // Keeping the first, keyed entry and recomputing the rest without the key fails where the rewrite starts.
    await rewrite((payload) => {
      const first = original[0]
      return first && payload === entryPayload(first) ? first.hash : createHash('sha256').update(payload).digest('hex')
    })
    expect(await verify()).toEqual({ ok: false, brokenAtSeq: 2, problem: 'Entry 2 was altered' })

    for (const entry of original) {
      await prisma.auditEntry.update({ where: { id: entry.id }, data: { after: entry.after ?? undefined, prevHash: entry.prevHash, hash: entry.hash } })
    }
    await prisma.auditHead.update({ where: { tenantId: tenant.id }, data: { hash: original.at(-1)?.hash ?? GENESIS_HASH } })
    expect(await verify()).toEqual({ ok: true, brokenAtSeq: null, problem: null })
  })

  it('keeps one chain per tenant under concurrent writes', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const members = await createMembers(ctx, tenant, domain, 12, 'con')
    await Promise.all(
      members.map((member) =>
        client.data(`mutation($input: MutationSuspendMemberInput!) { suspendMember(input: $input) { __typename } }`, {
          input: { id: encodeGlobalID('Member', member.id) },
        }),
      ),
    )
    const verification = await client.data('{ auditVerification { ok checked } }')
    expect(verification.auditVerification).toEqual({ ok: true, checked: 13 })
  })

  it('searches by actor, area, target and time, newest first', async () => {
    const { client, members, master } = await makeHistory()
    const query = `query($actor: String, $area: AuditArea, $target: String, $from: DateTime, $to: DateTime) {
      auditEntries(first: 50, actor: $actor, area: $area, target: $target, from: $from, to: $to) { edges { node { seq action actorLabel targetLabel before after } } }
    }`
    const all = await client.data(query, { area: 'MEMBERS' })
    expect(all.auditEntries.edges.map((edge: { node: { seq: number } }) => edge.node.seq)).toEqual([4, 3, 2])
    expect(all.auditEntries.edges[0].node).toMatchObject({ action: 'member.suspend', actorLabel: master.email, before: { status: 'ACTIVE' }, after: { status: 'SUSPENDED' } })
    const byTarget = await client.data(query, { target: members[1]?.loginId.slice(0, 6).toUpperCase() })
    expect(byTarget.auditEntries.edges.length).toBeGreaterThan(0)
    const exact = await client.data(query, { target: members[1]?.id })
    expect(exact.auditEntries.edges.map((edge: { node: { targetLabel: string } }) => edge.node.targetLabel)).toEqual([members[1]?.loginId])
    const byActor = await client.data(query, { actor: 'nobody' })
    expect(byActor.auditEntries.edges).toEqual([])
    const future = await client.data(query, { from: new Date(Date.now() + 60_000).toISOString() })
    expect(future.auditEntries.edges).toEqual([])
    const reversed = await client.gql(query, { from: new Date().toISOString(), to: new Date(Date.now() - 60_000).toISOString() })
    expect(reversed.errors?.[0]?.extensions?.code).toBe('VALIDATION')
  })

  it('exports CSV for the tenant only, to admins with audit authority', async () => {
    const { client, tenant, members } = await makeHistory()
    await makeHistory()
    const response = await client.request('/api/audit.csv?area=MEMBERS')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/csv')
    const text = (await response.text()).replace(/^\uFEFF/, '')
    const lines = text.trim().split('\n')
    expect(lines[0]).toBe('seq,at,actor_type,actor,area,action,target_type,target_id,target,before,after,hash')
    expect(lines).toHaveLength(4)
    expect(text).toContain(members[0]?.loginId)
    const foreign = await ctx.db.prisma.member.findFirst({ where: { NOT: { tenantId: tenant.id }, loginId: { startsWith: 'aud' } } })
    expect(text).not.toContain(foreign?.id)

    const bad = await client.request('/api/audit.csv?area=NOPE')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ code: 'INVALID_PARAMETER' })
    const clerk = await createAdmin(ctx, tenant.id, { members: 'EDIT' })
    expect((await clerk.client.request('/api/audit.csv')).status).toBe(403)
    expect((await ctx.app.fetch(new Request('http://test.local/api/audit.csv'))).status).toBe(401)
  })
})
