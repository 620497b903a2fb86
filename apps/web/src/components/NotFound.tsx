import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="center-page">
      <div className="card">
        <h1 className="card__title">{t('app.notFoundTitle')}</h1>
        <p>{t('app.notFoundBody')}</p>
        <Link to="/" className="button button--primary">
          {t('app.backHome')}
        </Link>
      </div>
    </div>
  );
}
