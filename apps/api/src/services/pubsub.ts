import type { createPubSub } from 'graphql-yoga'

// The live-event channels, apart from createServices (services/index.ts), so that the services that
// publish can name them without importing the module that composes every service.

export interface MemberImportProgress {
  id: string
}

/** Live events published by services and jobs, delivered to GraphQL subscriptions. */
export type PubSubChannels = {
  'memberImport:progress': [importId: string, payload: MemberImportProgress]
  /** A message was stored in a member's room with a bot; keyed by `talkKey(botId, memberId)`. */
  'talk:message': [roomKey: string, payload: { messageId: string }]
  /** A message was stored in a group talk; keyed by the TalkChannel's id. */
  'talk:channel': [channelId: string, payload: { messageId: string }]
}

export type AppPubSub = ReturnType<typeof createPubSub<PubSubChannels>>
