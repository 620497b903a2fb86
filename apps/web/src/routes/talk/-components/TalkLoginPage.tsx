import { Link, useNavigate, useRouter } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { combinedErrorMessage, errorMessage, type FieldErrorLike, fieldErrorMessage, fieldErrorsByName } from '../../../i18n/errors.ts';
import { AuthLayout } from '../../-components/AuthLayout.tsx';
import { DemoLoginBox } from '../../-components/DemoLoginBox.tsx';
import { MemberLoginMutation, TalkSetupStatusQuery } from './documents.ts';

/** Members sign in to the talk view with their login id and the password an admin set. */
export function TalkLoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const router = useRouter();
  const [{ data: statusData }] = useQuery({ query: TalkSetupStatusQuery });
  const [{ fetching }, login] = useMutation(MemberLoginMutation);
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Map<string, FieldErrorLike>>(new Map());
  const submitRef = useRef<HTMLButtonElement>(null);
  const demo = statusData?.setupStatus.demoMember;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    setFieldErrors(new Map());
    const result = await login({ input: { loginId, password } });
    const outcome = result.data?.memberLogin;
    if (!outcome) {
      setFormError(result.error ? combinedErrorMessage(t, result.error) : t('errors.unexpected'));
      return;
    }
    switch (outcome.__typename) {
      case 'MutationMemberLoginSuccess':
        // A fresh client: nothing cached while signed out (talkViewer: null) may decide the next page.
        router.options.context.graphql.reset();
        await navigate({ to: '/talk' });
        return;
      case 'ValidationError':
        setFieldErrors(fieldErrorsByName(outcome.fieldErrors));
        setFormError(errorMessage(t, outcome));
        return;
      case 'AuthenticationError':
        setFormError(errorMessage(t, outcome, { AUTHENTICATION: t('talk.login.invalid') }));
        return;
      case 'RateLimitedError':
        setFormError(errorMessage(t, outcome));
        return;
    }
  }

  function fieldError(name: 'loginId' | 'password', value: string) {
    const error = fieldErrors.get(name);
    return error ? fieldErrorMessage(t, error, value) : undefined;
  }

  return (
    <AuthLayout>
      <div className="card auth__card">
        <h1 className="card__title">{t('talk.login.title')}</h1>
        <p className="card__intro">{t('talk.login.intro')}</p>

        {demo ? (
          <DemoLoginBox
            id="talk-demo"
            title={t('talk.login.demoTitle')}
            intro={t('talk.login.demoIntro')}
            credentials={[
              { label: t('talk.login.loginId'), value: demo.loginId },
              { label: t('fields.password'), value: demo.password },
            ]}
            fillLabel={t('talk.login.demoFill')}
            onFill={() => {
              setLoginId(demo.loginId);
              setPassword(demo.password);
              setFieldErrors(new Map());
              submitRef.current?.focus();
            }}
          />
        ) : null}

        <form className="form" onSubmit={(event) => void handleSubmit(event)} noValidate>
          {formError ? <FormAlert>{formError}</FormAlert> : null}
          <TextField
            label={t('talk.login.loginId')}
            hint={t('talk.login.loginIdHint')}
            name="loginId"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={loginId}
            onChange={(event) => setLoginId(event.target.value)}
            error={fieldError('loginId', loginId)}
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
            {fetching ? t('talk.login.submitting') : t('talk.login.submit')}
          </button>
        </form>
        <p className="talk-login__switch">
          <Link to="/login">{t('talk.login.adminLink')}</Link>
        </p>
      </div>
    </AuthLayout>
  );
}
