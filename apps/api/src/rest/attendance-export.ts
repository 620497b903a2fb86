import writeXlsxFile from 'write-excel-file/node'
import { AppError } from '../errors.ts'
import { monthExport, type ExportRow } from '../services/attendance-timesheets.ts'
import { idOf } from '../schema/ids.ts'
import { appErrorResponse, csvDownload, errorResponse, requireActor, type RestDeps } from './http.ts'

const pattern = /^\/api\/attendance\/timesheets\.(csv|xlsx)$/

export function isAttendanceExportPath(pathname: string): boolean {
  return pattern.test(pathname)
}

const columns = ['login_id', 'family_name', 'given_name', 'department', 'employment_type', 'date', 'clock_in', 'clock_out', 'break_minutes', 'worked_minutes', 'anomalies']

const cells = (row: ExportRow) => [
  row.loginId,
  row.familyName,
  row.givenName,
  row.department,
  row.employmentType,
  row.date,
  row.clockIn,
  row.clockOut,
  row.breakMinutes,
  row.workedMinutes ?? '',
  row.anomalies,
]

/**
 * GET /api/attendance/timesheets.csv|xlsx?month=YYYY-MM[&orgUnitId=<global id>]: a month of a
 * department (or everyone), one row per employee per day; the XLSX adds a sheet of totals.
 */
export async function handleAttendanceExport(deps: RestDeps, request: Request, pathname: string): Promise<Response> {
  try {
    if (request.method !== 'GET') return errorResponse(405, 'METHOD_NOT_ALLOWED', 'Use GET')
    const actor = await requireActor(deps, request)
    const url = new URL(request.url)
    const month = url.searchParams.get('month') ?? ''
    const orgUnit = url.searchParams.get('orgUnitId')
    const { rows } = await monthExport({ prisma: deps.db.prisma, actor }, month, orgUnit ? idOf(orgUnit, 'OrgUnit', 'orgUnitId') : null)
    const name = `timesheets-${month}`
    if (pattern.exec(pathname)?.[1] === 'csv') {
      return csvDownload(columns, `${name}.csv`, async (write) => {
        for (const row of rows) await write(cells(row))
      })
    }
    const totals = new Map<string, { row: ExportRow; worked: number; breaks: number; days: number; anomalyDays: number }>()
    for (const row of rows) {
      const total = totals.get(row.loginId) ?? { row, worked: 0, breaks: 0, days: 0, anomalyDays: 0 }
      total.worked += row.workedMinutes ?? 0
      total.breaks += row.breakMinutes
      total.days += row.clockIn ? 1 : 0
      total.anomalyDays += row.anomalies ? 1 : 0
      totals.set(row.loginId, total)
    }
    const header = (values: string[]) => values.map((value) => ({ value, fontWeight: 'bold' as const }))
    const buffer = await writeXlsxFile([
      { sheet: month, data: [header(columns), ...rows.map((row) => cells(row).map((value) => ({ value })))] },
      {
        sheet: 'totals',
        data: [
          header(['login_id', 'family_name', 'given_name', 'department', 'worked_minutes', 'break_minutes', 'days', 'anomaly_days']),
          ...[...totals.values()].map((total) =>
            [total.row.loginId, total.row.familyName, total.row.givenName, total.row.department, total.worked, total.breaks, total.days, total.anomalyDays].map((value) => ({ value })),
          ),
        ],
      },
    ]).toBuffer()
    return new Response(new Uint8Array(buffer), {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="${name}.xlsx"`,
      },
    })
  } catch (error) {
    if (error instanceof AppError) return appErrorResponse(error)
    throw error
  }
}
