import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention'
import { GraphQLError } from 'graphql'
import { createYoga, maskError } from 'graphql-yoga'
import type { Context } from './context.ts'
import type { Database } from './db/index.ts'
import type { Env } from './env.ts'
import { AppError } from './errors.ts'
import { schema } from './schema/index.ts'
import { resolveActor } from './services/auth.ts'
import { MEMBER_CSRF_HEADER, resolveMemberViewer } from './services/member-auth.ts'
import type { Services } from './services/index.ts'

export interface ServerContext {
  ip: string
  /** Set-Cookie values collected while resolving; the app adds them to the response. */
  responseCookies: string[]
}

export function createGraphQL(deps: { db: Database; env: Env; services: Services }) {
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: deps.env.NODE_ENV !== 'production',
    landingPage: false,
    logging: deps.env.LOG_LEVEL === 'silent' ? false : deps.env.LOG_LEVEL,
    // Requests must be "non-simple" (JSON body or this header), so a cross-site form cannot post here.
    plugins: [useCSRFPrevention({ requestHeaders: ['x-csrf-token', MEMBER_CSRF_HEADER, 'x-graphql-yoga-csrf'] })],
    maskedErrors: { maskError: maskUnexpectedErrors },
    context: async ({ request, ip, responseCookies }): Promise<Context> => ({
      db: deps.db,
      prisma: deps.db.prisma,
      env: deps.env,
      services: deps.services,
      request,
      ip,
      actor: await resolveActor(deps.db.prisma, request),
      member: await resolveMemberViewer(deps.db.prisma, request),
      responseCookies,
    }),
  })
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
  return maskError(error, message, isDev)
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
