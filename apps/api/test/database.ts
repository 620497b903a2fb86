import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase, type Database } from '../src/db/index.ts'
import { migrate } from '../src/db/migrate.ts'

/** Which database the tests run on: `pglite` (in memory) or `postgres` (a fresh database on the server). */
export const testDatabaseKind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

export interface TestDatabase {
  db: Database
  drop(): Promise<void>
}

/** A new, empty, migrated database for one test file. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (testDatabaseKind === 'pglite') {
    const db = await openDatabase({ dataDir: 'memory://' })
    if (options.migrate !== false) await migrate(db)
    return { db, drop: () => db.close() }
  }
  const name = `wb_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const db = await openDatabase({ url: url.toString(), poolSize: 5 })
  if (options.migrate !== false) await migrate(db)
  return {
    db,
    async drop() {
      await db.close()
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}
