import { randomInt } from 'node:crypto'
import {
  TALK_CHANNEL_MAX_MEMBERS,
  type TalkChannelCreateInput,
  type TalkSendInput,
  talkChannelCreateSchema,
  talkSendInputSchema,
} from '@worksbase/schema'
import { NotFoundError, ValidationError, parseInput } from '../errors.ts'
import type { Tx } from './audit.ts'
import { type CallbackEvent, queueCallback } from './callbacks.ts'
import type { AppPubSub } from './pubsub.ts'
import { requireMember } from './member-auth.ts'
import { availableBotsWhere, type TalkContext, talkEventOf } from './talk.ts'
import type { Prisma } from '#generated/prisma/client.ts'

/**
 * Group talks ("channels" in LINE WORKS' API): members of one tenant and at most one bot. The bot
 * must allow joining group rooms and be available to the member who brings it in. Bots get join /
 * leave when they are added / removed, joined / left with the user ids when members come and go, and
 * every message with `source.channelId`. External users never take part (their rooms are separate),
 * so a bot can never share a room with them.
 */

export function publishChannelMessage(pubsub: AppPubSub, channelId: string, messageId: string): void {
  pubsub.publish('talk:channel', channelId, { messageId })
}

const botFields = {
  id: true,
  tenantId: true,
  name: true,
  photoUpdatedAt: true,
  allowGroupJoin: true,
  callbackEnabled: true,
  callbackUrl: true,
  messageTypes: true,
  roomEvents: true,
} satisfies Prisma.BotSelect

const channelInclude = {
  bot: { select: botFields },
  members: { include: { member: { select: { id: true, userId: true, loginId: true, familyName: true, givenName: true, status: true } } }, orderBy: { joinedAt: 'asc' } },
} satisfies Prisma.TalkChannelInclude

export type ChannelRow = Prisma.TalkChannelGetPayload<{ include: typeof channelInclude }>

/** A fresh channel id: digits, like the ids LINE WORKS gives its rooms. */
async function allocateChannelId(tx: Tx): Promise<string> {
  for (;;) {
    const candidate = String(randomInt(100_000_000, 999_999_999))
    if (!(await tx.talkChannel.findUnique({ where: { channelId: candidate }, select: { id: true } }))) return candidate
  }
}

/** The callback source of a channel event: who acted (if a member did), the room, and their domain. */
async function channelSource(tx: Tx, channel: { channelId: string }, member: { userId: string; domainId: string }, withUser: boolean) {
  const domain = await tx.domain.findUniqueOrThrow({ where: { id: member.domainId }, select: { lwDomainId: true } })
  return { ...(withUser && { userId: member.userId }), channelId: channel.channelId, lwDomainId: domain.lwDomainId }
}

async function queueChannelEvent(ctx: TalkContext, tx: Tx, channel: { channelId: string; bot: ChannelRow['bot'] }, actor: { userId: string; domainId: string }, event: CallbackEvent, withUser = true) {
  if (!channel.bot) return
  await queueCallback(tx, ctx.callbackConsumers, channel.bot, await channelSource(tx, channel, actor, withUser), event)
}

/** The member's group talks, the most recently active first. */
export async function talkChannels(ctx: TalkContext) {
  const viewer = requireMember(ctx.member)
  return ctx.prisma.talkChannel.findMany({
    where: { tenantId: viewer.tenantId, members: { some: { memberId: viewer.memberId } } },
    include: { ...channelInclude, messages: { orderBy: { createdAt: 'desc' }, take: 1 } },
    orderBy: { lastMessageAt: 'desc' },
  })
}

/** A group talk the member takes part in (else NotFound: others' talks do not exist for them). */
export async function talkChannel(ctx: TalkContext, id: string): Promise<ChannelRow> {
  const viewer = requireMember(ctx.member)
  const channel = await ctx.prisma.talkChannel.findFirst({
    where: { id, tenantId: viewer.tenantId, members: { some: { memberId: viewer.memberId } } },
    include: channelInclude,
  })
  if (!channel) throw new NotFoundError('Group talk')
  return channel
}

