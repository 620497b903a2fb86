import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import { ConfirmDialog } from '../../../../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { NoAuthority } from '../../../../../components/NoAuthority.tsx';
import { PageLoading } from '../../../../../components/PageLoading.tsx';
import { useAccess } from '../../../../../graphql/access.ts';
import { MutationErrorFragment } from '../../../../../graphql/fragments.ts';
import { graphql, readFragment } from '../../../../../graphql/graphql.ts';
import { settle } from '../../../../../graphql/outcome.ts';
import { combinedErrorMessage } from '../../../../../i18n/errors.ts';
import { useDateTimeFormat } from '../../members/useDateTimeFormat.ts';
import { CopyButton } from '../../tokens/CopyButton.tsx';
import { type ApiApp, ApiAppDetailQuery, ApiAppFragment, ApiAppsQuery, lifetimeKey, scopeWireName } from './apiAppFragment.ts';
import { CreateServiceAccountMutation } from './ApiAppForm.tsx';
import { AppsBackLink } from './AppsBackLink.tsx';
import { LegacyTerms } from './LegacyTerms.tsx';
import { OneTimePanel } from './OneTimePanel.tsx';
import { forgetHandedOver, type OneTimeCredentials, peekHandedOver } from './oneTime.ts';
import './apiApps.css';

const RegenerateApiAppSecretMutation = graphql(
  `
    mutation RegenerateApiAppSecret($input: MutationRegenerateApiAppSecretInput!) {
      regenerateApiAppSecret(input: $input) {
        __typename
        ... on MutationRegenerateApiAppSecretSuccess {
          result {
            clientSecret
            app {
              id
              ...ApiApp_app
            }
          }
        }
        ...MutationError
      }
    }
  `,
  [ApiAppFragment, MutationErrorFragment],
);

