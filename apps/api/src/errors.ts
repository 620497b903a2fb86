import type { z } from 'zod'

/** Expected failures. GraphQL exposes them as typed union members; REST maps them to status codes. */
export class AppError extends Error {
  readonly code: string = 'APP_ERROR'
}

export interface FieldProblem {
  path: string[]
  code: string
  message: string
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
      code: issue.code,
      message: issue.message,
    }))
    const first = fieldErrors[0]
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : ''
    return new ValidationError(first ? `${where}${first.message}` : 'Invalid input', fieldErrors)
  }

  static field(path: string, message: string, code = 'custom'): ValidationError {
    return new ValidationError(`${path}: ${message}`, [{ path: [path], code, message }])
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
