import { mkdtemp, mkdir, writeFile, cp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../test/database.ts'
import { migrate, migrationsDir, readMigrations } from './migrate.ts'
import { diffDatabaseToSchema } from './schema-engine.ts'

describe('migrations', () => {
  it('bring an empty database exactly to schema.prisma (drift check with Prisma’s schema engine)', async () => {
    const { db, drop } = await createTestDatabase({ migrate: false })
    try {
      const applied = await migrate(db)
      expect(applied).toEqual((await readMigrations()).map((migration) => migration.name))
      expect(await diffDatabaseToSchema(db)).toBe('')
      // The check sees drift: a missing index and a changed column make the diff non-empty.
      await db.exec('DROP INDEX "Member_tenantId_status_loginId_idx"; ALTER TABLE "Tenant" ALTER COLUMN "name" DROP NOT NULL')
      const drift = await diffDatabaseToSchema(db)
      expect(drift).toContain('CREATE INDEX "Member_tenantId_status_loginId_idx"')
      expect(drift).toMatch(/ALTER COLUMN "name" SET NOT NULL/)
    } finally {
      await drop()
    }
  }, 120_000)

  it('are recorded like Prisma Migrate records them, and a second run applies nothing', async () => {
    const { db, drop } = await createTestDatabase({ migrate: false })
    try {
      await migrate(db)
      expect(await migrate(db)).toEqual([])
      const rows = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
        'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
      )
      const files = await readMigrations()
      expect(rows.map((row) => [row.migration_name, row.checksum, row.applied_steps_count])).toEqual(
        files.map((file) => [file.name, file.checksum, 1]),
      )
      expect(rows.every((row) => row.finished_at instanceof Date)).toBe(true)
    } finally {
      await drop()
    }
  }, 120_000)

  it('refuse to run when an applied migration was edited, and roll back a failing one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wb-migrations-'))
    await cp(migrationsDir, dir, { recursive: true })
    const { db, drop } = await createTestDatabase({ migrate: false })
    try {
      await migrate(db, dir)
      const [first] = await readMigrations(dir)
      if (!first) throw new Error('no migration')
      await writeFile(path.join(dir, first.name, 'migration.sql'), `${first.sql}\n-- edited\n`)
      await expect(migrate(db, dir)).rejects.toThrow(/changed after it was applied/)
      await writeFile(path.join(dir, first.name, 'migration.sql'), first.sql)

      await mkdir(path.join(dir, '99990101000000_broken'))
      await writeFile(
        path.join(dir, '99990101000000_broken', 'migration.sql'),
        'CREATE TABLE "Half" (id int);\nSELECT * FROM "NoSuchTable";\n',
      )
      await expect(migrate(db, dir)).rejects.toThrow(/99990101000000_broken failed/)
      const half = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM pg_tables WHERE tablename = 'Half'`)
      expect(half[0]?.n).toBe('0')
      const recorded = await db.query('SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1', ['99990101000000_broken'])
      expect(recorded).toHaveLength(0)
    } finally {
      await drop()
    }
  }, 120_000)
})
