import { z } from 'zod'
import type { Plan } from './common.ts'

/** Bots a tenant may register: 300, or 10 on the free plan. */
export function botQuota(plan: Plan): number {
  return plan === 'FREE' ? 10 : 300
}

export const botMessageTypes = ['text', 'location', 'sticker', 'image', 'file', 'audio', 'video'] as const
export type BotMessageType = (typeof botMessageTypes)[number]
/** Room events a bot may receive besides messages and postbacks. */
export const botRoomEvents = ['join', 'leave', 'joined', 'left', 'begin', 'end'] as const
export type BotRoomEvent = (typeof botRoomEvents)[number]

export const BOT_NAME_MAX = 100
export const BOT_DESCRIPTION_MAX = 100
export const BOT_CALLBACK_URL_MAX = 1000
export const BOT_MANAGERS_MAX = 3
export const BOT_PHOTO_MAX_BYTES = 1024 * 1024
export const botPhotoTypes = ['image/png', 'image/jpeg'] as const

/** Line breaks become spaces (as LINE WORKS does for bot names); other control characters are refused. */
function botText(max: number) {
  return z
    .string()
    .transform((value) => value.replace(/\r\n|\r|\n/g, ' ').trim())
    .pipe(
      z
        .string()
        .min(1, { message: 'Required' })
        .refine((value) => [...value].length <= max, { message: `At most ${max} characters` })
        .refine((value) => !/\p{Cc}/u.test(value), { message: 'Control characters are not allowed' }),
    )
}

function uniqueList<T extends string>(values: readonly [T, ...T[]]) {
  return z.array(z.enum(values)).transform((list) => [...new Set(list)])
}

export const botFieldsSchema = z.object({
  name: botText(BOT_NAME_MAX),
  description: botText(BOT_DESCRIPTION_MAX),
  callbackEnabled: z.boolean(),
  callbackUrl: z
    .string()
    .trim()
    .max(BOT_CALLBACK_URL_MAX, { message: `At most ${BOT_CALLBACK_URL_MAX} characters` })
    .transform((value) => value || null)
    .nullable()
    .optional(),
  messageTypes: uniqueList(botMessageTypes),
  roomEvents: uniqueList(botRoomEvents),
  allowGroupJoin: z.boolean(),
  /** Member ids of the persons in charge (1-3) and vice persons in charge (0-3), in order. */
  managerIds: z
    .array(z.string())
    .min(1, { message: 'Choose at least one person in charge' })
    .max(BOT_MANAGERS_MAX, { message: `At most ${BOT_MANAGERS_MAX} persons in charge` }),
  viceManagerIds: z.array(z.string()).max(BOT_MANAGERS_MAX, { message: `At most ${BOT_MANAGERS_MAX} vice persons in charge` }),
})

function checkBot(bot: Partial<z.output<typeof botFieldsSchema>>, ctx: z.RefinementCtx) {
  if (bot.callbackEnabled && !bot.callbackUrl) {
    ctx.addIssue({ code: 'custom', path: ['callbackUrl'], message: 'A callback URL is required when the callback is on' })
  }
  const managers = bot.managerIds ?? []
  const vice = bot.viceManagerIds ?? []
  if (new Set(managers).size !== managers.length) ctx.addIssue({ code: 'custom', path: ['managerIds'], message: 'A person is chosen twice' })
  if (new Set(vice).size !== vice.length) ctx.addIssue({ code: 'custom', path: ['viceManagerIds'], message: 'A person is chosen twice' })
  if (vice.some((id) => managers.includes(id))) {
    ctx.addIssue({ code: 'custom', path: ['viceManagerIds'], message: 'A person in charge cannot also be a vice person in charge' })
  }
}

export const botCreateSchema = botFieldsSchema.superRefine(checkBot)
export type BotCreateInput = z.input<typeof botCreateSchema>
export const botUpdateSchema = botFieldsSchema.partial().superRefine(checkBot)
export type BotUpdateInput = z.input<typeof botUpdateSchema>

/** OAuth scopes an API app may hold (LINE WORKS API 2.0 names). */
export const oauthScopes = ['bot', 'bot.message', 'bot.read', 'user.read', 'user.email.read', 'directory', 'directory.read', 'audit.read'] as const
export type OAuthScope = (typeof oauthScopes)[number]
/** Access-token lifetimes an app may choose: 1 hour or 24 hours. */
export const tokenLifetimes = [3600, 86400] as const

export const apiAppInputSchema = z.object({
  name: botText(100),
  scopes: z
    .array(z.enum(oauthScopes))
    .min(1, { message: 'Choose at least one scope' })
    .transform((list) => [...new Set(list)]),
  tokenLifetime: z.union([z.literal(3600), z.literal(86400)], { message: 'Use 3600 (1 hour) or 86400 (24 hours)' }),
})
export type ApiAppInput = z.input<typeof apiAppInputSchema>
