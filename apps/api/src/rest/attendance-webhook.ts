import { WEBHOOK_MAX_BYTES } from '../services/attendance.ts'
import { receiveWebhook } from '../services/attendance-inbox.ts'
import { dbId, NO_ROW } from '../schema/ids.ts'
import { errorResponse, type RestDeps } from './http.ts'

const pattern = /^\/webhooks\/lineworks\/([^/]+)$/

export function isAttendanceWebhookPath(pathname: string): boolean {
  return pattern.test(pathname)
}

/** Reads the raw body, or null once it passes `max` bytes (declared or streamed). */
async function readCapped(request: Request, max: number): Promise<Buffer | null> {
  if (Number(request.headers.get('content-length') ?? 0) > max) return null
  if (!request.body) return Buffer.alloc(0)
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength
    if (total > max) return null
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/**
 * POST /webhooks/lineworks/{linkageId}: LINE WORKS' callbacks for the attendance bot. The signature
 * is checked over the exact bytes received; an accepted event is stored (with its job) before the 200,
 * because LINE WORKS never sends it again. Malformed or unused events are still acknowledged.
 */
export async function handleAttendanceWebhook(deps: RestDeps, request: Request, pathname: string): Promise<Response> {
  if (request.method !== 'POST') return errorResponse(405, 'METHOD_NOT_ALLOWED', 'Use POST')
  const linkageId = dbId(decodeURIComponent(pattern.exec(pathname)?.[1] ?? ''))
  if (linkageId === NO_ROW) return errorResponse(404, 'NOT_FOUND', 'No such linkage')
  const raw = await readCapped(request, WEBHOOK_MAX_BYTES)
  if (!raw) return errorResponse(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${WEBHOOK_MAX_BYTES} bytes`)
  const outcome = await receiveWebhook({ db: deps.db, prisma: deps.db.prisma, bots: deps.services.bots }, linkageId, raw, request.headers.get('x-works-signature'))
  if (outcome.status === 404) return errorResponse(404, 'NOT_FOUND', 'No such linkage, or it is not enabled for LINE WORKS')
  if (outcome.status === 401) return errorResponse(401, 'UNAUTHORIZED', 'The X-WORKS-Signature does not match the body')
  if (outcome.stored) deps.services.nudgeJobs()
  return new Response(null, { status: 200 })
}
