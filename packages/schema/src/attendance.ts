import { z } from 'zod'

/** The four stamps an employee can record by writing to the attendance bot. */
export const stampKinds = ['CLOCK_IN', 'CLOCK_OUT', 'BREAK_START', 'BREAK_END'] as const
export type StampKind = (typeof stampKinds)[number]

/** Words the bot understands out of the box, in Japanese and English; tenants add their own. */
export const defaultStampWords: Record<StampKind, { ja: string; en: string }> = {
  CLOCK_IN: { ja: '出勤', en: 'Clock in' },
  CLOCK_OUT: { ja: '退勤', en: 'Clock out' },
  BREAK_START: { ja: '休憩開始', en: 'Break start' },
  BREAK_END: { ja: '休憩終了', en: 'Break end' },
}

/** The bot's reply texts a tenant can change, per language (the API keeps the defaults and placeholders). */
export const templateKeys = [
  'stamped',
  'ALREADY_CLOCKED_IN',
  'ALREADY_CLOCKED_OUT',
  'NOT_CLOCKED_IN',
  'ON_BREAK',
  'NOT_ON_BREAK',
  'unlinked',
  'help',
  'todayNone',
  'today',
  'firstMessage',
] as const
export type TemplateKey = (typeof templateKeys)[number]

/** Whether a key (as the API sends it, a plain string) names one of the {@link templateKeys}. */
export function isTemplateKey(key: string): key is TemplateKey {
  return (templateKeys as readonly string[]).includes(key)
}

/** Words that ask the bot for today's stamps. */
export const defaultTodayWords = { ja: '今日', en: 'today' }

/**
 * How a typed word is compared: Unicode NFKC (full-width letters and digits become half-width,
 * half-width katakana full-width), lower case, surrounding spaces (ASCII or ideographic) removed and
 * inner runs of spaces collapsed to one.
 */
export function normalizeWord(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim()
}

/** One custom word: 1-50 characters once normalized, on one line. */
export const stampWordSchema = z
  .string()
  .max(50, { message: 'At most 50 characters' })
  .refine((value) => normalizeWord(value) !== '', { message: 'Required' })
  .refine((value) => !/[\r\n]/.test(value), { message: 'Line breaks are not allowed' })

/** A LINE WORKS user id: a UUID, as callbacks carry it. */
const userIdPattern = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
/** A login id as this platform's (and LINE WORKS') are: 2-40 of a-z 0-9 . _ - before the @, a domain name after it. */
const loginIdPattern = '[a-z0-9._-]{2,40}@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*'

/**
 * What an employee's account id may be, lower case: the login id they write from or their LINE WORKS
 * user id. A plain pattern (no JavaScript-only syntax), so the CSV import checks rows with it in the
 * database too.
 */
export const ATTENDANCE_ACCOUNT_ID_PATTERN = `^(?:${userIdPattern}|${loginIdPattern})$`

/** An account id as typed: trimmed and lower-cased, then a login id (name@domain) or a user id. */
export const attendanceAccountIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(200, { message: 'At most 200 characters' })
  .regex(new RegExp(ATTENDANCE_ACCOUNT_ID_PATTERN), { message: 'Write a login id (name@domain) or a LINE WORKS user id' })
