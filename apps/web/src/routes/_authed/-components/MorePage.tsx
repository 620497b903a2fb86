import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ChevronIcon, SettingsIcon } from '../../../components/icons.tsx';
import { allowedEntries, secondaryNav } from '../../../components/navigation.tsx';
import { useAccess, useAuthorities } from '../../../graphql/access.ts';

/** The phone's overflow menu: areas that do not fit in the bottom bar. */
export function MorePage() {
  const { t } = useTranslation();
  const access = useAccess();
  const authorities = useAuthorities();
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" className="page__title">
        {t('more.title')}
      </h1>
      <ul className="link-list">
        {allowedEntries(secondaryNav, authorities).map((entry) => (
          <li key={entry.to}>
            <Link to={entry.to} className="link-list__item">
              <span className="link-list__icon">{entry.icon}</span>
              <span className="link-list__text">
                <span className="link-list__label">{t(entry.label)}</span>
                <span className="link-list__description">{t(entry.description)}</span>
              </span>
              <ChevronIcon />
            </Link>
          </li>
        ))}
        {access?.isMaster ? (
          <li>
            <Link to="/settings" className="link-list__item">
              <span className="link-list__icon">
                <SettingsIcon />
              </span>
              <span className="link-list__text">
                <span className="link-list__label">{t('settings.title')}</span>
                <span className="link-list__description">{t('settings.description')}</span>
              </span>
              <ChevronIcon />
            </Link>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
