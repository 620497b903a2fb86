import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { ChevronIcon } from '../../../../../components/icons.tsx';
import { graphql } from '../../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../../i18n/errors.ts';
import { useDateTimeFormat } from '../useDateTimeFormat.ts';
import { ImportStatusBadge } from './ImportStatusBadge.tsx';

export const RecentImportsQuery = graphql(`
  query RecentMemberImports {
    memberImports(first: 10) {
      edges {
        node {
          id
          fileName
          status
          totalRows
          appliedRows
          toApply
          createdAt
        }
      }
    }
  }
`);

/** The latest imports, so an import that is still being applied can be followed again after a reload. */
export function RecentImports() {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  // Uploads happen outside GraphQL, so the cached list may be missing the newest one.
  const [{ data, error }] = useQuery({ query: RecentImportsQuery, requestPolicy: 'cache-and-network' });
  const imports = data?.memberImports.edges.map((edge) => edge.node) ?? [];

  return (
    <section className="members-recent" aria-labelledby="members-recent-title">
      <h2 id="members-recent-title" className="members-section-title">
        {t('memberImport.recent.title')}
      </h2>
      {error && !data ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
      {data && imports.length === 0 ? <p className="page__empty">{t('memberImport.recent.empty')}</p> : null}
      {imports.length > 0 ? (
        <ul className="link-list">
          {imports.map((entry) => (
            <li key={entry.id}>
              <Link to="/members/import" search={{ id: entry.id }} className="link-list__item">
                <span className="link-list__text">
                  <span className="link-list__label members-recent__file">{entry.fileName}</span>
                  <span className="link-list__description">
                    {formatDateTime(entry.createdAt)} · {t('memberImport.recent.rows', { count: entry.totalRows })}
                    {entry.status === 'APPLYING'
                      ? ` · ${t('memberImport.recent.applying', { done: entry.appliedRows, total: entry.toApply })}`
                      : ''}
                  </span>
                </span>
                <ImportStatusBadge status={entry.status} />
                <ChevronIcon />
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
