import { publishChannelMessage } from '../services/talk-channels.ts'
import { publishTalkMessage } from '../services/talk.ts'
import { botMessageBodySchema, persistentMenuSchema } from '@worksbase/schema'
import type { z } from 'zod'
import { type AccessTokenCaller, resolveAccessToken } from '../services/api-apps.ts'
import type { Database } from '../db/index.ts'
import { Batcher } from '../lib/batcher.ts'
import { preparedQuery } from '../lib/prepared.ts'
import { addBotToDomainForApp, BotAlreadyInDomainError, setPersistentMenuForApp } from '../services/bots.ts'
import { botMessagesCtes } from '../services/talk-messages.ts'
import type { Prisma } from '#generated/prisma/client.ts'
import { errorResponse, HttpError, readJson, type RestDeps } from './http.ts'
import type { RestInput, RestRoute } from './router.ts'

// The LINE WORKS-compatible Bot REST API under /v1.0 (lineworks-wire.md): Bearer access tokens from
// /oauth2/v2.0/token, scopes, `{code, description}` errors, cursor paging and a per-app rate limit.

const BODY_MAX_BYTES = 64 * 1024
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type Caller = AccessTokenCaller

function requireScope(caller: Caller, ...accepted: string[]) {
  if (!accepted.some((scope) => caller.scopes.includes(scope))) {
    throw new HttpError(403, 'FORBIDDEN', `This needs one of the scopes: ${accepted.join(', ')}`)
  }
}

const readBody = (request: Request, empty?: object) => readJson(request, { maxBytes: BODY_MAX_BYTES, ...(empty && { empty }) })

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue?.path.join('.') ?? ''
  const missing = issue?.code === 'invalid_type' && /received undefined/.test(issue.message)
  throw new HttpError(400, missing ? 'MISSING_PARAMETER' : 'INVALID_PARAMETER', `${path ? `${path}: ` : ''}${issue?.message ?? 'Invalid body'}`)
}

/** A number from the path that fits an integer column (1 to 2^31-1), or null. */
function positiveInt32(text: string): number | null {
  if (!/^\d{1,10}$/.test(text)) return null
  const value = Number(text)
  return value >= 1 && value <= 2_147_483_647 ? value : null
}

/** A Bot ID from the path: a positive 32-bit integer, else the bot is not found. */
function parseBotId(botIdText: string): number {
  const botId = positiveInt32(botIdText)
  if (botId === null) throw new HttpError(404, 'NOT_FOUND', 'No such bot')
  return botId
}

async function findBot(deps: RestDeps, caller: Caller, botIdText: string) {
  const botId = parseBotId(botIdText)
  const bot = await deps.db.prisma.bot.findUnique({ where: { botId } })
  // Another tenant's bot reads as not found.
  if (!bot || bot.tenantId !== caller.tenantId) throw new HttpError(404, 'NOT_FOUND', 'No such bot')
  return bot
}

function botView(bot: { botId: number; name: string; id: string; photoUpdatedAt: Date | null }, origin: string) {
  return { botId: bot.botId, botName: bot.name, photoUrl: bot.photoUpdatedAt ? `${origin}/api/bots/${bot.id}/photo` : null }
}

/**
 * `GET /v1.0/users/{userId}`: a member of the caller's tenant by user id or login id (the attendance
 * linkage resolves login ids this way). `email` is the login id, as in LINE WORKS; the readings
 * (フリガナ) are `userName.phoneticLastName` / `phoneticFirstName` when set.
 */
async function getUser(deps: RestDeps, caller: Caller, { params }: RestInput) {
  requireScope(caller, 'user.read', 'user.email.read', 'directory', 'directory.read')
  const key = (params.userId ?? '').trim()
  const member = await deps.db.prisma.member.findFirst({
    where: { tenantId: caller.tenantId, ...(uuidPattern.test(key) ? { userId: key.toLowerCase() } : { loginId: key.toLowerCase() }) },
    include: { domain: { select: { lwDomainId: true } } },
  })
  if (!member) throw new HttpError(404, 'NOT_FOUND', 'No such user')
  return Response.json({
    domainId: member.domain.lwDomainId,
    userId: member.userId,
    email: member.loginId,
    userName: {
      lastName: member.familyName,
      firstName: member.givenName,
      // LINE WORKS' reading fields, given when the member has a reading (フリガナ).
      ...(member.familyNameReading && { phoneticLastName: member.familyNameReading }),
      ...(member.givenNameReading && { phoneticFirstName: member.givenNameReading }),
    },
    nickName: member.nickname,
    isSuspended: member.status !== 'ACTIVE',
  })
}

