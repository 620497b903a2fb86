import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
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
import { AppsBackLink } from '../BackLink.tsx';
import { ConfirmButton } from '../shared/ConfirmButton.tsx';
import { CopyRow, HiddenRow } from '../shared/CredentialRow.tsx';
import { DetailCard, Fact, FactsCard } from '../shared/DetailCard.tsx';
import { TitledPage } from '../shared/PageParts.tsx';
import { CreateServiceAccountMutation } from './ApiAppForm.tsx';
import {
  type ApiApp,
  ApiAppDetailQuery,
  ApiAppFragment,
  ApiAppsQuery,
  ApiAppWithSecretFragment,
  lifetimeKey,
  scopeWireName,
} from './apiAppFragment.ts';
import { LegacyTerms } from './LegacyTerms.tsx';
import { forgetHandedOver, type OneTimeCredentials, peekHandedOver } from './oneTime.ts';
import { OneTimePanel } from './OneTimePanel.tsx';
import './apiApps.css';

const RegenerateApiAppSecretMutation = graphql(
  `
    mutation RegenerateApiAppSecret($input: MutationRegenerateApiAppSecretInput!) {
      regenerateApiAppSecret(input: $input) {
        __typename
        ... on MutationRegenerateApiAppSecretSuccess {
          result {
            ...ApiAppWithSecret_result
          }
        }
        ...MutationError
      }
    }
  `,
  [ApiAppWithSecretFragment, MutationErrorFragment],
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
        <TitledPage back={<AppsBackLink />} title={t('apiApps.detail.title')}>
          <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>
        </TitledPage>
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
    <TitledPage back={<AppsBackLink />} title={t('apiApps.detail.notFoundTitle')}>
      <p className="page__empty">{t('apiApps.detail.notFoundBody')}</p>
    </TitledPage>
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
            <ConfirmButton
              label={t('apiApps.detail.delete')}
              title={t('apiApps.delete.title', { name: app.name })}
              confirmLabel={t('apiApps.delete.confirm')}
              busyLabel={t('apiApps.delete.deleting')}
              busy={deleting}
              onConfirm={async () => {
                const result = await remove({ input: { id: app.id } });
                return settle(t, result.data?.deleteApiApp, result.error);
              }}
              onDone={async () => {
                await client.query(ApiAppsQuery, {}, { requestPolicy: 'network-only' }).toPromise();
                await navigate({ to: '/bots/apps', replace: true });
              }}
            >
              <p>{t('apiApps.delete.body', { clientId: app.clientId })}</p>
            </ConfirmButton>
          </div>
        ) : (
          <p className="bots-header__readonly">{t('apiApps.readOnly')}</p>
        )}
      </div>

      {shownOnce ? <OneTimePanel credentials={shownOnce} onDone={() => setOneTime(undefined)} /> : null}

      <Credentials app={app} canEdit={canEdit} onRegenerated={(clientSecret) => setOneTime({ clientSecret })} />
      <ServiceAccounts app={app} canEdit={canEdit} onIssued={(serviceAccount) => setOneTime({ serviceAccount })} />

      <FactsCard title={t('bots.detail.settings')}>
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
      </FactsCard>

      <LegacyTerms />
    </section>
  );
}

/** The Client ID (copyable) and the Client Secret, which only regenerating can show again. */
function Credentials({ app, canEdit, onRegenerated }: { app: ApiApp; canEdit: boolean; onRegenerated: (secret: string) => void }) {
  const { t } = useTranslation();
  const [{ fetching }, regenerate] = useMutation(RegenerateApiAppSecretMutation);

  return (
    <DetailCard className="bots-credentials" title={t('apiApps.detail.credentials')} intro={t('apiApps.detail.credentialsIntro')}>
      <dl className="bots-credentials__list">
        <CopyRow label={t('apiApps.fields.clientId')} value={app.clientId} copyLabel={t('apiApps.detail.copyClientId')} />
        <HiddenRow label={t('apiApps.fields.clientSecret')}>{t('apiApps.detail.secretHidden')}</HiddenRow>
      </dl>
      {canEdit ? (
        <div className="bots-credential__rotate">
          <ConfirmButton
            label={t('apiApps.detail.regenerate')}
            title={t('apiApps.detail.regenerateTitle')}
            confirmLabel={t('apiApps.detail.regenerateConfirm')}
            busyLabel={t('apiApps.detail.regenerating')}
            busy={fetching}
            onConfirm={async () => {
              const result = await regenerate({ input: { id: app.id } });
              return settle(t, result.data?.regenerateApiAppSecret, result.error);
            }}
            onDone={(data) => onRegenerated(data.result.clientSecret)}
          >
            <p>{t('apiApps.detail.regenerateBody')}</p>
          </ConfirmButton>
        </div>
      ) : null}
    </DetailCard>
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
  const client = useClient();
  const formatDateTime = useDateTimeFormat();
  const [{ fetching: issuing }, issue] = useMutation(CreateServiceAccountMutation);
  const [{ fetching: deleting }, remove] = useMutation(DeleteServiceAccountMutation);
  const [issueError, setIssueError] = useState<string>();
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

  async function handleDelete(id: string) {
    const result = await remove({ input: { id } });
    const outcome = settle(t, result.data?.deleteServiceAccount, result.error);
    // The answer holds only the deleted id: fetch the app again for its remaining accounts.
    if (outcome.ok) await client.query(ApiAppDetailQuery, { id: app.id }, { requestPolicy: 'network-only' }).toPromise();
    return outcome;
  }

  return (
    <DetailCard
      className="bots-credentials"
      title={t('apiApps.serviceAccounts.title')}
      intro={t('apiApps.serviceAccounts.intro')}
      actions={
        canEdit ? (
          <button type="button" className="button button--secondary" disabled={issuing} onClick={() => void handleIssue()}>
            {issuing ? t('apiApps.serviceAccounts.issuing') : t('apiApps.serviceAccounts.issue')}
          </button>
        ) : null
      }
    >
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
                  <ConfirmButton
                    label={t('apiApps.serviceAccounts.deleteShort')}
                    ariaLabel={t('apiApps.serviceAccounts.delete', { account: account.accountId })}
                    title={t('apiApps.serviceAccounts.deleteTitle')}
                    confirmLabel={t('apiApps.serviceAccounts.deleteConfirm')}
                    busyLabel={t('apiApps.serviceAccounts.deleting')}
                    busy={deleting}
                    onOpen={() => setDeleted(false)}
                    onConfirm={() => handleDelete(account.id)}
                    onDone={() => setDeleted(true)}
                  >
                    <p>{t('apiApps.serviceAccounts.deleteBody', { account: account.accountId })}</p>
                  </ConfirmButton>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </DetailCard>
  );
}
