import { encodeGlobalID } from '@pothos/plugin-relay'
import { builder } from '../builder.ts'
import { requireMember } from '../services/member-auth.ts'
import {
  addTalkChannelMembers,
  type ChannelRow,
  createTalkChannel,
  leaveTalkChannel,
  setTalkChannelBot,
  sendTalkChannelMessage,
  talkChannel,
  talkChannelMessage,
  talkChannelMessages,
  talkChannels,
  talkDirectory,
} from '../services/talk-channels.ts'
import { mutationErrors } from './errors.ts'
import { idOf } from './ids.ts'
import { botPhotoUrl, liveMessages, ownOrNull, pageOf, sendInputFields, sendInputOf, talkContext } from './talk-common.ts'
import { TalkSender } from '#generated/prisma/enums.ts'
import type { TalkChannelMessage as ChannelMessageRow } from '#generated/prisma/client.ts'

const channelIdOf = (id: unknown, field = 'id') => idOf(String(id), 'TalkChannel', field)

const TalkPerson = builder.simpleObject('TalkPerson', {
  description: 'A member as other members see them in the talk view.',
  fields: (t) => ({ id: t.id(), loginId: t.string(), familyName: t.string(), givenName: t.string() }),
})

const toPerson = (member: { id: string; loginId: string; familyName: string; givenName: string }) => ({
  id: encodeGlobalID('Member', member.id),
  loginId: member.loginId,
  familyName: member.familyName,
  givenName: member.givenName,
})

const TalkChannelBot = builder.simpleObject('TalkChannelBot', {
  fields: (t) => ({ id: t.id(), name: t.string(), photoUrl: t.string({ nullable: true }) }),
})

const TalkSenderRef = builder.enumType(TalkSender, { name: 'TalkChannelSender' })

