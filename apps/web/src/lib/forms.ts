import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type DefaultValues, type FieldErrors, type FieldValues, type Path, type Resolver, type SubmitHandler, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { issueCode } from '@worksbase/schema';
import type { z } from 'zod';
import { type FieldErrorLike, fieldErrorMessage } from '../i18n/errors.ts';

/** A field's problem as zod and the API's ValidationError both state it: an issue code and English words. */
export type FieldProblem = Omit<FieldErrorLike, 'path'>;

interface ZodFormOptions<Values extends FieldValues, Field extends Path<Values>> {
  defaultValues: DefaultValues<Values>;
  /**
   * Checked before sending: the shared schema (packages/schema) of the input the form sends, so that
   * the rules are the API's own. Without it only the server checks.
   */
  schema?: z.ZodType;
  /** The input as it would be sent (the form's values when left out). */
  toInput?: (values: Values) => unknown;
  /** The form field an issue or a server field error belongs to, from its path in the input. */
  fieldOf: (path: readonly string[]) => Field | undefined;
  /** Words a field's problem in the reader's language; by default from its zod issue code. */
  describe?: (field: Field, problem: FieldProblem, values: Values, t: TFunction) => string;
  /**
   * The message over the form when fields are invalid (checked here or by the server); `null` for
   * none (the field says it all). Left out: the server's message, or "Please check your input".
   */
  invalidMessage?: string | null;
}

/** Zod issues keyed by the form field they belong to (the first one a field). */
function problemsOf(issues: readonly z.core.$ZodIssue[], fieldOf: (path: readonly string[]) => string | undefined) {
  const problems = new Map<string, FieldProblem>();
  for (const issue of issues) {
    const field = fieldOf(issue.path.map(String));
    if (field !== undefined && !problems.has(field)) problems.set(field, { code: issueCode(issue), message: issue.message });
  }
  return problems;
}

/**
 * react-hook-form with the API's own rules: the values go through `toInput` and the shared zod
 * schema, and both zod issues and the server's field errors (ValidationError) land on the form's
 * fields through one `fieldOf`, worded by one `describe`. Errors are kept as {code, message} and
 * worded when shown, so a language switch re-words them. After a failed submit the keyboard goes to
 * the first invalid field, or else to the message over the form (an element with `data-form-alert`).
 */
export function useZodForm<Values extends FieldValues, Field extends Path<Values>>(options: ZodFormOptions<Values, Field>) {
  const { t } = useTranslation();
  const { schema, toInput, fieldOf, describe, invalidMessage } = options;
  const resolver: Resolver<Values> | undefined = schema
    ? (values) => {
        const parsed = schema.safeParse(toInput ? toInput(values) : values);
        const problems = parsed.success ? new Map<string, FieldProblem>() : problemsOf(parsed.error.issues, fieldOf);
        // Problems no field shows (none expected) are left to the server, which names them in its message.
        if (problems.size === 0) return { values, errors: {} };
        // Keyed by `fieldOf`'s names, which are paths of Values.
        const errors = Object.fromEntries([...problems].map(([field, problem]) => [field, { type: problem.code, message: problem.message }])) as FieldErrors<Values>;
        return { values: {}, errors };
      }
    : undefined;
  const form = useForm<Values>({ defaultValues: options.defaultValues, resolver, shouldFocusError: false });
  const formRef = useRef<HTMLFormElement>(null);
  const [formError, setFormError] = useState<string>();
  const [focusToken, setFocusToken] = useState(0);

  useEffect(() => {
    if (focusToken === 0) return;
    const element = formRef.current;
    (element?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? element?.querySelector<HTMLElement>('[data-form-alert]'))?.focus();
  }, [focusToken]);

  /** The message over the form (and the field errors a server answer carries), then the keyboard to them. */
  function fail(message: string, fieldErrors: Iterable<FieldErrorLike> = []) {
    let invalid = false;
    for (const error of fieldErrors) {
      const field = fieldOf(error.path);
      if (field === undefined || form.getFieldState(field).error) continue;
      form.setError(field, { type: error.code, message: error.message });
      invalid = true;
    }
    setFormError(invalid && invalidMessage !== undefined ? (invalidMessage ?? undefined) : message);
    setFocusToken((token) => token + 1);
  }

  /** The form's onSubmit: the checks, then `onValid` with the values. */
  function submit(onValid: SubmitHandler<Values>) {
    return (event: FormEvent<HTMLFormElement>) => {
      setFormError(undefined);
      let invalid = false;
      void form
        .handleSubmit(onValid, () => {
          invalid = true;
          setFormError(invalidMessage === null ? undefined : (invalidMessage ?? t('errors.codes.VALIDATION')));
        })(event)
        // react-hook-form publishes the errors after onInvalid: move the focus once they are shown.
        .then(() => {
          if (invalid) setFocusToken((token) => token + 1);
        });
    };
  }

  /** The field's problem in the reader's language, or undefined. */
  function fieldError(field: Field): string | undefined {
    const error = form.getFieldState(field, form.formState).error;
    if (!error) return undefined;
    const problem = { code: error.type, message: error.message ?? '' };
    if (describe) return describe(field, problem, form.getValues(), t);
    const value: unknown = form.getValues(field);
    return fieldErrorMessage(t, problem, typeof value === 'string' ? value : undefined);
  }

  return { ...form, formRef, formError, setFormError, fail, submit, fieldError };
}
