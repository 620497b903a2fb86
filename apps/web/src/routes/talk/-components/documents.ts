import { MutationErrorFragment } from '../../../graphql/fragments.ts';
import { graphql } from '../../../graphql/graphql.ts';

export const TalkViewerQuery = graphql(`
  query TalkViewer {
    talkViewer {
      loginId
      familyName
      givenName
      tenantName
    }
  }
`);

export const TalkBotsQuery = graphql(`
  query TalkBots {
    talkBots {
      id
      name
      description
      photoUrl
      open
      lastMessage {
        sender
        content
        createdAt
      }
    }
  }
`);

export const TalkBotQuery = graphql(`
  query TalkBot($id: ID!) {
    talkBot(id: $id) {
      id
      botId
      name
      description
      photoUrl
      open
      persistentMenu
      guide
    }
  }
`);

export const TalkMessageFields = graphql(`
  fragment TalkMessageFields on TalkMessage {
    id
    sender
    content
    createdAt
  }
`);

export const TalkMessagesQuery = graphql(
  `
    query TalkMessages($botId: ID!, $before: ID, $last: Int) {
      talkMessages(botId: $botId, before: $before, last: $last) {
        hasMore
        messages {
          ...TalkMessageFields
        }
      }
    }
  `,
  [TalkMessageFields],
);

export const TalkMessageAddedSubscription = graphql(
  `
    subscription TalkMessageAdded($botId: ID!) {
      talkMessageAdded(botId: $botId) {
        ...TalkMessageFields
      }
    }
  `,
  [TalkMessageFields],
);

export const SendTalkMessageMutation = graphql(
  `
    mutation SendTalkMessage($input: MutationSendTalkMessageInput!) {
      sendTalkMessage(input: $input) {
        __typename
        ... on MutationSendTalkMessageSuccess {
          talkMessage {
            ...TalkMessageFields
          }
        }
        ...MutationError
      }
    }
  `,
  [TalkMessageFields, MutationErrorFragment],
);

export const OpenTalkMutation = graphql(`
  mutation OpenTalk($input: MutationOpenTalkInput!) {
    openTalk(input: $input) {
      __typename
      ... on MutationOpenTalkSuccess {
        result {
          began
        }
      }
    }
  }
`);

export const LeaveTalkMutation = graphql(
  `
    mutation LeaveTalk($input: MutationLeaveTalkInput!) {
      leaveTalk(input: $input) {
        __typename
        ... on MutationLeaveTalkSuccess {
          result {
            ended
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

export const MemberLoginMutation = graphql(
  `
    mutation MemberLogin($input: MemberLoginInput!) {
      memberLogin(input: $input) {
        __typename
        ... on MutationMemberLoginSuccess {
          member {
            loginId
          }
        }
        ... on RateLimitedError {
          retryAfterSeconds
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

export const MemberLogoutMutation = graphql(`
  mutation MemberLogout {
    memberLogout
  }
`);

export const TalkSetupStatusQuery = graphql(`
  query TalkSetupStatus {
    setupStatus {
      needsSetup
      demoMember {
        loginId
        password
      }
    }
  }
`);

// Group talks ("channels"). People and channels are read in several components, so their fragments
// are unmasked; messages stay masked like the 1:1 room's and are read with readFragment.

export const TalkPersonFields = graphql(`
  fragment TalkPersonFields on TalkPerson @_unmask {
    id
    loginId
    familyName
    givenName
  }
`);

export const TalkChannelFields = graphql(
  `
    fragment TalkChannelFields on TalkChannel @_unmask {
      id
      title
      bot {
        id
        name
        photoUrl
      }
      members {
        ...TalkPersonFields
      }
    }
  `,
  [TalkPersonFields],
);

export const TalkChannelMessageFields = graphql(`
  fragment TalkChannelMessageFields on TalkChannelMessage {
    id
    sender
    memberId
    content
    createdAt
  }
`);

export const TalkChannelsQuery = graphql(
  `
    query TalkChannels {
      talkChannels {
        ...TalkChannelFields
        lastMessage {
          ...TalkChannelMessageFields
        }
      }
    }
  `,
  [TalkChannelFields, TalkChannelMessageFields],
);

export const TalkChannelQuery = graphql(
  `
    query TalkChannel($id: ID!) {
      talkChannel(id: $id) {
        ...TalkChannelFields
      }
    }
  `,
  [TalkChannelFields],
);

export const TalkChannelMessagesQuery = graphql(
  `
    query TalkChannelMessages($id: ID!, $before: ID, $last: Int) {
      talkChannelMessages(id: $id, before: $before, last: $last) {
        hasMore
        messages {
          ...TalkChannelMessageFields
        }
      }
    }
  `,
  [TalkChannelMessageFields],
);

export const TalkChannelMessageAddedSubscription = graphql(
  `
    subscription TalkChannelMessageAdded($id: ID!) {
      talkChannelMessageAdded(id: $id) {
        ...TalkChannelMessageFields
      }
    }
  `,
  [TalkChannelMessageFields],
);

export const TalkDirectoryQuery = graphql(
  `
    query TalkDirectory($query: String) {
      talkDirectory(query: $query) {
        ...TalkPersonFields
      }
    }
  `,
  [TalkPersonFields],
);

export const CreateTalkChannelMutation = graphql(
  `
    mutation CreateTalkChannel($input: MutationCreateTalkChannelInput!) {
      createTalkChannel(input: $input) {
        __typename
        ... on MutationCreateTalkChannelSuccess {
          channel {
            ...TalkChannelFields
          }
        }
        ...MutationError
      }
    }
  `,
  [TalkChannelFields, MutationErrorFragment],
);

export const AddTalkChannelMembersMutation = graphql(
  `
    mutation AddTalkChannelMembers($input: MutationAddTalkChannelMembersInput!) {
      addTalkChannelMembers(input: $input) {
        __typename
        ... on MutationAddTalkChannelMembersSuccess {
          channel {
            ...TalkChannelFields
          }
        }
        ...MutationError
      }
    }
  `,
  [TalkChannelFields, MutationErrorFragment],
);

export const SetTalkChannelBotMutation = graphql(
  `
    mutation SetTalkChannelBot($input: MutationSetTalkChannelBotInput!) {
      setTalkChannelBot(input: $input) {
        __typename
        ... on MutationSetTalkChannelBotSuccess {
          channel {
            ...TalkChannelFields
          }
        }
        ...MutationError
      }
    }
  `,
  [TalkChannelFields, MutationErrorFragment],
);

export const LeaveTalkChannelMutation = graphql(
  `
    mutation LeaveTalkChannel($input: MutationLeaveTalkChannelInput!) {
      leaveTalkChannel(input: $input) {
        __typename
        ... on MutationLeaveTalkChannelSuccess {
          result {
            left
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

export const SendTalkChannelMessageMutation = graphql(
  `
    mutation SendTalkChannelMessage($input: MutationSendTalkChannelMessageInput!) {
      sendTalkChannelMessage(input: $input) {
        __typename
        ... on MutationSendTalkChannelMessageSuccess {
          talkMessage {
            ...TalkChannelMessageFields
          }
        }
        ...MutationError
      }
    }
  `,
  [TalkChannelMessageFields, MutationErrorFragment],
);
