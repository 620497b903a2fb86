import { describe, expect, it } from 'vitest';
import { authSearchSchema } from './redirect.ts';
import {
  enumOr,
  optionalEnum,
  optionalFlag,
  optionalId,
  optionalInstant,
  optionalMonth,
  optionalText,
  optionalTrimmedText,
  searchParams,
} from './search.ts';

// URL search parameters as anyone can write them: wrong types, arrays, objects, huge and padded
// values are dropped, never thrown.

const junk = [undefined, null, 42, true, ['a'], { a: 1 }, Number.NaN];

describe('search readers', () => {
  it('keep well-formed values and drop everything else', () => {
    for (const value of junk) {
      expect(optionalText(10)(value)).toBeUndefined();
      expect(optionalTrimmedText(10)(value)).toBeUndefined();
      expect(optionalEnum(['A', 'B'])(value)).toBeUndefined();
      expect(optionalMonth()(value)).toBeUndefined();
      expect(optionalInstant()(value)).toBeUndefined();
      expect(enumOr(['LINE', 'WORKS'], 'LINE')(value)).toBe('LINE');
    }
    expect(optionalText(3)('abc')).toBe('abc');
    expect(optionalText(3)('abcd')).toBeUndefined();
    expect(optionalText(3)('')).toBe('');
    expect(optionalTrimmedText(3)('  ab ')).toBe('ab');
    expect(optionalTrimmedText(3)('   ')).toBeUndefined();
    expect(optionalId()(' x ')).toBe('x');
    expect(optionalId(3)('abcd')).toBeUndefined();
    expect(optionalEnum(['A', 'B'])('B')).toBe('B');
    expect(optionalEnum(['A', 'B'])('b')).toBeUndefined();
    expect(enumOr(['LINE', 'WORKS'], 'LINE')('WORKS')).toBe('WORKS');
    expect(optionalFlag()(true)).toBe(true);
    expect(optionalFlag()('true')).toBeUndefined();
  });

  it('accept only real months and instants with an offset', () => {
    expect(optionalMonth()('2026-12')).toBe('2026-12');
    for (const bad of ['2026-13', '2026-1', '2026-00', '202612', '2026-12-01']) expect(optionalMonth()(bad)).toBeUndefined();
    expect(optionalInstant()('2026-01-01T00:00:00+09:00')).toBe('2026-01-01T00:00:00+09:00');
    expect(optionalInstant()('2026-01-01T00:00:00.123Z')).toBe('2026-01-01T00:00:00.123Z');
    for (const bad of ['2026-01-01T00:00:00', '2026-01-01', '2026-02-30T25:00:00Z', 'yesterday']) expect(optionalInstant()(bad), bad).toBeUndefined();
  });

  it('leave absent parameters out of the search', () => {
    const read = searchParams({ q: optionalText(5), kind: enumOr(['A', 'B'], 'A') });
    expect(read({ q: 'hello', kind: 'B', other: 'x' })).toEqual({ q: 'hello', kind: 'B' });
    expect(read({ q: 'too long' })).toEqual({ kind: 'A' });
    expect(Object.keys(read({}))).toEqual(['kind']);
  });

  it('only redirect to same-origin paths after sign-in', () => {
    expect(authSearchSchema({ redirect: '/members?q=1' })).toEqual({ redirect: '/members?q=1' });
    for (const target of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'members', '/'.padEnd(2001, 'x'), 7]) {
      expect(authSearchSchema({ redirect: target })).toEqual({});
    }
  });
});
