import { encodeGlobalID } from '@pothos/plugin-relay'
import { MEMBER_IMPORT_MAX_BYTES } from '@worksbase/schema'
import { createMemberImport, UploadTooLargeError } from '../services/member-import.ts'
import { appErrorResponse, errorResponse, requireActor, type RestDeps } from './http.ts'

/**
 * POST /api/member-imports?fileName=members.csv with the CSV file as the raw request body
 * (Content-Type text/csv). Streams it into a dry run and answers with the import's summary.
 */
export async function handleMemberImportUpload(deps: RestDeps, request: Request): Promise<Response> {
  if (request.method !== 'POST') return errorResponse(405, 'METHOD_NOT_ALLOWED', 'Use POST')
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > MEMBER_IMPORT_MAX_BYTES) {
    return errorResponse(413, 'LIMIT_EXCEEDED', `The file is larger than ${MEMBER_IMPORT_MAX_BYTES / 1024 / 1024} MB`)
  }
  try {
    const actor = await requireActor(deps, request)
    if (!request.body) return errorResponse(400, 'MISSING_PARAMETER', 'Send the CSV file as the request body')
    const fileName = new URL(request.url).searchParams.get('fileName') ?? 'members.csv'
    const result = await createMemberImport(
      { prisma: deps.db.prisma, actor, pubsub: deps.services.pubsub },
      fileName,
      request.body,
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
  } catch (error) {
    if (error instanceof UploadTooLargeError) return errorResponse(413, 'LIMIT_EXCEEDED', error.message)
    return appErrorResponse(error)
  }
}
