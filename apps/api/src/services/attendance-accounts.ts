import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CsvError, parse } from 'csv-parse'
import { ATTENDANCE_ACCOUNT_ID_PATTERN, attendanceAccountIdSchema } from '@worksbase/schema'
import { bulkInsert } from '../db/bulk.ts'
import { NotFoundError, ValidationError } from '../errors.ts'
import { enqueueJob } from '../jobs/queue.ts'
import type { ClaimedJob, JobControls } from '../jobs/worker.ts'
import { type AuditActor, auditActorOf, recordAudit, type Tx } from './audit.ts'
import { requireAuthority } from './authority.ts'
import { insertBotTalkMessage } from './talk.ts'
import type { BotDeps } from './bots.ts'
import type { ServiceContext } from './common.ts'
import { type AttendanceDeps, fill, type Language, replyContent, templatesFor } from './attendance.ts'
import { forgetUnmatchedUsers, postToLineWorks } from './attendance-inbox.ts'
import { UploadTooLargeError } from './member-import.ts'
import type { AttendanceLinkage, Prisma, PrismaClient } from '#generated/prisma/client.ts'
import type { ImportRowAction } from '#generated/prisma/enums.ts'

/** Employees and their LINE WORKS account ids: the list, one at a time, CSV import, and the first message. */

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

// ——— CSV import ————————————————————————————————————————————————————————————————————————————————————

export const ACCOUNT_IMPORT_MAX_ROWS = 100_000
export const ACCOUNT_IMPORT_MAX_BYTES = 10 * 1024 * 1024
const PARSE_BATCH = 2000
/** Rows applied per transaction (and per progress step). */
export const ACCOUNT_APPLY_BATCH = 2500

const importRowColumns = { importId: 'uuid', line: 'integer', loginId: 'text', accountId: 'text' }
const accountColumns = { id: 'uuid', tenantId: 'uuid', memberId: 'uuid', accountId: 'text', updatedAt: 'timestamptz' }

/**
 * Account changes of a tenant are serialized: the one-by-one edit takes this lock shared, starting an
 * import's apply takes it exclusively, so no edit slips in between the final check and the job.
 */
async function lockTenantAccounts(tx: Tx, tenantId: string, mode: 'shared' | 'exclusive') {
  const key = `attendance-accounts:${tenantId}`
  if (mode === 'shared') await tx.$queryRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))::text`
  else await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))::text`
}

/** The uploaded file as text, decoded strictly chunk by chunk; past `max` bytes it stops. */
async function* utf8Text(body: AsyncIterable<Uint8Array>, max: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let bytes = 0
  for await (const chunk of body) {
    bytes += chunk.byteLength
    if (bytes > max) {
      const message = `The file is larger than ${max / 1024 / 1024} MB`
      throw new UploadTooLargeError(`file: ${message}`, [{ path: ['file'], code: 'too_large', message }])
    }
    const text = decoder.decode(chunk, { stream: true })
    // A text file has no NUL character (and PostgreSQL text cannot store one).
    if (text.includes('\u0000')) throw ValidationError.field('file', 'The file contains a NUL character: it is not a CSV text file', 'invalid_csv')
    yield text
  }
  yield decoder.decode()
}

/**
 * Streams a CSV of account ids (`login_id,account_id`, other columns ignored, so an export can be
 * loaded back; an empty account id unlinks) into a stored dry run: the rows are written in batches,
 * then checked together in the database, so memory stays flat up to the 100,000-row limit. Nothing
 * changes until the import is applied.
 */
