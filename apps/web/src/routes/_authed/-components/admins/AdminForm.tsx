import { authorityAreas } from '@worksbase/schema';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { type FieldErrorLike, fieldErrorMessage } from '../../../../i18n/errors.ts';
import type { AuthorityLevel } from './AuthorityBadge.tsx';

export type Authorities = Record<(typeof authorityAreas)[number], AuthorityLevel>;

export interface AdminFormValues {
  name: string;
  email: string;
  password: string;
  authorities: Authorities;
}

export type AdminFormResult = { ok: true } | { ok: false; message: string; fieldErrors: Map<string, FieldErrorLike> };

interface AdminFormProps {
  /** Editing changes the name and authority only; e-mail and password are set when adding. */
  mode: 'create' | 'edit';
  title: string;
  initial: AdminFormValues;
  onSubmit: (values: AdminFormValues) => Promise<AdminFormResult>;
  onDone: () => void;
}

const levels: readonly AuthorityLevel[] = ['NONE', 'VIEW', 'EDIT'];

function isLevel(value: string): value is AuthorityLevel {
  return levels.some((level) => level === value);
}

export const noAuthorities: Authorities = { members: 'NONE', bots: 'NONE', external: 'NONE', attendance: 'NONE', audit: 'NONE' };

/** Just the five levels: a query result also carries __typename, which an input must not. */
export function authoritiesInput(authorities: Authorities): Authorities {
  const { members, bots, external, attendance, audit } = authorities;
  return { members, bots, external, attendance, audit };
}

export function AdminForm({ mode, title, initial, onSubmit, onDone }: AdminFormProps) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  const [pending, setPending] = useState(false);
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Map<string, FieldErrorLike>>(new Map());
  const titleId = `admin-form-${mode}-title`;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setFormError(undefined);
    setFieldErrors(new Map());
    const result = await onSubmit(values);
    setPending(false);
    if (result.ok) {
      onDone();
      return;
    }
    setFieldErrors(result.fieldErrors);
    setFormError(result.message);
  }

  function fieldError(field: 'name' | 'email' | 'password') {
    const error = fieldErrors.get(field);
    if (!error) return undefined;
    // The rule itself is the hint under the field; the error only says it is not met.
    if (field === 'password' && values.password !== '') return t('admins.passwordInvalid');
    return fieldErrorMessage(t, error, values[field]);
  }

  return (
    <form className="admins-form" aria-labelledby={titleId} onSubmit={(event) => void handleSubmit(event)} noValidate>
      <h2 id={titleId} className="admins-form__title">
        {title}
      </h2>
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <div className="admins-form__fields">
        <TextField
          label={t('admins.name')}
          name="name"
          autoComplete="off"
          required
          value={values.name}
          onChange={(event) => setValues((previous) => ({ ...previous, name: event.target.value }))}
          error={fieldError('name')}
        />
        {mode === 'create' ? (
          <>
            <TextField
              label={t('admins.email')}
              name="email"
              type="email"
              inputMode="email"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={values.email}
              onChange={(event) => setValues((previous) => ({ ...previous, email: event.target.value }))}
              error={fieldError('email')}
            />
            <TextField
              label={t('admins.password')}
              hint={t('admins.passwordRule')}
              name="password"
              type="password"
              autoComplete="new-password"
              required
              value={values.password}
              onChange={(event) => setValues((previous) => ({ ...previous, password: event.target.value }))}
              error={fieldError('password')}
            />
          </>
        ) : null}
      </div>
      <fieldset className="admins-form__authorities">
        <legend className="admins-form__legend">{t('admins.authority')}</legend>
        <p className="admins-form__hint">{t('admins.authorityHint')}</p>
        <div className="admins-form__grid">
          {authorityAreas.map((area) => (
            <SelectField
              key={area}
              label={t(`admins.areas.${area}`)}
              name={`authority-${area}`}
              value={values.authorities[area]}
              options={levels.map((level) => ({ value: level, label: t(`admins.levels.${level}`) }))}
              onChange={(event) => {
                const level = event.target.value;
                if (isLevel(level)) {
                  setValues((previous) => ({ ...previous, authorities: { ...previous.authorities, [area]: level } }));
                }
              }}
            />
          ))}
        </div>
      </fieldset>
      <div className="admins-form__actions">
        <button type="button" className="button button--ghost" onClick={onDone} disabled={pending}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? t('common.saving') : mode === 'create' ? t('admins.create') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
