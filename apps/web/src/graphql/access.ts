import type { Client } from '@urql/core';
import { useQuery } from 'urql';
import { type Authorities, type AuthorityArea, ViewerAuthoritiesFragment } from './authorities.ts';
import { graphql, type ResultOf, readFragment } from './graphql.ts';
import { queryFresh } from './query.ts';

export type { AuthorityArea } from './authorities.ts';

/** Who is signed in and what they may do; pages hide what the viewer may not use. */
export const ViewerAccessQuery = graphql(
  `
    query ViewerAccess {
      viewer {
        admin {
          id
          role
        }
        ...ViewerAuthorities
      }
    }
  `,
  [ViewerAuthoritiesFragment],
);

type Viewer = NonNullable<ResultOf<typeof ViewerAccessQuery>['viewer']>;

export interface Access {
  adminId: string;
  isMaster: boolean;
  canView(area: AuthorityArea): boolean;
  canEdit(area: AuthorityArea): boolean;
}

function accessOf(viewer: Viewer): Access {
  const { authorities } = readFragment(ViewerAuthoritiesFragment, viewer);
  return {
    adminId: viewer.admin.id,
    isMaster: viewer.admin.role === 'MASTER',
    canView: (area) => authorities[area] !== 'NONE',
    canEdit: (area) => authorities[area] === 'EDIT',
  };
}

/** For loaders: the viewer's access, fetched unless cached. Undefined when signed out. */
export async function loadAccess(client: Client): Promise<Access | undefined> {
  const result = await queryFresh(client, ViewerAccessQuery, {});
  if (result.error && !result.data) throw result.error;
  return result.data?.viewer ? accessOf(result.data.viewer) : undefined;
}

const ViewerTenantQuery = graphql(`
  query ViewerTenant {
    viewer {
      tenant {
        id
        isDemo
      }
    }
  }
`);

/**
 * Whether the signed-in admin's tenant is the demo installation's; undefined until known. Tools
 * for trying the product (the external-messaging simulator) are offered there only.
 */
export function useIsDemoTenant(): boolean | undefined {
  const [{ data }] = useQuery({ query: ViewerTenantQuery });
  return data?.viewer?.tenant.isDemo;
}

/** The viewer's authority per area; undefined until known. */
export function useAuthorities(): Authorities | undefined {
  const [{ data }] = useQuery({ query: ViewerAccessQuery });
  return data?.viewer ? readFragment(ViewerAuthoritiesFragment, data.viewer).authorities : undefined;
}

/** Undefined until known (the route loader has normally cached it already). */
export function useAccess(): Access | undefined {
  const [{ data }] = useQuery({ query: ViewerAccessQuery });
  return data?.viewer ? accessOf(data.viewer) : undefined;
}
