import { receiveWebhook, WEBHOOK_MAX_BYTES } from '../services/attendance/index.ts'
import { dbId, NO_ROW } from '../lib/ids.ts'
import { errorResponse, readBytes, type RestDeps } from './http.ts'
import type { RestInput, RestRoute } from './router.ts'

/**
 * POST /webhooks/lineworks/{linkageId}: LINE WORKS' callbacks for the attendance bot. The signature
 * is checked over the exact bytes received; an accepted event is stored (with its job) before the 200,
 * because LINE WORKS never sends it again. Malformed or unused events are still acknowledged; a
 * signed body that cannot be stored (not UTF-8, or a NUL character) is refused with 400.
 */
async function handleAttendanceWebhook(deps: RestDeps, { request, params }: RestInput): Promise<Response> {
  const linkageId = dbId(params.linkageId)
  if (linkageId === NO_ROW) return errorResponse(404, 'NOT_FOUND', 'No such linkage')
  const raw = await readBytes(request, { maxBytes: WEBHOOK_MAX_BYTES })
  const outcome = await receiveWebhook({ db: deps.db, prisma: deps.db.prisma, bots: deps.services.bots }, linkageId, raw, request.headers.get('x-works-signature'))
  if (outcome.status === 404) return errorResponse(404, 'NOT_FOUND', 'No such linkage, or it is not enabled for LINE WORKS')
  if (outcome.status === 401) return errorResponse(401, 'UNAUTHORIZED', 'The X-WORKS-Signature does not match the body')
  if (outcome.status === 400) return errorResponse(400, 'INVALID_PARAMETER', outcome.problem)
  if (outcome.stored) deps.services.nudgeJobs()
  return new Response(null, { status: 200 })
}

export const attendanceWebhookRoutes: RestRoute[] = [{ methods: ['POST'], path: '/webhooks/lineworks/:linkageId', handler: handleAttendanceWebhook }]
