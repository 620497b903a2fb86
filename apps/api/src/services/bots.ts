import { createHmac, randomInt, timingSafeEqual } from 'node:crypto'
import { botCreateSchema, botQuota, botUpdateSchema, type BotCreateInput, type BotUpdateInput, type persistentMenuSchema } from '@worksbase/schema'
import type { z } from 'zod'
import { checkCallbackUrl } from '../lib/outbound.ts'
import { randomToken } from '../lib/crypto.ts'
import type { SecretBox } from '../lib/secret-box.ts'
import { ConflictError, NotFoundError, QuotaExceededError, ValidationError, parseInput } from '../errors.ts'
import { type AuditActor, auditActorOf, auditActorOfApp, recordAudit, type Tx } from './audit.ts'
import { requireAuthority } from './authority.ts'
import type { ServiceContext } from './common.ts'
import { type Bot, type BotDomain, type Domain, Prisma, type PrismaClient } from '#generated/prisma/client.ts'
import type { BotVisibility } from '#generated/prisma/enums.ts'

/** What bot services need besides the request: the secrets key and the callback URL policy. */
export interface BotDeps {
  secrets: SecretBox
  callbackPolicy: { allowedHosts: string[]; allowHttpForAllowedHosts: boolean }
}

export type BotContext = ServiceContext & { bots: BotDeps }

/** How long the previous secret keeps verifying after a rotation. */
export const SECRET_ROTATION_WINDOW_MS = 24 * 60 * 60 * 1000

/** A fresh numeric Bot ID (7-8 digits, like LINE WORKS' ids). */
async function allocateBotId(tx: Tx): Promise<number> {
  for (;;) {
    const candidate = randomInt(2_000_000, 99_999_999)
    if (!(await tx.bot.findUnique({ where: { botId: candidate }, select: { id: true } }))) return candidate
  }
}

function newSecret(): string {
  return randomToken(24)
}

const sealContext = (id: string) => `bot:${id}`

/** The bot's current secret (for the detail page and for signing callbacks). */
export function botSecret(deps: BotDeps, bot: Pick<Bot, 'id' | 'secretSealed'>): string {
  return deps.secrets.decrypt(bot.secretSealed, sealContext(bot.id))
}

/**
 * X-WORKS-Signature: base64(HMAC-SHA256(secret, raw body bytes)). Verification accepts the current
 * secret and, during a rotation window, the previous one; a malformed signature is simply false.
 */
export function signBody(secret: string, body: Uint8Array | string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('base64')
}

export function verifyBotSignature(
  deps: BotDeps,
  bot: Pick<Bot, 'id' | 'secretSealed' | 'previousSecretSealed' | 'previousSecretExpiresAt'>,
  body: Uint8Array,
  signature: string | null,
  now = new Date(),
): boolean {
  if (!signature) return false
  const given = Buffer.from(signature, 'base64')
  if (given.length !== 32) return false
  const secrets = [botSecret(deps, bot)]
  if (bot.previousSecretSealed && bot.previousSecretExpiresAt && bot.previousSecretExpiresAt > now) {
    secrets.push(deps.secrets.decrypt(bot.previousSecretSealed, sealContext(bot.id)))
  }
  return secrets.some((secret) => timingSafeEqual(Buffer.from(signBody(secret, body), 'base64'), given))
}

async function checkUrl(deps: BotDeps, url: string | null | undefined) {
  if (!url) return
  const result = await checkCallbackUrl(url, deps.callbackPolicy)
  if (!result.ok) throw ValidationError.field('callbackUrl', result.message, result.code)
}

/** Persons in charge must be active members of the tenant. */
async function checkManagers(tx: Tx, tenantId: string, ids: string[]) {
  if (ids.length === 0) return
  const members = await tx.member.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, status: true, loginId: true } })
  if (members.length !== new Set(ids).size) throw ValidationError.field('managerIds', 'A chosen person is not a member of this tenant', 'not_found')
  const suspended = members.find((member) => member.status !== 'ACTIVE')
  if (suspended) throw ValidationError.field('managerIds', `${suspended.loginId} is suspended and cannot be in charge`)
}

function managerRows(botId: string, managerIds: string[], viceIds: string[]) {
  return [
    ...managerIds.map((memberId, position) => ({ botId, memberId, role: 'PRIMARY' as const, position })),
    ...viceIds.map((memberId, position) => ({ botId, memberId, role: 'VICE' as const, position })),
  ]
}

