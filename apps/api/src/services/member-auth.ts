import { type MemberLoginInput, memberLoginInputSchema, memberPasswordInputSchema } from '@worksbase/schema'
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { Actor } from './actor.ts'
import type { Env } from '../env.ts'
import { AuthenticationError, NotFoundError, RateLimitedError, parseInput } from '../errors.ts'
import { dummyPasswordHash, hashPassword, randomToken, safeEqual, sha256Hex, verifyPassword } from '../lib/crypto.ts'
import { auditActorOf, recordAudit } from './audit.ts'
import { cookie, parseCookies, secureCookies } from './auth.ts'
import { requireAuthority } from './authority.ts'
import type { PrismaClient } from '#generated/prisma/client.ts'

// Members have their own cookies and CSRF token: one browser can hold an admin session and a member
// session at once, and a member session never carries admin authority.
export const MEMBER_SESSION_COOKIE = 'wb_msession'
export const MEMBER_CSRF_COOKIE = 'wb_mcsrf'
export const MEMBER_CSRF_HEADER = 'x-member-csrf-token'

/** A member signed in to the talk view. */
export interface MemberViewer {
  tenantId: string
  memberId: string
  userId: string
  domainId: string
  loginId: string
  sessionId: string
}

/**
 * The member session of a request: the cookie plus the matching CSRF header. `cookieOnly` accepts
 * the cookie alone, for reading images (an <img> cannot send headers; SameSite=Lax keeps other sites
 * from using it). Suspended members are signed out at their next request.
 */
export async function resolveMemberViewer(prisma: PrismaClient, request: Request, options: { cookieOnly?: boolean } = {}): Promise<MemberViewer | null> {
  const token = parseCookies(request.headers.get('cookie')).get(MEMBER_SESSION_COOKIE)
  if (!token) return null
  const session = await prisma.memberSession.findUnique({
    where: { id: sha256Hex(token) },
    include: { member: { select: { userId: true, domainId: true, loginId: true, status: true } } },
  })
  if (!session || session.expiresAt <= new Date() || session.member.status !== 'ACTIVE') return null
  if (!options.cookieOnly && !safeEqual(request.headers.get(MEMBER_CSRF_HEADER) ?? '', session.csrfToken)) return null
  if (Date.now() - session.lastSeenAt.getTime() > 5 * 60_000) {
    await prisma.memberSession.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } })
  }
  return {
    tenantId: session.tenantId,
    memberId: session.memberId,
    userId: session.member.userId,
    domainId: session.member.domainId,
    loginId: session.member.loginId,
    sessionId: session.id,
  }
}

export function requireMember(viewer: MemberViewer | null): MemberViewer {
  if (!viewer) throw new AuthenticationError('Sign in to the talk view first')
  return viewer
}

export function clearMemberSessionCookies(env: Env, request: Request): string[] {
  const secure = secureCookies(env, request)
  return [
    cookie(MEMBER_SESSION_COOKIE, '', secure, { httpOnly: true, maxAge: 0 }),
    cookie(MEMBER_CSRF_COOKIE, '', secure, { httpOnly: false, maxAge: 0 }),
  ]
}

/**
 * Signs a member in by login id and password. Login ids are unique across the installation (domain
 * names are), so exactly one member can match. Failures are counted per client address and login id,
 * like admin logins.
 */
export async function memberLogin(
  deps: { prisma: PrismaClient; env: Env; loginLimiter: RateLimiterAbstract },
  rawInput: MemberLoginInput,
  client: { ip: string; request: Request },
): Promise<{ memberId: string; cookies: string[] }> {
  const input = parseInput(memberLoginInputSchema, rawInput)
  const key = `member|${client.ip}|${input.loginId}`
  try {
    await deps.loginLimiter.consume(key)
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)))
    throw error
  }
  const member = await deps.prisma.member.findUnique({
    where: { loginId: input.loginId },
    select: { id: true, tenantId: true, loginId: true, status: true, passwordHash: true },
  })
  const passwordHash = member?.status === 'ACTIVE' ? member.passwordHash : null
  // Without a member who can sign in, a dummy hash is verified, so the answer takes as long.
  const valid = await verifyPassword(passwordHash ?? (await dummyPasswordHash()), input.password)
  if (!member || passwordHash === null || !valid) {
    throw new AuthenticationError('The login id or password is wrong, or the account cannot sign in')
  }
  await deps.loginLimiter.delete(key)

  const token = randomToken()
  const csrfToken = randomToken(24)
  const maxAge = deps.env.SESSION_TTL_HOURS * 3600
  const secure = secureCookies(deps.env, client.request)
  await deps.prisma.$transaction(async (tx) => {
    await tx.memberSession.deleteMany({ where: { memberId: member.id, expiresAt: { lt: new Date() } } })
    await tx.memberSession.create({
      data: {
        id: sha256Hex(token),
        tenantId: member.tenantId,
        memberId: member.id,
        csrfToken,
        userAgent: client.request.headers.get('user-agent')?.slice(0, 300) ?? null,
        expiresAt: new Date(Date.now() + maxAge * 1000),
      },
    })
    await recordAudit(tx, member.tenantId, { actorType: 'MEMBER', actorId: member.id, actorLabel: member.loginId }, [
      { area: 'AUTH', action: 'member.login', targetType: 'Member', targetId: member.id, targetLabel: member.loginId },
    ])
  })
  return {
    memberId: member.id,
    cookies: [
      cookie(MEMBER_SESSION_COOKIE, token, secure, { httpOnly: true, maxAge }),
      cookie(MEMBER_CSRF_COOKIE, csrfToken, secure, { httpOnly: false, maxAge }),
    ],
  }
}

export async function memberLogout(prisma: PrismaClient, viewer: MemberViewer | null): Promise<void> {
  if (!viewer) return
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.memberSession.deleteMany({ where: { id: viewer.sessionId } })
    // The same session signed out twice at once (two tabs) ends once and is recorded once.
    if (count === 0) return
    await recordAudit(tx, viewer.tenantId, { actorType: 'MEMBER', actorId: viewer.memberId, actorLabel: viewer.loginId }, [
      { area: 'AUTH', action: 'member.logout', targetType: 'Member', targetId: viewer.memberId, targetLabel: viewer.loginId },
    ])
  })
}

/**
 * Sets the member's talk view password (members edit authority), or removes it with null; either
 * way the member's open sessions end. The password itself is never audited.
 */
export async function setMemberPassword(ctx: { prisma: PrismaClient; actor: Actor | null }, memberId: string, rawInput: { password: string | null }) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(memberPasswordInputSchema, rawInput)
  const passwordHash = input.password === null ? null : await hashPassword(input.password)
  return ctx.prisma.$transaction(async (tx) => {
    const member = await tx.member.findFirst({ where: { id: memberId, tenantId: actor.tenantId } })
    if (!member) throw new NotFoundError('Member')
    const updated = await tx.member.update({
      where: { id: member.id },
      data: { passwordHash, passwordSetAt: passwordHash ? new Date() : null },
    })
    await tx.memberSession.deleteMany({ where: { memberId: member.id } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'MEMBERS',
        action: passwordHash ? 'member.password.set' : 'member.password.remove',
        targetType: 'Member',
        targetId: member.id,
        targetLabel: member.loginId,
        before: { canSignIn: member.passwordHash !== null },
        after: { canSignIn: passwordHash !== null },
      },
    ])
    return updated
  })
}
