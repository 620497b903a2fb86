import { type TalkSendInput, talkSendInputSchema } from '@worksbase/schema'
import { NotFoundError, parseInput } from '../errors.ts'
import { type CallbackConsumer, type CallbackEvent, queueCallback } from './callbacks.ts'
import type { Tx } from './audit.ts'
import type { AppPubSub } from './pubsub.ts'
import { type MemberViewer, requireMember } from './member-auth.ts'
import type { Prisma, PrismaClient } from '#generated/prisma/client.ts'

/**
 * The talk view: a signed-in member's 1:1 rooms with the bots added to their domain. Every message
 * the member sends is stored and its callback queued in one transaction; subscribers of the room
 * hear about new messages (the member's own, and the bot's from the Bot API) through the pubsub.
 */
export interface TalkContext {
  prisma: PrismaClient
  member: MemberViewer | null
  pubsub: AppPubSub
  nudge?: () => void
  /** In-process consumers of the bots' callbacks (this platform's attendance bot). */
  callbackConsumers: readonly CallbackConsumer[]
}

/** The pubsub key of one member's room with one bot. */
export function talkKey(botId: string, memberId: string): string {
  return `${botId}:${memberId}`
}

/** Tells the room's live subscribers (the member's open talk views) that a message was stored. */
export function publishTalkMessage(pubsub: AppPubSub, botId: string, memberId: string, messageId: string): void {
  pubsub.publish('talk:message', talkKey(botId, memberId), { messageId })
}

/** Bots the member may talk to: added to their domain, for everyone or for them among selected members. */
export function availableBotsWhere(viewer: Pick<MemberViewer, 'tenantId' | 'domainId' | 'memberId'>): Prisma.BotWhereInput {
  return {
    tenantId: viewer.tenantId,
    domains: {
      some: {
        domainId: viewer.domainId,
        OR: [{ visibility: 'ALL' }, { members: { some: { memberId: viewer.memberId } } }],
      },
    },
  }
}

const talkBotSelect = {
  id: true,
  botId: true,
  name: true,
  description: true,
  photoUpdatedAt: true,
  persistentMenu: true,
  tenantId: true,
  callbackEnabled: true,
  callbackUrl: true,
  messageTypes: true,
  roomEvents: true,
} satisfies Prisma.BotSelect

export type TalkBot = Prisma.BotGetPayload<{ select: typeof talkBotSelect }> & {
  room: { id: string; lastMessageAt: Date; endedAt: Date | null } | null
  lastMessage: { sender: 'BOT' | 'MEMBER'; content: Prisma.JsonValue; createdAt: Date } | null
}

/** The member's bots, the most recently active rooms first, then bots not talked to yet by name. */
export async function talkBots(ctx: TalkContext): Promise<TalkBot[]> {
  const viewer = requireMember(ctx.member)
  const bots = await ctx.prisma.bot.findMany({
    where: availableBotsWhere(viewer),
    select: {
      ...talkBotSelect,
      talkRooms: {
        where: { memberId: viewer.memberId },
        select: {
          id: true,
          lastMessageAt: true,
          endedAt: true,
          messages: { orderBy: { createdAt: 'desc' }, take: 1, select: { sender: true, content: true, createdAt: true } },
        },
      },
    },
    orderBy: { name: 'asc' },
  })
  const result = bots.map(({ talkRooms, ...bot }) => {
    const room = talkRooms[0]
    return {
      ...bot,
      room: room ? { id: room.id, lastMessageAt: room.lastMessageAt, endedAt: room.endedAt } : null,
      lastMessage: room?.messages[0] ?? null,
    }
  })
  const activity = (bot: TalkBot) => bot.lastMessage?.createdAt.getTime() ?? 0
  return result.sort((a, b) => activity(b) - activity(a))
}

export async function talkBot(ctx: TalkContext, botId: string): Promise<TalkBot> {
  const viewer = requireMember(ctx.member)
  const bot = await ctx.prisma.bot.findFirst({
    where: { ...availableBotsWhere(viewer), id: botId },
    select: { ...talkBotSelect, talkRooms: { where: { memberId: viewer.memberId }, select: { id: true, lastMessageAt: true, endedAt: true } } },
  })
  if (!bot) throw new NotFoundError('Bot')
  const { talkRooms, ...rest } = bot
  return { ...rest, room: talkRooms[0] ?? null, lastMessage: null }
}

/** A page of the room's messages, newest last; `before` is a message id to page back from. */
export async function talkMessages(ctx: TalkContext, botId: string, options: { before?: string | null; last: number }) {
  const viewer = requireMember(ctx.member)
  const bot = await talkBot(ctx, botId)
  if (!bot.room) return { messages: [], hasMore: false }
  const last = Math.min(Math.max(options.last, 1), 100)
  const anchor = options.before ? await ctx.prisma.talkMessage.findFirst({ where: { id: options.before, roomId: bot.room.id } }) : null
  const rows = await ctx.prisma.talkMessage.findMany({
    where: {
      roomId: bot.room.id,
      tenantId: viewer.tenantId,
      ...(anchor && { OR: [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }] }),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: last + 1,
  })
  return { messages: rows.slice(0, last).reverse(), hasMore: rows.length > last }
}