function auditView(bot: Bot, managerIds?: string[], viceIds?: string[]) {
  return {
    botId: bot.botId,
    name: bot.name,
    description: bot.description,
    callbackEnabled: bot.callbackEnabled,
    callbackUrl: bot.callbackUrl,
    messageTypes: bot.messageTypes,
    roomEvents: bot.roomEvents,
    allowGroupJoin: bot.allowGroupJoin,
    ...(managerIds && { managerIds }),
    ...(viceIds && { viceManagerIds: viceIds }),
  }
}

/** Registers a bot: a numeric Bot ID and a Bot Secret are issued. The tenant's quota is enforced. */
export async function createBot(ctx: BotContext, raw: BotCreateInput) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  const input = parseInput(botCreateSchema, raw)
  await checkUrl(ctx.bots, input.callbackUrl)
  return ctx.prisma.$transaction(async (tx) => {
    // The tenant row lock serialises registrations, so the quota holds under concurrency.
    const [tenant] = await tx.$queryRaw<{ plan: 'FREE' | 'STANDARD' | 'ADVANCED' }[]>`
      SELECT plan FROM "Tenant" WHERE id = ${actor.tenantId}::uuid FOR UPDATE`
    const limit = botQuota(tenant?.plan ?? 'STANDARD')
    const used = await tx.bot.count({ where: { tenantId: actor.tenantId } })
    if (used >= limit) throw new QuotaExceededError(`This tenant already has ${used} bots, the most its plan allows (${limit})`, limit)
    await checkManagers(tx, actor.tenantId, [...input.managerIds, ...input.viceManagerIds])
    const id = crypto.randomUUID()
    const bot = await tx.bot.create({
      data: {
        id,
        tenantId: actor.tenantId,
        botId: await allocateBotId(tx),
        name: input.name,
        description: input.description,
        callbackEnabled: input.callbackEnabled,
        callbackUrl: input.callbackUrl ?? null,
        messageTypes: input.messageTypes,
        roomEvents: input.roomEvents,
        allowGroupJoin: input.allowGroupJoin,
        secretSealed: ctx.bots.secrets.encrypt(newSecret(), sealContext(id)),
      },
    })
    await tx.botManager.createMany({ data: managerRows(bot.id, input.managerIds, input.viceManagerIds) })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'BOTS',
        action: 'bot.create',
        targetType: 'Bot',
        targetId: bot.id,
        targetLabel: bot.name,
        after: auditView(bot, input.managerIds, input.viceManagerIds),
      },
    ])
    return bot
  })
}

async function lockBot(tx: Tx, tenantId: string, id: string): Promise<Bot> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Bot" WHERE id = ${id}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`
  if (!row) throw new NotFoundError('Bot')
  return tx.bot.findUniqueOrThrow({ where: { id } })
}

/** Changes the given fields; omitted ones stay. */
export async function updateBot(ctx: BotContext, id: string, raw: BotUpdateInput) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  const input = parseInput(botUpdateSchema, raw)
  if (input.callbackUrl) await checkUrl(ctx.bots, input.callbackUrl)
  return ctx.prisma.$transaction(async (tx) => {
    const before = await lockBot(tx, actor.tenantId, id)
    const managers = await tx.botManager.findMany({ where: { botId: id }, orderBy: [{ role: 'asc' }, { position: 'asc' }] })
    const managerIds = input.managerIds ?? managers.filter((row) => row.role === 'PRIMARY').map((row) => row.memberId)
    const viceIds = input.viceManagerIds ?? managers.filter((row) => row.role === 'VICE').map((row) => row.memberId)
    const callbackEnabled = input.callbackEnabled ?? before.callbackEnabled
    const callbackUrl = input.callbackUrl === undefined ? before.callbackUrl : input.callbackUrl
    if (callbackEnabled && !callbackUrl) throw ValidationError.field('callbackUrl', 'A callback URL is required when the callback is on')
    if (viceIds.some((memberId) => managerIds.includes(memberId))) {
      throw ValidationError.field('viceManagerIds', 'A person in charge cannot also be a vice person in charge')
    }
    if (input.managerIds || input.viceManagerIds) {
      await checkManagers(tx, actor.tenantId, [...(input.managerIds ?? []), ...(input.viceManagerIds ?? [])])
      await tx.botManager.deleteMany({ where: { botId: id } })
      await tx.botManager.createMany({ data: managerRows(id, managerIds, viceIds) })
    }
    const bot = await tx.bot.update({
      where: { id },
      data: {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        callbackEnabled,
        callbackUrl,
        ...(input.messageTypes && { messageTypes: input.messageTypes }),
        ...(input.roomEvents && { roomEvents: input.roomEvents }),
        ...(input.allowGroupJoin !== undefined && { allowGroupJoin: input.allowGroupJoin }),
      },
    })
    const oldManagers = managers.filter((row) => row.role === 'PRIMARY').map((row) => row.memberId)
    const oldVice = managers.filter((row) => row.role === 'VICE').map((row) => row.memberId)
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'BOTS',
        action: 'bot.update',
        targetType: 'Bot',
        targetId: id,
        targetLabel: bot.name,
        before: auditView(before, oldManagers, oldVice),
        after: auditView(bot, managerIds, viceIds),
      },
    ])
    return bot
  })
}

