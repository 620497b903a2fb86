import { builder } from '../builder.ts'
import {
  AppError,
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  QuotaExceededError,
  RateLimitedError,
  ValidationError,
} from '../errors.ts'

/** Expected failures are union members of each mutation's result; every one has a code and a message. */
export const ErrorInterface = builder.interfaceRef<AppError>('Error').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
  }),
})

builder.objectType(AppError, { name: 'BaseError', interfaces: [ErrorInterface] })

const FieldError = builder
  .objectRef<{ path: string[]; code: string; message: string }>('FieldError')
  .implement({
    fields: (t) => ({
      path: t.exposeStringList('path'),
      code: t.exposeString('code'),
      message: t.exposeString('message'),
    }),
  })

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fieldErrors: t.field({ type: [FieldError], resolve: (error) => error.fieldErrors }) }),
})
builder.objectType(NotFoundError, { name: 'NotFoundError', interfaces: [ErrorInterface] })
builder.objectType(ForbiddenError, { name: 'ForbiddenError', interfaces: [ErrorInterface] })
builder.objectType(AuthenticationError, { name: 'AuthenticationError', interfaces: [ErrorInterface] })
builder.objectType(ConflictError, { name: 'ConflictError', interfaces: [ErrorInterface] })
builder.objectType(QuotaExceededError, {
  name: 'QuotaExceededError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ limit: t.exposeInt('limit') }),
})
builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
})

/** The errors every mutation that changes data may return. */
export const mutationErrors = [ValidationError, NotFoundError, ForbiddenError, AuthenticationError, ConflictError]
