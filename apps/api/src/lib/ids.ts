import { decodeGlobalID } from '@pothos/plugin-relay'
import { ValidationError } from '../errors.ts'

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Matches no row: used when an id is malformed or the caller has no tenant. */
export const NO_ROW = '00000000-0000-0000-0000-000000000000'

/** A database id from client input: malformed ids find nothing rather than raise a database error. */
export function dbId(id: string | number | null | undefined): string {
  return typeof id === 'string' && uuidPattern.test(id) ? id : NO_ROW
}

/**
 * Decodes a global id given as input (GraphQL and REST both take the Relay form). A malformed id,
 * or one of another type, is a ValidationError on `field` (so mutations return it as a typed error
 * instead of failing the whole request).
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
