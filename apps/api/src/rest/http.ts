import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import type { Database } from '../db/index.ts'
import type { Actor } from '../services/actor.ts'
import type { Env } from '../env.ts'
import { JSON_MAX_DEPTH, jsonInputProblem } from '../lib/json-input.ts'
import { AppError, AuthenticationError, isInputShapedError, ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from '../errors.ts'
import { resolveActor } from '../services/auth.ts'
import { UploadTooLargeError } from '../lib/csv-text.ts'
import type { Services } from '../services/index.ts'

// The one input layer of the REST endpoints: every handler reads its body through readBytes,
// readText, readJson, readForm or cappedBody, so each has the same size cap (declared or chunked),
// strict UTF-8, content-type check and NUL rule, and fails with an HttpError the router turns into
// a `{code, description}` answer.

export interface RestDeps {
  db: Database
  env: Env
  services: Services
}

/** A refusal with its HTTP status and `{code, description}` body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(description)
  }
}

/** `{code, description}` error bodies, the shape the LINE WORKS-compatible endpoints use too. */
export function errorResponse(status: number, code: string, description: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return Response.json({ code, description, ...extra }, { status, headers })
}

/**
 * The answer for anything a handler throws: refusals keep their status and code; anything else is
 * logged and answered with a plain 500 that says nothing about the inside (no message, no stack).
 */
export function restErrorResponse(error: unknown): Response {
  if (error instanceof HttpError) return errorResponse(error.status, error.code, error.message, error.extra, error.headers)
  if (error instanceof UploadTooLargeError) return errorResponse(413, 'LIMIT_EXCEEDED', error.message, { fieldErrors: error.fieldErrors })
  if (error instanceof ValidationError) {
    return errorResponse(400, 'INVALID_PARAMETER', error.message, { fieldErrors: error.fieldErrors })
  }
  if (error instanceof AuthenticationError) return errorResponse(401, 'UNAUTHORIZED', error.message)
  if (error instanceof ForbiddenError) return errorResponse(403, 'FORBIDDEN', error.message)
  if (error instanceof NotFoundError) return errorResponse(404, 'NOT_FOUND', error.message)
  if (error instanceof RateLimitedError) {
    return errorResponse(429, 'TOO_MANY_REQUESTS', error.message, {}, { 'retry-after': String(error.retryAfterSeconds) })
  }
  if (error instanceof AppError) return errorResponse(409, error.code, error.message)
  if (isInputShapedError(error)) {
    console.warn('REST input refused by the database:', error instanceof Error ? error.message : error)
    return errorResponse(400, 'INVALID_PARAMETER', 'The request has a malformed or out-of-range value')
  }
  console.error(error)
  return errorResponse(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error')
}

/** Cookie sessions must carry the CSRF header; API tokens use Authorization: Bearer. */
export async function requireActor(deps: RestDeps, request: Request): Promise<Actor> {
  const actor = await resolveActor(deps.db.prisma, request)
  if (!actor) throw new AuthenticationError('Sign in or send a valid API token')
  return actor
}

export interface BodyRules {
  /** The most bytes accepted, whether the length is declared or the body is chunked. */
  maxBytes: number
  /** Accepted media types (without parameters); omitted: any. */
  contentTypes?: readonly string[]
  /** The description of the 413 (default: the body is larger than maxBytes bytes). */
  tooLarge?: string
  /** The form field the body is (an upload's `file`): a 413 then names it in `fieldErrors`. */
  field?: string
}

function tooLarge(rules: BodyRules): HttpError {
  const message = rules.tooLarge ?? `The body is larger than ${rules.maxBytes} bytes`
  return new HttpError(413, 'LIMIT_EXCEEDED', message, rules.field ? { fieldErrors: [{ path: [rules.field], code: 'too_large', message }] } : {})
}

function checkContentType(request: Request, accepted: readonly string[] | undefined) {
  if (!accepted) return
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!accepted.includes(type)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as ${accepted.join(' or ')}${type ? ` (not ${type})` : ''}`)
  }
}

function checkDeclaredLength(request: Request, rules: BodyRules) {
  const declared = request.headers.get('content-length')
  if (declared === null) return
  if (!/^\d+$/.test(declared.trim())) throw new HttpError(400, 'INVALID_PARAMETER', 'Content-Length is not a number')
  if (Number(declared) > rules.maxBytes) throw tooLarge(rules)
}

/**
 * The body as a stream that fails with a 413 HttpError as soon as more than `maxBytes` arrived: a
 * declared length is checked up front, a chunked body while it streams (it has no length to check).
 */
export function cappedBody(request: Request, rules: BodyRules): ReadableStream<Uint8Array> {
  checkContentType(request, rules.contentTypes)
  checkDeclaredLength(request, rules)
  const body = request.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() })
  let bytes = 0
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength
        if (bytes > rules.maxBytes) controller.error(tooLarge(rules))
        else controller.enqueue(chunk)
      },
    }),
  )
}

/** The whole body (at most `maxBytes`). */
export async function readBytes(request: Request, rules: BodyRules): Promise<Buffer> {
  const chunks: Uint8Array[] = []
  for await (const chunk of cappedBody(request, rules) as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** Bytes as UTF-8 text: malformed sequences and NUL characters are refused (PostgreSQL stores no NUL). */
export function utf8Text(bytes: Uint8Array, what = 'The body'): string {
  let text: string
  try {
    text = strictUtf8.decode(bytes)
  } catch {
    throw new HttpError(400, 'INVALID_PARAMETER', `${what} is not valid UTF-8`)
  }
  if (text.includes('\u0000')) throw new HttpError(400, 'INVALID_PARAMETER', `${what} contains a NUL character`)
  return text
}

export async function readText(request: Request, rules: BodyRules): Promise<string> {
  return utf8Text(await readBytes(request, rules))
}

/**
 * Parses JSON text; a NUL anywhere in it (escaped as \u0000 too) is refused with where it was, and
 * so is nesting deeper than JSON_MAX_DEPTH.
 */
export function parseJsonText(text: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new HttpError(400, 'INVALID_PARAMETER', 'The body is not valid JSON')
  }
  const problem = jsonInputProblem(value)
  if (problem?.kind === 'depth') throw new HttpError(400, 'INVALID_PARAMETER', `The body is nested more than ${JSON_MAX_DEPTH} levels deep`)
  if (problem) {
    const where = problem.path.length ? `${problem.path.join('.')}: ` : ''
    throw new HttpError(400, 'INVALID_PARAMETER', `${where}text must not contain the NUL character (U+0000)`)
  }
  return value
}

/** A JSON body (`application/json`). An empty body is MISSING_PARAMETER, or `empty` when given. */
export async function readJson(request: Request, rules: { maxBytes: number; empty?: unknown }): Promise<unknown> {
  const text = await readText(request, { maxBytes: rules.maxBytes, ...(hasBody(request) && { contentTypes: ['application/json'] }) })
  if (!text.trim()) {
    if ('empty' in rules) return rules.empty
    throw new HttpError(400, 'MISSING_PARAMETER', 'The request body is empty')
  }
  return parseJsonText(text)
}

/** A form body (`application/x-www-form-urlencoded`); NUL in a name or value is refused. */
export async function readForm(request: Request, rules: { maxBytes: number }): Promise<URLSearchParams> {
  const text = await readText(request, { maxBytes: rules.maxBytes, contentTypes: ['application/x-www-form-urlencoded'] })
  const form = new URLSearchParams(text)
  for (const [name, value] of form) {
    if (name.includes('\u0000') || value.includes('\u0000')) throw new HttpError(400, 'INVALID_PARAMETER', `${name.replaceAll('\u0000', '')}: must not contain the NUL character`)
  }
  return form
}

/** Whether the request says it has a body (a length above zero, or chunked). */
function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length')
  if (length !== null) return length.trim() !== '0'
  return request.headers.has('transfer-encoding') || (request.body !== null && request.headers.has('content-type'))
}

/** A CSV cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe. */
export function safeCsvCell(value: unknown): unknown {
  if (typeof value !== 'string' || !/^[=+\-@\t\r]/.test(value)) return value
  return `'${value}`
}

/**
 * A streamed CSV download (UTF-8 with BOM, so Excel opens it): `fill` writes the rows with
 * backpressure and may fail, which ends the stream with an error. Text cells are formula-safe.
 */
export function csvDownload(columns: string[], fileName: string, fill: (write: (row: unknown[]) => Promise<void>) => Promise<void>): Response {
  const csv = stringify({ header: true, columns, bom: true })
  const write = async (row: unknown[]) => {
    if (!csv.write(row.map(safeCsvCell))) await new Promise((resolve) => csv.once('drain', resolve))
  }
  fill(write)
    .then(() => csv.end())
    .catch((error: unknown) => {
      console.error(error)
      csv.destroy(error as Error)
    })
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
    },
  })
}
