import { Temporal } from 'temporal-polyfill'
import { describe, expect, it } from 'vitest'
import { localDate, localTime, monthDates, monthEnd, previousDate } from './calendar.ts'
import { daysRead } from './decisions.ts'

/** The instant of a wall-clock time in a zone (the earlier one when the clock falls back). */
const at = (wallClock: string, timeZone: string) => new Date(Temporal.PlainDateTime.from(wallClock).toZonedDateTime(timeZone).epochMilliseconds)

describe('calendar days in a tenant time zone', () => {
  // Each case: an instant near a daylight-saving change (or in a zone with a 30-minute offset), its
  // local date, and the day before it. Subtracting 24 hours got the ones marked wrong.
  const cases = [
    // New York springs forward on 2026-03-08 (a 23-hour day): 24 h before 00:30 on the 9th is the 7th.
    { zone: 'America/New_York', wallClock: '2026-03-09T00:30', today: '2026-03-09', yesterday: '2026-03-08' },
    { zone: 'America/New_York', wallClock: '2026-03-08T03:30', today: '2026-03-08', yesterday: '2026-03-07' },
    // …and falls back on 2026-11-01 (a 25-hour day): 24 h before 23:30 that day is still the 1st.
    { zone: 'America/New_York', wallClock: '2026-11-01T23:30', today: '2026-11-01', yesterday: '2026-10-31' },
    { zone: 'America/New_York', wallClock: '2026-11-02T00:30', today: '2026-11-02', yesterday: '2026-11-01' },
    { zone: 'Europe/Berlin', wallClock: '2026-03-30T00:30', today: '2026-03-30', yesterday: '2026-03-29' },
    { zone: 'Europe/Berlin', wallClock: '2026-10-25T23:30', today: '2026-10-25', yesterday: '2026-10-24' },
    // Adelaide: +9:30, +10:30 in summer (from 2026-10-04, until 2026-04-05).
    { zone: 'Australia/Adelaide', wallClock: '2026-10-05T00:15', today: '2026-10-05', yesterday: '2026-10-04' },
    { zone: 'Australia/Adelaide', wallClock: '2026-04-05T23:45', today: '2026-04-05', yesterday: '2026-04-04' },
    { zone: 'Asia/Kolkata', wallClock: '2026-03-09T00:10', today: '2026-03-09', yesterday: '2026-03-08' },
    { zone: 'Asia/Tokyo', wallClock: '2026-01-01T00:05', today: '2026-01-01', yesterday: '2025-12-31' },
  ]

  it.each(cases)('$zone $wallClock is on $today, the day after $yesterday', ({ zone, wallClock, today, yesterday }) => {
    const instant = at(wallClock, zone)
    expect(localDate(instant, zone)).toBe(today)
    expect(localTime(instant, zone)).toBe(wallClock.slice(11))
    expect(previousDate(today)).toBe(yesterday)
    expect(daysRead(instant, zone)).toEqual([today, yesterday])
  })

  it('counts the days of a month, leap years included', () => {
    expect(monthDates('2028-02')).toHaveLength(29)
    expect(monthDates('2026-02').at(-1)).toBe('2026-02-28')
    expect(monthDates('2026-03')).toHaveLength(31)
    expect(monthDates('2026-11')[0]).toBe('2026-11-01')
    expect(monthEnd('2026-04')).toBe('2026-04-30')
    expect(monthEnd('2026-12')).toBe('2026-12-31')
    expect(previousDate('2028-03-01')).toBe('2028-02-29')
  })
})
