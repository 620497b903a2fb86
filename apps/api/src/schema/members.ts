import { MAX_PAGE_SIZE } from '@worksbase/schema'
import { builder } from '../builder.ts'
import { ValidationError } from '../errors.ts'
import {
  countMembers,
  createMember,
  deleteMember,
  type MemberFilter,
  memberNamesOf,
  memberOrderColumns,
  memberWhere,
  searchMemberIds,
  setMemberStatus,
  updateMember,
} from '../services/members.ts'
import { Domain, EmploymentType, OrgUnit } from './domains.ts'
import { deleteMutation } from './mutations.ts'
import { LanguageEnum, MemberStatusEnum } from './enums.ts'
import { mutationErrors } from './errors.ts'
import { dbId, idOf, inTenant, NO_ROW, optionalIdOf, nonEmpty } from './ids.ts'

const membersView = { authority: { area: 'members', level: 'VIEW' } } as const

const MemberOrderEnum = builder.enumType('MemberOrder', {
  description: 'The order of the member list; ties are broken by id, so paging is stable.',
  values: {
    LOGIN_ID: { description: 'By login id (the default).' },
    READING: {
      description:
        'By the reading of the name (フリガナ), in 50-音 order: katakana and hiragana are the same. Members without a reading come after, by name.',
    },
    NAME: { description: 'By English name (family name, then given name), ignoring case. Members without an English name come after, by name.' },
  } satisfies Record<keyof typeof memberOrderColumns, unknown>,
})

const MemberName = builder.simpleObject('MemberName', {
  description: 'A member’s name in one more language.',
  fields: (t) => ({
    language: t.field({ type: LanguageEnum }),
    familyName: t.string(),
    givenName: t.string(),
  }),
})

const MemberNameInput = builder.inputType('MemberNameInput', {
  fields: (t) => ({
    language: t.field({ type: LanguageEnum }),
    familyName: t.string(),
    givenName: t.string(),
  }),
})

