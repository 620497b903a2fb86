import { useTranslation } from 'react-i18next';
import { LockIcon } from './icons.tsx';

/** A whole page the signed-in admin may not open: says so, and what authority it needs. */
export function NoAuthority({ title, reason }: { title: string; reason: string }) {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" className="page__title">
        {title}
      </h1>
      <div className="no-authority" role="status">
        <span className="no-authority__icon">
          <LockIcon />
        </span>
        <p className="no-authority__title">{t('common.noAuthority')}</p>
        <p className="no-authority__reason">{reason}</p>
      </div>
    </section>
  );
}
