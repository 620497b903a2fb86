import { encodeGlobalID } from '@pothos/plugin-relay'
import { builder } from '../builder.ts'
import type { Context } from '../context.ts'
import { mutationErrors } from './errors.ts'
import { idOf, nonEmpty } from './ids.ts'

export const DeletedPayload = builder.simpleObject('Deleted', {
  description: 'The global id of what was deleted.',
  fields: (t) => ({ deletedId: t.id() }),
})

export function deleted(type: string, id: string) {
  return { deletedId: encodeGlobalID(type, id) }
}

type MutationFieldBuilder = Parameters<Parameters<typeof builder.mutationFields>[0]>[0]

/** A mutation that deletes one node, given by its global id, through a service, and answers with that id. */
export function deleteMutation(t: MutationFieldBuilder, typename: string, remove: (context: Context, id: string) => Promise<{ id: string }>) {
  return t.fieldWithInput({
    type: DeletedPayload,
    input: { id: t.input.id({ description: `Global id of ${/^[AEIOU]/.test(typename) ? 'an' : 'a'} ${typename}.` }) },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: async (_root, { input }, context) => deleted(typename, (await remove(context, idOf(input.id, typename, 'id'))).id),
  })
}

/** The row a service wrote, read back with what the client selected (Pothos' `query`). */
export function readBack<Query extends { select?: object } | { include?: object }, Row>(
  table: { findUniqueOrThrow(args: Query & { where: { id: string } }): Row },
  query: Query,
  written: { id: string },
): Row {
  return table.findUniqueOrThrow({ ...nonEmpty(query), where: { id: written.id } })
}