export async function createAttendanceAccountImport(ctx: ServiceContext, fileName: string, body: AsyncIterable<Uint8Array>) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  const prisma = ctx.prisma
  const accountImport = await prisma.attendanceAccountImport.create({
    data: { tenantId: actor.tenantId, createdById: actor.adminId, fileName: fileName.slice(0, 200) || 'accounts.csv' },
  })
  let total = 0
  let header = false
  let pending: Record<string, unknown>[] = []
  const flush = async () => {
    await bulkInsert(prisma, 'AttendanceAccountImportRow', importRowColumns, pending)
    pending = []
  }
  const columns = (names: string[]) => {
    const normalized = names.map((name) => name.trim().toLowerCase())
    if (!normalized.includes('login_id') || !normalized.includes('account_id')) {
      throw ValidationError.field('file', 'The header must have login_id and account_id columns', 'missing_columns')
    }
    header = true
    return normalized
  }
  try {
    await pipeline(Readable.from(utf8Text(body, ACCOUNT_IMPORT_MAX_BYTES)), parse({ bom: true, columns, skip_empty_lines: true, info: true }), async (records: AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) => {
      for await (const { record, info } of records) {
        total += 1
        if (total > ACCOUNT_IMPORT_MAX_ROWS) throw ValidationError.field('file', `At most ${ACCOUNT_IMPORT_MAX_ROWS.toLocaleString('en')} rows per file`, 'too_many_rows')
        // Longer values are refused anyway; kept short, they cannot bloat the table.
        const loginId = (record.login_id ?? '').trim().toLowerCase().slice(0, 300)
        const accountId = (record.account_id ?? '').trim().toLowerCase().slice(0, 201)
        pending.push({ importId: accountImport.id, line: info.lines, loginId, accountId })
        if (pending.length >= PARSE_BATCH) await flush()
      }
    })
    await flush()
    if (!header) throw ValidationError.field('file', 'The file is empty', 'empty_file')
  } catch (error) {
    await prisma.attendanceAccountImport.delete({ where: { id: accountImport.id } })
    if (error instanceof ValidationError) throw error
    if (error instanceof CsvError) throw ValidationError.field('file', `The file is not valid CSV: ${error.message}`, 'invalid_csv')
    if (error instanceof TypeError && /encoded data|invalid|not valid/i.test(error.message)) {
      throw ValidationError.field('file', 'The file is not valid UTF-8; save it as CSV UTF-8', 'not_utf8')
    }
    throw error
  }
  return prisma.$transaction(
    async (tx) => {
      const checked = await checkAccountImport(tx, accountImport.id, actor.tenantId)
      const done = await tx.attendanceAccountImport.update({ where: { id: accountImport.id }, data: { ...checked, status: 'VALIDATED' } })
      await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
        {
          area: 'ATTENDANCE',
          action: 'attendance.accountImport.upload',
          targetType: 'AttendanceAccountImport',
          targetId: done.id,
          targetLabel: done.fileName,
          after: { rows: done.totalRows, change: done.changeCount, unchanged: done.unchangedCount, error: done.errorCount },
        },
      ])
      return done
    },
    { timeout: 120_000 },
  )
}

/**
 * Checks every row of an import against the file and the accounts as they are now, in the database
 * (set-based, so 100,000 rows cost a handful of statements). In order, the first that applies:
 * empty_login_id, unknown_login_id, repeated_login_id (an earlier line has it), account_id_too_long,
 * account_id_invalid (neither a login id nor a user id: attendanceAccountIdSchema's rule),
 * account_id_repeated (an earlier valid line claims it), account_id_taken (an employee the file does
 * not move off it holds it). Other rows change (UPDATE) or not (SKIP). Run again before applying.
 */
