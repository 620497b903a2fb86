import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The apps/api directory. This module sits directly in src/, and the production bundle directly in
 * dist/, so ".." from here is apps/api in both cases (see scripts/build.mjs).
 */
export const apiDir = fileURLToPath(new URL('..', import.meta.url))

export const migrationsDir = path.join(apiDir, 'prisma', 'migrations')
