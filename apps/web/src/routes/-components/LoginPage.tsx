import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../components/FormAlert.tsx';
import { SignInForm, useSignIn } from '../../components/SignInForm.tsx';
import { MutationErrorFragment } from '../../graphql/fragments.ts';
import { graphql } from '../../graphql/graphql.ts';
import { settle } from '../../graphql/outcome.ts';
import { SetupStatusQuery } from '../../graphql/session.ts';
import { combinedErrorMessage } from '../../i18n/errors.ts';
import { AuthLayout } from './AuthLayout.tsx';
import { DemoLoginBox } from './DemoLoginBox.tsx';

const LoginMutation = graphql(
  `
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
        ... on RateLimitedError {
          retryAfterSeconds
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

export function LoginPage({ redirectTo }: { redirectTo: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [{ data: statusData, error: statusError }] = useQuery({ query: SetupStatusQuery });
  const [{ fetching }, login] = useMutation(LoginMutation);
  const signIn = useSignIn();
  const status = statusData?.setupStatus;

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
              if (demo) signIn.fill(demo.email, demo.password);
            }}
          />
        ) : null}

        <SignInForm
          state={signIn}
          identityField={{ label: t('fields.email'), name: 'email', type: 'email', inputMode: 'email' }}
          submitLabel={t('login.submit')}
          submittingLabel={t('login.submitting')}
          submitting={fetching}
          onSubmit={async (email, password) => {
            const result = await login({ input: { email, password } });
            const settled = settle(t, result.data?.login, result.error, { AUTHENTICATION: t('login.invalidCredentials') });
            if (settled.ok) await navigate({ href: redirectTo });
            return settled;
          }}
        />

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
