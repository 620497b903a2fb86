import { decodeGlobalID } from '@pothos/plugin-relay'
import type { Context } from '../context.ts'
import { ValidationError } from '../errors.ts'

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Matches no row: used when an id is malformed or the caller has no tenant. */
export const NO_ROW = '00000000-0000-0000-0000-000000000000'

/** A database id from client input: malformed ids find nothing rather than raise a database error. */
export function dbId(id: string | number | null | undefined): string {
  return typeof id === 'string' && uuidPattern.test(id) ? id : NO_ROW
}

/** The where-clause that finds a node by id only inside the caller's tenant. */
export function inTenant(id: string, context: Context): { id: string; tenantId: string } {
  return { id: dbId(id), tenantId: context.actor?.tenantId ?? NO_ROW }
}

/**
 * Decodes a global id given as input. A malformed id, or one of another type, is a ValidationError
 * on `field` (so mutations return it as a typed error instead of failing the whole request).
 */
export function idOf(globalId: string, typename: string, field: string): string {
  let decoded: { typename: string; id: string }
  try {
    decoded = decodeGlobalID(globalId)
  } catch {
    throw ValidationError.field(field, `Not a valid ${typename} id`, 'invalid_format')
  }
  if (decoded.typename !== typename || !uuidPattern.test(decoded.id)) {
    throw ValidationError.field(field, `Not a valid ${typename} id`, 'invalid_format')
  }
  return decoded.id
}

/** Like idOf for optional inputs: undefined stays undefined (unchanged), null stays null (cleared). */
export function optionalIdOf(globalId: string | null | undefined, typename: string, field: string) {
  if (globalId === undefined) return undefined
  if (globalId === null || globalId === '') return null
  return idOf(globalId, typename, field)
}

/**
 * Pothos hands `{ select: {} }` to a resolver when the client asked for no field of the object (only
 * `__typename`); Prisma refuses an empty select, so ask for the id instead.
 */
export function nonEmpty<Q extends { select?: object } | { include?: object }>(query: Q): Q {
  if ('select' in query && query.select && Object.keys(query.select).length === 0) {
    return { ...query, select: { id: true } }
  }
  return query
}
