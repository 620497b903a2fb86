import { useTranslation } from 'react-i18next';

export function MemberStatusBadge({ status }: { status: 'ACTIVE' | 'SUSPENDED' }) {
  const { t } = useTranslation();
  return (
    <span className={`badge members-status members-status--${status.toLowerCase()}`}>{t(`members.status.${status}`)}</span>
  );
}
