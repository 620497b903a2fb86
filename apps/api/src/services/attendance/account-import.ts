import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CsvError, parse } from 'csv-parse'
import { ATTENDANCE_ACCOUNT_ID_PATTERN } from '@worksbase/schema'
import { bulkInsert } from '../../db/bulk.ts'
import { NotFoundError, ValidationError } from '../../errors.ts'
import { csvText } from '../../lib/csv-text.ts'
import { enqueueJob } from '../../jobs/queue.ts'
import type { ClaimedJob, JobControls } from '../../jobs/worker.ts'
import { type AuditActor, auditActorOf, recordAudit, type Tx } from '../audit.ts'
import { requireAuthority } from '../authority.ts'
import type { ServiceContext } from '../common.ts'
import { forgetUnmatchedUsers } from './lineworks-client.ts'
import type { PrismaClient } from '#generated/prisma/client.ts'
import type { ImportRowAction } from '#generated/prisma/enums.ts'

/** Employees' account ids from a CSV file: checked in the database, then applied by a durable job. */

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
export async function lockTenantAccounts(tx: Tx, tenantId: string, mode: 'shared' | 'exclusive') {
  const key = `attendance-accounts:${tenantId}`
  if (mode === 'shared') await tx.$queryRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))::text`
  else await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))::text`
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
    await pipeline(Readable.from(csvText(body, ACCOUNT_IMPORT_MAX_BYTES)), parse({ bom: true, columns, skip_empty_lines: true, info: true }), async (records: AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) => {
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
 * now (another admin may have changed some since); rows in error then are left out, as in the member
 * import: the valid rows are applied, the others stay listed with their reasons. A job applies the
 * changes in batches; one-by-one edits wait until it is done. With nothing to change, the import is
 * applied at once.
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
      const who = auditActorOf(actor)
      const audit = { area: 'ATTENDANCE', targetType: 'AttendanceAccountImport', targetId: id, targetLabel: found.fileName } as const
      if (checked.changeCount === 0) {
        const done = await tx.attendanceAccountImport.update({ where: { id }, data: { ...checked, status: 'APPLIED', finishedAt: new Date() } })
        await recordAudit(tx, actor.tenantId, who, [{ ...audit, action: 'attendance.accountImport.applied', after: { applied: 0, skippedErrors: checked.errorCount } }])
        return done
      }
      const updated = await tx.attendanceAccountImport.update({ where: { id }, data: { ...checked, status: 'APPLYING' } })
      await enqueueJob(tx, 'attendance.account-import', { importId: id, ...who }, { tenantId: actor.tenantId })
      await recordAudit(tx, actor.tenantId, who, [{ ...audit, action: 'attendance.accountImport.apply', after: { change: checked.changeCount, skippedErrors: checked.errorCount } }])
      return updated
    },
    { timeout: 120_000 },
  )
  if (outcome.status === 'APPLYING') ctx.nudge?.()
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

