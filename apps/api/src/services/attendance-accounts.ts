import { ConflictError, NotFoundError, ValidationError } from '../errors.ts'
import { auditActorOf, recordAudit } from './audit.ts'
import { requireAuthority } from './authority.ts'
import { insertBotTalkMessage } from './talk.ts'
import type { BotDeps } from './bots.ts'
import type { ServiceContext } from './common.ts'
import { type AttendanceDeps, fill, type Language, replyContent, templatesFor } from './attendance.ts'
import { postToLineWorks } from './attendance-inbox.ts'
import type { AttendanceLinkage, Prisma } from '#generated/prisma/client.ts'

/** Employees and their LINE WORKS account ids: the list, one at a time, CSV import, and the first message. */

// ——— Account settings ——————————————————————————————————————————————————————————————————————————————

export async function setAttendanceAccount(ctx: ServiceContext, memberId: string, rawAccountId: string | null) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  const accountId = rawAccountId?.trim().toLowerCase() ?? ''
  if (accountId.length > 200) throw ValidationError.field('accountId', 'At most 200 characters', 'too_big')
  return ctx.prisma.$transaction(async (tx) => {
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
}

// ——— Account settings ——————————————————————————————————————————————————————————————————————————————

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
  status: true,
  domainId: true,
  orgUnit: { select: { name: true } },
  employmentType: { select: { name: true } },
  attendanceAccount: { select: { accountId: true } },
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

export async function attendanceEmployee(ctx: ServiceContext, memberId: string) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  return ctx.prisma.member.findFirstOrThrow({ where: { id: memberId, tenantId: actor.tenantId }, select: employeeSelect })
}

