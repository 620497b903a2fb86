import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { ConfirmDialog } from '../../../../components/ConfirmDialog.tsx';
import { type FragmentOf, graphql, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { scopeLabel } from './scopes.ts';

export const TokenCardFragment = graphql(`
  fragment TokenCard_token on ApiToken {
    id
    name
    prefix
    scopes
    expiresAt
    revokedAt
    lastUsedAt
    createdAt
    active
    createdBy {
      id
      email
    }
  }
`);

const RevokeApiTokenMutation = graphql(
  `
    mutation RevokeApiToken($input: MutationRevokeApiTokenInput!) {
      revokeApiToken(input: $input) {
        __typename
        ... on MutationRevokeApiTokenSuccess {
          apiToken {
            id
            ...TokenCard_token
          }
        }
        ... on Error {
          code
          message
        }
      }
    }
  `,
  [TokenCardFragment],
);

type TokenStatus = 'active' | 'revoked' | 'expired';

export function TokenCard({ token: tokenRef }: { token: FragmentOf<typeof TokenCardFragment> }) {
  const { t, i18n } = useTranslation();
  const token = readFragment(TokenCardFragment, tokenRef);
  const [confirming, setConfirming] = useState(false);
  const [revokeError, setRevokeError] = useState<string>();
  const [{ fetching }, revokeApiToken] = useMutation(RevokeApiTokenMutation);
  const status: TokenStatus = token.active ? 'active' : token.revokedAt ? 'revoked' : 'expired';
  const titleId = `token-${token.id}`;
  const format = (iso: string) =>
    new Date(iso).toLocaleString(i18n.resolvedLanguage, { dateStyle: 'medium', timeStyle: 'short' });

  async function handleRevoke() {
    const result = await revokeApiToken({ input: { id: token.id } });
    const settled = settle(t, result.data?.revokeApiToken, result.error);
    if (settled.ok) setConfirming(false);
    else setRevokeError(settled.message);
  }

  return (
    <article className={`tokens-card tokens-card--${status}`} aria-labelledby={titleId}>
      <header className="tokens-card__header">
        <h3 id={titleId} className="tokens-card__name">
          {token.name}
        </h3>
        <span className={`badge tokens-status tokens-status--${status}`}>{t(`tokens.status.${status}`)}</span>
      </header>
      <p className="tokens-card__prefix">
        <span className="visually-hidden">{t('tokens.prefix')}: </span>
        <code>{token.prefix}…</code>
      </p>
      <ul className="tokens-card__scopes" aria-label={t('tokens.scopes')}>
        {token.scopes.map((scope) => (
          <li key={scope} className="badge tokens-scope">
            {scopeLabel(t, scope)}
          </li>
        ))}
      </ul>
      <dl className="tokens-card__facts">
        <div>
          <dt>{t('tokens.createdBy')}</dt>
          <dd>{token.createdBy.email}</dd>
        </div>
        <div>
          <dt>{t('tokens.createdAt')}</dt>
          <dd>{format(token.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('tokens.expiresAt')}</dt>
          <dd>{token.expiresAt ? format(token.expiresAt) : t('tokens.noExpiry')}</dd>
        </div>
        <div>
          <dt>{t('tokens.lastUsedAt')}</dt>
          <dd>{token.lastUsedAt ? format(token.lastUsedAt) : t('tokens.neverUsed')}</dd>
        </div>
        {token.revokedAt ? (
          <div>
            <dt>{t('tokens.revokedAt')}</dt>
            <dd>{format(token.revokedAt)}</dd>
          </div>
        ) : null}
      </dl>
      {status === 'active' ? (
        <div className="tokens-card__actions">
          <button
            type="button"
            className="button button--danger-outline"
            aria-label={t('tokens.revokeNamed', { name: token.name })}
            onClick={() => {
              setRevokeError(undefined);
              setConfirming(true);
            }}
          >
            {t('tokens.revoke')}
          </button>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={t('tokens.revokeTitle', { name: token.name })}
        confirmLabel={t('tokens.revoke')}
        busyLabel={t('tokens.revoking')}
        busy={fetching}
        error={revokeError}
        onConfirm={() => void handleRevoke()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('tokens.revokeBody')}</p>
      </ConfirmDialog>
    </article>
  );
}
