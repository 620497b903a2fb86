import { addRoute, createRouter, findRoute } from 'rou3'
import { HttpError, restErrorResponse, type RestDeps } from './http.ts'

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** What a REST handler is given: the request, its URL, its decoded path parameters and the client. */
export interface RestInput {
  request: Request
  url: URL
  params: Record<string, string>
  ip: string
}

export type RestHandler = (deps: RestDeps, input: RestInput) => Promise<Response>

export interface RestRoute {
  methods: readonly Method[]
  /** A rou3 pattern: `/v1.0/bots/:botId` (a parameter is one whole segment). */
  path: string
  handler: RestHandler
}

const allMethods: readonly Method[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

/** A path parameter as the handler sees it: percent-decoded, or a 400 when it cannot be. */
function decodeParam(name: string, raw: string): string {
  let value: string
  try {
    value = decodeURIComponent(raw)
  } catch {
    throw new HttpError(400, 'INVALID_PARAMETER', `${name}: the path has a malformed percent escape`)
  }
  if (value.includes('\u0000')) throw new HttpError(400, 'INVALID_PARAMETER', `${name}: must not contain the NUL character`)
  if (value.length > 512) throw new HttpError(400, 'INVALID_PARAMETER', `${name}: at most 512 characters`)
  return value
}

/**
 * The REST endpoints' one router: the route by method and path (404 for an unknown path, 405 with
 * `Allow` for a known path and another method), parameters decoded, query strings checked, and every
 * error answered as `{code, description}` — never a stack trace.
 */
export function createRestRouter(deps: RestDeps, routes: readonly RestRoute[]) {
  const router = createRouter<RestRoute>()
  for (const route of routes) for (const method of route.methods) addRoute(router, method, route.path, route)

  return {
    /** The answer, or null when no route has this path (the caller serves it otherwise). */
    async handle(request: Request, url: URL, ip: string): Promise<Response | null> {
      const method = request.method.toUpperCase()
      const match = findRoute(router, method, url.pathname)
      if (!match) {
        const allowed = allMethods.filter((other) => findRoute(router, other, url.pathname))
        if (allowed.length === 0) return null
        return restErrorResponse(new HttpError(405, 'METHOD_NOT_ALLOWED', `Use ${allowed.join(' or ')}`, {}, { allow: allowed.join(', ') }))
      }
      try {
        const params: Record<string, string> = {}
        for (const [name, raw] of Object.entries(match.params ?? {})) params[name] = decodeParam(name, raw)
        for (const [name, value] of url.searchParams) {
          if (name.includes('\u0000') || value.includes('\u0000')) throw new HttpError(400, 'INVALID_PARAMETER', 'The query string must not contain the NUL character')
        }
        return await match.data.handler(deps, { request, url, params, ip })
      } catch (error) {
        return restErrorResponse(error)
      }
    },
  }
}
