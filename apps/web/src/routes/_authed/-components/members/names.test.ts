import { describe, expect, it } from 'vitest';
import { englishName, primaryName, readingName, secondaryName } from './names.ts';
import { defaultMemberOrder, membersFilter, membersSearchSchema } from './search.ts';

const sato = {
  familyName: '佐藤',
  givenName: '太郎',
  familyNameReading: 'サトウ',
  givenNameReading: 'タロウ',
  i18nNames: [{ language: 'EN' as const, familyName: 'Sato', givenName: 'Taro' }],
};

describe('member names', () => {
  it('writes the name, the reading and the English name each in its own order', () => {
    expect(primaryName(sato)).toBe('佐藤 太郎');
    expect(readingName(sato)).toBe('サトウ タロウ');
    expect(englishName(sato)).toBe('Taro Sato');
    expect(readingName({ ...sato, familyNameReading: null, givenNameReading: null })).toBeNull();
    expect(readingName({ ...sato, givenNameReading: '' })).toBe('サトウ');
  });

  it('shows the reading under the name in Japanese and the English name in English, else whichever there is', () => {
    expect(secondaryName(sato, 'ja')).toEqual({ text: 'サトウ タロウ' });
    expect(secondaryName(sato, 'en')).toEqual({ text: 'Taro Sato', lang: 'en' });
    const noReading = { ...sato, familyNameReading: null, givenNameReading: null };
    expect(secondaryName(noReading, 'ja')).toEqual({ text: 'Taro Sato', lang: 'en' });
    const noEnglish = { ...sato, i18nNames: [] };
    expect(secondaryName(noEnglish, 'en')).toEqual({ text: 'サトウ タロウ' });
    expect(secondaryName({ ...noEnglish, familyNameReading: null, givenNameReading: null }, 'ja')).toBeNull();
  });
});

describe('member list order', () => {
  it('follows the reader’s language unless the URL chooses one, and drops an unknown one', () => {
    expect(defaultMemberOrder('ja')).toBe('READING');
    expect(defaultMemberOrder('en')).toBe('NAME');
    expect(defaultMemberOrder(undefined)).toBe('READING');
    expect(membersFilter(membersSearchSchema({}), 'en').orderBy).toBe('NAME');
    expect(membersFilter(membersSearchSchema({ order: 'LOGIN_ID' }), 'ja').orderBy).toBe('LOGIN_ID');
    expect(membersFilter(membersSearchSchema({ order: 'SHOE_SIZE' }), 'ja').orderBy).toBe('READING');
  });
});
