import { graphql, type ResultOf } from '../../../../graphql/graphql.ts';

/** The linkage's readable fields (secrets never are). Unmasked: the setup form reads them too. */
export const LinkageFieldsFragment = graphql(`
  fragment AttendanceLinkageFields on AttendanceLinkage @_unmask {
    id
    enabled
    mode
    termsAcceptedAt
    botId
    bot {
      id
      botId
      name
    }
    clientId
    serviceAccount
    externalBotId
    authBaseUrl
    apiBaseUrl
    verifiedAt
    webhookPath
  }
`);

export const AttendanceOverviewQuery = graphql(
  `
    query AttendanceOverview {
      attendanceLinkage {
        ...AttendanceLinkageFields
      }
      viewer {
        tenant {
          id
          timeZone
        }
      }
    }
  `,
  [LinkageFieldsFragment],
);

export type Linkage = NonNullable<ResultOf<typeof AttendanceOverviewQuery>['attendanceLinkage']>;

/** Bots the PLATFORM linkage can use (bots view authority). */
export const AttendanceBotsQuery = graphql(`
  query AttendanceBots {
    bots(first: 100) {
      edges {
        node {
          id
          botId
          name
          status
        }
      }
    }
  }
`);
