import type { TFunction } from 'i18next';
import type { attendanceJa } from '../../../../i18n/attendance.ja.ts';
import { hasMessage } from '../../../../i18n/errors.ts';

/** The stable codes the attendance API gives its errors (field errors, CSV rows and files). */
export type AttendanceErrorCode = keyof typeof attendanceJa.errors;

export function isAttendanceErrorCode(t: TFunction, code: string): code is AttendanceErrorCode {
  return hasMessage(t, `attendance.errors.${code}`);
}

interface CodedError {
  code?: string | null;
  message?: string | null;
}

/**
 * An attendance error in the page's language, found by its code; `context` words a code for the
 * field it is on (e.g. "Enter a word." for `required`). An unknown code shows the API's message.
 */
export function attendanceError(
  t: TFunction,
  error: CodedError,
  context: Partial<Record<AttendanceErrorCode, string>> = {},
  /** CSV rows: the row's account id and the other employee's login id. */
  values: { account?: string; other?: string } = {},
): string {
  const code = error.code ?? '';
  if (!isAttendanceErrorCode(t, code)) return error.message ?? t('errors.unexpected');
  return context[code] ?? t(`attendance.errors.${code}`, { account: values.account ?? '', other: values.other ?? '' });
}
