import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServerAdapter } from '@whatwg-node/server'
import { afterAll, beforeAll } from 'vitest'
import { createJobWorker } from '../src/worker.ts'
import type { JobWorker } from '../src/jobs/worker.ts'
import type { TestContext } from './harness.ts'

/**
 * Serves the test app over real HTTP on 127.0.0.1 with its job worker running, as `npm start` runs
 * it: for tests where something outside (a bot server, "LINE WORKS") calls the platform back.
 */
export function serveOverHttp(ctx: TestContext): { readonly origin: string } {
  let server: Server
  let worker: JobWorker
  const state = { origin: '' }
  beforeAll(async () => {
    worker = createJobWorker(ctx.db, ctx.services, { pollMs: 50 })
    worker.start()
    server = createServer(createServerAdapter((request) => ctx.app.fetch(request)))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await worker.stop()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return state
}

/** Reads `read()` until `done` holds (at most 15 s). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const value = await read()
    if (done(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** A TCP port that was free a moment ago on 127.0.0.1 (for a process the test starts). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