async function checkAccountImport(tx: Tx, importId: string, tenantId: string) {
  // Each row is checked with index lookups (correlated subqueries, joins driven by the import's rows),
  // whatever plan the database would pick without statistics (PGlite never analyzes).
  await tx.$executeRaw`
    UPDATE "AttendanceAccountImportRow" AS r
    SET ("memberId", "before") = (
          SELECT m.id, a."accountId" FROM "Member" AS m LEFT JOIN "AttendanceAccount" AS a ON a."memberId" = m.id
          WHERE m."tenantId" = ${tenantId}::uuid AND m."loginId" = r."loginId"),
        "errorCode" = NULL, "errorMessage" = NULL, "otherLoginId" = NULL
    WHERE r."importId" = ${importId}::uuid`
  await tx.$executeRaw`
    UPDATE "AttendanceAccountImportRow" SET "errorCode" = 'empty_login_id', "errorMessage" = 'login_id is empty'
    WHERE "importId" = ${importId}::uuid AND "loginId" = ''`
  await tx.$executeRaw`
    UPDATE "AttendanceAccountImportRow" SET "errorCode" = 'unknown_login_id', "errorMessage" = 'No member has this login id'
    WHERE "importId" = ${importId}::uuid AND "errorCode" IS NULL AND "memberId" IS NULL`
  await tx.$executeRaw`
    UPDATE "AttendanceAccountImportRow" AS r SET "errorCode" = 'repeated_login_id', "errorMessage" = 'This login id appears twice in the file'
    WHERE r."importId" = ${importId}::uuid AND r."errorCode" IS NULL
      AND EXISTS (SELECT 1 FROM "AttendanceAccountImportRow" AS earlier WHERE earlier."importId" = r."importId" AND earlier."loginId" = r."loginId" AND earlier.line < r.line)`
  await tx.$executeRaw`
    UPDATE "AttendanceAccountImportRow" SET "errorCode" = 'account_id_too_long', "errorMessage" = 'account_id: at most 200 characters'
    WHERE "importId" = ${importId}::uuid AND "errorCode" IS NULL AND length("accountId") > 200`
  await tx.$executeRaw`
    UPDATE "AttendanceAccountImportRow" SET "errorCode" = 'account_id_invalid', "errorMessage" = 'account_id: write a login id (name@domain) or a LINE WORKS user id'
    WHERE "importId" = ${importId}::uuid AND "errorCode" IS NULL AND "accountId" <> '' AND "accountId" !~ ${ATTENDANCE_ACCOUNT_ID_PATTERN}`
  // The statement sees the rows as they were before it: the first valid line keeps the account id.
  await tx.$executeRaw`
    UPDATE "AttendanceAccountImportRow" AS r
    SET "errorCode" = 'account_id_repeated', "otherLoginId" = (
      SELECT earlier."loginId" FROM "AttendanceAccountImportRow" AS earlier
      WHERE earlier."importId" = r."importId" AND earlier."accountId" = r."accountId" AND earlier.line < r.line AND earlier."errorCode" IS NULL
      ORDER BY earlier.line LIMIT 1)
    WHERE r."importId" = ${importId}::uuid AND r."errorCode" IS NULL AND r."accountId" <> '' AND EXISTS (
      SELECT 1 FROM "AttendanceAccountImportRow" AS earlier
      WHERE earlier."importId" = r."importId" AND earlier."accountId" = r."accountId" AND earlier.line < r.line AND earlier."errorCode" IS NULL)`
  // Held by another employee, unless the file moves them to another account id (or unlinks them):
  // then theirs is released, so swaps work.
  await tx.$executeRaw`
    WITH held AS (
      SELECT r.line, holder."loginId" FROM "AttendanceAccountImportRow" AS r
      JOIN "AttendanceAccount" AS a ON a."tenantId" = ${tenantId}::uuid AND a."accountId" = r."accountId" AND a."memberId" <> r."memberId"
      JOIN "Member" AS holder ON holder.id = a."memberId"
      WHERE r."importId" = ${importId}::uuid AND r."errorCode" IS NULL AND r."accountId" <> ''
        AND NOT EXISTS (
          SELECT 1 FROM "AttendanceAccountImportRow" AS moved
          WHERE moved."importId" = r."importId" AND moved."memberId" = a."memberId" AND moved."errorCode" IS NULL AND moved."accountId" <> a."accountId"))
    UPDATE "AttendanceAccountImportRow" AS r SET "errorCode" = 'account_id_taken', "otherLoginId" = held."loginId"
    FROM held WHERE r."importId" = ${importId}::uuid AND r.line = held.line`
  await tx.$executeRaw`
    UPDATE "AttendanceAccountImportRow"
    SET action = (CASE WHEN "errorCode" IS NOT NULL THEN 'ERROR' WHEN COALESCE("before", '') = "accountId" THEN 'SKIP' ELSE 'UPDATE' END)::"ImportRowAction",
        "errorMessage" = CASE "errorCode"
          WHEN 'account_id_repeated' THEN 'account_id ' || "accountId" || ' is also given to ' || "otherLoginId"
          WHEN 'account_id_taken' THEN 'account_id ' || "accountId" || ' already belongs to ' || "otherLoginId"
          ELSE "errorMessage" END
    WHERE "importId" = ${importId}::uuid`
  const counts = await tx.$queryRaw<{ action: ImportRowAction; count: number }[]>`
    SELECT action, count(*)::int AS count FROM "AttendanceAccountImportRow" WHERE "importId" = ${importId}::uuid GROUP BY action`
  const count = (action: ImportRowAction) => counts.find((row) => row.action === action)?.count ?? 0
  return {
    totalRows: counts.reduce((sum, row) => sum + row.count, 0),
    changeCount: count('UPDATE'),
    unchangedCount: count('SKIP'),
    errorCount: count('ERROR'),
  }
}

