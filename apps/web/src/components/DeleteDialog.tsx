import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from './ConfirmDialog.tsx';

/** What `settle` (graphql/outcome.ts) makes of a mutation's answer, as far as this dialog needs it. */
type Outcome = { ok: true } | { ok: false; message: string };

interface DeleteDialogProps {
  open: boolean;
  title: string;
  /** Deletes. A failure keeps the dialog open with its message. */
  onConfirm: () => Promise<Outcome>;
  /** Cancelled, or deleted. */
  onClose: () => void;
  /** The dialog's body: what goes with it. */
  children: ReactNode;
}

/** "Delete …?" before something is deleted for good; shows "Deleting…" meanwhile and why it could not be done. */
export function DeleteDialog({ open, title, onConfirm, onClose, children }: DeleteDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  function close() {
    setError(undefined);
    onClose();
  }

  async function confirm() {
    setBusy(true);
    const outcome = await onConfirm();
    setBusy(false);
    if (outcome.ok) close();
    else setError(outcome.message);
  }

  return (
    <ConfirmDialog
      open={open}
      title={title}
      confirmLabel={t('common.delete')}
      busyLabel={t('common.deleting')}
      busy={busy}
      error={error}
      onConfirm={() => void confirm()}
      onCancel={close}
    >
      {children}
    </ConfirmDialog>
  );
}
