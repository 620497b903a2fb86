import { z } from 'zod'
import { passwordSchema } from './auth.ts'
import { singleLine } from './common.ts'

/** A member signing in to the talk view with their login id. */
export const memberLoginInputSchema = z.object({
  loginId: z.string().trim().toLowerCase().min(1, { message: 'Required' }).max(104, { message: 'At most 104 characters' }),
  password: z.string().min(1, { message: 'Required' }).max(128, { message: 'At most 128 characters' }),
})
export type MemberLoginInput = z.infer<typeof memberLoginInputSchema>

/** An admin sets (or, with null, removes) a member's talk view password. */
export const memberPasswordInputSchema = z.object({ password: passwordSchema.nullable() })

/**
 * What a member sends in a 1:1 talk with a bot: text they wrote, a tapped message action (its text,
 * with the action's postback coming back as `content.postback`), or a tapped postback action (its
 * data, with the display text shown in the talk when the action has one).
 */
export const talkSendInputSchema = z
  .object({
    text: z.string().max(2000, { message: 'At most 2000 characters' }).optional(),
    messagePostback: z.string().max(1000, { message: 'At most 1000 characters' }).optional(),
    postback: z
      .object({
        data: z.string().min(1, { message: 'Required' }).max(300, { message: 'At most 300 characters' }),
        displayText: z.string().max(300, { message: 'At most 300 characters' }).optional(),
      })
      .optional(),
  })
  .superRefine((value, ctx) => {
    const hasText = value.text !== undefined && value.text.trim() !== ''
    if (value.postback && hasText) ctx.addIssue({ code: 'custom', path: ['text'], message: 'Send text or a postback, not both' })
    if (!value.postback && !hasText) ctx.addIssue({ code: 'custom', path: ['text'], message: 'Write a message' })
    if (value.messagePostback !== undefined && !hasText) ctx.addIssue({ code: 'custom', path: ['messagePostback'], message: 'A message postback needs the message text' })
  })
export type TalkSendInput = z.infer<typeof talkSendInputSchema>

/** Members in one group talk, the creator included (LINE WORKS allows many more; a talk view needs no more). */
export const TALK_CHANNEL_MAX_MEMBERS = 100

/** A member starts a group talk with other members of the tenant, optionally with a bot. */
export const talkChannelCreateSchema = z.object({
  title: singleLine(100),
  memberIds: z
    .array(z.string())
    .min(1, { message: 'Choose at least one other member' })
    .max(TALK_CHANNEL_MAX_MEMBERS - 1, { message: `At most ${TALK_CHANNEL_MAX_MEMBERS - 1} other members` }),
  botId: z.string().nullable().optional(),
})
export type TalkChannelCreateInput = z.input<typeof talkChannelCreateSchema>
