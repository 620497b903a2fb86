import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import {
  MEMBER_IMPORT_MAX_BYTES,
  MEMBER_IMPORT_MAX_ROWS,
  type MemberCsvColumn,
  emailSchema,
  issueCode,
  loginIdSchema,
  memberCsvColumns,
  memberNameSchema,
  memberStatusSchema,
  readingSchema,
  singleLine,
} from '@worksbase/schema'
import { CsvError, parse } from 'csv-parse'
import { z } from 'zod'
import type { Actor } from './actor.ts'
import { bulkInsert } from '../db/bulk.ts'
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts'
import { csvText } from '../lib/csv-text.ts'
import { enqueueJob, type JobPayloads } from '../jobs/queue.ts'
import type { ClaimedJob, JobControls } from '../jobs/worker.ts'
import { auditActorOf, canonicalJson, recordAudit, type AuditActor, type AuditInput, type Tx } from './audit.ts'
import { requireAuthority } from './authority.ts'
import type { ServiceContext } from './common.ts'
import type { AppPubSub } from './pubsub.ts'
import { autoGrantNewMembers, syncExternalLinkMembers } from './external.ts'
import { memberKeys, memberUpdateData } from './members.ts'
import type { Member, Prisma, PrismaClient } from '#generated/prisma/client.ts'
import type { ImportRowAction } from '#generated/prisma/enums.ts'

const PARSE_BATCH = 2000
export const APPLY_BATCH = 2500

const importRowColumns = {
  importId: 'uuid',
  line: 'integer',
  tenantId: 'uuid',
  loginId: 'text',
  action: '"ImportRowAction"',
  data: 'jsonb',
  errors: 'jsonb',
}

const memberColumns = {
  id: 'uuid',
  userId: 'uuid',
  tenantId: 'uuid',
  domainId: 'uuid',
  loginId: 'text',
  familyName: 'text',
  givenName: 'text',
  familyNameReading: 'text',
  givenNameReading: 'text',
  i18nNames: 'jsonb',
  nickname: 'text',
  email: 'text',
  orgUnitId: 'uuid',
  employmentTypeId: 'uuid',
  status: '"MemberStatus"',
  searchText: 'text',
  readingKey: 'text',
  nameKey: 'text',
  updatedAt: 'timestamptz',
}

/**
 * A validated row, in database terms, as the dry run stores it for the apply (the row's `data`).
 * Fields absent from the file's header are left out (unchanged).
 */
const storedRowData = z.object({
  domainId: z.string(),
  loginId: z.string(),
  familyName: z.string().optional(),
  givenName: z.string().optional(),
  familyNameReading: z.string().nullable().optional(),
  givenNameReading: z.string().nullable().optional(),
  i18nNames: z.array(memberNameSchema).optional(),
  nickname: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  orgUnitId: z.string().nullable().optional(),
  employmentTypeId: z.string().nullable().optional(),
  status: memberStatusSchema.optional(),
})
export type ImportRowData = z.output<typeof storedRowData>

const optionalCell = (max: number) => singleLine(max, 0).transform((value) => (value === '' ? null : value))

const rowSchema = z.object({
  login_id: loginIdSchema,
  family_name: singleLine(50).optional(),
  given_name: singleLine(50, 0).optional(),
  family_name_en: singleLine(50, 0).optional(),
  given_name_en: singleLine(50, 0).optional(),
  family_name_reading: readingSchema.transform((value) => (value === '' ? null : value)).optional(),
  given_name_reading: readingSchema.transform((value) => (value === '' ? null : value)).optional(),
  nickname: optionalCell(50).optional(),
  email: z.union([z.literal(''), emailSchema]).transform((value) => (value === '' ? null : value)).optional(),
  department: singleLine(100, 0).optional(),
  employment_type: singleLine(50, 0).optional(),
  status: z
    .string()
    .trim()
    .toUpperCase()
    .transform((value) => (value === '' ? 'ACTIVE' : value))
    .pipe(z.enum(['ACTIVE', 'SUSPENDED'], { message: 'Use ACTIVE or SUSPENDED' }))
    .optional(),
})

interface TenantDirectory {
  domains: Map<string, string>
  /** `${domainId}\n${name}` → org unit id */
  orgUnits: Map<string, string>
  employmentTypes: Map<string, string>
}

