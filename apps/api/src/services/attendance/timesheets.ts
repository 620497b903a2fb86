import type { StampKind } from '@worksbase/schema'
import { NotFoundError, ValidationError } from '../../errors.ts'
import { auditActorOf, recordAudit } from '../audit.ts'
import { requireAuthority } from '../authority.ts'
import type { ServiceContext } from '../common.ts'
import { localDate, localTime, monthDates, monthEnd } from './calendar.ts'
import { type DaySheet, daySheet } from './rules.ts'
import type { Prisma } from '#generated/prisma/client.ts'

/** Timesheets: an employee's month, admin corrections with a reason, and a department's month export. */

// ——— Timesheets and corrections —————————————————————————————————————————————————————————————————

export interface TimesheetDay extends DaySheet {
  date: string
  stamps: AttendanceStampRow[]
}

type AttendanceStampRow = Prisma.AttendanceStampGetPayload<object>

/**
 * An employee's month (YYYY-MM): every calendar day, in order, with its sheet (days without stamps
 * have an empty one), and the month's totals.
 */
export async function monthTimesheet(ctx: ServiceContext, memberId: string, month: string) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw ValidationError.field('month', 'Write the month as YYYY-MM', 'invalid_month')
  const member = await ctx.prisma.member.findFirst({ where: { id: memberId, tenantId: actor.tenantId } })
  if (!member) throw new NotFoundError('Member')
  const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { id: actor.tenantId } })
  const stamps = await ctx.prisma.attendanceStamp.findMany({
    where: { tenantId: actor.tenantId, memberId, workDate: { gte: `${month}-01`, lte: monthEnd(month) } },
    orderBy: [{ stampedAt: 'asc' }, { createdAt: 'asc' }],
  })
  const today = localDate(new Date(), tenant.timeZone)
  const byDate = new Map<string, AttendanceStampRow[]>()
  for (const stamp of stamps) byDate.set(stamp.workDate, [...(byDate.get(stamp.workDate) ?? []), stamp])
  const days: TimesheetDay[] = monthDates(month).map((date) => {
    const rows = byDate.get(date) ?? []
    return { date, stamps: rows, ...daySheet(rows.filter((row) => !row.voidedAt), date < today) }
  })
  return {
    member,
    month,
    timeZone: tenant.timeZone,
    days,
    workedMinutes: days.reduce((sum, day) => sum + (day.workedMinutes ?? 0), 0),
    breakMinutes: days.reduce((sum, day) => sum + day.breakMinutes, 0),
    workedDays: days.filter((day) => day.clockIn).length,
    anomalyDays: days.filter((day) => day.anomalies.length > 0).length,
  }
}


/**
 * An admin's correction: adds a stamp, or replaces / voids one. Stamps are never edited or deleted:
 * a replaced or voided stamp stays (marked voided) next to its correction, and every correction is in
 * the audit log with its reason.
 */