export const Member = builder.prismaNode('Member', {
  id: { field: 'id' },
  authScopes: membersView,
  nullable: true,
  findUnique: (id, context) => inTenant(id, context),
  fields: (t) => ({
    loginId: t.exposeString('loginId'),
    userId: t.exposeString('userId', { description: 'The opaque user id LINE WORKS uses in callbacks and the Bot API.' }),
    familyName: t.exposeString('familyName'),
    givenName: t.exposeString('givenName'),
    familyNameReading: t.exposeString('familyNameReading', { nullable: true, description: 'The reading of the family name (フリガナ), in kana.' }),
    givenNameReading: t.exposeString('givenNameReading', { nullable: true, description: 'The reading of the given name (フリガナ), in kana.' }),
    i18nNames: t.field({
      type: [MemberName],
      select: { i18nNames: true },
      resolve: (member) => memberNamesOf(member.i18nNames),
    }),
    nickname: t.exposeString('nickname', { nullable: true }),
    email: t.exposeString('email', { nullable: true }),
    photoUrl: t.exposeString('photoUrl', { nullable: true }),
    status: t.expose('status', { type: MemberStatusEnum }),
    domain: t.relation('domain'),
    orgUnit: t.relation('orgUnit', { nullable: true, description: 'Representative department.' }),
    employmentType: t.relation('employmentType', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
})

function filterFromArgs(args: {
  query?: string | null
  domainId?: { id: string } | null
  orgUnitId?: { id: string } | null
  employmentTypeId?: { id: string } | null
  status?: MemberFilter['status']
}): MemberFilter {
  return {
    query: args.query,
    domainId: args.domainId ? dbId(args.domainId.id) : null,
    orgUnitId: args.orgUnitId ? dbId(args.orgUnitId.id) : null,
    employmentTypeId: args.employmentTypeId ? dbId(args.employmentTypeId.id) : null,
    status: args.status,
  }
}

builder.queryFields((t) => ({
  members: t.prismaConnection(
    {
      type: 'Member',
      cursor: 'id',
      authScopes: membersView,
      totalCount: (_parent, args, context) => countMembers(context.prisma, context.actor?.tenantId ?? NO_ROW, filterFromArgs(args)),
      description: `Members in the given order (login id by default). Search matches login id, names in every language, readings (in hiragana or katakana) and nickname. At most ${MAX_PAGE_SIZE} per page.`,
      args: {
        query: t.arg.string({ required: false }),
        domainId: t.arg.globalID({ required: false, for: Domain }),
        orgUnitId: t.arg.globalID({ required: false, for: OrgUnit }),
        employmentTypeId: t.arg.globalID({ required: false, for: EmploymentType }),
        status: t.arg({ type: MemberStatusEnum, required: false }),
        orderBy: t.arg({ type: MemberOrderEnum, required: false, defaultValue: 'LOGIN_ID' }),
      },
      resolve: async (query, _root, args, context) => {
        if (args.query && args.query.length > 100) throw ValidationError.field('query', 'At most 100 characters', 'too_big')
        const tenantId = context.actor?.tenantId ?? NO_ROW
        const filter = filterFromArgs(args)
        const { cursor, take, skip, ...selection } = query as typeof query & { cursor?: { id: string }; take: number; skip?: number }
        const text = filter.query?.trim()
        const order = args.orderBy ?? 'LOGIN_ID'
        if (text && take > 0) {
          // Text search: find the page's ids with a plan suited to it, then load them with the selection.
          const ids = await searchMemberIds(context.prisma, tenantId, { ...filter, query: text }, { afterId: cursor?.id ?? null, take, order })
          const rows = await context.prisma.member.findMany({ ...nonEmpty(selection), where: { id: { in: ids } } })
          const byId = new Map(rows.map((row) => [row.id, row]))
          return ids.flatMap((id) => byId.get(id) ?? [])
        }
        return context.prisma.member.findMany({
          ...nonEmpty(selection),
          cursor,
          take,
          skip,
          where: memberWhere(tenantId, filter),
          orderBy: [{ [memberOrderColumns[order]]: 'asc' }, { id: 'asc' }],
        })
      },
    },
    {},
    {},
  ),
  member: t.prismaField({
    type: 'Member',
    nullable: true,
    authScopes: membersView,
    args: { id: t.arg.globalID({ for: Member }) },
    resolve: (query, _root, args, context) =>
      context.prisma.member.findFirst({ ...nonEmpty(query), where: inTenant(args.id.id, context) }),
  }),
}))


builder.mutationFields((t) => ({
  createMember: t.prismaFieldWithInput({
    type: 'Member',
    input: {
      domainId: t.input.id({ description: 'Global id of a Domain.' }),
      loginId: t.input.string({ description: 'name@domain, lower-case a-z 0-9 . _ - (2-40 before @).' }),
      familyName: t.input.string(),
      givenName: t.input.string(),
      familyNameReading: t.input.string({ required: false, description: 'Reading (フリガナ) in hiragana or katakana, at most 50 characters.' }),
      givenNameReading: t.input.string({ required: false }),
      i18nNames: t.input.field({ type: [MemberNameInput], required: false }),
      nickname: t.input.string({ required: false }),
      email: t.input.string({ required: false }),
      orgUnitId: t.input.id({ required: false, description: 'Global id of an OrgUnit.' }),
      employmentTypeId: t.input.id({ required: false, description: 'Global id of an EmploymentType.' }),
    },
    errors: { types: mutationErrors, dataField: { name: 'member' } },
    resolve: async (query, _root, { input }, context) => {
      const member = await createMember(context, {
        ...input,
        domainId: idOf(input.domainId, 'Domain', 'domainId'),
        i18nNames: input.i18nNames ?? undefined,
        orgUnitId: optionalIdOf(input.orgUnitId, 'OrgUnit', 'orgUnitId') ?? null,
        employmentTypeId: optionalIdOf(input.employmentTypeId, 'EmploymentType', 'employmentTypeId') ?? null,
      })
      return context.prisma.member.findUniqueOrThrow({ ...nonEmpty(query), where: { id: member.id } })
    },
  }),
  updateMember: t.prismaFieldWithInput({
    type: 'Member',
    description: 'Changes the given fields; omitted fields stay, null clears an optional field.',
    input: {
      id: t.input.id({ description: 'Global id of a Member.' }),
      familyName: t.input.string({ required: false }),
      givenName: t.input.string({ required: false }),
      familyNameReading: t.input.string({ required: false, description: 'Reading (フリガナ) in kana; null or empty clears it.' }),
      givenNameReading: t.input.string({ required: false }),
      i18nNames: t.input.field({ type: [MemberNameInput], required: false }),
      nickname: t.input.string({ required: false }),
      email: t.input.string({ required: false }),
      orgUnitId: t.input.id({ required: false, description: 'Global id of an OrgUnit.' }),
      employmentTypeId: t.input.id({ required: false, description: 'Global id of an EmploymentType.' }),
    },
    errors: { types: mutationErrors, dataField: { name: 'member' } },
    resolve: async (query, _root, { input }, context) => {
      const member = await updateMember(context, idOf(input.id, 'Member', 'id'), {
        familyName: input.familyName ?? undefined,
        givenName: input.givenName ?? undefined,
        familyNameReading: input.familyNameReading,
        givenNameReading: input.givenNameReading,
        i18nNames: input.i18nNames ?? undefined,
        nickname: input.nickname,
        email: input.email,
        orgUnitId: optionalIdOf(input.orgUnitId, 'OrgUnit', 'orgUnitId'),
        employmentTypeId: optionalIdOf(input.employmentTypeId, 'EmploymentType', 'employmentTypeId'),
      })
      return context.prisma.member.findUniqueOrThrow({ ...nonEmpty(query), where: { id: member.id } })
    },
  }),
  suspendMember: t.prismaFieldWithInput({
    type: 'Member',
    input: { id: t.input.id({ description: 'Global id of a Member.' }) },
    errors: { types: mutationErrors, dataField: { name: 'member' } },
    resolve: async (query, _root, { input }, context) => {
      const member = await setMemberStatus(context, idOf(input.id, 'Member', 'id'), 'SUSPENDED')
      return context.prisma.member.findUniqueOrThrow({ ...nonEmpty(query), where: { id: member.id } })
    },
  }),
  resumeMember: t.prismaFieldWithInput({
    type: 'Member',
    input: { id: t.input.id({ description: 'Global id of a Member.' }) },
    errors: { types: mutationErrors, dataField: { name: 'member' } },
    resolve: async (query, _root, { input }, context) => {
      const member = await setMemberStatus(context, idOf(input.id, 'Member', 'id'), 'ACTIVE')
      return context.prisma.member.findUniqueOrThrow({ ...nonEmpty(query), where: { id: member.id } })
    },
  }),
  deleteMember: deleteMutation(t, 'Member', deleteMember),
}))