async function loadDirectory(prisma: PrismaClient | Tx, tenantId: string): Promise<TenantDirectory> {
  const [domains, orgUnits, employmentTypes] = await Promise.all([
    prisma.domain.findMany({ where: { tenantId }, select: { id: true, name: true } }),
    prisma.orgUnit.findMany({ where: { tenantId }, select: { id: true, name: true, domainId: true } }),
    prisma.employmentType.findMany({ where: { tenantId }, select: { id: true, name: true } }),
  ])
  return {
    domains: new Map(domains.map((domain) => [domain.name, domain.id])),
    orgUnits: new Map(orgUnits.map((unit) => [`${unit.domainId}\n${unit.name}`, unit.id])),
    employmentTypes: new Map(employmentTypes.map((type) => [type.name, type.id])),
  }
}

/**
 * What is wrong with a row: the column (null for the whole row), a stable code the UI words in the
 * reader's language, the English message, and the limit or value the words need. Codes: the zod
 * issue codes of `rowSchema` (`required`, `too_small`, `too_big` with `limit`, `invalid_format`,
 * `invalid_value`, and the custom `login_id_format`, `domain_missing`, `control_characters`,
 * `email_format`), `family_name_required`, `unknown_domain`, `unknown_department`,
 * `unknown_employment_type` (with `value`), `duplicate_login_id` (`value`: the first line),
 * `csv_column_count`, `csv_quote_not_closed`, `csv_stray_quote`, `csv_malformed`, and at apply
 * time `domain_deleted`, `department_deleted`, `employment_type_deleted`.
 */
const rowProblemSchema = z.object({
  column: z.string().nullable(),
  // Rows stored before codes existed read as `custom` (their message is shown as it is).
  code: z.string().default('custom'),
  message: z.string(),
  limit: z.number().optional(),
  value: z.string().optional(),
})
type RowProblem = z.input<typeof rowProblemSchema>
const storedProblems = z.array(rowProblemSchema).nullable()

/** A row's stored `errors` column (what the dry run or the apply found wrong), checked. */
export function rowProblemsOf(column: Prisma.JsonValue): z.output<typeof rowProblemSchema>[] {
  return storedProblems.parse(column) ?? []
}

/** A zod issue of `rowSchema` as a row problem. */
function issueProblem(issue: z.core.$ZodIssue): RowProblem {
  const column = String(issue.path[0] ?? '')
  if (issue.code === 'too_small' && Number(issue.minimum) === 1 && issue.origin === 'string') return { column, code: 'required', message: issue.message }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    return { column, code: issue.code, message: issue.message, limit: Number(issue.code === 'too_small' ? issue.minimum : issue.maximum) }
  }
  return { column, code: issueCode(issue), message: issue.message }
}

/** Validates one CSV record against the schema and the tenant's directory. */
function toRowData(
  record: Record<string, string>,
  columns: Set<MemberCsvColumn>,
  directory: TenantDirectory,
): { data: ImportRowData; loginId: string } | { problems: RowProblem[]; loginId: string | null } {
  const parsed = rowSchema.safeParse(record)
  const loginId = record.login_id?.trim().toLowerCase() || null
  if (!parsed.success) {
    return {
      loginId,
      problems: parsed.error.issues.map(issueProblem),
    }
  }
  const row = parsed.data
  const problems: RowProblem[] = []
  const domainName = row.login_id.slice(row.login_id.indexOf('@') + 1)
  const domainId = directory.domains.get(domainName)
  if (!domainId) problems.push({ column: 'login_id', code: 'unknown_domain', message: `Unknown domain ${domainName}`, value: domainName })
  const data: ImportRowData = { domainId: domainId ?? '', loginId: row.login_id }
  if (columns.has('family_name')) data.familyName = row.family_name
  if (columns.has('given_name')) data.givenName = row.given_name ?? ''
  if (columns.has('family_name_en') || columns.has('given_name_en')) {
    data.i18nNames = row.family_name_en ? [{ language: 'EN', familyName: row.family_name_en, givenName: row.given_name_en ?? '' }] : []
  }
  if (columns.has('family_name_reading')) data.familyNameReading = row.family_name_reading ?? null
  if (columns.has('given_name_reading')) data.givenNameReading = row.given_name_reading ?? null
  if (columns.has('nickname')) data.nickname = row.nickname ?? null
  if (columns.has('email')) data.email = row.email ?? null
  if (columns.has('department')) {
    if (!row.department) data.orgUnitId = null
    else {
      const id = directory.orgUnits.get(`${domainId}\n${row.department}`)
      if (!id) problems.push({ column: 'department', code: 'unknown_department', message: `Unknown department ${row.department} in ${domainName}`, value: row.department })
      data.orgUnitId = id ?? null
    }
  }
  if (columns.has('employment_type')) {
    if (!row.employment_type) data.employmentTypeId = null
    else {
      const id = directory.employmentTypes.get(row.employment_type)
      if (!id) problems.push({ column: 'employment_type', code: 'unknown_employment_type', message: `Unknown employment type ${row.employment_type}`, value: row.employment_type })
      data.employmentTypeId = id ?? null
    }
  }
  if (columns.has('status')) data.status = row.status ?? 'ACTIVE'
  return problems.length > 0 ? { loginId: row.login_id, problems } : { loginId: row.login_id, data }
}

