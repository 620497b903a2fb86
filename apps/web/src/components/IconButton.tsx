import type { ReactNode } from 'react';

interface IconButtonProps {
  /** Names the action for assistive technology and as the hover tooltip. */
  label: string;
  danger?: boolean;
  /** For a button that opens and closes an inline editor. */
  expanded?: boolean;
  onClick: () => void;
  children: ReactNode;
}

/** A square button showing only an icon, labelled by `label`. */
export function IconButton({ label, danger = false, expanded, onClick, children }: IconButtonProps) {
  return (
    <button
      type="button"
      className={danger ? 'icon-button icon-button--danger' : 'icon-button'}
      aria-label={label}
      title={label}
      aria-expanded={expanded}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
