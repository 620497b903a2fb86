import { encodeGlobalID } from '@pothos/plugin-relay'
import { MAX_PAGE_SIZE } from '@worksbase/schema'
import type { GraphQLArgument, GraphQLField, GraphQLInputType, GraphQLNamedType, GraphQLOutputType } from 'graphql'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTenant, type TestClient, useTestApp } from '../../test/harness.ts'
import { schema } from './index.ts'

const ctx = useTestApp()

/** Checked by shape, not with graphql's type guards: the schema may come from another copy of graphql. */
function named(type: GraphQLOutputType | GraphQLInputType): GraphQLNamedType {
  return 'ofType' in type ? named(type.ofType) : type
}

function fieldsOf(type: GraphQLNamedType): GraphQLField<unknown, unknown>[] {
  return 'getInterfaces' in type ? Object.values(type.getFields()) : []
}

/** A value for a required argument other than the page arguments. */
function sample(arg: GraphQLArgument): string {
  const type = named(arg.type)
  if ('getValues' in type) return type.getValues()[0]?.name ?? ''
  if (type.name === 'ID') return `"${encodeGlobalID('Domain', '00000000-0000-4000-8000-000000000000')}"`
  if (type.name === 'Int') return '1'
  if (type.name === 'Boolean') return 'false'
  return '"x"'
}

interface ConnectionField {
  /** `Query.members`, `Bot.deliveries`, … */
  name: string
  /** The query with `$first` / `$last` on the connection and `SELECTION` where its fields go. */
  query: string
  hasTotalCount: boolean
}

/** Every connection field of the schema (its type has edges and pageInfo), reachable from Query or node(id). */
function connectionFields(): ConnectionField[] {
  const found: ConnectionField[] = []
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue
    for (const field of fieldsOf(type)) {
      const result = new Set(fieldsOf(named(field.type)).map((candidate) => candidate.name))
      if (!result.has('edges') || !result.has('pageInfo')) continue
      const required = field.args.filter((arg) => String(arg.type).endsWith('!'))
      const args = ['first: $first', 'last: $last', ...required.map((arg) => `${arg.name}: ${sample(arg)}`)].join(', ')
      const inner = `${field.name}(${args}) { SELECTION }`
      const query =
        type.name === 'Query'
          ? `query($first: Int, $last: Int) { ${inner} }`
          : `query($first: Int, $last: Int) { node(id: "${encodeGlobalID(type.name, '00000000-0000-4000-8000-000000000000')}") { ... on ${type.name} { ${inner} } } }`
      found.push({ name: `${type.name}.${field.name}`, query, hasTotalCount: result.has('totalCount') })
    }
  }
  return found
}

const connections = connectionFields()
const selections = (connection: ConnectionField) => [
  ...(connection.hasTotalCount ? ['totalCount'] : []),
  'pageInfo { hasNextPage }',
  '__typename',
  'edges { cursor }',
]

let client: TestClient
beforeAll(async () => {
  client = (await createTenant(ctx)).client
})

describe('page sizes', () => {
  it('finds the connections of the schema', () => {
    expect(connections.map((connection) => connection.name)).toEqual(
      expect.arrayContaining(['Query.members', 'Query.auditEntries', 'Query.bots', 'Bot.deliveries', 'MemberImport.rows', 'AttendanceAccountImport.rows']),
    )
  })

  const refused = connections.flatMap((connection) =>
    [{ first: MAX_PAGE_SIZE + 1 }, { last: MAX_PAGE_SIZE + 1 }, { first: -1 }, { last: -1 }].flatMap((page) =>
      selections(connection).map((selection) => ({ name: connection.name, connection, page, selection })),
    ),
  )
  it.each(refused)('$name refuses $page selecting $selection', async ({ connection, page, selection }) => {
    const result = await client.gql(connection.query.replace('SELECTION', selection), page)
    const key = Object.keys(page)[0]
    expect(result.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([['VALIDATION', `${key}: Must be between 0 and ${MAX_PAGE_SIZE}`]])
  })

  const accepted = connections.flatMap((connection) => [{ first: MAX_PAGE_SIZE }, { last: MAX_PAGE_SIZE }, { first: 0 }].map((page) => ({ name: connection.name, connection, page })))
  it.each(accepted)('$name accepts $page', async ({ connection, page }) => {
    const result = await client.gql(connection.query.replace('SELECTION', selections(connection).join(' ')), page)
    expect(result.errors).toBeUndefined()
  })
})
