// Applies pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR.
// (The API also does this at start-up.)
import { mkdir } from 'node:fs/promises'
import { openDatabase } from '../src/db/index.ts'
import { migrate } from '../src/db/migrate.ts'
import { readEnv } from '../src/env.ts'

const env = readEnv()
if (!env.DATABASE_URL) await mkdir(env.DATA_DIR, { recursive: true })
const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : env.DATA_DIR })
try {
  const applied = await migrate(db)
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.')
} finally {
  await db.close()
}
