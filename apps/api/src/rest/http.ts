import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import type { Database } from '../db/index.ts'
import type { Actor } from '../context.ts'
import type { Env } from '../env.ts'
import { AppError, AuthenticationError, ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from '../errors.ts'
import { resolveActor } from '../services/auth.ts'
import type { Services } from '../services/index.ts'

export interface RestDeps {
  db: Database
  env: Env
  services: Services
}

/** `{code, description}` error bodies, the shape the LINE WORKS-compatible endpoints use too. */
export function errorResponse(status: number, code: string, description: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return Response.json({ code, description, ...extra }, { status, headers })
}

export function appErrorResponse(error: unknown): Response {
  if (error instanceof ValidationError) {
    return errorResponse(400, 'INVALID_PARAMETER', error.message, { fieldErrors: error.fieldErrors })
  }
  if (error instanceof AuthenticationError) return errorResponse(401, 'UNAUTHORIZED', error.message)
  if (error instanceof ForbiddenError) return errorResponse(403, 'FORBIDDEN', error.message)
  if (error instanceof NotFoundError) return errorResponse(404, 'NOT_FOUND', error.message)
  if (error instanceof RateLimitedError) return errorResponse(429, 'TOO_MANY_REQUESTS', error.message)
  if (error instanceof AppError) return errorResponse(409, error.code, error.message)
  console.error(error)
  return errorResponse(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error')
}

/** Cookie sessions must carry the CSRF header; API tokens use Authorization: Bearer. */
export async function requireActor(deps: RestDeps, request: Request): Promise<Actor> {
  const actor = await resolveActor(deps.db.prisma, request)
  if (!actor) throw new AuthenticationError('Sign in or send a valid API token')
  return actor
}

/**
 * A streamed CSV download (UTF-8 with BOM, so Excel opens it): `fill` writes the rows with
 * backpressure and may fail, which ends the stream with an error.
 */
export function csvDownload(columns: string[], fileName: string, fill: (write: (row: unknown[]) => Promise<void>) => Promise<void>): Response {
  const csv = stringify({ header: true, columns, bom: true })
  const write = async (row: unknown[]) => {
    if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve))
  }
  fill(write)
    .then(() => csv.end())
    .catch((error: unknown) => csv.destroy(error as Error))
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
    },
  })
}
