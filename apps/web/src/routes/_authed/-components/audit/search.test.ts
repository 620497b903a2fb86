import { describe, expect, it } from 'vitest';
import { auditSearchSchema, auditVariables, csvQueryString, fromLocalInput, toLocalInput } from './search.ts';

describe('audit search params', () => {
  it('trims text filters, drops empty and invalid ones', () => {
    expect(
      auditSearchSchema({ actor: '  owner@example.com ', area: 'MEMBERS', target: '', text: '   ', from: '2026-01-01T00:00:00+09:00', to: 'yesterday' }),
    ).toEqual({ actor: 'owner@example.com', area: 'MEMBERS', from: '2026-01-01T00:00:00+09:00' });
    expect(auditSearchSchema({ area: 'NOT_AN_AREA', text: 'x'.repeat(201) })).toEqual({});
  });

  it('gives equal variables (and so one cache entry) for equal searches', () => {
    const parsed = auditSearchSchema({ actor: 'owner', target: '', text: '  ' });
    expect(auditVariables(parsed)).toEqual({ first: 50, after: null, actor: 'owner' });
    expect(auditVariables({ actor: 'owner', text: undefined }, 'cursor')).toEqual({ first: 50, after: 'cursor', actor: 'owner' });
  });

  it('writes the same filters for the CSV download', () => {
    expect(csvQueryString({ actor: 'a b', area: 'BOTS', from: '2026-01-01T00:00:00Z' })).toBe('actor=a+b&area=BOTS&from=2026-01-01T00%3A00%3A00Z');
    expect(csvQueryString({})).toBe('');
  });
});

describe('datetime-local inputs (browser time zone)', () => {
  it('round-trips an instant at minute precision; "to" covers its whole minute', () => {
    const local = toLocalInput('2026-01-15T00:02:30.000Z');
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(fromLocalInput(local)).toBe('2026-01-15T00:02:00.000Z');
    expect(fromLocalInput(local, true)).toBe('2026-01-15T00:02:59.999Z');
  });

  it('gives nothing for empty or invalid values', () => {
    expect(toLocalInput(undefined)).toBe('');
    expect(toLocalInput('not a date')).toBe('');
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('2026-99-99T99:99')).toBeUndefined();
  });
});
