import SchemaBuilder from '@pothos/core'
import ComplexityPlugin from '@pothos/plugin-complexity'
import ErrorsPlugin from '@pothos/plugin-errors'
import PrismaPlugin from '@pothos/plugin-prisma'
import RelayPlugin from '@pothos/plugin-relay'
import ScopeAuthPlugin from '@pothos/plugin-scope-auth'
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects'
import WithInputPlugin from '@pothos/plugin-with-input'
import type { AuthorityArea } from '@worksbase/schema'
import { GraphQLError } from 'graphql'
import { MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '@worksbase/schema'
import type { Context } from './context.ts'
import { AuthenticationError, ForbiddenError, ValidationError } from './errors.ts'
import { hasAuthority } from './services/authority.ts'
import type PrismaTypes from '#generated/pothos-prisma-types.ts'
import { getDatamodel } from '#generated/pothos-prisma-types.ts'

/**
 * Page sizes above the maximum (or below 0) are refused, not silently cut. Checked with the cost of
 * the query, which reads every field's arguments before anything runs: so a connection refuses
 * whatever is selected of it (`totalCount` alone, `pageInfo`, `edges`) and wherever it is nested.
 */
function checkPageSize(args: { first?: number | null; last?: number | null }): number {
  for (const key of ['first', 'last'] as const) {
    const value = args[key]
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw ValidationError.field(key, `Must be between 0 and ${MAX_PAGE_SIZE}`, value < 0 ? 'too_small' : 'too_big')
    }
  }
  return 1
}

export interface AuthorityScope {
  area: AuthorityArea
  level: 'VIEW' | 'EDIT'
}

export const builder = new SchemaBuilder<{
  Context: Context
  PrismaTypes: PrismaTypes
  DefaultFieldNullability: false
  DefaultEdgesNullability: false
  DefaultNodeNullability: false
  DefaultInputFieldRequiredness: true
  Scalars: {
    DateTime: { Input: Date; Output: Date }
    JSON: { Input: unknown; Output: unknown }
    ID: { Input: string; Output: string | number }
  }
  AuthScopes: {
    signedIn: boolean
    /** An admin signed in with a session: API tokens never are. */
    signedInAdmin: boolean
    master: boolean
    authority: AuthorityScope
  }
}>({
  plugins: [ErrorsPlugin, ScopeAuthPlugin, PrismaPlugin, RelayPlugin, WithInputPlugin, ComplexityPlugin, SimpleObjectsPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  errors: { defaultTypes: [] },
  scopeAuth: {
    // Type scopes run when an object of the type is resolved, however it is reached (a list, a
    // relation, `node` / `nodes`), not field by field: nothing of a type leaks without its authority.
    runScopesOnType: true,
    authScopes: (context) => ({
      signedIn: context.actor !== null,
      signedInAdmin: context.actor?.kind === 'admin',
      master: context.actor?.role === 'MASTER',
      authority: ({ area, level }) => context.actor !== null && hasAuthority(context.actor, area, level),
    }),
    unauthorizedError: (_parent, context) =>
      context.actor === null ? new AuthenticationError('Sign in first') : new ForbiddenError(),
  },
  prisma: {
    client: (context) => context.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'error',
    maxConnectionSize: MAX_PAGE_SIZE,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Every connection field (prisma ones included) costs what any field costs, once its page size is checked.
    defaultConnectionFieldOptions: { complexity: checkPageSize },
  },
  withInput: { typeOptions: {}, argOptions: { required: true } },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: { complexity: 5000, depth: 12, breadth: 200 },
    // A GraphQLError with its own code, not Pothos' PothosValidationError: the edge answers those as
    // malformed input, which told a client nothing about the depth or cost it went over.
    complexityError: (kind, result) => {
      const [measure, value, max] =
        kind === 'Depth' ? ['depth', result.depth, result.maxDepth] : kind === 'Breadth' ? ['breadth', result.breadth, result.maxBreadth] : ['complexity', result.complexity, result.maxComplexity]
      return new GraphQLError(`Query exceeds maximum ${measure} (${measure}: ${value}, max: ${max})`, { extensions: { code: 'LIMIT_EXCEEDED' } })
    },
  },
})

builder.queryType({})
builder.mutationType({})
builder.subscriptionType({})
