import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { ChevronIcon } from '../../../../components/icons.tsx';
import { PageError, type PageSlot, PagedList, usePageCursors, useReportTail } from '../../../../components/PagedList.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { type FragmentOf, graphql, readFragment, type VariablesOf } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { useMediaQuery, wideLayoutQuery } from '../../../../lib/useMediaQuery.ts';
import { MemberStatusBadge } from './MemberStatusBadge.tsx';
import { primaryName, secondaryName } from './names.ts';
import { MEMBERS_PAGE_SIZE, type membersFilter } from './search.ts';

export const MemberListItemFragment = graphql(`
  fragment MemberListItem_member on Member {
    id
    loginId
    familyName
    givenName
    familyNameReading
    givenNameReading
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
      $orderBy: MemberOrder
    ) {
      members(
        first: $first
        after: $after
        query: $query
        domainId: $domainId
        orgUnitId: $orgUnitId
        employmentTypeId: $employmentTypeId
        status: $status
        orderBy: $orderBy
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

interface MemberListProps {
  filter: MembersFilter;
  /** Shown when the first page is empty. */
  empty: ReactNode;
}

/**
 * The member list with cursor paging: each loaded page is its own cached query, and the last one
 * tells the list whether there is more.
 */
export function MemberList({ filter, empty }: MemberListProps) {
  const { t } = useTranslation();
  const wide = useMediaQuery(wideLayoutQuery);
  const cursors = usePageCursors();
  const [{ data, error }] = useQuery({ query: MembersListQuery, variables: membersPageVariables(filter, null) });

  if (!data) {
    return error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : <PageLoading />;
  }
  const total = data.members.totalCount;
  if (total === 0 && data.members.edges.length === 0) return <>{empty}</>;

  return (
    <PagedList
      cursors={cursors}
      count={t('members.list.count', { count: total })}
      wide={wide}
      columns={[
        t('members.fields.name'),
        t('members.fields.loginId'),
        t('members.fields.orgUnit'),
        t('members.fields.employmentType'),
        t('members.fields.status'),
      ]}
      loadMoreLabel={t('members.list.loadMore')}
      renderPage={(slot) => <MemberListPage {...slot} filter={filter} wide={wide} />}
    />
  );
}

function MemberListPage({ filter, after, wide, onTail }: PageSlot & { filter: MembersFilter; wide: boolean }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: MembersListQuery, variables: membersPageVariables(filter, after) });
  const pageInfo = data?.members.pageInfo;
  useReportTail(onTail, { hasMore: pageInfo?.hasNextPage ?? false, next: pageInfo?.endCursor ?? null, fetching: fetching && !data });

  if (error && !data) return <PageError wide={wide} columns={5} message={combinedErrorMessage(t, error)} />;
  return (
    <>
      {data?.members.edges.map((edge) =>
        wide ? <MemberTableRow key={edge.node.id} member={edge.node} /> : <MemberCard key={edge.node.id} member={edge.node} />,
      )}
    </>
  );
}

function MemberCard({ member: memberRef }: { member: FragmentOf<typeof MemberListItemFragment> }) {
  const { t, i18n } = useTranslation();
  const member = readFragment(MemberListItemFragment, memberRef);
  const second = secondaryName(member, i18n.resolvedLanguage);
  const details = [member.orgUnit?.name, member.employmentType?.name].filter(Boolean).join(' · ');
  return (
    <li>
      <Link to="/members/$memberId" params={{ memberId: member.id }} className="members-card">
        <span className="members-card__main">
          <span className="members-card__name">
            <span>{primaryName(member)}</span>
            {second ? (
              <span className="members-card__name-en" lang={second.lang}>
                {second.text}
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
  const { i18n } = useTranslation();
  const member = readFragment(MemberListItemFragment, memberRef);
  const second = secondaryName(member, i18n.resolvedLanguage);
  return (
    <tr className="members-table__row">
      <td>
        <Link to="/members/$memberId" params={{ memberId: member.id }} className="members-table__link">
          {primaryName(member)}
        </Link>
        {second ? (
          <span className="members-table__name-en" lang={second.lang}>
            {second.text}
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
