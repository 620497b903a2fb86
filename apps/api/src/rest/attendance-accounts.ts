import { parse } from 'csv-parse/sync'
import { AppError, ValidationError } from '../errors.ts'
import { importAttendanceAccounts } from '../services/attendance-accounts.ts'
import { requireAuthority } from '../services/authority.ts'
import { appErrorResponse, csvDownload, errorResponse, requireActor, type RestDeps } from './http.ts'

export const ATTENDANCE_ACCOUNTS_PATH = '/api/attendance/accounts.csv'
const MAX_BYTES = 10 * 1024 * 1024

/**
 * GET: every employee's account id as CSV (login_id, family_name, given_name, department,
 * employment_type, account_id). POST a CSV with login_id and account_id columns (`?dryRun=1` checks
 * only): answers the import's report as JSON; with any row error nothing is changed.
 */
export async function handleAttendanceAccounts(deps: RestDeps, request: Request): Promise<Response> {
  try {
    const actor = await requireActor(deps, request)
    if (request.method === 'GET') {
      requireAuthority(actor, 'attendance', 'VIEW')
      return csvDownload(['login_id', 'family_name', 'given_name', 'department', 'employment_type', 'account_id'], 'attendance-accounts.csv', async (write) => {
        let after: string | null = null
        for (;;) {
          const page: { id: string; loginId: string; familyName: string; givenName: string; orgUnit: { name: string } | null; employmentType: { name: string } | null; attendanceAccount: { accountId: string } | null }[] =
            await deps.db.prisma.member.findMany({
              where: { tenantId: actor.tenantId, ...(after && { loginId: { gt: after } }) },
              select: { id: true, loginId: true, familyName: true, givenName: true, orgUnit: { select: { name: true } }, employmentType: { select: { name: true } }, attendanceAccount: { select: { accountId: true } } },
              orderBy: { loginId: 'asc' },
              take: 1000,
            })
          for (const row of page) await write([row.loginId, row.familyName, row.givenName, row.orgUnit?.name ?? '', row.employmentType?.name ?? '', row.attendanceAccount?.accountId ?? ''])
          if (page.length < 1000) return
          after = page[page.length - 1]?.loginId ?? null
        }
      })
    }
    if (request.method !== 'POST') return errorResponse(405, 'METHOD_NOT_ALLOWED', 'Use GET or POST')
    const dryRun = new URL(request.url).searchParams.get('dryRun') === '1'
    if (Number(request.headers.get('content-length') ?? 0) > MAX_BYTES) return errorResponse(413, 'PAYLOAD_TOO_LARGE', 'The file is larger than 10 MB')
    const text = await request.text()
    if (Buffer.byteLength(text) > MAX_BYTES) return errorResponse(413, 'PAYLOAD_TOO_LARGE', 'The file is larger than 10 MB')
    let records: Record<string, string>[]
    try {
      records = parse(text, { bom: true, columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()), skip_empty_lines: true, relax_column_count: false })
    } catch (error) {
      throw ValidationError.field('file', `The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`)
    }
    if (records.length > 0 && (!('login_id' in (records[0] ?? {})) || !('account_id' in (records[0] ?? {})))) {
      throw ValidationError.field('file', 'The header must have login_id and account_id columns')
    }
    const rows = records.map((record, index) => ({ line: index + 2, loginId: record.login_id ?? '', accountId: record.account_id ?? '' }))
    const result = await importAttendanceAccounts({ prisma: deps.db.prisma, actor }, rows, dryRun)
    return Response.json(result)
  } catch (error) {
    if (error instanceof AppError) return appErrorResponse(error)
    throw error
  }
}
