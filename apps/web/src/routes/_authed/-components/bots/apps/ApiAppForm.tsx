import { Link, useNavigate } from '@tanstack/react-router';
import { apiAppInputSchema, tokenLifetimes } from '@worksbase/schema';
import type { TFunction } from 'i18next';
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { Switch } from '../../../../../components/Switch.tsx';
import { TextField } from '../../../../../components/TextField.tsx';
import { MutationErrorFragment } from '../../../../../graphql/fragments.ts';
import { graphql } from '../../../../../graphql/graphql.ts';
import { settle } from '../../../../../graphql/outcome.ts';
import { fieldErrorMessage } from '../../../../../i18n/errors.ts';
import { type FieldProblem, useZodForm } from '../../../../../lib/forms.ts';
import { botTextMessage, FormActions, FormErrorAlert, Option, OptionsFieldset } from '../shared/FormParts.tsx';
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

interface FormValues {
  name: string;
  scopes: OAuthScopeName[];
  tokenLifetime: TokenLifetime;
  withServiceAccount: boolean;
}

function toInput(values: FormValues) {
  return {
    name: values.name,
    // The form's order rather than the order of the clicks.
    scopes: oauthScopeNames.filter((scope) => values.scopes.includes(scope)),
    tokenLifetime: values.tokenLifetime,
  };
}

/** What the shared schema checks: it names the scopes as the wire does (bot.message), GraphQL as BOT_MESSAGE. */
function toSchemaInput(values: FormValues) {
  const input = toInput(values);
  return { ...input, scopes: input.scopes.map(scopeWireName) };
}

function fieldOf(path: readonly string[]): 'name' | 'scopes' | 'tokenLifetime' | undefined {
  const [head] = path;
  return head === 'name' || head === 'scopes' || head === 'tokenLifetime' ? head : undefined;
}

function describe(field: keyof FormValues, problem: FieldProblem, values: FormValues, t: TFunction): string {
  if (field === 'name') return botTextMessage(t, problem, values.name, NAME_MAX);
  if (field === 'scopes' && problem.code === 'too_small') return t('apiApps.form.scopesRequired');
  return fieldErrorMessage(t, problem);
}

type ApiAppFormProps = { mode: 'create'; app?: undefined } | { mode: 'edit'; app: ApiApp };

/** Creates an API app (and, by default, its first service account) or edits one; then shows the app. */
export function ApiAppForm({ mode, app }: ApiAppFormProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useClient();
  const form = useZodForm<FormValues, keyof FormValues>({
    defaultValues: {
      name: app?.name ?? '',
      scopes: app ? [...app.scopes] : ['BOT'],
      tokenLifetime: app && isTokenLifetime(app.tokenLifetime) ? app.tokenLifetime : 86400,
      withServiceAccount: true,
    },
    schema: apiAppInputSchema,
    toInput: toSchemaInput,
    fieldOf,
    describe,
    invalidMessage: t('apiApps.form.fixErrors'),
  });
  const { control, formRef, formError, fail, fieldError } = form;
  const [{ fetching: creating }, create] = useMutation(CreateApiAppMutation);
  const [{ fetching: updating }, update] = useMutation(UpdateApiAppMutation);
  const [{ fetching: issuing }, issue] = useMutation(CreateServiceAccountMutation);
  const busy = creating || updating || issuing;
  const scopesError = fieldError('scopes');

  async function save(values: FormValues) {
    const input = toInput(values);

    if (mode === 'edit') {
      const result = await update({ input: { id: app.id, ...input } });
      const outcome = settle(t, result.data?.updateApiApp, result.error);
      if (outcome.ok) {
        await navigate({ to: '/bots/apps/$appId', params: { appId: app.id }, search: { saved: true } });
        return;
      }
      fail(outcome.message, outcome.fieldErrors.values());
      return;
    }

    const result = await create({ input });
    const outcome = settle(t, result.data?.createApiApp, result.error);
    if (!outcome.ok) {
      fail(outcome.message, outcome.fieldErrors.values());
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
    <form ref={formRef} className="form bots-form" onSubmit={form.submit(save)} noValidate>
      <FormErrorAlert message={formError} />
      {mode === 'edit' ? <FormAlert tone="info">{t('apiApps.form.editNote')}</FormAlert> : null}

      <TextField
        label={t('apiApps.fields.name')}
        hint={t('apiApps.form.nameHint')}
        autoComplete="off"
        maxLength={NAME_MAX * 2}
        {...form.register('name')}
        error={fieldError('name')}
      />

      <Controller
        control={control}
        name="scopes"
        render={({ field }) => (
          <OptionsFieldset
            legend={t('apiApps.fields.scopes')}
            hint={t('apiApps.form.scopesHint')}
            error={scopesError}
            className="tokens-scopes"
            gridClassName="api-apps-form__scopes"
          >
            {oauthScopeNames.map((scope) => (
              <Option
                key={scope}
                type="checkbox"
                name="scopes"
                value={scopeWireName(scope)}
                checked={field.value.includes(scope)}
                aria-invalid={scopesError ? true : undefined}
                onChange={(event) =>
                  field.onChange(event.target.checked ? [...field.value, scope] : field.value.filter((chosen) => chosen !== scope))
                }
                label={<code className="api-apps-form__scope">{scopeWireName(scope)}</code>}
                hint={t(`apiApps.scopes.${scope}`)}
              />
            ))}
          </OptionsFieldset>
        )}
      />

      <Controller
        control={control}
        name="tokenLifetime"
        render={({ field }) => (
          <OptionsFieldset
            legend={t('apiApps.fields.tokenLifetime')}
            hint={t('apiApps.form.lifetimeHint')}
            error={fieldError('tokenLifetime')}
            gridClassName="api-apps-form__lifetimes"
          >
            {tokenLifetimes.map((lifetime) => (
              <Option
                key={lifetime}
                type="radio"
                name="tokenLifetime"
                value={lifetime}
                checked={field.value === lifetime}
                onChange={() => field.onChange(lifetime)}
                label={<span>{t(`apiApps.lifetime.${lifetime}`)}</span>}
                hint={t(`apiApps.lifetimeHint.${lifetime}`)}
              />
            ))}
          </OptionsFieldset>
        )}
      />

      {mode === 'create' ? (
        <Controller
          control={control}
          name="withServiceAccount"
          render={({ field }) => (
            <Switch
              label={t('apiApps.form.serviceAccount')}
              hint={t('apiApps.form.serviceAccountHint')}
              checked={field.value}
              onChange={field.onChange}
            />
          )}
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