export async function deleteBot(ctx: BotContext, id: string) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  return ctx.prisma.$transaction(async (tx) => {
    const bot = await lockBot(tx, actor.tenantId, id)
    await tx.bot.delete({ where: { id } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'BOTS', action: 'bot.delete', targetType: 'Bot', targetId: id, targetLabel: bot.name, before: auditView(bot) },
    ])
    return bot
  })
}

/**
 * Issues a new Bot Secret. The previous one keeps verifying for SECRET_ROTATION_WINDOW_MS, so bot
 * servers can switch without losing callbacks; a rotation during a window ends the older one.
 */
export async function rotateBotSecret(ctx: BotContext, id: string, now = new Date()) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  return ctx.prisma.$transaction(async (tx) => {
    const bot = await lockBot(tx, actor.tenantId, id)
    const updated = await tx.bot.update({
      where: { id },
      data: {
        previousSecretSealed: bot.secretSealed,
        previousSecretExpiresAt: new Date(now.getTime() + SECRET_ROTATION_WINDOW_MS),
        secretSealed: ctx.bots.secrets.encrypt(newSecret(), sealContext(id)),
        secretRotatedAt: now,
      },
    })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'BOTS',
        action: 'bot.rotateSecret',
        targetType: 'Bot',
        targetId: id,
        targetLabel: bot.name,
        after: { previousSecretExpiresAt: updated.previousSecretExpiresAt },
      },
    ])
    return updated
  })
}

/** Adds a bot to a domain (or changes who may use it there): it becomes Public. */
export async function addBotToDomain(ctx: BotContext, id: string, domainId: string, visibility: BotVisibility, memberIds: string[]) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  const members = [...new Set(memberIds)]
  if (visibility === 'SELECTED' && members.length === 0) throw ValidationError.field('memberIds', 'Choose the members who may use the bot')
  if (visibility === 'ALL' && members.length > 0) throw ValidationError.field('memberIds', 'Members are chosen only when the bot is visible to selected members')
  if (members.length > 1000) throw ValidationError.field('memberIds', 'At most 1000 members', 'too_big')
  return ctx.prisma.$transaction(async (tx) => {
    const bot = await lockBot(tx, actor.tenantId, id)
    const domain = await tx.domain.findFirst({ where: { id: domainId, tenantId: actor.tenantId } })
    if (!domain) throw ValidationError.field('domainId', 'Unknown domain', 'not_found')
    if (members.length > 0) {
      const found = await tx.member.count({ where: { tenantId: actor.tenantId, domainId, id: { in: members } } })
      if (found !== members.length) throw ValidationError.field('memberIds', 'A chosen member is not in this domain', 'not_found')
    }
    const existing = await tx.botDomain.findUnique({ where: { botId_domainId: { botId: id, domainId } } })
    await seatInDomain(tx, auditActorOf(actor), { bot, domain, visibility, members, existing })
    return bot
  })
}

/** An API app calling the Bot API for its tenant (rest/bot-api.ts has checked its token and scopes). */
export interface BotApiCaller {
  tenantId: string
  appId: string
}

/** The bot is in the domain already: the Bot API adds, it does not change (LINE WORKS' ALREADY_EXIST). */
export class BotAlreadyInDomainError extends ConflictError {
  constructor() {
    super('The bot is already added to this domain')
  }
}

/**
 * The Bot API's "add a bot to a domain": only where the bot is not yet; SELECTED starts with no
 * member chosen (an admin chooses them later).
 */
