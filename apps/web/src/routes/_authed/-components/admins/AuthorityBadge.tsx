import { useTranslation } from 'react-i18next';

export type AuthorityLevel = 'NONE' | 'VIEW' | 'EDIT';

export function AuthorityBadge({ level }: { level: AuthorityLevel }) {
  const { t } = useTranslation();
  return <span className={`badge admins-level admins-level--${level.toLowerCase()}`}>{t(`admins.levels.${level}`)}</span>;
}
