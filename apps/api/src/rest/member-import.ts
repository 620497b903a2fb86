import { encodeGlobalID } from '@pothos/plugin-relay'
import { MEMBER_IMPORT_MAX_BYTES } from '@worksbase/schema'
import { createMemberImport } from '../services/member-import.ts'
import { cappedBody, requireActor, type RestDeps } from './http.ts'
import type { RestInput, RestRoute } from './router.ts'

/**
 * POST /api/member-imports?fileName=members.csv with the CSV file as the raw request body
 * (Content-Type text/csv). Streams it into a dry run and answers with the import's summary.
 */
async function uploadMemberImport(deps: RestDeps, { request, url }: RestInput): Promise<Response> {
  const actor = await requireActor(deps, request)
  const body = cappedBody(request, { maxBytes: MEMBER_IMPORT_MAX_BYTES, tooLarge: `The file is larger than ${MEMBER_IMPORT_MAX_BYTES / 1024 / 1024} MB`, field: 'file' })
  const fileName = url.searchParams.get('fileName') ?? 'members.csv'
    const result = await createMemberImport(
      { prisma: deps.db.prisma, actor, pubsub: deps.services.pubsub },
      fileName,
      body,
    )
    return Response.json(
      {
        id: encodeGlobalID('MemberImport', result.id),
        status: result.status,
        totalRows: result.totalRows,
        createCount: result.createCount,
        updateCount: result.updateCount,
        skipCount: result.skipCount,
        errorCount: result.errorCount,
      },
      { status: 201 },
    )
}

export const memberImportRoutes: RestRoute[] = [{ methods: ['POST'], path: '/api/member-imports', handler: uploadMemberImport }]
