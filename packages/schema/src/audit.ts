import { z } from 'zod'
import { auditAreas } from './values.ts'

export const auditAreaSchema = z.enum(auditAreas)
export type AuditArea = z.infer<typeof auditAreaSchema>

export const auditSearchSchema = z
  .object({
    actor: z.string().trim().max(254).optional(),
    area: auditAreaSchema.optional(),
    target: z.string().trim().max(200).optional(),
    text: z.string().trim().max(200).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .refine((value) => !value.from || !value.to || value.from <= value.to, {
    message: '"from" must not be after "to"',
    path: ['to'],
  })
export type AuditSearch = z.infer<typeof auditSearchSchema>
