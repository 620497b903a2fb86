import { builder } from '../builder.ts'
import type { Context } from '../context.ts'
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
import { deleteMutation, readBack } from './mutations.ts'

const membersView = { authority: { area: 'members', level: 'VIEW' } } as const

/** Domains, departments and employment types: read with members' view authority, found by global id in the caller's tenant. */
const organisationNode = { id: { field: 'id' }, authScopes: membersView, nullable: true, findUnique: (id: string, context: Context) => inTenant(id, context) } as const

export const Domain = builder.prismaNode('Domain', {
  ...organisationNode,
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
  ...organisationNode,
  fields: (t) => ({
    name: t.exposeString('name'),
    domain: t.relation('domain'),
    parent: t.relation('parent', { nullable: true }),
    memberCount: t.relationCount('members'),
  }),
})

export const EmploymentType = builder.prismaNode('EmploymentType', {
  ...organisationNode,
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

builder.mutationFields((t) => ({
  createDomain: t.prismaFieldWithInput({
    type: 'Domain',
    input: { name: t.input.string(), displayName: t.input.string() },
    errors: { types: mutationErrors, dataField: { name: 'domain' } },
    resolve: async (query, _root, { input }, context) => readBack(context.prisma.domain, query, await createDomain(context, input)),
  }),
  updateDomain: t.prismaFieldWithInput({
    type: 'Domain',
    input: { id: t.input.id({ description: 'Global id of a Domain.' }), displayName: t.input.string() },
    errors: { types: mutationErrors, dataField: { name: 'domain' } },
    resolve: async (query, _root, { input }, context) =>
      readBack(context.prisma.domain, query, await updateDomain(context, idOf(input.id, 'Domain', 'id'), { displayName: input.displayName })),
  }),
  deleteDomain: deleteMutation(t, 'Domain', deleteDomain),
  createOrgUnit: t.prismaFieldWithInput({
    type: 'OrgUnit',
    input: {
      domainId: t.input.id({ description: 'Global id of a Domain.' }),
      parentId: t.input.id({ required: false, description: 'Global id of an OrgUnit.' }),
      name: t.input.string(),
    },
    errors: { types: mutationErrors, dataField: { name: 'orgUnit' } },
    resolve: async (query, _root, { input }, context) => {
      const orgUnit = await createOrgUnit(context, {
        name: input.name,
        domainId: idOf(input.domainId, 'Domain', 'domainId'),
        parentId: optionalIdOf(input.parentId, 'OrgUnit', 'parentId') ?? null,
      })
      return readBack(context.prisma.orgUnit, query, orgUnit)
    },
  }),
  renameOrgUnit: t.prismaFieldWithInput({
    type: 'OrgUnit',
    input: { id: t.input.id({ description: 'Global id of an OrgUnit.' }), name: t.input.string() },
    errors: { types: mutationErrors, dataField: { name: 'orgUnit' } },
    resolve: async (query, _root, { input }, context) =>
      readBack(context.prisma.orgUnit, query, await renameOrgUnit(context, idOf(input.id, 'OrgUnit', 'id'), { name: input.name })),
  }),
  deleteOrgUnit: deleteMutation(t, 'OrgUnit', deleteOrgUnit),
  createEmploymentType: t.prismaFieldWithInput({
    type: 'EmploymentType',
    input: { name: t.input.string() },
    errors: { types: mutationErrors, dataField: { name: 'employmentType' } },
    resolve: async (query, _root, { input }, context) => readBack(context.prisma.employmentType, query, await createEmploymentType(context, input)),
  }),
  renameEmploymentType: t.prismaFieldWithInput({
    type: 'EmploymentType',
    input: { id: t.input.id({ description: 'Global id of an EmploymentType.' }), name: t.input.string() },
    errors: { types: mutationErrors, dataField: { name: 'employmentType' } },
    resolve: async (query, _root, { input }, context) =>
      readBack(context.prisma.employmentType, query, await renameEmploymentType(context, idOf(input.id, 'EmploymentType', 'id'), { name: input.name })),
  }),
  deleteEmploymentType: deleteMutation(t, 'EmploymentType', deleteEmploymentType),
}))

// Other modules' delete mutations import these from here.
export { DeletedPayload, deleted } from './mutations.ts'
