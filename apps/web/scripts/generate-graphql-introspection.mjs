// Writes src/graphql/introspection.json (minified) so graphcache matches unions and interfaces exactly
// instead of guessing. Reads the same schema that gql.tada uses: the ts-plugin entry in tsconfig.json.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minifyIntrospectionQuery } from '@urql/introspection';
import { buildSchema, getIntrospectionQuery, graphqlSync } from 'graphql';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsconfigPath = resolve(webDir, 'tsconfig.json');
const tsconfig = JSON.parse(await readFile(tsconfigPath, 'utf8'));
const plugin = tsconfig.compilerOptions.plugins.find((entry) => entry.name === 'gql.tada/ts-plugin');
if (!plugin || typeof plugin.schema !== 'string') {
  throw new Error('tsconfig.json has no gql.tada/ts-plugin entry with a schema path');
}
const schemaPath = resolve(webDir, plugin.schema);

const schema = buildSchema(await readFile(schemaPath, 'utf8'));
const result = graphqlSync({ schema, source: getIntrospectionQuery({ descriptions: false }) });
if (result.errors?.length || !result.data) {
  throw new Error(`introspection failed: ${result.errors?.map((e) => e.message).join('; ')}`);
}
const minified = minifyIntrospectionQuery(result.data, { includeScalars: false, includeEnums: false });
const introspectionPath = resolve(webDir, 'src/graphql/introspection.json');
await writeFile(introspectionPath, `${JSON.stringify(minified, null, 2)}\n`);
console.log(`graphql: wrote ${introspectionPath} from ${schemaPath}`);
