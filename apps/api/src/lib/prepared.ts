import type { Database } from '../db/index.ts'

/**
 * Runs a hot, fixed statement as a named prepared statement on PostgreSQL: each connection parses and
 * plans it once instead of on every call (for the Bot API's send statement that was about half of
 * PostgreSQL's CPU per message). `name` must always come with the same `text`. PGlite runs it as a
 * plain query.
 *
 * `Database.query` hands its first argument to pg's `Pool.query`, which also accepts a query config
 * object `{ name, text }` (pg adds the values); a fresh object per call, since pg writes into it.
 */
export function preparedQuery<Row extends Record<string, unknown>>(db: Database, name: string, text: string, params: unknown[]): Promise<Row[]> {
  if (db.kind !== 'postgres') return db.query<Row>(text, params)
  return db.query<Row>({ name, text } as unknown as string, params)
}
