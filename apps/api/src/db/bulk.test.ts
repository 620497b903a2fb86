import { getLogs } from '@prisma/debug'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/database.ts'
import { bulkInsert } from './bulk.ts'

describe('bulkInsert', () => {
  let test: TestDatabase
  beforeAll(async () => {
    test = await createTestDatabase()
    await test.db.exec('CREATE TABLE "BulkProbe" (id integer PRIMARY KEY, note text, at timestamptz, tenant uuid)')
  })
  afterAll(() => test.drop())

  it('inserts every row with its types in one statement', async () => {
    const tenant = '0b7c2a52-31f5-4d8e-9c55-8a0c2c8b7c11'
    const rows = Array.from({ length: 3000 }, (_, index) => ({ id: index, note: `row ${index} 山田`, at: '2026-11-21T09:00:00Z', tenant }))
    await bulkInsert(test.db.prisma, 'BulkProbe', { id: 'integer', note: 'text', at: 'timestamptz', tenant: 'uuid' }, rows)
    const [summary] = await test.db.query<{ count: string; notes: string; tenants: string }>(
      `SELECT count(*)::text AS count, count(DISTINCT note)::text AS notes, count(DISTINCT tenant)::text AS tenants FROM "BulkProbe"`,
    )
    expect(summary).toEqual({ count: '3000', notes: '3000', tenants: '1' })
    const [last] = await test.db.query<{ note: string; at: Date }>(`SELECT note, at FROM "BulkProbe" WHERE id = 2999`)
    expect(last?.note).toBe('row 2999 山田')
    expect(last?.at.toISOString()).toBe('2026-11-21T09:00:00.000Z')
  })

  it('leaves no copy of its parameters in Prisma’s debug history (it would hold megabytes per statement)', async () => {
    // Control: a plain raw query's parameters do stay in the history, so this test can fail.
    await test.db.prisma.$executeRawUnsafe('SELECT $1::text', 'control-marker-4f1c')
    expect(getLogs(1_000_000)).toContain('control-marker-4f1c')

    await bulkInsert(test.db.prisma, 'BulkProbe', { id: 'integer', note: 'text' }, [{ id: 10_000, note: 'bulk-marker-9d3e' }])
    const history = getLogs(1_000_000)
    expect(history).not.toContain('bulk-marker-9d3e')
    expect(history).not.toContain('control-marker-4f1c')
  })
})
