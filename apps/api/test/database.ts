import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import pg from 'pg'
import { inject } from 'vitest'
import { openDatabase, type Database } from '../src/db/index.ts'

/** `pglite` (in memory) unless TEST_DB says `postgres` (a fresh database on the server). */
export function databaseKind(value: string | undefined): 'pglite' | 'postgres' {
  return value === 'postgres' ? 'postgres' : 'pglite'
}

/** Which database the tests run on: `pglite` (in memory) or `postgres` (a fresh database on the server). */
export const testDatabaseKind = databaseKind(process.env.TEST_DB)
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

/** The URL of database `name` on the test server. */
export function databaseUrl(name: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** Runs `work` on a connection to the server's maintenance database (to create and drop databases). */
export async function adminDatabase<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    return await work(admin)
  } finally {
    await admin.end()
  }
}

export interface TestDatabase {
  db: Database
  drop(): Promise<void>
}

/** The run's migrated template (made once by test/global-setup.ts, the vitest globalSetup). */
function template(key: 'pgliteTemplate' | 'postgresTemplate'): string {
  const value = inject(key)
  if (!value) throw new Error(`No ${key}: run the API tests through apps/api/vitest.config.ts, whose globalSetup makes it`)
  return value
}

/** A new database for one test file: a copy of the run's migrated template, or empty with `migrate: false`. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrate !== false
  if (testDatabaseKind === 'pglite') {
    const loadDataDir = migrated ? new Blob([await readFile(template('pgliteTemplate'))]) : undefined
    const db = await openDatabase({ dataDir: 'memory://', loadDataDir })
    return { db, drop: () => db.close() }
  }
  const name = `wb_test_${randomBytes(6).toString('hex')}`
  // Concurrent copies of one template are fine: CREATE DATABASE only needs it to have no connection.
  await adminDatabase((admin) => admin.query(`CREATE DATABASE ${name}${migrated ? ` TEMPLATE ${template('postgresTemplate')}` : ''}`))
  const db = await openDatabase({ url: databaseUrl(name), poolSize: 5 })
  return {
    db,
    async drop() {
      await db.close()
      await adminDatabase((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
    },
  }
}
