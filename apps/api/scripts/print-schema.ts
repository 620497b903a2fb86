// Prints the GraphQL schema to schema.graphql (committed; the web app's types are generated from it).
// `--check` exits 1 when the committed file is out of date.
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { lexicographicSortSchema, printSchema } from 'graphql'
import { schema } from '../src/schema/index.ts'

const file = fileURLToPath(new URL('../schema.graphql', import.meta.url))
const printed = `${printSchema(lexicographicSortSchema(schema))}\n`
if (process.argv.includes('--check')) {
  const current = await readFile(file, 'utf8').catch(() => '')
  if (current !== printed) {
    console.error('schema.graphql is out of date: run pnpm --filter @worksbase/api schema:print')
    process.exit(1)
  }
  console.log('schema.graphql is up to date')
} else {
  await writeFile(file, printed)
  console.log(`Wrote ${file}`)
}
