import { encodeGlobalID } from '@pothos/plugin-relay'
import { print } from 'graphql'
import { describe, expect, it } from 'vitest'
import { graphql } from '../../test/graphql.ts'
import { TEST_PASSWORD, TestClient, createAdmin, createMembers, createTenant, expectTypename, useTestApp } from '../../test/harness.ts'

const ctx = useTestApp()

const createAdminMutation = graphql(`mutation($input: MutationCreateAdminInput!) {
  createAdmin(input: $input) {
    __typename
    ... on MutationCreateAdminSuccess { admin { id email role authorities { members bots external attendance audit } } }
    ... on ValidationError { fieldErrors { path } }
    ... on Error { code message }
  }
}`)
const none = { members: 'NONE', bots: 'NONE', external: 'NONE', attendance: 'NONE', audit: 'NONE' } as const

const createTokenMutation = graphql(`mutation($input: MutationCreateApiTokenInput!) {
  createApiToken(input: $input) {
    __typename
    ... on MutationCreateApiTokenSuccess { created { secret token { id name prefix scopes expiresAt active } } }
    ... on ValidationError { fieldErrors { path message } }
    ... on Error { code message }
  }
}`)
const membersCount = graphql('{ members { totalCount } }')
const revokeTokenMutation = graphql(`mutation($input: MutationRevokeApiTokenInput!) { revokeApiToken(input: $input) { __typename } }`)
const nodeQuery = graphql('query($id: ID!) { node(id: $id) { id } }')

describe('administrators and their authority', () => {
  it('lets the master create a general admin whose authority applies at once', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    await createMembers(ctx, tenant, domain, 2, 'm')
    const result = await client.runOk(createAdminMutation, {
      input: { email: 'Clerk@Example.test', name: 'Clerk', password: 'clerk-password-1', authorities: { ...none, members: 'VIEW' } },
    })
    expect(result.createAdmin).toMatchObject({
      __typename: 'MutationCreateAdminSuccess',
      admin: { email: 'clerk@example.test', role: 'GENERAL', authorities: { ...none, members: 'VIEW' } },
    })
    const clerk = await new TestClient(ctx.app).login('clerk@example.test', 'clerk-password-1')
    expect((await clerk.runOk(membersCount)).members.totalCount).toBe(2)
    expect((await clerk.runError(graphql('{ auditEntries { edges { node { id } } } }')))[0]?.extensions?.code).toBe('FORBIDDEN')

    const update = await client.runOk(
      graphql(`mutation($input: MutationUpdateAdminInput!) { updateAdmin(input: $input) { __typename ... on MutationUpdateAdminSuccess { admin { authorities { members audit } } } } }`),
      { input: { id: expectTypename(result.createAdmin, 'MutationCreateAdminSuccess').admin.id, authorities: { ...none, audit: 'VIEW' } } },
    )
    expect(expectTypename(update.updateAdmin, 'MutationUpdateAdminSuccess').admin.authorities).toEqual({ members: 'NONE', audit: 'VIEW' })
    expect((await clerk.runError(membersCount))[0]?.extensions?.code).toBe('FORBIDDEN')
    const audit = await ctx.db.prisma.auditEntry.findFirst({ where: { tenantId: tenant.id, action: 'admin.update' } })
    expect(audit?.before).toEqual({ membersAuthority: 'VIEW', auditAuthority: 'NONE' })
    expect(audit?.after).toEqual({ membersAuthority: 'NONE', auditAuthority: 'VIEW' })
  })

  it('keeps admin management to the master administrator', async () => {
    const { tenant, master } = await createTenant(ctx)
    const general = await createAdmin(ctx, tenant.id, { members: 'EDIT', audit: 'EDIT' })
    const before = await ctx.db.prisma.adminAccount.count()
    const result = await general.client.runOk(createAdminMutation, {
      input: { email: 'sneaky@example.test', name: 'S', password: 'sneaky-password-1', authorities: none },
    })
    expect(result.createAdmin.__typename).toBe('ForbiddenError')
    const remove = await general.client.runOk(
      graphql(`mutation($input: MutationDeleteAdminInput!) { deleteAdmin(input: $input) { __typename } }`),
      { input: { id: encodeGlobalID('Admin', master.id) } },
    )
    expect(remove.deleteAdmin.__typename).toBe('ForbiddenError')
    expect(await ctx.db.prisma.adminAccount.count()).toBe(before)
  })

  it('rejects duplicate e-mail, weak password and unknown authority levels', async () => {
    const { client, master } = await createTenant(ctx)
    const duplicate = await client.runOk(createAdminMutation, {
      input: { email: master.email, name: 'X', password: 'long-password-1', authorities: none },
    })
    expect(duplicate.createAdmin.__typename).toBe('ConflictError')
    const weak = await client.runOk(createAdminMutation, {
      input: { email: 'weak@example.test', name: 'X', password: 'short', authorities: none },
    })
    expect(expectTypename(weak.createAdmin, 'ValidationError').fieldErrors.every((error) => error.path[0] === 'password')).toBe(true)
    // An unknown level, which the typed variables rule out, sent as a client might.
    const badEnum = await client.gql(print(createAdminMutation), {
      input: { email: 'enum@example.test', name: 'X', password: 'long-password-1', authorities: { ...none, bots: 'ALL' } },
    })
    expect(badEnum.errors?.[0]?.message).toMatch(/ALL/)
    expect(await ctx.db.prisma.adminAccount.findUnique({ where: { email: 'weak@example.test' } })).toBeNull()
  })
})

