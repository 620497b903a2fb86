import { builder } from '../builder.ts'
import type { Actor } from '../services/actor.ts'
import { AuthenticationError, ConflictError, ForbiddenError, RateLimitedError, ValidationError } from '../errors.ts'
import { updateTenant } from '../services/admins.ts'
import { DEMO_LOGIN, DEMO_MEMBER } from '../services/demo.ts'
import { clearSessionCookies, login, logout, needsSetup, setup } from '../services/auth.ts'
import { adminAuthorities } from '../services/authority.ts'
import { mutationErrors } from './errors.ts'
import { dbId, inTenant, NO_ROW, nonEmpty } from './ids.ts'
import type { PrismaClient } from '#generated/prisma/client.ts'
import { AdminRoleEnum, AuthorityLevelEnum, LanguageEnum, PlanEnum } from './enums.ts'

export const Tenant = builder.prismaNode('Tenant', {
  id: { field: 'id' },
  nullable: true,
  authScopes: { signedIn: true },
  findUnique: (id, context) => ({ id: dbId(id) === context.actor?.tenantId ? id : NO_ROW }),
  fields: (t) => ({
    name: t.exposeString('name'),
    plan: t.expose('plan', { type: PlanEnum }),
    timeZone: t.exposeString('timeZone'),
    language: t.expose('language', { type: LanguageEnum }),
    isDemo: t.exposeBoolean('isDemo', { description: 'A demo tenant seeded with sample data; not for real use.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
})

const Authorities = builder.simpleObject('Authorities', {
  description: 'Authority per area: NONE, VIEW, or EDIT (view and edit).',
  fields: (t) => ({
    members: t.field({ type: AuthorityLevelEnum }),
    bots: t.field({ type: AuthorityLevelEnum }),
    external: t.field({ type: AuthorityLevelEnum }),
    attendance: t.field({ type: AuthorityLevelEnum }),
    audit: t.field({ type: AuthorityLevelEnum }),
  }),
})

export const Admin = builder.prismaNode('AdminAccount', {
  name: 'Admin',
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, context) => inTenant(id, context),
  // Who administers the tenant is for its admins signed in; an API token sees only its own creator.
  select: { id: true },
  authScopes: (admin, context) => (admin.id === context.actor?.adminId ? { signedIn: true } : { signedInAdmin: true }),
  fields: (t) => ({
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    role: t.expose('role', { type: AdminRoleEnum }),
    authorities: t.field({
      type: Authorities,
      select: { role: true, membersAuthority: true, botsAuthority: true, externalAuthority: true, attendanceAuthority: true, auditAuthority: true },
      resolve: (admin) => adminAuthorities(admin),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
})

/** The signed-in admin (or the API token's creator) and their tenant. */
const Viewer = builder.objectRef<Actor>('Viewer').implement({
  fields: (t) => ({
    admin: t.prismaField({
      type: 'AdminAccount',
      resolve: (query, actor, _args, context) =>
        context.prisma.adminAccount.findUniqueOrThrow({ ...nonEmpty(query), where: { id: actor.adminId } }),
    }),
    tenant: t.prismaField({
      type: 'Tenant',
      resolve: (query, actor, _args, context) =>
        context.prisma.tenant.findUniqueOrThrow({ ...nonEmpty(query), where: { id: actor.tenantId } }),
    }),
    authorities: t.field({
      type: Authorities,
      description: 'What this request may do: for an API token, its creator’s authority narrowed to its scopes.',
      resolve: (actor) => actor.authorities,
    }),
    isApiToken: t.boolean({ resolve: (actor) => actor.kind === 'token' }),
  }),
})

const DemoLogin = builder.simpleObject('DemoLogin', {
  fields: (t) => ({ email: t.string(), password: t.string() }),
})

const DemoMemberLogin = builder.simpleObject('DemoMemberLogin', {
  fields: (t) => ({ loginId: t.string(), password: t.string() }),
})

const SetupStatus = builder.simpleObject('SetupStatus', {
  fields: (t) => ({
    needsSetup: t.boolean(),
    demo: t.field({ type: DemoLogin, nullable: true, description: 'Sign-in of the seeded demo tenant, when there is one.' }),
    demoMember: t.field({ type: DemoMemberLogin, nullable: true, description: 'Talk view sign-in of the demo tenant’s member, when there is one.' }),
  }),
})

builder.queryFields((t) => ({
  viewer: t.field({
    type: Viewer,
    nullable: true,
    description: 'Who is signed in; null when nobody is.',
    resolve: (_root, _args, context) => context.actor,
  }),
  setupStatus: t.field({
    type: SetupStatus,
    resolve: async (_root, _args, context) => {
      const demo = await context.prisma.adminAccount.findUnique({
        where: { email: DEMO_LOGIN.email },
        select: { tenant: { select: { isDemo: true } } },
      })
      const demoMember = demo?.tenant.isDemo
        ? await context.prisma.member.findFirst({
            where: { loginId: DEMO_MEMBER.loginId, status: 'ACTIVE', passwordHash: { not: null }, tenant: { isDemo: true } },
            select: { id: true },
          })
        : null
      return { needsSetup: await needsSetup(context.prisma), demo: demo?.tenant.isDemo ? DEMO_LOGIN : null, demoMember: demoMember ? DEMO_MEMBER : null }
    },
  }),
}))

const LoginInput = builder.inputType('LoginInput', {
  fields: (t) => ({ email: t.string(), password: t.string() }),
})

const SetupInput = builder.inputType('SetupInput', {
  fields: (t) => ({
    organizationName: t.string(),
    domainName: t.string(),
    timeZone: t.string(),
    language: t.field({ type: LanguageEnum }),
    adminName: t.string(),
    adminEmail: t.string(),
    password: t.string(),
  }),
})

builder.mutationFields((t) => ({
  login: t.field({
    type: Viewer,
    args: { input: t.arg({ type: LoginInput, required: true }) },
    errors: { types: [AuthenticationError, RateLimitedError, ValidationError], dataField: { name: 'viewer' } },
    resolve: async (_root, { input }, context) => {
      const session = await login({ ...context, loginLimiter: context.services.loginLimiter }, input, {
        ip: context.ip,
        request: context.request,
      })
      context.responseCookies.push(...session.cookies)
      return signedInAs(context, session.adminId)
    },
  }),
  logout: t.boolean({
    resolve: async (_root, _args, context) => {
      await logout(context.prisma, context.actor)
      context.responseCookies.push(...clearSessionCookies(context.env, context.request))
      return true
    },
  }),
  setup: t.field({
    type: Viewer,
    args: { input: t.arg({ type: SetupInput, required: true }) },
    errors: { types: [ValidationError, ConflictError], dataField: { name: 'viewer' } },
    resolve: async (_root, { input }, context) => {
      const session = await setup(context, input, context.request)
      context.responseCookies.push(...session.cookies)
      return signedInAs(context, session.adminId)
    },
  }),
  updateTenant: t.prismaFieldWithInput({
    type: 'Tenant',
    description: 'Changes the tenant name, time zone or default language (master administrator only).',
    input: {
      name: t.input.string({ required: false }),
      timeZone: t.input.string({ required: false }),
      language: t.input.field({ type: LanguageEnum, required: false }),
    },
    errors: { types: [...mutationErrors, ForbiddenError], dataField: { name: 'tenant' } },
    resolve: async (query, _root, { input }, context) => {
      const tenant = await updateTenant(context, {
        name: input.name ?? undefined,
        timeZone: input.timeZone ?? undefined,
        language: input.language ?? undefined,
      })
      return context.prisma.tenant.findUniqueOrThrow({ ...nonEmpty(query), where: { id: tenant.id } })
    },
  }),
}))

/**
 * The rest of this request acts as the admin who just signed in, as the next ones will with the
 * cookie: the viewer it answers with (their admin account, their tenant) is theirs to read.
 */
async function signedInAs(context: { prisma: PrismaClient; actor: Actor | null }, adminId: string): Promise<Actor> {
  const admin = await context.prisma.adminAccount.findUniqueOrThrow({ where: { id: adminId } })
  context.actor = {
    kind: 'admin',
    tenantId: admin.tenantId,
    adminId: admin.id,
    label: admin.email,
    role: admin.role,
    authorities: adminAuthorities(admin),
    sessionId: '',
  }
  return context.actor
}

