import { randomBytes } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../src/db/index.ts'
import { migrate } from '../src/db/migrate.ts'
import { adminDatabase, databaseKind, databaseUrl } from './database.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a file holding a migrated data directory that each test file loads. */
    pgliteTemplate: string | undefined
    /** PostgreSQL: a migrated database that each test file's database is created from. */
    postgresTemplate: string | undefined
  }
}

/**
 * Migrates one template database per run, so a test file copies it instead of migrating its own
 * (vitest globalSetup, once per project). Returns the teardown that removes the template.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kind = databaseKind(project.config.env.TEST_DB ?? process.env.TEST_DB)
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`
  if (kind === 'pglite') {
    const file = path.join(tmpdir(), `worksbase-pglite-template-${suffix}.tar`)
    const db = await openDatabase({ dataDir: 'memory://' })
    try {
      await migrate(db)
      const dump = await db.dumpDataDir?.()
      if (!dump) throw new Error('PGlite could not dump its data directory')
      await writeFile(file, new Uint8Array(await dump.arrayBuffer()))
    } finally {
      await db.close()
    }
    project.provide('pgliteTemplate', file)
    return () => rm(file, { force: true })
  }
  const name = `wb_template_${suffix}`
  await adminDatabase((admin) => admin.query(`CREATE DATABASE ${name}`))
  // The template must have no connection left when a test file copies it.
  const db = await openDatabase({ url: databaseUrl(name), poolSize: 1 })
  try {
    await migrate(db)
  } finally {
    await db.close()
  }
  project.provide('postgresTemplate', name)
  return async () => {
    await adminDatabase((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
  }
}
