import { requireSignedInAdmin, hasAuthority } from './authority.ts'
import { botStatuses } from './bots.ts'
import type { ServiceContext } from './common.ts'
import { localDate, previousDate } from './attendance/calendar.ts'
import { dayState, type DayState } from './attendance/rules.ts'
import type { StampKind } from '#generated/prisma/enums.ts'

/**
 * The home screen: what needs the admin's attention, per area they may view (an area they may not
 * view is null, so nothing about it leaks), and today's attendance at a glance. Every figure is a
 * count over the tenant's rows, computed when asked: the page is opened a few times a day.
 */
export interface HomeOverview {
  members: { total: number; suspended: number; importsToApply: number; importsRunning: number } | null
  bots: { total: number; actionRequired: number; preparing: number } | null
  external: { failed: number; retry: number; pending: number } | null
  attendance: HomeAttendance | null
  audit: { last24Hours: number } | null
}

export interface HomeAttendance {
  enabled: boolean
  /** Today in the tenant's time zone (YYYY-MM-DD). */
  date: string
  /** Active members with an account id: the employees who stamp. */
  employees: number
  working: number
  onBreak: number
  finished: number
  notYet: number
  /** Employees whose yesterday is still open (clocked in or on a break, never clocked out). */
  openFromYesterday: number
}

export async function homeOverview(ctx: ServiceContext, now = new Date()): Promise<HomeOverview> {
  const actor = requireSignedInAdmin(ctx.actor)
  const tenantId = actor.tenantId
  const prisma = ctx.prisma
  const can = (area: 'members' | 'bots' | 'external' | 'attendance' | 'audit') => hasAuthority(actor, area, 'VIEW')

  const [members, bots, external, attendance, audit] = await Promise.all([
    can('members')
      ? Promise.all([
          prisma.member.count({ where: { tenantId } }),
          prisma.member.count({ where: { tenantId, status: 'SUSPENDED' } }),
          prisma.memberImport.count({ where: { tenantId, status: 'VALIDATED' } }),
          prisma.memberImport.count({ where: { tenantId, status: { in: ['PARSING', 'APPLYING'] } } }),
        ]).then(([total, suspended, importsToApply, importsRunning]) => ({ total, suspended, importsToApply, importsRunning }))
      : null,
    can('bots') ? botCounts(ctx, tenantId, now) : null,
    can('external')
      ? prisma.externalLink
          .groupBy({ by: ['status'], where: { tenantId }, _count: { _all: true } })
          .then((groups) => {
            const count = (status: string) => groups.find((group) => group.status === status)?._count._all ?? 0
            return { failed: count('FAILED'), retry: count('RETRY'), pending: count('PENDING') }
          })
      : null,
    can('attendance') ? attendanceToday(ctx, tenantId, now) : null,
    can('audit')
      ? prisma.auditEntry.count({ where: { tenantId, at: { gte: new Date(now.getTime() - 24 * 3600_000) } } }).then((last24Hours) => ({ last24Hours }))
      : null,
  ])
  return { members, bots, external, attendance, audit }
}

async function botCounts(ctx: ServiceContext, tenantId: string, now: Date) {
  const bots = await ctx.prisma.bot.findMany({
    where: { tenantId },
    select: { id: true, callbackEnabled: true, callbackUrl: true, previousSecretExpiresAt: true },
  })
  const statuses = await botStatuses(ctx.prisma, bots, now)
  return {
    total: bots.length,
    actionRequired: statuses.filter((status) => status.status === 'ACTION_REQUIRED').length,
    preparing: statuses.filter((status) => status.status === 'PREPARING').length,
  }
}

/**
 * Where each employee's today stands, by the same rules the talk bot applies (a day's valid stamps
 * in time order), and whose yesterday was left open.
 */
async function attendanceToday(ctx: ServiceContext, tenantId: string, now: Date): Promise<HomeAttendance> {
  const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timeZone: true } })
  const date = localDate(now, tenant.timeZone)
  const yesterday = previousDate(date)
  const [linkage, employees, stamps] = await Promise.all([
    ctx.prisma.attendanceLinkage.findUnique({ where: { tenantId }, select: { enabled: true } }),
    ctx.prisma.attendanceAccount.count({ where: { tenantId, member: { status: 'ACTIVE' } } }),
    ctx.prisma.$queryRaw<{ memberId: string; workDate: string; kind: StampKind; stampedAt: Date }[]>`
      SELECT s."memberId"::text AS "memberId", s."workDate", s.kind, s."stampedAt"
      FROM "AttendanceStamp" s
      JOIN "AttendanceAccount" a ON a."memberId" = s."memberId"
      JOIN "Member" m ON m.id = s."memberId" AND m.status = 'ACTIVE'
      WHERE s."tenantId" = ${tenantId}::uuid AND s."workDate" IN (${date}, ${yesterday}) AND s."voidedAt" IS NULL
      ORDER BY s."stampedAt", s."createdAt"`,
  ])
  const days = new Map<string, { kind: StampKind; stampedAt: Date }[]>()
  for (const stamp of stamps) {
    const key = `${stamp.workDate}\n${stamp.memberId}`
    const list = days.get(key) ?? []
    list.push(stamp)
    days.set(key, list)
  }
  const today: Record<DayState, number> = { OFF: 0, WORKING: 0, ON_BREAK: 0, DONE: 0 }
  let openFromYesterday = 0
  for (const [key, list] of days) {
    const state = dayState(list)
    if (key.startsWith(`${date}\n`)) today[state] += 1
    else if (state === 'WORKING' || state === 'ON_BREAK') openFromYesterday += 1
  }
  const started = today.WORKING + today.ON_BREAK + today.DONE
  return {
    enabled: linkage?.enabled ?? false,
    date,
    employees,
    working: today.WORKING,
    onBreak: today.ON_BREAK,
    finished: today.DONE,
    notYet: Math.max(employees - started, 0),
    openFromYesterday,
  }
}