type BotApiHandler = (deps: RestDeps, caller: Caller, input: RestInput) => Promise<Response>

/**
 * Every Bot API route needs a Bearer access token and counts against its app's limit
 * (BOT_API_RATE_LIMIT_PER_MIN, 240, on paid plans; a free-plan request costs 4 points: 60/min).
 */
function authorized(handler: BotApiHandler) {
  return async (deps: RestDeps, input: RestInput): Promise<Response> => {
    const authorization = input.request.headers.get('authorization') ?? ''
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1]
    const caller = token && token.length <= 4096 ? await resolveAccessToken(deps.db.prisma, token) : null
    if (!caller) throw new HttpError(401, 'UNAUTHORIZED', 'The access token is missing, expired or revoked')
    try {
      await deps.services.botApiLimiter.consume(caller.appId, caller.plan === 'FREE' ? 4 : 1)
    } catch (rejection) {
      const wait = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000) / 1000)
      return errorResponse(429, 'TOO_MANY_REQUESTS', `Too many requests for this app; retry in ${wait} s`, {}, { 'retry-after': String(wait) })
    }
    return handler(deps, caller, input)
  }
}

/** The LINE WORKS-compatible Bot REST API's routes (the app's router serves them). */
export const botApiRoutes: RestRoute[] = [
  { methods: ['GET'], path: '/v1.0/bots', handler: authorized(listBots) },
  { methods: ['GET'], path: '/v1.0/bots/:botId', handler: authorized(getBot) },
  { methods: ['POST'], path: '/v1.0/bots/:botId/domains/:domainId', handler: authorized(addToDomain) },
  { methods: ['POST'], path: '/v1.0/bots/:botId/users/:userId/messages', handler: authorized(sendToUser) },
  { methods: ['POST'], path: '/v1.0/bots/:botId/channels/:channelId/messages', handler: authorized(sendToChannel) },
  { methods: ['POST'], path: '/v1.0/bots/:botId/persistentmenu', handler: authorized(setMenu) },
  { methods: ['GET'], path: '/v1.0/bots/:botId/persistentmenu', handler: authorized(getMenu) },
  { methods: ['DELETE'], path: '/v1.0/bots/:botId/persistentmenu', handler: authorized(deleteMenu) },
  { methods: ['GET'], path: '/v1.0/users/:userId', handler: authorized(getUser) },
]

