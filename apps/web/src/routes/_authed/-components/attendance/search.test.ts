import { describe, expect, it } from 'vitest';
import { employeesFilter, employeesSearchSchema, timesheetsSearchSchema } from './search.ts';

describe('employee list search params', () => {
  it('keeps valid filters and drops bad ones instead of failing the page', () => {
    expect(employeesSearchSchema({ q: 'sato', orgUnitId: 'T3JnVW5pdDox', linked: 'yes' })).toEqual({ q: 'sato', orgUnitId: 'T3JnVW5pdDox', linked: 'yes' });
    expect(employeesSearchSchema({ q: 'x'.repeat(101), orgUnitId: '  ', linked: 'maybe', employmentTypeId: 42 })).toEqual({});
  });

  it('turns the search into the query arguments', () => {
    expect(employeesFilter({ q: '  sato ', linked: 'no' })).toEqual({ query: 'sato', orgUnitId: null, employmentTypeId: null, linked: false });
    expect(employeesFilter({ q: '   ', linked: 'yes', orgUnitId: 'O1', employmentTypeId: 'E1' })).toEqual({
      query: null,
      orgUnitId: 'O1',
      employmentTypeId: 'E1',
      linked: true,
    });
    expect(employeesFilter({})).toEqual({ query: null, orgUnitId: null, employmentTypeId: null, linked: null });
  });
});

describe('timesheet search params', () => {
  it('accepts a month as YYYY-MM only', () => {
    expect(timesheetsSearchSchema({ employee: 'TWVtYmVyOjE=', month: '2026-11' })).toEqual({ employee: 'TWVtYmVyOjE=', month: '2026-11' });
    for (const month of ['2026-13', '2026-00', '2026-1', '202611', 'November']) {
      expect(timesheetsSearchSchema({ month }), month).toEqual({});
    }
  });
});
