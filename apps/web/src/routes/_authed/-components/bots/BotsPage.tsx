import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { ChevronIcon, PlusIcon } from '../../../../components/icons.tsx';
import { NoAuthority } from '../../../../components/NoAuthority.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { type FragmentOf, graphql, readFragment, type VariablesOf } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { ConsoleTabs } from './apps/ConsoleTabs.tsx';
import { BotAvatar } from './BotAvatar.tsx';
import { BotStatusBadge } from './BotStatusBadge.tsx';
import { QuotaMeter, quotaLevel } from './QuotaMeter.tsx';

export const BotQuotaQuery = graphql(`
  query BotQuota {
    botQuota {
      used
      limit
    }
  }
`);

const BotRowFragment = graphql(`
  fragment BotRow_bot on Bot {
    id
    botId
    name
    description
    photoUrl
    status
    domains {
      domainId
    }
  }
`);

export const BotsListQuery = graphql(
  `
    query BotsList($first: Int!, $after: String) {
      bots(first: $first, after: $after) {
        totalCount
        edges {
          node {
            id
            ...BotRow_bot
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [BotRowFragment],
);

const PAGE_SIZE = 50;

export function botsPageVariables(after: string | null): VariablesOf<typeof BotsListQuery> {
  return { first: PAGE_SIZE, after };
}

/** The Developer Console: how many bots the tenant may still register, and its bots, newest first. */
export function BotsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const canView = access?.canView('bots') ?? false;
  const canEdit = access?.canEdit('bots') ?? false;
  const noteId = useId();
  const [quota] = useQuery({ query: BotQuotaQuery, pause: !canView });
  const [first] = useQuery({ query: BotsListQuery, variables: botsPageVariables(null), pause: !canView });
  const [cursors, setCursors] = useState<(string | null)[]>([null]);

  if (access && !canView) return <NoAuthority title={t('bots.title')} reason={t('bots.noAuthority')} />;

  const usage = quota.data?.botQuota;
  const full = usage ? quotaLevel(usage.used, usage.limit) === 'full' : false;
  const error = first.error ?? quota.error;

  return (
    <section className="page bots-page" aria-labelledby="page-title">
      <header className="bots-header">
        <div>
          <p className="bots-header__eyebrow">{t('nav.bots')}</p>
          <h1 id="page-title" className="page__title">
            {t('bots.title')}
          </h1>
          <p className="bots-header__intro">{t('bots.intro')}</p>
          {access && !canEdit ? <p className="bots-header__readonly">{t('bots.readOnly')}</p> : null}
        </div>
        {canEdit ? (
          full ? (
            <button type="button" className="button button--primary" disabled aria-describedby={noteId}>
              <PlusIcon />
              {t('bots.register')}
            </button>
          ) : (
            <Link to="/bots/new" className="button button--primary">
              <PlusIcon />
              {t('bots.register')}
            </Link>
          )
        ) : null}
      </header>
      <ConsoleTabs />

      {usage ? <QuotaMeter used={usage.used} limit={usage.limit} noteId={noteId} /> : null}
      {error && !first.data ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}

      {first.data ? (
        first.data.bots.totalCount === 0 ? (
          <div className="page__empty bots-empty">
            <p className="bots-empty__title">{t('bots.list.empty')}</p>
            <p>{t('bots.list.emptyHint')}</p>
          </div>
        ) : (
          <section className="bots-list" aria-labelledby="bots-list-title">
            <h2 id="bots-list-title" className="bots-list__title">
              {t('bots.list.label')} <span className="bots-list__count">{t('bots.list.count', { count: first.data.bots.totalCount })}</span>
            </h2>
            <ul className="bots-rows">
              {cursors.map((after, index) => (
                <BotListPage
                  key={after ?? 'first'}
                  after={after}
                  onMore={index === cursors.length - 1 ? (next) => setCursors((previous) => [...previous, next]) : undefined}
                />
              ))}
            </ul>
          </section>
        )
      ) : error ? null : (
        <PageLoading />
      )}
    </section>
  );
}

/** One page of the list (its own cached query); the last page offers the next. */
function BotListPage({ after, onMore }: { after: string | null; onMore: ((cursor: string) => void) | undefined }) {
  const { t } = useTranslation();
  const [{ data, fetching }] = useQuery({ query: BotsListQuery, variables: botsPageVariables(after) });
  if (!data) return fetching ? <li className="bots-rows__loading">{t('app.loading')}</li> : null;
  const { edges, pageInfo } = data.bots;
  return (
    <>
      {edges.map(({ node }) => (
        <BotRow key={node.id} bot={node} />
      ))}
      {onMore && pageInfo.hasNextPage && pageInfo.endCursor ? (
        <li className="bots-rows__more">
          <button type="button" className="button button--secondary" onClick={() => onMore(pageInfo.endCursor ?? '')}>
            {t('bots.list.loadMore')}
          </button>
        </li>
      ) : null}
    </>
  );
}

function BotRow({ bot: data }: { bot: FragmentOf<typeof BotRowFragment> }) {
  const { t } = useTranslation();
  const bot = readFragment(BotRowFragment, data);
  return (
    <li>
      <Link to="/bots/$botId" params={{ botId: bot.id }} className="bots-row">
        <BotAvatar name={bot.name} photoUrl={bot.photoUrl} />
        <span className="bots-row__main">
          <span className="bots-row__name">{bot.name}</span>
          <span className="bots-row__description">{bot.description}</span>
        </span>
        <span className="bots-row__facts">
          <span className="bots-row__id">
            {t('bots.fields.botId')} <code>{bot.botId}</code>
          </span>
          <span className="bots-row__domains">
            {bot.domains.length > 0 ? t('bots.list.domains', { count: bot.domains.length }) : t('bots.list.noDomains')}
          </span>
        </span>
        <BotStatusBadge status={bot.status} />
        <ChevronIcon />
      </Link>
    </li>
  );
}
