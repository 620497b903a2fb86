import { issueCode } from '@worksbase/schema'
import type { z } from 'zod'

/** Expected failures. GraphQL exposes them as typed union members; REST maps them to status codes. */
export class AppError extends Error {
  readonly code: string = 'APP_ERROR'
}

export interface FieldProblem {
  path: string[]
  code: string
  message: string
  /** What the words for `code` need (e.g. the unknown column names), for clients that translate. */
  value?: string
}

export class ValidationError extends AppError {
  override readonly code = 'VALIDATION'
  constructor(
    message: string,
    readonly fieldErrors: FieldProblem[] = [],
  ) {
    super(message)
  }

  static fromZod(error: z.ZodError, prefix: string[] = []): ValidationError {
    const fieldErrors = error.issues.map((issue) => ({
      path: [...prefix, ...issue.path.map(String)],
      code: issueCode(issue),
      message: issue.message,
    }))
    const first = fieldErrors[0]
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : ''
    return new ValidationError(first ? `${where}${first.message}` : 'Invalid input', fieldErrors)
  }

  static field(path: string, message: string, code = 'custom', value?: string): ValidationError {
    return new ValidationError(`${path}: ${message}`, [{ path: [path], code, message, ...(value !== undefined && { value }) }])
  }
}

export class NotFoundError extends AppError {
  override readonly code = 'NOT_FOUND'
  constructor(what: string) {
    super(`${what} not found`)
  }
}

export class ForbiddenError extends AppError {
  override readonly code = 'FORBIDDEN'
  constructor(message = 'You do not have the authority for this') {
    super(message)
  }
}

export class AuthenticationError extends AppError {
  override readonly code = 'AUTHENTICATION'
  constructor(message = 'Wrong e-mail address or password') {
    super(message)
  }
}

export class ConflictError extends AppError {
  override readonly code = 'CONFLICT'
}

export class QuotaExceededError extends AppError {
  override readonly code = 'QUOTA_EXCEEDED'
  constructor(
    message: string,
    readonly limit: number,
  ) {
    super(message)
  }
}

export class RateLimitedError extends AppError {
  override readonly code = 'RATE_LIMITED'
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts. Try again in ${retryAfterSeconds} seconds.`)
  }
}

/** Parses with a zod schema or throws a ValidationError listing every problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix: string[] = []): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw ValidationError.fromZod(result.error, prefix)
  return result.data
}

// Database and schema-library errors that only malformed input causes (a forged cursor, an id or a
// number that does not fit its column, text the database cannot store). The edges answer them as bad
// input (GraphQL BAD_USER_INPUT, REST 400) instead of an internal error; they are still logged.
const inputErrorNames = new Set(['PothosValidationError', 'PrismaClientValidationError'])
const inputErrorCodes = new Set([
  'P2000', // value too long for the column
  'P2007', // data validation error
  'P2023', // inconsistent column data (e.g. a malformed UUID)
  'P2033', // a number does not fit 64 bits
  '22001', // string data right truncation
  '22003', // numeric value out of range
  '22007', // invalid datetime format
  '22008', // datetime field overflow
  '22021', // character not in repertoire (NUL, bad encoding)
  '22P02', // invalid text representation
  '22P05', // untranslatable character
  '54000', // program limit exceeded (e.g. an index row too large)
])

/** Whether an unexpected error was caused by the shape of the input (see above). */
export function isInputShapedError(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth += 1) {
    const { name, code, meta, cause, originalError } = current as { name?: unknown; code?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } }; cause?: unknown; originalError?: unknown }
    if (typeof name === 'string' && inputErrorNames.has(name)) return true
    for (const candidate of [code, meta?.code, meta?.driverAdapterError?.cause?.originalCode]) {
      if (typeof candidate === 'string' && inputErrorCodes.has(candidate)) return true
    }
    current = originalError ?? cause
  }
  return false
}
