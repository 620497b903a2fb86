// Dates and times of the tenant's time zone. Stamps are instants; timesheets show them as the wall
// clock of the tenant's time zone, which need not be the browser's.

/** Minutes as h:mm (e.g. 485 → "8:05"). */
export function hoursMinutes(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const total = Math.abs(Math.round(minutes));
  return `${sign}${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: Date, timeZone: string): WallClock {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
  };
}

/** How far the time zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: Date, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant of a wall-clock time ("YYYY-MM-DDTHH:mm") in a time zone. The offset is taken at the
 * first guess and checked once more, which settles daylight-saving changes.
 */
export function instantOf(local: string, timeZone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return undefined;
  const [, year, month, day, hour, minute] = match.map(Number);
  const guess = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0);
  let instant = guess - offsetAt(new Date(guess), timeZone);
  const settled = guess - offsetAt(new Date(instant), timeZone);
  if (settled !== instant) instant = settled;
  return new Date(instant);
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The wall-clock time of an instant in a time zone, as a datetime-local value ("YYYY-MM-DDTHH:mm"). */
export function localInputValue(instant: Date, timeZone: string): string {
  const wall = wallClock(instant, timeZone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** The time of day of an instant in a time zone ("09:02"). */
export function timeOfDay(instant: string | Date, timeZone: string): string {
  const wall = wallClock(new Date(instant), timeZone);
  return `${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** The month (YYYY-MM) it is now in a time zone. */
export function currentMonth(timeZone: string): string {
  const wall = wallClock(new Date(), timeZone);
  return `${wall.year}-${pad(wall.month)}`;
}

/** The day (YYYY-MM-DD) it is now in a time zone. */
export function today(timeZone: string): string {
  const wall = wallClock(new Date(), timeZone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** The month before or after (YYYY-MM). */
export function shiftMonth(month: string, by: number): string {
  const [year = 1970, number = 1] = month.split('-').map(Number);
  const index = year * 12 + (number - 1) + by;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** A month for people: "2026年11月" / "November 2026". */
export function monthLabel(month: string, language: string | undefined): string {
  const [year = 1970, number = 1] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, number - 1, 1)));
}

/** A working day for people, with its weekday: "11月21日(土)" / "Sat, Nov 21". */
export function dayLabel(date: string, language: string | undefined, style: 'short' | 'long' = 'short'): string {
  const [year = 1970, month = 1, day = 1] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(language, {
    ...(style === 'long' && { year: 'numeric' }),
    month: style === 'long' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, day)));
}

/** The day of the week of a date (YYYY-MM-DD): 0 is Sunday, 6 Saturday. */
export function weekday(date: string): number {
  const [year = 1970, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const day = weekday(date);
  return day === 0 || day === 6;
}

/** An instant as date and time in a time zone, for "verified at" and the like. */
export function dateTimeLabel(instant: string, language: string | undefined, timeZone?: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone && { timeZone }) }).format(new Date(instant));
}
