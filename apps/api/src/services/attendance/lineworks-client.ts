import { z } from 'zod'
import { getChecked, postChecked } from '../../lib/outbound.ts'
import { TtlCache } from '../../lib/ttl-cache.ts'
import { readEvent } from './decisions.ts'
import { type AttendanceDeps, fetchExternalToken, LINE_WORKS_AUTH_BASE, processingContexts, unseal } from './linkage.ts'
import type { AttendanceLinkage, Prisma } from '#generated/prisma/client.ts'

/**
 * The client of a linkage's real LINE WORKS: access tokens (JWT bearer grant, cached), sending a
 * message from its bot, and the Users API look-up that turns a callback's user id into a login id.
 */

/** How long one request to LINE WORKS may take, whole. */
export const LINE_WORKS_TIMEOUT_MS = 10_000

const tokens = new Map<string, { token: string; expiresAt: number }>()

/** An access token of the linkage's LINE WORKS app for a scope, kept until a minute before it expires. */
export async function linkageToken(deps: AttendanceDeps, linkage: AttendanceLinkage, scope = 'bot'): Promise<string> {
  const key = `${linkage.id} ${scope}`
  let cached = tokens.get(key)
  if (!cached || cached.expiresAt < Date.now() + 60_000) {
    cached = await fetchExternalToken(
      deps,
      {
        clientId: linkage.clientId ?? '',
        clientSecret: unseal(deps.bots.secrets, linkage, 'clientSecret'),
        serviceAccount: linkage.serviceAccount ?? '',
        privateKey: unseal(deps.bots.secrets, linkage, 'privateKey'),
        authBaseUrl: linkage.authBaseUrl ?? LINE_WORKS_AUTH_BASE,
      },
      scope,
    )
    tokens.set(key, cached)
  }
  return cached.token
}

/**
 * Sends a message from the linkage's LINE WORKS bot to one user (`POST /v1.0/bots/{botId}/users/{userId}/messages`)
 * with the app's access token (`linkageToken`, fetched first when not given). A 401 drops the token,
 * so the next attempt fetches a new one.
 */
export async function postToLineWorks(deps: AttendanceDeps, linkage: AttendanceLinkage, userId: string, content: Prisma.InputJsonValue, token?: string) {
  const bearer = token ?? (await linkageToken(deps, linkage))
  const result = await postChecked(
    `${linkage.apiBaseUrl}/v1.0/bots/${encodeURIComponent(linkage.externalBotId ?? '')}/users/${encodeURIComponent(userId)}/messages`,
    JSON.stringify({ content }),
    { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    { ...deps.bots.callbackPolicy, timeoutMs: LINE_WORKS_TIMEOUT_MS },
  )
  if (result.status === 401) tokens.delete(`${linkage.id} bot`)
  return result
}

// ——— Login ids on LINE WORKS ————————————————————————————————————————————————————————————————————————

/** User ids the Users API could not match to an account lately (linkage id + user id): not asked again for a minute. */
const unmatchedUsers = new TtlCache<true>(10_000, 60_000)

/** After account ids changed in this process: look those user ids up again. */
export function forgetUnmatchedUsers(): void {
  unmatchedUsers.clear()
}

/** What this client reads of a Users API answer: the login id. */
const lineWorksUserSchema = z.looseObject({ email: z.string().optional() })

/**
 * EXTERNAL linkages: an admin may set an employee's account id to their login id, but callbacks carry
 * only the user id. Before a batch is processed, each user id that matches no account is looked up
 * once through the Users API (`GET /v1.0/users/{userId}`, scope `user.read`); when the answer's login
 * id (`email`) is an employee's account id, the user id is kept on that account (`lineWorksUserId`),
 * so this and later events match directly. This runs outside the batch's transaction, so no network
 * call holds locks; a lookup that fails or matches nobody leaves the event to answer "ask your admin".
 */
export async function learnLineWorksUserIds(deps: AttendanceDeps, eventIds: string[]): Promise<void> {
  const events = await deps.prisma.$queryRaw<{ linkageId: string; tenantId: string; body: string }[]>`
    SELECT e."linkageId"::text AS "linkageId", e."tenantId"::text AS "tenantId", e.body
    FROM "AttendanceEvent" e JOIN "AttendanceLinkage" l ON l.id = e."linkageId"
    WHERE e.id = ANY(${eventIds}::uuid[]) AND e.status = 'PENDING' AND l.mode = 'EXTERNAL'`
  if (events.length === 0) return
  const wanted = new Map<string, { linkageId: string; tenantId: string; userId: string }>()
  for (const event of events) {
    const read = readEvent(event.body)
    if (!('userId' in read)) continue
    const key = `${event.linkageId} ${read.userId}`
    if (!unmatchedUsers.get(key)) wanted.set(key, { linkageId: event.linkageId, tenantId: event.tenantId, userId: read.userId })
  }
  if (wanted.size === 0) return
  const known = await deps.prisma.$queryRaw<{ tenantId: string; key: string }[]>`
    SELECT DISTINCT k."tenantId"::text AS "tenantId", k.key FROM unnest(${[...wanted.values()].map((item) => item.tenantId)}::uuid[], ${[...wanted.values()].map((item) => item.userId)}::text[]) AS k("tenantId", key)
    WHERE EXISTS (SELECT 1 FROM "AttendanceAccount" a WHERE a."tenantId" = k."tenantId" AND a."accountId" = lower(k.key))
       OR EXISTS (SELECT 1 FROM "AttendanceAccount" a WHERE a."tenantId" = k."tenantId" AND a."lineWorksUserId" = k.key)`
  for (const row of known) {
    for (const [key, item] of wanted) if (item.tenantId === row.tenantId && item.userId === row.key) wanted.delete(key)
  }
  for (const [key, item] of wanted) {
    const learned = await learnUserId(deps, item).catch(() => false)
    if (!learned) unmatchedUsers.set(key, true)
  }
}

async function learnUserId(deps: AttendanceDeps, item: { linkageId: string; tenantId: string; userId: string }): Promise<boolean> {
  const linkage = processingContexts.get(item.linkageId)?.linkage ?? (await deps.prisma.attendanceLinkage.findUnique({ where: { id: item.linkageId } }))
  if (!linkage?.apiBaseUrl) return false
  const token = await linkageToken(deps, linkage, 'user.read')
  const result = await getChecked(`${linkage.apiBaseUrl}/v1.0/users/${encodeURIComponent(item.userId)}`, { authorization: `Bearer ${token}` }, {
    ...deps.bots.callbackPolicy,
    timeoutMs: LINE_WORKS_TIMEOUT_MS,
  })
  if (result.status === 401) tokens.delete(`${linkage.id} user.read`)
  if (result.status !== 200) return false
  let answer: unknown
  try {
    answer = JSON.parse(result.bodyText)
  } catch {
    return false
  }
  const loginId = lineWorksUserSchema.safeParse(answer).data?.email?.trim().toLowerCase() ?? ''
  if (!loginId) return false
  return deps.prisma.$transaction(async (tx) => {
    // The user id moves to the account that now names them (an old account id may have held it).
    await tx.attendanceAccount.updateMany({ where: { tenantId: item.tenantId, lineWorksUserId: item.userId, NOT: { accountId: loginId } }, data: { lineWorksUserId: null } })
    const updated = await tx.attendanceAccount.updateMany({ where: { tenantId: item.tenantId, accountId: loginId }, data: { lineWorksUserId: item.userId } })
    return updated.count > 0
  })
}
