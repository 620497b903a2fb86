import { initGraphQLTada } from 'gql.tada'
import type { introspection } from './graphql-env.d.ts'

/**
 * Typed GraphQL documents for the API tests, checked against the schema the API serves
 * (test/graphql-env.d.ts, written with schema.graphql by scripts/print-schema.ts).
 */
export const graphql = initGraphQLTada<{
  introspection: introspection
  scalars: { DateTime: string; ID: string; JSON: unknown }
}>()

export type { ResultOf, VariablesOf } from 'gql.tada'
