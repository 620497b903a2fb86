import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Env } from '../env.ts'

const VERSION = 'v1'

/**
 * Encrypts secrets at rest (bot secrets, private keys) with AES-256-GCM: `v1:<iv>:<tag>:<ciphertext>`,
 * base64url parts. `context` is bound as additional data, so a value copied onto another record
 * (another bot's row) does not decrypt there.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The secrets key must be 32 bytes')
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(context))
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':')
  }

  /** A key for another purpose (HKDF-SHA256 with `purpose` as its label): neither key reveals the other. */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), purpose, 32))
  }

  decrypt(sealed: string, context: string): string {
    const [version, iv, tag, ciphertext] = sealed.split(':')
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('Not a sealed secret')
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(context))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
  }
}

/**
 * The key from SECRETS_KEY (32 bytes, base64), else from `<DATA_DIR>/secrets.key`, created with
 * mode 0600 on first start. Several API instances must share one key: set SECRETS_KEY for them.
 * Tests without either get a throwaway key.
 */
export function loadSecretBox(env: Env): SecretBox {
  if (env.SECRETS_KEY) {
    const key = Buffer.from(env.SECRETS_KEY, 'base64')
    if (key.length !== 32) throw new Error('SECRETS_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)')
    return new SecretBox(key)
  }
  if (env.NODE_ENV === 'test') return new SecretBox(randomBytes(32))
  const file = path.join(env.DATA_DIR, 'secrets.key')
  if (existsSync(file)) return new SecretBox(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'))
  mkdirSync(env.DATA_DIR, { recursive: true })
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
    chmodSync(file, 0o600)
  } catch (error) {
    // Another process sharing DATA_DIR created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  return new SecretBox(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'))
}
