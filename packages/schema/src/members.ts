import { z } from 'zod'
import { emailSchema, languageSchema, singleLine } from './common.ts'
import { memberStatuses } from './values.ts'

/** The part of a login id before the @: lower-case a-z, 0-9, `.`, `_`, `-`, 2-40 characters. */
export const loginLocalPartSchema = z
  .string()
  .min(2, { message: 'At least 2 characters before @' })
  .max(40, { message: 'At most 40 characters before @' })
  .regex(/^[a-z0-9._-]+$/, { message: 'Use lower-case letters, digits, . _ and - before @' })

export const loginIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(104, { message: 'At most 104 characters' })
  .superRefine((value, ctx) => {
    const at = value.indexOf('@')
    if (at < 0 || at !== value.lastIndexOf('@')) {
      ctx.addIssue({ code: 'custom', message: 'Write the login id as name@domain', params: { code: 'login_id_format' } })
      return
    }
    const local = loginLocalPartSchema.safeParse(value.slice(0, at))
    if (!local.success) {
      for (const issue of local.error.issues) {
        const code = issue.code === 'too_small' ? 'login_local_too_short' : issue.code === 'too_big' ? 'login_local_too_long' : 'login_local_characters'
        ctx.addIssue({ code: 'custom', message: issue.message, params: { code } })
      }
    }
    if (at === value.length - 1) ctx.addIssue({ code: 'custom', message: 'The domain after @ is missing', params: { code: 'domain_missing' } })
  })

export const memberNameSchema = z.object({
  language: languageSchema,
  familyName: singleLine(50),
  givenName: singleLine(50, 0),
})

export const memberStatusSchema = z.enum(memberStatuses)

/** Kana a reading (フリガナ) may use: hiragana, katakana, the long-vowel mark, middle dots and spaces. */
const readingPattern = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・ 　]*$/u

/**
 * A reading of a name (フリガナ), in hiragana or katakana; half-width katakana become full-width
 * (NFKC). Empty means none. Stored as written; `readingSortKey` gives its 50-音 order.
 */
export const readingSchema = singleLine(50, 0)
  .transform((value) => value.normalize('NFKC'))
  .refine((value) => readingPattern.test(value), { message: 'Write the reading in kana (hiragana or katakana)', params: { code: 'reading_kana' } })

const optionalReading = readingSchema.transform((value) => (value === '' ? null : value)).nullish()

/**
 * A reading in the form it sorts and matches by: katakana turned into hiragana, so that サトウ and
 * さとう are the same and both come in 50-音 order (code points of hiragana follow it).
 */
export function readingSortKey(reading: string): string {
  return reading.normalize('NFKC').replace(/[\u30a1-\u30f6]/g, (kana) => String.fromCharCode(kana.charCodeAt(0) - 0x60))
}

const optionalText = (max: number) =>
  singleLine(max, 0)
    .transform((value) => (value === '' ? null : value))
    .nullish()

export const memberFieldsSchema = z.object({
  familyName: singleLine(50),
  givenName: singleLine(50, 0),
  /** The reading (フリガナ) of the family name; null or empty for none. */
  familyNameReading: optionalReading,
  givenNameReading: optionalReading,
  i18nNames: z
    .array(memberNameSchema)
    .max(5, { message: 'At most 5 translated names' })
    .refine((names) => new Set(names.map((name) => name.language)).size === names.length, {
      message: 'One name per language',
    })
    .optional(),
  nickname: optionalText(50),
  email: z
    .union([z.literal(''), emailSchema])
    .transform((value) => (value === '' ? null : value))
    .nullish(),
  orgUnitId: z.string().nullish(),
  employmentTypeId: z.string().nullish(),
})

export const memberCreateSchema = memberFieldsSchema.extend({
  domainId: z.string().min(1, { message: 'Required' }),
  loginId: loginIdSchema,
})
export type MemberCreateInput = z.infer<typeof memberCreateSchema>

export const memberUpdateSchema = memberFieldsSchema.partial()
export type MemberUpdateInput = z.infer<typeof memberUpdateSchema>

export const memberSearchSchema = z.object({
  query: z.string().trim().max(100, { message: 'At most 100 characters' }).optional(),
})

/** Columns of the member CSV (import and export). `login_id` identifies the member. */
export const memberCsvColumns = [
  'login_id',
  'family_name',
  'given_name',
  'family_name_en',
  'given_name_en',
  'family_name_reading',
  'given_name_reading',
  'nickname',
  'email',
  'department',
  'employment_type',
  'status',
] as const
export type MemberCsvColumn = (typeof memberCsvColumns)[number]

/** Upload limits for the member CSV import. */
export const MEMBER_IMPORT_MAX_BYTES = 64 * 1024 * 1024
export const MEMBER_IMPORT_MAX_ROWS = 200_000
