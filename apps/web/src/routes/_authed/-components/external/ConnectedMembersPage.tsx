import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog } from '../../../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { NoAuthority } from '../../../../components/NoAuthority.tsx';
import { SearchBox } from '../../../../components/SearchBox.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql, type VariablesOf } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { AddMembersDialog } from './AddMembersDialog.tsx';
import { LinkRow, LinkRowFragment } from './LinkRow.tsx';
import type { LinksSearch } from './search.ts';


const PAGE_SIZE = 50;

export const ExternalLinksQuery = graphql(
  `
    query ExternalLinks($kind: ExternalKind!, $query: String, $status: ExternalLinkStatus, $first: Int!, $after: String) {
      externalLinks(kind: $kind, query: $query, status: $status, first: $first, after: $after) {
        totalCount
        edges {
          node {
            id
            ...LinkRow_link
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      externalLinkCounts(kind: $kind) {
        total
        pending
        available
        failed
        retry
      }
    }
  `,
  [LinkRowFragment],
);

export function linksVariables(search: LinksSearch, after: string | null): VariablesOf<typeof ExternalLinksQuery> {
  return { kind: search.kind, query: search.q ?? null, status: search.status ?? null, first: PAGE_SIZE, after };
}

const RemoveMutation = graphql(
  `
    mutation RemoveExternalLinks($input: MutationRemoveExternalLinksInput!) {
      removeExternalLinks(input: $input) {
        __typename
        ... on MutationRemoveExternalLinksSuccess {
          result {
            removed
            closedRooms
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const ApplySuggestionsMutation = graphql(
  `
    mutation ApplySuggestedTalkIds($input: MutationApplySuggestedTalkIdsInput!) {
      applySuggestedTalkIds(input: $input) {
        __typename
        ... on MutationApplySuggestedTalkIdsSuccess {
          updated
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const route = getRouteApi('/_authed/external/members');
const statuses = ['AVAILABLE', 'PENDING', 'FAILED', 'RETRY'] as const;

/** Connected members of one section: status counts, search, add, remove, fix and retry. */
export function ConnectedMembersPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canEdit = access?.canEdit('external') ?? false;
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const [removing, setRemoving] = useState(false);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const [removal, runRemove] = useMutation(RemoveMutation);
  const [suggestions, runSuggestions] = useMutation(ApplySuggestionsMutation);
  const [first, refetchFirst] = useQuery({ query: ExternalLinksQuery, variables: linksVariables(search, null), pause: !access?.canView('external') });
  const filterKey = JSON.stringify(search);
  // While members are being provisioned, statuses change by themselves: follow them.
  const provisioning = (first.data?.externalLinkCounts.pending ?? 0) > 0;
  usePolling(provisioning, refetchFirst);

  // A new filter starts from the first page with nothing selected.
  useEffect(() => {
    setCursors([null]);
    setSelected(new Map());
  }, [filterKey]);

  if (access && !access.canView('external')) return <NoAuthority title={t('external.members.title')} reason={t('external.noAuthority')} />;

  function update(patch: Partial<LinksSearch>, replace = false) {
    void navigate({ search: (previous) => ({ ...previous, ...patch }), replace });
  }

  const counts = first.data?.externalLinkCounts;
  const toggleSelected = (id: string, name: string, on: boolean) =>
    setSelected((previous) => {
      const next = new Map(previous);
      if (on) next.set(id, name);
      else next.delete(id);
      return next;
    });

  async function remove() {
    const result = await runRemove({ input: { kind: search.kind, memberIds: [...selected.keys()] } });
    const outcome = settle(t, result.data?.removeExternalLinks, result.error);
    if (outcome.ok) {
      setNotice(t('external.members.removed', { count: outcome.data.result.removed }));
      setSelected(new Map());
      setRemoving(false);
      setCursors([null]);
    } else setError(outcome.message);
  }

  async function applySuggestions() {
    setError(undefined);
    const result = await runSuggestions({ input: { kind: search.kind } });
    const outcome = settle(t, result.data?.applySuggestedTalkIds, result.error);
    if (!outcome.ok) setError(outcome.message);
    else setCursors([null]);
  }

  return (
    <section className="page external-members" aria-labelledby="page-title">
      <header className="external-header">
        <div>
          <p className="external-header__back">
            <Link to="/external" search={{}}>
              {t('external.title')}
            </Link>
          </p>
          <h1 id="page-title" className="page__title">
            {t('external.members.title')}
          </h1>
          <p className="external-header__intro">{t('external.members.intro')}</p>
        </div>
        <div className="external-header__actions">
          {canEdit ? (
            <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
              {t('external.members.add')}
            </button>
          ) : null}
          <a className="button button--secondary" href={exportUrl(search)} download>
            {t('external.members.export')}
          </a>
        </div>
      </header>

      <nav className="members-tabs external-tabs" aria-label={t('external.members.tabsLabel')}>
        {(['LINE', 'WORKS'] as const).map((kind) => (
          <Link
            key={kind}
            to="/external/members"
            search={{ kind }}
            className="members-tab"
            aria-current={search.kind === kind ? 'page' : undefined}
          >
            {t(`external.sectionsShort.${kind}`)}
          </Link>
        ))}
      </nav>

      <div className="external-toolbar">
        <SearchBox
          label={t('external.members.searchLabel')}
          placeholder={t('external.members.searchPlaceholder')}
          value={search.q ?? ''}
          onSearch={(q) => update({ q: q || undefined }, true)}
        />
        <fieldset className="external-filters">
          <legend className="visually-hidden">{t('external.members.statusFilter')}</legend>
          <button
            type="button"
            className="external-filter"
            aria-pressed={!search.status}
            onClick={() => update({ status: undefined })}
          >
            {t('external.members.all')} <span className="external-filter__count">{counts?.total ?? '–'}</span>
          </button>
          {statuses.map((status) => (
            <button
              key={status}
              type="button"
              className={`external-filter external-filter--${status.toLowerCase()}`}
              aria-pressed={search.status === status}
              onClick={() => update({ status: search.status === status ? undefined : status })}
            >
              {t(`external.members.status.${status}`)}{' '}
              <span className="external-filter__count">{counts ? counts[status.toLowerCase() as 'pending'] : '–'}</span>
            </button>
          ))}
        </fieldset>
      </div>

      {notice ? (
        <p className="alert alert--info" role="status">
          {notice}
        </p>
      ) : null}
      {error ? <FormAlert>{error}</FormAlert> : null}
      {canEdit && counts && counts.failed > 0 ? (
        <div className="alert alert--error external-fix">
          <span>{t('external.members.failedNotice', { count: counts.failed })}</span>
          <button type="button" className="button button--secondary" disabled={suggestions.fetching} onClick={() => void applySuggestions()}>
            {suggestions.fetching ? t('external.members.applying') : t('external.members.applySuggestions')}
          </button>
        </div>
      ) : null}

      {first.error && !first.data ? <FormAlert>{combinedErrorMessage(t, first.error)}</FormAlert> : null}
      {first.data && first.data.externalLinks.totalCount === 0 ? (
        <p className="page__empty">{search.q || search.status ? t('external.members.noResults') : t('external.members.empty')}</p>
      ) : (
        <ul className="external-links">
          {cursors.map((after, index) => (
            <LinkPage
              key={after ?? 'first'}
              search={search}
              after={after}
              canEdit={canEdit}
              selected={selected}
              onSelect={toggleSelected}
              polling={provisioning}
              onMore={index === cursors.length - 1 ? (next) => setCursors((previous) => [...previous, next]) : undefined}
            />
          ))}
        </ul>
      )}

      {selected.size > 0 ? (
        <section className="external-selection" aria-label={t('external.members.selected', { count: selected.size })}>
          <span>{t('external.members.selected', { count: selected.size })}</span>
          <button type="button" className="button button--danger" onClick={() => setRemoving(true)}>
            {t('external.members.remove')}
          </button>
        </section>
      ) : null}

      <ConfirmDialog
        open={removing}
        title={t('external.members.removeTitle', { count: selected.size })}
        confirmLabel={t('external.members.remove')}
        busyLabel={t('external.members.removing')}
        busy={removal.fetching}
        error={error}
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(false)}
      >
        <p>{t('external.members.removeBody')}</p>
        <p className="external-selection__names">{[...selected.values()].join('、')}</p>
      </ConfirmDialog>
      {adding ? (
        <AddMembersDialog
          kind={search.kind}
          onClose={(message) => {
            setAdding(false);
            if (message) {
              setNotice(message);
              setCursors([null]);
            }
          }}
        />
      ) : null}
    </section>
  );
}

function exportUrl(search: LinksSearch): string {
  const params = new URLSearchParams({ kind: search.kind });
  if (search.q) params.set('query', search.q);
  if (search.status) params.set('status', search.status);
  return `/api/external-links.csv?${params}`;
}

interface LinkPageProps {
  search: LinksSearch;
  after: string | null;
  canEdit: boolean;
  selected: Map<string, string>;
  onSelect: (memberId: string, name: string, on: boolean) => void;
  polling: boolean;
  onMore: ((cursor: string) => void) | undefined;
}

/** One page of the list (its own cached query); the last page offers the next. */
function LinkPage({ search, after, canEdit, selected, onSelect, polling, onMore }: LinkPageProps) {
  const { t } = useTranslation();
  const [{ data, fetching }, refetch] = useQuery({ query: ExternalLinksQuery, variables: linksVariables(search, after) });
  usePolling(polling && after !== null, refetch);
  if (!data) return fetching ? <li className="external-links__loading">{t('app.loading')}</li> : null;
  const { edges, pageInfo } = data.externalLinks;
  return (
    <>
      {edges.map(({ node }) => (
        <LinkRow key={node.id} link={node} canEdit={canEdit} selected={selected} onSelect={onSelect} />
      ))}
      {onMore && pageInfo.hasNextPage && pageInfo.endCursor ? (
        <li className="external-links__more">
          <button type="button" className="button button--secondary" onClick={() => onMore(pageInfo.endCursor ?? '')}>
            {t('external.members.loadMore')}
          </button>
        </li>
      ) : null}
    </>
  );
}

const POLL_MS = 2000;

/** Refetches from the server every POLL_MS while `active`. */
function usePolling(active: boolean, refetch: (options: { requestPolicy: 'network-only' }) => void) {
  const refetchRef = useRef(refetch);
  useEffect(() => {
    refetchRef.current = refetch;
  });
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => refetchRef.current({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(timer);
  }, [active]);
}
