import { useTranslation } from 'react-i18next';
import { BackLink as ListBackLink } from '../../../../components/BackLink.tsx';

/** Back to the bot list (the Developer Console). */
export function BackLink() {
  const { t } = useTranslation();
  return <ListBackLink to="/bots" label={t('bots.backToList')} />;
}

/** Back to the API app list. */
export function AppsBackLink() {
  const { t } = useTranslation();
  return <ListBackLink to="/bots/apps" label={t('apiApps.backToList')} />;
}
