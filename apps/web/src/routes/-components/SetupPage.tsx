import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../components/FormAlert.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { MutationErrorFragment } from '../../graphql/fragments.ts';
import { graphql, type VariablesOf } from '../../graphql/graphql.ts';
import { settle } from '../../graphql/outcome.ts';
import { SetupStatusQuery } from '../../graphql/session.ts';
import { combinedErrorMessage, type FieldErrorLike, fieldErrorMessage } from '../../i18n/errors.ts';
import { currentLanguage } from '../../i18n/i18n.ts';
import { afterSignIn } from '../../lib/redirect.ts';
import { AuthLayout } from './AuthLayout.tsx';

const SetupMutation = graphql(
  `
    mutation Setup($input: SetupInput!) {
      setup(input: $input) {
        __typename
        ... on MutationSetupSuccess {
          viewer {
            admin {
              id
            }
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

type SetupInput = VariablesOf<typeof SetupMutation>['input'];
type SetupField = keyof SetupInput;

const defaultTimeZone = 'Asia/Tokyo';

function initialInput(): SetupInput {
  return {
    organizationName: '',
    domainName: '',
    timeZone: defaultTimeZone,
    language: currentLanguage() === 'en' ? 'EN' : 'JA',
    adminName: '',
    adminEmail: '',
    password: '',
  };
}

export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [{ data: statusData, error: statusError }] = useQuery({ query: SetupStatusQuery });
  const [{ fetching }, setup] = useMutation(SetupMutation);
  const [input, setInput] = useState(initialInput);
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Map<string, FieldErrorLike>>(new Map());
  const timeZones = useMemo(() => {
    const zones = Intl.supportedValuesOf('timeZone');
    return (zones.includes(defaultTimeZone) ? zones : [defaultTimeZone, ...zones]).map((zone) => ({
      value: zone,
      label: zone,
    }));
  }, []);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    setFieldErrors(new Map());
    const result = await setup({ input });
    const settled = settle(t, result.data?.setup, result.error);
    if (settled.ok) {
      await navigate({ to: afterSignIn });
      return;
    }
    setFieldErrors(settled.fieldErrors);
    setFormError(settled.message);
  }

  function textProps(name: Exclude<SetupField, 'language' | 'timeZone'>) {
    const error = fieldErrors.get(name);
    return {
      name,
      value: input[name],
      onChange: (event: { target: { value: string } }) => setInput((previous) => ({ ...previous, [name]: event.target.value })),
      error: error ? fieldErrorMessage(t, error, input[name]) : undefined,
    };
  }

  function selectError(name: 'language' | 'timeZone') {
    const error = fieldErrors.get(name);
    return error ? fieldErrorMessage(t, error) : undefined;
  }

  if (statusData && !statusData.setupStatus.needsSetup) {
    return (
      <AuthLayout>
        <div className="card auth__card">
          <h1 className="card__title">{t('setup.title')}</h1>
          <FormAlert tone="info">{t('setup.alreadyDone')}</FormAlert>
          <Link to="/login" className="button button--primary button--block">
            {t('setup.goToLogin')}
          </Link>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout>
      <div className="card auth__card auth__card--wide">
        <h1 className="card__title">{t('setup.title')}</h1>
        <p className="card__intro">{t('setup.intro')}</p>
        {statusError ? <FormAlert>{combinedErrorMessage(t, statusError)}</FormAlert> : null}

        <form className="form" onSubmit={(event) => void handleSubmit(event)} noValidate>
          {formError ? <FormAlert>{formError}</FormAlert> : null}
          <fieldset className="form__section">
            <legend className="form__legend">{t('setup.organization')}</legend>
            <TextField label={t('setup.organizationName')} autoComplete="organization" required {...textProps('organizationName')} />
            <TextField
              label={t('setup.domainName')}
              hint={t('setup.domainNameHint')}
              autoCapitalize="none"
              spellCheck={false}
              required
              {...textProps('domainName')}
            />
            <SelectField
              label={t('setup.timeZone')}
              name="timeZone"
              options={timeZones}
              value={input.timeZone}
              onChange={(event) => setInput((previous) => ({ ...previous, timeZone: event.target.value }))}
              error={selectError('timeZone')}
            />
            <SelectField
              label={t('setup.language')}
              name="language"
              options={[
                { value: 'JA', label: t('language.ja') },
                { value: 'EN', label: t('language.en') },
              ]}
              value={input.language}
              onChange={(event) => {
                const language = event.target.value === 'EN' ? 'EN' : 'JA';
                setInput((previous) => ({ ...previous, language }));
              }}
              error={selectError('language')}
            />
          </fieldset>
          <fieldset className="form__section">
            <legend className="form__legend">{t('setup.admin')}</legend>
            <TextField label={t('setup.adminName')} autoComplete="name" required {...textProps('adminName')} />
            <TextField
              label={t('setup.adminEmail')}
              type="email"
              inputMode="email"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              {...textProps('adminEmail')}
            />
            <TextField label={t('setup.password')} type="password" autoComplete="new-password" required {...textProps('password')} />
          </fieldset>
          <button type="submit" className="button button--primary button--block" disabled={fetching}>
            {fetching ? t('setup.submitting') : t('setup.submit')}
          </button>
        </form>
        <p className="auth__footer-link">
          <Link to="/login">{t('setup.backToLogin')}</Link>
        </p>
      </div>
    </AuthLayout>
  );
}
