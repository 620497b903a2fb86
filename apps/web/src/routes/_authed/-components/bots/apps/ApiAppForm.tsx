import { Link, useNavigate } from '@tanstack/react-router';
import { tokenLifetimes } from '@worksbase/schema';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { Switch } from '../../../../../components/Switch.tsx';
import { TextField } from '../../../../../components/TextField.tsx';
import { MutationErrorFragment } from '../../../../../graphql/fragments.ts';
import { graphql } from '../../../../../graphql/graphql.ts';
import { settle } from '../../../../../graphql/outcome.ts';
import { type FieldErrorLike, fieldErrorMessage } from '../../../../../i18n/errors.ts';
import { checkBotText } from '../checks.ts';
import { FormActions, FormErrorAlert, Option, OptionsFieldset, textProblemMessage, useFormErrors } from '../shared/FormParts.tsx';
import {
  type ApiApp,
  ApiAppFragment,
  ApiAppsQuery,
  ApiAppWithSecretFragment,
  isTokenLifetime,
  type OAuthScopeName,
  oauthScopeNames,
  scopeWireName,
  type TokenLifetime,
} from './apiAppFragment.ts';
import { handOver } from './oneTime.ts';

const CreateApiAppMutation = graphql(
  `
    mutation CreateApiApp($input: MutationCreateApiAppInput!) {
      createApiApp(input: $input) {
        __typename
        ... on MutationCreateApiAppSuccess {
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

const UpdateApiAppMutation = graphql(
  `
    mutation UpdateApiApp($input: MutationUpdateApiAppInput!) {
      updateApiApp(input: $input) {
        __typename
        ... on MutationUpdateApiAppSuccess {
          app {
            id
            ...ApiApp_app
          }
        }
        ...MutationError
      }
    }
  `,
  [ApiAppFragment, MutationErrorFragment],
);

export const CreateServiceAccountMutation = graphql(
  `
    mutation CreateServiceAccount($input: MutationCreateServiceAccountInput!) {
      createServiceAccount(input: $input) {
        __typename
        ... on MutationCreateServiceAccountSuccess {
          result {
            privateKey
            account {
              id
              accountId
            }
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

/** As in the API (packages/schema apiAppInputSchema): the bot-name rules, 100 characters. */
const NAME_MAX = 100;

type FieldName = 'name' | 'scopes' | 'tokenLifetime';

interface FormValues {
  name: string;
  scopes: OAuthScopeName[];
  tokenLifetime: TokenLifetime;
  withServiceAccount: boolean;
}

function clientErrors(t: TFunction, values: FormValues): Map<FieldName, string> {
  const errors = new Map<FieldName, string>();
  const name = checkBotText(values.name, NAME_MAX);
  if (name) errors.set('name', textProblemMessage(t, name));
  if (values.scopes.length === 0) errors.set('scopes', t('apiApps.form.scopesRequired'));
  return errors;
}

function serverErrors(t: TFunction, errors: Map<string, FieldErrorLike>, values: FormValues): Map<FieldName, string> {
  const byField = new Map<FieldName, string>();
  const name = errors.get('name');
  if (name) byField.set('name', fieldErrorMessage(t, name, values.name));
  const scopes = errors.get('scopes');
  if (scopes) byField.set('scopes', scopes.code === 'too_small' ? t('apiApps.form.scopesRequired') : fieldErrorMessage(t, scopes));
  const lifetime = errors.get('tokenLifetime');
  if (lifetime) byField.set('tokenLifetime', fieldErrorMessage(t, lifetime));
  return byField;
}

type ApiAppFormProps = { mode: 'create'; app?: undefined } | { mode: 'edit'; app: ApiApp };

/** Creates an API app (and, by default, its first service account) or edits one; then shows the app. */
export function ApiAppForm({ mode, app }: ApiAppFormProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useClient();
  const [values, setValues] = useState<FormValues>(() => ({
    name: app?.name ?? '',
    scopes: app ? [...app.scopes] : ['BOT'],
    tokenLifetime: app && isTokenLifetime(app.tokenLifetime) ? app.tokenLifetime : 86400,
    withServiceAccount: true,
  }));
  const { formRef, fieldErrors, setFieldErrors, formError, setFormError, fail } = useFormErrors<FieldName>();
  const [{ fetching: creating }, create] = useMutation(CreateApiAppMutation);
  const [{ fetching: updating }, update] = useMutation(UpdateApiAppMutation);
  const [{ fetching: issuing }, issue] = useMutation(CreateServiceAccountMutation);
  const busy = creating || updating || issuing;

  function set<K extends keyof FormValues>(name: K, value: FormValues[K]) {
    setValues((previous) => ({ ...previous, [name]: value }));
    if (name !== 'withServiceAccount') {
      setFieldErrors((previous) => {
        const next = new Map(previous);
        next.delete(name as FieldName);
        return next;
      });
    }
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    const problems = clientErrors(t, values);
    if (problems.size > 0) {
      fail(t('apiApps.form.fixErrors'), problems);
      return;
    }
    setFieldErrors(new Map());
    const input = {
      name: values.name,
      // The form's order rather than the order of the clicks.
      scopes: oauthScopeNames.filter((scope) => values.scopes.includes(scope)),
      tokenLifetime: values.tokenLifetime,
    };

    if (mode === 'edit') {
      const result = await update({ input: { id: app.id, ...input } });
      const outcome = settle(t, result.data?.updateApiApp, result.error);
      if (outcome.ok) {
        await navigate({ to: '/bots/apps/$appId', params: { appId: app.id }, search: { saved: true } });
        return;
      }
      const errors = serverErrors(t, outcome.fieldErrors, values);
      fail(errors.size > 0 ? t('apiApps.form.fixErrors') : outcome.message, errors);
      return;
    }

    const result = await create({ input });
    const outcome = settle(t, result.data?.createApiApp, result.error);
    if (!outcome.ok) {
      const errors = serverErrors(t, outcome.fieldErrors, values);
      fail(errors.size > 0 ? t('apiApps.form.fixErrors') : outcome.message, errors);
      return;
    }
    const created = outcome.data.result;
    const appId = created.app.id;
    let serviceAccount: { accountId: string; privateKey: string } | undefined;
    let serviceAccountError: string | undefined;
    if (values.withServiceAccount) {
      const issued = await issue({ input: { appId } });
      const issuedOutcome = settle(t, issued.data?.createServiceAccount, issued.error);
      if (issuedOutcome.ok) {
        serviceAccount = { accountId: issuedOutcome.data.result.account.accountId, privateKey: issuedOutcome.data.result.privateKey };
      } else {
        serviceAccountError = issuedOutcome.message;
      }
    }
    handOver(appId, { clientSecret: created.clientSecret, serviceAccount, serviceAccountError });
    // The list is not part of the mutation's answer: fetch it again so it holds the new app.
    await client.query(ApiAppsQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    await navigate({ to: '/bots/apps/$appId', params: { appId }, search: { created: true }, replace: true });
  }

  return (
    <form ref={formRef} className="form bots-form" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <FormErrorAlert message={formError} />
      {mode === 'edit' ? <FormAlert tone="info">{t('apiApps.form.editNote')}</FormAlert> : null}

      <TextField
        label={t('apiApps.fields.name')}
        hint={t('apiApps.form.nameHint')}
        name="name"
        autoComplete="off"
        maxLength={NAME_MAX * 2}
        value={values.name}
        onChange={(event) => set('name', event.target.value)}
        error={fieldErrors.get('name')}
      />

      <OptionsFieldset
        legend={t('apiApps.fields.scopes')}
        hint={t('apiApps.form.scopesHint')}
        error={fieldErrors.get('scopes')}
        className="tokens-scopes"
        gridClassName="api-apps-form__scopes"
      >
        {oauthScopeNames.map((scope) => (
          <Option
            key={scope}
            type="checkbox"
            name="scopes"
            value={scopeWireName(scope)}
            checked={values.scopes.includes(scope)}
            aria-invalid={fieldErrors.has('scopes') ? true : undefined}
            onChange={(event) => set('scopes', event.target.checked ? [...values.scopes, scope] : values.scopes.filter((chosen) => chosen !== scope))}
            label={<code className="api-apps-form__scope">{scopeWireName(scope)}</code>}
            hint={t(`apiApps.scopes.${scope}`)}
          />
        ))}
      </OptionsFieldset>

      <OptionsFieldset
        legend={t('apiApps.fields.tokenLifetime')}
        hint={t('apiApps.form.lifetimeHint')}
        error={fieldErrors.get('tokenLifetime')}
        gridClassName="api-apps-form__lifetimes"
      >
        {tokenLifetimes.map((lifetime) => (
          <Option
            key={lifetime}
            type="radio"
            name="tokenLifetime"
            value={lifetime}
            checked={values.tokenLifetime === lifetime}
            onChange={() => set('tokenLifetime', lifetime)}
            label={<span>{t(`apiApps.lifetime.${lifetime}`)}</span>}
            hint={t(`apiApps.lifetimeHint.${lifetime}`)}
          />
        ))}
      </OptionsFieldset>

      {mode === 'create' ? (
        <Switch
          label={t('apiApps.form.serviceAccount')}
          hint={t('apiApps.form.serviceAccountHint')}
          checked={values.withServiceAccount}
          onChange={(on) => set('withServiceAccount', on)}
        />
      ) : null}

      <FormActions
        label={mode === 'edit' ? t('apiApps.form.save') : t('apiApps.form.create')}
        busyLabel={mode === 'edit' ? t('apiApps.form.saving') : t('apiApps.form.creating')}
        busy={busy}
      >
        {app ? (
          <Link to="/bots/apps/$appId" params={{ appId: app.id }} className="button button--ghost">
            {t('apiApps.form.cancel')}
          </Link>
        ) : (
          <Link to="/bots/apps" className="button button--ghost">
            {t('apiApps.form.cancel')}
          </Link>
        )}
      </FormActions>
    </form>
  );
}
