import type { CombinedError } from '@urql/core';
import type { TFunction } from 'i18next';
import type { Messages } from './ja.ts';

/** A typed error member of a GraphQL result union (`interface Error { code message }`). */
export interface AppErrorLike {
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

export interface FieldErrorLike {
  path: readonly string[];
  code: string;
  message: string;
}

type ErrorCode = keyof Messages['errors']['codes'];
type FieldCode = keyof Messages['errors']['fieldCodes'];

const missing = '\u0000';

/**
 * Whether the messages have `key`. Every language has the same keys (en.ts is typed against
 * ja.ts), so asking the loaded language is enough, and no dictionary is imported for it.
 */
export function hasMessage(t: TFunction, key: string): boolean {
  return t(key as never, { defaultValue: missing }) !== missing;
}

function isErrorCode(t: TFunction, code: string): code is ErrorCode {
  return hasMessage(t, `errors.codes.${code}`);
}

function isFieldCode(t: TFunction, code: string): code is FieldCode {
  return hasMessage(t, `errors.fieldCodes.${code}`);
}

/**
 * The translated message for an error code, with `overrides` for messages that read better in
 * context (e.g. AUTHENTICATION on the login form). Unknown codes fall back to the server's message.
 */
export function errorMessage(
  t: TFunction,
  error: AppErrorLike,
  overrides: Partial<Record<ErrorCode, string>> = {},
): string {
  if (!isErrorCode(t, error.code)) return error.message;
  const override = overrides[error.code];
  if (override !== undefined) return override;
  if (error.code === 'RATE_LIMITED' && error.retryAfterSeconds !== undefined) {
    return t('errors.rateLimitedRetry', { count: error.retryAfterSeconds });
  }
  return t(`errors.codes.${error.code}`);
}

/**
 * The message for one invalid field (zod issue codes). `value` lets an empty field say
 * "required" rather than "too short". Custom and unknown codes use the server's message.
 */
export function fieldErrorMessage(t: TFunction, error: Pick<FieldErrorLike, 'code' | 'message'>, value?: string): string {
  if ((error.code === 'too_small' || error.code === 'invalid_type') && value?.trim() === '') {
    return t('errors.fieldCodes.required');
  }
  return isFieldCode(t, error.code) ? t(`errors.fieldCodes.${error.code}`) : error.message;
}

/** Transport and masked server failures (a CombinedError from urql). */
export function combinedErrorMessage(t: TFunction, error: CombinedError): string {
  if (error.networkError) return t('errors.network');
  for (const graphQLError of error.graphQLErrors) {
    const code = graphQLError.extensions['code'];
    if (typeof code === 'string' && isErrorCode(t, code)) return t(`errors.codes.${code}`);
  }
  return t('errors.unexpected');
}

/** Field errors keyed by the input field they belong to (the last path segment). */
export function fieldErrorsByName(errors: readonly FieldErrorLike[]): Map<string, FieldErrorLike> {
  const byName = new Map<string, FieldErrorLike>();
  for (const error of errors) {
    const name = error.path.at(-1);
    if (name !== undefined && !byName.has(name)) byName.set(name, error);
  }
  return byName;
}
