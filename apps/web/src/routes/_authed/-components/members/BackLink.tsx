import { useTranslation } from 'react-i18next';
import { BackLink as ListBackLink } from '../../../../components/BackLink.tsx';

/** Back to the member list. */
export function BackLink() {
  const { t } = useTranslation();
  return <ListBackLink to="/members" label={t('members.backToList')} />;
}