/** One message of the member's room (what a subscription event resolves to). */
export async function talkMessage(ctx: TalkContext, botId: string, messageId: string) {
  const viewer = requireMember(ctx.member)
  return ctx.prisma.talkMessage.findFirst({
    where: { id: messageId, tenantId: viewer.tenantId, room: { botId, memberId: viewer.memberId } },
  })
}

/**
 * Opens the room, or reopens it after the member left: creates it when needed and queues the "begin"
 * callback when the room starts. Opening a room that is already open changes nothing.
 */
async function ensureOpenRoom(ctx: TalkContext, tx: Tx, viewer: MemberViewer, bot: TalkBot, lwDomainId: number) {
  const existing = await tx.talkRoom.findUnique({ where: { botId_memberId: { botId: bot.id, memberId: viewer.memberId } } })
  if (existing && !existing.endedAt) return { room: existing, began: false }
  const room = existing
    ? await tx.talkRoom.update({ where: { id: existing.id }, data: { endedAt: null } })
    : await tx.talkRoom.create({ data: { tenantId: viewer.tenantId, botId: bot.id, memberId: viewer.memberId } })
  await queueCallback(tx, ctx.callbackConsumers, bot, { userId: viewer.userId, lwDomainId }, { type: 'begin' })
  return { room, began: true }
}

async function memberDomainId(tx: Tx, viewer: MemberViewer): Promise<number> {
  const domain = await tx.domain.findUniqueOrThrow({ where: { id: viewer.domainId }, select: { lwDomainId: true } })
  return domain.lwDomainId
}

/** The member opened the room in the talk view ("begin" when it starts). */
export async function openTalk(ctx: TalkContext, botId: string) {
  const viewer = requireMember(ctx.member)
  const bot = await talkBot(ctx, botId)
  if (bot.room && !bot.room.endedAt) return { began: false }
  const { began } = await ctx.prisma.$transaction(async (tx) => ensureOpenRoom(ctx, tx, viewer, bot, await memberDomainId(tx, viewer)))
  ctx.nudge?.()
  return { began }
}

/** The member left the room: it ends (the bot gets "end"); the history stays for when they come back. */
export async function leaveTalk(ctx: TalkContext, botId: string) {
  const viewer = requireMember(ctx.member)
  const bot = await talkBot(ctx, botId)
  if (!bot.room || bot.room.endedAt) return { ended: false }
  const room = bot.room
  await ctx.prisma.$transaction(async (tx) => {
    const ended = await tx.talkRoom.updateMany({ where: { id: room.id, endedAt: null }, data: { endedAt: new Date() } })
    if (ended.count === 1) await queueCallback(tx, ctx.callbackConsumers, bot, { userId: viewer.userId, lwDomainId: await memberDomainId(tx, viewer) }, { type: 'end' })
  })
  ctx.nudge?.()
  return { ended: true }
}

/** What a member's input becomes: the callback event, and the content stored in the talk. */
export function talkEventOf(input: ReturnType<typeof talkSendInputSchema.parse>): { event: CallbackEvent; stored: Prisma.InputJsonObject } {
  if (input.postback) {
    const { data, displayText } = input.postback
    return { event: { type: 'postback', data }, stored: { type: 'postback', data, ...(displayText && { displayText }) } }
  }
  const content = { type: 'text', text: input.text ?? '', ...(input.messagePostback !== undefined && { postback: input.messagePostback }) }
  return { event: { type: 'message', content }, stored: content }
}

/**
 * The member writes text, taps a message action (text plus an optional postback that comes back as
 * `content.postback`) or taps a postback action. The message is stored and the callback queued in
 * one transaction; the room (re)opens first when needed.
 */
export async function sendTalk(ctx: TalkContext, botId: string, rawInput: TalkSendInput) {
  const viewer = requireMember(ctx.member)
  const input = parseInput(talkSendInputSchema, rawInput)
  const bot = await talkBot(ctx, botId)
  const { event, stored } = talkEventOf(input)
  const message = await ctx.prisma.$transaction(async (tx) => {
    const lwDomainId = await memberDomainId(tx, viewer)
    const { room } = await ensureOpenRoom(ctx, tx, viewer, bot, lwDomainId)
    const created = await tx.talkMessage.create({ data: { tenantId: viewer.tenantId, roomId: room.id, sender: 'MEMBER', content: stored } })
    await tx.talkRoom.update({ where: { id: room.id }, data: { lastMessageAt: created.createdAt } })
    await queueCallback(tx, ctx.callbackConsumers, bot, { userId: viewer.userId, lwDomainId }, event)
    return created
  })
  ctx.nudge?.()
  publishTalkMessage(ctx.pubsub, bot.id, viewer.memberId, message.id)
  return message
}
