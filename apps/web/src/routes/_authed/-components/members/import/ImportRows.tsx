import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { graphql } from '../../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../../i18n/errors.ts';
import { rowProblemText } from './problems.ts';

const ROWS_PAGE_SIZE = 50;

const MemberImportRowsQuery = graphql(`
  query MemberImportRows($id: ID!, $action: ImportRowAction!, $first: Int!, $after: String) {
    node(id: $id) {
      __typename
      ... on MemberImport {
        id
        rows(first: $first, after: $after, action: $action) {
          edges {
            cursor
            node {
              line
              loginId
              action
              applied
              problems {
                column
                code
                message
                limit
                value
              }
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

type RowAction = 'ERROR' | 'CREATE' | 'UPDATE' | 'SKIP';

interface ImportCountsData {
  id: string;
  createCount: number;
  updateCount: number;
  skipCount: number;
  errorCount: number;
}

function countOf(memberImport: ImportCountsData, action: RowAction): number {
  switch (action) {
    case 'ERROR':
      return memberImport.errorCount;
    case 'CREATE':
      return memberImport.createCount;
    case 'UPDATE':
      return memberImport.updateCount;
    case 'SKIP':
      return memberImport.skipCount;
  }
}

/** The rows of an import by what the dry run decided for them; errors first when there are any. */
export function ImportRows({ memberImport }: { memberImport: ImportCountsData }) {
  const { t } = useTranslation();
  const baseId = useId();
  const actions: RowAction[] = [...(memberImport.errorCount > 0 ? (['ERROR'] as const) : []), 'CREATE', 'UPDATE', 'SKIP'];
  const [selected, setSelected] = useState<RowAction>(
    () => actions.find((action) => countOf(memberImport, action) > 0) ?? 'CREATE',
  );
  const current = actions.includes(selected) ? selected : (actions[0] ?? 'CREATE');
  const tabRefs = useRef(new Map<RowAction, HTMLButtonElement>());

  function handleKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = actions.indexOf(current);
    const next =
      event.key === 'ArrowRight'
        ? actions[(index + 1) % actions.length]
        : event.key === 'ArrowLeft'
          ? actions[(index - 1 + actions.length) % actions.length]
          : event.key === 'Home'
            ? actions[0]
            : event.key === 'End'
              ? actions.at(-1)
              : undefined;
    if (!next) return;
    event.preventDefault();
    setSelected(next);
    tabRefs.current.get(next)?.focus();
  }

  return (
    <section className="card members-rows" aria-labelledby={`${baseId}-title`}>
      <h2 id={`${baseId}-title`} className="members-section-title">
        {t('memberImport.rows.title')}
      </h2>
      <div role="tablist" aria-labelledby={`${baseId}-title`} className="members-tabs" onKeyDown={handleKeyDown}>
        {actions.map((action) => (
          <button
            key={action}
            ref={(element) => {
              if (element) tabRefs.current.set(action, element);
              else tabRefs.current.delete(action);
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${action}`}
            aria-selected={action === current}
            aria-controls={`${baseId}-panel`}
            tabIndex={action === current ? 0 : -1}
            className={`members-tab members-tab--${action.toLowerCase()}`}
            onClick={() => setSelected(action)}
          >
            {t(`memberImport.rows.tabs.${action}`)}
            <span className="members-tab__count">{countOf(memberImport, action).toLocaleString()}</span>
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${current}`} className="members-rows__panel">
        <RowPages key={current} importId={memberImport.id} action={current} total={countOf(memberImport, current)} />
      </div>
    </section>
  );
}

function RowPages({ importId, action, total }: { importId: string; action: RowAction; total: number }) {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors.at(-1) ?? null;
  const [{ data, error, fetching }] = useQuery({
    query: MemberImportRowsQuery,
    variables: { id: importId, action, first: ROWS_PAGE_SIZE, after },
  });
  const node = data?.node;
  const rows = node?.__typename === 'MemberImport' ? node.rows : undefined;

  if (!rows) {
    if (error) return <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>;
    return (
      <div className="page-loading" role="status">
        <span className="spinner" aria-hidden="true" />
        <span>{t('app.loading')}</span>
      </div>
    );
  }
  if (rows.edges.length === 0 && cursors.length === 1) {
    return <p className="members-rows__empty">{t('memberImport.rows.empty')}</p>;
  }
  const from = (cursors.length - 1) * ROWS_PAGE_SIZE + 1;
  const to = from + rows.edges.length - 1;
  const endCursor = rows.pageInfo.endCursor;

  return (
    <>
      <ul className="members-import-rows" aria-busy={fetching}>
        {rows.edges.map(({ node: row }) => (
          <li key={row.line} className="members-import-row">
            <span className="members-import-row__line">{t('memberImport.rows.line', { line: row.line })}</span>
            <span className="members-import-row__login">{row.loginId ?? t('memberImport.rows.noLoginId')}</span>
            {row.applied && row.action !== 'ERROR' ? (
              <span className="badge members-import-row__applied">{t('memberImport.rows.applied')}</span>
            ) : null}
            {row.problems.length > 0 ? (
              <ul className="members-import-row__problems">
                {row.problems.map((problem) => (
                  <li key={`${problem.column ?? ''}\n${problem.code}\n${problem.message}`}>
                    {problem.column ? <code className="members-import-row__column">{problem.column}</code> : null}
                    <span>{rowProblemText(t, problem)}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      {cursors.length > 1 || rows.pageInfo.hasNextPage ? (
        <nav className="members-pager" aria-label={t('memberImport.rows.pager')}>
          <button
            type="button"
            className="button button--secondary"
            disabled={cursors.length === 1}
            onClick={() => setCursors((previous) => previous.slice(0, -1))}
          >
            {t('memberImport.rows.previous')}
          </button>
          <span className="members-pager__range">{t('memberImport.rows.range', { from, to, total })}</span>
          <button
            type="button"
            className="button button--secondary"
            disabled={!rows.pageInfo.hasNextPage || !endCursor}
            onClick={() => {
              if (endCursor) setCursors((previous) => [...previous, endCursor]);
            }}
          >
            {t('memberImport.rows.next')}
          </button>
        </nav>
      ) : null}
    </>
  );
}
