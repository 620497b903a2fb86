import { z } from 'zod'
import { singleLine } from './common.ts'

/** Scopes an API token can carry: read or write per area. A token never exceeds its creator's authority. */
export const apiScopes = [
  'members:read',
  'members:write',
  'bots:read',
  'bots:write',
  'external:read',
  'external:write',
  'attendance:read',
  'attendance:write',
  'audit:read',
] as const
export const apiScopeSchema = z.enum(apiScopes)
export type ApiScope = z.infer<typeof apiScopeSchema>

export const API_TOKEN_MAX_DAYS = 366

export const apiTokenCreateSchema = z.object({
  name: singleLine(100),
  scopes: z
    .array(apiScopeSchema)
    .min(1, { message: 'Choose at least one scope' })
    .max(apiScopes.length)
    .transform((scopes) => [...new Set(scopes)]),
  expiresInDays: z
    .number()
    .int()
    .min(1, { message: 'At least 1 day' })
    .max(API_TOKEN_MAX_DAYS, { message: `At most ${API_TOKEN_MAX_DAYS} days` })
    .nullish(),
})
