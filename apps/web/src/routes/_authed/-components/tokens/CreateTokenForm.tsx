import { apiTokenCreateSchema } from '@worksbase/schema';
import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { fieldErrorMessage } from '../../../../i18n/errors.ts';
import { type FieldProblem, useZodForm } from '../../../../lib/forms.ts';
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

interface FormValues {
  name: string;
  scopes: string[];
  expiry: (typeof expiryChoices)[number];
}

type TokenField = 'name' | 'scopes' | 'expiry';

function fieldOf(path: readonly string[]): TokenField | undefined {
  const [head] = path;
  if (head === 'expiresInDays') return 'expiry';
  return head === 'name' || head === 'scopes' ? head : undefined;
}

function describe(field: TokenField, problem: FieldProblem, values: FormValues, t: TFunction): string {
  // "Required" or "beyond your authority": which one depends on what was sent.
  if (field === 'scopes') return values.scopes.length === 0 ? t('tokens.scopesRequired') : t('tokens.scopesBeyondAuthority');
  return fieldErrorMessage(t, problem, field === 'name' ? values.name : undefined);
}

export function CreateTokenForm({ grantableScopes, onCreated, onCancel }: CreateTokenFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [{ fetching }, createApiToken] = useMutation(CreateApiTokenMutation);
  const toInput = (values: FormValues) => ({
    name: values.name,
    // The server's order (members, bots, …) rather than the order of the clicks.
    scopes: grantableScopes.filter((scope) => values.scopes.includes(scope)),
    expiresInDays: values.expiry === 'never' ? null : Number(values.expiry),
  });
  const form = useZodForm<FormValues, TokenField>({
    defaultValues: { name: '', scopes: [], expiry: '90' },
    schema: apiTokenCreateSchema,
    toInput,
    fieldOf,
    describe,
  });
  const { register, fieldError, formError, formRef } = form;
  const scopesError = fieldError('scopes');

  async function save(values: FormValues) {
    const result = await createApiToken({ input: toInput(values) });
    const settled = settle(t, result.data?.createApiToken, result.error);
    if (settled.ok) onCreated({ name: settled.data.created.token.name, secret: settled.data.created.secret });
    else form.fail(settled.message, settled.fieldErrors.values());
  }

  return (
    <form ref={formRef} className="tokens-panel form" aria-labelledby={`${id}-title`} onSubmit={form.submit(save)} noValidate>
      <h2 id={`${id}-title`} className="tokens-panel__title">
        {t('tokens.createTitle')}
      </h2>
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <TextField
        label={t('tokens.name')}
        hint={t('tokens.nameHint')}
        autoComplete="off"
        required
        maxLength={100}
        {...register('name')}
        error={fieldError('name')}
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
                <input type="checkbox" value={scope} {...register('scopes')} />
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
        options={expiryChoices.map((choice) => ({
          value: choice,
          label: choice === 'never' ? t('tokens.expiryNever') : t('tokens.expiryDays', { count: Number(choice) }),
        }))}
        {...register('expiry')}
        error={fieldError('expiry')}
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