const TalkChannelMessage = builder.objectRef<ChannelMessageRow>('TalkChannelMessage').implement({
  description: 'One message of a group talk.',
  fields: (t) => ({
    id: t.exposeID('id'),
    sender: t.expose('sender', { type: TalkSenderRef }),
    memberId: t.id({ nullable: true, description: 'Global id of the member who wrote it (null for the bot).', resolve: (row) => (row.memberId ? encodeGlobalID('Member', row.memberId) : null) }),
    content: t.field({ type: 'JSON', resolve: (row) => row.content }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
})

const TalkChannel = builder.objectRef<ChannelRow & { messages?: ChannelMessageRow[] }>('TalkChannel').implement({
  description: 'A group talk the signed-in member takes part in ("channel" in the LINE WORKS API).',
  fields: (t) => ({
    id: t.id({ resolve: (channel) => encodeGlobalID('TalkChannel', channel.id) }),
    channelId: t.exposeString('channelId', { description: 'The id the bot sees (source.channelId) and sends to.' }),
    title: t.exposeString('title'),
    bot: t.field({
      type: TalkChannelBot,
      nullable: true,
      resolve: ({ bot }) => (bot ? { id: encodeGlobalID('Bot', bot.id), name: bot.name, photoUrl: botPhotoUrl(bot) } : null),
    }),
    members: t.field({ type: [TalkPerson], resolve: (channel) => channel.members.map((row) => toPerson(row.member)) }),
    lastMessage: t.field({ type: TalkChannelMessage, nullable: true, resolve: (channel) => channel.messages?.[0] ?? null }),
  }),
})

const TalkChannelMessagePage = builder.simpleObject('TalkChannelMessagePage', {
  fields: (t) => ({ messages: t.field({ type: [TalkChannelMessage] }), hasMore: t.boolean() }),
})

builder.queryFields((t) => ({
  talkChannels: t.field({
    type: [TalkChannel],
    description: 'The signed-in member’s group talks, most recent first.',
    resolve: (_root, _args, context) => talkChannels(talkContext(context)),
  }),
  talkChannel: t.field({
    type: TalkChannel,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => ownOrNull(context, () => talkChannel(talkContext(context), channelIdOf(args.id))),
  }),
  talkChannelMessages: t.field({
    type: TalkChannelMessagePage,
    args: { id: t.arg.id({ required: true }), before: t.arg.id({ required: false }), last: t.arg.int({ required: false, defaultValue: 30 }) },
    resolve: (_root, args, context) => talkChannelMessages(talkContext(context), channelIdOf(args.id), pageOf(args)),
  }),
  talkDirectory: t.field({
    type: [TalkPerson],
    description: 'Active members of the signed-in member’s tenant, to start a group talk with (at most 20).',
    args: { query: t.arg.string({ required: false }) },
    resolve: async (_root, args, context) => (await talkDirectory(talkContext(context), args.query ?? '')).map(toPerson),
  }),
}))

const TalkChannelLeft = builder.simpleObject('TalkChannelLeft', { fields: (t) => ({ left: t.boolean() }) })

const memberIdsOf = (ids: readonly (string | number)[]) => ids.map((id) => idOf(String(id), 'Member', 'memberIds'))

builder.mutationFields((t) => ({
  createTalkChannel: t.fieldWithInput({
    type: TalkChannel,
    description: 'Starts a group talk with other members, optionally with a bot that allows group talks (it gets "join").',
    input: { title: t.input.string(), memberIds: t.input.idList(), botId: t.input.id({ required: false }) },
    errors: { types: mutationErrors, dataField: { name: 'channel' } },
    resolve: (_root, { input }, context) =>
      createTalkChannel(talkContext(context), {
        title: input.title,
        memberIds: memberIdsOf(input.memberIds),
        botId: input.botId ? idOf(String(input.botId), 'Bot', 'botId') : null,
      }),
  }),
  addTalkChannelMembers: t.fieldWithInput({
    type: TalkChannel,
    description: 'Adds members to the group talk (the bot gets "joined").',
    input: { id: t.input.id(), memberIds: t.input.idList() },
    errors: { types: mutationErrors, dataField: { name: 'channel' } },
    resolve: (_root, { input }, context) => addTalkChannelMembers(talkContext(context), channelIdOf(input.id), memberIdsOf(input.memberIds)),
  }),
  leaveTalkChannel: t.fieldWithInput({
    type: TalkChannelLeft,
    description: 'The member leaves the group talk (the bot gets "left").',
    input: { id: t.input.id() },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: (_root, { input }, context) => leaveTalkChannel(talkContext(context), channelIdOf(input.id)),
  }),
  setTalkChannelBot: t.fieldWithInput({
    type: TalkChannel,
    description: 'Brings a bot into the group talk ("join"), or takes it out with null ("leave").',
    input: { id: t.input.id(), botId: t.input.id({ required: false }) },
    errors: { types: mutationErrors, dataField: { name: 'channel' } },
    resolve: (_root, { input }, context) =>
      setTalkChannelBot(talkContext(context), channelIdOf(input.id), input.botId ? idOf(String(input.botId), 'Bot', 'botId') : null),
  }),
  sendTalkChannelMessage: t.fieldWithInput({
    type: TalkChannelMessage,
    description: 'The member writes in the group talk: text, a tapped message action, or a tapped postback action.',
    input: { id: t.input.id(), ...sendInputFields(t.input) },
    errors: { types: mutationErrors, dataField: { name: 'talkMessage' } },
    resolve: (_root, { input }, context) => sendTalkChannelMessage(talkContext(context), channelIdOf(input.id), sendInputOf(input)),
  }),
}))

builder.subscriptionFields((t) => ({
  talkChannelMessageAdded: t.field({
    type: TalkChannelMessage,
    description: 'Each new message of a group talk the signed-in member takes part in, live.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, args, context) =>
      liveMessages(() => {
        requireMember(context.member)
        const id = channelIdOf(args.id)
        return {
          events: context.services.pubsub.subscribe('talk:channel', id),
          check: () => talkChannel(talkContext(context), id),
          read: (messageId) => talkChannelMessage(talkContext(context), id, messageId),
        }
      }),
    resolve: (message) => message,
  }),
}))
