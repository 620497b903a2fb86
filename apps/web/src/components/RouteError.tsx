import { CombinedError } from '@urql/core';
import { type ErrorComponentProps, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { combinedErrorMessage } from '../i18n/errors.ts';

/** Shown when a guard or loader throws (e.g. the server is unreachable), with a way to retry. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const message = error instanceof CombinedError ? combinedErrorMessage(t, error) : t('errors.unexpected');
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