export async function attendanceFilters(ctx: ServiceContext) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  const [orgUnits, employmentTypes] = await Promise.all([
    ctx.prisma.orgUnit.findMany({ where: { tenantId: actor.tenantId }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    ctx.prisma.employmentType.findMany({ where: { tenantId: actor.tenantId }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
  ])
  return { orgUnits, employmentTypes }
}

export interface AccountImportResult {
  dryRun: boolean
  rows: number
  changed: number
  unchanged: number
  errors: { line: number; loginId: string; message: string }[]
}

/**
 * Account ids from CSV (`login_id,account_id`; an empty account id clears it). Every row is checked
 * first (unknown login id, account id used by someone else or twice in the file, too long); with any
 * error nothing is changed. A dry run only reports. Applying the same file again changes nothing.
 */
export async function importAttendanceAccounts(ctx: ServiceContext, rows: { line: number; loginId: string; accountId: string }[], dryRun: boolean): Promise<AccountImportResult> {
  const actor = requireAuthority(ctx.actor, 'attendance', dryRun ? 'VIEW' : 'EDIT')
  if (rows.length > 100_000) throw ValidationError.field('file', 'At most 100,000 rows per file', 'too_big')
  const errors: AccountImportResult['errors'] = []
  const loginIds = [...new Set(rows.map((row) => row.loginId.trim().toLowerCase()))]
  const members = new Map<string, { id: string; accountId: string | null }>()
  for (let index = 0; index < loginIds.length; index += 5000) {
    const found = await ctx.prisma.member.findMany({
      where: { tenantId: actor.tenantId, loginId: { in: loginIds.slice(index, index + 5000) } },
      select: { id: true, loginId: true, attendanceAccount: { select: { accountId: true } } },
    })
    for (const member of found) members.set(member.loginId, { id: member.id, accountId: member.attendanceAccount?.accountId ?? null })
  }
  const wanted = new Map<string, string>()
  const seenLogin = new Set<string>()
  const changes: { memberId: string; loginId: string; before: string | null; after: string | null }[] = []
  for (const row of rows) {
    const loginId = row.loginId.trim().toLowerCase()
    const accountId = row.accountId.trim().toLowerCase()
    const member = members.get(loginId)
    if (!loginId) errors.push({ line: row.line, loginId, message: 'login_id is empty' })
    else if (!member) errors.push({ line: row.line, loginId, message: 'No member has this login id' })
    else if (seenLogin.has(loginId)) errors.push({ line: row.line, loginId, message: 'This login id appears twice in the file' })
    else if (accountId.length > 200) errors.push({ line: row.line, loginId, message: 'account_id: at most 200 characters' })
    else if (accountId && wanted.has(accountId)) errors.push({ line: row.line, loginId, message: `account_id ${accountId} is also given to ${wanted.get(accountId)}` })
    else {
      seenLogin.add(loginId)
      if (accountId) wanted.set(accountId, loginId)
      if ((member.accountId ?? '') !== accountId) changes.push({ memberId: member.id, loginId, before: member.accountId, after: accountId || null })
    }
  }
  // An account id already held by an employee the file does not change.
  const changing = new Set(changes.map((change) => change.memberId))
  const holders = await ctx.prisma.attendanceAccount.findMany({ where: { tenantId: actor.tenantId, accountId: { in: [...wanted.keys()] } }, include: { member: { select: { loginId: true } } } })
  for (const holder of holders) {
    const claimant = wanted.get(holder.accountId)
    const releasing = changing.has(holder.memberId) && changes.find((change) => change.memberId === holder.memberId)?.after !== holder.accountId
    if (claimant && claimant !== holder.member.loginId && !releasing) {
      const line = rows.find((row) => row.loginId.trim().toLowerCase() === claimant)?.line ?? 0
      errors.push({ line, loginId: claimant, message: `account_id ${holder.accountId} already belongs to ${holder.member.loginId}` })
    }
  }
  errors.sort((a, b) => a.line - b.line)
  const result = { dryRun, rows: rows.length, changed: changes.length, unchanged: rows.length - changes.length - errors.length, errors }
  if (dryRun || errors.length > 0 || changes.length === 0) return { ...result, dryRun: dryRun || errors.length > 0 }
  await ctx.prisma.$transaction(
    async (tx) => {
      // Clear first, then set: swapping two employees' account ids does not trip the unique index.
      await tx.attendanceAccount.deleteMany({ where: { tenantId: actor.tenantId, memberId: { in: changes.map((change) => change.memberId) } } })
      await tx.attendanceAccount.createMany({
        data: changes.flatMap((change) => (change.after ? [{ tenantId: actor.tenantId, memberId: change.memberId, accountId: change.after }] : [])),
      })
      await recordAudit(
        tx,
        actor.tenantId,
        auditActorOf(actor),
        changes.map((change) => ({
          area: 'ATTENDANCE' as const,
          action: 'attendance.account.set',
          targetType: 'Member',
          targetId: change.memberId,
          targetLabel: change.loginId,
          before: { accountId: change.before },
          after: { accountId: change.after, via: 'csv' },
        })),
      )
    },
    { timeout: 120_000 },
  )
  return result
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
  const linkage = await ctx.prisma.attendanceLinkage.findUnique({ where: { tenantId: actor.tenantId }, include: { tenant: true } })
  if (!linkage?.enabled) throw new ConflictError('Turn the time-recording linkage on first')
  const employees = await ctx.prisma.member.findMany({
    where: { ...employeeWhere(actor.tenantId, { ...filter, linked: true }) },
    select: employeeSelect,
    orderBy: { loginId: 'asc' },
    take: FIRST_MESSAGE_MAX + 1,
  })
  if (employees.length > FIRST_MESSAGE_MAX) throw ValidationError.field('orgUnitId', `More than ${FIRST_MESSAGE_MAX} employees: choose a department or an employment type`)
  const language: Language = linkage.tenant.language === 'EN' ? 'en' : 'ja'
  const texts = await templatesFor(ctx.prisma, actor.tenantId, language)
  const results: FirstMessageResult[] = []
  const send = async (employee: EmployeeRow): Promise<FirstMessageResult> => {
    const accountId = employee.attendanceAccount?.accountId ?? ''
    const content = replyContent(fill(texts.firstMessage, { name: employee.familyName }), ['CLOCK_IN'], language)
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
