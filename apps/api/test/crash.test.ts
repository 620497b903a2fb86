import { type ChildProcess, spawn } from 'node:child_process'
import { createHash, createHmac, generateKeyPairSync, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiDir, buildApi, productionNodeArgs } from '../scripts/production.mjs'
import { openDatabase } from '../src/db/index.ts'
import { testDatabaseKind } from './database.ts'
import { freePort } from './http-app.ts'

/**
 * The API as production runs it (compiled, own process) takes a burst of signed LINE WORKS
 * callbacks, is killed with SIGKILL in the middle, and restarts. Every callback it answered 200 must
 * give exactly one stamp and one reply; callbacks it never answered are sent again (the same bytes)
 * and must not give a second stamp if they had been stored before the kill.
 */

const EMPLOYEES = 150
const CONCURRENCY = 16
// Its own bundle: the PGlite and PostgreSQL runs of this file and the browser tests build at the same time.
const bundle = `dist/crash-test-${testDatabaseKind}.js`
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

let lineWorks: Server
let lineWorksOrigin = ''
const replies: { userId: string; text: string }[] = []

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = ''
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8')
    })
    request.on('end', () => resolve(body))
  })
}

// "LINE WORKS": a token endpoint and the Bot API's send-message endpoint, counting what arrives.
beforeAll(async () => {
  lineWorks = createServer(async (request, response) => {
    const body = await readBody(request)
    if (request.url === '/oauth2/v2.0/token') {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ access_token: 'lw-token', refresh_token: 'r', token_type: 'Bearer', expires_in: '86400', scope: 'bot' }))
      return
    }
    const match = /^\/v1\.0\/bots\/\d+\/users\/([^/]+)\/messages$/.exec(request.url ?? '')
    if (match?.[1] && request.headers.authorization === 'Bearer lw-token') {
      replies.push({ userId: decodeURIComponent(match[1]), text: (JSON.parse(body) as { content: { text: string } }).content.text })
      response.statusCode = 201
      response.end()
      return
    }
    response.statusCode = 404
    response.end()
  })
  await new Promise<void>((resolve) => lineWorks.listen(0, '127.0.0.1', resolve))
  lineWorksOrigin = `http://127.0.0.1:${(lineWorks.address() as AddressInfo).port}`
  buildApi(bundle)
}, 120_000)
afterAll(() => new Promise<void>((resolve) => lineWorks.close(() => resolve())))

