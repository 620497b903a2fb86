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
        ... on ValidationError {
          code
          message
          fieldErrors {
            path
            code
            message
          }
        }
        ... on Error {
          code
          message
        }
      }
    }
  `,
  [TalkMessageFields],
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

export const LeaveTalkMutation = graphql(`
  mutation LeaveTalk($input: MutationLeaveTalkInput!) {
    leaveTalk(input: $input) {
      __typename
      ... on MutationLeaveTalkSuccess {
        result {
          ended
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const MemberLoginMutation = graphql(`
  mutation MemberLogin($input: MemberLoginInput!) {
    memberLogin(input: $input) {
      __typename
      ... on MutationMemberLoginSuccess {
        member {
          loginId
        }
      }
      ... on AuthenticationError {
        code
        message
      }
      ... on RateLimitedError {
        code
        message
        retryAfterSeconds
      }
      ... on ValidationError {
        code
        message
        fieldErrors {
          path
          code
          message
        }
      }
    }
  }
`);

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
