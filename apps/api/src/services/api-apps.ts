import { generateKeyPair, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { apiAppInputSchema, type ApiAppInput, oauthScopes } from '@worksbase/schema'
import { NotFoundError, parseInput } from '../errors.ts'
import { randomToken, safeEqual, sha256Hex } from '../lib/crypto.ts'
import { type JwtProblem, readUnverifiedJwt, verifyRs256Jwt } from '../lib/jwt.ts'
import { TtlCache } from '../lib/ttl-cache.ts'
import { auditActorOf, recordAudit, type Tx } from './audit.ts'
import { requireAuthority } from './authority.ts'
import type { ServiceContext } from './common.ts'
import type { PrismaClient } from '#generated/prisma/client.ts'

const generateKeyPairAsync = promisify(generateKeyPair)

/** Refresh tokens last 90 days; assertions may reach at most 60 minutes ahead. */
export const REFRESH_TOKEN_TTL_MS = 90 * 24 * 60 * 60 * 1000
const MAX_ASSERTION_MS = 60 * 60 * 1000
/** Clock skew tolerated on `iat`. */
const SKEW_MS = 5 * 60 * 1000

function newClientId(): string {
  return randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')
}

export async function createApiApp(ctx: ServiceContext, raw: ApiAppInput) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  const input = parseInput(apiAppInputSchema, raw)
  const clientSecret = randomToken(24)
  const app = await ctx.prisma.$transaction(async (tx) => {
    const created = await tx.apiApp.create({
      data: { tenantId: actor.tenantId, name: input.name, scopes: input.scopes, tokenLifetime: input.tokenLifetime, clientId: newClientId(), clientSecretHash: sha256Hex(clientSecret) },
    })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'BOTS', action: 'apiApp.create', targetType: 'ApiApp', targetId: created.id, targetLabel: created.name, after: { clientId: created.clientId, ...input } },
    ])
    return created
  })
  return { app, clientSecret }
}

async function findApp(tx: Tx | PrismaClient, tenantId: string, id: string) {
  const app = await tx.apiApp.findFirst({ where: { id, tenantId } })
  if (!app) throw new NotFoundError('API app')
  return app
}

export async function updateApiApp(ctx: ServiceContext, id: string, raw: ApiAppInput) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  const input = parseInput(apiAppInputSchema, raw)
  return ctx.prisma.$transaction(async (tx) => {
    const before = await findApp(tx, actor.tenantId, id)
    const app = await tx.apiApp.update({ where: { id }, data: input })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'BOTS',
        action: 'apiApp.update',
        targetType: 'ApiApp',
        targetId: id,
        targetLabel: app.name,
        before: { name: before.name, scopes: before.scopes, tokenLifetime: before.tokenLifetime },
        after: input,
      },
    ])
    return app
  })
}

export async function deleteApiApp(ctx: ServiceContext, id: string) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  const deleted = await ctx.prisma.$transaction(async (tx) => {
    const app = await findApp(tx, actor.tenantId, id)
    await tx.apiApp.delete({ where: { id } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'BOTS', action: 'apiApp.delete', targetType: 'ApiApp', targetId: id, targetLabel: app.name, before: { clientId: app.clientId } },
    ])
    return app
  })
  // Its tokens went with it (cascade): after the commit, so no lookup can cache them again.
  forgetAccessTokens(id)
  return deleted
}

/** A new client secret (shown once); the old one stops working and issued tokens are revoked. */
export async function regenerateClientSecret(ctx: ServiceContext, id: string) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  const clientSecret = randomToken(24)
  const app = await ctx.prisma.$transaction(async (tx) => {
    const found = await findApp(tx, actor.tenantId, id)
    const updated = await tx.apiApp.update({ where: { id }, data: { clientSecretHash: sha256Hex(clientSecret) } })
    await tx.oAuthToken.updateMany({ where: { appId: id, revokedAt: null }, data: { revokedAt: new Date() } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'BOTS', action: 'apiApp.regenerateSecret', targetType: 'ApiApp', targetId: id, targetLabel: found.name },
    ])
    return updated
  })
  // After the commit, so no lookup can cache a revoked token again.
  forgetAccessTokens(id)
  return { app, clientSecret }
}

/**
 * Issues a service account with a fresh RSA key pair. The private key (PKCS#8 PEM) is returned once
 * and never stored; only the public key is kept to verify the account's JWT assertions.
 */
export async function createServiceAccount(ctx: ServiceContext, appId: string) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  const { publicKey, privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
  const account = await ctx.prisma.$transaction(async (tx) => {
    const app = await findApp(tx, actor.tenantId, appId)
    const domain = await tx.domain.findFirst({ where: { tenantId: actor.tenantId }, orderBy: { createdAt: 'asc' } })
    const accountId = `${randomBytes(4).toString('hex')}.serviceaccount@${domain?.name ?? 'worksbase.local'}`
    const created = await tx.serviceAccount.create({ data: { appId, accountId, publicKeyPem: publicKey } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'BOTS', action: 'apiApp.serviceAccount.create', targetType: 'ApiApp', targetId: appId, targetLabel: app.name, after: { accountId } },
    ])
    return created
  })
  return { account, privateKey }
}