/** Resolves when the process has exited (at once if it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return once(child, 'exit').then(() => undefined)
}

async function startApi(env: Record<string, string>, origin: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, productionNodeArgs(process.env, bundle), { cwd: apiDir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
  for (let waited = 0; waited < 60_000; waited += 200) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`)
    const ready = await fetch(`${origin}/readyz`).then((response) => response.ok).catch(() => false)
    if (ready) return child
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error('the API did not become ready')
}

class Session {
  private cookies = new Map<string, string>()
  constructor(private readonly origin: string) {}
  async gql(query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(`${this.origin}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        'x-csrf-token': this.cookies.get('wb_csrf') ?? '',
      },
      body: JSON.stringify({ query, variables }),
    })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      const eq = pair.indexOf('=')
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
    const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown }
    if (!body.data || body.errors) throw new Error(JSON.stringify(body.errors))
    return body.data
  }
  async upload(path: string, csv: string) {
    const response = await fetch(`${this.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '), 'x-csrf-token': this.cookies.get('wb_csrf') ?? '' },
      body: csv,
    })
    return response.json() as Promise<Record<string, any>>
  }
}

describe('attendance webhook under a crash', () => {
  it('SIGKILL in the middle of a burst: every callback answered 200 gives exactly one stamp and one reply', async () => {
    const port = await freePort()
    const origin = `http://127.0.0.1:${port}`
    const dataDir = await mkdtemp(join(tmpdir(), 'wb-crash-'))
    const dbName = `wb_crash_${randomBytes(5).toString('hex')}`
    let databaseUrl: string | undefined
    if (testDatabaseKind === 'postgres') {
      const admin = new pg.Client({ connectionString: adminUrl })
      await admin.connect()
      await admin.query(`CREATE DATABASE ${dbName}`)
      await admin.end()
      const url = new URL(adminUrl)
      url.pathname = `/${dbName}`
      databaseUrl = url.toString()
    }
    const env: Record<string, string> = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: '0',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      SECRETS_KEY: randomBytes(32).toString('base64'),
      CALLBACK_ALLOWED_HOSTS: '127.0.0.1',
      CALLBACK_ALLOW_HTTP: '1',
      // A job claimed by the killed process is taken over 2 s after its last heartbeat.
      JOB_LOCK_SECONDS: '2',
      ...(databaseUrl && { DATABASE_URL: databaseUrl }),
    }
    let child = await startApi(env, origin)
    let bodies: string[] = []
    let answeredAtKill = 0
    try {
      // Set up: a tenant, employees, an EXTERNAL linkage to "LINE WORKS", account ids = login ids.
      const admin = new Session(origin)
      await admin.gql(
        `mutation($input: SetupInput!) { setup(input: $input) { __typename } }`,
        { input: { organizationName: 'Crash Co', domainName: 'crash.example', timeZone: 'Asia/Tokyo', language: 'JA', adminName: 'Admin', adminEmail: 'admin@crash.example', password: 'crash-password-1' } },
      )
      const domainId = (await admin.gql('{ domains { id } }')).domains[0].id as string
      const loginIds = Array.from({ length: EMPLOYEES }, (_, index) => `emp${String(index).padStart(4, '0')}@crash.example`)
      for (let index = 0; index < loginIds.length; index += 10) {
        await Promise.all(
          loginIds.slice(index, index + 10).map((loginId) =>
            admin.gql(`mutation($input: MutationCreateMemberInput!) { createMember(input: $input) { __typename } }`, {
              input: { domainId, loginId, familyName: '社員', givenName: loginId.slice(0, 7) },
            }),
          ),
        )
      }
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
      const botSecret = randomBytes(24).toString('base64url')
      const setup = await admin.gql(
        `mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename ... on MutationSetupAttendanceLinkageSuccess { linkage { webhookPath } } ... on Error { message } } }`,
        {
          input: {
            acceptTerms: true,
            mode: 'EXTERNAL',
            external: { clientId: 'client', clientSecret: 'secret', serviceAccount: 'sa@crash', privateKey, botId: '2000001', botSecret, authBaseUrl: lineWorksOrigin, apiBaseUrl: lineWorksOrigin },
          },
        },
      )
      const webhook = `${origin}${setup.setupAttendanceLinkage.linkage.webhookPath}`
      const imported = await admin.upload('/api/attendance/accounts.csv', `login_id,account_id\n${loginIds.map((id) => `${id},${id}`).join('\n')}\n`)
      expect(imported).toMatchObject({ changed: EMPLOYEES, errors: [] })

      // The burst: one signed "出勤" per employee, CONCURRENCY at a time; SIGKILL after a third.
      bodies = loginIds.map((userId) =>
        JSON.stringify({ type: 'message', source: { userId, domainId: 1 }, issuedTime: new Date().toISOString(), content: { type: 'text', text: '出勤' } }),
      )
      const answered = new Set<number>()
      const post = async (index: number) => {
        const body = bodies[index] ?? ''
        const signature = createHmac('sha256', Buffer.from(botSecret, 'utf8')).update(body).digest('base64')
        const response = await fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-works-signature': signature }, body }).catch(() => null)
        if (response?.status === 200) answered.add(index)
      }
      let next = 0
      let killed = false
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < bodies.length) {
            const index = next++
            if (!killed && index >= EMPLOYEES / 3) {
              killed = true
              child.kill('SIGKILL')
            }
            await post(index)
          }
        }),
      )
      await exited(child)
      const answeredBeforeRestart = answered.size
      answeredAtKill = answeredBeforeRestart
      expect(answeredBeforeRestart).toBeGreaterThan(0)
      expect(answeredBeforeRestart).toBeLessThan(EMPLOYEES)

      // Restart on the same database; send again what was never answered (the same bytes).
      child = await startApi(env, origin)
      const unanswered = bodies.map((_, index) => index).filter((index) => !answered.has(index))
      for (let index = 0; index < unanswered.length; index += CONCURRENCY) {
        await Promise.all(unanswered.slice(index, index + CONCURRENCY).map(post))
      }
      expect(answered.size).toBe(EMPLOYEES)
      for (let waited = 0; waited < 60_000 && new Set(replies.map((reply) => reply.userId)).size < EMPLOYEES; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
      // A reply the killed process was sending is sent again by its fallback job, due 15 s after the
      // event was processed (or once the claim of a job in flight lapses, 2 s); give it time.
      await new Promise((resolve) => setTimeout(resolve, 20_000))
    } finally {
      child.kill('SIGTERM')
      await exited(child)
    }

    // Count what is stored, and what "LINE WORKS" received.
    const db = await openDatabase(databaseUrl ? { url: databaseUrl, poolSize: 2 } : { dataDir })
    try {
      const events = await db.prisma.attendanceEvent.findMany({ include: { stamp: true, reply: true } })
      const keys = new Set(events.map((event) => event.eventKey))
      expect(events).toHaveLength(EMPLOYEES)
      expect(keys.size).toBe(EMPLOYEES)
      const unfinished = events.filter((event) => !(event.status === 'PROCESSED' && event.stamp !== null && event.reply?.sentAt))
      expect(unfinished.map((event) => ({ status: event.status, note: event.note, stamp: Boolean(event.stamp), sent: event.reply?.sentAt ?? null, error: event.reply?.lastError ?? null }))).toEqual([])
      const stamps = await db.prisma.attendanceStamp.groupBy({ by: ['memberId'], _count: { _all: true } })
      expect(stamps).toHaveLength(EMPLOYEES)
      expect(stamps.every((row) => row._count._all === 1)).toBe(true)
      const users = new Set(replies.map((reply) => reply.userId))
      expect(users.size).toBe(EMPLOYEES)
      expect(replies.every((reply) => /出勤を \d\d:\d\d に記録しました/.test(reply.text))).toBe(true)
      // A reply being sent at the moment of the kill may be sent again after the restart (at least
      // once); never more than the replies in flight then.
      expect(replies.length - users.size).toBeLessThanOrEqual(CONCURRENCY)
      console.log(
        `crash test (${testDatabaseKind}): ${answeredAtKill} of ${EMPLOYEES} answered before SIGKILL, ${events.length} events, ${stamps.length} stamps, ${replies.length} replies received (${replies.length - users.size} sent again after the restart)`,
      )
      // The stored events are exactly the bytes sent (the key is the SHA-256 of the raw body).
      expect(keys).toEqual(new Set(bodies.map((body) => createHash('sha256').update(body).digest('hex'))))
    } finally {
      await db.close()
      await rm(dataDir, { recursive: true, force: true })
      if (databaseUrl) {
        const admin = new pg.Client({ connectionString: adminUrl })
        await admin.connect()
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
        await admin.end()
      }
    }
  }, 240_000)
})
