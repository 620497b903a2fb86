import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readEnv } from '../env.ts'
import { loadSecretBox, SecretBox } from './secret-box.ts'

describe('SecretBox', () => {
  it('round-trips, and refuses another context, another key and tampered text', () => {
    const box = new SecretBox(randomBytes(32))
    const sealed = box.encrypt('s3cret-秘密', 'bot:1')
    expect(sealed).toMatch(/^v1:/)
    expect(sealed).not.toContain('s3cret')
    expect(box.encrypt('s3cret-秘密', 'bot:1')).not.toBe(sealed)
    expect(box.decrypt(sealed, 'bot:1')).toBe('s3cret-秘密')
    expect(() => box.decrypt(sealed, 'bot:2')).toThrow()
    expect(() => new SecretBox(randomBytes(32)).decrypt(sealed, 'bot:1')).toThrow()
    const parts = sealed.split(':')
    const tampered = [...parts.slice(0, 3), `${parts[3]?.slice(0, -2)}AA`].join(':')
    expect(() => box.decrypt(tampered, 'bot:1')).toThrow()
    expect(() => new SecretBox(randomBytes(16))).toThrow('32 bytes')
  })

  it('derives keys for other purposes that are stable, differ by purpose and are not the key itself', () => {
    const key = randomBytes(32)
    const audit = new SecretBox(key).deriveKey('worksbase audit chain v1')
    expect(audit).toHaveLength(32)
    expect(new SecretBox(Buffer.from(key)).deriveKey('worksbase audit chain v1').equals(audit)).toBe(true)
    expect(new SecretBox(key).deriveKey('something else').equals(audit)).toBe(false)
    expect(new SecretBox(randomBytes(32)).deriveKey('worksbase audit chain v1').equals(audit)).toBe(false)
    expect(audit.equals(key)).toBe(false)
  })

  it('takes SECRETS_KEY, else creates DATA_DIR/secrets.key (0600) once and reuses it', async () => {
    const key = randomBytes(32).toString('base64')
    const fromEnv = loadSecretBox(readEnv({ NODE_ENV: 'production', SECRETS_KEY: key }))
    expect(new SecretBox(Buffer.from(key, 'base64')).decrypt(fromEnv.encrypt('x', 'c'), 'c')).toBe('x')
    expect(() => loadSecretBox(readEnv({ NODE_ENV: 'production', SECRETS_KEY: 'short' }))).toThrow('SECRETS_KEY must be 32 random bytes')

    const dataDir = await mkdtemp(path.join(tmpdir(), 'wb-secrets-'))
    const first = loadSecretBox(readEnv({ NODE_ENV: 'production', DATA_DIR: dataDir }))
    const file = path.join(dataDir, 'secrets.key')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toHaveLength(32)
    const second = loadSecretBox(readEnv({ NODE_ENV: 'production', DATA_DIR: dataDir }))
    expect(second.decrypt(first.encrypt('kept across restarts', 'c'), 'c')).toBe('kept across restarts')
  })
})
