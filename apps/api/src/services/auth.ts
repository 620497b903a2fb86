import type { LoginInput, SetupInput } from '@worksbase/schema'
import { loginInputSchema, setupInputSchema } from '@worksbase/schema'
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { Actor } from './actor.ts'
import type { Env } from '../env.ts'
import { AuthenticationError, ConflictError, RateLimitedError, parseInput } from '../errors.ts'
import { dummyPasswordHash, hashPassword, randomToken, safeEqual, sha256Hex, verifyPassword } from '../lib/crypto.ts'
import { auditActorOf, recordAudit, type Tx } from './audit.ts'
import { adminAuthorities, tokenAuthorities } from './authority.ts'
import { conflictOnDuplicate } from './common.ts'
import { allocateLwDomainId, checkDomainNameFree } from './domains.ts'
import type { PrismaClient } from '#generated/prisma/client.ts'

export const SESSION_COOKIE = 'wb_session'
export const CSRF_COOKIE = 'wb_csrf'
export const CSRF_HEADER = 'x-csrf-token'
export const API_TOKEN_PREFIX = 'wbt_'

export interface NewSession {
  /** Set-Cookie header values. */
  cookies: string[]
  adminId: string
  tenantId: string
}

/** The request reached us over HTTPS (directly or through a proxy that says so). */
export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https'
}

export function cookie(name: string, value: string, secure: boolean, options: { httpOnly: boolean; maxAge: number }): string {
  const parts = [`${name}=${value}`, 'Path=/', 'SameSite=Lax', `Max-Age=${options.maxAge}`]
  if (options.httpOnly) parts.push('HttpOnly')
  if (secure) parts.push('Secure')
  return parts.join('; ')
}

/** Cookies are Secure over HTTPS, or always when COOKIE_SECURE is set. */
export function secureCookies(env: Env, request: Request): boolean {
  return env.COOKIE_SECURE ?? isSecureRequest(request)
}

export function clearSessionCookies(env: Env, request: Request): string[] {
  const secure = secureCookies(env, request)
  return [
    cookie(SESSION_COOKIE, '', secure, { httpOnly: true, maxAge: 0 }),
    cookie(CSRF_COOKIE, '', secure, { httpOnly: false, maxAge: 0 }),
  ]
}

export async function createSession(
  prisma: PrismaClient,
  env: Env,
  admin: { id: string; tenantId: string },
  request: Request,
): Promise<NewSession> {
  const userAgent = request.headers.get('user-agent')
  const secure = secureCookies(env, request)
  const token = randomToken()
  const csrfToken = randomToken(24)
  const maxAge = env.SESSION_TTL_HOURS * 3600
  // Expired sessions are useless; clear this admin's as a new one starts.
  await prisma.session.deleteMany({ where: { adminId: admin.id, expiresAt: { lt: new Date() } } })
  await prisma.session.create({
    data: {
      id: sha256Hex(token),
      tenantId: admin.tenantId,
      adminId: admin.id,
      csrfToken,
      userAgent: userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + maxAge * 1000),
    },
  })
  return {
    adminId: admin.id,
    tenantId: admin.tenantId,
    cookies: [
      cookie(SESSION_COOKIE, token, secure, { httpOnly: true, maxAge }),
      cookie(CSRF_COOKIE, csrfToken, secure, { httpOnly: false, maxAge }),
    ],
  }
}

export function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>()
  if (!header) return cookies
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  return cookies
}

/**
 * Resolves the request's actor: a Bearer API token, or a session cookie accompanied by the matching
 * CSRF header (a cookie alone, as a cross-site form would send it, authenticates nothing).
 * `cookieOnly` accepts the cookie alone, for reading images only (an <img> cannot send headers, and
 * the SameSite=Lax cookie is not sent with other sites' image requests).
 */
export async function resolveActor(prisma: PrismaClient, request: Request, options: { cookieOnly?: boolean } = {}): Promise<Actor | null> {
  const authorization = request.headers.get('authorization')
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization)
    return match?.[1] ? resolveApiToken(prisma, match[1]) : null
  }
  const cookies = parseCookies(request.headers.get('cookie'))
  const token = cookies.get(SESSION_COOKIE)
  if (!token) return null
  const session = await prisma.session.findUnique({ where: { id: sha256Hex(token) }, include: { admin: true } })
  if (!session || session.expiresAt <= new Date()) return null
  const csrf = request.headers.get(CSRF_HEADER) ?? ''
  if (!options.cookieOnly && !safeEqual(csrf, session.csrfToken)) return null
  if (Date.now() - session.lastSeenAt.getTime() > 5 * 60_000) {
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } })
  }
  return {
    kind: 'admin',
    tenantId: session.tenantId,
    adminId: session.adminId,
    label: session.admin.email,
    role: session.admin.role,
    authorities: adminAuthorities(session.admin),
    sessionId: session.id,
  }
}

