import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import * as engineModule from '@prisma/schema-engine-wasm/schema_engine_bg'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import type { Database } from './index.ts'

const CHAR_OID = 18
const TEXT_OID = 25

// The schema engine introspects pg_catalog columns of PostgreSQL's one-byte "char" type, which
// @prisma/adapter-pg 7.10 does not map (PGlite's adapter does). Reading them as text is what the engine
// expects, so this pool relabels such result columns before the adapter sees them.
function charAsTextPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown
  const relabel = (...args: unknown[]) => {
    const result = query(...args)
    if (!(result instanceof Promise)) return result
    return result.then((value: pg.QueryResult) => {
      for (const field of value.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID
      return value
    })
  }
  return Object.assign(pool, { query: relabel })
}

export const schemaPath = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url))

let loaded: Promise<void> | undefined

// The package's entry imports its .wasm file as an ES module, which Node cannot do yet; instantiate it
// by hand against the package's own JS glue instead.
function loadEngine(): Promise<void> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url)
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'))
    const wasm = await WebAssembly.compile(await readFile(path.join(dir, 'schema_engine_bg.wasm')))
    const imports: WebAssembly.Imports = {}
    for (const entry of WebAssembly.Module.imports(wasm)) imports[entry.module] = engineModule as unknown as WebAssembly.ModuleImports
    const instance = await WebAssembly.instantiate(wasm, imports)
    engineModule.__wbg_set_wasm(instance.exports)
    ;(instance.exports.__wbindgen_start as (() => void) | undefined)?.()
  })()
  return loaded
}

/** SQL that would bring the live database to schema.prisma; empty when they agree. */
export async function diffDatabaseToSchema(db: Database): Promise<string> {
  await loadEngine()
  const content = await readFile(schemaPath, 'utf8')
  const files = [{ path: 'schema.prisma', content }]
  const pool = db.url ? charAsTextPool(db.url) : null
  const adapter = pool ? new PrismaPg(pool) : db.adapter
  const engine = await engineModule.SchemaEngine.new(
    { datamodels: [['schema.prisma', content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapter),
  )
  try {
    const result = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: path.dirname(schemaPath) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: { externalTables: ['public._prisma_migrations'], externalEnums: [] },
    })
    return stripNoops(result.stdout ?? '')
  } finally {
    engine.free()
    await pool?.end()
  }
}

// An empty diff still prints a comment line; only statements count.
function stripNoops(sql: string): string {
  const meaningful = sql
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('--'))
    .join('\n')
  return meaningful.trim() ? sql : ''
}