async function listBots(deps: RestDeps, caller: Caller, { url }: RestInput) {
  requireScope(caller, 'bot', 'bot.read')
  const origin = url.origin
  const search = url.searchParams
  const count = search.get('count') === null ? 50 : Number(search.get('count'))
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new HttpError(400, 'INVALID_PARAMETER', 'count: between 1 and 100')
  const cursor = search.get('cursor')
  let afterBotId = 0
  if (cursor) {
    const decoded = positiveInt32(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (decoded === null) throw new HttpError(400, 'INVALID_PARAMETER', 'cursor: not a cursor of this list')
    afterBotId = decoded
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

async function getBot(deps: RestDeps, caller: Caller, { url, params }: RestInput) {
  requireScope(caller, 'bot', 'bot.read')
  const origin = url.origin
  const bot = await findBot(deps, caller, params.botId ?? '')
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

async function addToDomain(deps: RestDeps, caller: Caller, { request, params }: RestInput) {
  requireScope(caller, 'bot')
  const bot = await findBot(deps, caller, params.botId ?? '')
  const lwDomainId = positiveInt32(params.domainId ?? '')
  const domain = lwDomainId ? await deps.db.prisma.domain.findUnique({ where: { lwDomainId } }) : null
  if (!domain || domain.tenantId !== caller.tenantId) throw new HttpError(404, 'NOT_FOUND', 'No such domain')
  // The body is optional here: an empty one means visible to everyone.
  const body = (await readBody(request, {})) as { visible?: unknown; allowToSelectedMember?: unknown }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'INVALID_PARAMETER', 'The body must be a JSON object')
  if (body.visible !== undefined && typeof body.visible !== 'boolean') throw new HttpError(400, 'INVALID_PARAMETER', 'visible: must be a boolean')
  if (body.allowToSelectedMember !== undefined && typeof body.allowToSelectedMember !== 'boolean') {
    throw new HttpError(400, 'INVALID_PARAMETER', 'allowToSelectedMember: must be a boolean')
  }
  const visibility = body.allowToSelectedMember ? 'SELECTED' : 'ALL'
  try {
    await addBotToDomainForApp(deps.db.prisma, caller, bot.id, domain.id, visibility)
  } catch (error) {
    if (error instanceof BotAlreadyInDomainError) throw new HttpError(409, 'ALREADY_EXIST', error.message)
    throw error
  }
  return new Response(null, { status: 201 })
}

/**
 * Sending to users, one statement (one round trip and one commit) for a batch of sends: for each
 * send, the bot (of the caller's tenant), the member the path names (user id, or login id in the
 * tenant), the bot's seat in the member's domain and — only when the body was valid (content not
 * null), the member active and the seat theirs — the room (created on the first message, else its
 * lastMessageAt moves) and the stored message. It answers, per send and in order, what was found, so
 * the errors come in the order lookups one by one would give them. Rooms are upserted once per batch
 * and in key order, so concurrent batches take their row locks in the same order.
 */
const SEND_TO_USERS = `
  WITH input AS MATERIALIZED (
    SELECT i.n, i.tenant_id, i.bot_number, i.user_id, i.login_id, i.content, gen_random_uuid() AS message_id
    FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::jsonb[]) WITH ORDINALITY AS i(tenant_id, bot_number, user_id, login_id, content, n)
  ), resolved AS MATERIALIZED (
    SELECT i.n, i.tenant_id, i.content, i.message_id, b.id AS bot_id, m.id AS member_id, m.status AS member_status,
      (SELECT s.visibility::text <> 'SELECTED' OR EXISTS (
          SELECT 1 FROM "BotDomainMember" x WHERE x."botId" = s."botId" AND x."domainId" = s."domainId" AND x."memberId" = m.id)
       FROM "BotDomain" s WHERE s."botId" = b.id AND s."domainId" = m."domainId") AS usable
    FROM input i
    LEFT JOIN "Bot" b ON b."botId" = i.bot_number AND b."tenantId" = i.tenant_id
    LEFT JOIN LATERAL (
      SELECT id, "domainId", status::text AS status FROM "Member" WHERE i.user_id IS NOT NULL AND "userId" = i.user_id AND "tenantId" = i.tenant_id
      UNION ALL
      SELECT id, "domainId", status::text AS status FROM "Member" WHERE i.user_id IS NULL AND "tenantId" = i.tenant_id AND "loginId" = i.login_id
    ) m ON true
  ), sendable AS MATERIALIZED (
    SELECT * FROM resolved WHERE content IS NOT NULL AND member_status = 'ACTIVE' AND usable
  ), ${botMessagesCtes('sendable')}
  SELECT r.bot_id IS NOT NULL AS "botFound", r.bot_id AS "botRowId", r.member_id AS "memberId", r.member_status AS "memberStatus", r.usable,
    message.id AS "messageId", message."roomId", message."createdAt"
  FROM resolved r LEFT JOIN message ON message.id = r.message_id
  ORDER BY r.n`

interface SendToUser {
  tenantId: string
  botId: number
  /** The member by user id, or else by login id (lower-cased). */
  userId: string | null
  loginId: string | null
  /** The message content as JSON, or null when the body was refused (then nothing is stored). */
  content: string | null
}

interface SendToUserRow extends Record<string, unknown> {
  botFound: boolean
  botRowId: string | null
  memberId: string | null
  memberStatus: string | null
  usable: boolean | null
  messageId: string | null
  roomId: string | null
  createdAt: Date | string | null
}

type SendOutcome = { row: SendToUserRow } | { error: unknown }

async function runSends(db: Database, sends: SendToUser[]): Promise<SendToUserRow[]> {
  const rows = await preparedQuery<SendToUserRow>(db, 'bot-api.send-to-users', SEND_TO_USERS, [
    sends.map((send) => send.tenantId),
    sends.map((send) => send.botId),
    sends.map((send) => send.userId),
    sends.map((send) => send.loginId),
    sends.map((send) => send.content),
  ])
  if (rows.length !== sends.length) throw new Error(`The send statement answered ${rows.length} rows for ${sends.length} sends`)
  return rows
}

/** One batcher per database: concurrent sends share a statement and a commit (lib/batcher.ts). */
const senders = new WeakMap<Database, Batcher<SendToUser, SendOutcome>>()

function senderFor(db: Database): Batcher<SendToUser, SendOutcome> {
  let sender = senders.get(db)
  if (!sender) {
    sender = new Batcher<SendToUser, SendOutcome>(
      async (sends) => {
        try {
          return (await runSends(db, sends)).map((row) => ({ row }))
        } catch (error) {
          if (sends.length === 1) return [{ error }]
          // One send must not fail the others: each on its own.
          return Promise.all(sends.map((send) => runSends(db, [send]).then(([row]) => ({ row: row as SendToUserRow }), (single: unknown) => ({ error: single }))))
        }
      },
      { maxConcurrent: 4, maxBatch: 64 },
    )
    senders.set(db, sender)
  }
  return sender
}

async function sendToUser(deps: RestDeps, caller: Caller, { request, params }: RestInput) {
  requireScope(caller, 'bot', 'bot.message')
  const botId = parseBotId(params.botId ?? '')
  const userId = params.userId ?? ''
  // The body is read first, but its errors are reported where lookups one by one would: after
  // "no such bot" and "no such user".
  let content: unknown = null
  let bodyError: HttpError | null = null
  try {
    content = parseBody(botMessageBodySchema, await readBody(request)).content
  } catch (error) {
    if (!(error instanceof HttpError)) throw error
    bodyError = error
  }
  const byUserId = uuidPattern.test(userId)
  const outcome = await senderFor(deps.db).submit({
    tenantId: caller.tenantId,
    botId,
    userId: byUserId ? userId : null,
    loginId: byUserId ? null : userId.trim().toLowerCase(),
    content: bodyError ? null : JSON.stringify(content),
  })
  if ('error' in outcome) throw outcome.error
  const { row } = outcome
  if (!row.botFound) throw new HttpError(404, 'NOT_FOUND', 'No such bot')
  if (!row.memberStatus) throw new HttpError(404, 'NOT_FOUND', 'No such user')
  if (bodyError) throw bodyError
  if (row.memberStatus !== 'ACTIVE') throw new HttpError(403, 'FORBIDDEN', 'The user is suspended')
  if (!row.usable) throw new HttpError(403, 'FORBIDDEN', 'The bot is not available to this user: add it to the user’s domain')
  if (!row.messageId || !row.roomId || !row.botRowId || !row.memberId) throw new Error('The bot message was not stored')
  // The bot's message is stored (TalkMessage, and the room's lastMessageAt): the member's open talk
  // views hear about it.
  publishTalkMessage(deps.services.pubsub, row.botRowId, row.memberId, row.messageId)
  return new Response(null, { status: 201 })
}

/** A message from the bot to a group talk it is in (channelId as the bot saw it in callbacks). */
async function sendToChannel(deps: RestDeps, caller: Caller, { request, params }: RestInput): Promise<Response> {
  requireScope(caller, 'bot', 'bot.message')
  const bot = await findBot(deps, caller, params.botId ?? '')
  const channelId = params.channelId ?? ''
  const body = parseBody(botMessageBodySchema, await readBody(request))
  const channel = /^\d{1,20}$/.test(channelId) ? await deps.db.prisma.talkChannel.findUnique({ where: { channelId } }) : null
  if (!channel || channel.tenantId !== caller.tenantId) throw new HttpError(404, 'NOT_FOUND', 'No such channel')
  if (channel.botId !== bot.id) throw new HttpError(403, 'FORBIDDEN', 'The bot is not in this channel')
  const message = await deps.db.prisma.$transaction(async (tx) => {
    const created = await tx.talkChannelMessage.create({
      data: { tenantId: caller.tenantId, channelId: channel.id, sender: 'BOT', content: body.content as Prisma.InputJsonObject },
    })
    await tx.talkChannel.update({ where: { id: channel.id }, data: { lastMessageAt: created.createdAt } })
    return created
  })
  publishChannelMessage(deps.services.pubsub, channel.id, message.id)
  return new Response(null, { status: 201 })
}

async function setMenu(deps: RestDeps, caller: Caller, { request, params }: RestInput) {
  requireScope(caller, 'bot')
  const bot = await findBot(deps, caller, params.botId ?? '')
  const body = parseBody(persistentMenuSchema, await readBody(request))
  await setPersistentMenuForApp(deps.db.prisma, caller, bot.id, body.content)
  return new Response(null, { status: 201 })
}

async function getMenu(deps: RestDeps, caller: Caller, { params }: RestInput) {
  requireScope(caller, 'bot', 'bot.read')
  const bot = await findBot(deps, caller, params.botId ?? '')
  if (!bot.persistentMenu) throw new HttpError(404, 'NOT_FOUND', 'The bot has no persistent menu')
  return Response.json({ content: bot.persistentMenu })
}

async function deleteMenu(deps: RestDeps, caller: Caller, { params }: RestInput) {
  requireScope(caller, 'bot')
  const bot = await findBot(deps, caller, params.botId ?? '')
  await setPersistentMenuForApp(deps.db.prisma, caller, bot.id, null)
  return new Response(null, { status: 204 })
}
