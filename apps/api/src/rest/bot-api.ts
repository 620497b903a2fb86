import { botMessageBodySchema, persistentMenuSchema } from '@worksbase/schema'
import type { z } from 'zod'
import { resolveAccessToken } from '../services/api-apps.ts'
import { recordAudit } from '../services/audit.ts'
import { Prisma } from '#generated/prisma/client.ts'
import { errorResponse, type RestDeps } from './http.ts'

// The LINE WORKS-compatible Bot REST API under /v1.0 (lineworks-wire.md): Bearer access tokens from
// /oauth2/v2.0/token, scopes, `{code, description}` errors, cursor paging and a per-app rate limit.

const BODY_MAX_BYTES = 64 * 1024
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
  ) {
    super(description)
  }
}

interface Caller {
  appId: string
  tenantId: string
  plan: string
  scopes: string[]
}

function requireScope(caller: Caller, ...accepted: string[]) {
  if (!accepted.some((scope) => caller.scopes.includes(scope))) {
    throw new ApiError(403, 'FORBIDDEN', `This needs one of the scopes: ${accepted.join(', ')}`)
  }
}

async function readJson(request: Request): Promise<unknown> {
  if (Number(request.headers.get('content-length') ?? 0) > BODY_MAX_BYTES) throw new ApiError(413, 'LIMIT_EXCEEDED', `The body is larger than ${BODY_MAX_BYTES} bytes`)
  const chunks: Uint8Array[] = []
  let total = 0
  if (request.body) {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength
      if (total > BODY_MAX_BYTES) throw new ApiError(413, 'LIMIT_EXCEEDED', `The body is larger than ${BODY_MAX_BYTES} bytes`)
      chunks.push(chunk)
    }
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text.trim()) throw new ApiError(400, 'MISSING_PARAMETER', 'The request body is empty')
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError(400, 'INVALID_PARAMETER', 'The body is not valid JSON')
  }
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue?.path.join('.') ?? ''
  const missing = issue?.code === 'invalid_type' && /received undefined/.test(issue.message)
  throw new ApiError(400, missing ? 'MISSING_PARAMETER' : 'INVALID_PARAMETER', `${path ? `${path}: ` : ''}${issue?.message ?? 'Invalid body'}`)
}

async function findBot(deps: RestDeps, caller: Caller, botIdText: string) {
  const botId = Number(botIdText)
  if (!Number.isInteger(botId) || botId <= 0 || botId > 2_147_483_647) throw new ApiError(404, 'NOT_FOUND', 'No such bot')
  const bot = await deps.db.prisma.bot.findUnique({ where: { botId } })
  // Another tenant's bot reads as not found.
  if (!bot || bot.tenantId !== caller.tenantId) throw new ApiError(404, 'NOT_FOUND', 'No such bot')
  return bot
}

function botView(bot: { botId: number; name: string; id: string; photoUpdatedAt: Date | null }, origin: string) {
  return { botId: bot.botId, botName: bot.name, photoUrl: bot.photoUpdatedAt ? `${origin}/api/bots/${bot.id}/photo` : null }
}

type Route = (deps: RestDeps, caller: Caller, request: Request, params: string[], origin: string) => Promise<Response>

const routes: [string, RegExp, Route][] = [
  ['GET', /^\/v1\.0\/bots$/, listBots],
  ['GET', /^\/v1\.0\/bots\/([^/]+)$/, getBot],
  ['POST', /^\/v1\.0\/bots\/([^/]+)\/domains\/([^/]+)$/, addToDomain],
  ['POST', /^\/v1\.0\/bots\/([^/]+)\/users\/([^/]+)\/messages$/, sendToUser],
  ['POST', /^\/v1\.0\/bots\/([^/]+)\/channels\/([^/]+)\/messages$/, sendToChannel],
  ['POST', /^\/v1\.0\/bots\/([^/]+)\/persistentmenu$/, setMenu],
  ['GET', /^\/v1\.0\/bots\/([^/]+)\/persistentmenu$/, getMenu],
  ['DELETE', /^\/v1\.0\/bots\/([^/]+)\/persistentmenu$/, deleteMenu],
]

