import { describe, expect, it } from 'vitest'
import { createAdmin, createMembers, createTenant, TestClient, useTestApp } from '../../test/harness.ts'
import { homeOverview } from '../services/home.ts'
import { fullAuthorities } from '../services/authority.ts'

const ctx = useTestApp()

const HOME = `{ home {
  members { total suspended importsToApply importsRunning }
  bots { total actionRequired preparing }
  external { failed retry pending }
  attendance { enabled date employees working onBreak finished notYet openFromYesterday }
  audit { last24Hours }
} }`

/** A tenant with something to see in every area: returns its admin client and its members. */
async function busyTenant(timeZone = 'Asia/Tokyo') {
  const made = await createTenant(ctx)
  const prisma = ctx.db.prisma
  await prisma.tenant.update({ where: { id: made.tenant.id }, data: { timeZone } })
  const members = await createMembers(ctx, made.tenant, made.domain, 7, 'home')
  const ids = members.map((member) => member.id)
  await prisma.member.update({ where: { id: ids[6] ?? '' }, data: { status: 'SUSPENDED' } })
  await prisma.memberImport.create({ data: { tenantId: made.tenant.id, fileName: 'waiting.csv', status: 'VALIDATED' } })
  // Bots: one public with a secret rotation still in its window (action required), one in no domain.
  for (const [index, inDomain] of [true, false].entries()) {
    const bot = await prisma.bot.create({
      data: {
        tenantId: made.tenant.id,
        botId: 9_000_000 + Math.floor(Math.random() * 900_000) + index,
        name: `Bot ${index}`,
        description: 'd',
        secretSealed: 'sealed',
        previousSecretExpiresAt: inDomain ? new Date(Date.now() + 3600_000) : null,
      },
    })
    if (inDomain) await prisma.botDomain.create({ data: { botId: bot.id, tenantId: made.tenant.id, domainId: made.domain.id } })
  }
  for (const [index, status] of (['FAILED', 'FAILED', 'RETRY', 'PENDING', 'AVAILABLE'] as const).entries()) {
    const member = members[index]
    if (!member) continue
    await prisma.externalLink.create({
      data: { tenantId: made.tenant.id, domainId: made.domain.id, memberId: member.id, kind: 'LINE', talkId: `talk${index}`, status, loginId: member.loginId, searchText: member.loginId },
    })
  }
  // Attendance: six active employees with account ids and one suspended (not counted).
  await prisma.attendanceLinkage.create({ data: { tenantId: made.tenant.id, enabled: true } })
  for (const [index, id] of ids.entries()) {
    await prisma.attendanceAccount.create({ data: { tenantId: made.tenant.id, memberId: id, accountId: `acct${index}@lw.example` } })
  }
  return { ...made, ids }
}

async function stamp(tenantId: string, memberId: string, workDate: string, kind: 'CLOCK_IN' | 'CLOCK_OUT' | 'BREAK_START' | 'BREAK_END', at: Date, voided = false) {
  await ctx.db.prisma.attendanceStamp.create({ data: { tenantId, memberId, workDate, kind, stampedAt: at, ...(voided && { voidedAt: new Date(), reason: 'test' }) } })
}

describe('home', () => {
  it('counts what needs attention in every area, and where each employee’s today stands', async () => {
    const { tenant, client, ids } = await busyTenant()
    const now = new Date()
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(now)
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date(now.getTime() - 24 * 3600_000))
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000)
    const [a, b, c, d, e, , suspended] = ids as [string, string, string, string, string, string, string]
    // a working; b on a break; c finished; d's clock-in was voided (so: not yet); e left yesterday open.
    await stamp(tenant.id, a, today, 'CLOCK_IN', at(30))
    await stamp(tenant.id, b, today, 'CLOCK_IN', at(30))
    await stamp(tenant.id, b, today, 'BREAK_START', at(10))
    await stamp(tenant.id, c, today, 'CLOCK_IN', at(30))
    await stamp(tenant.id, c, today, 'CLOCK_OUT', at(5))
    await stamp(tenant.id, d, today, 'CLOCK_IN', at(30), true)
    await stamp(tenant.id, e, yesterday, 'CLOCK_IN', at(24 * 60))
    // A suspended member's stamps count nowhere.
    await stamp(tenant.id, suspended, today, 'CLOCK_IN', at(20))
    await stamp(tenant.id, suspended, yesterday, 'CLOCK_IN', at(24 * 60))

    const { home } = await client.data(HOME)
    expect(home).toEqual({
      members: { total: 7, suspended: 1, importsToApply: 1, importsRunning: 0 },
      bots: { total: 2, actionRequired: 1, preparing: 1 },
      external: { failed: 2, retry: 1, pending: 1 },
      attendance: { enabled: true, date: today, employees: 6, working: 1, onBreak: 1, finished: 1, notYet: 3, openFromYesterday: 1 },
      audit: { last24Hours: expect.any(Number) },
    })
  })

  it('leaves out every area the admin may not view, and counts only the own tenant', async () => {
    const busy = await busyTenant()
    const viewer = await createAdmin(ctx, busy.tenant.id, { members: 'VIEW', bots: 'NONE', external: 'NONE', attendance: 'NONE', audit: 'NONE' })
    expect((await viewer.client.data(HOME)).home).toEqual({
      members: { total: 7, suspended: 1, importsToApply: 1, importsRunning: 0 },
      bots: null,
      external: null,
      attendance: null,
      audit: null,
    })
    const other = await createTenant(ctx)
    expect((await other.client.data(HOME)).home).toMatchObject({
      members: { total: 0, suspended: 0, importsToApply: 0, importsRunning: 0 },
      bots: { total: 0, actionRequired: 0, preparing: 0 },
      external: { failed: 0, retry: 0, pending: 0 },
      attendance: { enabled: false, employees: 0, working: 0, notYet: 0, openFromYesterday: 0 },
    })
  })

  it('is refused to anonymous callers', async () => {
    const response = await new TestClient(ctx.app).gql(HOME)
    expect(response.data?.['home'] ?? null).toBeNull()
    expect(response.errors?.[0]?.extensions?.['code']).toBe('AUTHENTICATION')
  })

  it('takes today in the tenant’s time zone, across a daylight-saving change', async () => {
    const { tenant, ids } = await busyTenant('America/New_York')
    const [a] = ids as [string]
    // 2026-03-09 01:30 in New York is 05:30 UTC (EDT began on 03-08): still the 9th there.
    const now = new Date('2026-03-09T05:30:00Z')
    await stamp(tenant.id, a, '2026-03-08', 'CLOCK_IN', new Date('2026-03-08T13:00:00Z'))
    const overview = await homeOverview(
      { prisma: ctx.db.prisma, actor: { kind: 'admin', tenantId: tenant.id, adminId: 'x', authorities: fullAuthorities } as never },
      now,
    )
    expect(overview.attendance).toMatchObject({ date: '2026-03-09', working: 0, notYet: 6, openFromYesterday: 1 })
  })
})