const DeleteApiAppMutation = graphql(
  `
    mutation DeleteApiApp($input: MutationDeleteApiAppInput!) {
      deleteApiApp(input: $input) {
        __typename
        ... on MutationDeleteApiAppSuccess {
          result {
            deletedId
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const DeleteServiceAccountMutation = graphql(
  `
    mutation DeleteServiceAccount($input: MutationDeleteServiceAccountInput!) {
      deleteServiceAccount(input: $input) {
        __typename
        ... on MutationDeleteServiceAccountSuccess {
          result {
            deletedId
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const route = getRouteApi('/_authed/bots/apps/$appId/');

/** One API app: its Client ID, the Client Secret (regenerate), service accounts, scopes and lifetime. */
export function ApiAppDetailPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const { appId } = route.useParams();
  const search = route.useSearch();
  const canView = access?.canView('bots') ?? false;
  const [{ data, error }] = useQuery({ query: ApiAppDetailQuery, variables: { id: appId }, pause: !canView });

  if (access && !canView) return <NoAuthority title={t('apiApps.title')} reason={t('apiApps.noAuthority')} />;
  if (!data) {
    if (!error) return <PageLoading />;
    if (error.networkError) {
      return (
        <section className="page" aria-labelledby="page-title">
          <AppsBackLink />
          <h1 id="page-title" className="page__title">
            {t('apiApps.detail.title')}
          </h1>
          <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>
        </section>
      );
    }
  }
  // Unknown ids, ids of another tenant or of something else, and malformed ids all read as "not found".
  const node = data?.node;
  if (node?.__typename !== 'ApiApp') return <ApiAppNotFound />;
  return <ApiAppView key={node.id} app={readFragment(ApiAppFragment, node)} created={search.created ?? false} saved={search.saved ?? false} />;
}

export function ApiAppNotFound() {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="page-title">
      <AppsBackLink />
      <h1 id="page-title" className="page__title">
        {t('apiApps.detail.notFoundTitle')}
      </h1>
      <p className="page__empty">{t('apiApps.detail.notFoundBody')}</p>
    </section>
  );
}

function ApiAppView({ app, created, saved }: { app: ApiApp; created: boolean; saved: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useClient();
  const access = useAccess();
  const canEdit = access?.canEdit('bots') ?? false;
  const formatDateTime = useDateTimeFormat();
  // What the create form handed over is held here only; it is forgotten at once, so it shows once.
  const [oneTime, setOneTime] = useState<OneTimeCredentials | undefined>(() => peekHandedOver(app.id));
  useEffect(() => {
    forgetHandedOver(app.id);
  }, [app.id]);
  // "Created" belongs with the credentials shown once; after a reload (?created stays) it would mislead.
  const [justCreated] = useState(() => created && peekHandedOver(app.id) !== undefined);
  const notice = justCreated ? t('apiApps.detail.created') : saved ? t('apiApps.detail.saved') : undefined;
  const [{ fetching: deleting }, remove] = useMutation(DeleteApiAppMutation);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();

  async function handleDelete() {
    setDeleteError(undefined);
    const result = await remove({ input: { id: app.id } });
    const outcome = settle(t, result.data?.deleteApiApp, result.error);
    if (!outcome.ok) {
      setDeleteError(outcome.message);
      return;
    }
    setConfirmingDelete(false);
    await client.query(ApiAppsQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    await navigate({ to: '/bots/apps', replace: true });
  }

  const shownOnce = oneTime && (oneTime.clientSecret || oneTime.serviceAccount) ? oneTime : undefined;

  return (
    <section className="page bots-detail api-apps-detail" aria-labelledby="page-title">
      <AppsBackLink />
      <div className="card bots-profile">
        <div className="bots-profile__names">
          <p className="bots-header__eyebrow">{t('apiApps.detail.title')}</p>
          <h1 id="page-title" className="bots-profile__name">
            {app.name}
          </h1>
        </div>
        {notice ? <FormAlert tone="info">{notice}</FormAlert> : null}
        {oneTime?.serviceAccountError ? <FormAlert>{t('apiApps.serviceAccounts.failed', { reason: oneTime.serviceAccountError })}</FormAlert> : null}
        {canEdit ? (
          <div className="members-profile__actions">
            <Link to="/bots/apps/$appId/edit" params={{ appId: app.id }} className="button button--primary">
              {t('apiApps.detail.edit')}
            </Link>
            <button
              type="button"
              className="button button--danger-outline"
              onClick={() => {
                setDeleteError(undefined);
                setConfirmingDelete(true);
              }}
            >
              {t('apiApps.detail.delete')}
            </button>
          </div>
        ) : (
          <p className="bots-header__readonly">{t('apiApps.readOnly')}</p>
        )}
      </div>

      {shownOnce ? <OneTimePanel credentials={shownOnce} onDone={() => setOneTime(undefined)} /> : null}

      <Credentials app={app} canEdit={canEdit} onRegenerated={(clientSecret) => setOneTime({ clientSecret })} />
      <ServiceAccounts app={app} canEdit={canEdit} onIssued={(serviceAccount) => setOneTime({ serviceAccount })} />

      <section className="card members-facts" aria-labelledby="api-app-settings-title">
        <h2 id="api-app-settings-title" className="members-section-title">
          {t('bots.detail.settings')}
        </h2>
        <dl className="members-facts__list">
          <Fact label={t('apiApps.fields.scopes')}>
            <ul className="api-apps-scopes">
              {app.scopes.map((scope) => (
                <li key={scope}>
                  <code className="bots-tag">{scopeWireName(scope)}</code> <span className="api-apps-scopes__hint">{t(`apiApps.scopes.${scope}`)}</span>
                </li>
              ))}
            </ul>
          </Fact>
          <Fact label={t('apiApps.fields.tokenLifetime')}>{t(`apiApps.lifetime.${lifetimeKey(app.tokenLifetime)}`)}</Fact>
          <Fact label={t('apiApps.fields.createdAt')}>{formatDateTime(app.createdAt)}</Fact>
        </dl>
      </section>

      <LegacyTerms />

      {canEdit ? (
        <ConfirmDialog
          open={confirmingDelete}
          title={t('apiApps.delete.title', { name: app.name })}
          confirmLabel={t('apiApps.delete.confirm')}
          busyLabel={t('apiApps.delete.deleting')}
          busy={deleting}
          error={deleteError}
          onConfirm={() => void handleDelete()}
          onCancel={() => setConfirmingDelete(false)}
        >
          <p>{t('apiApps.delete.body', { clientId: app.clientId })}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

/** The Client ID (copyable) and the Client Secret, which only regenerating can show again. */
function Credentials({ app, canEdit, onRegenerated }: { app: ApiApp; canEdit: boolean; onRegenerated: (secret: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const [{ fetching }, regenerate] = useMutation(RegenerateApiAppSecretMutation);

  async function handleRegenerate() {
    setError(undefined);
    const result = await regenerate({ input: { id: app.id } });
    const outcome = settle(t, result.data?.regenerateApiAppSecret, result.error);
    if (!outcome.ok) {
      setError(outcome.message);
      return;
    }
    setConfirming(false);
    onRegenerated(outcome.data.result.clientSecret);
  }

  return (
    <section className="card bots-credentials" aria-labelledby={`${id}-title`}>
      <div>
        <h2 id={`${id}-title`} className="members-section-title">
          {t('apiApps.detail.credentials')}
        </h2>
        <p className="bots-card__intro">{t('apiApps.detail.credentialsIntro')}</p>
      </div>
      <dl className="bots-credentials__list">
        <div className="bots-credential">
          <dt className="bots-credential__label">{t('apiApps.fields.clientId')}</dt>
          <dd className="bots-credential__body">
            <code className="bots-credential__value">{app.clientId}</code>
            <span className="bots-credential__actions">
              <CopyButton text={app.clientId} label={t('apiApps.detail.copyClientId')} />
            </span>
          </dd>
        </div>
        <div className="bots-credential">
          <dt className="bots-credential__label">{t('apiApps.fields.clientSecret')}</dt>
          <dd className="bots-credential__hidden">{t('apiApps.detail.secretHidden')}</dd>
        </div>
      </dl>
      {canEdit ? (
        <div className="bots-credential__rotate">
          <button
            type="button"
            className="button button--danger-outline"
            onClick={() => {
              setError(undefined);
              setConfirming(true);
            }}
          >
            {t('apiApps.detail.regenerate')}
          </button>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={t('apiApps.detail.regenerateTitle')}
        confirmLabel={t('apiApps.detail.regenerateConfirm')}
        busyLabel={t('apiApps.detail.regenerating')}
        busy={fetching}
        error={error}
        onConfirm={() => void handleRegenerate()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('apiApps.detail.regenerateBody')}</p>
      </ConfirmDialog>
    </section>
  );
}

interface ServiceAccountsProps {
  app: ApiApp;
  canEdit: boolean;
  onIssued: (account: { accountId: string; privateKey: string }) => void;
}

/** The app's service accounts (the JWT `sub`): issue one with a new key pair, or delete one. */
function ServiceAccounts({ app, canEdit, onIssued }: ServiceAccountsProps) {
  const { t } = useTranslation();
  const id = useId();
  const client = useClient();
  const formatDateTime = useDateTimeFormat();
  const [{ fetching: issuing }, issue] = useMutation(CreateServiceAccountMutation);
  const [{ fetching: deleting }, remove] = useMutation(DeleteServiceAccountMutation);
  const [issueError, setIssueError] = useState<string>();
  const [deletingAccount, setDeletingAccount] = useState<ApiApp['serviceAccounts'][number]>();
  const [deleteError, setDeleteError] = useState<string>();
  const [deleted, setDeleted] = useState(false);

  async function handleIssue() {
    setIssueError(undefined);
    setDeleted(false);
    const result = await issue({ input: { appId: app.id } });
    const outcome = settle(t, result.data?.createServiceAccount, result.error);
    if (!outcome.ok) {
      setIssueError(outcome.message);
      return;
    }
    onIssued({ accountId: outcome.data.result.account.accountId, privateKey: outcome.data.result.privateKey });
  }

  async function handleDelete(accountId: string) {
    setDeleteError(undefined);
    const result = await remove({ input: { id: accountId } });
    const outcome = settle(t, result.data?.deleteServiceAccount, result.error);
    if (!outcome.ok) {
      setDeleteError(outcome.message);
      return;
    }
    // The answer holds only the deleted id: fetch the app again for its remaining accounts.
    await client.query(ApiAppDetailQuery, { id: app.id }, { requestPolicy: 'network-only' }).toPromise();
    setDeletingAccount(undefined);
    setDeleted(true);
  }

  return (
    <section className="card bots-credentials" aria-labelledby={`${id}-title`}>
      <div className="bots-domains__header">
        <div>
          <h2 id={`${id}-title`} className="members-section-title">
            {t('apiApps.serviceAccounts.title')}
          </h2>
          <p className="bots-card__intro">{t('apiApps.serviceAccounts.intro')}</p>
        </div>
        {canEdit ? (
          <button type="button" className="button button--secondary" disabled={issuing} onClick={() => void handleIssue()}>
            {issuing ? t('apiApps.serviceAccounts.issuing') : t('apiApps.serviceAccounts.issue')}
          </button>
        ) : null}
      </div>
      {issueError ? <FormAlert>{issueError}</FormAlert> : null}
      {deleted ? <FormAlert tone="info">{t('apiApps.serviceAccounts.deleted')}</FormAlert> : null}
      {app.serviceAccounts.length === 0 ? (
        <p className="bots-domains__empty">{t('apiApps.serviceAccounts.empty')}</p>
      ) : (
        <ul className="bots-domains__list">
          {app.serviceAccounts.map((account) => (
            <li key={account.id} className="bots-domain">
              <div className="bots-domain__main">
                <code className="api-apps-value">{account.accountId}</code>
                <span className="bots-domain__members">
                  {t('apiApps.fields.createdAt')}: {formatDateTime(account.createdAt)}
                </span>
              </div>
              <div className="bots-domain__actions">
                <CopyButton text={account.accountId} label={t('apiApps.oneTime.copyAccount')} />
                {canEdit ? (
                  <button
                    type="button"
                    className="button button--danger-outline"
                    aria-label={t('apiApps.serviceAccounts.delete', { account: account.accountId })}
                    onClick={() => {
                      setDeleteError(undefined);
                      setDeleted(false);
                      setDeletingAccount(account);
                    }}
                  >
                    {t('apiApps.serviceAccounts.deleteShort')}
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <ConfirmDialog
          open={deletingAccount !== undefined}
          title={t('apiApps.serviceAccounts.deleteTitle')}
          confirmLabel={t('apiApps.serviceAccounts.deleteConfirm')}
          busyLabel={t('apiApps.serviceAccounts.deleting')}
          busy={deleting}
          error={deleteError}
          onConfirm={() => {
            if (deletingAccount) void handleDelete(deletingAccount.id);
          }}
          onCancel={() => setDeletingAccount(undefined)}
        >
          <p>{t('apiApps.serviceAccounts.deleteBody', { account: deletingAccount?.accountId ?? '' })}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="members-facts__item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
