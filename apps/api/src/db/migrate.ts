import { createHash, randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { migrationsDir } from '../paths.ts'
import type { Database, SqlConnection } from './index.ts'

export { migrationsDir }


// Same table Prisma Migrate keeps, so `prisma migrate status/deploy` agree on a machine that has the
// native engine. The checksum is the SHA-256 of migration.sql, as Prisma computes it.
const createTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`

// Arbitrary constant: serialises concurrent start-ups of several API processes on one PostgreSQL.
const migrationLockKey = 72_707_301

export interface Migration {
  name: string
  sql: string
  checksum: string
}

export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    }),
  )
}

export class MigrationError extends Error {}

/** Applies every migration not yet recorded, each in its own transaction. Returns the names applied. */
export async function migrate(db: Database, dir = migrationsDir): Promise<string[]> {
  const migrations = await readMigrations(dir)
  return db.withConnection((connection) => applyMigrations(connection, migrations))
}

async function applyMigrations(db: SqlConnection, migrations: Migration[]): Promise<string[]> {
  await db.exec(createTable)
  await db.query('SELECT pg_advisory_lock($1)', [migrationLockKey])
  try {
    const applied = await db.query<{
      migration_name: string
      checksum: string
      finished_at: Date | null
      rolled_back_at: Date | null
    }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"')
    const done = new Map<string, string>()
    for (const row of applied) {
      if (row.rolled_back_at) continue
      if (!row.finished_at) {
        throw new MigrationError(
          `Migration ${row.migration_name} started but did not finish. Fix the database, then delete its row from _prisma_migrations.`,
        )
      }
      done.set(row.migration_name, row.checksum)
    }
    const names: string[] = []
    for (const migration of migrations) {
      const checksum = done.get(migration.name)
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new MigrationError(`Migration ${migration.name} was changed after it was applied.`)
        }
        continue
      }
      const id = randomUUID()
      await db.exec('BEGIN')
      try {
        await db.exec(migration.sql)
        await db.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [id, migration.checksum, migration.name],
        )
        await db.exec('COMMIT')
      } catch (error) {
        await db.exec('ROLLBACK')
        throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`)
      }
      names.push(migration.name)
    }
    return names
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [migrationLockKey])
  }
}