export async function addBotToDomainForApp(prisma: PrismaClient, caller: BotApiCaller, id: string, domainId: string, visibility: BotVisibility) {
  return prisma.$transaction(async (tx) => {
    const bot = await lockBot(tx, caller.tenantId, id)
    const domain = await tx.domain.findFirst({ where: { id: domainId, tenantId: caller.tenantId } })
    if (!domain) throw new NotFoundError('Domain')
    if (await tx.botDomain.findUnique({ where: { botId_domainId: { botId: id, domainId } }, select: { botId: true } })) throw new BotAlreadyInDomainError()
    await seatInDomain(tx, auditActorOfApp(caller.appId), { bot, domain, visibility, members: [], existing: null })
    return bot
  })
}

/** Writes a bot's seat in a domain, who may use it there, and the audit entry; callers check the rest. */
async function seatInDomain(
  tx: Tx,
  by: AuditActor,
  seat: { bot: Bot; domain: Domain; visibility: BotVisibility; members: string[]; existing: BotDomain | null },
) {
  const { bot, domain, visibility, members, existing } = seat
  const key = { botId_domainId: { botId: bot.id, domainId: domain.id } }
  await tx.botDomain.upsert({
    where: key,
    create: { botId: bot.id, tenantId: bot.tenantId, domainId: domain.id, visibility },
    update: { visibility },
  })
  await tx.botDomainMember.deleteMany({ where: { botId: bot.id, domainId: domain.id } })
  if (members.length > 0) await tx.botDomainMember.createMany({ data: members.map((memberId) => ({ botId: bot.id, domainId: domain.id, memberId })) })
  await recordAudit(tx, bot.tenantId, by, [
    {
      area: 'BOTS',
      action: existing ? 'bot.domain.update' : 'bot.domain.add',
      targetType: 'Bot',
      targetId: bot.id,
      targetLabel: `${bot.name} · ${domain.name}`,
      ...(existing && { before: { visibility: existing.visibility } }),
      after: { domainId: domain.id, visibility, members: members.length },
    },
  ])
}

type PersistentMenu = z.output<typeof persistentMenuSchema>['content']

/** The Bot API sets (or, with null, deletes) a bot's persistent menu, the buttons under its talk. */
export async function setPersistentMenuForApp(prisma: PrismaClient, caller: BotApiCaller, id: string, menu: PersistentMenu | null) {
  return prisma.$transaction(async (tx) => {
    const bot = await lockBot(tx, caller.tenantId, id)
    await tx.bot.update({ where: { id }, data: { persistentMenu: menu ?? Prisma.DbNull } })
    await recordAudit(tx, caller.tenantId, auditActorOfApp(caller.appId), [
      {
        area: 'BOTS',
        action: menu ? 'bot.menu.set' : 'bot.menu.delete',
        targetType: 'Bot',
        targetId: id,
        targetLabel: bot.name,
        ...(bot.persistentMenu !== null && { before: { persistentMenu: bot.persistentMenu } }),
        ...(menu && { after: { persistentMenu: menu } }),
      },
    ])
  })
}

export async function removeBotFromDomain(ctx: BotContext, id: string, domainId: string) {
  const actor = requireAuthority(ctx.actor, 'bots', 'EDIT')
  return ctx.prisma.$transaction(async (tx) => {
    const bot = await lockBot(tx, actor.tenantId, id)
    if (!(await tx.domain.findFirst({ where: { id: domainId, tenantId: actor.tenantId }, select: { id: true } }))) throw new NotFoundError('Domain')
    const existing = await tx.botDomain.findUnique({ where: { botId_domainId: { botId: id, domainId } }, include: { domain: true } })
    if (!existing) throw new ConflictError('The bot is not added to this domain')
    await tx.botDomain.delete({ where: { botId_domainId: { botId: id, domainId } } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'BOTS',
        action: 'bot.domain.remove',
        targetType: 'Bot',
        targetId: id,
        targetLabel: `${bot.name} · ${existing.domain.name}`,
        before: { domainId, visibility: existing.visibility },
      },
    ])
    return bot
  })
}

export type BotActionReason = 'PERSON_IN_CHARGE_SUSPENDED' | 'PREVIOUS_SECRET_ACTIVE' | 'CALLBACK_URL_MISSING' | 'CALLBACK_FAILING'

