import { isTemplateKey, templateKeys } from '@worksbase/schema';
import { describe, expect, it } from 'vitest';
import { attendanceEn } from '../../../../i18n/attendance.en.ts';
import { attendanceJa } from '../../../../i18n/attendance.ja.ts';

describe('reply templates', () => {
  it('has a label in Japanese and English for every template the API offers, and no other', () => {
    expect(Object.keys(attendanceJa.wording.keys).sort()).toEqual([...templateKeys].sort());
    expect(Object.keys(attendanceEn.wording.keys).sort()).toEqual([...templateKeys].sort());
  });

  it('tells template keys from other strings', () => {
    expect(isTemplateKey('ALREADY_CLOCKED_IN')).toBe(true);
    expect(isTemplateKey('already_clocked_in')).toBe(false);
    expect(isTemplateKey('toString')).toBe(false);
  });
});
