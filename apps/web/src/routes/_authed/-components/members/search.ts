import { memberStatuses } from '@worksbase/schema/values';
import { optionalEnum, optionalId, optionalText, searchParams } from '../../../../lib/search.ts';

/** Rows fetched per page of the member list (the API allows up to 100). */
export const MEMBERS_PAGE_SIZE = 20;

/**
 * The member list's search and filters, kept in the URL so a reload, a shared link or the back
 * button shows the same list. Anything malformed is dropped rather than failing the page.
 */
export const membersSearchSchema = searchParams({
  q: optionalText(100),
  domainId: optionalId(),
  orgUnitId: optionalId(),
  employmentTypeId: optionalId(),
  status: optionalEnum(memberStatuses),
});

export type MembersSearch = ReturnType<typeof membersSearchSchema>;

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

export const importSearchSchema = searchParams({
  id: optionalId(),
});
