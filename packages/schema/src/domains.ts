import { z } from 'zod'
import { singleLine } from './common.ts'

/** A domain name as used after the @ of a login id: lower-case labels of a-z, 0-9 and -. */
export const domainNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, { message: 'At least 2 characters' })
  .max(63, { message: 'At most 63 characters' })
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/, {
    message: 'Use lower-case letters, digits, dots and hyphens',
  })

export const domainInputSchema = z.object({
  name: domainNameSchema,
  displayName: singleLine(100),
})

export const domainUpdateSchema = z.object({ displayName: singleLine(100) })

export const orgUnitInputSchema = z.object({
  name: singleLine(100),
})

export const employmentTypeInputSchema = z.object({
  name: singleLine(50),
})
