import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { type FieldErrorLike, fieldErrorMessage } from '../../../../i18n/errors.ts';

export type FormResult = { ok: true } | { ok: false; message: string; fieldErrors: Map<string, FieldErrorLike> };

interface NameFormProps {
  label: string;
  initialValue?: string;
  submitLabel: string;
  /** The input field the server reports errors for (`name`, `displayName`). */
  field?: string;
  maxLength?: number;
  onSubmit: (value: string) => Promise<FormResult>;
  onDone: () => void;
}

/** One name to add or change in place: focused on open, Escape or Cancel closes it. */
export function NameForm({ label, initialValue = '', submitLabel, field = 'name', maxLength = 100, onSubmit, onDone }: NameFormProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initialValue);
  const [pending, setPending] = useState(false);
  const [formError, setFormError] = useState<string>();
  const [fieldError, setFieldError] = useState<FieldErrorLike>();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setFormError(undefined);
    setFieldError(undefined);
    const result = await onSubmit(value);
    setPending(false);
    if (result.ok) {
      onDone();
      return;
    }
    const invalid = result.fieldErrors.get(field);
    if (invalid) setFieldError(invalid);
    else setFormError(result.message);
  }

  return (
    <form
      className="domains-name-form"
      onSubmit={(event) => void handleSubmit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !pending) onDone();
      }}
      noValidate
    >
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <TextField
        label={label}
        name={field}
        value={value}
        maxLength={maxLength}
        required
        // Opened by an explicit "add" or "rename" press, so moving focus here is expected.
        autoFocus
        onChange={(event) => setValue(event.target.value)}
        error={fieldError ? fieldErrorMessage(t, fieldError, value) : undefined}
      />
      <div className="domains-name-form__actions">
        <button type="button" className="button button--ghost" onClick={onDone} disabled={pending}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? t('common.saving') : submitLabel}
        </button>
      </div>
    </form>
  );
}
