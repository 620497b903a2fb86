import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

/** Back to the API app list. */
export function AppsBackLink() {
  const { t } = useTranslation();
  return (
    <Link to="/bots/apps" className="members-back">
      <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M15 5l-7 7 7 7" />
      </svg>
      {t('apiApps.backToList')}
    </Link>
  );
}
