import { adminCreateSchema, adminUpdateSchema, authorityAreas } from '@worksbase/schema';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { type FieldErrorLike, fieldErrorMessage } from '../../../../i18n/errors.ts';
import { type FieldProblem, useZodForm } from '../../../../lib/forms.ts';
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

export const noAuthorities: Authorities = { members: 'NONE', bots: 'NONE', external: 'NONE', attendance: 'NONE', audit: 'NONE' };

/** Just the five levels: a query result also carries __typename, which an input must not. */
export function authoritiesInput(authorities: Authorities): Authorities {
  const { members, bots, external, attendance, audit } = authorities;
  return { members, bots, external, attendance, audit };
}

type AdminField = 'name' | 'email' | 'password';

function fieldOf(path: readonly string[]): AdminField | undefined {
  const [head] = path;
  return head === 'name' || head === 'email' || head === 'password' ? head : undefined;
}

function describe(field: AdminField, problem: FieldProblem, values: AdminFormValues, t: TFunction): string {
  // The rule itself is the hint under the field; the error only says it is not met.
  if (field === 'password' && values.password !== '') return t('admins.passwordInvalid');
  return fieldErrorMessage(t, problem, values[field]);
}

export function AdminForm({ mode, title, initial, onSubmit, onDone }: AdminFormProps) {
  const { t } = useTranslation();
  const form = useZodForm<AdminFormValues, AdminField>({
    defaultValues: initial,
    schema: mode === 'create' ? adminCreateSchema : adminUpdateSchema,
    toInput: ({ name, email, password, authorities }) => (mode === 'create' ? { name, email, password, authorities } : { name, authorities }),
    fieldOf,
    describe,
  });
  const { register, fieldError, formError, formRef } = form;
  const pending = form.formState.isSubmitting;
  const titleId = `admin-form-${mode}-title`;

  async function save(values: AdminFormValues) {
    const result = await onSubmit(values);
    if (result.ok) onDone();
    else form.fail(result.message, result.fieldErrors.values());
  }

  return (
    <form ref={formRef} className="admins-form" aria-labelledby={titleId} onSubmit={form.submit(save)} noValidate>
      <h2 id={titleId} className="admins-form__title">
        {title}
      </h2>
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <div className="admins-form__fields">
        <TextField
          label={t('admins.name')}
          autoComplete="off"
          required
          {...register('name')}
          error={fieldError('name')}
        />
        {mode === 'create' ? (
          <>
            <TextField
              label={t('admins.email')}
              type="email"
              inputMode="email"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              required
              {...register('email')}
              error={fieldError('email')}
            />
            <TextField
              label={t('admins.password')}
              hint={t('admins.passwordRule')}
              type="password"
              autoComplete="new-password"
              required
              {...register('password')}
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
              options={levels.map((level) => ({ value: level, label: t(`admins.levels.${level}`) }))}
              {...register(`authorities.${area}`)}
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