/** The first rows in error of an import, by line (the REST answer lists them; GraphQL pages them all). */
export function accountImportErrors(prisma: PrismaClient, importId: string, take: number) {
  return prisma.attendanceAccountImportRow.findMany({
    where: { importId, action: 'ERROR' },
    orderBy: { line: 'asc' },
    take,
    select: { line: true, loginId: true, accountId: true, errorCode: true, errorMessage: true, otherLoginId: true },
  })
}

/**
 * Starts applying a checked import. The rows are checked once more against the accounts as they are
 * now (another admin may have changed some since): with any error nothing is applied and the import
 * keeps its new verdicts. Else a job applies the changes in batches; one-by-one edits wait until it is done.
 */
export async function applyAttendanceAccountImport(ctx: ServiceContext & { nudge?: () => void }, id: string) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  const outcome = await ctx.prisma.$transaction(
    async (tx) => {
      await lockTenantAccounts(tx, actor.tenantId, 'exclusive')
      const found = await tx.attendanceAccountImport.findFirst({ where: { id, tenantId: actor.tenantId } })
      if (!found) throw new NotFoundError('Import')
      if (found.status !== 'VALIDATED') {
        throw ValidationError.field('id', `This import is ${found.status.toLowerCase()} and cannot be applied`, 'import_not_pending')
      }
      const running = await tx.attendanceAccountImport.findFirst({ where: { tenantId: actor.tenantId, status: 'APPLYING' }, select: { id: true } })
      if (running) throw ValidationError.field('id', 'Another account import is being applied: wait until it is done', 'import_running')
      const checked = await checkAccountImport(tx, id, actor.tenantId)
      const applying = checked.errorCount === 0
      const updated = await tx.attendanceAccountImport.update({ where: { id }, data: { ...checked, ...(applying && { status: 'APPLYING' as const }) } })
      if (!applying) return updated
      const who = auditActorOf(actor)
      await enqueueJob(tx, 'attendance.account-import', { importId: id, ...who }, { tenantId: actor.tenantId })
      await recordAudit(tx, actor.tenantId, who, [
        { area: 'ATTENDANCE', action: 'attendance.accountImport.apply', targetType: 'AttendanceAccountImport', targetId: id, targetLabel: found.fileName },
      ])
      return updated
    },
    { timeout: 120_000 },
  )
  if (outcome.status !== 'APPLYING') {
    throw ValidationError.field('id', `${outcome.errorCount} rows are in error now: nothing was applied`, 'import_has_errors')
  }
  ctx.nudge?.()
  return outcome
}

