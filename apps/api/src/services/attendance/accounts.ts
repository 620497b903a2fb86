import { attendanceAccountIdSchema } from '@worksbase/schema'
import { NotFoundError, ValidationError } from '../../errors.ts'
import { auditActorOf, recordAudit } from '../audit.ts'
import { requireAuthority } from '../authority.ts'
import type { BotDeps } from '../bots.ts'
import type { ServiceContext } from '../common.ts'
import { insertBotTalkMessage } from '../talk-messages.ts'
import { lockTenantAccounts } from './account-import.ts'
import type { AttendanceDeps } from './linkage.ts'
import { forgetUnmatchedUsers, postToLineWorks } from './lineworks-client.ts'
import { fill, type Language, replyContent, replyName, templatesFor } from './reply-texts.ts'
import type { AttendanceLinkage, Prisma, PrismaClient } from '#generated/prisma/client.ts'

/** Employees and their LINE WORKS account ids: the list, one at a time, and the first message (the CSV import: account-import.ts). */

// ——— Account settings ——————————————————————————————————————————————————————————————————————————————

export async function setAttendanceAccount(ctx: ServiceContext, memberId: string, rawAccountId: string | null) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  const accountId = rawAccountId?.trim().toLowerCase() ?? ''
  if (accountId !== '') {
    const parsed = attendanceAccountIdSchema.safeParse(accountId)
    const issue = parsed.error?.issues[0]
    if (issue) throw ValidationError.field('accountId', issue.message, issue.code === 'too_big' ? 'too_big' : 'invalid_format')
  }
  const updated = await ctx.prisma.$transaction(async (tx) => {
    await lockTenantAccounts(tx, actor.tenantId, 'shared')
    if (await tx.attendanceAccountImport.findFirst({ where: { tenantId: actor.tenantId, status: 'APPLYING' }, select: { id: true } })) {
      throw ValidationError.field('accountId', 'An account CSV is being applied: try again when it is done', 'import_running')
    }
    const member = await tx.member.findFirst({ where: { id: memberId, tenantId: actor.tenantId } })
    if (!member) throw new NotFoundError('Member')
    const before = await tx.attendanceAccount.findUnique({ where: { memberId } })
    if (accountId === '') {
      if (before) await tx.attendanceAccount.delete({ where: { memberId } })
    } else {
      const taken = await tx.attendanceAccount.findUnique({ where: { tenantId_accountId: { tenantId: actor.tenantId, accountId } } })
      if (taken && taken.memberId !== memberId) throw ValidationError.field('accountId', 'Another employee already uses this account id', 'duplicate')
      await tx.attendanceAccount.upsert({
        where: { memberId },
        create: { tenantId: actor.tenantId, memberId, accountId },
        // A new account id may be another person in LINE WORKS: its resolved user id goes with it.
        update: { accountId, ...(before?.accountId === accountId ? {} : { lineWorksUserId: null }) },
      })
    }
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'ATTENDANCE',
        action: 'attendance.account.set',
        targetType: 'Member',
        targetId: memberId,
        targetLabel: member.loginId,
        before: { accountId: before?.accountId ?? null },
        after: { accountId: accountId || null },
      },
    ])
    return member
  })
  // A LINE WORKS user id that matched nobody a moment ago may match this account id now.
  forgetUnmatchedUsers()
  return updated
}

// ——— Employees ———————————————————————————————————————————————————————————————————————————————————

export interface EmployeeFilter {
  orgUnitId?: string | null
  employmentTypeId?: string | null
  query?: string | null
  /** true: only employees with an account id; false: only those without. */
  linked?: boolean | null
}

function employeeWhere(tenantId: string, filter: EmployeeFilter): Prisma.MemberWhereInput {
  const text = filter.query?.trim().toLowerCase()
  return {
    tenantId,
    ...(filter.orgUnitId && { orgUnitId: filter.orgUnitId }),
    ...(filter.employmentTypeId && { employmentTypeId: filter.employmentTypeId }),
    ...(text && { searchText: { contains: text } }),
    ...(filter.linked === true && { attendanceAccount: { isNot: null } }),
    ...(filter.linked === false && { attendanceAccount: { is: null } }),
  }
}

const employeeSelect = {
  id: true,
  loginId: true,
  userId: true,
  familyName: true,
  givenName: true,
  i18nNames: true,
  status: true,
  domainId: true,
  orgUnit: { select: { name: true } },
  employmentType: { select: { name: true } },
  attendanceAccount: { select: { accountId: true, lineWorksUserId: true } },
} satisfies Prisma.MemberSelect

export type EmployeeRow = Prisma.MemberGetPayload<{ select: typeof employeeSelect }>

