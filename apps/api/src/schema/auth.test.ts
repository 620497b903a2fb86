import { GraphQLError } from 'graphql'
import { describe, expect, it } from 'vitest'
import { GRAPHQL_MAX_BYTES } from '../app.ts'
import { ConflictError } from '../errors.ts'
import { maskUnexpectedErrors } from '../yoga.ts'
import { TEST_PASSWORD, TestClient, createMembers, createTenant, testPasswordHash, useTestApp } from '../../test/harness.ts'

const ctx = useTestApp({ LOGIN_RATE_LIMIT_PER_15MIN: '3' })

const setupMutation = `mutation($input: SetupInput!) {
  setup(input: $input) {
    __typename
    ... on MutationSetupSuccess { viewer { admin { email role } tenant { name timeZone language isDemo } } }
    ... on ValidationError { fieldErrors { path code message } }
    ... on Error { code message }
  }
}`

const setupInput = {
  organizationName: 'Sakura Trading',
  domainName: 'sakura.example',
  timeZone: 'Asia/Tokyo',
  language: 'JA',
  adminName: 'Hana',
  adminEmail: 'Hana@Sakura.example',
  password: 'long-enough-1',
}

describe('first-run setup', () => {
  it('refuses invalid input field by field and creates nothing', async () => {
    const client = new TestClient(ctx.app)
    const result = await client.data(setupMutation, {
      input: { ...setupInput, domainName: 'Bad Domain!', timeZone: 'Mars/Olympus', password: 'short', adminEmail: 'nope' },
    })
    expect(result.setup.__typename).toBe('ValidationError')
    const paths = result.setup.fieldErrors.map((error: { path: string[] }) => error.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['domainName', 'timeZone', 'password', 'adminEmail']))
    expect(await ctx.db.prisma.tenant.count()).toBe(0)
    expect(client.cookie('wb_session')).toBeUndefined()
  })

  it('creates the tenant, its domain and the master administrator, and signs in', async () => {
    const client = new TestClient(ctx.app)
    expect((await client.data('{ setupStatus { needsSetup demo { email } } }')).setupStatus).toEqual({ needsSetup: true, demo: null })
    const result = await client.data(setupMutation, { input: setupInput })
    expect(result.setup).toEqual({
      __typename: 'MutationSetupSuccess',
      viewer: {
        admin: { email: 'hana@sakura.example', role: 'MASTER' },
        tenant: { name: 'Sakura Trading', timeZone: 'Asia/Tokyo', language: 'JA', isDemo: false },
      },
    })
    expect(client.cookie('wb_session')).toBeTruthy()
    expect((await client.data('{ viewer { admin { email } } domains { name } }')).domains).toEqual([{ name: 'sakura.example' }])
    const audit = await ctx.db.prisma.auditEntry.findMany({ orderBy: { seq: 'asc' } })
    expect(audit.map((entry) => entry.action)).toEqual(['tenant.create', 'domain.create', 'admin.create'])
  })

  it('cannot run twice', async () => {
    const client = new TestClient(ctx.app)
    expect((await client.data('{ setupStatus { needsSetup } }')).setupStatus.needsSetup).toBe(false)
    const result = await client.data(setupMutation, { input: { ...setupInput, adminEmail: 'other@sakura.example' } })
    expect(result.setup).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' })
    expect(await ctx.db.prisma.tenant.count()).toBe(1)
  })
})

const loginMutation = `mutation($input: LoginInput!) {
  login(input: $input) {
    __typename
    ... on MutationLoginSuccess { viewer { admin { email } } }
    ... on RateLimitedError { retryAfterSeconds }
    ... on Error { code message }
  }
}`

