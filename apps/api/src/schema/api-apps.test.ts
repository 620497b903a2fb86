import { describe, expect, it } from 'vitest'
import { createAdmin, createTenant, TestClient, useTestApp } from '../../test/harness.ts'
import { resolveAccessToken } from '../services/api-apps.ts'
import { signAssertion } from '../../test/oauth.ts'

const ctx = useTestApp({ TOKEN_RATE_LIMIT_PER_MIN: '1000' })
const limitedCtx = useTestApp({ TOKEN_RATE_LIMIT_PER_MIN: '3' })

const CREATE_APP = `mutation($input: MutationCreateApiAppInput!) { createApiApp(input: $input) {
  __typename ... on MutationCreateApiAppSuccess { result { clientSecret app { id clientId scopes tokenLifetime } } }
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`
const CREATE_ACCOUNT = `mutation($input: MutationCreateServiceAccountInput!) { createServiceAccount(input: $input) {
  __typename ... on MutationCreateServiceAccountSuccess { result { privateKey account { id accountId } app { serviceAccounts { accountId } } } }
  ... on Error { message } } }`

const assertion = signAssertion

async function token(client: TestClient, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await client.request('/oauth2/v2.0/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  })
  return { status: response.status, body: (await response.json()) as Record<string, any> }
}

async function setUp(scopes = ['BOT', 'BOT_MESSAGE', 'USER_READ'], tokenLifetime = 3600) {
  const made = await createTenant(ctx)
  const created = await made.client.data(CREATE_APP, { input: { name: 'Attendance bot server', scopes, tokenLifetime } })
  const { app, clientSecret } = created.createApiApp.result
  const account = (await made.client.data(CREATE_ACCOUNT, { input: { appId: app.id } })).createServiceAccount.result
  const now = Math.floor(Date.now() / 1000)
  const jwt = (overrides: Record<string, unknown> = {}) =>
    assertion(account.privateKey, { iss: app.clientId, sub: account.account.accountId, iat: now, exp: now + 3000, ...overrides })
  const grant = (overrides: Record<string, string> = {}) => ({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: jwt(),
    client_id: app.clientId,
    client_secret: clientSecret,
    scope: 'bot bot.message',
    ...overrides,
  })
  return { ...made, app, clientSecret, account, jwt, grant, now }
}

describe('API apps and the OAuth token endpoint', () => {
  it('issues a client secret and a service account private key once, stored only as hash and public key', async () => {
    const { tenant, app, clientSecret, account } = await setUp()
    expect(app).toMatchObject({ scopes: ['BOT', 'BOT_MESSAGE', 'USER_READ'], tokenLifetime: 3600 })
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(account.privateKey).toContain('-----BEGIN PRIVATE KEY-----')
    expect(account.account.accountId).toMatch(/^[0-9a-f]{8}\.serviceaccount@t\d+\.example$/)
    const row = await ctx.db.prisma.apiApp.findFirstOrThrow({ where: { tenantId: tenant.id }, include: { serviceAccounts: true } })
    expect(row.clientSecretHash).not.toContain(clientSecret)
    expect(row.serviceAccounts[0]?.publicKeyPem).toContain('BEGIN PUBLIC KEY')
    const audit = JSON.stringify(await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, area: 'BOTS' } }))
    expect(audit).not.toContain(clientSecret)
    expect(audit).not.toContain('PRIVATE KEY')
  })

  it('validates apps: name, at least one scope, a lifetime of 1 h or 24 h; editors only', async () => {
    const { tenant, client } = await createTenant(ctx)
    const noScope = await client.data(CREATE_APP, { input: { name: 'x', scopes: [], tokenLifetime: 3600 } })
    expect(noScope.createApiApp.fieldErrors[0]).toMatchObject({ path: ['scopes'], message: 'Choose at least one scope' })
    const lifetime = await client.data(CREATE_APP, { input: { name: 'x', scopes: ['BOT'], tokenLifetime: 7200 } })
    expect(lifetime.createApiApp.fieldErrors[0]).toMatchObject({ path: ['tokenLifetime'] })
    const { client: viewer } = await createAdmin(ctx, tenant.id, { bots: 'VIEW' })
    expect(JSON.stringify(await viewer.gql(CREATE_APP, { input: { name: 'x', scopes: ['BOT'], tokenLifetime: 3600 } }))).toMatch(/FORBIDDEN|ForbiddenError/)
    expect(await ctx.db.prisma.apiApp.count({ where: { tenantId: tenant.id } })).toBe(0)
  })

  it('grants a token for a valid JWT assertion and refreshes it', async () => {
    const { tenant, client, app, clientSecret, grant } = await setUp()
    const issued = await token(client, grant())
    expect(issued.status).toBe(200)
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'bot bot.message' })
    expect(issued.body.access_token).toEqual(expect.any(String))
    const resolved = await resolveAccessToken(ctx.db.prisma, issued.body.access_token)
    expect(resolved).toMatchObject({ tenantId: tenant.id, scopes: ['bot', 'bot.message'] })

    const refreshed = await token(client, { grant_type: 'refresh_token', refresh_token: issued.body.refresh_token, client_id: app.clientId, client_secret: clientSecret })
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.access_token).not.toBe(issued.body.access_token)
    expect(refreshed.body.refresh_token).toBe(issued.body.refresh_token)
    expect(await resolveAccessToken(ctx.db.prisma, refreshed.body.access_token)).toMatchObject({ tenantId: tenant.id })
    // Tokens expire.
    expect(await resolveAccessToken(ctx.db.prisma, issued.body.access_token, new Date(Date.now() + 3601_000))).toBeNull()

    // A new client secret revokes what was issued and refuses the old secret.
    const regenerated = await client.data(
      `mutation($input: MutationRegenerateApiAppSecretInput!) { regenerateApiAppSecret(input: $input) { ... on MutationRegenerateApiAppSecretSuccess { result { clientSecret } } } }`,
      { input: { id: app.id } },
    )
    expect(await resolveAccessToken(ctx.db.prisma, refreshed.body.access_token)).toBeNull()
    expect((await token(client, grant())).status).toBe(401)
    expect((await token(client, grant({ client_secret: regenerated.regenerateApiAppSecret.result.clientSecret }))).status).toBe(200)
  })

  it('refuses bad requests with the OAuth error and status, issuing nothing', async () => {
    const { client, app, account, jwt, grant, now } = await setUp()
    const other = await setUp()
    const cases: [Record<string, string>, number, string, string][] = [
      [grant({ grant_type: 'password' }), 400, 'unsupported_grant_type', 'Unsupported grant_type password'],
      [grant({ client_secret: 'wrong' }), 401, 'invalid_client', 'Unknown client or wrong client secret'],
      [grant({ client_id: 'nobody' }), 401, 'invalid_client', 'Unknown client or wrong client secret'],
      [grant({ assertion: 'not.a.jwt' }), 400, 'invalid_grant', 'The assertion is not a JWT'],
      [grant({ assertion: jwt({ iss: 'someone-else' }) }), 400, 'invalid_grant', 'The assertion’s iss is not this client id'],
      [grant({ assertion: jwt({ sub: other.account.account.accountId }) }), 400, 'invalid_grant', 'The service account does not belong to this app'],
      [grant({ assertion: jwt({ exp: now - 10 }) }), 400, 'invalid_grant', 'The assertion has expired'],
      [grant({ assertion: jwt({ exp: now + 2 * 3600 }) }), 400, 'invalid_grant', 'The assertion’s exp is more than 60 minutes ahead'],
      [grant({ assertion: jwt({ iat: String(now) }) }), 400, 'invalid_grant', 'The assertion needs numeric iat and exp'],
      [grant({ assertion: assertion(other.account.privateKey, { iss: app.clientId, sub: account.account.accountId, iat: now, exp: now + 60 }) }), 400, 'invalid_grant', 'The assertion’s signature does not verify with the service account’s key'],
      [grant({ scope: 'bot directory' }), 400, 'invalid_scope', 'The app does not have the scope: directory'],
      [grant({ scope: 'bot admin' }), 400, 'invalid_scope', 'Unknown scope: admin'],
      [{ grant_type: 'refresh_token', refresh_token: 'nope', client_id: app.clientId, client_secret: grant().client_secret ?? '' }, 400, 'invalid_grant', 'The refresh token is unknown, expired or revoked'],
      [{ client_id: app.clientId }, 400, 'invalid_request', 'grant_type is required'],
    ]
    for (const [form, status, error, description] of cases) {
      const result = await token(client, form)
      expect({ status: result.status, error: result.body.error, description: result.body.error_description }, description).toEqual({ status, error, description })
      expect(result.body.code).toBe(error.toUpperCase())
    }
    const alg = await token(client, grant({ assertion: assertion(other.account.privateKey, { iss: app.clientId }, { alg: 'none' }) }))
    expect(alg.body.error_description).toBe('The assertion must be signed with RS256')
    const json = await client.request('/oauth2/v2.0/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(grant()) })
    expect(json.status).toBe(400)
    const huge = await token(client, grant({ assertion: 'x'.repeat(20_000) }))
    expect(huge.status).toBe(413)
    expect(await ctx.db.prisma.oAuthToken.count({ where: { app: { clientId: app.clientId } } })).toBe(0)
  })

  it('rate limits the endpoint per client address', async () => {
    const made = await createTenant(limitedCtx)
    const client = new TestClient(limitedCtx.app, '203.0.113.7')
    const form = { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'nobody', client_secret: 'wrong' }
    const statuses: number[] = []
    for (let index = 0; index < 4; index += 1) statuses.push((await token(client, form)).status)
    expect(statuses).toEqual([401, 401, 401, 429])
    const limited = await client.request('/oauth2/v2.0/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() })
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(((await limited.json()) as { error: string }).error).toBe('too_many_requests')
    // Another address is not affected.
    expect((await token(new TestClient(limitedCtx.app, '203.0.113.8'), form)).status).toBe(401)
    void made
  })
})