type StatusBot = Pick<Bot, 'id' | 'callbackEnabled' | 'callbackUrl' | 'previousSecretExpiresAt'>
export type BotStatusResult = { status: 'PREPARING' | 'PUBLIC' | 'ACTION_REQUIRED'; reasons: BotActionReason[] }

/**
 * Preparing (in no domain), Public, or Public with action required, and why: a person in charge is
 * suspended, a secret rotation is still in its window (bot servers must switch to the new secret),
 * the latest callback failed.
 */
export async function botStatus(prisma: PrismaClient | Tx, bot: StatusBot, now = new Date()): Promise<BotStatusResult> {
  const [status] = await botStatuses(prisma, [bot], now)
  return status as BotStatusResult
}

/**
 * The status of several bots with one query (for lists): per bot whether it is in a domain, whether
 * a person in charge is suspended, and its latest finished callback. Answers in the order given.
 */
export async function botStatuses(prisma: PrismaClient | Tx, bots: readonly StatusBot[], now = new Date()): Promise<BotStatusResult[]> {
  if (bots.length === 0) return []
  const ids = [...new Set(bots.map((bot) => bot.id))]
  const rows = await prisma.$queryRaw<{ id: string; inDomain: boolean; managerSuspended: boolean; lastDelivery: string | null }[]>`
    SELECT b.id::text AS id,
      EXISTS (SELECT 1 FROM "BotDomain" d WHERE d."botId" = b.id) AS "inDomain",
      EXISTS (SELECT 1 FROM "BotManager" bm JOIN "Member" m ON m.id = bm."memberId"
              WHERE bm."botId" = b.id AND bm.role = 'PRIMARY' AND m.status <> 'ACTIVE') AS "managerSuspended",
      (SELECT d.status::text FROM "BotDelivery" d WHERE d."botId" = b.id AND d.status <> 'PENDING'
       ORDER BY d."createdAt" DESC LIMIT 1) AS "lastDelivery"
    FROM unnest(${ids}::uuid[]) AS b(id)`
  const byId = new Map(rows.map((row) => [row.id, row]))
  return bots.map((bot) => {
    const row = byId.get(bot.id)
    const reasons: BotActionReason[] = []
    if (row?.managerSuspended) reasons.push('PERSON_IN_CHARGE_SUSPENDED')
    if (bot.previousSecretExpiresAt && bot.previousSecretExpiresAt > now) reasons.push('PREVIOUS_SECRET_ACTIVE')
    if (bot.callbackEnabled && !bot.callbackUrl) reasons.push('CALLBACK_URL_MISSING')
    // The most recent finished callback failed: the bot server is down or refusing.
    if (bot.callbackEnabled && row?.lastDelivery === 'FAILED') reasons.push('CALLBACK_FAILING')
    const status = !row?.inDomain ? 'PREPARING' : reasons.length > 0 ? 'ACTION_REQUIRED' : 'PUBLIC'
    return { status, reasons }
  })
}

/**
 * Batches botStatus calls made in the same tick (a GraphQL list resolving `status` for each bot) into
 * one botStatuses query. One loader per request: it remembers nothing between batches.
 */
export function botStatusLoader(prisma: PrismaClient | Tx) {
  let pending: { bot: StatusBot; resolve: (status: BotStatusResult) => void; reject: (reason: unknown) => void }[] = []
  const flush = () => {
    const batch = pending
    pending = []
    botStatuses(
      prisma,
      batch.map((entry) => entry.bot),
    ).then(
      (statuses) => {
        for (const [index, entry] of batch.entries()) entry.resolve(statuses[index] as BotStatusResult)
      },
      (error: unknown) => {
        for (const entry of batch) entry.reject(error)
      },
    )
  }
  return (bot: StatusBot): Promise<BotStatusResult> =>
    new Promise((resolve, reject) => {
      // After the promise jobs of this tick, like DataLoader: the resolvers of every list item get in.
      if (pending.length === 0) Promise.resolve().then(() => process.nextTick(flush))
      pending.push({ bot, resolve, reject })
    })
}

/** How many bots the tenant has and may have. */
export async function botUsage(prisma: PrismaClient, tenantId: string) {
  const [tenant, used] = await Promise.all([
    prisma.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { plan: true } }),
    prisma.bot.count({ where: { tenantId } }),
  ])
  return { used, limit: botQuota(tenant.plan) }
}