describe('login, sessions and CSRF', () => {
  it('signs in with the right password only, with the same error for unknown e-mail and wrong password', async () => {
    const { master } = await createTenant(ctx)
    const client = new TestClient(ctx.app, '10.0.0.1')
    const wrong = await client.data(loginMutation, { input: { email: master.email, password: 'wrong-password-1' } })
    const unknown = await client.data(loginMutation, { input: { email: 'nobody@example.test', password: 'wrong-password-1' } })
    expect(wrong.login).toEqual({ __typename: 'AuthenticationError', code: 'AUTHENTICATION', message: 'Wrong e-mail address or password' })
    expect(unknown.login).toEqual(wrong.login)
    expect(client.cookie('wb_session')).toBeUndefined()
    const ok = await client.data(loginMutation, { input: { email: master.email.toUpperCase(), password: TEST_PASSWORD } })
    expect(ok.login).toEqual({ __typename: 'MutationLoginSuccess', viewer: { admin: { email: master.email } } })
  })

  it('rate-limits repeated failures per address and e-mail', async () => {
    const { master } = await createTenant(ctx)
    const client = new TestClient(ctx.app, '10.0.0.2')
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const result = await client.data(loginMutation, { input: { email: master.email, password: 'wrong-password-1' } })
      expect(result.login.__typename).toBe('AuthenticationError')
    }
    const limited = await client.data(loginMutation, { input: { email: master.email, password: TEST_PASSWORD } })
    expect(limited.login.__typename).toBe('RateLimitedError')
    expect(limited.login.retryAfterSeconds).toBeGreaterThan(0)
    expect(client.cookie('wb_session')).toBeUndefined()
    // Another address is not affected.
    const other = await new TestClient(ctx.app, '10.0.0.3').data(loginMutation, { input: { email: master.email, password: TEST_PASSWORD } })
    expect(other.login.__typename).toBe('MutationLoginSuccess')
  })

  it('ignores the session cookie without the matching CSRF header', async () => {
    const { client } = await createTenant(ctx)
    expect((await client.data('{ viewer { admin { email } } }')).viewer).not.toBeNull()
    const forged = await client.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'forged' },
      body: JSON.stringify({ query: '{ viewer { admin { email } } }' }),
    })
    expect(await forged.json()).toEqual({ data: { viewer: null } })
    // A form-style (simple) request is refused outright by the CSRF prevention plugin.
    const simple = await client.request('/graphql?query=%7Bviewer%7Badmin%7Bemail%7D%7D%7D', { method: 'GET', headers: { 'x-csrf-token': '' } })
    const body = (await simple.json()) as { data?: { viewer: unknown } }
    expect(body.data?.viewer ?? null).toBeNull()
  })

  it('refuses an expired session and clears expired sessions at the next sign-in', async () => {
    const { client, master } = await createTenant(ctx)
    await ctx.db.prisma.session.updateMany({ where: { adminId: master.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect((await client.data('{ viewer { admin { email } } }')).viewer).toBeNull()
    await new TestClient(ctx.app, '10.0.0.7').login(master.email, TEST_PASSWORD)
    const sessions = await ctx.db.prisma.session.findMany({ where: { adminId: master.id } })
    expect(sessions).toHaveLength(1)
    expect(sessions[0]?.expiresAt.getTime()).toBeGreaterThan(Date.now())
  })

  it('logs out: the session stops working, and the sign-out is audited', async () => {
    const { client, tenant, master } = await createTenant(ctx)
    const csrf = client.cookie('wb_csrf')
    const session = client.cookie('wb_session')
    expect((await client.data('mutation { logout }')).logout).toBe(true)
    expect(client.cookie('wb_session')).toBeUndefined()
    const last = await ctx.db.prisma.auditEntry.findFirst({ where: { tenantId: tenant.id }, orderBy: { seq: 'desc' } })
    expect(last).toMatchObject({ area: 'AUTH', action: 'logout', actorType: 'ADMIN', actorId: master.id, targetId: master.id, targetLabel: master.email })
    expect(await ctx.db.prisma.session.count({ where: { adminId: master.id } })).toBe(0)
    const replay = await ctx.app.fetch(
      new Request('http://test.local/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `wb_session=${session}; wb_csrf=${csrf}`, 'x-csrf-token': csrf ?? '' },
        body: JSON.stringify({ query: '{ viewer { admin { email } } }' }),
      }),
    )
    expect(await replay.json()).toEqual({ data: { viewer: null } })
  })

  it('logs a member out of the talk view and audits it; signing out without a session records nothing', async () => {
    const { tenant, domain } = await createTenant(ctx)
    const [member] = await createMembers(ctx, tenant, domain, 1, 'leaver')
    if (!member) throw new Error('member missing')
    await ctx.db.prisma.member.update({ where: { id: member.id }, data: { passwordHash: await testPasswordHash() } })
    const client = await new TestClient(ctx.app).memberLogin(member.loginId, TEST_PASSWORD)
    expect((await client.data('mutation { memberLogout }')).memberLogout).toBe(true)
    expect(await ctx.db.prisma.memberSession.count({ where: { memberId: member.id } })).toBe(0)
    const entries = async () => (await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id }, orderBy: { seq: 'asc' } })).map((entry) => entry.action)
    expect((await entries()).slice(-2)).toEqual(['member.login', 'member.logout'])
    const last = await ctx.db.prisma.auditEntry.findFirst({ where: { tenantId: tenant.id }, orderBy: { seq: 'desc' } })
    expect(last).toMatchObject({ area: 'AUTH', actorType: 'MEMBER', actorId: member.id, targetId: member.id, targetLabel: member.loginId })
    const count = (await entries()).length
    expect((await client.data('mutation { memberLogout }')).memberLogout).toBe(true)
    expect((await new TestClient(ctx.app).data('mutation { logout }')).logout).toBe(true)
    expect(await entries()).toHaveLength(count)
  })

  it('masks unexpected errors and requires sign-in for data', async () => {
    const anonymous = new TestClient(ctx.app)
    const result = await anonymous.gql('{ members(first: 5) { edges { node { id } } } }')
    expect(result.errors?.[0]?.extensions?.code).toBe('AUTHENTICATION')
    expect(result.data).toBeNull()
  })

  it('marks cookies Secure when the request came over HTTPS', async () => {
    const { master } = await createTenant(ctx)
    const login = (url: string, headers: Record<string, string> = {}) =>
      ctx.app.fetch(
        new Request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: loginMutation, variables: { input: { email: master.email, password: TEST_PASSWORD } } }),
        }),
        { ip: '10.0.0.9' },
      )
    const plain = (await login('http://test.local/graphql')).headers.getSetCookie()
    expect(plain.find((c) => c.startsWith('wb_session='))).toMatch(/HttpOnly/)
    expect(plain.join()).not.toMatch(/Secure/)
    const https = (await login('https://test.local/graphql')).headers.getSetCookie()
    expect(https.every((c) => c.includes('Secure') && c.includes('SameSite=Lax'))).toBe(true)
    const proxied = (await login('http://test.local/graphql', { 'x-forwarded-proto': 'https' })).headers.getSetCookie()
    expect(proxied.every((c) => c.includes('Secure'))).toBe(true)
  })

  it('refuses oversized GraphQL bodies with 413, declared or streamed', async () => {
    const { client } = await createTenant(ctx)
    const big = JSON.stringify({ query: '{ viewer { isApiToken } }', variables: { pad: 'x'.repeat(GRAPHQL_MAX_BYTES) } })
    const declared = await client.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big })
    expect(declared.status).toBe(413)
    const bytes = new TextEncoder().encode(big)
    const streamed = await client.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let offset = 0; offset < bytes.length; offset += 65536) controller.enqueue(bytes.slice(offset, offset + 65536))
          controller.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
  })

  it('masks unexpected errors but keeps expected ones', () => {
    const masked = maskUnexpectedErrors(new Error('password column missing in users table'), 'Unexpected error.', false)
    expect(masked.message).toBe('Unexpected error.')
    expect(JSON.stringify(masked)).not.toContain('password')
    const expected = maskUnexpectedErrors(new GraphQLError('wrapped', { originalError: new ConflictError('Taken') }), 'Unexpected error.', false)
    expect(expected).toMatchObject({ message: 'Taken', extensions: { code: 'CONFLICT' } })
  })

  it('refuses queries nested too deeply', async () => {
    const { client } = await createTenant(ctx)
    let selection = 'id'
    for (let depth = 0; depth < 8; depth += 1) selection = `domain { orgUnits { ${selection} } }`
    const result = await client.gql(`{ members(first: 1) { edges { node { ${selection} } } } }`)
    expect(result.errors?.[0]?.message).toMatch(/depth/i)
    expect(result.data ?? null).toBeNull()
  })

  it('answers health and readiness', async () => {
    expect(await (await ctx.app.fetch(new Request('http://test.local/healthz'))).json()).toEqual({ ok: true })
    const ready = (await (await ctx.app.fetch(new Request('http://test.local/readyz'))).json()) as { ok: boolean }
    expect(ready.ok).toBe(true)
  })
})