/** The import once it is no longer applying, or as it is after `timeoutMs`. */
export async function waitForAccountImport(prisma: PrismaClient, id: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const found = await prisma.attendanceAccountImport.findUniqueOrThrow({ where: { id } })
    if (found.status !== 'APPLYING' || Date.now() >= until) return found
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * The `attendance.account-import` job: applies an import's changes in batches, each with its audit
 * entries and the rows' "applied" marks in one transaction, so a restart resumes where it stopped and
 * no row is applied twice. A changed account is deleted and created again (its resolved LINE WORKS
 * user id goes with the old account id); an account a later row of the file moves away from is freed
 * first, so swaps across batches work.
 */
export function attendanceAccountImportHandler(deps: { prisma: PrismaClient }) {
  return async (job: ClaimedJob<'attendance.account-import'>, controls: JobControls): Promise<'done' | 'paused'> => {
    const { importId, ...who } = job.payload
    const found = await deps.prisma.attendanceAccountImport.findUnique({ where: { id: importId } })
    if (found?.status !== 'APPLYING') return 'done'
    try {
      for (;;) {
        if (controls.stopping()) return 'paused'
        const applied = await deps.prisma.$transaction((tx) => applyAccountBatch(tx, found.tenantId, who, importId), { timeout: 60_000 })
        forgetUnmatchedUsers()
        if (applied === 0) break
        await controls.heartbeat()
      }
    } catch (error) {
      if (job.attempts >= job.maxAttempts) {
        await deps.prisma.attendanceAccountImport.update({
          where: { id: importId },
          data: { status: 'FAILED', failure: 'Applying stopped after repeated errors; the rows applied so far stay applied.', finishedAt: new Date() },
        })
      }
      throw error
    }
    await deps.prisma.$transaction(async (tx) => {
      const done = await tx.attendanceAccountImport.update({ where: { id: importId }, data: { status: 'APPLIED', finishedAt: new Date() } })
      await recordAudit(tx, found.tenantId, who, [
        { area: 'ATTENDANCE', action: 'attendance.accountImport.applied', targetType: 'AttendanceAccountImport', targetId: importId, targetLabel: done.fileName, after: { applied: done.appliedRows } },
      ])
    })
    return 'done'
  }
}

/** Applies the next batch of an import's changes; answers how many rows it applied (0: none left). */
async function applyAccountBatch(tx: Tx, tenantId: string, who: AuditActor, importId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ line: number; memberId: string; loginId: string; accountId: string; before: string | null }[]>`
    SELECT line, "memberId"::text AS "memberId", "loginId", "accountId", "before" FROM "AttendanceAccountImportRow"
    WHERE "importId" = ${importId}::uuid AND action = 'UPDATE' AND "appliedAt" IS NULL
    ORDER BY line LIMIT ${ACCOUNT_APPLY_BATCH}`
  if (rows.length === 0) return 0
  const memberIds = rows.map((row) => row.memberId)
  const targets = rows.flatMap((row) => (row.accountId ? [row.accountId] : []))
  await tx.$executeRaw`
    DELETE FROM "AttendanceAccount" WHERE "tenantId" = ${tenantId}::uuid AND (
      "memberId" = ANY(${memberIds}::uuid[])
      OR ("accountId" = ANY(${targets}::text[]) AND "memberId" IN (
        SELECT "memberId" FROM "AttendanceAccountImportRow" WHERE "importId" = ${importId}::uuid AND action = 'UPDATE' AND "appliedAt" IS NULL)))`
  // A member deleted since the check has nothing left to set.
  const present = new Set((await tx.member.findMany({ where: { id: { in: memberIds }, tenantId }, select: { id: true } })).map((member) => member.id))
  const now = new Date()
  const setting = rows.filter((row) => row.accountId && present.has(row.memberId))
  await bulkInsert(
    tx,
    'AttendanceAccount',
    accountColumns,
    setting.map((row) => ({ id: randomUUID(), tenantId, memberId: row.memberId, accountId: row.accountId, updatedAt: now.toISOString() })),
  )
  await recordAudit(
    tx,
    tenantId,
    who,
    rows
      .filter((row) => present.has(row.memberId))
      .map((row) => ({
        area: 'ATTENDANCE' as const,
        action: 'attendance.account.set',
        targetType: 'Member',
        targetId: row.memberId,
        targetLabel: row.loginId,
        before: { accountId: row.before },
        after: { accountId: row.accountId || null, via: 'csv', importId },
      })),
  )
  await tx.$executeRaw`
    UPDATE "AttendanceAccountImportRow" SET "appliedAt" = ${now} WHERE "importId" = ${importId}::uuid AND line = ANY(${rows.map((row) => row.line)}::int[])`
  await tx.attendanceAccountImport.update({ where: { id: importId }, data: { appliedRows: { increment: rows.length } } })
  return rows.length
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
