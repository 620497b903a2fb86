import { z } from 'zod'
import { languageSchema, singleLine } from './common.ts'

/** The two external-messaging sections: LINE users, and LINE WORKS users of other companies. */
export const externalKinds = ['LINE', 'WORKS'] as const
export const externalKindSchema = z.enum(externalKinds)
export type ExternalKind = z.infer<typeof externalKindSchema>

export const TALK_ID_MIN = 3
export const TALK_ID_MAX = 30

/**
 * Why a talk id cannot be used, or null when it can. A talk id is what external users find a member
 * by: lower-case a-z, 0-9, `_` and `-`, 3-30 characters, starting with a letter or digit. A member's
 * default talk id is the part of their login id before the @, which may contain `.` (allowed in login
 * ids, not in talk ids): provisioning then fails with this reason and the admin sets another id.
 */
export function talkIdProblem(talkId: string): { code: 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_CHARACTERS' | 'INVALID_START'; detail: string } | null {
  if (talkId.length < TALK_ID_MIN) return { code: 'TOO_SHORT', detail: `At least ${TALK_ID_MIN} characters` }
  if (talkId.length > TALK_ID_MAX) return { code: 'TOO_LONG', detail: `At most ${TALK_ID_MAX} characters` }
  const invalid = [...new Set(talkId.replace(/[a-z0-9_-]/g, ''))]
  if (invalid.length > 0) return { code: 'INVALID_CHARACTERS', detail: `Cannot contain ${invalid.map((char) => `“${char}”`).join(' ')}` }
  if (!/^[a-z0-9]/.test(talkId)) return { code: 'INVALID_START', detail: 'Must start with a letter or digit' }
  return null
}

/** A usable talk id suggested from one that is not (e.g. `taro.yamada` → `taro_yamada`). */
export function suggestTalkId(talkId: string): string {
  let suggestion = talkId
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '_')
    .replace(/^[_-]+/, '')
    .slice(0, TALK_ID_MAX)
  while (suggestion.length < TALK_ID_MIN) suggestion += '0'
  return suggestion
}

export const talkIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine((value, ctx) => {
    const problem = talkIdProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem.detail })
  })

export const GREETING_MAX = 500

/** Greeting text: several lines allowed, no other control characters, at most GREETING_MAX characters. */
export const greetingTextSchema = z
  .string()
  .max(GREETING_MAX * 2, { message: `At most ${GREETING_MAX} characters` })
  .transform((value) => value.replace(/\r\n?/g, '\n').trim())
  .refine((value) => [...value].length <= GREETING_MAX, { message: `At most ${GREETING_MAX} characters` })
  // Line breaks and tabs are fine; other control characters (\p{Cc}) are not.
  .refine((value) => !/\p{Cc}/u.test(value.replace(/[\n\t]/g, '')), { message: 'Control characters are not allowed' })

export const externalSettingUpdateSchema = z.object({
  autoGrant: z.boolean().optional(),
  greetingEnabled: z.boolean().optional(),
  greetingJa: greetingTextSchema.optional(),
  greetingEn: greetingTextSchema.optional(),
  restrictFiles: z.boolean().optional(),
})
export type ExternalSettingUpdate = z.infer<typeof externalSettingUpdateSchema>

/** How many members one call may add or remove. */
export const EXTERNAL_LINKS_PER_CALL = 1000

export const externalMessageTypes = ['TEXT', 'STICKER', 'PHOTO', 'FILE', 'CONTACT', 'DRIVE'] as const
export const externalMessageTypeSchema = z.enum(externalMessageTypes)
export type ExternalMessageType = z.infer<typeof externalMessageTypeSchema>
/** Types that are attachments: refused in external rooms while file transfer is restricted. */
export const externalAttachmentTypes: readonly ExternalMessageType[] = ['PHOTO', 'FILE', 'CONTACT', 'DRIVE']

export const EXTERNAL_MESSAGE_MAX = 2000

export const externalMessageSchema = z
  .object({
    type: externalMessageTypeSchema,
    text: z.string().max(EXTERNAL_MESSAGE_MAX * 2).optional(),
    fileName: singleLine(200).optional(),
  })
  .transform((message) => ({ ...message, text: message.text?.replace(/\r\n?/g, '\n').trim() }))
  .superRefine((message, ctx) => {
    if (message.type === 'TEXT') {
      if (!message.text) ctx.addIssue({ code: 'custom', path: ['text'], message: 'Required' })
      else if ([...message.text].length > EXTERNAL_MESSAGE_MAX) ctx.addIssue({ code: 'custom', path: ['text'], message: `At most ${EXTERNAL_MESSAGE_MAX} characters` })
    } else if (message.type !== 'STICKER' && !message.fileName) {
      ctx.addIssue({ code: 'custom', path: ['fileName'], message: 'Required for an attachment' })
    }
  })

export const externalContactSchema = z.object({
  externalId: singleLine(100),
  displayName: singleLine(100),
  language: languageSchema.default('JA'),
})
