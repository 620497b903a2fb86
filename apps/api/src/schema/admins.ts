import { builder } from '../builder.ts'
import { createAdmin, deleteAdmin, updateAdmin } from '../services/admins.ts'
import { createApiToken, revokeApiToken } from '../services/api-tokens.ts'
import { allowedScopes } from '../services/authority.ts'
import { deleteMutation } from './mutations.ts'
import { AuthorityLevelEnum } from './enums.ts'
import { mutationErrors } from './errors.ts'
import { idOf, inTenant, NO_ROW, nonEmpty } from './ids.ts'

const AuthoritiesInput = builder.inputType('AuthoritiesInput', {
  fields: (t) => ({
    members: t.field({ type: AuthorityLevelEnum }),
    bots: t.field({ type: AuthorityLevelEnum }),
    external: t.field({ type: AuthorityLevelEnum }),
    attendance: t.field({ type: AuthorityLevelEnum }),
    audit: t.field({ type: AuthorityLevelEnum }),
  }),
})

export const ApiToken = builder.prismaNode('ApiToken', {
  id: { field: 'id' },
  nullable: true,
  // Like the list: the master sees every token of the tenant, other admins only their own.
  findUnique: (id, context) => ({
    ...inTenant(id, context),
    ...(context.actor?.role !== 'MASTER' && { createdById: context.actor?.adminId ?? NO_ROW }),
  }),
  // Tokens are managed by admins signed in; a token cannot read tokens (its own included).
  authScopes: { signedInAdmin: true },
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the secret, to recognise it.' }),
    scopes: t.exposeStringList('scopes'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.relation('createdBy'),
    active: t.boolean({
      select: { revokedAt: true, expiresAt: true },
      resolve: (token) => !token.revokedAt && (!token.expiresAt || token.expiresAt > new Date()),
    }),
  }),
})

const CreatedApiToken = builder.objectRef<{ secret: string; tokenId: string }>('CreatedApiToken').implement({
  description: 'A new token. The secret is shown this once and cannot be read again.',
  fields: (t) => ({
    secret: t.exposeString('secret'),
    token: t.prismaField({
      type: 'ApiToken',
      resolve: (query, parent, _args, context) =>
        context.prisma.apiToken.findUniqueOrThrow({ ...nonEmpty(query), where: { id: parent.tokenId } }),
    }),
  }),
})

builder.queryFields((t) => ({
  admins: t.prismaField({
    type: ['AdminAccount'],
    description: 'Every administrator of the tenant, for its admins signed in (not for API tokens).',
    authScopes: { signedInAdmin: true },
    resolve: (query, _root, _args, context) =>
      context.prisma.adminAccount.findMany({
        ...nonEmpty(query),
        where: { tenantId: context.actor?.tenantId ?? NO_ROW },
        orderBy: [{ role: 'asc' }, { email: 'asc' }],
      }),
  }),
  apiTokens: t.prismaField({
    type: ['ApiToken'],
    description: 'The master administrator sees every token of the tenant; other admins their own. Not for API tokens.',
    authScopes: { signedInAdmin: true },
    resolve: (query, _root, _args, context) => {
      const actor = context.actor
      return context.prisma.apiToken.findMany({
        ...nonEmpty(query),
        where: {
          tenantId: actor?.tenantId ?? NO_ROW,
          ...(actor?.role !== 'MASTER' && { createdById: actor?.adminId ?? NO_ROW }),
        },
        orderBy: { createdAt: 'desc' },
      })
    },
  }),
  grantableApiScopes: t.stringList({
    description: 'Scopes the viewer may put on a new token (never beyond their own authority).',
    authScopes: { signedIn: true },
    resolve: (_root, _args, context) => (context.actor ? allowedScopes(context.actor.authorities) : []),
  }),
}))

builder.mutationFields((t) => ({
  createAdmin: t.prismaFieldWithInput({
    type: 'AdminAccount',
    input: {
      email: t.input.string(),
      name: t.input.string(),
      password: t.input.string(),
      authorities: t.input.field({ type: AuthoritiesInput }),
    },
    errors: { types: mutationErrors, dataField: { name: 'admin' } },
    resolve: async (query, _root, { input }, context) => {
      const admin = await createAdmin(context, input)
      return context.prisma.adminAccount.findUniqueOrThrow({ ...nonEmpty(query), where: { id: admin.id } })
    },
  }),
  updateAdmin: t.prismaFieldWithInput({
    type: 'AdminAccount',
    input: {
      id: t.input.id({ description: 'Global id of an Admin.' }),
      name: t.input.string({ required: false }),
      authorities: t.input.field({ type: AuthoritiesInput, required: false }),
    },
    errors: { types: mutationErrors, dataField: { name: 'admin' } },
    resolve: async (query, _root, { input }, context) => {
      const admin = await updateAdmin(context, idOf(input.id, 'Admin', 'id'), {
        name: input.name ?? undefined,
        authorities: input.authorities ?? undefined,
      })
      return context.prisma.adminAccount.findUniqueOrThrow({ ...nonEmpty(query), where: { id: admin.id } })
    },
  }),
  deleteAdmin: deleteMutation(t, 'Admin', deleteAdmin),
  createApiToken: t.fieldWithInput({
    type: CreatedApiToken,
    input: {
      name: t.input.string(),
      scopes: t.input.stringList(),
      expiresInDays: t.input.int({ required: false, description: 'Omit for a token that does not expire.' }),
    },
    errors: { types: mutationErrors, dataField: { name: 'created' } },
    resolve: async (_root, { input }, context) => {
      const { token, secret } = await createApiToken(context, input)
      return { secret, tokenId: token.id }
    },
  }),
  revokeApiToken: t.prismaFieldWithInput({
    type: 'ApiToken',
    input: { id: t.input.id({ description: 'Global id of an ApiToken.' }) },
    errors: { types: mutationErrors, dataField: { name: 'apiToken' } },
    resolve: async (query, _root, { input }, context) => {
      const token = await revokeApiToken(context, idOf(input.id, 'ApiToken', 'id'))
      return context.prisma.apiToken.findUniqueOrThrow({ ...nonEmpty(query), where: { id: token.id } })
    },
  }),
}))
