import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import * as engineModule from '@prisma/schema-engine-wasm/schema_engine_bg'
import type { Database } from './index.ts'

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
  const engine = await engineModule.SchemaEngine.new(
    { datamodels: [['schema.prisma', content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(db.adapter),
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
