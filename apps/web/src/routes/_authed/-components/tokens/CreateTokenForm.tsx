import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { type FieldErrorLike, fieldErrorMessage } from '../../../../i18n/errors.ts';
import { scopeLabel } from './scopes.ts';
import { TokenCardFragment } from './TokenCard.tsx';

const CreateApiTokenMutation = graphql(
  `
    mutation CreateApiToken($input: MutationCreateApiTokenInput!) {
      createApiToken(input: $input) {
        __typename
        ... on MutationCreateApiTokenSuccess {
          created {
            secret
            token {
              id
              name
              ...TokenCard_token
            }
          }
        }
        ...MutationError
      }
    }
  `,
  [TokenCardFragment, MutationErrorFragment],
);

const expiryChoices = ['7', '30', '90', '180', '365', 'never'] as const;

interface CreateTokenFormProps {
  grantableScopes: readonly string[];
  onCreated: (created: { name: string; secret: string }) => void;
  onCancel: () => void;
}

export function CreateTokenForm({ grantableScopes, onCreated, onCancel }: CreateTokenFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [{ fetching }, createApiToken] = useMutation(CreateApiTokenMutation);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ReadonlySet<string>>(new Set());
  const [expiry, setExpiry] = useState<string>('90');
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Map<string, FieldErrorLike>>(new Map());
  // Worded when the server answers: "required" and "beyond your authority" depend on what was sent.
  const [scopesError, setScopesError] = useState<string>();
  const nameError = fieldErrors.get('name');
  const expiryError = fieldErrors.get('expiresInDays');

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    setFieldErrors(new Map());
    setScopesError(undefined);
    const chosen = grantableScopes.filter((scope) => scopes.has(scope));
    const result = await createApiToken({
      input: {
        name,
        // The server's order (members, bots, …) rather than the order of the clicks.
        scopes: chosen,
        expiresInDays: expiry === 'never' ? null : Number(expiry),
      },
    });
    const settled = settle(t, result.data?.createApiToken, result.error);
    if (settled.ok) {
      onCreated({ name: settled.data.created.token.name, secret: settled.data.created.secret });
      return;
    }
    setFieldErrors(settled.fieldErrors);
    if (settled.fieldErrors.has('scopes')) {
      setScopesError(chosen.length === 0 ? t('tokens.scopesRequired') : t('tokens.scopesBeyondAuthority'));
    }
    setFormError(settled.message);
  }

  function toggle(scope: string, checked: boolean) {
    setScopesError(undefined);
    setScopes((previous) => {
      const next = new Set(previous);
      if (checked) next.add(scope);
      else next.delete(scope);
      return next;
    });
  }

  return (
    <form className="tokens-panel form" aria-labelledby={`${id}-title`} onSubmit={(event) => void handleSubmit(event)} noValidate>
      <h2 id={`${id}-title`} className="tokens-panel__title">
        {t('tokens.createTitle')}
      </h2>
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <TextField
        label={t('tokens.name')}
        hint={t('tokens.nameHint')}
        name="name"
        autoComplete="off"
        required
        maxLength={100}
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          setFieldErrors((previous) => {
            const next = new Map(previous);
            next.delete('name');
            return next;
          });
        }}
        error={nameError ? fieldErrorMessage(t, nameError, name) : undefined}
      />
      <fieldset
        className={scopesError ? 'tokens-scopes field--invalid' : 'tokens-scopes'}
        aria-describedby={`${id}-scopes-hint${scopesError ? ` ${id}-scopes-error` : ''}`}
      >
        <legend className="field__label">{t('tokens.scopes')}</legend>
        <p id={`${id}-scopes-hint`} className="field__hint">
          {t('tokens.scopesHint')}
        </p>
        {grantableScopes.length === 0 ? (
          <p className="tokens-empty">{t('tokens.noScopes')}</p>
        ) : (
          <div className="tokens-scopes__grid">
            {grantableScopes.map((scope) => (
              <label key={scope} className="tokens-scopes__option">
                <input
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  checked={scopes.has(scope)}
                  onChange={(event) => toggle(scope, event.target.checked)}
                />
                <span className="tokens-scopes__text">
                  <span>{scopeLabel(t, scope)}</span>
                  <code>{scope}</code>
                </span>
              </label>
            ))}
          </div>
        )}
        {scopesError ? (
          <p id={`${id}-scopes-error`} className="field__error">
            {scopesError}
          </p>
        ) : null}
      </fieldset>
      <SelectField
        label={t('tokens.expiry')}
        name="expiresInDays"
        value={expiry}
        options={expiryChoices.map((choice) => ({
          value: choice,
          label: choice === 'never' ? t('tokens.expiryNever') : t('tokens.expiryDays', { count: Number(choice) }),
        }))}
        onChange={(event) => setExpiry(event.target.value)}
        error={expiryError ? fieldErrorMessage(t, expiryError) : undefined}
      />
      <div className="tokens-panel__actions">
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={fetching}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={fetching}>
          {fetching ? t('tokens.creating') : t('tokens.create')}
        </button>
      </div>
    </form>
  );
}
