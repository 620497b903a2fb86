import { memberStatuses } from '@worksbase/schema';
import { z } from 'zod';

/** Rows fetched per page of the member list (the API allows up to 100). */
export const MEMBERS_PAGE_SIZE = 20;

const optionalId = z.string().trim().min(1).max(200).optional().catch(undefined);

/**
 * The member list's search and filters, kept in the URL so a reload, a shared link or the back
 * button shows the same list. Anything malformed is dropped rather than failing the page.
 */
export const membersSearchSchema = z.object({
  q: z.string().max(100).optional().catch(undefined),
  domainId: optionalId,
  orgUnitId: optionalId,
  employmentTypeId: optionalId,
  status: z.enum(memberStatuses).optional().catch(undefined),
});

export type MembersSearch = z.infer<typeof membersSearchSchema>;

/** The `members` query arguments for a search (without paging). */
export function membersFilter(search: MembersSearch) {
  return {
    query: search.q?.trim() || null,
    domainId: search.domainId ?? null,
    orgUnitId: search.orgUnitId ?? null,
    employmentTypeId: search.employmentTypeId ?? null,
    status: search.status ?? null,
  };
}

export function activeFilterCount(search: MembersSearch): number {
  return [search.domainId, search.orgUnitId, search.employmentTypeId, search.status].filter(Boolean).length;
}

export const importSearchSchema = z.object({
  id: z.string().trim().min(1).max(200).optional().catch(undefined),
});