const comparedFields = ['familyName', 'givenName', 'familyNameReading', 'givenNameReading', 'i18nNames', 'nickname', 'email', 'orgUnitId', 'employmentTypeId', 'status'] as const

/** What applying `data` would change on `member`; empty when nothing. */
function changedFields(member: Member, data: ImportRowData): string[] {
  const changed: string[] = []
  if (member.domainId !== data.domainId) changed.push('domainId')
  for (const field of comparedFields) {
    const next = data[field]
    if (next === undefined) continue
    if (canonicalJson(member[field]) !== canonicalJson(next)) changed.push(field)
  }
  return changed
}

interface PendingRow {
  line: number
  loginId: string | null
  data: ImportRowData | null
  problems: RowProblem[] | null
}

/**
 * Streams an uploaded CSV into a dry run: every row is validated and classified as create, update,
 * skip or error (with its line number) and stored; nothing is applied to members yet. The body is
 * read in chunks and written in batches, so memory stays flat however long the file is.
 */
export async function createMemberImport(
  ctx: ServiceContext & { pubsub: AppPubSub },
  fileName: string,
  body: ReadableStream<Uint8Array>,
) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const prisma = ctx.prisma
  const memberImport = await prisma.memberImport.create({
    data: { tenantId: actor.tenantId, createdById: actor.adminId, fileName: fileName.slice(0, 200) || 'members.csv' },
  })
  const directory = await loadDirectory(prisma, actor.tenantId)
  const counts: Record<ImportRowAction, number> = { CREATE: 0, UPDATE: 0, SKIP: 0, ERROR: 0 }
  const seen = new Map<string, number>()
  let columns = new Set<MemberCsvColumn>()
  let total = 0
  let pending: PendingRow[] = []

  const flush = async () => {
    if (pending.length === 0) return
    const batch = pending
    pending = []
    const loginIds = batch.flatMap((row) => (row.data ? [row.data.loginId] : []))
    const existing = new Map(
      (
        await prisma.$queryRaw<Member[]>`
          SELECT * FROM "Member" WHERE "tenantId" = ${actor.tenantId}::uuid AND "loginId" = ANY(${loginIds}::text[])`
      ).map((member) => [
        member.loginId,
        member,
      ]),
    )
    const rows = batch.map((row) => {
      let action: ImportRowAction
      let errors: RowProblem[] | null = row.problems
      if (!row.data) action = 'ERROR'
      else {
        const member = existing.get(row.data.loginId)
        if (!member) {
          if (row.data.familyName === undefined) {
            action = 'ERROR'
            errors = [{ column: 'family_name', code: 'family_name_required', message: 'A new member needs a family name' }]
          } else action = 'CREATE'
        } else action = changedFields(member, row.data).length > 0 ? 'UPDATE' : 'SKIP'
      }
      counts[action] += 1
      return {
        importId: memberImport.id,
        tenantId: actor.tenantId,
        line: row.line,
        loginId: row.loginId,
        action,
        data: action === 'ERROR' || !row.data ? null : row.data,
        errors,
      }
    })
    await bulkInsert(prisma, 'MemberImportRow', importRowColumns, rows)
    await prisma.memberImport.update({
      where: { id: memberImport.id },
      data: { totalRows: total, createCount: counts.CREATE, updateCount: counts.UPDATE, skipCount: counts.SKIP, errorCount: counts.ERROR },
    })
    ctx.pubsub.publish('memberImport:progress', memberImport.id, { id: memberImport.id })
  }

  // Decoded as it arrives (UTF-8 or Excel's Shift_JIS, see csvText); past the limit it stops.
  const source = Readable.from(csvText(body, MEMBER_IMPORT_MAX_BYTES))
  const parser = source.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim().toLowerCase())
        const unknown = names.filter((name) => !(memberCsvColumns as readonly string[]).includes(name))
        if (unknown.length > 0) {
          throw ValidationError.field('file', `Unknown columns: ${unknown.join(', ')}. Allowed: ${memberCsvColumns.join(', ')}`, 'unknown_columns', unknown.join(', '))
        }
        if (!names.includes('login_id')) throw ValidationError.field('file', 'The header must have a login_id column', 'missing_columns', 'login_id')
        const repeated = names.find((name, index) => names.indexOf(name) !== index)
        if (repeated) throw ValidationError.field('file', 'A column appears twice in the header', 'duplicate_column', repeated)
        columns = new Set(names as MemberCsvColumn[])
        return names
      },
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      // A quote inside an unquoted value is kept as written (as Excel reads it). Strictly, every
      // such quote was an error of its own: one 60 KB line of them cost seconds of blocked CPU.
      relax_quotes: true,
    }),
  )
  // One error row per line, with its first problem: csv-parse may report a line more than once (once
  // per stray quote without relax_quotes), and a second row for a line broke the import's primary key
  // (an HTTP 500). A malformed header refuses the file: the next line would silently become the header.
  let lastSkippedLine = 0
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    const line = error.lines ?? 0
    if (columns.size === 0) {
      parser.destroy(ValidationError.field('file', `The header row is not valid CSV: ${csvProblem(error).message.toLowerCase()}`, 'invalid_header'))
      return
    }
    if (line === lastSkippedLine) return
    lastSkippedLine = line
    total += 1
    pending.push({ line, loginId: null, data: null, problems: [{ column: null, ...csvProblem(error) }] })
  })
  source.on('error', (error) => parser.destroy(error))

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      total += 1
      if (total > MEMBER_IMPORT_MAX_ROWS) throw ValidationError.field('file', `At most ${MEMBER_IMPORT_MAX_ROWS} rows per file`, 'too_many_rows')
      const line = info.lines
      const result = toRowData(record, columns, directory)
      if ('data' in result) {
        const firstLine = seen.get(result.loginId)
        if (firstLine !== undefined) {
          pending.push({
            line,
            loginId: result.loginId,
            data: null,
            problems: [{ column: 'login_id', code: 'duplicate_login_id', message: `Same login id as line ${firstLine}`, value: String(firstLine) }],
          })
        } else {
          seen.set(result.loginId, line)
          pending.push({ line, loginId: result.loginId, data: result.data, problems: null })
        }
      } else pending.push({ line, loginId: result.loginId, data: null, problems: result.problems })
      if (pending.length >= PARSE_BATCH) await flush()
    }
    await flush()
    if (total === 0 && columns.size === 0) throw ValidationError.field('file', 'The file is empty', 'empty_file')
  } catch (error) {
    await prisma.memberImport.delete({ where: { id: memberImport.id } })
    if (error instanceof ValidationError) throw error
    if (error instanceof CsvError) throw ValidationError.field('file', csvProblem(error).message, 'invalid_csv')
    throw error
  }
  return prisma.$transaction(async (tx) => {
    const done = await tx.memberImport.update({ where: { id: memberImport.id }, data: { status: 'VALIDATED' } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'MEMBERS',
        action: 'memberImport.upload',
        targetType: 'MemberImport',
        targetId: done.id,
        targetLabel: done.fileName,
        after: { rows: done.totalRows, create: done.createCount, update: done.updateCount, skip: done.skipCount, error: done.errorCount },
      },
    ])
    return done
  })
}

