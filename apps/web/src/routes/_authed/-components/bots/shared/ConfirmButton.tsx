import { type ReactNode, useState } from 'react';
import { ConfirmDialog } from '../../../../../components/ConfirmDialog.tsx';

/** What `settle` (graphql/outcome.ts) makes of a mutation's answer, as far as this button needs it. */
type Outcome<Data> = { ok: true; data: Data } | { ok: false; message: string };

interface ConfirmButtonProps<Data> {
  label: string;
  /** The button's accessible name where its label alone is not enough (a row's "Delete"). */
  ariaLabel?: string;
  title: string;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  /** Runs the mutation. A failure keeps the dialog open with its message. */
  onConfirm: () => Promise<Outcome<Data>>;
  /** After a success, once the dialog is closed (show the result, go elsewhere). */
  onDone?: (data: Data) => unknown;
  /** When the button is pressed (clear what an earlier attempt left on the page). */
  onOpen?: () => void;
  /** The dialog's body. */
  children: ReactNode;
}

/** A danger button that asks first: delete, rotate or regenerate something that cannot be undone. */
export function ConfirmButton<Data>({ label, ariaLabel, title, confirmLabel, busyLabel, busy, onConfirm, onDone, onOpen, children }: ConfirmButtonProps<Data>) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();

  async function confirm() {
    setError(undefined);
    const outcome = await onConfirm();
    if (!outcome.ok) {
      setError(outcome.message);
      return;
    }
    setOpen(false);
    await onDone?.(outcome.data);
  }

  return (
    <>
      <button
        type="button"
        className="button button--danger-outline"
        aria-label={ariaLabel}
        onClick={() => {
          setError(undefined);
          onOpen?.();
          setOpen(true);
        }}
      >
        {label}
      </button>
      <ConfirmDialog
        open={open}
        title={title}
        confirmLabel={confirmLabel}
        busyLabel={busyLabel}
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onCancel={() => setOpen(false)}
      >
        {children}
      </ConfirmDialog>
    </>
  );
}
