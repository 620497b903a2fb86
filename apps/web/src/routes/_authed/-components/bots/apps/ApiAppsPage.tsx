import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { ChevronIcon, PlusIcon } from '../../../../../components/icons.tsx';
import { NoAuthority } from '../../../../../components/NoAuthority.tsx';
import { PageLoading } from '../../../../../components/PageLoading.tsx';
import { useAccess } from '../../../../../graphql/access.ts';
import { readFragment } from '../../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../../i18n/errors.ts';
import { useDateTimeFormat } from '../../members/useDateTimeFormat.ts';
import { type ApiApp, ApiAppFragment, ApiAppsQuery, lifetimeKey, scopeWireName } from './apiAppFragment.ts';
import { ConsoleTabs } from './ConsoleTabs.tsx';
import { LegacyTerms } from './LegacyTerms.tsx';
import './apiApps.css';

/** Developer Console → API apps: the tenant's OAuth clients, newest first, and how LINE WORKS terms map onto them. */
export function ApiAppsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const canView = access?.canView('bots') ?? false;
  const canEdit = access?.canEdit('bots') ?? false;
  const [{ data, error }] = useQuery({ query: ApiAppsQuery, pause: !canView });

  if (access && !canView) return <NoAuthority title={t('apiApps.title')} reason={t('apiApps.noAuthority')} />;

  return (
    <section className="page bots-page api-apps-page" aria-labelledby="page-title">
      <header className="bots-header">
        <div>
          <p className="bots-header__eyebrow">{t('bots.title')}</p>
          <h1 id="page-title" className="page__title">
            {t('apiApps.title')}
          </h1>
          <p className="bots-header__intro">{t('apiApps.intro')}</p>
          {access && !canEdit ? <p className="bots-header__readonly">{t('apiApps.readOnly')}</p> : null}
        </div>
        {canEdit ? (
          <Link to="/bots/apps/new" className="button button--primary">
            <PlusIcon />
            {t('apiApps.create')}
          </Link>
        ) : null}
      </header>
      <ConsoleTabs />

      {error && !data ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}

      {data ? (
        <div className="api-apps-layout">
          {data.apiApps.length === 0 ? (
            <div className="page__empty bots-empty">
              <p className="bots-empty__title">{t('apiApps.list.empty')}</p>
              <p>{t('apiApps.list.emptyHint')}</p>
            </div>
          ) : (
            <section className="bots-list" aria-labelledby="api-apps-list-title">
              <h2 id="api-apps-list-title" className="bots-list__title">
                {t('apiApps.list.label')} <span className="bots-list__count">{t('apiApps.list.count', { count: data.apiApps.length })}</span>
              </h2>
              <ul className="bots-rows">
                {data.apiApps.map((app) => (
                  <ApiAppRow key={app.id} app={readFragment(ApiAppFragment, app)} />
                ))}
              </ul>
            </section>
          )}
          <LegacyTerms />
        </div>
      ) : error ? null : (
        <PageLoading />
      )}
    </section>
  );
}

function ApiAppRow({ app }: { app: ApiApp }) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const account = app.serviceAccounts[0];
  return (
    <li>
      <Link to="/bots/apps/$appId" params={{ appId: app.id }} className="api-apps-row">
        <span className="api-apps-row__main">
          <span className="bots-row__name">{app.name}</span>
          <span className="api-apps-row__id">
            {t('apiApps.fields.clientId')} <code>{app.clientId}</code>
          </span>
          <span className="bots-tags api-apps-row__scopes">
            {app.scopes.map((scope) => (
              <code key={scope} className="bots-tag">
                {scopeWireName(scope)}
              </code>
            ))}
          </span>
        </span>
        <dl className="api-apps-row__facts">
          <div>
            <dt>{t('apiApps.fields.tokenLifetime')}</dt>
            <dd>{t(`apiApps.lifetime.${lifetimeKey(app.tokenLifetime)}`)}</dd>
          </div>
          <div>
            <dt>{t('apiApps.fields.serviceAccount')}</dt>
            <dd className="api-apps-row__account">
              {account ? account.accountId : t('apiApps.list.noServiceAccount')}
              {app.serviceAccounts.length > 1 ? ` +${app.serviceAccounts.length - 1}` : ''}
            </dd>
          </div>
          <div>
            <dt>{t('apiApps.fields.createdAt')}</dt>
            <dd>{formatDateTime(app.createdAt)}</dd>
          </div>
        </dl>
        <ChevronIcon />
      </Link>
    </li>
  );
}
