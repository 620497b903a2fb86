import { graphql, type ResultOf } from '../../../../graphql/graphql.ts';

/**
 * Everything the detail page shows of a bot. Every bot mutation returns it, so the detail page, the
 * list rows (status, domains) and the quota follow without refetching.
 */
export const BotDetailFragment = graphql(`
  fragment BotDetail_bot on Bot {
    __typename
    id
    botId
    name
    description
    photoUrl
    callbackEnabled
    callbackUrl
    messageTypes
    roomEvents
    allowGroupJoin
    status
    actionReasons
    secret
    secretRotatedAt
    previousSecretExpiresAt
    managers {
      memberId
      loginId
      name
      role
      suspended
    }
    domains {
      domainId
      domainName
      displayName
      visibility
      memberIds
    }
    createdAt
    updatedAt
  }
`);

export type BotDetail = ResultOf<typeof BotDetailFragment>;
