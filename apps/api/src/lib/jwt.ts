import { createPrivateKey } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader, errors, importSPKI, type JWTPayload, jwtVerify, SignJWT } from 'jose'

// RS256 JWT assertions (the OAuth JWT bearer grant, RFC 7523) through jose: signing ours for the
// attendance linkage's LINE WORKS token endpoint, verifying those bot servers send to /oauth2.

/**
 * Signs an RS256 assertion valid for an hour from now. The key is any PEM private key node:crypto
 * reads (PKCS#8 as LINE WORKS issues it, or PKCS#1); an unreadable or non-RSA key throws.
 */
export async function signRs256Assertion(privateKeyPem: string, claims: { iss: string; sub: string }, now = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000)
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(claims.iss)
    .setSubject(claims.sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + 3600)
    .sign(createPrivateKey(privateKeyPem))
}

/** The header and claims of a compact JWT before its signature is checked, or null if it is not one. */
export function readUnverifiedJwt(token: string): { alg: unknown; claims: JWTPayload } | null {
  try {
    return { alg: decodeProtectedHeader(token).alg, claims: decodeJwt(token) }
  } catch {
    return null
  }
}

/**
 * Why a JWT was refused: its signature, exp has passed, iat or exp missing or not numbers, nbf still
 * ahead, or its form.
 */
export type JwtProblem = 'signature' | 'expired' | 'times' | 'not-yet-valid' | 'malformed'

/**
 * Verifies an RS256 JWT against an SPKI PEM public key at `now`: the signature, then iat and exp
 * (both required numbers), exp not passed and nbf (if any) reached. Answers the claims or the problem.
 */
export async function verifyRs256Jwt(token: string, publicKeyPem: string, now: Date): Promise<{ claims: JWTPayload } | { problem: JwtProblem }> {
  try {
    const key = await importSPKI(publicKeyPem, 'RS256')
    const { payload } = await jwtVerify(token, key, { algorithms: ['RS256'], currentDate: now, requiredClaims: ['iat', 'exp'] })
    return { claims: payload }
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return { problem: 'signature' }
    if (error instanceof errors.JWTExpired) return { problem: 'expired' }
    if (error instanceof errors.JWTClaimValidationFailed) return { problem: error.claim === 'nbf' ? 'not-yet-valid' : 'times' }
    if (error instanceof errors.JOSEError) return { problem: 'malformed' }
    throw error
  }
}
