import type { CombinedError } from '@urql/core';
import type { TFunction } from 'i18next';
import {
  type AppErrorLike,
  combinedErrorMessage,
  errorMessage,
  type FieldErrorLike,
  fieldErrorsByName,
} from '../i18n/errors.ts';
import type { Messages } from '../i18n/ja.ts';

type ErrorCode = keyof Messages['errors']['codes'];

/** The success member of a mutation's result union (`Mutation<Name>Success`). */
export type SuccessOf<Outcome> = Extract<Outcome, { __typename: `${string}Success` }>;

export type Settled<Outcome> =
  | { ok: true; data: SuccessOf<Outcome> }
  | { ok: false; message: string; fieldErrors: Map<string, FieldErrorLike> };

function isSuccess<Outcome extends { __typename: string }>(outcome: Outcome): outcome is SuccessOf<Outcome> {
  return outcome.__typename.endsWith('Success');
}

function isAppError(value: object): value is AppErrorLike & { fieldErrors?: readonly FieldErrorLike[] } {
  return 'code' in value && typeof value.code === 'string' && 'message' in value && typeof value.message === 'string';
}

/**
 * Turns a mutation's result union (selected with `... on Error { code message }` and
 * `... on ValidationError { fieldErrors { path code message } }`) into success data or a
 * translated message with the invalid fields. `overrides` word an error code for its context.
 */
export function settle<Outcome extends { __typename: string }>(
  t: TFunction,
  outcome: Outcome | undefined,
  error: CombinedError | undefined,
  overrides: Partial<Record<ErrorCode, string>> = {},
): Settled<Outcome> {
  if (!outcome) {
    return { ok: false, message: error ? combinedErrorMessage(t, error) : t('errors.unexpected'), fieldErrors: new Map() };
  }
  if (isSuccess(outcome)) return { ok: true, data: outcome };
  if (!isAppError(outcome)) return { ok: false, message: t('errors.unexpected'), fieldErrors: new Map() };
  return {
    ok: false,
    message: errorMessage(t, outcome, overrides),
    fieldErrors: fieldErrorsByName(outcome.fieldErrors ?? []),
  };
}
