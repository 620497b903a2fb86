import { Fragment, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { ChevronIcon } from '../../../../components/icons.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { graphql, type ResultOf, readFragment } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { useMediaQuery } from '../../../../lib/useMediaQuery.ts';
import { useWhenVisible } from '../../../../lib/useWhenVisible.ts';
import { AuditDetails } from './AuditDetails.tsx';
import { actionLabel, areaLabel, targetLabel } from './labels.ts';
import { type AuditSearch, auditVariables } from './search.ts';

export const AuditEntryFragment = graphql(`
  fragment AuditEntry_entry on AuditEntry {
    id
    seq
    at
    actorType
    actorLabel
    area
    action
    targetType
    targetId
    targetLabel
    before
    after
    hash
  }
`);

export const AuditEntriesQuery = graphql(
  `
    query AuditEntries(
      $first: Int!
      $after: String
      $actor: String
      $area: AuditArea
      $target: String
      $text: String
      $from: DateTime
      $to: DateTime
    ) {
      auditEntries(first: $first, after: $after, actor: $actor, area: $area, target: $target, text: $text, from: $from, to: $to) {
        edges {
          cursor
          node {
            id
            ...AuditEntry_entry
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [AuditEntryFragment],
);

type Entry = ResultOf<typeof AuditEntryFragment>;

/** From this width the audit log is a table; below it, one card per entry. */
const auditTableQuery = '(min-width: 960px)';

/**
 * Newest first, 50 at a time; the next page loads when the end of the list scrolls into view (or
 * on "Load more"). Graphcache merges the pages (relayPagination in graphql/client.ts).
 */
export function AuditList({ search }: { search: AuditSearch }) {
  const { t } = useTranslation();
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, error, fetching }] = useQuery({
    query: AuditEntriesQuery,
    variables: auditVariables(search, after),
    // New entries appear with every change anywhere; show the cached page at once, then refresh.
    requestPolicy: 'cache-and-network',
  });
  const wide = useMediaQuery(auditTableQuery);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const moreRef = useRef<HTMLButtonElement>(null);
  const connection = data?.auditEntries;
  const pageInfo = connection?.pageInfo;
  const canLoadMore = Boolean(pageInfo?.hasNextPage && pageInfo.endCursor);

  function loadMore() {
    if (fetching || !pageInfo?.hasNextPage || !pageInfo.endCursor) return;
    setAfter(pageInfo.endCursor);
  }

  // Infinite scroll: load the next page as the "Load more" button comes near the viewport.
  useWhenVisible(moreRef, loadMore, canLoadMore ? (pageInfo?.endCursor ?? null) : null, '200px');

  function toggle(id: string) {
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  if (error && !data) return <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>;
  if (!connection) return <PageLoading />;

  const entries = connection.edges.map((edge) => readFragment(AuditEntryFragment, edge.node));

  return (
    <div className="audit-results">
      <p className="audit-results__count" role="status">
        {entries.length === 0
          ? t('audit.empty')
          : canLoadMore
            ? t('audit.shownMore', { count: entries.length })
            : t('audit.shown', { count: entries.length })}
      </p>
      {entries.length === 0 ? null : wide ? (
        <AuditTable entries={entries} expanded={expanded} onToggle={toggle} />
      ) : (
        <ul className="audit-cards" aria-label={t('nav.audit')}>
          {entries.map((entry) => (
            <li key={entry.id}>
              <AuditCard entry={entry} expanded={expanded.has(entry.id)} onToggle={() => toggle(entry.id)} />
            </li>
          ))}
        </ul>
      )}
      {error && data ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
      {canLoadMore ? (
        <button ref={moreRef} type="button" className="button button--secondary button--block audit-results__more" onClick={loadMore} disabled={fetching}>
          {fetching ? t('app.loading') : t('audit.loadMore')}
        </button>
      ) : null}
    </div>
  );
}

function useFormatAt() {
  const { i18n } = useTranslation();
  return (iso: string) => new Date(iso).toLocaleString(i18n.resolvedLanguage, { dateStyle: 'short', timeStyle: 'medium' });
}

function Actor({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  return (
    <span className="audit-actor">
      {entry.actorType === 'ADMIN' ? null : <span className="badge audit-actor__type">{t(`audit.actorTypes.${entry.actorType}`)}</span>}
      <span className="audit-actor__label">{entry.actorLabel}</span>
    </span>
  );
}

function ExpandButton({ entry, expanded, onToggle, detailsId }: { entry: Entry; expanded: boolean; onToggle: () => void; detailsId: string }) {
  const { t } = useTranslation();
  const label = t(expanded ? 'audit.hideDetails' : 'audit.showDetails', { seq: entry.seq });
  return (
    <button
      type="button"
      className="audit-expand"
      aria-expanded={expanded}
      aria-controls={detailsId}
      aria-label={label}
      title={label}
      onClick={onToggle}
    >
      <ChevronIcon />
    </button>
  );
}

function AuditCard({ entry, expanded, onToggle }: { entry: Entry; expanded: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  const formatAt = useFormatAt();
  const detailsId = `audit-details-${entry.seq}`;
  return (
    <article className="audit-card" aria-label={t('audit.entryLabel', { seq: entry.seq })}>
      <div className="audit-card__main">
        <p className="audit-card__title">
          <span className="audit-card__action">{actionLabel(t, entry.action)}</span>
          <span className={`badge audit-area audit-area--${entry.area.toLowerCase()}`}>{areaLabel(t, entry.area)}</span>
        </p>
        {entry.targetLabel ? <p className="audit-card__target">{targetLabel(t, entry)}</p> : null}
        <p className="audit-card__meta">
          <Actor entry={entry} />
          <time dateTime={entry.at}>{formatAt(entry.at)}</time>
        </p>
      </div>
      <ExpandButton entry={entry} expanded={expanded} onToggle={onToggle} detailsId={detailsId} />
      {expanded ? <AuditDetails entry={entry} id={detailsId} /> : null}
    </article>
  );
}

function AuditTable({ entries, expanded, onToggle }: { entries: Entry[]; expanded: ReadonlySet<string>; onToggle: (id: string) => void }) {
  const { t } = useTranslation();
  const formatAt = useFormatAt();
  return (
    <table className="audit-table">
      <caption className="visually-hidden">{t('nav.audit')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('audit.columns.at')}</th>
          <th scope="col">{t('audit.columns.actor')}</th>
          <th scope="col">{t('audit.columns.area')}</th>
          <th scope="col">{t('audit.columns.action')}</th>
          <th scope="col">{t('audit.columns.target')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('audit.columns.details')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const open = expanded.has(entry.id);
          const detailsId = `audit-details-${entry.seq}`;
          return (
            <Fragment key={entry.id}>
              <tr className={open ? 'audit-table__row audit-table__row--open' : 'audit-table__row'}>
                <td className="audit-table__at">
                  <time dateTime={entry.at}>{formatAt(entry.at)}</time>
                  <span className="audit-table__seq">#{entry.seq}</span>
                </td>
                <td>
                  <Actor entry={entry} />
                </td>
                <td>
                  <span className={`badge audit-area audit-area--${entry.area.toLowerCase()}`}>{areaLabel(t, entry.area)}</span>
                </td>
                <td>
                  <span className="audit-table__action">{actionLabel(t, entry.action)}</span>
                  <code className="audit-table__code">{entry.action}</code>
                </td>
                <td className="audit-table__target">{targetLabel(t, entry) ?? <span className="audit-diff__none">{t('audit.details.none')}</span>}</td>
                <td className="audit-table__toggle">
                  <ExpandButton entry={entry} expanded={open} onToggle={() => onToggle(entry.id)} detailsId={detailsId} />
                </td>
              </tr>
              {open ? (
                <tr className="audit-table__details">
                  <td colSpan={6}>
                    <AuditDetails entry={entry} id={detailsId} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
