import { ViewerAuthoritiesFragment } from '../graphql/authorities.ts';
import { graphql } from '../graphql/graphql.ts';

/** What the shell shows of the viewer; in its own module so route guards can query it without the shell's code. */
export const AppShellViewerFragment = graphql(
  `
  fragment AppShell_viewer on Viewer {
    admin {
      id
      name
      role
    }
    tenant {
      id
      name
      isDemo
    }
    ...ViewerAuthorities
  }
`,
  [ViewerAuthoritiesFragment],
);

