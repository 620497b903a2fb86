import { describe, expect, it } from 'vitest';
import { translator } from '../../../../../i18n/testing.ts';
import { en } from '../../../../../i18n/en.ts';
import { ja } from '../../../../../i18n/ja.ts';
import { fileProblemText, rowProblemText } from './problems.ts';

// The codes the member import gives rows and files, read from the API's source and the shared
// schemas: a new code without words in both languages fails here.
const sources = import.meta.glob<string>(
  ['../../../../../../../api/src/services/member-import.ts', '../../../../../../../api/src/lib/csv-text.ts', '../../../../../../../../packages/schema/src/{members,common}.ts'],
  { query: '?raw', import: 'default', eager: true },
);
const patterns = [
  /ValidationError\.field\((?:[^()]|\([^()]*\))*?,\s*'([a-z_]+)'\s*(?:,[^)]*)?\)/g,
  /\bcode: '([a-z_]+)'/g,
  /'(login_local_[a-z_]+)'/g,
];
const codes = new Set(Object.values(sources).flatMap((source) => patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] ?? ''))));
// zod's own code of a custom issue: the shared schemas give each custom issue a code of its own.
codes.delete('custom');
// What zod itself reports for the row schema's rules.
const zodCodes = ['required', 'too_small', 'too_big', 'invalid_format', 'invalid_value', 'invalid_type'];

describe('member import problem codes', () => {
  it('finds the codes in the sources', () => {
    expect(Object.keys(sources)).toHaveLength(4);
    expect([...codes]).toEqual(expect.arrayContaining(['unknown_department', 'duplicate_login_id', 'csv_quote_not_closed', 'unknown_columns', 'unknown_encoding', 'too_large', 'login_id_format', 'login_local_characters', 'control_characters', 'domain_deleted']));
  });

  it('words every code in Japanese and English', () => {
    for (const messages of [ja, en]) {
      const worded = new Set([...Object.keys(messages.memberImport.problems), ...Object.keys(messages.errors.fieldCodes), ...Object.keys(messages.memberImport.upload.fileErrors)]);
      for (const code of [...codes, ...zodCodes]) expect(worded.has(code), code).toBe(true);
    }
  });
});

describe('rowProblemText', async () => {
  const [tJa, tEn] = await Promise.all([translator('ja'), translator('en')]);

  it('words a problem by its code, with the limit or value it needs', () => {
    expect(rowProblemText(tJa, { code: 'unknown_department', message: 'Unknown department 総務 in x', value: '総務' })).toBe('部署「総務」はこのドメインにありません。');
    expect(rowProblemText(tEn, { code: 'too_big', message: 'At most 50 characters', limit: 50 })).toBe('Use at most 50 characters.');
    expect(rowProblemText(tJa, { code: 'duplicate_login_id', message: 'Same login id as line 2', value: '2' })).toBe('2 行目と同じログイン ID です。');
    expect(rowProblemText(tJa, { code: 'login_id_format', message: 'Write the login id as name@domain' })).toBe(ja.errors.fieldCodes.login_id_format);
  });

  it("shows the server's message for a code it does not know (rows checked before codes existed)", () => {
    expect(rowProblemText(tJa, { code: 'custom', message: 'Unknown domain x.example' })).toBe('Unknown domain x.example');
    expect(rowProblemText(tJa, { code: 'something_new', message: 'New rule' })).toBe('New rule');
  });

  it('words file problems, naming the columns', () => {
    expect(fileProblemText(tJa, { code: 'unknown_columns', message: 'Unknown columns: name', value: 'name, phone' })).toBe('使えない列があります: name, phone。テンプレートの列名を使ってください。');
    expect(fileProblemText(tEn, { code: 'LIMIT_EXCEEDED', message: 'Too big' })).toBe('Too big');
  });
});
