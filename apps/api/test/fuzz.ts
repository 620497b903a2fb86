import fc from 'fast-check'
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql'
import type { Database } from '../src/db/index.ts'

// Hostile input for the fuzz suite (fuzz.test.ts): tables of values an attacker or a broken client
// sends, one generator per GraphQL argument type, and the checks every answer must pass.

/** The one seed of the suite: a failure found once is found again on every run. */
export const FUZZ_SEED = 20_250_611

/** JSON text written verbatim: numbers JSON.stringify cannot write (1e309) or that overflow (2^31). */
class RawJson {
  constructor(readonly text: string) {}
}
const raw = (text: string) => new RawJson(text)

/** JSON.stringify, except that RawJson values are written as their text. */
export function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : toJson(item))).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined)
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')
const b64 = (text: string) => Buffer.from(text).toString('base64')
const UUID = '4b5f0a52-7c0d-4a53-9b43-1f4f2f0c9e11'

/** Numbers at and past the edges: 2^31, below zero, past double precision, Infinity as JSON. */
export const hostileNumbers: readonly RawJson[] = [
  '2147483648',
  '-2147483649',
  '2147483647',
  '-1',
  '0',
  '1e309',
  '-1e309',
  '99999999999999999999',
  '9007199254740993',
  '1.5',
  '-0',
  '1e-400',
].map(raw)

/** Text no edge should choke on (none of it looks like a leak, so an echo of it is not one). */
export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '\t\r\n',
  'x'.repeat(200_000),
  'é'.repeat(5_000),
  '😀'.repeat(3_000),
  'a\u0000b',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '\ufeff',
  '\u202etxt.exe',
  '%',
  '%E0%A4%A',
  '%00',
  "' OR '1'='1",
  '"; DROP TABLE "Member"; --',
  '\\',
  '$1',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '=HYPERLINK("http://x")',
  '__proto__',
  'null',
  'NaN',
  '-1',
  '2147483648',
  '1e309',
  'https://169.254.169.254/latest/meta-data',
  'http://127.0.0.1:1/',
  'javascript:alert(1)',
  '0000-00-00',
  '2024-02-30',
  '2024-13',
  '+275760-09-13T00:00:00.001Z',
]

/** Global ids that are not: malformed base64, another type, a type that does not exist, no UUID. */
export const hostileIds: readonly string[] = [
  '',
  'x',
  '1',
  '-1',
  '2147483648',
  UUID,
  '!!!!',
  '====',
  'TWVtYmVy',
  gid('Member', 'not-a-uuid'),
  gid('Member', ''),
  gid('', UUID),
  gid('Nope', UUID),
  gid('Member', `${UUID}'`),
  gid('Member', `${UUID}\u0000`),
  gid('Member', 'x'.repeat(10_000)),
  gid('Member', '00000000-0000-0000-0000-000000000000'),
  gid('Member:Bot', UUID),
  `${gid('Member', UUID)}%`,
]

/** Cursors forged from the Pothos prisma format (GPC:<tag>:<value>) and from nothing at all. */
export const forgedCursors: readonly string[] = [
  b64('GPC:S:not-a-uuid'),
  b64('GPC:S:'),
  b64(`GPC:S:${UUID}\u0000`),
  b64(`GPC:S:${'x'.repeat(5_000)}`),
  b64('GPC:N:1e309'),
  b64('GPC:N:-1'),
  b64('GPC:N:99999999999999999999'),
  b64('GPC:I:1x'),
  b64('GPC:D:99999999999999999999'),
  b64('GPC:D:x'),
  b64('GPC:O:{"id":{"not":"x"}}'),
  b64('GPC:O:[1,[2]]'),
  b64('GPC:O:{'),
  b64('GPC:T:'),
  b64('GPC:T:[["S:a"],1]'),
  b64('GPC:Z:'),
  b64('GPC:B:////'),
  b64('GPC:'),
  b64('OC:-1'),
  b64('arrayconnection:99999999999'),
  'not base64 at all',
  '%%%',
]

const hostileDates: readonly (string | RawJson)[] = [
  'not a date',
  '0000-00-00T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00Z',
  '2024-02-30T00:00:00Z',
  '2024-01-01T25:61:61Z',
  '1970-01-01T00:00:00Z',
  raw('1e309'),
  raw('99999999999999999999'),
  raw('-1'),
]

