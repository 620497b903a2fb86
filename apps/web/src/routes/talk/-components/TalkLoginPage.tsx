import { Link, useNavigate, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { SignInForm, useSignIn } from '../../../components/SignInForm.tsx';
import { settle } from '../../../graphql/outcome.ts';
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
  const signIn = useSignIn();
  const demo = statusData?.setupStatus.demoMember;

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
            onFill={() => signIn.fill(demo.loginId, demo.password)}
          />
        ) : null}

        <SignInForm
          state={signIn}
          identityField={{ label: t('talk.login.loginId'), hint: t('talk.login.loginIdHint'), name: 'loginId' }}
          submitLabel={t('talk.login.submit')}
          submittingLabel={t('talk.login.submitting')}
          submitting={fetching}
          onSubmit={async (loginId, password) => {
            const result = await login({ input: { loginId, password } });
            const settled = settle(t, result.data?.memberLogin, result.error, { AUTHENTICATION: t('talk.login.invalid') });
            if (settled.ok) {
              // A fresh client: nothing cached while signed out (talkViewer: null) may decide the next page.
              router.options.context.graphql.reset();
              await navigate({ to: '/talk' });
            }
            return settled;
          }}
        />
        <p className="talk-login__switch">
          <Link to="/login">{t('talk.login.adminLink')}</Link>
        </p>
      </div>
    </AuthLayout>
  );
}
