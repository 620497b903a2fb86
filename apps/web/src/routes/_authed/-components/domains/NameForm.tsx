import { singleLine } from '@worksbase/schema';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import type { FieldErrorLike } from '../../../../i18n/errors.ts';
import { useZodForm } from '../../../../lib/forms.ts';

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
  // Every name here (display name, department, employment type) is the shared single-line rule.
  const schema = useMemo(() => singleLine(maxLength), [maxLength]);
  const form = useZodForm<{ value: string }, 'value'>({
    defaultValues: { value: initialValue },
    schema,
    toInput: ({ value }) => value,
    // The schema checks the bare value (path []); the server names the field.
    fieldOf: (path) => (path.length === 0 || path[0] === field ? 'value' : undefined),
    invalidMessage: null,
  });
  const { t } = useTranslation();
  const pending = form.formState.isSubmitting;

  async function save({ value }: { value: string }) {
    const result = await onSubmit(value);
    if (result.ok) onDone();
    else form.fail(result.message, result.fieldErrors.values());
  }

  return (
    <form
      ref={form.formRef}
      className="domains-name-form"
      onSubmit={form.submit(save)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !pending) onDone();
      }}
      noValidate
    >
      {form.formError ? <FormAlert>{form.formError}</FormAlert> : null}
      <TextField
        label={label}
        maxLength={maxLength}
        required
        // Opened by an explicit "add" or "rename" press, so moving focus here is expected.
        autoFocus
        {...form.register('value')}
        error={form.fieldError('value')}
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
