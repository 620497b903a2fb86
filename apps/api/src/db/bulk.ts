import { clearLogs } from '@prisma/debug'
import { Debug as clientDebug } from '@prisma/client/runtime/client'
import type { Prisma } from '#generated/prisma/client.ts'

type Tx = Prisma.TransactionClient | { $executeRawUnsafe: Prisma.TransactionClient['$executeRawUnsafe'] }

/** Column name → PostgreSQL type, for a bulk insert. Names come from code, never from input. */
export type BulkColumns = Record<string, string>

/**
 * Inserts many rows with one statement: the rows travel as a single JSON parameter and PostgreSQL
 * unpacks them with jsonb_to_recordset. For thousands of rows this is far cheaper than building a
 * createMany query row by row, and it works the same on PGlite and PostgreSQL.
 */
export async function bulkInsert(tx: Tx, table: string, columns: BulkColumns, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return
  const names = Object.keys(columns)
  const quoted = names.map((name) => `"${name}"`).join(', ')
  const recordType = names.map((name) => `"${name}" ${recordsetType(columns[name] ?? 'text')}`).join(', ')
  const select = names.map((name) => castFrom(name, columns[name] ?? 'text')).join(', ')
  const sql = `INSERT INTO "${table}" (${quoted}) SELECT ${select} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType})`
  await tx.$executeRawUnsafe(sql, JSON.stringify(rows))
  forgetQueryArguments()
}

/**
 * Prisma's debug logger remembers the arguments of its last 100 calls (for its own error reports),
 * whether or not DEBUG is set, and every raw query is logged with its parameters: once by the client
 * runtime (which bundles its own copy of the logger) and once by the driver adapter (@prisma/debug).
 * A bulk statement's parameter is megabytes of JSON, so without this the last 100 of them stay
 * reachable: about 400 MB during a 100,000-row import. Clearing the adapter's history and pushing
 * the client's out with empty entries keeps memory flat; it costs microseconds.
 */
export function forgetQueryArguments(): void {
  clearLogs()
  for (let index = 0; index < PRISMA_DEBUG_HISTORY; index += 1) historyFiller('')
}

/** MAX_ARGS_HISTORY in @prisma/debug. */
const PRISMA_DEBUG_HISTORY = 100
const historyFiller = clientDebug('worksbase:bulk')

// Enum and uuid columns are read as text from the JSON and cast on insert.
function recordsetType(type: string): string {
  return type === 'uuid' || type.startsWith('"') ? 'text' : type
}

function castFrom(name: string, type: string): string {
  return type === 'uuid' || type.startsWith('"') ? `r."${name}"::${type}` : `r."${name}"`
}
