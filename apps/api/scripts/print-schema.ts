// Prints the GraphQL schema to schema.graphql (committed; the web app's types are generated from it)
// and the API tests' gql.tada types to test/graphql-env.d.ts. `--check` exits 1 when either committed
// file is out of date.
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { introspectionFromSchema, lexicographicSortSchema, printSchema } from 'graphql'
import { minifyIntrospection, outputIntrospectionFile } from 'gql.tada/internal'
import { schema } from '../src/schema/index.ts'

const sorted = lexicographicSortSchema(schema)
const outputs = [
  { file: fileURLToPath(new URL('../schema.graphql', import.meta.url)), text: `${printSchema(sorted)}\n` },
  {
    file: fileURLToPath(new URL('../test/graphql-env.d.ts', import.meta.url)),
    text: outputIntrospectionFile(minifyIntrospection(introspectionFromSchema(sorted)), { fileType: '.d.ts', shouldPreprocess: true }),
  },
]
if (process.argv.includes('--check')) {
  let stale = false
  for (const { file, text } of outputs) {
    if ((await readFile(file, 'utf8').catch(() => '')) === text) continue
    console.error(`${file} is out of date: run pnpm --filter @worksbase/api schema:print`)
    stale = true
  }
  if (stale) process.exit(1)
  console.log('schema.graphql and test/graphql-env.d.ts are up to date')
} else {
  for (const { file, text } of outputs) {
    await writeFile(file, text)
    console.log(`Wrote ${file}`)
  }
}