function csvProblem(error: CsvError & { lines?: number }): { code: string; message: string } {
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return { code: 'csv_column_count', message: 'Wrong number of columns' }
    case 'CSV_QUOTE_NOT_CLOSED':
      return { code: 'csv_quote_not_closed', message: 'A quoted value is not closed' }
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return { code: 'csv_stray_quote', message: 'Stray characters after a closing quote' }
    default:
      return { code: 'csv_malformed', message: 'Malformed CSV row' }
  }
}

async function findImport(tx: Tx | PrismaClient, actor: Actor, id: string) {
  const found = await tx.memberImport.findFirst({ where: { id, tenantId: actor.tenantId } })
  if (!found) throw new NotFoundError('Import')
  return found
}

/** Starts applying a validated import in the background; rows with errors are not applied. */
export async function applyMemberImport(ctx: ServiceContext & { nudge?: () => void }, id: string) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const result = await ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "MemberImport" WHERE id = ${id}::uuid FOR UPDATE`
    const found = await findImport(tx, actor, id)
    if (found.status !== 'VALIDATED') throw new ConflictError(`This import is ${found.status.toLowerCase()} and cannot be applied`)
    const updated = await tx.memberImport.update({ where: { id }, data: { status: 'APPLYING' } })
    const who = auditActorOf(actor)
    await enqueueJob(tx, 'member-import.apply', { importId: id, ...who }, { tenantId: actor.tenantId })
    await recordAudit(tx, actor.tenantId, who, [
      { area: 'MEMBERS', action: 'memberImport.apply', targetType: 'MemberImport', targetId: id, targetLabel: found.fileName },
    ])
    return updated
  })
  ctx.nudge?.()
  return result
}

export async function cancelMemberImport(ctx: ServiceContext, id: string) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  return ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "MemberImport" WHERE id = ${id}::uuid FOR UPDATE`
    const found = await findImport(tx, actor, id)
    if (found.status !== 'VALIDATED') throw new ConflictError(`This import is ${found.status.toLowerCase()} and cannot be cancelled`)
    const cancelled = await tx.memberImport.update({ where: { id }, data: { status: 'CANCELLED', finishedAt: new Date() } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'MEMBERS', action: 'memberImport.cancel', targetType: 'MemberImport', targetId: id, targetLabel: found.fileName },
    ])
    return cancelled
  })
}

