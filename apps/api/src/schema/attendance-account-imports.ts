import { builder } from '../builder.ts'
import { applyAttendanceAccountImport } from '../services/attendance/index.ts'
import { ImportRowActionEnum, ImportStatusEnum } from './enums.ts'
import { mutationErrors } from './errors.ts'
import { idOf, inTenant, nonEmpty } from './ids.ts'

const attendanceView = { authority: { area: 'attendance', level: 'VIEW' } } as const

builder.prismaObject('AttendanceAccountImportRow', {
  description: 'One row of an account CSV and what checking it decided.',
  fields: (t) => ({
    line: t.exposeInt('line', { description: 'Line number in the file (the header is line 1).' }),
    loginId: t.exposeString('loginId'),
    accountId: t.exposeString('accountId', { description: 'Lower case; empty unlinks the employee.' }),
    action: t.expose('action', { type: ImportRowActionEnum, description: 'UPDATE: the account id changes (set, changed or cleared). SKIP: unchanged. ERROR: see code.' }),
    code: t.exposeString('errorCode', {
      nullable: true,
      description:
        'Why the row is in error: empty_login_id, unknown_login_id, repeated_login_id, account_id_too_long, account_id_repeated (an earlier line claims it: otherLoginId), account_id_taken (otherLoginId holds it).',
    }),
    message: t.exposeString('errorMessage', { nullable: true, description: 'The error in English.' }),
    otherLoginId: t.exposeString('otherLoginId', { nullable: true }),
    applied: t.boolean({ select: { appliedAt: true }, resolve: (row) => row.appliedAt !== null }),
  }),
})

builder.prismaNode('AttendanceAccountImport', {
  id: { field: 'id' },
  authScopes: attendanceView,
  nullable: true,
  description: 'A CSV of account ids: checked when uploaded (POST /api/attendance/accounts.csv), then applied in the background.',
  findUnique: (id, context) => inTenant(id, context),
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    status: t.expose('status', { type: ImportStatusEnum, description: 'VALIDATED (checked), APPLYING, APPLIED or FAILED.' }),
    totalRows: t.exposeInt('totalRows'),
    changeCount: t.exposeInt('changeCount', { description: 'Rows that change an account id: what applying writes.' }),
    unchangedCount: t.exposeInt('unchangedCount'),
    errorCount: t.exposeInt('errorCount', { description: 'With any row in error the import cannot be applied.' }),
    appliedRows: t.exposeInt('appliedRows', { description: 'Changes applied so far (of changeCount).' }),
    failure: t.exposeString('failure', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    rows: t.relatedConnection('rows', {
      cursor: 'importId_line',
      args: { action: t.arg({ type: ImportRowActionEnum, required: false }) },
      query: (args) => ({ where: args.action ? { action: args.action } : {}, orderBy: { line: 'asc' } }),
    }),
  }),
})

builder.mutationFields((t) => ({
  applyAttendanceAccountImport: t.prismaFieldWithInput({
    type: 'AttendanceAccountImport',
    description:
      'Applies a checked account import in the background (rows are checked again first; with any error nothing is applied). Follow appliedRows on the node until the status is APPLIED.',
    input: { id: t.input.id() },
    errors: { types: mutationErrors, dataField: { name: 'accountImport' } },
    resolve: async (query, _root, { input }, context) => {
      const applying = await applyAttendanceAccountImport({ ...context, nudge: context.services.nudgeJobs }, idOf(String(input.id), 'AttendanceAccountImport', 'id'))
      return context.prisma.attendanceAccountImport.findUniqueOrThrow({ ...nonEmpty(query), where: { id: applying.id } })
    },
  }),
}))
