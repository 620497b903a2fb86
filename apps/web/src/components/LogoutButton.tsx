import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/graphql.ts';
import { LogoutIcon } from './icons.tsx';
import { useSignOut } from './useSignOut.ts';

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export function LogoutButton() {
  const { t } = useTranslation();
  const { signingOut, error, signOut } = useSignOut(LogoutMutation, '/login');

  return (
    <>
      <button
        type="button"
        className="button button--ghost shell__logout"
        onClick={signOut}
        disabled={signingOut}
        aria-label={signingOut ? t('shell.loggingOut') : t('shell.logout')}
      >
        <LogoutIcon />
        <span className="shell__logout-label" aria-hidden="true">
          {signingOut ? t('shell.loggingOut') : t('shell.logout')}
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
