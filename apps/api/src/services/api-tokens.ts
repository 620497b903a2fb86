import { apiTokenCreateSchema } from '@worksbase/schema'
import { NotFoundError, ValidationError, parseInput } from '../errors.ts'
import { randomToken, sha256Hex } from '../lib/crypto.ts'
import { API_TOKEN_PREFIX } from './auth.ts'
import { auditActorOf, recordAudit } from './audit.ts'
import { allowedScopes, requireSignedInAdmin } from './authority.ts'
import type { ServiceContext } from './common.ts'

/** Creates a token for the signed-in admin. The secret is returned once and only its hash is kept. */
export async function createApiToken(
  ctx: ServiceContext,
  raw: { name: string; scopes: string[]; expiresInDays?: number | null | undefined },
) {
  const actor = requireSignedInAdmin(ctx.actor)
  const input = parseInput(apiTokenCreateSchema, raw)
  const allowed = allowedScopes(actor.authorities)
  const excess = input.scopes.filter((scope) => !allowed.includes(scope))
  if (excess.length > 0) {
    throw ValidationError.field('scopes', `Beyond your own authority: ${excess.join(', ')}`)
  }
  const secret = `${API_TOKEN_PREFIX}${randomToken(32)}`
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null
  const token = await ctx.prisma.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        tenantId: actor.tenantId,
        createdById: actor.adminId,
        name: input.name,
        prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
        secretHash: sha256Hex(secret),
        scopes: input.scopes,
        expiresAt,
      },
    })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'ADMINS',
        action: 'apiToken.create',
        targetType: 'ApiToken',
        targetId: created.id,
        targetLabel: created.name,
        after: { name: created.name, scopes: created.scopes, expiresAt },
      },
    ])
    return created
  })
  return { token, secret }
}

/** The master administrator may revoke any token of the tenant; others only their own. */
export async function revokeApiToken(ctx: ServiceContext, id: string) {
  const actor = requireSignedInAdmin(ctx.actor)
  return ctx.prisma.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({
      where: { id, tenantId: actor.tenantId, ...(actor.role !== 'MASTER' && { createdById: actor.adminId }) },
    })
    if (!token) throw new NotFoundError('API token')
    if (token.revokedAt) return token
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'ADMINS', action: 'apiToken.revoke', targetType: 'ApiToken', targetId: id, targetLabel: token.name },
    ])
    return revoked
  })
}
