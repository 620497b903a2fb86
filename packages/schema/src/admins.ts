import { z } from 'zod'
import { emailSchema, singleLine } from './common.ts'
import { passwordSchema } from './auth.ts'

export const authorityLevels = ['NONE', 'VIEW', 'EDIT'] as const
export const authorityLevelSchema = z.enum(authorityLevels)
export type AuthorityLevel = z.infer<typeof authorityLevelSchema>

/** The areas an admin's authority is set for. */
export const authorityAreas = ['members', 'bots', 'external', 'attendance', 'audit'] as const
export type AuthorityArea = (typeof authorityAreas)[number]

export const authoritiesSchema = z.object({
  members: authorityLevelSchema,
  bots: authorityLevelSchema,
  external: authorityLevelSchema,
  attendance: authorityLevelSchema,
  audit: authorityLevelSchema,
})
export type Authorities = z.infer<typeof authoritiesSchema>

export const adminCreateSchema = z.object({
  email: emailSchema,
  name: singleLine(100),
  password: passwordSchema,
  authorities: authoritiesSchema,
})

export const adminUpdateSchema = z.object({
  name: singleLine(100).optional(),
  authorities: authoritiesSchema.optional(),
})
