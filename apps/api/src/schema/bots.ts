import { encodeGlobalID } from '@pothos/plugin-relay'
import { botMessageTypes, botRoomEvents, MAX_PAGE_SIZE } from '@worksbase/schema'
import { builder } from '../builder.ts'
import { hasAuthority } from '../services/authority.ts'
import {
  addBotToDomain,
  type BotContext,
  botSecret,
  type botStatus,
  botStatusLoader,
  botUsage,
  createBot,
  deleteBot,
  removeBotFromDomain,
  rotateBotSecret,
  updateBot,
} from '../services/bots.ts'
import type { Context } from '../context.ts'
import { deleteMutation } from './mutations.ts'
import { mutationErrors } from './errors.ts'
import { idOf, inTenant, NO_ROW, nonEmpty } from './ids.ts'
import { QuotaExceededError } from '../errors.ts'
import { BotManagerRole, BotVisibility, DeliveryStatus } from '#generated/prisma/enums.ts'
import { redeliverCallback, sendAsMember } from '../services/callbacks.ts'
import { publishTalkMessage } from '../services/talk.ts'
import { dbId } from './ids.ts'

const botsView = { authority: { area: 'bots', level: 'VIEW' } } as const

const BotManagerRoleEnum = builder.enumType(BotManagerRole, { name: 'BotManagerRole' })
const BotVisibilityEnum = builder.enumType(BotVisibility, {
  name: 'BotVisibility',
  description: 'ALL: every member of the domain may use the bot. SELECTED: only the chosen members.',
})
const BotStatusEnum = builder.enumType('BotStatus', {
  values: {
    PREPARING: { description: 'Registered, not added to any domain.' },
    PUBLIC: { description: 'Added to a domain and running.' },
    ACTION_REQUIRED: { description: 'Public, but something needs attention (see actionReasons).' },
  } as const,
})
const BotActionReasonEnum = builder.enumType('BotActionReason', {
  values: ['PERSON_IN_CHARGE_SUSPENDED', 'PREVIOUS_SECRET_ACTIVE', 'CALLBACK_URL_MISSING', 'CALLBACK_FAILING'] as const,
})
const BotMessageTypeEnum = builder.enumType('BotMessageType', { values: botMessageTypes })
const BotRoomEventEnum = builder.enumType('BotRoomEvent', { values: botRoomEvents })

const BotPerson = builder.simpleObject('BotPerson', {
  description: 'A person in charge (or vice person in charge) of a bot.',
  fields: (t) => ({
    memberId: t.id(),
    loginId: t.string(),
    name: t.string(),
    suspended: t.boolean(),
    role: t.field({ type: BotManagerRoleEnum }),
  }),
})

const BotDomainInfo = builder.simpleObject('BotDomainAssignment', {
  description: 'A domain the bot is added to, and who may use it there.',
  fields: (t) => ({
    domainId: t.id(),
    domainName: t.string(),
    displayName: t.string(),
    visibility: t.field({ type: BotVisibilityEnum }),
    memberIds: t.idList({ description: 'The members who may use the bot when visibility is SELECTED.' }),
  }),
})

const BotQuota = builder.simpleObject('BotQuota', {
  fields: (t) => ({ used: t.int(), limit: t.int() }),
})

// `status` and `actionReasons` share one computation per bot row; the bots of a list (every row
// resolved in the same tick) share one query through the request's loader.
const statusCache = new WeakMap<object, ReturnType<typeof botStatus>>()
const statusLoaders = new WeakMap<Context, ReturnType<typeof botStatusLoader>>()
function statusOf(context: Context, bot: Parameters<typeof botStatus>[1]) {
  let status = statusCache.get(bot)
  if (!status) {
    let load = statusLoaders.get(context)
    if (!load) {
      load = botStatusLoader(context.prisma)
      statusLoaders.set(context, load)
    }
    status = load(bot)
    statusCache.set(bot, status)
  }
  return status
}

