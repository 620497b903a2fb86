import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import type { PrismaPGlite } from 'pglite-prisma-adapter'
import { PrismaClient } from '#generated/prisma/client.ts'

export type DatabaseKind = 'pglite' | 'postgres'

/**
 * The Prisma client plus a raw SQL channel that can run multi-statement scripts (migrations) and
 * hand-tuned queries. Both talk to the same database: PGlite in-process, or a PostgreSQL pool.
 */
/** A single connection: statements run in order on it, so BEGIN/COMMIT and session locks hold. */
export interface SqlConnection {
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>
  /** Runs one parameterised statement and returns its rows. */
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>
}

export interface Database extends SqlConnection {
  kind: DatabaseKind
  prisma: PrismaClient
  /** Runs `work` on one dedicated connection. */
  withConnection<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T>
  /** The driver adapter factory (Prisma's schema engine needs it for diffs). */
  adapter: PrismaPg | PrismaPGlite
  /** The PostgreSQL URL (absent for PGlite). */
  url?: string
  /** PGlite only: a copy of the whole data directory, which `loadDataDir` can start from. */
  dumpDataDir?(): Promise<Blob>
  /** PostgreSQL only: the connection pool's use now (for /metrics). */
  poolStats?(): { total: number; idle: number; waiting: number }
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** postgres:// URL. When absent the embedded PGlite database is used. */
  url?: string | undefined
  /** PGlite data directory; `memory://` (or undefined) keeps it in memory. */
  dataDir?: string | undefined
  /** PGlite only: starts from a copy made by `dumpDataDir` (the tests' migrated template). */
  loadDataDir?: Blob | undefined
  poolSize?: number | undefined
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10)
  return openPglite(options.dataDir, options.loadDataDir)
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize })
  // An idle connection that the server drops (restart, failover) must not crash the process; the pool
  // replaces it on the next query.
  pool.on('error', (error) => console.error('PostgreSQL connection error:', error.message))
  const adapter = new PrismaPg(pool)
  const prisma = new PrismaClient({ adapter })
  return {
    kind: 'postgres',
    prisma,
    adapter,
    url,
    async exec(sql) {
      await pool.query(sql)
    },
    async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      const result = await pool.query<Row>(sql, params)
      return result.rows
    },
    async withConnection(work) {
      const client = await pool.connect()
      try {
        return await work({
          async exec(sql) {
            await client.query(sql)
          },
          async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
            return (await client.query<Row>(sql, params)).rows
          },
        })
      } finally {
        client.release()
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await prisma.$disconnect()
      await pool.end()
    },
  }
}

async function openPglite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<Database> {
  // Loaded only for the embedded database: a PostgreSQL deployment never pays for the WASM build.
  const [{ PGlite }, { pg_trgm }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('pglite-prisma-adapter'),
  ])
  const client = await PGlite.create({
    ...(dataDir && dataDir !== 'memory://' && { dataDir }),
    ...(loadDataDir && { loadDataDir }),
    extensions: { pg_trgm },
  })
  const adapter = new PrismaPGlite(client)
  const prisma = new PrismaClient({ adapter })
  const connection: SqlConnection = {
    async exec(sql) {
      await client.exec(sql)
    },
    async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      return (await client.query<Row>(sql, params)).rows
    },
  }
  return {
    kind: 'pglite',
    prisma,
    adapter,
    ...connection,
    // PGlite is a single connection already. Callers (the migrator) run before anything else queries it.
    async withConnection(work) {
      return work(connection)
    },
    dumpDataDir: () => client.dumpDataDir('none'),
    async close() {
      await prisma.$disconnect()
      await client.close()
    },
  }
}