export async function correctStamp(
  ctx: ServiceContext,
  input: { memberId: string; action: 'ADD' | 'REPLACE' | 'VOID'; stampId?: string | null; kind?: StampKind | null; at?: Date | null; reason: string },
) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  const reason = input.reason.trim()
  if (reason === '') throw ValidationError.field('reason', 'Write why the stamp is corrected', 'required')
  if (reason.length > 500) throw ValidationError.field('reason', 'At most 500 characters', 'too_big')
  if (input.action !== 'VOID' && (!input.kind || !input.at)) throw ValidationError.field(input.kind ? 'at' : 'kind', 'Required', 'required')
  if (input.action !== 'ADD' && !input.stampId) throw ValidationError.field('stampId', 'Choose the stamp to correct', 'required')
  if (input.at && input.at.getTime() > Date.now() + 60_000) throw ValidationError.field('at', 'A stamp cannot be in the future', 'future')
  return ctx.prisma.$transaction(async (tx) => {
    const member = await tx.member.findFirst({ where: { id: input.memberId, tenantId: actor.tenantId } })
    if (!member) throw new NotFoundError('Member')
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: actor.tenantId } })
    let previous: AttendanceStampRow | null = null
    if (input.stampId) {
      previous = await tx.attendanceStamp.findFirst({ where: { id: input.stampId, tenantId: actor.tenantId, memberId: member.id } })
      if (!previous) throw ValidationError.field('stampId', 'Unknown stamp', 'not_found')
      if (previous.voidedAt) throw ValidationError.field('stampId', 'This stamp was already corrected', 'already_corrected')
      // Replacing a stamp with itself (same kind, same minute: the precision admins enter) would only
      // void it and add a copy: refused, nothing changes.
      const minute = (at: Date) => Math.floor(at.getTime() / 60_000)
      if (input.action === 'REPLACE' && input.at && input.kind === previous.kind && minute(input.at) === minute(previous.stampedAt)) {
        throw ValidationError.field('at', 'The replacement is the same as the stamp: change its time or kind', 'unchanged')
      }
      await tx.attendanceStamp.update({ where: { id: previous.id }, data: { voidedAt: new Date() } })
    }
    const created =
      input.action === 'VOID' || !input.kind || !input.at
        ? null
        : await tx.attendanceStamp.create({
            data: {
              tenantId: actor.tenantId,
              memberId: member.id,
              kind: input.kind,
              stampedAt: input.at,
              workDate: previous?.workDate ?? localDate(input.at, tenant.timeZone),
              replacesId: previous?.id ?? null,
              reason,
              createdBy: actor.label,
            },
          })
    const view = (row: AttendanceStampRow | null) => (row ? { kind: row.kind, stampedAt: row.stampedAt.toISOString(), workDate: row.workDate } : null)
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'ATTENDANCE',
        action: `attendance.stamp.${input.action.toLowerCase()}`,
        targetType: 'Member',
        targetId: member.id,
        targetLabel: member.loginId,
        before: view(previous),
        after: { ...view(created), reason },
      },
    ])
    return created ?? previous
  })
}

// ——— Month export ———————————————————————————————————————————————————————————————————————————————————

export interface ExportRow {
  loginId: string
  familyName: string
  givenName: string
  department: string
  employmentType: string
  date: string
  clockIn: string
  clockOut: string
  breakMinutes: number
  workedMinutes: number | null
  anomalies: string
}

/**
 * A month of a department (or of everyone): one row per employee per day with stamps, times in the
 * tenant's time zone, ordered by login id then date. Voided stamps are left out (corrections apply).
 */
export async function monthExport(ctx: ServiceContext, month: string, orgUnitId: string | null): Promise<{ rows: ExportRow[]; timeZone: string }> {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw ValidationError.field('month', 'Write the month as YYYY-MM', 'invalid_month')
  const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { id: actor.tenantId } })
  const stamps = await ctx.prisma.attendanceStamp.findMany({
    where: { tenantId: actor.tenantId, voidedAt: null, workDate: { gte: `${month}-01`, lte: monthEnd(month) }, ...(orgUnitId && { member: { orgUnitId } }) },
    include: { member: { select: { loginId: true, familyName: true, givenName: true, orgUnit: { select: { name: true } }, employmentType: { select: { name: true } } } } },
    orderBy: { stampedAt: 'asc' },
  })
  const today = localDate(new Date(), tenant.timeZone)
  const groups = new Map<string, typeof stamps>()
  for (const stamp of stamps) {
    const key = `${stamp.member.loginId}\u0000${stamp.workDate}`
    groups.set(key, [...(groups.get(key) ?? []), stamp])
  }
  const time = (at: Date | null) => (at ? localTime(at, tenant.timeZone) : '')
  const rows = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, day]) => {
      const first = day[0] as (typeof stamps)[number]
      const sheet = daySheet(day, first.workDate < today)
      return {
        loginId: first.member.loginId,
        familyName: first.member.familyName,
        givenName: first.member.givenName,
        department: first.member.orgUnit?.name ?? '',
        employmentType: first.member.employmentType?.name ?? '',
        date: first.workDate,
        clockIn: time(sheet.clockIn),
        clockOut: time(sheet.clockOut),
        breakMinutes: sheet.breakMinutes,
        workedMinutes: sheet.workedMinutes,
        anomalies: sheet.anomalies.join(' '),
      }
    })
  return { rows, timeZone: tenant.timeZone }
}
