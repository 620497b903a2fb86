import { Temporal } from 'temporal-polyfill'

/**
 * Calendar days and wall-clock times in a tenant's time zone. An instant's local date and time come
 * from Intl (the same time-zone database, and ten times faster than the Temporal polyfill on the
 * processing path); arithmetic on calendar days uses Temporal's plain dates, never hours: a day is
 * 23 or 25 hours long across a daylight-saving change.
 */

/** Formatters are costly to build (a large share of processing an event): one per time zone and kind. */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(kind: 'date' | 'time', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`
  let format = formatters.get(key)
  if (!format) {
    format =
      kind === 'date'
        ? new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
        : new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    formatters.set(key, format)
  }
  return format
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return formatter('date', timeZone).format(at)
}

/** The wall-clock time (HH:MM) of an instant in a time zone. */
export function localTime(at: Date, timeZone: string): string {
  return formatter('time', timeZone).format(at)
}

/** The calendar day before a date (YYYY-MM-DD). */
export function previousDate(date: string): string {
  return Temporal.PlainDate.from(date).subtract({ days: 1 }).toString()
}

/** Every day of a month (YYYY-MM) as YYYY-MM-DD. */
export function monthDates(month: string): string[] {
  const first = Temporal.PlainYearMonth.from(month).toPlainDate({ day: 1 })
  return Array.from({ length: first.daysInMonth }, (_, index) => first.add({ days: index }).toString())
}

/** The last day of a month (YYYY-MM) as YYYY-MM-DD. */
export function monthEnd(month: string): string {
  const first = Temporal.PlainYearMonth.from(month).toPlainDate({ day: 1 })
  return first.with({ day: first.daysInMonth }).toString()
}