describe('API tokens', () => {
  it('shows the secret once, stores only its hash, and authenticates integrators with its scopes', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    await createMembers(ctx, tenant, domain, 3, 'tok')
    const created = await client.runOk(createTokenMutation, {
      input: { name: 'HR sync', scopes: ['members:read'], expiresInDays: 30 },
    })
    const { secret, token } = expectTypename(created.createApiToken, 'MutationCreateApiTokenSuccess').created
    expect(secret).toMatch(/^wbt_/)
    expect(token).toMatchObject({ name: 'HR sync', scopes: ['members:read'], active: true })
    expect(secret.startsWith(token.prefix)).toBe(true)
    const stored = await ctx.db.prisma.apiToken.findFirstOrThrow({ where: { tenantId: tenant.id } })
    expect(JSON.stringify(stored)).not.toContain(secret)

    const integrator = new TestClient(ctx.app)
    integrator.bearer = secret
    expect((await integrator.runOk(graphql('{ members { totalCount } viewer { isApiToken authorities { members audit } } }'))).viewer).toEqual({
      isApiToken: true,
      authorities: { members: 'VIEW', audit: 'NONE' },
    })
    const write = await integrator.runOk(
      graphql(`mutation($input: MutationCreateMemberInput!) { createMember(input: $input) { __typename } }`),
      { input: { domainId: encodeGlobalID('Domain', domain.id), loginId: `new@${domain.name}`, familyName: 'A', givenName: 'B' } },
    )
    expect(write.createMember.__typename).toBe('ForbiddenError')
    expect((await integrator.runError(graphql('{ auditEntries { edges { node { id } } } }')))[0]?.extensions?.code).toBe('FORBIDDEN')

    const revoked = await client.runOk(
      graphql(`mutation($input: MutationRevokeApiTokenInput!) { revokeApiToken(input: $input) { __typename ... on MutationRevokeApiTokenSuccess { apiToken { active revokedAt } } } }`),
      { input: { id: token.id } },
    )
    expect(expectTypename(revoked.revokeApiToken, 'MutationRevokeApiTokenSuccess').apiToken.active).toBe(false)
    expect((await integrator.runError(membersCount))[0]?.extensions?.code).toBe('AUTHENTICATION')
  })

  it('refuses scopes beyond the creator’s authority, unknown scopes and bad expiry', async () => {
    const { tenant } = await createTenant(ctx)
    const viewer = await createAdmin(ctx, tenant.id, { members: 'VIEW' })
    const beyond = await viewer.client.runOk(createTokenMutation, { input: { name: 'x', scopes: ['members:write'] } })
    expect(beyond.createApiToken.__typename).toBe('ValidationError')
    expect(expectTypename(beyond.createApiToken, 'ValidationError').fieldErrors[0]).toMatchObject({ path: ['scopes'], message: 'Beyond your own authority: members:write' })
    const unknown = await viewer.client.runOk(createTokenMutation, { input: { name: 'x', scopes: ['root'] } })
    expect(unknown.createApiToken.__typename).toBe('ValidationError')
    const expiry = await viewer.client.runOk(createTokenMutation, { input: { name: 'x', scopes: ['members:read'], expiresInDays: 5000 } })
    expect(expectTypename(expiry.createApiToken, 'ValidationError').fieldErrors[0]?.path).toEqual(['expiresInDays'])
    expect(await ctx.db.prisma.apiToken.count({ where: { tenantId: tenant.id } })).toBe(0)
  })

  it('rejects expired tokens and tokens cannot mint tokens', async () => {
    const { tenant, client } = await createTenant(ctx)
    const created = await client.runOk(createTokenMutation, { input: { name: 'short', scopes: ['members:read'], expiresInDays: 1 } })
    const integrator = new TestClient(ctx.app)
    integrator.bearer = expectTypename(created.createApiToken, 'MutationCreateApiTokenSuccess').created.secret
    const mint = await integrator.runOk(createTokenMutation, { input: { name: 'child', scopes: ['members:read'] } })
    expect(mint.createApiToken.__typename).toBe('ForbiddenError')
    await ctx.db.prisma.apiToken.updateMany({ where: { tenantId: tenant.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect((await integrator.runError(membersCount))[0]?.extensions?.code).toBe('AUTHENTICATION')
  })

  it('keeps one tenant’s tokens and admins out of another’s', async () => {
    const a = await createTenant(ctx, 'A')
    const b = await createTenant(ctx, 'B')
    const created = await b.client.runOk(createTokenMutation, { input: { name: 'b-token', scopes: ['members:read'] } })
    const foreignId = expectTypename(created.createApiToken, 'MutationCreateApiTokenSuccess').created.token.id
    const revoke = await a.client.runOk(revokeTokenMutation, { input: { id: foreignId } })
    expect(revoke.revokeApiToken.__typename).toBe('NotFoundError')
    expect((await a.client.runOk(graphql('{ apiTokens { name } admins { email } }'))).apiTokens).toEqual([])
    // A general admin of the same tenant cannot read the master's token by id either.
    const general = await createAdmin(ctx, b.tenant.id, { members: 'EDIT' })
    expect((await general.client.runOk(nodeQuery, { id: foreignId })).node).toBeNull()
    expect((await b.client.runOk(nodeQuery, { id: foreignId })).node).toEqual({ id: foreignId })
    expect((await a.client.runOk(graphql('{ admins { email } }'))).admins.map((admin) => admin.email)).toEqual([a.master.email])
    expect(TEST_PASSWORD).toBeTruthy()
  })
})
