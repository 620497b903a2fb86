import { memberStatuses } from '@worksbase/schema/values';
import { currentLanguage } from '../../../../i18n/i18n.ts';
import { optionalEnum, optionalId, optionalText, searchParams } from '../../../../lib/search.ts';

/** The orders the API offers (MemberOrder), in the order the sort menu lists them. */
export const memberOrders = ['READING', 'NAME', 'LOGIN_ID'] as const;
export type MemberOrder = (typeof memberOrders)[number];

/** Japanese readers get 50-音 order by reading (フリガナ); English readers, English names. */
export function defaultMemberOrder(language: string | undefined): MemberOrder {
  return language === 'en' ? 'NAME' : 'READING';
}

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
  /** The list's order; absent means the reader's language's (see defaultMemberOrder). */
  order: optionalEnum(memberOrders),
});

export type MembersSearch = ReturnType<typeof membersSearchSchema>;

/** The `members` query arguments for a search (without paging), in the reader's language's order unless one is chosen. */
export function membersFilter(search: MembersSearch, language: string | undefined = currentLanguage()) {
  return {
    orderBy: search.order ?? defaultMemberOrder(language),
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
