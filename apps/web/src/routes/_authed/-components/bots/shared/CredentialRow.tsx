import type { ReactNode } from 'react';
import { CopyButton } from '../../tokens/CopyButton.tsx';

/** One row of a credentials list (`<dl className="bots-credentials__list">`): the label, then its `<dd>`. */
export function CredentialRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="bots-credential">
      <dt className="bots-credential__label">{label}</dt>
      {children}
    </div>
  );
}

/** An identifier shown in full, with a button that copies it (Bot ID, Client ID). */
export function CopyRow({ label, value, copyLabel }: { label: string; value: string; copyLabel: string }) {
  return (
    <CredentialRow label={label}>
      <dd className="bots-credential__body">
        <code className="bots-credential__value">{value}</code>
        <span className="bots-credential__actions">
          <CopyButton text={value} label={copyLabel} />
        </span>
      </dd>
    </CredentialRow>
  );
}

/** A secret this page does not show, and why. */
export function HiddenRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <CredentialRow label={label}>
      <dd className="bots-credential__hidden">{children}</dd>
    </CredentialRow>
  );
}
