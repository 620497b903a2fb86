import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from './FormAlert.tsx';

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
 * A modal question before something that cannot be undone. The native <dialog> traps focus,
 * closes on Escape and gives focus back to the button that opened it; Cancel comes first, so it
 * is what a stray Enter presses.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, busyLabel, busy, error, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      {/* Nothing inside while closed: every row of a list has its own dialog. */}
      {open ? (
        <>
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
        </>
      ) : null}
    </dialog>
  );
}
