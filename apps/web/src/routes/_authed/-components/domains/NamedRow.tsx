import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PlusIcon } from '../../../../components/icons.tsx';

/** A department or an employment type: its name, how many members it has, and the editor's buttons (children). */
export function NamedRow({ name, memberCount, children }: { name: string; memberCount: number; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="domains-tree__row">
      <span className="domains-tree__label">
        <span className="domains-tree__name">{name}</span>
        <span className="domains-tree__count">{t('domains.memberCount', { count: memberCount })}</span>
      </span>
      {children ? <span className="domains-tree__actions">{children}</span> : null}
    </div>
  );
}

/** "+ Add …" in a section's header: opens the form that adds one more. */
export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="button button--secondary button--small" onClick={onClick}>
      <PlusIcon />
      {label}
    </button>
  );
}
