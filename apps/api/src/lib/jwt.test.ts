import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { readUnverifiedJwt, signRs256Assertion, verifyRs256Jwt } from './jwt.ts'

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 })
const spki = (key: ReturnType<typeof rsa>) => key.publicKey.export({ type: 'spki', format: 'pem' }).toString()
const now = new Date('2026-01-05T09:00:00Z')

describe('RS256 assertions', () => {
  it('signs with a PKCS#8 or PKCS#1 key what the matching public key verifies, valid for an hour', async () => {
    const key = rsa()
    for (const type of ['pkcs8', 'pkcs1'] as const) {
      const token = await signRs256Assertion(key.privateKey.export({ type, format: 'pem' }).toString(), { iss: 'client', sub: 'account' }, now)
      expect(readUnverifiedJwt(token)?.alg).toBe('RS256')
      const verified = await verifyRs256Jwt(token, spki(key), now)
      const at = now.getTime() / 1000
      expect(verified).toEqual({ claims: { iss: 'client', sub: 'account', iat: at, exp: at + 3600 } })
      expect(await verifyRs256Jwt(token, spki(key), new Date(now.getTime() + 3600_000))).toEqual({ problem: 'expired' })
      expect(await verifyRs256Jwt(token, spki(rsa()), now)).toEqual({ problem: 'signature' })
    }
  })

  it('refuses to sign with a key that is not an RSA private key', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    await expect(signRs256Assertion(ec, { iss: 'client', sub: 'account' })).rejects.toThrow()
    await expect(signRs256Assertion('not a key', { iss: 'client', sub: 'account' })).rejects.toThrow()
  })

  it('reads nothing from what is not a compact JWT', () => {
    expect(readUnverifiedJwt('not.a.jwt')).toBeNull()
    expect(readUnverifiedJwt('x'.repeat(100))).toBeNull()
  })
})
