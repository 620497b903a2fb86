import { BOT_PHOTO_MAX_BYTES } from '@worksbase/schema'
import { AuthenticationError, ValidationError } from '../errors.ts'
import { resolveActor } from '../services/auth.ts'
import { resolveMemberViewer } from '../services/member-auth.ts'
import { availableBotsWhere } from '../services/talk.ts'
import { auditActorOf, recordAudit } from '../services/audit.ts'
import { requireAuthority } from '../services/authority.ts'
import { dbId, idOf, NO_ROW } from '../lib/ids.ts'
import { errorResponse, readBytes, requireActor, type RestDeps } from './http.ts'
import type { RestInput, RestRoute } from './router.ts'

/** The image type by its first bytes (the Content-Type header is not trusted). */
function sniff(bytes: Uint8Array): 'image/png' | 'image/jpeg' | null {
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, index) => bytes[index] === byte)) return 'image/png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  return null
}

/**
 * The bot whose photo a GET may read: any bot of the tenant for an admin session or API token, a bot
 * added to their domain for a member signed in to the talk view. The session cookie alone suffices
 * (an <img> sends no CSRF header; reading an image changes nothing).
 */
async function findViewableBot(deps: RestDeps, request: Request, id: string) {
  const select = { photo: true, photoType: true } as const
  const actor = await resolveActor(deps.db.prisma, request, { cookieOnly: true })
  if (actor) return deps.db.prisma.bot.findFirst({ where: { id, tenantId: actor.tenantId }, select })
  const member = await resolveMemberViewer(deps.db.prisma, request, { cookieOnly: true })
  if (!member) throw new AuthenticationError('Sign in or send a valid API token')
  return deps.db.prisma.bot.findFirst({
    where: { ...availableBotsWhere(member), id },
    select,
  })
}

function globalBotId(value: string): string {
  try {
    return idOf(value, 'Bot', 'id')
  } catch {
    return NO_ROW
  }
}

async function handleBotPhoto(deps: RestDeps, { request, params }: RestInput): Promise<Response> {
  // The database id, or the bot's GraphQL global id (what the SPA holds).
  const raw = params.id ?? ''
  const id = dbId(raw) !== NO_ROW ? raw : globalBotId(raw)
  const prisma = deps.db.prisma
  if (request.method === 'GET' || request.method === 'HEAD') {
    const bot = await findViewableBot(deps, request, id)
    if (!bot?.photo || !bot.photoType) return errorResponse(404, 'NOT_FOUND', 'The bot has no photo')
    return new Response(request.method === 'HEAD' ? null : Buffer.from(bot.photo), {
      headers: { 'content-type': bot.photoType, 'cache-control': 'private, max-age=86400', 'x-content-type-options': 'nosniff' },
    })
  }
  const actor = await requireActor(deps, request)
  const editor = requireAuthority(actor, 'bots', 'EDIT')
  let photo: Uint8Array | null = null
  let type: 'image/png' | 'image/jpeg' | null = null
  if (request.method === 'PUT') {
    photo = await readBytes(request, { maxBytes: BOT_PHOTO_MAX_BYTES, tooLarge: `The image is larger than ${BOT_PHOTO_MAX_BYTES / 1024 / 1024} MB` })
    type = sniff(photo)
    if (!type) throw ValidationError.field('photo', 'Upload a PNG or JPEG image')
  }
  return prisma.$transaction(async (tx) => {
    const bot = await tx.bot.findFirst({ where: { id, tenantId: editor.tenantId }, select: { id: true, name: true } })
    if (!bot) return errorResponse(404, 'NOT_FOUND', 'Bot not found')
    await tx.bot.update({
      where: { id },
      data: photo ? { photo: Buffer.from(photo), photoType: type, photoUpdatedAt: new Date() } : { photo: null, photoType: null, photoUpdatedAt: null },
    })
    await recordAudit(tx, editor.tenantId, auditActorOf(editor), [
      {
        area: 'BOTS',
        action: photo ? 'bot.photo.set' : 'bot.photo.remove',
        targetType: 'Bot',
        targetId: id,
        targetLabel: bot.name,
        ...(photo && { after: { type, bytes: photo.byteLength } }),
      },
    ])
    return new Response(null, { status: 204 })
  })
}

/**
 * GET /api/bots/{id}/photo: the bot's profile image (any signed-in admin or token of the tenant).
 * PUT with the image as the body (PNG or JPEG, ≤ 1 MB, checked by its bytes) sets it; DELETE removes
 * it. Changing needs bots edit authority and is audited.
 */
export const botPhotoRoutes: RestRoute[] = [{ methods: ['GET', 'HEAD', 'PUT', 'DELETE'], path: '/api/bots/:id/photo', handler: handleBotPhoto }]
