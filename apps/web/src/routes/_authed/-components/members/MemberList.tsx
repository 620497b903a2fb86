import { Link } from '@tanstack/react-router';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { ChevronIcon } from '../../../../components/icons.tsx';
import { type FragmentOf, graphql, readFragment, type VariablesOf } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { MemberStatusBadge } from './MemberStatusBadge.tsx';
import { englishName, primaryName } from './names.ts';
import { MEMBERS_PAGE_SIZE, type membersFilter } from './search.ts';
import { useMediaQuery, wideLayoutQuery } from './useMediaQuery.ts';

export const MemberListItemFragment = graphql(`
  fragment MemberListItem_member on Member {
    id
    loginId
    familyName
    givenName
    i18nNames {
      language
      familyName
      givenName
    }
    status
    orgUnit {
      id
      name
    }
    employmentType {
      id
      name
    }
  }
`);

export const MembersListQuery = graphql(
  `
    query MembersList(
      $first: Int!
      $after: String
      $query: String
      $domainId: ID
      $orgUnitId: ID
      $employmentTypeId: ID
      $status: MemberStatus
    ) {
      members(
        first: $first
        after: $after
        query: $query
        domainId: $domainId
        orgUnitId: $orgUnitId
        employmentTypeId: $employmentTypeId
        status: $status
      ) {
        totalCount
        edges {
          cursor
          node {
            id
            ...MemberListItem_member
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [MemberListItemFragment],
);

export type MembersFilter = ReturnType<typeof membersFilter>;

export function membersPageVariables(filter: MembersFilter, after: string | null): VariablesOf<typeof MembersListQuery> {
  return { first: MEMBERS_PAGE_SIZE, after, ...filter };
}

interface Tail {
  hasNextPage: boolean;
  endCursor: string | null;
  fetching: boolean;
}

interface MemberListProps {
  filter: MembersFilter;
  /** Shown when the first page is empty. */
  empty: ReactNode;
}

/**
 * The member list with cursor paging: each loaded page is its own cached query, and the last one
 * tells the list whether there is more. Scrolling near the end loads the next page; the button
 * does the same for keyboards and browsers without IntersectionObserver.
 */
export function MemberList({ filter, empty }: MemberListProps) {
  const { t } = useTranslation();
  const wide = useMediaQuery(wideLayoutQuery);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [tail, setTail] = useState<Tail>({ hasNextPage: false, endCursor: null, fetching: true });
  const [{ data, error }] = useQuery({ query: MembersListQuery, variables: membersPageVariables(filter, null) });
  const sentinelRef = useRef<HTMLDivElement>(null);

  const loadMore = useCallback(() => {
    if (!tail.hasNextPage || tail.fetching || !tail.endCursor) return;
    const next = tail.endCursor;
    setCursors((previous) => (previous.includes(next) ? previous : [...previous, next]));
  }, [tail]);

  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!sentinel || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadMore();
      },
      { rootMargin: '0px 0px 400px 0px' },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [loadMore]);

  if (!data) {
    return error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : <ListLoading />;
  }
  const total = data.members.totalCount;
  if (total === 0 && data.members.edges.length === 0) return <>{empty}</>;

  const pages = cursors.map((after, index) => (
    <MemberListPage
      key={after ?? 'first'}
      filter={filter}
      after={after}
      wide={wide}
      onTail={index === cursors.length - 1 ? setTail : undefined}
    />
  ));

  return (
    <div className="members-list">
      <p className="members-list__count" role="status">
        {t('members.list.count', { count: total })}
      </p>
      {wide ? (
        <table className="members-table">
          <thead>
            <tr>
              <th scope="col">{t('members.fields.name')}</th>
              <th scope="col">{t('members.fields.loginId')}</th>
              <th scope="col">{t('members.fields.orgUnit')}</th>
              <th scope="col">{t('members.fields.employmentType')}</th>
              <th scope="col">{t('members.fields.status')}</th>
            </tr>
          </thead>
          <tbody>{pages}</tbody>
        </table>
      ) : (
        <ul className="members-cards">{pages}</ul>
      )}
      <div ref={sentinelRef} className="members-list__sentinel" aria-hidden="true" />
      {tail.fetching && cursors.length > 1 ? <ListLoading /> : null}
      {tail.hasNextPage && !tail.fetching ? (
        <button type="button" className="button button--secondary members-list__more" onClick={loadMore}>
          {t('members.list.loadMore')}
        </button>
      ) : null}
    </div>
  );
}

function ListLoading() {
  const { t } = useTranslation();
  return (
    <div className="page-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{t('app.loading')}</span>
    </div>
  );
}

interface MemberListPageProps {
  filter: MembersFilter;
  after: string | null;
  wide: boolean;
  onTail: ((tail: Tail) => void) | undefined;
}

function MemberListPage({ filter, after, wide, onTail }: MemberListPageProps) {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: MembersListQuery, variables: membersPageVariables(filter, after) });
  const pageInfo = data?.members.pageInfo;
  const hasNextPage = pageInfo?.hasNextPage ?? false;
  const endCursor = pageInfo?.endCursor ?? null;

  useEffect(() => {
    onTail?.({ hasNextPage, endCursor, fetching: fetching && !data });
  }, [onTail, hasNextPage, endCursor, fetching, data]);

  if (error && !data) {
    const message = combinedErrorMessage(t, error);
    return wide ? (
      <tr>
        <td colSpan={5}>
          <FormAlert>{message}</FormAlert>
        </td>
      </tr>
    ) : (
      <li>
        <FormAlert>{message}</FormAlert>
      </li>
    );
  }
  return (
    <>
      {data?.members.edges.map((edge) =>
        wide ? <MemberTableRow key={edge.node.id} member={edge.node} /> : <MemberCard key={edge.node.id} member={edge.node} />,
      )}
    </>
  );
}

function MemberCard({ member: memberRef }: { member: FragmentOf<typeof MemberListItemFragment> }) {
  const { t } = useTranslation();
  const member = readFragment(MemberListItemFragment, memberRef);
  const en = englishName(member);
  const details = [member.orgUnit?.name, member.employmentType?.name].filter(Boolean).join(' · ');
  return (
    <li>
      <Link to="/members/$memberId" params={{ memberId: member.id }} className="members-card">
        <span className="members-card__main">
          <span className="members-card__name">
            <span>{primaryName(member)}</span>
            {en ? (
              <span className="members-card__name-en" lang="en">
                {en}
              </span>
            ) : null}
          </span>
          <span className="members-card__login">{member.loginId}</span>
          <span className="members-card__details">{details || t('members.list.noDepartment')}</span>
        </span>
        <span className="members-card__side">
          <MemberStatusBadge status={member.status} />
          <ChevronIcon />
        </span>
      </Link>
    </li>
  );
}

function MemberTableRow({ member: memberRef }: { member: FragmentOf<typeof MemberListItemFragment> }) {
  const member = readFragment(MemberListItemFragment, memberRef);
  const en = englishName(member);
  return (
    <tr className="members-table__row">
      <td>
        <Link to="/members/$memberId" params={{ memberId: member.id }} className="members-table__link">
          {primaryName(member)}
        </Link>
        {en ? (
          <span className="members-table__name-en" lang="en">
            {en}
          </span>
        ) : null}
      </td>
      <td className="members-table__login">{member.loginId}</td>
      <td>{member.orgUnit?.name ?? '—'}</td>
      <td>{member.employmentType?.name ?? '—'}</td>
      <td>
        <MemberStatusBadge status={member.status} />
      </td>
    </tr>
  );
}
