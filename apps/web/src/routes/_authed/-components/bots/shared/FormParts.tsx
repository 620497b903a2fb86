import type { TFunction } from 'i18next';
import { type InputHTMLAttributes, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import type { TextProblem } from '../checks.ts';

/** What is wrong with a bot's or an API app's name or description, in the reader's language. */
export function textProblemMessage(t: TFunction, problem: TextProblem): string {
  if (problem.kind === 'required') return t('bots.form.errors.required');
  if (problem.kind === 'tooLong') return t('bots.form.errors.tooLong', { count: problem.count, max: problem.max });
  return t('bots.form.errors.control');
}

/**
 * A form's errors: one message over the form and one a field. After a failed submit the keyboard
 * (and screen reader) goes to the first field to fix, or else to the message.
 */
export function useFormErrors<FieldName extends string>() {
  const formRef = useRef<HTMLFormElement>(null);
  const [fieldErrors, setFieldErrors] = useState<Map<FieldName, string>>(new Map());
  const [formError, setFormError] = useState<string>();
  const [focusToken, setFocusToken] = useState(0);

  useEffect(() => {
    if (focusToken === 0) return;
    const form = formRef.current;
    const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"], .field--invalid input, .field--invalid textarea');
    (invalid ?? form?.querySelector<HTMLElement>('.bots-form__alert'))?.focus();
  }, [focusToken]);

  function fail(message: string, errors = new Map<FieldName, string>()) {
    setFieldErrors(errors);
    setFormError(message);
    setFocusToken((token) => token + 1);
  }

  return { formRef, fieldErrors, setFieldErrors, formError, setFormError, fail };
}

/** The message over the form; focusable, so that a failed submit can take the keyboard to it. */
export function FormErrorAlert({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div tabIndex={-1} className="bots-form__alert">
      <FormAlert>{message}</FormAlert>
    </div>
  );
}

/** Submit, then `children` (the Cancel link). */
export function FormActions({ label, busyLabel, busy, children }: { label: string; busyLabel: string; busy: boolean; children: ReactNode }) {
  return (
    <div className="members-form__actions">
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? busyLabel : label}
      </button>
      {children}
    </div>
  );
}

interface OptionsFieldsetProps {
  legend: string;
  hint?: string;
  error?: string | undefined;
  /** More classes for the fieldset. */
  className?: string;
  /** More classes for the grid of options (how many columns). */
  gridClassName?: string;
  /** `Option`s. */
  children: ReactNode;
}

/** Checkboxes or radio buttons under one legend, laid out as a grid of cards. */
export function OptionsFieldset({ legend, hint, error, className, gridClassName, children }: OptionsFieldsetProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ');
  return (
    <fieldset className={['bots-options', error ? 'field--invalid' : undefined, className].filter(Boolean).join(' ')} aria-describedby={describedBy || undefined}>
      <legend className="field__label">{legend}</legend>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className={gridClassName ? `bots-options__grid ${gridClassName}` : 'bots-options__grid'}>{children}</div>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

type OptionProps = InputHTMLAttributes<HTMLInputElement> & {
  type: 'checkbox' | 'radio';
  label: ReactNode;
  /** What choosing it means, under the label. */
  hint?: string;
};

/** One checkbox or radio button of an `OptionsFieldset`, as a card with the label (and a hint). */
export function Option({ label, hint, ...input }: OptionProps) {
  return (
    <label className="tokens-scopes__option bots-option">
      <input {...input} />
      <span className="tokens-scopes__text">
        {label}
        {hint ? <span className="bots-option__hint">{hint}</span> : null}
      </span>
    </label>
  );
}
