// Writes what the web app derives from the API's committed schema (the gql.tada ts-plugin entry in
// tsconfig.json names it) and from its own GraphQL documents:
//   src/graphql/graphql-env.d.ts    gql.tada's schema types (`gql-tada generate output`)
//   src/graphql/introspection.json  graphcache's schema: unions, interfaces and which types have ids
//   src/graphql/graphql-cache.d.ts  gql.tada's turbo cache: every document's result type, worked out once
//                                   here so that the typecheck does not parse documents at type level
//                                   (a third of the memory and about half the time)
// The turbo cache is keyed by document text only, so it goes stale when the schema or a document
// changes (an unmasked fragment's fields are inlined into its parents). Its first line records a hash
// of the schema and of every document; `--check` writes nothing and fails when any file is out of
// date. The typecheck runs the check first.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minifyIntrospectionQuery } from '@urql/introspection';
import { buildSchema, getIntrospectionQuery, graphqlSync } from 'graphql';
import ts from 'typescript';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsconfigPath = resolve(webDir, 'tsconfig.json');
const tsconfig = ts.parseConfigFileTextToJson(tsconfigPath, await readFile(tsconfigPath, 'utf8')).config;
const plugin = tsconfig.compilerOptions.plugins.find((entry) => entry.name === 'gql.tada/ts-plugin');
if (!plugin || typeof plugin.schema !== 'string' || !plugin.tadaOutputLocation || !plugin.tadaTurboLocation) {
  throw new Error('tsconfig.json has no gql.tada/ts-plugin entry with schema, tadaOutputLocation and tadaTurboLocation');
}
const schemaPath = resolve(webDir, plugin.schema);
const envPath = resolve(webDir, plugin.tadaOutputLocation);
const turboPath = resolve(webDir, plugin.tadaTurboLocation);
const introspectionPath = resolve(webDir, 'src/graphql/introspection.json');
const gqlTada = resolve(webDir, 'node_modules/gql.tada/bin/cli.js');
const check = process.argv.includes('--check');

const schemaSource = await readFile(schemaPath, 'utf8');
const fingerprint = `// graphql-types: schema and documents sha256:${await documentsHash()}`;

if (check) {
  const stale = [];
  if ((await readOrEmpty(introspectionPath)) !== introspectionJson()) stale.push(introspectionPath);
  const scratch = await mkdtemp(join(tmpdir(), 'graphql-types-'));
  try {
    const scratchEnv = join(scratch, 'graphql-env.d.ts');
    gqlTadaRun(['generate', 'output', '--output', scratchEnv]);
    if ((await readOrEmpty(envPath)) !== (await readFile(scratchEnv, 'utf8'))) stale.push(envPath);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  if ((await readOrEmpty(turboPath)).split('\n', 1)[0] !== fingerprint) stale.push(turboPath);
  if (stale.length > 0) {
    console.error(`out of date (the schema or a GraphQL document changed):\n  ${stale.join('\n  ')}`);
    console.error('run: pnpm --filter @worksbase/web graphql:types');
    process.exit(1);
  }
  console.log('graphql: generated types are up to date');
} else {
  gqlTadaRun(['generate', 'output']);
  await writeFile(introspectionPath, introspectionJson());
  // Generated without the old cache, which would otherwise answer for the documents it describes.
  await rm(turboPath, { force: true });
  gqlTadaRun(['generate', 'turbo', '--fail-on-warn']);
  await writeFile(turboPath, `${fingerprint}\n${await readFile(turboPath, 'utf8')}`);
  console.log(`graphql: wrote ${envPath}, ${introspectionPath} and ${turboPath} from ${schemaPath}`);
}

function introspectionJson() {
  const schema = buildSchema(schemaSource);
  const result = graphqlSync({ schema, source: getIntrospectionQuery({ descriptions: false }) });
  if (result.errors?.length || !result.data) {
    throw new Error(`introspection failed: ${result.errors?.map((e) => e.message).join('; ')}`);
  }
  const minified = minifyIntrospectionQuery(result.data, { includeScalars: false, includeEnums: false });
  return `${JSON.stringify(minified, null, 2)}\n`;
}

/** The schema and the text of every `graphql(`…`)` document under src/, in a stable order. */
async function documentsHash() {
  const hash = createHash('sha256').update(schemaSource);
  const documents = [];
  for (const entry of await readdir(resolve(webDir, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
    const source = await readFile(join(entry.parentPath, entry.name), 'utf8');
    for (const match of source.matchAll(/\bgraphql\(\s*`([^`]*)`/g)) documents.push(match[1]);
  }
  for (const document of documents.sort()) hash.update('\0').update(document);
  return hash.digest('hex');
}

function gqlTadaRun(args) {
  execFileSync(process.execPath, [gqlTada, ...args], { cwd: webDir, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function readOrEmpty(path) {
  return readFile(path, 'utf8').catch(() => '');
}
