import { useTranslation } from 'react-i18next';

export type BotStatus = 'PREPARING' | 'PUBLIC' | 'ACTION_REQUIRED';

/** Preparing (in no domain), Public, or Public with something to attend to. */
export function BotStatusBadge({ status }: { status: BotStatus }) {
  const { t } = useTranslation();
  return <span className={`badge bots-status bots-status--${status.toLowerCase().replace('_', '-')}`}>{t(`bots.status.${status}`)}</span>;
}
