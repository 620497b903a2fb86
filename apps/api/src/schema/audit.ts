import { auditSearchSchema } from '@worksbase/schema'
import { builder } from '../builder.ts'
import { parseInput } from '../errors.ts'
import { auditWhere, verifyAuditChain } from '../services/audit.ts'
import { ActorTypeEnum, AuditAreaEnum } from './enums.ts'
import { inTenant, NO_ROW, nonEmpty } from './ids.ts'

const auditView = { authority: { area: 'audit', level: 'VIEW' } } as const

builder.prismaNode('AuditEntry', {
  id: { field: 'id' },
  authScopes: auditView,
  nullable: true,
  findUnique: (id, context) => inTenant(id, context),
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: 'Position in the tenant’s hash chain.' }),
    at: t.expose('at', { type: 'DateTime' }),
    actorType: t.expose('actorType', { type: ActorTypeEnum }),
    actorLabel: t.exposeString('actorLabel'),
    area: t.expose('area', { type: AuditAreaEnum }),
    action: t.exposeString('action'),
    targetType: t.exposeString('targetType'),
    targetId: t.exposeString('targetId', { nullable: true }),
    targetLabel: t.exposeString('targetLabel', { nullable: true }),
    before: t.expose('before', { type: 'JSON', nullable: true }),
    after: t.expose('after', { type: 'JSON', nullable: true }),
    hash: t.exposeString('hash'),
    prevHash: t.exposeString('prevHash'),
  }),
})

const AuditVerification = builder.simpleObject('AuditVerification', {
  fields: (t) => ({
    ok: t.boolean(),
    checked: t.int({ description: 'Entries verified.' }),
    brokenAtSeq: t.int({ nullable: true }),
    problem: t.string({ nullable: true }),
  }),
})

builder.queryFields((t) => ({
  auditEntries: t.prismaConnection(
    {
      type: 'AuditEntry',
      cursor: 'id',
      authScopes: auditView,
      description:
        'Newest first. `actor` and `target` match parts of the e-mail/label; `target` also matches an exact id. `text` matches the text recorded with an entry (messages of rooms with external users, greetings), case-sensitively.',
      args: {
        actor: t.arg.string({ required: false }),
        area: t.arg({ type: AuditAreaEnum, required: false }),
        target: t.arg.string({ required: false }),
        text: t.arg.string({ required: false }),
        from: t.arg({ type: 'DateTime', required: false }),
        to: t.arg({ type: 'DateTime', required: false }),
      },
      resolve: (query, _root, args, context) => {
        const search = parseInput(auditSearchSchema, {
          actor: args.actor ?? undefined,
          area: args.area ?? undefined,
          target: args.target ?? undefined,
          text: args.text ?? undefined,
          from: args.from ?? undefined,
          to: args.to ?? undefined,
        })
        return context.prisma.auditEntry.findMany({
          ...nonEmpty(query),
          where: auditWhere(context.actor?.tenantId ?? NO_ROW, search),
          orderBy: { seq: 'desc' },
        })
      },
    },
    {},
    {},
  ),
  auditVerification: t.field({
    type: AuditVerification,
    authScopes: auditView,
    description: 'Recomputes the tenant’s audit hash chain and reports the first break, if any.',
    resolve: (_root, _args, context) => verifyAuditChain(context.prisma, context.actor?.tenantId ?? NO_ROW),
  }),
}))