/** Members the viewer can bring into a group talk: active members of their tenant, by name or login id. */
export async function talkDirectory(ctx: TalkContext, query: string) {
  const viewer = requireMember(ctx.member)
  const term = query.trim().toLowerCase().slice(0, 100)
  return ctx.prisma.member.findMany({
    where: { tenantId: viewer.tenantId, status: 'ACTIVE', id: { not: viewer.memberId }, ...(term && { searchText: { contains: term } }) },
    select: { id: true, loginId: true, familyName: true, givenName: true },
    orderBy: { loginId: 'asc' },
    take: 20,
  })
}

async function checkMembers(tx: Tx, tenantId: string, ids: string[], field: string) {
  const found = await tx.member.findMany({ where: { tenantId, id: { in: ids }, status: 'ACTIVE' }, select: { id: true, userId: true } })
  if (found.length !== ids.length) throw ValidationError.field(field, 'A chosen member does not exist or is suspended', 'not_found')
  return found
}

/** The bot the member brings into a group talk: available to them, and allowed to join group rooms. */
async function checkBot(tx: Tx, viewer: Parameters<typeof availableBotsWhere>[0], botId: string) {
  const bot = await tx.bot.findFirst({ where: { ...availableBotsWhere(viewer), id: botId }, select: botFields })
  if (!bot) throw ValidationError.field('botId', 'You cannot use this bot', 'not_found')
  if (!bot.allowGroupJoin) throw ValidationError.field('botId', 'This bot only talks one to one: its settings do not allow joining group talks')
  return bot
}

export async function createTalkChannel(ctx: TalkContext, rawInput: TalkChannelCreateInput) {
  const viewer = requireMember(ctx.member)
  const input = parseInput(talkChannelCreateSchema, rawInput)
  const others = [...new Set(input.memberIds)].filter((id) => id !== viewer.memberId)
  if (others.length === 0) throw ValidationError.field('memberIds', 'Choose at least one other member')
  const channel = await ctx.prisma.$transaction(async (tx) => {
    await checkMembers(tx, viewer.tenantId, others, 'memberIds')
    const bot = input.botId ? await checkBot(tx, viewer, input.botId) : null
    const created = await tx.talkChannel.create({
      data: {
        tenantId: viewer.tenantId,
        channelId: await allocateChannelId(tx),
        title: input.title,
        botId: bot?.id ?? null,
        createdById: viewer.memberId,
        members: { create: [viewer.memberId, ...others].map((memberId) => ({ memberId })) },
      },
      include: channelInclude,
    })
    await queueChannelEvent(ctx, tx, created, viewer, { type: 'join' }, false)
    return created
  })
  ctx.nudge?.()
  return channel
}

/** Adds members; the bot gets "joined" with their user ids. */
export async function addTalkChannelMembers(ctx: TalkContext, id: string, memberIds: string[]) {
  const viewer = requireMember(ctx.member)
  const channel = await talkChannel(ctx, id)
  const present = new Set(channel.members.map((row) => row.memberId))
  const added = [...new Set(memberIds)].filter((memberId) => !present.has(memberId))
  if (added.length === 0) throw ValidationError.field('memberIds', 'Choose members who are not in the talk yet')
  if (present.size + added.length > TALK_CHANNEL_MAX_MEMBERS) {
    throw ValidationError.field('memberIds', `A group talk has at most ${TALK_CHANNEL_MAX_MEMBERS} members`, 'too_big')
  }
  await ctx.prisma.$transaction(async (tx) => {
    const members = await checkMembers(tx, viewer.tenantId, added, 'memberIds')
    await tx.talkChannelMember.createMany({ data: added.map((memberId) => ({ channelId: channel.id, memberId })), skipDuplicates: true })
    await queueChannelEvent(ctx, tx, channel, viewer, { type: 'joined', members: members.map((member) => member.userId) })
  })
  ctx.nudge?.()
  return talkChannel(ctx, id)
}

