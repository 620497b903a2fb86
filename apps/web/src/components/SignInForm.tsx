import { type ComponentProps, type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldErrorLike, fieldErrorMessage } from '../i18n/errors.ts';
import { FormAlert } from './FormAlert.tsx';
import { TextField } from './TextField.tsx';

/** What `settle` (graphql/outcome.ts) makes of a sign-in mutation's answer, as far as the form needs it. */
type Outcome = { ok: true } | { ok: false; message: string; fieldErrors: Map<string, FieldErrorLike> };

/** The state of a sign-in form; the page keeps it, so that the demo account's box can fill it in. */
export function useSignIn() {
  const [identity, setIdentity] = useState('');
  const [password, setPassword] = useState('');
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Map<string, FieldErrorLike>>(new Map());
  const submitRef = useRef<HTMLButtonElement>(null);

  /** Puts in the demo account's sign-in and moves to the submit button. */
  function fill(demoIdentity: string, demoPassword: string) {
    setIdentity(demoIdentity);
    setPassword(demoPassword);
    setFieldErrors(new Map());
    submitRef.current?.focus();
  }

  return { identity, setIdentity, password, setPassword, formError, setFormError, fieldErrors, setFieldErrors, submitRef, fill };
}

interface SignInFormProps {
  state: ReturnType<typeof useSignIn>;
  /** Who signs in: the e-mail address (admins) or the login id (members). */
  identityField: { name: 'email' | 'loginId' } & Pick<ComponentProps<typeof TextField>, 'label' | 'hint' | 'type' | 'inputMode'>;
  submitLabel: string;
  submittingLabel: string;
  submitting: boolean;
  /** Signs in; on success the page goes on, a failure shows on the form. */
  onSubmit: (identity: string, password: string) => Promise<Outcome>;
}

/** Sign-in with an identity and a password, for the admin console and the talk view. */
export function SignInForm({ state, identityField, submitLabel, submittingLabel, submitting, onSubmit }: SignInFormProps) {
  const { t } = useTranslation();
  const { identity, setIdentity, password, setPassword, formError, setFormError, fieldErrors, setFieldErrors, submitRef } = state;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    setFieldErrors(new Map());
    const outcome = await onSubmit(identity, password);
    if (outcome.ok) return;
    setFieldErrors(outcome.fieldErrors);
    setFormError(outcome.message);
  }

  function fieldError(name: string, value: string) {
    const error = fieldErrors.get(name);
    return error ? fieldErrorMessage(t, error, value) : undefined;
  }

  return (
    <form className="form" onSubmit={(event) => void handleSubmit(event)} noValidate>
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <TextField
        {...identityField}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        value={identity}
        onChange={(event) => setIdentity(event.target.value)}
        error={fieldError(identityField.name, identity)}
      />
      <TextField
        label={t('fields.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={fieldError('password', password)}
      />
      <button ref={submitRef} type="submit" className="button button--primary button--block" disabled={submitting}>
        {submitting ? submittingLabel : submitLabel}
      </button>
    </form>
  );
}
