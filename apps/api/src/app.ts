import type { Database } from './db/index.ts'
import type { Env } from './env.ts'
import { attendanceAccountRoutes } from './rest/attendance-accounts.ts'
import { attendanceExportRoutes } from './rest/attendance-export.ts'
import { attendanceWebhookRoutes } from './rest/attendance-webhook.ts'
import { auditExportRoutes } from './rest/audit-export.ts'
import { botApiRoutes } from './rest/bot-api.ts'
import { botPhotoRoutes } from './rest/bot-photo.ts'
import { externalExportRoutes } from './rest/external-export.ts'
import { errorResponse, restErrorResponse } from './rest/http.ts'
import { memberImportRoutes } from './rest/member-import.ts'
import { oauthRoutes } from './rest/oauth.ts'
import { createRestRouter } from './rest/router.ts'
import { createMetrics, type Metrics, mayReadMetrics, routeClass } from './metrics.ts'
import type { Services } from './services/index.ts'
import { createStaticFiles } from './static.ts'
import { createGraphQL, type ServerContext } from './yoga.ts'

export interface App {
  fetch(request: Request, client?: { ip: string }): Promise<Response>
}

/** The one fetch handler: GraphQL, REST endpoints, health checks, metrics and the built SPA. */
export function createApp(deps: { db: Database; env: Env; services: Services; metrics?: Metrics }): App {
  const yoga = createGraphQL(deps)
  const metrics = deps.metrics ?? createMetrics(deps.db)
  const web = deps.env.WEB_DIST_DIR ? createStaticFiles(deps.env.WEB_DIST_DIR) : null

  const rest = createRestRouter(deps, [
    ...botApiRoutes,
    ...oauthRoutes,
    ...attendanceWebhookRoutes,
    ...botPhotoRoutes,
    ...memberImportRoutes,
    ...attendanceAccountRoutes,
    ...attendanceExportRoutes,
    ...auditExportRoutes,
    ...externalExportRoutes,
  ])

  async function route(request: Request, ip: string): Promise<Response> {
    const url = new URL(request.url)
    const { pathname } = url
    if (pathname === '/graphql') {
      const limited = limitBody(request, GRAPHQL_MAX_BYTES)
      if (!limited) return tooLarge(GRAPHQL_MAX_BYTES)
      const server: ServerContext = { ip, responseCookies: [] }
      const response = await Promise.resolve(yoga.fetch(limited, server)).catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) return tooLarge(GRAPHQL_MAX_BYTES)
        throw error
      })
      if (response.status >= 400 && limited.bodyTooLarge) return tooLarge(GRAPHQL_MAX_BYTES)
      for (const cookie of server.responseCookies) response.headers.append('set-cookie', cookie)
      return response
    }
    if (pathname === '/healthz') return Response.json({ ok: true })
    if (pathname === '/metrics') {
      if (!mayReadMetrics(request, ip, deps.env.METRICS_TOKEN)) return errorResponse(403, 'FORBIDDEN', 'Metrics need METRICS_TOKEN, or a client on this machine')
      return new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } })
    }
    if (pathname === '/readyz') {
      // Ready when the database answers, and Redis too when it is configured (live events and limits
      // across processes depend on it).
      const [database, redis] = await Promise.all([
        deps.db.query('SELECT 1').then(
          () => true,
          () => false,
        ),
        deps.services.redisReady(),
      ])
      const ok = database && redis !== false
      return Response.json({ ok, database: database ? deps.db.kind : false, ...(redis !== null && { redis }) }, { status: ok ? 200 : 503 })
    }
    const answered = await rest.handle(request, url, ip)
    if (answered) return answered
    if (/^\/(api|v1\.0|oauth2|webhooks)\//.test(pathname)) return errorResponse(404, 'NOT_FOUND', 'No such endpoint')
    if (web && (request.method === 'GET' || request.method === 'HEAD')) {
      const response = await web.serve(request, pathname)
      if (response) return response
    }
    return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } })
  }

  return {
    /** Never throws: whatever fails inside is logged and answered without any detail of it. */
    async fetch(request, client = { ip: '127.0.0.1' }) {
      const started = performance.now()
      let response: Response
      try {
        response = await route(request, client.ip)
      } catch (error) {
        response = restErrorResponse(error)
      }
      metrics.observe(routeClass(pathOf(request.url)), request.method, response.status, (performance.now() - started) / 1000)
      return response
    },
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return ''
  }
}

/** GraphQL request bodies larger than this are refused with 413 (uploads go to /api/member-imports). */
export const GRAPHQL_MAX_BYTES = 1024 * 1024

class BodyTooLargeError extends Error {}

function tooLarge(max: number): Response {
  return Response.json({ errors: [{ message: `The request body is larger than ${max} bytes`, extensions: { code: 'LIMIT_EXCEEDED' } }] }, { status: 413 })
}

/**
 * The request with its body capped at `max` bytes: null when Content-Length already says more, and
 * otherwise a body that fails once more arrives (chunked uploads have no length to check up front).
 */
function limitBody(request: Request, max: number): (Request & { bodyTooLarge?: boolean }) | null {
  if (Number(request.headers.get('content-length') ?? 0) > max) return null
  if (!request.body) return request
  let bytes = 0
  const flagged = { bodyTooLarge: false }
  const body = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength
        if (bytes > max) {
          flagged.bodyTooLarge = true
          controller.error(new BodyTooLargeError('body too large'))
        } else controller.enqueue(chunk)
      },
    }),
  )
  const limited = new Request(request.url, { method: request.method, headers: request.headers, body, duplex: 'half' } as RequestInit)
  return Object.defineProperty(limited, 'bodyTooLarge', { get: () => flagged.bodyTooLarge }) as Request & { bodyTooLarge?: boolean }
}
