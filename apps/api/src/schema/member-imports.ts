import { Repeater } from 'graphql-yoga'
import { builder } from '../builder.ts'
import { NotFoundError } from '../errors.ts'
import { applyMemberImport, cancelMemberImport, rowProblemsOf } from '../services/member-import.ts'
import { ImportRowActionEnum, ImportStatusEnum } from './enums.ts'
import { mutationErrors } from './errors.ts'
import { idOf, inTenant, nonEmpty, NO_ROW } from './ids.ts'

const membersView = { authority: { area: 'members', level: 'VIEW' } } as const

const RowProblem = builder.simpleObject('ImportRowProblem', {
  description: 'What is wrong with a row of an import. Clients word it by `code`; `message` is English.',
  fields: (t) => ({
    column: t.string({ nullable: true, description: 'The CSV column, or null for the whole row.' }),
    code: t.string({
      description:
        'Stable code: a field code (required, too_small, too_big, invalid_format, invalid_value, control_characters, login_id_format, login_local_too_short, login_local_too_long, login_local_characters, domain_missing), family_name_required, unknown_domain, unknown_department, unknown_employment_type, duplicate_login_id, csv_column_count, csv_quote_not_closed, csv_stray_quote, csv_malformed, domain_deleted, department_deleted, employment_type_deleted; custom for rows checked before codes existed.',
    }),
    message: t.string(),
    limit: t.int({ nullable: true, description: 'The length limit of too_small and too_big.' }),
    value: t.string({ nullable: true, description: 'The unknown name, or the first line of a duplicate login id.' }),
  }),
})

builder.prismaObject('MemberImportRow', {
  fields: (t) => ({
    line: t.exposeInt('line', { description: 'Line number in the file (the header is line 1).' }),
    loginId: t.exposeString('loginId', { nullable: true }),
    action: t.expose('action', { type: ImportRowActionEnum }),
    problems: t.field({
      type: [RowProblem],
      select: { errors: true },
      resolve: (row) => rowProblemsOf(row.errors),
    }),
    applied: t.boolean({ select: { appliedAt: true }, resolve: (row) => row.appliedAt !== null }),
  }),
})

export const MemberImport = builder.prismaNode('MemberImport', {
  id: { field: 'id' },
  authScopes: membersView,
  nullable: true,
  findUnique: (id, context) => inTenant(id, context),
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    status: t.expose('status', { type: ImportStatusEnum }),
    totalRows: t.exposeInt('totalRows'),
    createCount: t.exposeInt('createCount'),
    updateCount: t.exposeInt('updateCount'),
    skipCount: t.exposeInt('skipCount'),
    errorCount: t.exposeInt('errorCount'),
    appliedRows: t.exposeInt('appliedRows'),
    toApply: t.int({
      description: 'Rows that create or update a member (what applying writes).',
      select: { createCount: true, updateCount: true },
      resolve: (row) => row.createCount + row.updateCount,
    }),
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

builder.queryFields((t) => ({
  memberImports: t.prismaConnection(
    {
      type: 'MemberImport',
      cursor: 'id',
      authScopes: membersView,
      description: 'Member CSV imports, newest first.',
      resolve: (query, _root, _args, context) => {
        return context.prisma.memberImport.findMany({
          ...nonEmpty(query),
          where: { tenantId: context.actor?.tenantId ?? NO_ROW },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        })
      },
    },
    {},
    {},
  ),
}))

builder.mutationFields((t) => ({
  applyMemberImport: t.prismaFieldWithInput({
    type: 'MemberImport',
    description: 'Applies a validated import in the background; follow it with memberImportProgress.',
    input: { id: t.input.id() },
    errors: { types: mutationErrors, dataField: { name: 'memberImport' } },
    resolve: async (query, _root, { input }, context) => {
      const applied = await applyMemberImport({ ...context, nudge: context.services.nudgeJobs }, idOf(input.id, 'MemberImport', 'id'))
      return context.prisma.memberImport.findUniqueOrThrow({ ...nonEmpty(query), where: { id: applied.id } })
    },
  }),
  cancelMemberImport: t.prismaFieldWithInput({
    type: 'MemberImport',
    input: { id: t.input.id() },
    errors: { types: mutationErrors, dataField: { name: 'memberImport' } },
    resolve: async (query, _root, { input }, context) => {
      const cancelled = await cancelMemberImport(context, idOf(input.id, 'MemberImport', 'id'))
      return context.prisma.memberImport.findUniqueOrThrow({ ...nonEmpty(query), where: { id: cancelled.id } })
    },
  }),
}))

builder.subscriptionFields((t) => ({
  memberImportProgress: t.prismaField({
    type: 'MemberImport',
    authScopes: membersView,
    description: 'The import now and after every batch it parses or applies, until it finishes.',
    args: { id: t.arg.id() },
    subscribe: (_root, args, context) => {
      const id = decodeImportId(String(args.id))
      const pubsub = context.services.pubsub
      return new Repeater<{ id: string }>(async (push, stop) => {
        const found = await context.prisma.memberImport.findFirst({ where: inTenant(id, context), select: { id: true } })
        if (!found) {
          stop(new NotFoundError('Import'))
          return
        }
        await push({ id })
        const source = pubsub.subscribe('memberImport:progress', id)
        stop.then(() => source.return?.())
        for await (const event of source) await push(event)
      })
    },
    resolve: (query, payload, _args, context) =>
      context.prisma.memberImport.findUniqueOrThrow({ ...nonEmpty(query), where: { id: payload.id } }),
  }),
}))

function decodeImportId(globalId: string): string {
  try {
    return idOf(globalId, 'MemberImport', 'id')
  } catch {
    return NO_ROW
  }
}
