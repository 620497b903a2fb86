import { CombinedError } from '@urql/core';
import { type ErrorComponentProps, useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { combinedErrorMessage } from '../i18n/errors.ts';

/**
 * Shown when a guard or loader throws (e.g. the server is unreachable), with a way to retry; it
 * retries by itself when the browser comes back online. Inside the admin console a page's error
 * shows within the shell (its menu stays usable).
 */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const message = error instanceof CombinedError ? combinedErrorMessage(t, error) : t('errors.unexpected');
  useEffect(() => {
    const retry = () => {
      reset();
      void router.invalidate();
    };
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [reset, router]);
  return (
    <div className="center-page">
      <div className="card" role="alert">
        <h1 className="card__title">{t('app.errorTitle')}</h1>
        <p>{message}</p>
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            reset();
            void router.invalidate();
          }}
        >
          {t('app.retry')}
        </button>
      </div>
    </div>
  );
}

/**
 * The admin console's guard failed (who is signed in cannot be known, e.g. the server is down on
 * the first load): the shell's frame stays, with the error and its retry where the page would be.
 */
export function ShellRouteError(props: ErrorComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="shell shell--bare">
      <header className="shell__header">
        <div className="shell__tenant">
          <span className="shell__app-name">{t('app.name')}</span>
        </div>
        <div className="shell__actions">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="shell__main" tabIndex={-1}>
        <RouteError {...props} />
      </main>
    </div>
  );
}
