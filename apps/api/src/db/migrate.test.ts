import { mkdtemp, mkdir, writeFile, cp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../test/database.ts'
import { migrate, migrationsDir, readMigrations } from './migrate.ts'
import { diffDatabaseToSchema } from './schema-engine.ts'
import { memberKeys } from '../services/members.ts'

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
    // The run's template, which test/global-setup.ts migrated with migrate().
    const { db, drop } = await createTestDatabase()
    try {
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
    // Migrated already (the run's template): the copied directory has the same migrations.
    const { db, drop } = await createTestDatabase()
    try {
      expect(await migrate(db, dir)).toEqual([])
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

  it('make domain names unique on an installation that has one name in several tenants: the oldest keeps it, the others are renamed with their login ids', async () => {
    const uniqueNames = '20261207072233_domain_names_unique'
    const dir = await mkdtemp(path.join(tmpdir(), 'wb-migrations-'))
    await cp(migrationsDir, dir, { recursive: true })
    for (const migration of await readMigrations(dir)) {
      if (migration.name >= uniqueNames) await rm(path.join(dir, migration.name), { recursive: true })
    }
    const { db, drop } = await createTestDatabase({ migrate: false })
    try {
      await migrate(db, dir)
      // Three tenants made the same domain and member; the middle one is the oldest.
      const tenants = ['10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000003']
      const created = ['2026-01-02', '2026-01-01', '2026-01-03']
      for (const [index, tenantId] of tenants.entries()) {
        const domainId = `20000000-0000-4000-8000-00000000000${index + 1}`
        const memberId = `30000000-0000-4000-8000-00000000000${index + 1}`
        await db.query(`INSERT INTO "Tenant" (id, name, "updatedAt") VALUES ($1, $2, now())`, [tenantId, `Tenant ${index}`])
        await db.query(
          `INSERT INTO "Domain" (id, "tenantId", "lwDomainId", name, "displayName", "createdAt", "updatedAt") VALUES ($1, $2, $3, 'same.example', 'Same', $4, now())`,
          [domainId, tenantId, 10_000_001 + index, created[index]],
        )
        await db.query(
          `INSERT INTO "Member" (id, "tenantId", "domainId", "userId", "loginId", "familyName", "givenName", "searchText", "updatedAt")
           VALUES ($1, $2, $3, gen_random_uuid(), 'taro@same.example', '山田', '太郎', $4, now())`,
          [memberId, tenantId, domainId, ' taro@same.example\n 山田太郎'],
        )
        await db.query(
          `INSERT INTO "ExternalLink" (id, "tenantId", "domainId", "memberId", kind, "talkId", "loginId", "searchText", "updatedAt")
           VALUES (gen_random_uuid(), $1, $2, $3, 'LINE', 'taro', 'taro@same.example', $4, now())`,
          [tenantId, domainId, memberId, ' taro@same.example\n 山田太郎\n taro'],
        )
      }
      expect(await migrate(db)).toContain(uniqueNames)

      const domains = await db.query<{ tenantId: string; name: string }>('SELECT "tenantId", name FROM "Domain" ORDER BY "tenantId"')
      expect(domains).toEqual([
        { tenantId: tenants[0], name: 'd10000001.same.example' },
        { tenantId: tenants[1], name: 'same.example' },
        { tenantId: tenants[2], name: 'd10000003.same.example' },
      ])
      const members = await db.query<{ loginId: string; searchText: string }>('SELECT "loginId", "searchText" FROM "Member" ORDER BY "tenantId"')
      expect(members).toEqual([
        { loginId: 'taro@d10000001.same.example', searchText: ' taro@d10000001.same.example\n 山田太郎' },
        { loginId: 'taro@same.example', searchText: ' taro@same.example\n 山田太郎' },
        { loginId: 'taro@d10000003.same.example', searchText: ' taro@d10000003.same.example\n 山田太郎' },
      ])
      const links = await db.query<{ loginId: string; searchText: string }>('SELECT "loginId", "searchText" FROM "ExternalLink" ORDER BY "tenantId"')
      expect(links.map((link) => link.loginId)).toEqual(members.map((member) => member.loginId))
      expect(links[2]?.searchText).toBe(' taro@d10000003.same.example\n 山田太郎\n taro')
      // From now on the database itself refuses a second domain or login id of the same name.
      await expect(
        db.query(`INSERT INTO "Domain" (id, "tenantId", "lwDomainId", name, "displayName", "updatedAt") VALUES (gen_random_uuid(), $1, 10000009, 'same.example', 'Again', now())`, [tenants[0]]),
      ).rejects.toThrow(/Domain_name_key/)
    } finally {
      await drop()
    }
  }, 120_000)

  it('give members there are the sort keys memberKeys computes (no reading yet; the English name when there is one)', async () => {
    const readings = (await readMigrations(migrationsDir)).find((migration) => migration.name.endsWith('_member_readings'))?.name
    if (!readings) throw new Error('the member_readings migration is missing')
    const dir = await mkdtemp(path.join(tmpdir(), 'wb-migrations-'))
    await cp(migrationsDir, dir, { recursive: true })
    for (const migration of await readMigrations(dir)) {
      if (migration.name >= readings) await rm(path.join(dir, migration.name), { recursive: true })
    }
    const { db, drop } = await createTestDatabase({ migrate: false })
    try {
      await migrate(db, dir)
      const tenantId = '10000000-0000-4000-8000-000000000001'
      const domainId = '20000000-0000-4000-8000-000000000001'
      await db.query(`INSERT INTO "Tenant" (id, name, "updatedAt") VALUES ($1, 'T', now())`, [tenantId])
      await db.query(`INSERT INTO "Domain" (id, "tenantId", "lwDomainId", name, "displayName", "updatedAt") VALUES ($1, $2, 10000001, 'keys.example', 'K', now())`, [domainId, tenantId])
      const members = [
        { loginId: 'taro@keys.example', familyName: '山田', givenName: '太郎', i18nNames: [{ language: 'EN' as const, familyName: 'Yamada', givenName: 'Taro' }] },
        { loginId: 'hana@keys.example', familyName: '佐藤', givenName: '', i18nNames: [] },
      ]
      for (const member of members) {
        await db.query(
          `INSERT INTO "Member" (id, "tenantId", "domainId", "userId", "loginId", "familyName", "givenName", "i18nNames", "searchText", "updatedAt")
           VALUES (gen_random_uuid(), $1, $2, gen_random_uuid(), $3, $4, $5, $6::jsonb, '', now())`,
          [tenantId, domainId, member.loginId, member.familyName, member.givenName, JSON.stringify(member.i18nNames)],
        )
      }
      expect(await migrate(db)).toContain(readings)
      const rows = await db.query<{ loginId: string; readingKey: string; nameKey: string }>('SELECT "loginId", "readingKey", "nameKey" FROM "Member" ORDER BY "loginId" DESC')
      expect(rows).toEqual(
        members.map((member) => {
          const { readingKey, nameKey } = memberKeys(member)
          return { loginId: member.loginId, readingKey, nameKey }
        }),
      )
      expect(rows.map((row) => row.nameKey)).toEqual(['yamada taro', '佐藤 '])
    } finally {
      await drop()
    }
  }, 120_000)
})