async function resolveApiToken(prisma: PrismaClient, secret: string): Promise<Actor | null> {
  if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 200) return null
  const token = await prisma.apiToken.findUnique({ where: { secretHash: sha256Hex(secret) }, include: { createdBy: true } })
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= new Date())) return null
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) {
    await prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } })
  }
  return {
    kind: 'token',
    tenantId: token.tenantId,
    adminId: token.createdById,
    tokenId: token.id,
    label: `token:${token.name} (${token.createdBy.email})`,
    role: token.createdBy.role,
    authorities: tokenAuthorities(adminAuthorities(token.createdBy), token.scopes),
  }
}

export async function login(
  deps: { prisma: PrismaClient; env: Env; loginLimiter: RateLimiterAbstract },
  rawInput: LoginInput,
  client: { ip: string; request: Request },
): Promise<NewSession> {
  const input = parseInput(loginInputSchema, rawInput)
  const key = `${client.ip}|${input.email}`
  try {
    await deps.loginLimiter.consume(key)
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)))
    throw error
  }
  const admin = await deps.prisma.adminAccount.findUnique({ where: { email: input.email } })
  const valid = await verifyPassword(admin?.passwordHash ?? (await dummyPasswordHash()), input.password)
  if (!admin || !valid) throw new AuthenticationError()
  await deps.loginLimiter.delete(key)
  const session = await createSession(deps.prisma, deps.env, admin, client.request)
  await deps.prisma.$transaction((tx) =>
    recordAudit(tx, admin.tenantId, { actorType: 'ADMIN', actorId: admin.id, actorLabel: admin.email }, [
      { area: 'AUTH', action: 'login', targetType: 'Admin', targetId: admin.id, targetLabel: admin.email },
    ]),
  )
  return session
}

export async function logout(prisma: PrismaClient, actor: Actor | null): Promise<void> {
  if (actor?.kind !== 'admin') return
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id: actor.sessionId } })
    // The same session signed out twice at once (two tabs) ends once and is recorded once.
    if (count === 0) return
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'AUTH', action: 'logout', targetType: 'Admin', targetId: actor.adminId, targetLabel: actor.label },
    ])
  })
}

/** First run: no real tenant exists yet (a demo tenant does not count). */
export async function needsSetup(prisma: Tx): Promise<boolean> {
  return (await prisma.tenant.count({ where: { isDemo: false } })) === 0
}

const ALREADY_SET_UP = 'This installation is already set up'

export async function setup(
  deps: { prisma: PrismaClient; env: Env },
  rawInput: SetupInput,
  request: Request,
): Promise<NewSession> {
  const input = parseInput(setupInputSchema, rawInput)
  // Answered before hashing the password, so anonymous calls on a set-up installation stay cheap;
  // the check that counts is repeated under the lock below.
  if (!(await needsSetup(deps.prisma))) throw new ConflictError(ALREADY_SET_UP)
  const passwordHash = await hashPassword(input.password)
  const admin = await conflictOnDuplicate('The e-mail address or domain name is already used', () =>
    deps.prisma.$transaction(async (tx) => {
      // Concurrent setups queue on this lock until the first one commits, so the check below sees its
      // tenant and only one setup can ever succeed (also across API processes on one PostgreSQL).
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended('worksbase:setup', 0))::text`
      if (!(await needsSetup(tx))) throw new ConflictError(ALREADY_SET_UP)
      if (await tx.adminAccount.findUnique({ where: { email: input.adminEmail } })) {
        throw new ConflictError('An administrator with this e-mail address already exists')
      }
      // The demo tenant may hold the name.
      await checkDomainNameFree(tx, input.domainName, null)
      const tenant = await tx.tenant.create({
        data: { name: input.organizationName, timeZone: input.timeZone, language: input.language },
      })
      const domain = await tx.domain.create({
        data: {
          tenantId: tenant.id,
          name: input.domainName,
          displayName: input.organizationName,
          lwDomainId: await allocateLwDomainId(tx),
        },
      })
      const created = await tx.adminAccount.create({
        data: { tenantId: tenant.id, email: input.adminEmail, name: input.adminName, passwordHash, role: 'MASTER' },
      })
      await recordAudit(tx, tenant.id, { actorType: 'ADMIN', actorId: created.id, actorLabel: created.email }, [
        { area: 'TENANT', action: 'tenant.create', targetType: 'Tenant', targetId: tenant.id, targetLabel: tenant.name, after: tenant },
        { area: 'MEMBERS', action: 'domain.create', targetType: 'Domain', targetId: domain.id, targetLabel: domain.name, after: domain },
        {
          area: 'ADMINS',
          action: 'admin.create',
          targetType: 'Admin',
          targetId: created.id,
          targetLabel: created.email,
          after: { email: created.email, name: created.name, role: created.role },
        },
      ])
      return created
    }),
  )
  return createSession(deps.prisma, deps.env, admin, request)
}
