import { useId } from 'react';

interface SwitchProps {
  label: string;
  hint?: string | undefined;
  checked: boolean;
  disabled?: boolean;
  busy?: boolean;
  onChange: (checked: boolean) => void;
}

/** An on/off setting: a button with role="switch", its label and hint announced with it. */
export function Switch({ label, hint, checked, disabled, busy, onChange }: SwitchProps) {
  const id = useId();
  return (
    <div className="switch-field">
      <div className="switch-field__text">
        <span className="switch-field__label" id={`${id}-label`}>
          {label}
        </span>
        {hint ? (
          <span className="switch-field__hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
      </div>
      <button
        type="button"
        role="switch"
        className="switch"
        aria-checked={checked}
        aria-labelledby={`${id}-label`}
        aria-describedby={hint ? `${id}-hint` : undefined}
        aria-busy={busy || undefined}
        disabled={disabled || busy}
        onClick={() => onChange(!checked)}
      >
        <span className="switch__thumb" aria-hidden="true" />
      </button>
    </div>
  );
}
