import writeXlsxFile from 'write-excel-file/node'
import { monthExport, type ExportRow } from '../services/attendance/index.ts'
import { idOf } from '../lib/ids.ts'
import { csvDownload, requireActor, type RestDeps } from './http.ts'
import type { RestInput, RestRoute } from './router.ts'

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
async function exportTimesheets(deps: RestDeps, { request, url }: RestInput, format: 'csv' | 'xlsx'): Promise<Response> {
    const actor = await requireActor(deps, request)
    const month = url.searchParams.get('month') ?? ''
    const orgUnit = url.searchParams.get('orgUnitId')
    const { rows } = await monthExport({ prisma: deps.db.prisma, actor }, month, orgUnit ? idOf(orgUnit, 'OrgUnit', 'orgUnitId') : null)
    const name = `timesheets-${month}`
    if (format === 'csv') {
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
}

export const attendanceExportRoutes: RestRoute[] = [
  { methods: ['GET'], path: '/api/attendance/timesheets.csv', handler: (deps, input) => exportTimesheets(deps, input, 'csv') },
  { methods: ['GET'], path: '/api/attendance/timesheets.xlsx', handler: (deps, input) => exportTimesheets(deps, input, 'xlsx') },
]