/** The per-app limit (BOT_API_RATE_LIMIT_PER_MIN, 240) applies to paid plans; a free-plan request costs 4 points (60/min). */
export async function handleBotApi(deps: RestDeps, request: Request, pathname: string): Promise<Response> {
  try {
    const matching = routes.filter(([, pattern]) => pattern.test(pathname))
    if (matching.length === 0) throw new ApiError(404, 'NOT_FOUND', 'No such endpoint')
    const route = matching.find(([method]) => method === request.method)
    if (!route) throw new ApiError(405, 'METHOD_NOT_ALLOWED', `Use ${matching.map(([method]) => method).join(' or ')}`)
    const authorization = request.headers.get('authorization') ?? ''
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1]
    const caller = token ? await resolveAccessToken(deps.db.prisma, token) : null
    if (!caller) throw new ApiError(401, 'UNAUTHORIZED', 'The access token is missing, expired or revoked')
    try {
      await deps.services.botApiLimiter.consume(caller.appId, caller.plan === 'FREE' ? 4 : 1)
    } catch (rejection) {
      const wait = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000) / 1000)
      return errorResponse(429, 'TOO_MANY_REQUESTS', `Too many requests for this app; retry in ${wait} s`, {}, { 'retry-after': String(wait) })
    }
    const url = new URL(request.url)
    const params = (route[1].exec(pathname) ?? []).slice(1).map((value) => decodeURIComponent(value))
    return await route[2](deps, caller, request, params, url.origin)
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message)
    console.error(error)
    return errorResponse(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error')
  }
}

async function listBots(deps: RestDeps, caller: Caller, request: Request, _params: string[], origin: string) {
  requireScope(caller, 'bot', 'bot.read')
  const search = new URL(request.url).searchParams
  const count = search.get('count') === null ? 50 : Number(search.get('count'))
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new ApiError(400, 'INVALID_PARAMETER', 'count: between 1 and 100')
  const cursor = search.get('cursor')
  let afterBotId = 0
  if (cursor) {
    afterBotId = Number(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (!Number.isInteger(afterBotId) || afterBotId <= 0) throw new ApiError(400, 'INVALID_PARAMETER', 'cursor: not a cursor of this list')
  }
  const bots = await deps.db.prisma.bot.findMany({
    where: { tenantId: caller.tenantId, botId: { gt: afterBotId } },
    orderBy: { botId: 'asc' },
    take: count + 1,
    select: { id: true, botId: true, name: true, photoUpdatedAt: true },
  })
  const page = bots.slice(0, count)
  const last = page.at(-1)
  const nextCursor = bots.length > count && last ? Buffer.from(String(last.botId)).toString('base64url') : undefined
  return Response.json({ bots: page.map((bot) => botView(bot, origin)), responseMetaData: nextCursor ? { nextCursor } : {} })
}

async function getBot(deps: RestDeps, caller: Caller, _request: Request, params: string[], origin: string) {
  requireScope(caller, 'bot', 'bot.read')
  const bot = await findBot(deps, caller, params[0] ?? '')
  const [managers, domains] = await Promise.all([
    deps.db.prisma.botManager.findMany({ where: { botId: bot.id }, orderBy: [{ role: 'asc' }, { position: 'asc' }], include: { member: { select: { userId: true } } } }),
    deps.db.prisma.botDomain.findMany({ where: { botId: bot.id }, include: { domain: { select: { lwDomainId: true } } } }),
  ])
  return Response.json({
    ...botView(bot, origin),
    description: bot.description,
    administrators: managers.filter((row) => row.role === 'PRIMARY').map((row) => row.member.userId),
    subadministrators: managers.filter((row) => row.role === 'VICE').map((row) => row.member.userId),
    allowDomains: domains.map((row) => row.domain.lwDomainId),
    enableCallback: bot.callbackEnabled,
    callbackUrl: bot.callbackUrl,
    callbackEvents: bot.messageTypes,
    channelEvents: ['message', 'postback', ...bot.roomEvents],
    enableGroupJoin: bot.allowGroupJoin,
    createdTime: bot.createdAt.toISOString(),
    modifiedTime: bot.updatedAt.toISOString(),
  })
}

async function addToDomain(deps: RestDeps, caller: Caller, request: Request, params: string[]) {
  requireScope(caller, 'bot')
  const bot = await findBot(deps, caller, params[0] ?? '')
  const lwDomainId = Number(params[1])
  const domain = Number.isInteger(lwDomainId) ? await deps.db.prisma.domain.findUnique({ where: { lwDomainId } }) : null
  if (!domain || domain.tenantId !== caller.tenantId) throw new ApiError(404, 'NOT_FOUND', 'No such domain')
  // The body is optional here: an empty one means visible to everyone.
  const body = (await readJson(request).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'MISSING_PARAMETER') return {}
    throw error
  })) as { visible?: unknown; allowToSelectedMember?: unknown }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'INVALID_PARAMETER', 'The body must be a JSON object')
  if (body.visible !== undefined && typeof body.visible !== 'boolean') throw new ApiError(400, 'INVALID_PARAMETER', 'visible: must be a boolean')
  if (body.allowToSelectedMember !== undefined && typeof body.allowToSelectedMember !== 'boolean') {
    throw new ApiError(400, 'INVALID_PARAMETER', 'allowToSelectedMember: must be a boolean')
  }
  const existing = await deps.db.prisma.botDomain.findUnique({ where: { botId_domainId: { botId: bot.id, domainId: domain.id } } })
  if (existing) throw new ApiError(409, 'ALREADY_EXIST', 'The bot is already added to this domain')
  await deps.db.prisma.$transaction(async (tx) => {
    await tx.botDomain.create({
      data: { botId: bot.id, tenantId: caller.tenantId, domainId: domain.id, visibility: body.allowToSelectedMember ? 'SELECTED' : 'ALL' },
    })
    await recordAudit(tx, caller.tenantId, { actorType: 'API_TOKEN', actorId: caller.appId, actorLabel: `API app ${caller.appId}` }, [
      { area: 'BOTS', action: 'bot.domain.add', targetType: 'Bot', targetId: bot.id, targetLabel: `${bot.name} · ${domain.name}`, after: { domainId: domain.id, visibility: body.allowToSelectedMember ? 'SELECTED' : 'ALL' } },
    ])
  })
  return new Response(null, { status: 201 })
}

