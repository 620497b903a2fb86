import type { Context } from '../context.ts'
import { dbId, idOf, NO_ROW } from '../lib/ids.ts'

// The schema modules take every id helper from here; the REST routes share lib/ids.ts directly.
export { dbId, idOf, NO_ROW }

/** The where-clause that finds a node by id only inside the caller's tenant. */
export function inTenant(id: string, context: Context): { id: string; tenantId: string } {
  return { id: dbId(id), tenantId: context.actor?.tenantId ?? NO_ROW }
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
