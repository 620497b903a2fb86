import { z } from 'zod'
import { emailSchema, languageSchema, singleLine, timeZoneSchema } from './common.ts'
import { domainNameSchema } from './domains.ts'

export const passwordSchema = z
  .string()
  .min(10, { message: 'At least 10 characters' })
  .max(128, { message: 'At most 128 characters' })
  .refine((value) => /[A-Za-z]/.test(value) && /[0-9]/.test(value), {
    message: 'Use letters and digits',
  })

export const loginInputSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, { message: 'Required' }).max(254, { message: 'At most 254 characters' }),
  password: z.string().min(1, { message: 'Required' }).max(128, { message: 'At most 128 characters' }),
})
export type LoginInput = z.infer<typeof loginInputSchema>

export const setupInputSchema = z.object({
  organizationName: singleLine(100),
  domainName: domainNameSchema,
  timeZone: timeZoneSchema,
  language: languageSchema,
  adminName: singleLine(100),
  adminEmail: emailSchema,
  password: passwordSchema,
})
export type SetupInput = z.infer<typeof setupInputSchema>

export const tenantUpdateSchema = z.object({
  name: singleLine(100).optional(),
  timeZone: timeZoneSchema.optional(),
  language: languageSchema.optional(),
})
