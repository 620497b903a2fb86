import type { ReactNode } from 'react';
import { EditIcon, TrashIcon } from './icons.tsx';

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

interface EditDeleteButtonsProps {
  editLabel: string;
  deleteLabel: string;
  /** Whether the editor that the edit button opens and closes is open; leave out when editing replaces the row. */
  editing?: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

/** The pencil and the bin of a card or row: change it, or delete it (after a question). */
export function EditDeleteButtons({ editLabel, deleteLabel, editing, onEdit, onDelete }: EditDeleteButtonsProps) {
  return (
    <>
      <IconButton label={editLabel} expanded={editing} onClick={onEdit}>
        <EditIcon />
      </IconButton>
      <IconButton label={deleteLabel} danger onClick={onDelete}>
        <TrashIcon />
      </IconButton>
    </>
  );
}