/** Deeply nested JSON (the depth a recursive walker dies of). */
export const deepArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
export const deepObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`

const hostileJsonValues: readonly unknown[] = [
  raw(deepArrays(10_000)),
  raw(deepObjects(10_000)),
  raw('{"__proto__":{"polluted":true}}'),
  raw('{"a\\u0000":1}'),
  raw('"\\ud800"'),
  raw('1e309'),
  'x'.repeat(200_000),
  [],
  null,
]

/** What the generators know beyond the schema. */
export interface SchemaFacts {
  schema: GraphQLSchema
  /** Real ids of another tenant's objects: every answer must treat them as not found. */
  foreignIds: readonly string[]
  /** Real ids of the fuzzed tenant's objects by type, for read-only operations (nothing gets deleted). */
  ownIds?: Readonly<Record<string, readonly string[]>>
}

/**
 * How wrong a value may be: `typed` values pass GraphQL's own type checks (in-range integers, enum
 * values, strings) and so reach the resolvers; `any` values also have the wrong type, miss required
 * fields or carry unknown ones.
 */
type Wrongness = 'typed' | 'any'

interface Generation {
  facts: SchemaFacts
  wrongness: Wrongness
  depth: number
  /** The argument's or input field's name, whose `…Id` names the node type an ID should be of. */
  name: string
}

function nodeTypeNames(schema: GraphQLSchema): string[] {
  const node = schema.getType('Node')
  return node && isInterfaceType(node) ? schema.getPossibleTypes(node).map((type) => type.name) : []
}

export function errorTypeNames(schema: GraphQLSchema): Set<string> {
  const error = schema.getType('Error')
  return new Set(error && isInterfaceType(error) ? schema.getPossibleTypes(error).map((type) => type.name) : [])
}

/** The node type an argument named `memberId`, `botIds`… holds, when the schema has it. */
function nodeTypeOf(name: string, schema: GraphQLSchema): string | null {
  const stem = name.replace(/Ids?$/, '')
  const typename = stem.charAt(0).toUpperCase() + stem.slice(1)
  return stem !== name && nodeTypeNames(schema).includes(typename) ? typename : null
}

/**
 * A value of the right shape that gets past type checks, so that a hostile value next to it reaches
 * the resolver: ids of the type the name says, of objects that do not exist (or, for read-only
 * operations, that do).
 */
function plausible(type: GraphQLInputType, generation: Generation): fc.Arbitrary<unknown> {
  const { facts, depth, name } = generation
  if (isNonNullType(type)) return plausible(type.ofType, generation)
  if (isListType(type)) return fc.array(plausible(type.ofType, generation), { minLength: 1, maxLength: 2 })
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name))
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant({})
    const fields = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined)
    return fc.record(Object.fromEntries(fields.map((field) => [field.name, plausible(field.type, { ...generation, depth: depth + 1, name: field.name })])))
  }
  switch (type.name) {
    case 'ID': {
      const typename = nodeTypeOf(name, facts.schema)
      const own = typename ? (facts.ownIds?.[typename] ?? []) : Object.values(facts.ownIds ?? {}).flat()
      const missing = fc.tuple(typename ? fc.constant(typename) : fc.constantFrom(...nodeTypeNames(facts.schema)), fc.uuid()).map(([node, id]) => gid(node, id))
      return own.length > 0 ? fc.oneof(missing, fc.constantFrom(...own)) : missing
    }
    case 'Int':
      return fc.constantFrom(1, 5, 10)
    case 'Float':
      return fc.constantFrom(1, 0.5)
    case 'Boolean':
      return fc.boolean()
    case 'DateTime':
      return fc.constant('2024-01-01T00:00:00.000Z')
    case 'JSON':
      return fc.constant({})
    default:
      return fc.constantFrom('x', 'Fuzz', 'fuzz@example.com', '2024-01', '2024-01-01')
  }
}

/** One generator per argument type: hostile values of that type (and, unless `typed`, of others). */
function hostile(type: GraphQLInputType, generation: Generation): fc.Arbitrary<unknown> {
  const { facts, wrongness } = generation
  const typed = wrongness === 'typed'
  if (isNonNullType(type)) {
    const inner = hostile(type.ofType, generation)
    return typed ? inner : fc.oneof({ weight: 9, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(null) })
  }
  if (isListType(type)) return hostileList(type.ofType, generation)
  if (isEnumType(type)) {
    const values = type.getValues().map((value) => value.name)
    const first = values[0] ?? 'X'
    return typed ? fc.constantFrom(...values) : fc.constantFrom<unknown>('NOPE', first.toLowerCase(), '', ` ${first}`, `${first}\u0000`, raw('1'), raw('true'), [first])
  }
  if (isInputObjectType(type)) return hostileObject(type, generation)
  const wrongTypes = typed ? [] : [raw('1'), raw('{}'), raw('[[]]')]
  switch (type.name) {
    case 'ID':
      return fc.constantFrom<unknown>(...hostileIds, ...forgedCursors, ...facts.foreignIds, ...wrongTypes)
    case 'Int':
      return fc.constantFrom<unknown>(...(typed ? hostileNumbers.filter((number) => isInt32(number.text)) : [...hostileNumbers, '1', raw('true')]))
    case 'Float':
      return fc.constantFrom<unknown>(...(typed ? [raw('1e308'), raw('-1e308'), raw('5e-324'), raw('-1')] : [...hostileNumbers, '1']))
    case 'Boolean':
      return typed ? fc.boolean() : fc.constantFrom<unknown>('true', raw('1'), raw('0'), raw('[]'), raw('{}'))
    case 'DateTime':
      return fc.constantFrom<unknown>(...hostileDates.filter((date) => !typed || typeof date === 'string'))
    case 'JSON':
      return fc.constantFrom<unknown>(...hostileJsonValues)
    default:
      return fc.constantFrom<unknown>(...hostileStrings, ...forgedCursors, ...hostileIds, ...facts.foreignIds, ...wrongTypes)
  }
}

const isInt32 = (text: string) => /^-?\d+$/.test(text) && Number(text) >= -(2 ** 31) && Number(text) < 2 ** 31

/** Hostile or plausible, two to one: one bad value among good ones goes deepest. */
function mixed(type: GraphQLInputType, generation: Generation): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 2, arbitrary: hostile(type, generation) }, { weight: 1, arbitrary: plausible(type, generation) })
}

function hostileList(item: GraphQLInputType, generation: Generation): fc.Arbitrary<unknown> {
  const next = { ...generation, depth: generation.depth + 1 }
  const lists: fc.Arbitrary<unknown>[] = [
    fc.array(mixed(item, next), { maxLength: 3 }),
    // Long: as many items as a 1 MB body holds, of a small plausible value.
    plausible(item, next).map((value) => Array.from({ length: 5_000 }, () => value)),
    // One item where a list is expected: GraphQL takes it as a list of one.
    mixed(item, next),
  ]
  if (generation.wrongness === 'any') lists.push(fc.constant([null]), fc.constant([[]]))
  return fc.oneof(...lists)
}

function hostileObject(type: GraphQLInputType & { getFields(): Record<string, { name: string; type: GraphQLInputType }> }, generation: Generation): fc.Arbitrary<unknown> {
  if (generation.depth > 3) return fc.constant({})
  const field = (name: string) => ({ ...generation, depth: generation.depth + 1, name })
  const withFields = fc.record(
    Object.fromEntries(
      Object.values(type.getFields()).map((input) => [
        input.name,
        isNonNullType(input.type) ? mixed(input.type, field(input.name)) : fc.option(mixed(input.type, field(input.name)), { nil: undefined }),
      ]),
    ),
  )
  if (generation.wrongness === 'typed') return withFields
  return fc.oneof(
    { weight: 6, arbitrary: withFields },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: withFields.map((value) => ({ ...(value as object), notAField: 1 })) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(raw('"x"'), raw('[]'), raw('1'), raw('[{}]')) },
  )
}

/**
 * Arguments for a field: each hostile or plausible (optional ones sometimes left out), all of them
 * well-typed in half the samples, so that resolvers see hostile values, not only GraphQL's checks.
 */
export function argumentsFor(field: GraphQLField<unknown, unknown>, facts: SchemaFacts): fc.Arbitrary<Record<string, unknown>> {
  return fc.constantFrom<Wrongness>('typed', 'any').chain((wrongness) =>
    fc.record(
      Object.fromEntries(
        field.args.map((arg) => {
          const value = mixed(arg.type, { facts, wrongness, depth: 0, name: arg.name })
          return [arg.name, isNonNullType(arg.type) ? value : fc.option(value, { nil: undefined })]
        }),
      ),
    ),
  )
}

/** The value as a GraphQL literal (enum names bare), for documents that inline their arguments. */
export function toLiteral(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return 'null'
  if (value instanceof RawJson) return value.text.replace(/^"\\ud800"$/, '"x"')
  const named = getNamedType(type)
  if (typeof value === 'string') {
    const enumValue = isEnumType(named) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value)
    return enumValue ? value : JSON.stringify(value)
  }
  if (Array.isArray(value)) {
    const item = isNonNullType(type) ? type.ofType : type
    return `[${value.map((entry) => toLiteral(entry, isListType(item) ? item.ofType : item)).join(' ')}]`
  }
  if (typeof value === 'object') {
    const fields = isInputObjectType(named) ? named.getFields() : {}
    return `{${Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .map(([key, entry]) => `${key}: ${toLiteral(entry, fields[key]?.type ?? type)}`)
      .join(' ')}}`
  }
  return String(value)
}

/**
 * A selection of the field's result: every scalar, and objects and lists down to `depth` levels
 * (fields that need arguments are left out). Error results show their code and message.
 */
function selectionOf(schema: GraphQLSchema, type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type)
  if (isLeafType(named)) return ''
  const possible: readonly GraphQLNamedType[] = isUnionType(named) ? named.getTypes() : isInterfaceType(named) ? schema.getPossibleTypes(named) : [named]
  const parts = ['__typename']
  // Fields of one name but different types in two possible types cannot be selected together.
  const typesByName = new Map<string, Set<string>>()
  for (const member of possible) {
    if (!isObjectType(member)) continue
    for (const field of Object.values(member.getFields())) typesByName.set(field.name, (typesByName.get(field.name) ?? new Set()).add(String(field.type)))
  }
  for (const member of possible) {
    if (!isObjectType(member)) continue
    const fields = Object.values(member.getFields() as Record<string, GraphQLField<unknown, unknown>>).filter(
      (field) => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined) && (typesByName.get(field.name)?.size ?? 0) <= 1,
    )
    const inner: string[] = []
    for (const field of fields) {
      if (isLeafType(getNamedType(field.type))) inner.push(field.name)
      else if (depth > 0) inner.push(`${field.name} ${selectionOf(schema, field.type, depth - 1)}`)
    }
    if (inner.length > 0) parts.push(`... on ${member.name} { ${inner.join(' ')} }`)
  }
  return `{ ${parts.join(' ')} }`
}

/** Tokens of a GraphQL document, counted as the parser's limit counts them (names and punctuators). */
export function tokenCount(document: string): number {
  return document.match(/"(?:[^"\\]|\\.)*"|[_A-Za-z][_0-9A-Za-z]*|-?\d[\d.eE+-]*|\.\.\.|[{}():[\]$!@=]/g)?.length ?? 0
}

/** The deepest selection (at most `depth`) that leaves `budget` tokens for the rest of the document. */
export function fittingSelection(schema: GraphQLSchema, type: GraphQLOutputType, depth: number, budget: number): string {
  for (let level = depth; level > 0; level -= 1) {
    const selection = selectionOf(schema, type, level)
    if (tokenCount(selection) <= budget) return selection
  }
  return selectionOf(schema, type, 0)
}

// What an answer must never show: where the code is, or what the database said.
const leaks: readonly [string, RegExp][] = [
  ['a stack frame', /\bat (?:async )?[^\s()]+ \([^)]*:\d+:\d+\)|\n\s+at \S/],
  ['a source position', /\.(?:ts|js|mjs|cjs|tsx):\d+/],
  ['SQL', /\b(?:SELECT|INSERT INTO|DELETE FROM)\b|\b(?:UPDATE|WHERE) "/],
  ['Prisma', /prisma/i],
  ['driver text', /invalid input syntax|violates|relation "|column "|syntax error at or near|duplicate key|invalid byte sequence|unsupported Unicode escape/i],
]

/** What the text gives away, if anything (a description of the first leak found). */
export function leakIn(text: string): string | null {
  for (const [what, pattern] of leaks) {
    const match = pattern.exec(text)
    if (match) return `${what}: …${text.slice(Math.max(0, match.index - 60), match.index + 80)}…`
  }
  return null
}

/**
 * The number of rows in every table. Counting all of them costs milliseconds, so they are counted
 * again only when a transaction that wrote has finished since the last count (PostgreSQL's next
 * transaction id moved on: reading assigns none).
 */
export async function rowCounter(db: Database): Promise<() => Promise<Record<string, number>>> {
  const tables = (await db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_prisma%' ORDER BY 1`)).map((row) => row.name)
  const countAll = `SELECT ${tables.map((table) => `(SELECT count(*) FROM "${table}")::int AS "${table}"`).join(', ')}`
  const count = async () => (await db.query<Record<string, number>>(countAll))[0] ?? {}
  const written = async () => (await db.query<{ xid: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid'))[0]?.xid ?? ''
  let known = { xid: await written(), counts: await count() }
  return async () => {
    const xid = await written()
    if (xid !== known.xid) known = { xid, counts: await count() }
    return known.counts
  }
}

/** Tables whose count differs between two snapshots, as `Table: before → after`. */
export function changedTables(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((table) => before[table] !== after[table])
    .map((table) => `${table}: ${before[table]} → ${after[table]}`)
}
