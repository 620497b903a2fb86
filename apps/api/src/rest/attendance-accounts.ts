import { encodeGlobalID } from '@pothos/plugin-relay'
import {
  ACCOUNT_IMPORT_MAX_BYTES,
  accountImportErrors,
  applyAttendanceAccountImport,
  createAttendanceAccountImport,
  waitForAccountImport,
} from '../services/attendance/index.ts'
import { requireAuthority } from '../services/authority.ts'
import { cappedBody, csvDownload, requireActor, type RestDeps } from './http.ts'
import type { RestInput, RestRoute } from './router.ts'

/** Rows in error listed in the upload's answer; GraphQL pages through all of them. */
const ERRORS_SHOWN = 100
/** How long a POST that applies waits for the import to finish before answering 202. */
const APPLY_WAIT_MS = 20_000

/**
 * GET: every employee's account id as CSV (login_id, family_name, given_name, department,
 * employment_type, account_id).
 *
 * POST a CSV with login_id and account_id columns as the raw body (`?fileName=`): it is stored and
 * checked. With `?dryRun=1`, or with any row in error, nothing changes and the answer (201) is the
 * checked import: its id, counts and first rows in error (apply it later with the
 * applyAttendanceAccountImport mutation). Without, a clean file is applied in the background at once;
 * the answer waits for it a while: 200 when applied, else 202 with status APPLYING (follow the import
 * by its id in GraphQL).
 */
async function exportAccounts(deps: RestDeps, { request }: RestInput): Promise<Response> {
  const actor = requireAuthority(await requireActor(deps, request), 'attendance', 'VIEW')
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

async function importAccounts(deps: RestDeps, { request, url }: RestInput): Promise<Response> {
    const actor = await requireActor(deps, request)
    const body = cappedBody(request, { maxBytes: ACCOUNT_IMPORT_MAX_BYTES, tooLarge: 'The file is larger than 10 MB', field: 'file' })
    const services = { prisma: deps.db.prisma, actor }
    const checked = await createAttendanceAccountImport(services, url.searchParams.get('fileName') ?? 'accounts.csv', body as unknown as AsyncIterable<Uint8Array>)
    const dryRun = url.searchParams.get('dryRun') === '1' || checked.errorCount > 0
    const result = dryRun
      ? checked
      : await waitForAccountImport(deps.db.prisma, (await applyAttendanceAccountImport({ ...services, nudge: deps.services.nudgeJobs }, checked.id)).id, APPLY_WAIT_MS)
    const errors = await accountImportErrors(deps.db.prisma, result.id, ERRORS_SHOWN)
    return Response.json(
      {
        id: encodeGlobalID('AttendanceAccountImport', result.id),
        status: result.status,
        dryRun,
        rows: result.totalRows,
        changed: result.changeCount,
        unchanged: result.unchangedCount,
        applied: result.appliedRows,
        errorCount: result.errorCount,
        errors: errors.map((row) => ({ line: row.line, loginId: row.loginId, code: row.errorCode, message: row.errorMessage, otherLoginId: row.otherLoginId })),
      },
      { status: dryRun ? 201 : result.status === 'APPLYING' ? 202 : 200 },
    )
}

export const attendanceAccountRoutes: RestRoute[] = [
  { methods: ['GET'], path: '/api/attendance/accounts.csv', handler: exportAccounts },
  { methods: ['POST'], path: '/api/attendance/accounts.csv', handler: importAccounts },
]
