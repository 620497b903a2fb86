import { useNavigate, useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../graphql/graphql.ts';
import { combinedErrorMessage } from '../i18n/errors.ts';
import { LogoutIcon } from './icons.tsx';

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export function LogoutButton() {
  const { t } = useTranslation();
  const router = useRouter();
  const navigate = useNavigate();
  const [{ fetching }, logout] = useMutation(LogoutMutation);
  const [error, setError] = useState<string>();

  async function handleLogout() {
    setError(undefined);
    const result = await logout({});
    if (result.error) {
      setError(combinedErrorMessage(t, result.error));
      return;
    }
    // A fresh client drops everything cached for this session.
    router.options.context.graphql.reset();
    await navigate({ to: '/login' });
  }

  return (
    <>
      <button
        type="button"
        className="button button--ghost shell__logout"
        onClick={() => void handleLogout()}
        disabled={fetching}
        aria-label={fetching ? t('shell.loggingOut') : t('shell.logout')}
      >
        <LogoutIcon />
        <span className="shell__logout-label" aria-hidden="true">
          {fetching ? t('shell.loggingOut') : t('shell.logout')}
        </span>
      </button>
      {error ? (
        <p className="shell__error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
