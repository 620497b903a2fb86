import { useTranslation } from 'react-i18next';

type ImportStatus = 'PARSING' | 'VALIDATED' | 'APPLYING' | 'APPLIED' | 'FAILED' | 'CANCELLED';

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge members-import-status members-import-status--${status.toLowerCase()}`}>
      {t(`memberImport.status.${status}`)}
    </span>
  );
}