export async function deleteServiceAccount(ctx: ServiceContext, id: string) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  return ctx.prisma.$transaction(async (tx) => {
    const account = await tx.serviceAccount.findFirst({ where: { id, app: { tenantId: actor.tenantId } }, include: { app: true } })
    if (!account) throw new NotFoundError('Service account')
    await tx.serviceAccount.delete({ where: { id } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'BOTS', action: 'apiApp.serviceAccount.delete', targetType: 'ApiApp', targetId: account.appId, targetLabel: account.app.name, before: { accountId: account.accountId } },
    ])
    return account
  })
}

// ---------------------------------------------------------------------------------------------
// OAuth token endpoint (lineworks-wire.md: /oauth2/v2.0/token)

/** An OAuth error: `error` per RFC 6749, also as `{code, description}` for LINE WORKS-style clients. */
export class OAuthError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope',
    readonly description: string,
  ) {
    super(description)
  }

  get status(): number {
    return this.error === 'invalid_client' ? 401 : 400
  }
}

export interface TokenResponse {
  access_token: string
  refresh_token: string
  scope: string
  token_type: 'Bearer'
  expires_in: number
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name)
  if (!value) throw new OAuthError('invalid_request', `${name} is required`)
  if (value.length > 8192) throw new OAuthError('invalid_request', `${name} is too long`)
  return value
}

async function authenticateClient(prisma: PrismaClient, form: URLSearchParams) {
  const clientId = required(form, 'client_id')
  const clientSecret = required(form, 'client_secret')
  const app = await prisma.apiApp.findUnique({ where: { clientId } })
  // The same answer (and a hash compare either way) for an unknown client and a wrong secret.
  const expected = app?.clientSecretHash ?? sha256Hex(randomToken())
  if (!safeEqual(sha256Hex(clientSecret), expected) || !app) throw new OAuthError('invalid_client', 'Unknown client or wrong client secret')
  return app
}

const jwtProblems: Record<JwtProblem, string> = {
  signature: 'The assertion’s signature does not verify with the service account’s key',
  expired: 'The assertion has expired',
  times: 'The assertion needs numeric iat and exp',
  'not-yet-valid': 'The assertion’s nbf is in the future',
  malformed: 'The assertion is not a JWT',
}

/** Verifies an RS256 JWT assertion: iss = client id, sub = a service account of the app, iat/exp in range. */
async function verifyAssertion(prisma: PrismaClient, app: { id: string; clientId: string }, assertion: string, now: Date) {
  // iss and sub name the key, so they are read before the signature is checked.
  const unverified = readUnverifiedJwt(assertion)
  if (!unverified) throw new OAuthError('invalid_grant', 'The assertion is not a JWT')
  if (unverified.alg !== 'RS256') throw new OAuthError('invalid_grant', 'The assertion must be signed with RS256')
  if (unverified.claims.iss !== app.clientId) throw new OAuthError('invalid_grant', 'The assertion’s iss is not this client id')
  const sub = unverified.claims.sub
  if (typeof sub !== 'string') throw new OAuthError('invalid_grant', 'The assertion has no sub (service account)')
  const account = await prisma.serviceAccount.findUnique({ where: { accountId: sub } })
  if (!account || account.appId !== app.id) throw new OAuthError('invalid_grant', 'The service account does not belong to this app')
  const verified = await verifyRs256Jwt(assertion, account.publicKeyPem, now)
  if ('problem' in verified) throw new OAuthError('invalid_grant', jwtProblems[verified.problem])
  const { iat, exp } = verified.claims
  if (typeof iat !== 'number' || typeof exp !== 'number') throw new OAuthError('invalid_grant', 'The assertion needs numeric iat and exp')
  if (iat * 1000 > now.getTime() + SKEW_MS) throw new OAuthError('invalid_grant', 'The assertion’s iat is in the future')
  if (exp * 1000 > now.getTime() + MAX_ASSERTION_MS + SKEW_MS) throw new OAuthError('invalid_grant', 'The assertion’s exp is more than 60 minutes ahead')
}

function grantedScopes(app: { scopes: string[] }, requested: string | null): string[] {
  if (!requested) return app.scopes
  const scopes = [...new Set(requested.split(/\s+/).filter(Boolean))]
  const unknown = scopes.filter((scope) => !(oauthScopes as readonly string[]).includes(scope))
  if (unknown.length > 0) throw new OAuthError('invalid_scope', `Unknown scope: ${unknown.join(' ')}`)
  const missing = scopes.filter((scope) => !app.scopes.includes(scope))
  if (missing.length > 0) throw new OAuthError('invalid_scope', `The app does not have the scope: ${missing.join(' ')}`)
  return scopes
}

