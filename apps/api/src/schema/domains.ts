import { encodeGlobalID } from '@pothos/plugin-relay'
import { builder } from '../builder.ts'
import {
  createDomain,
  createEmploymentType,
  createOrgUnit,
  deleteDomain,
  deleteEmploymentType,
  deleteOrgUnit,
  renameEmploymentType,
  renameOrgUnit,
  updateDomain,
} from '../services/domains.ts'
import { mutationErrors } from './errors.ts'
import { dbId, idOf, inTenant, NO_ROW, optionalIdOf, nonEmpty } from './ids.ts'

const membersView = { authority: { area: 'members', level: 'VIEW' } } as const

export const Domain = builder.prismaNode('Domain', {
  id: { field: 'id' },
  authScopes: membersView,
  nullable: true,
  findUnique: (id, context) => inTenant(id, context),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name after the @ of login ids, e.g. example.com.' }),
    displayName: t.exposeString('displayName'),
    lwDomainId: t.exposeInt('lwDomainId', { description: 'Numeric domain id, as sent in callbacks (source.domainId).' }),
    memberCount: t.relationCount('members'),
    orgUnits: t.relation('orgUnits', { query: { orderBy: { name: 'asc' } } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
})

export const OrgUnit = builder.prismaNode('OrgUnit', {
  id: { field: 'id' },
  authScopes: membersView,
  nullable: true,
  findUnique: (id, context) => inTenant(id, context),
  fields: (t) => ({
    name: t.exposeString('name'),
    domain: t.relation('domain'),
    parent: t.relation('parent', { nullable: true }),
    memberCount: t.relationCount('members'),
  }),
})

export const EmploymentType = builder.prismaNode('EmploymentType', {
  id: { field: 'id' },
  authScopes: membersView,
  nullable: true,
  findUnique: (id, context) => inTenant(id, context),
  fields: (t) => ({
    name: t.exposeString('name'),
    memberCount: t.relationCount('members'),
  }),
})

builder.queryFields((t) => ({
  domains: t.prismaField({
    type: ['Domain'],
    authScopes: membersView,
    resolve: (query, _root, _args, context) =>
      context.prisma.domain.findMany({ ...nonEmpty(query), where: { tenantId: context.actor?.tenantId ?? NO_ROW }, orderBy: { name: 'asc' } }),
  }),
  orgUnits: t.prismaField({
    type: ['OrgUnit'],
    authScopes: membersView,
    args: { domainId: t.arg.globalID({ required: false }) },
    resolve: (query, _root, args, context) =>
      context.prisma.orgUnit.findMany({
        ...nonEmpty(query),
        where: { tenantId: context.actor?.tenantId ?? NO_ROW, ...(args.domainId && { domainId: dbId(args.domainId.id) }) },
        orderBy: { name: 'asc' },
      }),
  }),
  employmentTypes: t.prismaField({
    type: ['EmploymentType'],
    authScopes: membersView,
    resolve: (query, _root, _args, context) =>
      context.prisma.employmentType.findMany({ ...nonEmpty(query), where: { tenantId: context.actor?.tenantId ?? NO_ROW }, orderBy: { name: 'asc' } }),
  }),
}))

const DeletedPayload = builder.simpleObject('Deleted', {
  description: 'The global id of what was deleted.',
  fields: (t) => ({ deletedId: t.id() }),
})

function deleted(type: string, id: string) {
  return { deletedId: encodeGlobalID(type, id) }
}

builder.mutationFields((t) => ({
  createDomain: t.prismaFieldWithInput({
    type: 'Domain',
    input: { name: t.input.string(), displayName: t.input.string() },
    errors: { types: mutationErrors, dataField: { name: 'domain' } },
    resolve: async (query, _root, { input }, context) => {
      const domain = await createDomain(context, input)
      return context.prisma.domain.findUniqueOrThrow({ ...nonEmpty(query), where: { id: domain.id } })
    },
  }),
  updateDomain: t.prismaFieldWithInput({
    type: 'Domain',
    input: { id: t.input.id({ description: 'Global id of a Domain.' }), displayName: t.input.string() },
    errors: { types: mutationErrors, dataField: { name: 'domain' } },
    resolve: async (query, _root, { input }, context) => {
      const domain = await updateDomain(context, idOf(input.id, 'Domain', 'id'), { displayName: input.displayName })
      return context.prisma.domain.findUniqueOrThrow({ ...nonEmpty(query), where: { id: domain.id } })
    },
  }),
  deleteDomain: t.fieldWithInput({
    type: DeletedPayload,
    input: { id: t.input.id({ description: 'Global id of a Domain.' }) },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: async (_root, { input }, context) => {
      const domain = await deleteDomain(context, idOf(input.id, 'Domain', 'id'))
      return deleted('Domain', domain.id)
    },
  }),
  createOrgUnit: t.prismaFieldWithInput({
    type: 'OrgUnit',
    input: {
      domainId: t.input.id({ description: 'Global id of a Domain.' }),
      parentId: t.input.id({ required: false, description: 'Global id of a OrgUnit.' }),
      name: t.input.string(),
    },
    errors: { types: mutationErrors, dataField: { name: 'orgUnit' } },
    resolve: async (query, _root, { input }, context) => {
      const orgUnit = await createOrgUnit(context, {
        name: input.name,
        domainId: idOf(input.domainId, 'Domain', 'domainId'),
        parentId: optionalIdOf(input.parentId, 'OrgUnit', 'parentId') ?? null,
      })
      return context.prisma.orgUnit.findUniqueOrThrow({ ...nonEmpty(query), where: { id: orgUnit.id } })
    },
  }),
  renameOrgUnit: t.prismaFieldWithInput({
    type: 'OrgUnit',
    input: { id: t.input.id({ description: 'Global id of a OrgUnit.' }), name: t.input.string() },
    errors: { types: mutationErrors, dataField: { name: 'orgUnit' } },
    resolve: async (query, _root, { input }, context) => {
      const orgUnit = await renameOrgUnit(context, idOf(input.id, 'OrgUnit', 'id'), { name: input.name })
      return context.prisma.orgUnit.findUniqueOrThrow({ ...nonEmpty(query), where: { id: orgUnit.id } })
    },
  }),
  deleteOrgUnit: t.fieldWithInput({
    type: DeletedPayload,
    input: { id: t.input.id({ description: 'Global id of a OrgUnit.' }) },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: async (_root, { input }, context) => deleted('OrgUnit', (await deleteOrgUnit(context, idOf(input.id, 'OrgUnit', 'id'))).id),
  }),
  createEmploymentType: t.prismaFieldWithInput({
    type: 'EmploymentType',
    input: { name: t.input.string() },
    errors: { types: mutationErrors, dataField: { name: 'employmentType' } },
    resolve: async (query, _root, { input }, context) => {
      const type = await createEmploymentType(context, input)
      return context.prisma.employmentType.findUniqueOrThrow({ ...nonEmpty(query), where: { id: type.id } })
    },
  }),
  renameEmploymentType: t.prismaFieldWithInput({
    type: 'EmploymentType',
    input: { id: t.input.id({ description: 'Global id of a EmploymentType.' }), name: t.input.string() },
    errors: { types: mutationErrors, dataField: { name: 'employmentType' } },
    resolve: async (query, _root, { input }, context) => {
      const type = await renameEmploymentType(context, idOf(input.id, 'EmploymentType', 'id'), { name: input.name })
      return context.prisma.employmentType.findUniqueOrThrow({ ...nonEmpty(query), where: { id: type.id } })
    },
  }),
  deleteEmploymentType: t.fieldWithInput({
    type: DeletedPayload,
    input: { id: t.input.id({ description: 'Global id of a EmploymentType.' }) },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: async (_root, { input }, context) =>
      deleted('EmploymentType', (await deleteEmploymentType(context, idOf(input.id, 'EmploymentType', 'id'))).id),
  }),
}))

export { DeletedPayload, deleted }