/**
 * Applies an import's rows in batches. Each batch writes its members, their audit entries and the
 * rows' "applied" marks in one transaction, so after a crash the job resumes exactly where it stopped
 * and no row is applied twice. Rows are re-checked against the current data (upsert on login id).
 */
export function memberImportApplyHandler(deps: { prisma: PrismaClient; pubsub: AppPubSub }) {
  return async (job: ClaimedJob<'member-import.apply'>, controls: JobControls): Promise<'done' | 'paused'> => {
    const { importId } = job.payload
    const who: AuditActor = { actorType: job.payload.actorType, actorId: job.payload.actorId, actorLabel: job.payload.actorLabel }
    const prisma = deps.prisma
    const memberImport = await prisma.memberImport.findUnique({ where: { id: importId } })
    if (memberImport?.status !== 'APPLYING') return 'done'
    const tenantId = memberImport.tenantId
    try {
      for (;;) {
        if (controls.stopping()) return 'paused'
        const rows = await prisma.$queryRaw<{ line: number; data: Prisma.JsonValue }[]>`
          SELECT line, data FROM "MemberImportRow"
          WHERE "importId" = ${importId}::uuid AND "appliedAt" IS NULL AND action IN ('CREATE', 'UPDATE')
          ORDER BY line LIMIT ${APPLY_BATCH}`
        if (rows.length === 0) break
        await prisma.$transaction(async (tx) => applyBatch(tx, tenantId, who, importId, rows), { timeout: 60_000 })
        await controls.heartbeat()
        deps.pubsub.publish('memberImport:progress', importId, { id: importId })
      }
    } catch (error) {
      if (job.attempts >= job.maxAttempts) {
        await prisma.memberImport.update({
          where: { id: importId },
          data: { status: 'FAILED', failure: 'Applying stopped after repeated errors; applied rows stay applied.', finishedAt: new Date() },
        })
        deps.pubsub.publish('memberImport:progress', importId, { id: importId })
      }
      throw error
    }
    await prisma.$transaction(async (tx) => {
      const done = await tx.memberImport.update({ where: { id: importId }, data: { status: 'APPLIED', finishedAt: new Date() } })
      await recordAudit(tx, tenantId, who, [
        {
          area: 'MEMBERS',
          action: 'memberImport.applied',
          targetType: 'MemberImport',
          targetId: importId,
          targetLabel: done.fileName,
          after: { applied: done.appliedRows },
        },
      ])
    })
    deps.pubsub.publish('memberImport:progress', importId, { id: importId })
    return 'done'
  }
}

