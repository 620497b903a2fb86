import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from './FormAlert.tsx';
import { ModalDialog } from './ModalDialog.tsx';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  error?: string | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question before something that cannot be undone. Cancel comes first, so it is what a
 * stray Enter presses; Escape cancels too, unless the action is under way.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, busyLabel, busy, error, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const id = useId();

  // Nothing inside while closed: every row of a list has its own dialog.
  return (
    <ModalDialog
      open={open}
      className="confirm-dialog"
      labelledBy={`${id}-title`}
      describedBy={`${id}-body`}
      onCancel={() => {
        if (!busy) onCancel();
      }}
    >
      <h2 id={`${id}-title`} className="confirm-dialog__title">
        {title}
      </h2>
      <div id={`${id}-body`} className="confirm-dialog__body">
        {children}
      </div>
      {error ? <FormAlert>{error}</FormAlert> : null}
      <div className="confirm-dialog__actions">
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
