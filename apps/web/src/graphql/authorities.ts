import { graphql, type ResultOf } from './graphql.ts';

/**
 * The viewer's authority per area, selected once: the shell's menu and the pages' access checks
 * (graphql/access.ts) both spread it. A module of its own, so that route guards stay light.
 */
export const ViewerAuthoritiesFragment = graphql(`
  fragment ViewerAuthorities on Viewer {
    authorities {
      members
      bots
      external
      attendance
      audit
    }
  }
`);

export type Authorities = ResultOf<typeof ViewerAuthoritiesFragment>['authorities'];
export type AuthorityArea = keyof Authorities;