async function applyBatch(
  tx: Tx,
  tenantId: string,
  who: AuditActor,
  importId: string,
  rows: { line: number; data: Prisma.JsonValue }[],
) {
  const directory = await loadDirectory(tx, tenantId)
  const validDomains = new Set(directory.domains.values())
  const validUnits = new Set(directory.orgUnits.values())
  const validTypes = new Set(directory.employmentTypes.values())
  const datas = rows.map((row) => storedRowData.parse(row.data))
  const existing = new Map(
    (
      await tx.$queryRaw<Member[]>`
        SELECT * FROM "Member" WHERE "tenantId" = ${tenantId}::uuid AND "loginId" = ANY(${datas.map((data) => data.loginId)}::text[])`
    ).map((member) => [
      member.loginId,
      member,
    ]),
  )
  const now = new Date()
  const creates: Record<string, unknown>[] = []
  const createdData = new Map<string, ImportRowData>()
  const audits: AuditInput[] = []
  const updatedIds: string[] = []
  const applied: number[] = []
  const failed: { line: number; code: string; message: string }[] = []
  for (const [index, data] of datas.entries()) {
    const line = rows[index]?.line ?? 0
    // The directory may have changed since the dry run.
    if (!validDomains.has(data.domainId)) {
      failed.push({ line, code: 'domain_deleted', message: 'The domain was deleted' })
      continue
    }
    if (data.orgUnitId && !validUnits.has(data.orgUnitId)) {
      failed.push({ line, code: 'department_deleted', message: 'The department was deleted' })
      continue
    }
    if (data.employmentTypeId && !validTypes.has(data.employmentTypeId)) {
      failed.push({ line, code: 'employment_type_deleted', message: 'The employment type was deleted' })
      continue
    }
    const member = existing.get(data.loginId)
    if (!member) {
      if (data.familyName === undefined) {
        failed.push({ line, code: 'family_name_required', message: 'A new member needs a family name' })
        continue
      }
      const i18nNames = data.i18nNames ?? []
      creates.push({
        id: randomUUID(),
        userId: randomUUID(),
        tenantId,
        domainId: data.domainId,
        loginId: data.loginId,
        familyName: data.familyName,
        givenName: data.givenName ?? '',
        familyNameReading: data.familyNameReading ?? null,
        givenNameReading: data.givenNameReading ?? null,
        i18nNames,
        nickname: data.nickname ?? null,
        email: data.email ?? null,
        orgUnitId: data.orgUnitId ?? null,
        employmentTypeId: data.employmentTypeId ?? null,
        status: data.status ?? 'ACTIVE',
        ...memberKeys({ ...data, familyName: data.familyName, givenName: data.givenName ?? '', i18nNames }),
        updatedAt: now.toISOString(),
      })
      createdData.set(data.loginId, data)
    } else {
      const changed = changedFields(member, data)
      if (changed.length > 0) {
        const next = memberUpdateData(member, data)
        await tx.member.update({ where: { id: member.id }, data: next })
        if (next.searchText !== member.searchText) updatedIds.push(member.id)
        const before: Record<string, unknown> = {}
        const after: Record<string, unknown> = {}
        for (const field of changed) {
          before[field] = member[field as keyof Member]
          after[field] = next[field as keyof typeof next]
        }
        audits.push({ area: 'MEMBERS', action: 'member.update', targetType: 'Member', targetId: member.id, targetLabel: member.loginId, before, after: { ...after, importId } })
      }
    }
    applied.push(line)
  }
  if (creates.length > 0) {
    await bulkInsert(tx, 'Member', memberColumns, creates)
    for (const member of creates as { id: string; loginId: string }[]) {
      const { domainId, ...fields } = createdData.get(member.loginId) ?? { domainId: '' }
      audits.push({
        area: 'MEMBERS',
        action: 'member.create',
        targetType: 'Member',
        targetId: member.id,
        targetLabel: member.loginId,
        after: { ...fields, domainId, importId },
      })
    }
  }
  await recordAudit(tx, tenantId, who, audits)
  await syncExternalLinkMembers(tx, updatedIds)
  await autoGrantNewMembers(tx, tenantId, who, creates as { id: string; domainId: string }[])
  if (applied.length > 0) {
    await tx.$executeRaw`
      UPDATE "MemberImportRow" SET "appliedAt" = ${now} WHERE "importId" = ${importId}::uuid AND line = ANY(${applied}::int[])`
  }
  for (const { line, code, message } of failed) {
    await tx.memberImportRow.update({
      where: { importId_line: { importId, line } },
      data: { action: 'ERROR', appliedAt: now, errors: [{ column: null, code, message } satisfies RowProblem] },
    })
  }
  await tx.memberImport.update({
    where: { id: importId },
    data: { appliedRows: { increment: applied.length }, ...(failed.length > 0 && { errorCount: { increment: failed.length } }) },
  })
}

export type { JobPayloads }
