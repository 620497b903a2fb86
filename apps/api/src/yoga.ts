import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases'
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives'
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions'
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention'
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection'
import { type DocumentNode, GraphQLError, Kind, type ValidationRule } from 'graphql'
import { createYoga, maskError, type Plugin } from 'graphql-yoga'
import { LRUCache } from 'lru-cache'
import type { Context } from './context.ts'
import type { Actor } from './services/actor.ts'
import type { Database } from './db/index.ts'
import type { Env } from './env.ts'
import { AppError, isInputShapedError } from './errors.ts'
import { JSON_MAX_DEPTH, jsonInputProblem } from './lib/json-input.ts'
import { schema } from './schema/index.ts'
import { resolveActor } from './services/auth.ts'
import { MEMBER_CSRF_HEADER, type MemberViewer, resolveMemberViewer } from './services/member-auth.ts'
import type { Services } from './services/index.ts'

export interface ServerContext {
  ip: string
  /** Set-Cookie values collected while resolving; the app adds them to the response. */
  responseCookies: string[]
}

/**
 * Limits applied before the expensive work (docs/security.md). Parsing stops at GRAPHQL_MAX_TOKENS
 * tokens, so a huge document costs no more than a small one; aliases and directives are counted at
 * validation; depth, breadth and cost are Pothos' complexity limits (builder.ts), checked before any
 * resolver runs.
 */
export const GRAPHQL_LIMITS = {
  maxAliases: 30,
  maxDirectives: 20,
  /** Characters of document text the parse cache keeps (an entry weighs its text's length). */
  parseCacheChars: 512 * 1024,
}

/** Who is calling, resolved once per request (the introspection rule and the context both ask). */
interface Caller {
  actor: Actor | null
  member: MemberViewer | null
}

export function createGraphQL(deps: { db: Database; env: Env; services: Services }) {
  const production = deps.env.NODE_ENV === 'production'
  const callers = new WeakMap<Request, Promise<Caller>>()
  const callerOf = (request: Request): Promise<Caller> => {
    let caller = callers.get(request)
    if (!caller) {
      caller = Promise.all([resolveActor(deps.db.prisma, request), resolveMemberViewer(deps.db.prisma, request)]).then(([actor, member]) => ({ actor, member }))
      callers.set(request, caller)
    }
    return caller
  }
  const maxTokens = deps.env.GRAPHQL_MAX_TOKENS
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: !production,
    landingPage: false,
    logging: deps.env.LOG_LEVEL === 'silent' ? false : deps.env.LOG_LEVEL,
    // Parsed documents are cached by their text, bounded by the text's total length (not only by the
    // number of entries: 1,024 documents of 200 KB each would hold gigabytes). Failed parses are not
    // cached: a client that sends them gets nothing from a cache, an attacker would fill it.
    parserAndValidationCache: {
      documentCache: new LRUCache<string, DocumentNode>({ maxSize: GRAPHQL_LIMITS.parseCacheChars, sizeCalculation: (_document, text) => Math.max(1, text.length), ttl: 3_600_000 }),
      errorCache: { get: () => undefined, set: () => {} },
    },
    plugins: [
      // Requests must be "non-simple" (JSON body or this header), so a cross-site form cannot post here.
      useCSRFPrevention({ requestHeaders: ['x-csrf-token', MEMBER_CSRF_HEADER, 'x-graphql-yoga-csrf'] }),
      parseWithTokenLimit(maxTokens),
      maxAliasesPlugin({ n: GRAPHQL_LIMITS.maxAliases }),
      maxDirectivesPlugin({ n: GRAPHQL_LIMITS.maxDirectives }),
      refuseNulCharacters(),
      ...(production
        ? [
            blockFieldSuggestionsPlugin(),
            // The schema is public in the repository; in production only signed-in callers may introspect.
            useDisableIntrospection({ isDisabled: async (request: Request) => !(await isSignedIn(callerOf(request))) }),
          ]
        : []),
    ],
    maskedErrors: { maskError: maskUnexpectedErrors },
    context: async ({ request, ip, responseCookies }): Promise<Context> => {
      const { actor, member } = await callerOf(request)
      return { db: deps.db, prisma: deps.db.prisma, env: deps.env, services: deps.services, request, ip, actor, member, responseCookies }
    },
  })
}

