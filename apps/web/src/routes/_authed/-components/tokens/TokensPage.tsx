import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { PlusIcon } from '../../../../components/icons.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { CreateTokenForm } from './CreateTokenForm.tsx';
import { SecretPanel } from './SecretPanel.tsx';
import { TokenCard, TokenCardFragment } from './TokenCard.tsx';
import { UsageExample } from './UsageExample.tsx';

export const TokensPageQuery = graphql(
  `
    query TokensPage {
      apiTokens {
        id
        ...TokenCard_token
      }
      grantableApiScopes
    }
  `,
  [TokenCardFragment],
);

/** API tokens for integrations: issue one (its secret is shown once), see its use, revoke it. */
export function TokensPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [{ data, error }] = useQuery({ query: TokensPageQuery });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string }>();

  return (
    <section className="page tokens" aria-labelledby="page-title">
      <header className="tokens__header">
        <div>
          <h1 id="page-title" className="page__title">
            {t('nav.tokens')}
          </h1>
          <p className="tokens__intro">{access?.isMaster ? t('tokens.introMaster') : t('tokens.intro')}</p>
        </div>
        {!creating && !created ? (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            <PlusIcon />
            {t('tokens.add')}
          </button>
        ) : null}
      </header>
      {error && !data ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
      {created ? <SecretPanel name={created.name} secret={created.secret} onDone={() => setCreated(undefined)} /> : null}
      {creating && data ? (
        <CreateTokenForm
          grantableScopes={data.grantableApiScopes}
          onCreated={(token) => {
            setCreating(false);
            setCreated(token);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      {data ? (
        <div className="tokens__layout">
          <section className="tokens__list-section" aria-labelledby="tokens-list-title">
            <h2 id="tokens-list-title" className="tokens__section-title">
              {t('tokens.listTitle')}
            </h2>
            {data.apiTokens.length === 0 ? (
              <p className="page__empty">{t('tokens.empty')}</p>
            ) : (
              <ul className="tokens__list">
                {data.apiTokens.map((token) => (
                  <li key={token.id}>
                    <TokenCard token={token} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <UsageExample />
        </div>
      ) : error ? null : (
        <PageLoading />
      )}
    </section>
  );
}
