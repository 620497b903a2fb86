import { issueToken, OAuthError } from '../services/api-apps.ts'
import { HttpError, readForm, restErrorResponse, type RestDeps } from './http.ts'
import type { RestInput, RestRoute } from './router.ts'

const FORM_MAX_BYTES = 16 * 1024

function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}) {
  // RFC 6749 fields, plus {code, description} as LINE WORKS-style clients read errors.
  return Response.json({ error, error_description: description, code: error.toUpperCase(), description }, { status, headers: { 'cache-control': 'no-store', ...headers } })
}

/**
 * POST /oauth2/v2.0/token (application/x-www-form-urlencoded): the JWT bearer grant of a service
 * account and the refresh grant, as in lineworks-wire.md. Rate limited per client address.
 */
async function handleTokenRequest(deps: RestDeps, { request, ip }: RestInput): Promise<Response> {
  try {
    await deps.services.tokenLimiter.consume(ip)
  } catch (rejection) {
    const wait = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000) / 1000)
    return oauthError(429, 'too_many_requests', `Too many token requests; retry in ${wait} s`, { 'retry-after': String(wait) })
  }
  try {
    const form = await readForm(request, { maxBytes: FORM_MAX_BYTES })
    const token = await issueToken(deps.db.prisma, form)
    return Response.json(token, { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } })
  } catch (error) {
    if (error instanceof OAuthError) return oauthError(error.status, error.error, error.description)
    // The body reader's refusals (size, content type, UTF-8, NUL) in the OAuth error shape; RFC 6749
    // answers a wrong content type with 400 invalid_request.
    if (error instanceof HttpError) return oauthError(error.status === 415 ? 400 : error.status, 'invalid_request', error.message)
    const response = restErrorResponse(error)
    return oauthError(response.status, 'server_error', 'Unexpected error')
  }
}

export const oauthRoutes: RestRoute[] = [{ methods: ['POST'], path: '/oauth2/v2.0/token', handler: handleTokenRequest }]