/** The member leaves; the bot gets "left". The last one to leave closes the talk. */
export async function leaveTalkChannel(ctx: TalkContext, id: string) {
  const viewer = requireMember(ctx.member)
  const channel = await talkChannel(ctx, id)
  await ctx.prisma.$transaction(async (tx) => {
    await tx.talkChannelMember.delete({ where: { channelId_memberId: { channelId: channel.id, memberId: viewer.memberId } } })
    await queueChannelEvent(ctx, tx, channel, viewer, { type: 'left', members: [viewer.userId] })
    if ((await tx.talkChannelMember.count({ where: { channelId: channel.id } })) === 0) await tx.talkChannel.delete({ where: { id: channel.id } })
  })
  ctx.nudge?.()
  return { left: true }
}

/** Brings a bot in ("join"), replaces it, or takes it out ("leave") with null. */
export async function setTalkChannelBot(ctx: TalkContext, id: string, botId: string | null) {
  const viewer = requireMember(ctx.member)
  const channel = await talkChannel(ctx, id)
  if ((channel.bot?.id ?? null) === botId) return channel
  await ctx.prisma.$transaction(async (tx) => {
    const bot = botId ? await checkBot(tx, viewer, botId) : null
    await queueChannelEvent(ctx, tx, channel, viewer, { type: 'leave' }, false)
    await tx.talkChannel.update({ where: { id: channel.id }, data: { botId: bot?.id ?? null } })
    if (bot) await queueChannelEvent(ctx, tx, { channelId: channel.channelId, bot }, viewer, { type: 'join' }, false)
  })
  ctx.nudge?.()
  return talkChannel(ctx, id)
}

export async function talkChannelMessages(ctx: TalkContext, id: string, options: { before?: string | null; last: number }) {
  const channel = await talkChannel(ctx, id)
  const last = Math.min(Math.max(options.last, 1), 100)
  const anchor = options.before ? await ctx.prisma.talkChannelMessage.findFirst({ where: { id: options.before, channelId: channel.id } }) : null
  const rows = await ctx.prisma.talkChannelMessage.findMany({
    where: { channelId: channel.id, ...(anchor && { OR: [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }] }) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: last + 1,
  })
  return { messages: rows.slice(0, last).reverse(), hasMore: rows.length > last }
}

export async function talkChannelMessage(ctx: TalkContext, id: string, messageId: string) {
  const viewer = requireMember(ctx.member)
  return ctx.prisma.talkChannelMessage.findFirst({
    where: { id: messageId, channelId: id, tenantId: viewer.tenantId, channel: { members: { some: { memberId: viewer.memberId } } } },
  })
}

/** A member writes in the group talk; the bot (if any) gets the message with source.channelId. */
export async function sendTalkChannelMessage(ctx: TalkContext, id: string, rawInput: TalkSendInput) {
  const viewer = requireMember(ctx.member)
  const input = parseInput(talkSendInputSchema, rawInput)
  const channel = await talkChannel(ctx, id)
  const { event, stored } = talkEventOf(input)
  const message = await ctx.prisma.$transaction(async (tx) => {
    const created = await tx.talkChannelMessage.create({
      data: { tenantId: viewer.tenantId, channelId: channel.id, sender: 'MEMBER', memberId: viewer.memberId, content: stored },
    })
    await tx.talkChannel.update({ where: { id: channel.id }, data: { lastMessageAt: created.createdAt } })
    await queueChannelEvent(ctx, tx, channel, viewer, event)
    return created
  })
  ctx.nudge?.()
  publishChannelMessage(ctx.pubsub, channel.id, message.id)
  return message
}
