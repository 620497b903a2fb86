import type { TFunction } from 'i18next';
import { type InputHTMLAttributes, type ReactNode, useId } from 'react';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { fieldErrorMessage } from '../../../../../i18n/errors.ts';
import type { FieldProblem } from '../../../../../lib/forms.ts';
import { botTextLength, normalizeBotText } from '../checks.ts';

/**
 * A bot's or an API app's name or description that the shared schema refused (packages/schema
 * botText: too_small when empty, custom for too long or control characters), in the reader's words.
 */
export function botTextMessage(t: TFunction, problem: FieldProblem, value: string, max: number): string {
  if (problem.code === 'too_small' || normalizeBotText(value) === '') return t('bots.form.errors.required');
  const count = botTextLength(value);
  if (count > max) return t('bots.form.errors.tooLong', { count, max });
  if (problem.code === 'custom' || problem.code === 'control_characters') return t('bots.form.errors.control');
  return fieldErrorMessage(t, problem, value);
}

/** The message over the form; focusable, so that a failed submit can take the keyboard to it. */
export function FormErrorAlert({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div tabIndex={-1} className="bots-form__alert" data-form-alert>
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
