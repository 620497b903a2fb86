import { useQuery } from 'urql';
import { graphql, type ResultOf } from '../../../../graphql/graphql.ts';

/** Domains with their departments, and employment types: what filters and the form offer. */
export const MemberDirectoryQuery = graphql(`
  query MemberDirectory {
    domains {
      id
      name
      displayName
      orgUnits {
        id
        name
      }
    }
    employmentTypes {
      id
      name
    }
  }
`);

export type MemberDirectory = ResultOf<typeof MemberDirectoryQuery>;
export type DirectoryDomain = MemberDirectory['domains'][number];

export function useMemberDirectory() {
  const [{ data, error }] = useQuery({ query: MemberDirectoryQuery });
  return { directory: data, error };
}
