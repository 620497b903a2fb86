import { encodeGlobalID } from '@pothos/plugin-relay'
import { builder } from '../builder.ts'
import { AuthenticationError, RateLimitedError, ValidationError } from '../errors.ts'
import { clearMemberSessionCookies, memberLogin, memberLogout, requireMember, setMemberPassword } from '../services/member-auth.ts'
import { attendanceGuide } from '../services/attendance/index.ts'
import {
  leaveTalk,
  openTalk,
  sendTalk,
  type TalkBot as TalkBotRow,
  talkBot,
  talkBots,
  talkKey,
  talkMessage,
  talkMessages,
} from '../services/talk.ts'
import { mutationErrors } from './errors.ts'
import { idOf, nonEmpty } from './ids.ts'
import { botPhotoUrl, liveMessages, ownOrNull, pageOf, sendInputFields, sendInputOf, talkContext } from './talk-common.ts'
import { TalkSender } from '#generated/prisma/enums.ts'
import type { TalkMessage as TalkMessageRow } from '#generated/prisma/client.ts'

const TalkSenderEnum = builder.enumType(TalkSender, { name: 'TalkSender' })

const TalkMessage = builder.objectRef<TalkMessageRow>('TalkMessage').implement({
  description: 'One message of a 1:1 talk: what the member sent, or what the bot sent through the Bot API.',
  fields: (t) => ({
    id: t.exposeID('id'),
    sender: t.expose('sender', { type: TalkSenderEnum }),
    content: t.field({
      type: 'JSON',
      description: 'LINE WORKS message content as sent ({type:"text", text}, a template, a postback the member tapped, …).',
      resolve: (message) => message.content,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
})

const TalkLastMessage = builder.simpleObject('TalkLastMessage', {
  fields: (t) => ({ sender: t.field({ type: TalkSenderEnum }), content: t.field({ type: 'JSON' }), createdAt: t.field({ type: 'DateTime' }) }),
})

const TalkBot = builder.objectRef<TalkBotRow>('TalkBot').implement({
  description: 'A bot the signed-in member may talk to, with their room (if they have talked).',
  fields: (t) => ({
    id: t.id({ description: 'The Bot’s global id.', resolve: (bot) => encodeGlobalID('Bot', bot.id) }),
    botId: t.int({ description: 'The numeric Bot ID.', resolve: (bot) => bot.botId }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    photoUrl: t.string({ nullable: true, resolve: botPhotoUrl }),
    persistentMenu: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The bot’s persistent menu ({actions: [...]}), shown under the talk.',
      resolve: (bot) => bot.persistentMenu ?? null,
    }),
    open: t.boolean({ description: 'The room exists and the member has not left it.', resolve: (bot) => Boolean(bot.room && !bot.room.endedAt) }),
    lastMessage: t.field({ type: TalkLastMessage, nullable: true, resolve: (bot) => bot.lastMessage }),
    guide: t.field({
      type: 'JSON',
      nullable: true,
      description:
        'How to start, for the attendance bot: the first message (content with quick replies) as it would be sent to this member now, to show in a room the first message has not reached. Null for other bots. Not stored or sent.',
      resolve: (bot, _args, context) => {
        const viewer = requireMember(context.member)
        return attendanceGuide(context.prisma, viewer, bot.id)
      },
    }),
  }),
})

const TalkMessagePage = builder.simpleObject('TalkMessagePage', {
  fields: (t) => ({ messages: t.field({ type: [TalkMessage] }), hasMore: t.boolean() }),
})

const TalkMember = builder.prismaObject('Member', {
  variant: 'TalkMember',
  description: 'The member signed in to the talk view.',
  fields: (t) => ({
    loginId: t.exposeString('loginId'),
    familyName: t.exposeString('familyName'),
    givenName: t.exposeString('givenName'),
    userId: t.exposeString('userId'),
    tenantName: t.string({ select: { tenant: { select: { name: true } } }, resolve: (member) => member.tenant.name }),
    domainName: t.string({ select: { domain: { select: { name: true } } }, resolve: (member) => member.domain.name }),
  }),
})

builder.queryFields((t) => ({
  talkViewer: t.prismaField({
    type: TalkMember,
    nullable: true,
    description: 'The member signed in to the talk view; null when none is.',
    resolve: (query, _root, _args, context) => {
      // Read even when nobody is signed in: outside production an unread query is an error, and
      // "nobody" must answer null.
      const selection = { ...nonEmpty(query) }
      return context.member ? context.prisma.member.findUnique({ ...selection, where: { id: context.member.memberId } }) : null
    },
  }),
  talkBots: t.field({
    type: [TalkBot],
    description: 'Bots the signed-in member may talk to (added to their domain), most recent talks first.',
    resolve: (_root, _args, context) => talkBots(talkContext(context)),
  }),
  talkBot: t.field({
    type: TalkBot,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => ownOrNull(context, () => talkBot(talkContext(context), idOf(String(args.id), 'Bot', 'id'))),
  }),
  talkMessages: t.field({
    type: TalkMessagePage,
    description: 'Messages of the member’s room with the bot, oldest first; page back with `before`.',
    args: {
      botId: t.arg.id({ required: true }),
      before: t.arg.id({ required: false, description: 'Id of the oldest message already shown.' }),
      last: t.arg.int({ required: false, defaultValue: 30 }),
    },
    resolve: (_root, args, context) => talkMessages(talkContext(context), idOf(String(args.botId), 'Bot', 'botId'), pageOf(args)),
  }),
}))

const MemberLoginInput = builder.inputType('MemberLoginInput', {
  fields: (t) => ({ loginId: t.string(), password: t.string() }),
})

const TalkOpened = builder.simpleObject('TalkOpened', { fields: (t) => ({ began: t.boolean() }) })
const TalkLeft = builder.simpleObject('TalkLeft', { fields: (t) => ({ ended: t.boolean() }) })

builder.mutationFields((t) => ({
  memberLogin: t.prismaField({
    type: TalkMember,
    description: 'Signs a member in to the talk view (an admin must have set their password).',
    args: { input: t.arg({ type: MemberLoginInput, required: true }) },
    errors: { types: [AuthenticationError, RateLimitedError, ValidationError], dataField: { name: 'member' } },
    resolve: async (query, _root, { input }, context) => {
      const session = await memberLogin({ ...context, loginLimiter: context.services.loginLimiter }, input, { ip: context.ip, request: context.request })
      context.responseCookies.push(...session.cookies)
      return context.prisma.member.findUniqueOrThrow({ ...nonEmpty(query), where: { id: session.memberId } })
    },
  }),
  memberLogout: t.boolean({
    resolve: async (_root, _args, context) => {
      await memberLogout(context.prisma, context.member)
      context.responseCookies.push(...clearMemberSessionCookies(context.env, context.request))
      return true
    },
  }),
  setMemberPassword: t.prismaFieldWithInput({
    type: 'Member',
    description: 'Sets the member’s talk view password (10+ characters, letters and digits), or removes it with null. Ends their sessions.',
    input: {
      id: t.input.id({ description: 'Global id of a Member.' }),
      password: t.input.string({ required: false }),
    },
    errors: { types: mutationErrors, dataField: { name: 'member' } },
    resolve: async (query, _root, { input }, context) => {
      const member = await setMemberPassword(context, idOf(String(input.id), 'Member', 'id'), { password: input.password ?? null })
      return context.prisma.member.findUniqueOrThrow({ ...nonEmpty(query), where: { id: member.id } })
    },
  }),
  openTalk: t.fieldWithInput({
    type: TalkOpened,
    description: 'The member opened their room with the bot; the bot gets "begin" when the room starts.',
    input: { botId: t.input.id() },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: (_root, { input }, context) => openTalk(talkContext(context), idOf(String(input.botId), 'Bot', 'botId')),
  }),
  leaveTalk: t.fieldWithInput({
    type: TalkLeft,
    description: 'The member leaves the room; the bot gets "end". The history stays.',
    input: { botId: t.input.id() },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: (_root, { input }, context) => leaveTalk(talkContext(context), idOf(String(input.botId), 'Bot', 'botId')),
  }),
  sendTalkMessage: t.fieldWithInput({
    type: TalkMessage,
    description:
      'The member writes to the bot: `text`, or a tapped message action (`text` plus `messagePostback`), or a tapped postback action (`postback`). Stored, and its callback queued, in one transaction.',
    input: { botId: t.input.id(), ...sendInputFields(t.input) },
    errors: { types: mutationErrors, dataField: { name: 'talkMessage' } },
    resolve: (_root, { input }, context) => sendTalk(talkContext(context), idOf(String(input.botId), 'Bot', 'botId'), sendInputOf(input)),
  }),
}))

builder.subscriptionFields((t) => ({
  talkMessageAdded: t.field({
    type: TalkMessage,
    description: 'Each new message of the signed-in member’s room with the bot (theirs and the bot’s), live.',
    args: { botId: t.arg.id({ required: true }) },
    subscribe: (_root, args, context) =>
      liveMessages(() => {
        const viewer = requireMember(context.member)
        const botId = idOf(String(args.botId), 'Bot', 'botId')
        return {
          events: context.services.pubsub.subscribe('talk:message', talkKey(botId, viewer.memberId)),
          check: () => talkBot(talkContext(context), botId),
          read: (messageId) => talkMessage(talkContext(context), botId, messageId),
        }
      }),
    resolve: (message) => message,
  }),
}))

// The member's own type in the admin schema gets whether they can sign in to the talk view.
builder.prismaObjectField('Member', 'canSignIn', (t) =>
  t.boolean({ select: { passwordHash: true }, description: 'An admin has set a talk view password for the member.', resolve: (member) => member.passwordHash !== null }),
)
