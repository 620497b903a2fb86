import { oauthScopes } from '@worksbase/schema'
import { builder } from '../builder.ts'
import {
  createApiApp,
  createServiceAccount,
  deleteApiApp,
  deleteServiceAccount,
  regenerateClientSecret,
  updateApiApp,
} from '../services/api-apps.ts'
import { DeletedPayload, deleteMutation } from './mutations.ts'
import { mutationErrors } from './errors.ts'
import { dbId, idOf, inTenant, NO_ROW, nonEmpty } from './ids.ts'

const botsView = { authority: { area: 'bots', level: 'VIEW' } } as const

const OAuthScopeEnum = builder.enumType('OAuthScope', {
  values: Object.fromEntries(oauthScopes.map((scope) => [scope.replaceAll('.', '_').toUpperCase(), { value: scope, description: scope }])),
})

const ServiceAccountNode = builder.prismaObject('ServiceAccount', {
  fields: (t) => ({
    id: t.exposeID('id'),
    accountId: t.exposeString('accountId', { description: 'The JWT `sub` of assertions signed with this account’s private key.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
})

export const ApiAppNode = builder.prismaNode('ApiApp', {
  id: { field: 'id' },
  authScopes: botsView,
  nullable: true,
  findUnique: (id, context) => inTenant(id, context),
  description: 'An OAuth client (Developer Console → API). Its client secret is shown once, at creation or regeneration.',
  fields: (t) => ({
    name: t.exposeString('name'),
    clientId: t.exposeString('clientId'),
    scopes: t.field({ type: [OAuthScopeEnum], select: { scopes: true }, resolve: (app) => app.scopes as never }),
    tokenLifetime: t.exposeInt('tokenLifetime', { description: 'Access-token lifetime in seconds: 3600 or 86400.' }),
    serviceAccounts: t.relation('serviceAccounts', { query: { orderBy: { createdAt: 'asc' } } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
})

const AppWithSecret = builder.simpleObject('ApiAppWithSecret', {
  fields: (t) => ({ app: t.field({ type: ApiAppNode }), clientSecret: t.string({ description: 'Shown this once.' }) }),
})
const AccountWithKey = builder.simpleObject('ServiceAccountWithKey', {
  fields: (t) => ({
    app: t.field({ type: ApiAppNode }),
    account: t.field({ type: ServiceAccountNode }),
    privateKey: t.string({ description: 'PKCS#8 PEM; shown this once and never stored.' }),
  }),
})

const appInput = (t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0]) => ({
  name: t.input.string(),
  scopes: t.input.field({ type: [OAuthScopeEnum] }),
  tokenLifetime: t.input.int({ description: '3600 (1 hour) or 86400 (24 hours).' }),
})

builder.queryFields((t) => ({
  apiApps: t.prismaField({
    type: ['ApiApp'],
    authScopes: botsView,
    resolve: (query, _root, _args, context) =>
      context.prisma.apiApp.findMany({ ...nonEmpty(query), where: { tenantId: context.actor?.tenantId ?? NO_ROW }, orderBy: { createdAt: 'desc' } }),
  }),
}))

builder.mutationFields((t) => ({
  createApiApp: t.fieldWithInput({
    type: AppWithSecret,
    input: appInput(t),
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: async (_root, { input }, context) => {
      const { app, clientSecret } = await createApiApp(context, { name: input.name, scopes: input.scopes as never, tokenLifetime: input.tokenLifetime as never })
      return { app, clientSecret }
    },
  }),
  updateApiApp: t.prismaFieldWithInput({
    type: 'ApiApp',
    input: { id: t.input.id({ description: 'Global id of an ApiApp.' }), ...appInput(t) },
    errors: { types: mutationErrors, dataField: { name: 'app' } },
    resolve: async (query, _root, { input }, context) => {
      const app = await updateApiApp(context, idOf(input.id, 'ApiApp', 'id'), { name: input.name, scopes: input.scopes as never, tokenLifetime: input.tokenLifetime as never })
      return context.prisma.apiApp.findUniqueOrThrow({ ...nonEmpty(query), where: { id: app.id } })
    },
  }),
  deleteApiApp: deleteMutation(t, 'ApiApp', deleteApiApp),
  regenerateApiAppSecret: t.fieldWithInput({
    type: AppWithSecret,
    description: 'A new client secret (shown once); the old one stops working and the app’s tokens are revoked.',
    input: { id: t.input.id({ description: 'Global id of an ApiApp.' }) },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: async (_root, { input }, context) => regenerateClientSecret(context, idOf(input.id, 'ApiApp', 'id')),
  }),
  createServiceAccount: t.fieldWithInput({
    type: AccountWithKey,
    description: 'A service account with a new RSA key pair; the private key is returned this once.',
    input: { appId: t.input.id({ description: 'Global id of an ApiApp.' }) },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: async (_root, { input }, context) => {
      const appId = idOf(input.appId, 'ApiApp', 'appId')
      const { account, privateKey } = await createServiceAccount(context, appId)
      return { app: await context.prisma.apiApp.findUniqueOrThrow({ where: { id: appId } }), account, privateKey }
    },
  }),
  deleteServiceAccount: t.fieldWithInput({
    type: DeletedPayload,
    input: { id: t.input.id({ description: 'The service account’s id.' }) },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: async (_root, { input }, context) => ({ deletedId: (await deleteServiceAccount(context, dbId(String(input.id)))).id }),
  }),
}))
