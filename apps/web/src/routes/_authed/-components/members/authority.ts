import { useAccess } from '../../../../graphql/access.ts';

/** Whether the signed-in admin may change members (view-only admins see no edit controls). */
export function useCanEditMembers(): boolean {
  return useAccess()?.canEdit('members') ?? false;
}
