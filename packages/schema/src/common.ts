import { z } from 'zod'

export const languages = ['JA', 'EN'] as const
export const languageSchema = z.enum(languages)
export type Language = z.infer<typeof languageSchema>

export const plans = ['FREE', 'STANDARD', 'ADVANCED'] as const
export const planSchema = z.enum(plans)
export type Plan = z.infer<typeof planSchema>

/** Relay connections never return more than this many nodes per page. */
export const MAX_PAGE_SIZE = 100
export const DEFAULT_PAGE_SIZE = 50

/** Trims and refuses control characters (line breaks included) in single-line text. */
export function singleLine(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min, { message: min === 1 ? 'Required' : `At least ${min} characters` })
    .max(max, { message: `At most ${max} characters` })
    .refine((value) => !/\p{Cc}/u.test(value), { message: 'Line breaks and control characters are not allowed', params: { code: 'control_characters' } })
}

/**
 * The code clients word an issue by: a custom issue's own code (`params.code`, e.g.
 * `login_id_format`), else zod's (`too_small`, `invalid_format`, …). The message stays English.
 */
export function issueCode(issue: z.core.$ZodIssue): string {
  const own = issue.code === 'custom' ? issue.params?.['code'] : undefined
  return typeof own === 'string' ? own : issue.code
}

const knownTimeZones = new Set(Intl.supportedValuesOf('timeZone'))
knownTimeZones.add('UTC')

export const timeZoneSchema = z
  .string()
  .trim()
  .refine((value) => knownTimeZones.has(value), { message: 'Unknown time zone' })

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { message: 'At most 254 characters' })
  .pipe(z.email({ message: 'Not a valid e-mail address' }))