/** The token endpoint: the JWT bearer grant (service account) and the refresh grant. */
export async function issueToken(prisma: PrismaClient, form: URLSearchParams, now = new Date()): Promise<TokenResponse> {
  const grantType = required(form, 'grant_type')
  if (grantType !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' && grantType !== 'refresh_token') {
    throw new OAuthError('unsupported_grant_type', `Unsupported grant_type ${grantType.slice(0, 100)}`)
  }
  const app = await authenticateClient(prisma, form)
  const accessToken = randomToken(32)
  const expiresAt = new Date(now.getTime() + app.tokenLifetime * 1000)
  if (grantType === 'refresh_token') {
    const refreshToken = required(form, 'refresh_token')
    const stored = await prisma.oAuthToken.findUnique({ where: { refreshTokenHash: sha256Hex(refreshToken) } })
    if (!stored || stored.appId !== app.id || stored.revokedAt || !stored.refreshExpiresAt || stored.refreshExpiresAt <= now) {
      throw new OAuthError('invalid_grant', 'The refresh token is unknown, expired or revoked')
    }
    const scopes = grantedScopes(app, null).filter((scope) => stored.scopes.includes(scope))
    await prisma.oAuthToken.create({ data: { appId: app.id, accessTokenHash: sha256Hex(accessToken), scopes, expiresAt } })
    return { access_token: accessToken, refresh_token: refreshToken, scope: scopes.join(' '), token_type: 'Bearer', expires_in: app.tokenLifetime }
  }
  const scopes = grantedScopes(app, form.get('scope'))
  await verifyAssertion(prisma, app, required(form, 'assertion'), now)
  const refreshToken = randomToken(32)
  await prisma.oAuthToken.create({
    data: {
      appId: app.id,
      accessTokenHash: sha256Hex(accessToken),
      refreshTokenHash: sha256Hex(refreshToken),
      scopes,
      expiresAt,
      refreshExpiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
    },
  })
  return { access_token: accessToken, refresh_token: refreshToken, scope: scopes.join(' '), token_type: 'Bearer', expires_in: app.tokenLifetime }
}

/** Who an access token acts for, as the Bot REST API needs it. */
export interface AccessTokenCaller {
  appId: string
  tenantId: string
  plan: string
  scopes: string[]
}

/**
 * Resolved access tokens (by hash) for a few seconds, so the Bot REST API does not read the token,
 * its app and the tenant's plan on every request. Revocations in this process (a new client secret,
 * a deleted app) evict at once; another API process sees them within ACCESS_TOKEN_CACHE_MS. Expiry is
 * checked on every use. Unknown and revoked tokens are never cached.
 */
export const ACCESS_TOKEN_CACHE_MS = 5_000
const accessTokens = new TtlCache<AccessTokenCaller & { expiresAt: Date }>(10_000, ACCESS_TOKEN_CACHE_MS)
/** Lookups in flight by token hash: concurrent requests with one token share one query. */
const tokenLookups = new Map<string, Promise<(AccessTokenCaller & { expiresAt: Date }) | null>>()

/** Drops the app's cached access tokens; call after the change that revokes them has committed. */
export function forgetAccessTokens(appId: string) {
  accessTokens.evict((entry) => entry.appId === appId)
  // Requests from now on must not join a lookup that began before the revocation committed.
  tokenLookups.clear()
}

/** In its last second a cached token is still used, and read again in the background (once). */
const REFRESH_AHEAD_MS = 1_000

function lookUpAccessToken(prisma: PrismaClient, hash: string) {
  let pending = tokenLookups.get(hash)
  if (pending) return pending
  const generation = accessTokens.generation
  pending = prisma.oAuthToken
    .findUnique({
      where: { accessTokenHash: hash },
      include: { app: { select: { tenantId: true, tenant: { select: { plan: true } } } } },
    })
    .then((stored) => {
      if (!stored || stored.revokedAt) {
        accessTokens.delete(hash)
        return null
      }
      const entry = { appId: stored.appId, tenantId: stored.app.tenantId, plan: stored.app.tenant.plan, scopes: stored.scopes, expiresAt: stored.expiresAt }
      accessTokens.set(hash, entry, generation)
      return entry
    })
    .finally(() => {
      if (tokenLookups.get(hash) === pending) tokenLookups.delete(hash)
    })
  tokenLookups.set(hash, pending)
  return pending
}

/** For the Bot REST API: who a Bearer access token acts for, or null when unknown, expired or revoked. */
export async function resolveAccessToken(prisma: PrismaClient, token: string, now = new Date()): Promise<AccessTokenCaller | null> {
  const hash = sha256Hex(token)
  let entry = accessTokens.get(hash) ?? null
  if (entry) {
    const left = accessTokens.expiresIn(hash)
    if (left !== undefined && left < REFRESH_AHEAD_MS) lookUpAccessToken(prisma, hash).catch(() => {})
  } else {
    entry = await lookUpAccessToken(prisma, hash)
    if (!entry) return null
  }
  if (entry.expiresAt <= now) return null
  return { appId: entry.appId, tenantId: entry.tenantId, plan: entry.plan, scopes: entry.scopes }
}