/** The member a `userId` path segment names: their user id, or their login id. */
async function findMember(deps: RestDeps, caller: Caller, userId: string) {
  const prisma = deps.db.prisma
  const member = uuidPattern.test(userId)
    ? await prisma.member.findUnique({ where: { userId } })
    : await prisma.member.findUnique({ where: { tenantId_loginId: { tenantId: caller.tenantId, loginId: userId.trim().toLowerCase() } } })
  if (!member || member.tenantId !== caller.tenantId) throw new ApiError(404, 'NOT_FOUND', 'No such user')
  return member
}

async function sendToUser(deps: RestDeps, caller: Caller, request: Request, params: string[]) {
  requireScope(caller, 'bot', 'bot.message')
  const bot = await findBot(deps, caller, params[0] ?? '')
  const member = await findMember(deps, caller, params[1] ?? '')
  const body = parseBody(botMessageBodySchema, await readJson(request))
  if (member.status !== 'ACTIVE') throw new ApiError(403, 'FORBIDDEN', 'The user is suspended')
  const seat = await deps.db.prisma.botDomain.findUnique({
    where: { botId_domainId: { botId: bot.id, domainId: member.domainId } },
    include: { members: { where: { memberId: member.id }, select: { memberId: true } } },
  })
  if (!seat || (seat.visibility === 'SELECTED' && seat.members.length === 0)) {
    throw new ApiError(403, 'FORBIDDEN', 'The bot is not available to this user: add it to the user’s domain')
  }
  // The room (created on the first message) and the message in one statement: one round trip, atomic.
  await deps.db.prisma.$executeRaw`
    WITH room AS (
      INSERT INTO "TalkRoom" (id, "tenantId", "botId", "memberId", "createdAt", "lastMessageAt")
      VALUES (gen_random_uuid(), ${caller.tenantId}::uuid, ${bot.id}::uuid, ${member.id}::uuid, now(), now())
      ON CONFLICT ("botId", "memberId") DO UPDATE SET "lastMessageAt" = now()
      RETURNING id)
    INSERT INTO "TalkMessage" (id, "tenantId", "roomId", sender, content, "createdAt")
    SELECT gen_random_uuid(), ${caller.tenantId}::uuid, room.id, 'BOT', ${JSON.stringify(body.content)}::jsonb, clock_timestamp() FROM room`
  return new Response(null, { status: 201 })
}

async function sendToChannel(deps: RestDeps, caller: Caller, request: Request, params: string[]): Promise<Response> {
  requireScope(caller, 'bot', 'bot.message')
  await findBot(deps, caller, params[0] ?? '')
  parseBody(botMessageBodySchema, await readJson(request))
  // Rooms with several members (channels) do not exist on this platform yet.
  throw new ApiError(404, 'NOT_FOUND', 'No such channel')
}

async function setMenu(deps: RestDeps, caller: Caller, request: Request, params: string[]) {
  requireScope(caller, 'bot')
  const bot = await findBot(deps, caller, params[0] ?? '')
  const body = parseBody(persistentMenuSchema, await readJson(request))
  await deps.db.prisma.bot.update({ where: { id: bot.id }, data: { persistentMenu: body.content as Prisma.InputJsonObject } })
  return new Response(null, { status: 201 })
}

async function getMenu(deps: RestDeps, caller: Caller, _request: Request, params: string[]) {
  requireScope(caller, 'bot', 'bot.read')
  const bot = await findBot(deps, caller, params[0] ?? '')
  if (!bot.persistentMenu) throw new ApiError(404, 'NOT_FOUND', 'The bot has no persistent menu')
  return Response.json({ content: bot.persistentMenu })
}

async function deleteMenu(deps: RestDeps, caller: Caller, _request: Request, params: string[]) {
  requireScope(caller, 'bot')
  const bot = await findBot(deps, caller, params[0] ?? '')
  await deps.db.prisma.bot.update({ where: { id: bot.id }, data: { persistentMenu: Prisma.DbNull } })
  return new Response(null, { status: 204 })
}