/** Employees (members) with their account ids, by login id, filtered by department and employment type. */
export async function attendanceEmployees(ctx: ServiceContext, filter: EmployeeFilter, page: { first: number; after?: string | null }) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  const first = Math.min(Math.max(page.first, 1), 200)
  const where = employeeWhere(actor.tenantId, filter)
  const after = page.after ? await ctx.prisma.member.findFirst({ where: { id: page.after, tenantId: actor.tenantId }, select: { loginId: true } }) : null
  const [rows, totalCount, linkedCount] = await Promise.all([
    ctx.prisma.member.findMany({
      where: { ...where, ...(after && { loginId: { gt: after.loginId } }) },
      select: employeeSelect,
      orderBy: { loginId: 'asc' },
      take: first + 1,
    }),
    ctx.prisma.member.count({ where }),
    ctx.prisma.member.count({ where: { ...where, attendanceAccount: { isNot: null } } }),
  ])
  return { employees: rows.slice(0, first), hasMore: rows.length > first, totalCount, linkedCount }
}

/** One employee of the tenant, or null. */
export async function attendanceEmployee(ctx: ServiceContext, memberId: string) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  return ctx.prisma.member.findFirst({ where: { id: memberId, tenantId: actor.tenantId }, select: employeeSelect })
}

export async function attendanceFilters(ctx: ServiceContext) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  const [orgUnits, employmentTypes] = await Promise.all([
    ctx.prisma.orgUnit.findMany({ where: { tenantId: actor.tenantId }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    ctx.prisma.employmentType.findMany({ where: { tenantId: actor.tenantId }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
  ])
  return { orgUnits, employmentTypes }
}

// ——— First message ——————————————————————————————————————————————————————————————————————————————————

export type FirstMessageFailure = 'ACCOUNT_NOT_FOUND' | 'BOT_NOT_IN_DOMAIN' | 'SUSPENDED' | 'CREDENTIALS' | 'LINKAGE_DISABLED' | 'UNREACHABLE' | 'REFUSED'

export interface FirstMessageResult {
  employee: EmployeeRow
  sent: boolean
  failure: FirstMessageFailure | null
  detail: string | null
}

/** Employees a first message goes to at most at once (the page shows each one's result). */
export const FIRST_MESSAGE_MAX = 2000

/**
 * Sends the linkage's first message from the bot to every employee with an account id in the
 * department / employment type shown (not chosen one by one), and reports each one's result with the
 * likely reason when it failed: account id wrong, bot not added to their domain, suspended, …
 */
export async function sendFirstMessage(ctx: ServiceContext & { bots: BotDeps; onPlatformMessage?: (botId: string, memberId: string, messageId: string) => void }, filter: EmployeeFilter) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  // Another tenant's department or employment type is not found, rather than a choice with nobody in it.
  if (filter.orgUnitId && !(await ctx.prisma.orgUnit.findFirst({ where: { id: filter.orgUnitId, tenantId: actor.tenantId }, select: { id: true } }))) {
    throw new NotFoundError('Department')
  }
  if (filter.employmentTypeId && !(await ctx.prisma.employmentType.findFirst({ where: { id: filter.employmentTypeId, tenantId: actor.tenantId }, select: { id: true } }))) {
    throw new NotFoundError('Employment type')
  }
  const linkage = await ctx.prisma.attendanceLinkage.findUnique({ where: { tenantId: actor.tenantId }, include: { tenant: true } })
  if (!linkage?.enabled) throw ValidationError.field('linkage', 'Turn the time-recording linkage on first', 'linkage_off')
  const employees = await ctx.prisma.member.findMany({
    where: { ...employeeWhere(actor.tenantId, { ...filter, linked: true }) },
    select: employeeSelect,
    orderBy: { loginId: 'asc' },
    take: FIRST_MESSAGE_MAX + 1,
  })
  if (employees.length > FIRST_MESSAGE_MAX) {
    throw ValidationError.field('orgUnitId', `More than ${FIRST_MESSAGE_MAX} employees: choose a department or an employment type`, 'too_many_employees')
  }
  const language: Language = linkage.tenant.language === 'EN' ? 'en' : 'ja'
  const texts = await templatesFor(ctx.prisma, actor.tenantId, language)
  const results: FirstMessageResult[] = []
  const send = async (employee: EmployeeRow): Promise<FirstMessageResult> => {
    const accountId = employee.attendanceAccount?.accountId ?? ''
    const name = replyName({ familyName: employee.familyName, familyNameEn: englishFamilyName(employee.i18nNames) }, language)
    const content = replyContent(fill(texts.firstMessage, { name }), ['CLOCK_IN'], language, true)
    if (linkage.mode === 'PLATFORM') return sendOnPlatform(ctx, linkage, employee, accountId, content)
    return sendToLineWorks({ prisma: ctx.prisma, bots: ctx.bots }, linkage, employee, accountId, content)
  }
  for (let index = 0; index < employees.length; index += 8) {
    results.push(...(await Promise.all(employees.slice(index, index + 8).map(send))))
  }
  const sent = results.filter((result) => result.sent).length
  await ctx.prisma.$transaction((tx) =>
    recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'ATTENDANCE',
        action: 'attendance.firstMessage.send',
        targetType: 'AttendanceLinkage',
        targetId: linkage.id,
        targetLabel: linkage.mode,
        after: { sent, failed: results.length - sent, orgUnitId: filter.orgUnitId ?? null, employmentTypeId: filter.employmentTypeId ?? null },
      },
    ]),
  )
  return { sent, failed: results.length - sent, results }
}

