import { describe, expect, it } from 'vitest';
import { attendanceEn } from '../../../../i18n/attendance.en.ts';
import { attendanceJa } from '../../../../i18n/attendance.ja.ts';
import { translator } from '../../../../i18n/testing.ts';
import { attendanceError } from './errors.ts';

// The codes the attendance API gives field errors and CSV rows, read from its source: a new code
// without a message in both languages fails here.
const apiSources = import.meta.glob<string>(
  ['../../../../../../api/src/services/attendance/*.ts', '../../../../../../api/src/schema/attendance*.ts', '../../../../../../api/src/lib/csv-text.ts', '!**/*.test.ts'],
  { query: '?raw', import: 'default', eager: true },
);
const patterns = [
  // ValidationError.field(path, message, 'code'), whose arguments may hold calls of their own.
  /ValidationError\.field\((?:[^()]|\([^()]*\))*?,\s*'([a-z_]+)'\s*\)/g,
  /"errorCode" = '([a-z_]+)'/g, // CSV rows checked in SQL
  /\bcode: '([a-z_]+)'/g, // field errors built by hand
];
const apiCodes = new Set(
  Object.values(apiSources).flatMap((source) => patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] ?? ''))),
);

describe('attendance error codes', () => {
  it('finds the codes in the API source', () => {
    expect(Object.keys(apiSources).length).toBeGreaterThan(2);
    expect([...apiCodes]).toEqual(expect.arrayContaining(['duplicate', 'last_word', 'future', 'account_id_taken', 'too_large']));
  });

  it('has a message in Japanese and English for every code', () => {
    for (const code of apiCodes) {
      expect(attendanceJa.errors, code).toHaveProperty(code, expect.stringMatching(/\S/));
      expect(attendanceEn.errors, code).toHaveProperty(code, expect.stringMatching(/\S/));
    }
  });
});

describe('attendanceError', async () => {
  const t = await translator('en');

  it('translates a code, worded for its field when the page says how', () => {
    expect(attendanceError(t, { code: 'duplicate', message: 'Taken' })).toBe(attendanceEn.errors.duplicate);
    expect(attendanceError(t, { code: 'duplicate', message: 'Taken' }, { duplicate: 'Another employee uses this account id.' })).toBe(
      'Another employee uses this account id.',
    );
  });

  it("names the CSV row's account id and the other employee", () => {
    const message = attendanceError(t, { code: 'account_id_taken' }, {}, { account: 'taro@example', other: 'hanako@example' });
    expect(message).toContain('taro@example');
    expect(message).toContain('hanako@example');
  });

  it("shows the server's message for an unknown code, and a generic one without it", () => {
    expect(attendanceError(t, { code: 'brand_new', message: 'Something new' })).toBe('Something new');
    expect(attendanceError(t, { code: null })).toBe(t('errors.unexpected'));
  });
});
