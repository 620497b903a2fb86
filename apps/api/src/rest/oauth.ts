import type { RateLimiterAbstract } from 'rate-limiter-flexible'
import { issueToken, OAuthError } from '../services/api-apps.ts'
import type { RestDeps } from './http.ts'

const FORM_MAX_BYTES = 16 * 1024

function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}) {
  // RFC 6749 fields, plus {code, description} as LINE WORKS-style clients read errors.
  return Response.json({ error, error_description: description, code: error.toUpperCase(), description }, { status, headers: { 'cache-control': 'no-store', ...headers } })
}

/**
 * POST /oauth2/v2.0/token (application/x-www-form-urlencoded): the JWT bearer grant of a service
 * account and the refresh grant, as in lineworks-wire.md. Rate limited per client address.
 */
export async function handleTokenRequest(deps: RestDeps & { limiter: RateLimiterAbstract }, request: Request, ip: string): Promise<Response> {
  if (request.method !== 'POST') return oauthError(405, 'invalid_request', 'Use POST')
  try {
    await deps.limiter.consume(ip)
  } catch (rejection) {
    const wait = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000) / 1000)
    return oauthError(429, 'too_many_requests', `Too many token requests; retry in ${wait} s`, { 'retry-after': String(wait) })
  }
  const type = request.headers.get('content-type') ?? ''
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return oauthError(400, 'invalid_request', 'Send the parameters form-encoded (application/x-www-form-urlencoded)')
  }
  if (Number(request.headers.get('content-length') ?? 0) > FORM_MAX_BYTES) return oauthError(413, 'invalid_request', 'The request body is too large')
  const text = await request.text()
  if (text.length > FORM_MAX_BYTES) return oauthError(413, 'invalid_request', 'The request body is too large')
  try {
    const token = await issueToken(deps.db.prisma, new URLSearchParams(text))
    return Response.json(token, { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } })
  } catch (error) {
    if (error instanceof OAuthError) return oauthError(error.status, error.error, error.description)
    console.error(error)
    return oauthError(500, 'server_error', 'Unexpected error')
  }
}