/**
 * How to use the attendance bot, for a member who opens its talk before any first message reached
 * them: the first message as `sendFirstMessage` would send it to them now (the tenant's wording and
 * language, their name, the clock-in quick reply), or null when `botId` is not the bot of a turned-on
 * linkage on this platform. Nothing is stored or sent.
 */
export async function attendanceGuide(prisma: PrismaClient, member: { tenantId: string; memberId: string }, botId: string): Promise<Prisma.InputJsonObject | null> {
  const linkage = await prisma.attendanceLinkage.findUnique({ where: { tenantId: member.tenantId }, select: { enabled: true, mode: true, botId: true, tenant: { select: { language: true } } } })
  if (!linkage?.enabled || linkage.mode !== 'PLATFORM' || linkage.botId !== botId) return null
  const employee = await prisma.member.findFirst({ where: { id: member.memberId, tenantId: member.tenantId }, select: { familyName: true, i18nNames: true } })
  if (!employee) return null
  const language: Language = linkage.tenant.language === 'EN' ? 'en' : 'ja'
  const texts = await templatesFor(prisma, member.tenantId, language)
  const name = replyName({ familyName: employee.familyName, familyNameEn: englishFamilyName(employee.i18nNames) }, language)
  return replyContent(fill(texts.firstMessage, { name }), ['CLOCK_IN'], language, true)
}

async function sendOnPlatform(
  ctx: ServiceContext & { onPlatformMessage?: (botId: string, memberId: string, messageId: string) => void },
  linkage: AttendanceLinkage,
  employee: EmployeeRow,
  accountId: string,
  content: Prisma.InputJsonObject,
): Promise<FirstMessageResult> {
  const fail = (failure: FirstMessageFailure, detail: string) => ({ employee, sent: false, failure, detail })
  const target = await ctx.prisma.member.findFirst({
    where: { tenantId: linkage.tenantId, OR: [{ loginId: accountId }, ...(/^[0-9a-f-]{36}$/.test(accountId) ? [{ userId: accountId }] : [])] },
    select: { id: true, status: true, domainId: true },
  })
  if (!target) return fail('ACCOUNT_NOT_FOUND', `No member has the account id ${accountId}`)
  if (target.status !== 'ACTIVE') return fail('SUSPENDED', 'The account is suspended')
  if (!linkage.botId) return fail('LINKAGE_DISABLED', 'The linkage has no bot')
  const seat = await ctx.prisma.botDomain.findUnique({
    where: { botId_domainId: { botId: linkage.botId, domainId: target.domainId } },
    include: { members: { where: { memberId: target.id }, select: { memberId: true } } },
  })
  if (!seat || (seat.visibility === 'SELECTED' && seat.members.length === 0)) return fail('BOT_NOT_IN_DOMAIN', 'The bot is not added to the employee’s domain (or not visible to them)')
  const messageId = await insertBotTalkMessage(ctx.prisma, { tenantId: linkage.tenantId, botId: linkage.botId, memberId: target.id }, content)
  if (messageId) ctx.onPlatformMessage?.(linkage.botId, target.id, messageId)
  return { employee, sent: true, failure: null, detail: null }
}

async function sendToLineWorks(deps: AttendanceDeps, linkage: AttendanceLinkage, employee: EmployeeRow, accountId: string, content: Prisma.InputJsonObject): Promise<FirstMessageResult> {
  const fail = (failure: FirstMessageFailure, detail: string) => ({ employee, sent: false, failure, detail })
  try {
    const result = await postToLineWorks(deps, linkage, accountId, content)
    if (result.status >= 200 && result.status < 300) return { employee, sent: true, failure: null, detail: null }
    const detail = `LINE WORKS answered ${result.status}: ${result.bodyText.slice(0, 200)}`
    if (result.status === 404) return fail('ACCOUNT_NOT_FOUND', detail)
    if (result.status === 403) return fail('BOT_NOT_IN_DOMAIN', detail)
    if (result.status === 401) return fail('CREDENTIALS', detail)
    return fail('REFUSED', detail)
  } catch (error) {
    if (error instanceof ValidationError) return fail('CREDENTIALS', error.message)
    return fail('UNREACHABLE', error instanceof Error ? error.message : String(error))
  }
}

/** The English family name among a member's names in other languages (stored as JSON), if any. */
function englishFamilyName(names: unknown): string | null {
  if (!Array.isArray(names)) return null
  const english = names.find((name): name is { language: string; familyName: string } => typeof name === 'object' && name !== null && name.language === 'EN' && typeof name.familyName === 'string')
  return english?.familyName ?? null
}