async function isSignedIn(caller: Promise<Caller>): Promise<boolean> {
  const { actor, member } = await caller
  return actor !== null || member !== null
}

/** graphql-js' own token limit, applied while parsing: a document past it is never built. */
function parseWithTokenLimit(maxTokens: number): Plugin {
  return {
    // Wraps the parser Yoga was given (not graphql's `parse` imported here: in a test run that may be
    // the other copy of graphql, whose errors Yoga would not recognise as its own).
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => parseFn(source, { ...options, maxTokens }))
    },
  }
}

const NUL_MESSAGE = 'Text must not contain the NUL character (U+0000)'

const noNulInLiterals: ValidationRule = (context) => ({
  StringValue(node) {
    if (node.value.includes('\u0000')) context.reportError(new GraphQLError(NUL_MESSAGE, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } }))
  },
})

/**
 * PostgreSQL text cannot hold a NUL character, so a NUL in any string input (variables or literals)
 * is refused up front with BAD_USER_INPUT instead of failing in the database; so are variables that
 * nest absurdly deep (no input type of the schema nests more than a few levels).
 */
function refuseNulCharacters(): Plugin {
  return {
    onParams({ params, setResult }) {
      const problem = jsonInputProblem(params.variables ?? null)
      if (!problem) return
      const where = ['variables', ...problem.path]
      const message =
        problem.kind === 'nul' ? `${where.join('.')}: ${NUL_MESSAGE}` : `${where.slice(0, 2).join('.')}: nested more than ${JSON_MAX_DEPTH} levels deep`
      setResult({ errors: [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } })] })
    },
    onValidate({ addValidationRule, params }) {
      if (params.documentAST.kind === Kind.DOCUMENT) addValidationRule(noNulInLiterals)
    },
  }
}

/** Expected failures (AppError) keep their message and code; everything else is masked. */
export function maskUnexpectedErrors(error: unknown, message: string, isDev?: boolean): Error {
  const original = findAppError(error)
  if (original) {
    return new GraphQLError(original.message, {
      ...(error instanceof GraphQLError && { nodes: error.nodes, path: error.path }),
      extensions: { code: original.code },
    })
  }
  const pothos = findPothosValidationError(error)
  if (pothos) {
    // Pothos' own refusals (depth, breadth, complexity, a cursor it cannot read) are written for callers.
    return new GraphQLError(pothos.message, { ...(error instanceof GraphQLError && { nodes: error.nodes, path: error.path }), extensions: { code: 'BAD_USER_INPUT' } })
  }
  if (isInputShapedError(error)) {
    console.warn('GraphQL input refused by the database:', error instanceof Error ? error.message : error)
    return new GraphQLError('The request has a malformed or out-of-range value (an id, a cursor, a number or text)', {
      ...(error instanceof GraphQLError && { nodes: error.nodes, path: error.path }),
      extensions: { code: 'BAD_USER_INPUT' },
    })
  }
  return maskError(error, message, isDev)
}

function findPothosValidationError(error: unknown): Error | null {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current.name === 'PothosValidationError') return current
    current = (current as { originalError?: unknown }).originalError ?? current.cause
  }
  return null
}

/** The AppError behind an error, however many GraphQLErrors wrap it. */
function findAppError(error: unknown): AppError | null {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current; depth += 1) {
    if (current instanceof AppError) return current
    current = current instanceof Error ? (current as { originalError?: unknown }).originalError ?? current.cause : null
  }
  return null
}
