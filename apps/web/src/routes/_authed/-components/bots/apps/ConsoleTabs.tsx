import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import './apiApps.css';

/** Bots | API apps: the two halves of the Developer Console, under the page header. */
export function ConsoleTabs() {
  const { t } = useTranslation();
  return (
    <nav className="console-tabs" aria-label={t('apiApps.tabs.label')}>
      <Link to="/bots" className="console-tabs__tab" activeOptions={{ exact: true }} activeProps={{ 'aria-current': 'page' }}>
        {t('apiApps.tabs.bots')}
      </Link>
      <Link to="/bots/apps" className="console-tabs__tab" activeProps={{ 'aria-current': 'page' }}>
        {t('apiApps.tabs.apps')}
      </Link>
    </nav>
  );
}
