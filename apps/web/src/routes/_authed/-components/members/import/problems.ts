import type { TFunction } from 'i18next';
import { fieldErrorMessage, hasMessage } from '../../../../../i18n/errors.ts';
import type { FileProblem } from './upload.ts';

export interface RowProblem {
  code: string;
  message: string;
  limit?: number | null;
  value?: string | null;
}

/**
 * A row's problem in the reader's language, by its code: the import's own words (with the limit or
 * the unknown value), else the words every form uses for that field code, else the server's
 * English message (rows checked before codes existed).
 */
export function rowProblemText(t: TFunction, problem: RowProblem): string {
  const key = `memberImport.problems.${problem.code}`;
  if (hasMessage(t, key)) return t(key as never, { limit: problem.limit ?? '', value: problem.value ?? '' });
  return fieldErrorMessage(t, problem);
}

/** What is wrong with a whole file, by its code, else the server's message. */
export function fileProblemText(t: TFunction, problem: FileProblem): string {
  const key = `memberImport.upload.fileErrors.${problem.code}`;
  return hasMessage(t, key) ? t(key as never, { value: problem.value ?? '' }) : problem.message;
}
