import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiDir, buildApi, supervisorArgs } from '../scripts/production.mjs'
import { testDatabaseKind } from './database.ts'
import { freePort } from './http-app.ts'

/**
 * `npm start` runs the API under a supervisor (scripts/supervise.mjs): when the API process dies (a
 * crash, its heap budget exceeded, a kill) it is started again after a pause, logged, on the same
 * port; a stop signal drains it and ends both. The supervisor does not depend on the database, so
 * this runs once, on the embedded one.
 */
const bundle = 'dist/supervise-test.js'

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 60_000) {
  for (let waited = 0; waited < ms; waited += 100) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** The environment of `npm start` on the embedded database (no DATABASE_URL from the test run). */
function embeddedEnv(port: number, dataDir: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = process.env
  return { ...rest, NODE_ENV: 'production', PORT: String(port), DATA_DIR: dataDir, SEED_DEMO: '0', LOG_LEVEL: 'warn' }
}

describe.runIf(testDatabaseKind === 'pglite')('the supervisor', () => {
  let dataDir = ''
  let supervisor: ChildProcess | undefined
  let log = ''
  beforeAll(async () => {
    buildApi(bundle)
    dataDir = await mkdtemp(join(tmpdir(), 'wb-supervise-'))
  }, 120_000)
  afterAll(async () => {
    if (supervisor && supervisor.exitCode === null) supervisor.kill('SIGKILL')
    await rm(dataDir, { recursive: true, force: true })
  })

  it('restarts the API after it is killed, logs it, and stops cleanly on SIGTERM', async () => {
    const port = await freePort()
    const origin = `http://127.0.0.1:${port}`
    supervisor = spawn(process.execPath, supervisorArgs(bundle), {
      cwd: apiDir,
      env: embeddedEnv(port, dataDir),
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    supervisor.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8')
    })
    const ready = () => fetch(`${origin}/readyz`).then((response) => response.ok, () => false)
    await until(ready, 'the API to start')
    const firstPid = Number(/started the API \(pid (\d+)\)/.exec(log)?.[1])
    expect(firstPid).toBeGreaterThan(0)

    process.kill(firstPid, 'SIGKILL')
    await until(() => /exited with signal SIGKILL; restart 1 in 1 s/.test(log), 'the restart to be logged')
    await until(ready, 'the API to serve again')
    const pids = [...log.matchAll(/started the API \(pid (\d+)\)/g)].map((match) => Number(match[1]))
    expect(pids).toHaveLength(2)
    expect(pids[1]).not.toBe(firstPid)

    const exit = once(supervisor, 'exit')
    supervisor.kill('SIGTERM')
    const [code] = await exit
    expect(code).toBe(0)
    expect(await ready()).toBe(false)
    expect(() => process.kill(pids[1] ?? 0, 0)).toThrow()
  }, 120_000)

  it('does not restart an API that cannot start at all (here: its port is taken)', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as AddressInfo
    try {
      const child = spawn(process.execPath, supervisorArgs(bundle), {
        cwd: apiDir,
        env: embeddedEnv(port, dataDir),
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      let output = ''
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8')
      })
      const [code] = await once(child, 'exit')
      expect(code).toBe(1)
      expect(output).toContain('already in use')
      expect(output).toContain('before it started listening; not restarting')
    } finally {
      taken.close()
    }
  }, 60_000)
})
