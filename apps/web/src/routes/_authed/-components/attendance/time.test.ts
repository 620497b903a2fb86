import { describe, expect, it } from 'vitest';
import { dayLabel, hoursMinutes, instantOf, isWeekend, localInputValue, monthLabel, shiftMonth, timeOfDay, weekday } from './time.ts';

describe('hoursMinutes', () => {
  it('writes minutes as h:mm, rounding and keeping the sign', () => {
    expect(hoursMinutes(485)).toBe('8:05');
    expect(hoursMinutes(0)).toBe('0:00');
    expect(hoursMinutes(60)).toBe('1:00');
    expect(hoursMinutes(1500)).toBe('25:00');
    expect(hoursMinutes(59.6)).toBe('1:00');
    expect(hoursMinutes(-90)).toBe('-1:30');
  });
});

describe('wall clock of the tenant time zone', () => {
  it('shows an instant as the time of day in that zone, not the browser’s', () => {
    expect(timeOfDay('2026-01-15T00:02:00Z', 'Asia/Tokyo')).toBe('09:02');
    expect(timeOfDay('2026-01-15T00:02:00Z', 'America/New_York')).toBe('19:02');
    expect(timeOfDay(new Date('2026-01-15T23:59:59Z'), 'UTC')).toBe('23:59');
  });

  it('turns a datetime-local value into the instant in that zone, and back', () => {
    expect(instantOf('2026-01-15T09:02', 'Asia/Tokyo')?.toISOString()).toBe('2026-01-15T00:02:00.000Z');
    expect(localInputValue(new Date('2026-01-15T00:02:00Z'), 'Asia/Tokyo')).toBe('2026-01-15T09:02');
    // Across midnight: the local day is the day before in UTC.
    expect(instantOf('2026-03-01T08:30', 'Asia/Tokyo')?.toISOString()).toBe('2026-02-28T23:30:00.000Z');
  });

  it('settles on the right offset on both sides of a daylight-saving change', () => {
    // New York moves from EST (-5) to EDT (-4) at 02:00 on 8 March 2026.
    expect(instantOf('2026-03-07T12:00', 'America/New_York')?.toISOString()).toBe('2026-03-07T17:00:00.000Z');
    expect(instantOf('2026-03-08T12:00', 'America/New_York')?.toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(instantOf('2026-03-08T01:30', 'America/New_York')?.toISOString()).toBe('2026-03-08T06:30:00.000Z');
    for (const local of ['2026-03-07T23:15', '2026-03-08T03:45', '2026-11-01T00:30', '2026-11-01T03:00']) {
      const instant = instantOf(local, 'America/New_York');
      expect(instant && localInputValue(instant, 'America/New_York'), local).toBe(local);
    }
  });

  it('refuses a value that is not a datetime-local', () => {
    expect(instantOf('2026-01-15 09:02', 'Asia/Tokyo')).toBeUndefined();
    expect(instantOf('', 'Asia/Tokyo')).toBeUndefined();
  });
});

describe('months and days', () => {
  it('steps months across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-05', 0)).toBe('2026-05');
    expect(shiftMonth('2026-05', -17)).toBe('2024-12');
  });

  it('labels months and days in the page language', () => {
    expect(monthLabel('2026-11', 'ja')).toBe('2026年11月');
    expect(monthLabel('2026-11', 'en')).toBe('November 2026');
    expect(dayLabel('2026-11-21', 'ja')).toBe('11月21日(土)');
    expect(dayLabel('2026-11-21', 'en')).toBe('Sat, Nov 21');
    expect(dayLabel('2026-11-21', 'en', 'long')).toBe('Sat, November 21, 2026');
  });

  it('knows the weekday of a date, whatever the browser’s time zone', () => {
    expect(weekday('2026-11-22')).toBe(0);
    expect(weekday('2026-11-21')).toBe(6);
    expect(isWeekend('2026-11-21')).toBe(true);
    expect(isWeekend('2026-11-23')).toBe(false);
  });
});