export const BotNode = builder.prismaNode('Bot', {
  id: { field: 'id' },
  authScopes: botsView,
  nullable: true,
  findUnique: (id, context) => inTenant(id, context),
  fields: (t) => ({
    botId: t.exposeInt('botId', { description: 'The numeric Bot ID used by the Bot API and in callbacks.' }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    photoUrl: t.string({
      nullable: true,
      select: { id: true, photoUpdatedAt: true },
      resolve: (bot) => (bot.photoUpdatedAt ? `/api/bots/${bot.id}/photo?v=${bot.photoUpdatedAt.getTime()}` : null),
    }),
    callbackEnabled: t.exposeBoolean('callbackEnabled'),
    callbackUrl: t.exposeString('callbackUrl', { nullable: true }),
    messageTypes: t.field({ type: [BotMessageTypeEnum], select: { messageTypes: true }, resolve: (bot) => bot.messageTypes as never }),
    roomEvents: t.field({ type: [BotRoomEventEnum], select: { roomEvents: true }, resolve: (bot) => bot.roomEvents as never }),
    allowGroupJoin: t.exposeBoolean('allowGroupJoin', { description: 'May join rooms with several members (otherwise 1:1 only).' }),
    status: t.field({
      type: BotStatusEnum,
      select: { id: true, callbackEnabled: true, callbackUrl: true, previousSecretExpiresAt: true },
      resolve: async (bot, _args, context) => (await statusOf(context, bot)).status,
    }),
    actionReasons: t.field({
      type: [BotActionReasonEnum],
      select: { id: true, callbackEnabled: true, callbackUrl: true, previousSecretExpiresAt: true },
      resolve: async (bot, _args, context) => (await statusOf(context, bot)).reasons,
    }),
    secret: t.string({
      nullable: true,
      description: 'The Bot Secret; only for admins who may edit bots (null otherwise).',
      select: { id: true, secretSealed: true },
      resolve: (bot, _args, context) =>
        context.actor && hasAuthority(context.actor, 'bots', 'EDIT') ? botSecret(context.services.bots, bot) : null,
    }),
    secretRotatedAt: t.expose('secretRotatedAt', { type: 'DateTime', nullable: true }),
    previousSecretExpiresAt: t.expose('previousSecretExpiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Until then the previous secret still verifies (after a rotation).',
    }),
    managers: t.field({
      type: [BotPerson],
      select: {
        managers: {
          orderBy: [{ role: 'asc' }, { position: 'asc' }],
          select: { role: true, member: { select: { id: true, loginId: true, familyName: true, givenName: true, status: true } } },
        },
      },
      resolve: (bot) =>
        bot.managers.map((manager) => ({
          memberId: encodeGlobalID('Member', manager.member.id),
          loginId: manager.member.loginId,
          name: `${manager.member.familyName} ${manager.member.givenName}`.trim(),
          suspended: manager.member.status !== 'ACTIVE',
          role: manager.role,
        })),
    }),
    domains: t.field({
      type: [BotDomainInfo],
      select: {
        domains: { orderBy: { createdAt: 'asc' }, select: { visibility: true, domain: true, members: { select: { memberId: true } } } },
      },
      resolve: (bot) =>
        bot.domains.map((entry) => ({
          domainId: encodeGlobalID('Domain', entry.domain.id),
          domainName: entry.domain.name,
          displayName: entry.domain.displayName,
          visibility: entry.visibility,
          memberIds: entry.members.map((member) => encodeGlobalID('Member', member.memberId)),
        })),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
})

const DeliveryStatusEnum = builder.enumType(DeliveryStatus, { name: 'DeliveryStatus' })

const SentAsMember = builder.simpleObject('SentAsMember', {
  fields: (t) => ({ deliveryId: t.id({ nullable: true, description: 'The queued callback; null when the bot does not want this event.' }) }),
})

builder.prismaObject('BotDelivery', {
  description: 'One callback to the bot’s URL and how its delivery went.',
  fields: (t) => ({
    id: t.exposeID('id'),
    event: t.exposeString('event'),
    status: t.expose('status', { type: DeliveryStatusEnum }),
    attempts: t.exposeInt('attempts'),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    latencyMs: t.exposeInt('latencyMs', { nullable: true }),
    body: t.exposeString('body', { description: 'The exact JSON that was (or will be) signed and sent.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
  }),
})

builder.prismaObjectField('Bot', 'deliveries', (t) =>
  t.relatedConnection('deliveries', {
    cursor: 'id',
    description: `The bot's callback deliveries, newest first. At most ${MAX_PAGE_SIZE} per page.`,
    args: { status: t.arg({ type: DeliveryStatusEnum, required: false }) },
    query: (args) => ({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...(args.status && { where: { status: args.status } }) }),
    totalCount: true,
  }),
)

builder.queryFields((t) => ({
  bots: t.prismaConnection(
    {
      type: 'Bot',
      cursor: 'id',
      authScopes: botsView,
      description: `The tenant's bots, newest first. At most ${MAX_PAGE_SIZE} per page.`,
      totalCount: (_parent, _args, context) => context.prisma.bot.count({ where: { tenantId: context.actor?.tenantId ?? NO_ROW } }),
      resolve: (query, _root, _args, context) => {
        return context.prisma.bot.findMany({
          ...nonEmpty(query),
          where: { tenantId: context.actor?.tenantId ?? NO_ROW },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        })
      },
    },
    {},
    {},
  ),
  botQuota: t.field({
    type: BotQuota,
    authScopes: botsView,
    description: 'How many bots the tenant has and may have (300, or 10 on the free plan).',
    resolve: (_root, _args, context) => botUsage(context.prisma, context.actor?.tenantId ?? NO_ROW),
  }),
}))

function botContext(context: Context): BotContext {
  return { ...context, bots: context.services.bots }
}

function memberIds(ids: readonly (string | number)[] | null | undefined, field: string): string[] | undefined {
  return ids ? ids.map((id) => idOf(String(id), 'Member', field)) : undefined
}

builder.mutationFields((t) => ({
  createBot: t.prismaFieldWithInput({
    type: 'Bot',
    description: 'Registers a bot; a numeric Bot ID and a Bot Secret are issued. Refused beyond the tenant’s quota.',
    input: {
      name: t.input.string({ description: '≤ 100 characters; line breaks become spaces.' }),
      description: t.input.string({ description: '≤ 100 characters.' }),
      callbackEnabled: t.input.boolean(),
      callbackUrl: t.input.string({ required: false, description: 'HTTPS; must resolve to public addresses.' }),
      messageTypes: t.input.field({ type: [BotMessageTypeEnum] }),
      roomEvents: t.input.field({ type: [BotRoomEventEnum] }),
      allowGroupJoin: t.input.boolean(),
      managerIds: t.input.idList({ description: 'Persons in charge (1-3 members).' }),
      viceManagerIds: t.input.idList({ required: false, description: 'Vice persons in charge (0-3 members).' }),
    },
    errors: { types: [...mutationErrors, QuotaExceededError], dataField: { name: 'bot' } },
    resolve: async (query, _root, { input }, context) => {
      const bot = await createBot(botContext(context), {
        ...input,
        callbackUrl: input.callbackUrl ?? null,
        managerIds: memberIds(input.managerIds, 'managerIds') ?? [],
        viceManagerIds: memberIds(input.viceManagerIds, 'viceManagerIds') ?? [],
      })
      return context.prisma.bot.findUniqueOrThrow({ ...nonEmpty(query), where: { id: bot.id } })
    },
  }),
  updateBot: t.prismaFieldWithInput({
    type: 'Bot',
    description: 'Changes the given fields; omitted fields stay.',
    input: {
      id: t.input.id({ description: 'Global id of a Bot.' }),
      name: t.input.string({ required: false }),
      description: t.input.string({ required: false }),
      callbackEnabled: t.input.boolean({ required: false }),
      callbackUrl: t.input.string({ required: false }),
      messageTypes: t.input.field({ type: [BotMessageTypeEnum], required: false }),
      roomEvents: t.input.field({ type: [BotRoomEventEnum], required: false }),
      allowGroupJoin: t.input.boolean({ required: false }),
      managerIds: t.input.idList({ required: false }),
      viceManagerIds: t.input.idList({ required: false }),
    },
    errors: { types: mutationErrors, dataField: { name: 'bot' } },
    resolve: async (query, _root, { input }, context) => {
      const bot = await updateBot(botContext(context), idOf(input.id, 'Bot', 'id'), {
        name: input.name ?? undefined,
        description: input.description ?? undefined,
        callbackEnabled: input.callbackEnabled ?? undefined,
        callbackUrl: input.callbackUrl,
        messageTypes: input.messageTypes ?? undefined,
        roomEvents: input.roomEvents ?? undefined,
        allowGroupJoin: input.allowGroupJoin ?? undefined,
        managerIds: memberIds(input.managerIds, 'managerIds'),
        viceManagerIds: memberIds(input.viceManagerIds, 'viceManagerIds'),
      })
      return context.prisma.bot.findUniqueOrThrow({ ...nonEmpty(query), where: { id: bot.id } })
    },
  }),
  deleteBot: deleteMutation(t, 'Bot', (context, id) => deleteBot(botContext(context), id)),
  rotateBotSecret: t.prismaFieldWithInput({
    type: 'Bot',
    description: 'Issues a new Bot Secret; the previous one keeps verifying for 24 hours.',
    input: { id: t.input.id({ description: 'Global id of a Bot.' }) },
    errors: { types: mutationErrors, dataField: { name: 'bot' } },
    resolve: async (query, _root, { input }, context) => {
      const bot = await rotateBotSecret(botContext(context), idOf(input.id, 'Bot', 'id'))
      return context.prisma.bot.findUniqueOrThrow({ ...nonEmpty(query), where: { id: bot.id } })
    },
  }),
  addBotToDomain: t.prismaFieldWithInput({
    type: 'Bot',
    description: 'Adds the bot to a domain (or changes who may use it there).',
    input: {
      id: t.input.id({ description: 'Global id of a Bot.' }),
      domainId: t.input.id({ description: 'Global id of a Domain.' }),
      visibility: t.input.field({ type: BotVisibilityEnum }),
      memberIds: t.input.idList({ required: false, description: 'With SELECTED: the members (of that domain) who may use it.' }),
    },
    errors: { types: mutationErrors, dataField: { name: 'bot' } },
    resolve: async (query, _root, { input }, context) => {
      const bot = await addBotToDomain(
        botContext(context),
        idOf(input.id, 'Bot', 'id'),
        idOf(input.domainId, 'Domain', 'domainId'),
        input.visibility,
        memberIds(input.memberIds, 'memberIds') ?? [],
      )
      return context.prisma.bot.findUniqueOrThrow({ ...nonEmpty(query), where: { id: bot.id } })
    },
  }),
  redeliverBotCallback: t.prismaFieldWithInput({
    type: 'BotDelivery',
    description: 'Sends a delivery again, with the same bytes.',
    input: { deliveryId: t.input.id() },
    errors: { types: mutationErrors, dataField: { name: 'delivery' } },
    resolve: async (query, _root, { input }, context) => {
      const delivery = await redeliverCallback({ ...botContext(context), nudge: context.services.nudgeJobs }, dbId(String(input.deliveryId)))
      return context.prisma.botDelivery.findUniqueOrThrow({ ...nonEmpty(query), where: { id: delivery.id } })
    },
  }),
  sendBotMessageAsMember: t.fieldWithInput({
    type: SentAsMember,
    description: 'Try the bot as a member: stores the message in their 1:1 room and queues the callback (unless the bot does not want the event).',
    input: {
      id: t.input.id({ description: 'Global id of a Bot.' }),
      memberId: t.input.id({ description: 'Global id of a Member who may use the bot.' }),
      text: t.input.string({ required: false }),
      postback: t.input.string({ required: false }),
    },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: async (_root, { input }, context) => {
      const result = await sendAsMember(
        { ...botContext(context), nudge: context.services.nudgeJobs, callbackConsumers: context.services.callbackConsumers },
        {
          botId: idOf(input.id, 'Bot', 'id'),
          memberId: idOf(input.memberId, 'Member', 'memberId'),
          content: input.text ? { type: 'text', text: input.text } : null,
          postback: input.postback ?? null,
        },
      )
      publishTalkMessage(context.services.pubsub, result.botId, result.memberId, result.messageId)
      return { deliveryId: result.deliveryId }
    },
  }),
  removeBotFromDomain: t.prismaFieldWithInput({
    type: 'Bot',
    input: { id: t.input.id({ description: 'Global id of a Bot.' }), domainId: t.input.id({ description: 'Global id of a Domain.' }) },
    errors: { types: mutationErrors, dataField: { name: 'bot' } },
    resolve: async (query, _root, { input }, context) => {
      const bot = await removeBotFromDomain(botContext(context), idOf(input.id, 'Bot', 'id'), idOf(input.domainId, 'Domain', 'domainId'))
      return context.prisma.bot.findUniqueOrThrow({ ...nonEmpty(query), where: { id: bot.id } })
    },
  }),
}))

