import { type ReactNode, useEffect, useRef } from 'react';

interface ModalDialogProps {
  open: boolean;
  className: string;
  /** The id of the title that names the dialog, and of the text that describes it. */
  labelledBy: string;
  describedBy?: string;
  /** Escape was pressed: the owner decides whether the dialog closes. */
  onCancel: () => void;
  children: ReactNode;
}

/**
 * A native <dialog> shown as a modal while `open`: it traps focus, reports Escape through
 * `onCancel` and gives focus back to the button that opened it. What it holds is mounted only
 * while open, so every opening starts afresh.
 */
export function ModalDialog({ open, className, labelledBy, describedBy, onCancel, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={className}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {open ? children : null}
    </dialog>
  );
}
