import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../components/FormAlert.tsx';
import { TextField } from '../../components/TextField.tsx';
import { graphql } from '../../graphql/graphql.ts';
import { SetupStatusQuery } from '../../graphql/session.ts';
import { combinedErrorMessage, errorMessage, type FieldErrorLike, fieldErrorMessage, fieldErrorsByName } from '../../i18n/errors.ts';
import { AuthLayout } from './AuthLayout.tsx';
import { DemoLoginBox } from './DemoLoginBox.tsx';

const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      __typename
      ... on MutationLoginSuccess {
        viewer {
          admin {
            id
          }
        }
      }
      ... on AuthenticationError {
        code
        message
      }
      ... on RateLimitedError {
        code
        message
        retryAfterSeconds
      }
      ... on ValidationError {
        code
        message
        fieldErrors {
          path
          code
          message
        }
      }
    }
  }
`);

export function LoginPage({ redirectTo }: { redirectTo: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [{ data: statusData, error: statusError }] = useQuery({ query: SetupStatusQuery });
  const [{ fetching }, login] = useMutation(LoginMutation);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Map<string, FieldErrorLike>>(new Map());
  const submitRef = useRef<HTMLButtonElement>(null);
  const status = statusData?.setupStatus;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    setFieldErrors(new Map());
    const result = await login({ input: { email, password } });
    const outcome = result.data?.login;
    if (!outcome) {
      setFormError(result.error ? combinedErrorMessage(t, result.error) : t('errors.unexpected'));
      return;
    }
    switch (outcome.__typename) {
      case 'MutationLoginSuccess':
        await navigate({ href: redirectTo });
        return;
      case 'ValidationError':
        setFieldErrors(fieldErrorsByName(outcome.fieldErrors));
        setFormError(errorMessage(t, outcome));
        return;
      case 'AuthenticationError':
        setFormError(errorMessage(t, outcome, { AUTHENTICATION: t('login.invalidCredentials') }));
        return;
      case 'RateLimitedError':
        setFormError(errorMessage(t, outcome));
        return;
    }
  }

  function fieldError(name: 'email' | 'password', value: string) {
    const error = fieldErrors.get(name);
    return error ? fieldErrorMessage(t, error, value) : undefined;
  }

  return (
    <AuthLayout>
      <div className="card auth__card">
        <h1 className="card__title">{t('login.title')}</h1>
        <p className="card__intro">{t('login.intro')}</p>

        {statusError ? <FormAlert>{combinedErrorMessage(t, statusError)}</FormAlert> : null}

        {status?.demo ? (
          <DemoLoginBox
            id="demo-box"
            title={t('login.demo.title')}
            intro={t('login.demo.intro')}
            credentials={[
              { label: t('fields.email'), value: status.demo.email },
              { label: t('fields.password'), value: status.demo.password },
            ]}
            fillLabel={t('login.demo.fill')}
            onFill={() => {
              const demo = status.demo;
              if (!demo) return;
              setEmail(demo.email);
              setPassword(demo.password);
              setFieldErrors(new Map());
              submitRef.current?.focus();
            }}
          />
        ) : null}

        <form className="form" onSubmit={(event) => void handleSubmit(event)} noValidate>
          {formError ? <FormAlert>{formError}</FormAlert> : null}
          <TextField
            label={t('fields.email')}
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={fieldError('email', email)}
          />
          <TextField
            label={t('fields.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={fieldError('password', password)}
          />
          <button ref={submitRef} type="submit" className="button button--primary button--block" disabled={fetching}>
            {fetching ? t('login.submitting') : t('login.submit')}
          </button>
        </form>

        <p className="auth__switch">
          <Link to="/talk/login">{t('talk.memberLink')}</Link>
        </p>

        {status?.needsSetup ? (
          <div className="auth__setup">
            <p>{t('login.needsSetup')}</p>
            <Link to="/setup" className="button button--secondary button--block">
              {t('login.setupLink')}
            </Link>
          </div>
        ) : null}
      </div>
    </AuthLayout>
  );
}
