import { type ChildProcess, spawn } from 'node:child_process'
import { createHash, createHmac, generateKeyPairSync, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiDir, buildApi, productionNodeArgs } from '../scripts/production.mjs'
import { openDatabase } from '../src/db/index.ts'
import { REPLY_SENDERS } from '../src/services/attendance/index.ts'
import { adminDatabase, databaseUrl as serverDatabaseUrl, testDatabaseKind } from './database.ts'
import { freePort } from './http-app.ts'

/**
 * The API as production runs it (compiled, own process) takes bursts of signed LINE WORKS callbacks
 * and is killed with SIGKILL in the middle of each, then restarted: three kills in a row. Every
 * callback it answered 200 must give exactly one stamp and one reply; callbacks it never answered are
 * sent again (the same bytes) and must not give a second stamp if they had been stored before the
 * kill. A reply can only arrive twice when its send was cut off by a kill: at most REPLY_SENDERS per
 * kill, and never three times.
 */

const EMPLOYEES = 150
const CONCURRENCY = 16
/** One burst per round, each killed after a third; each round's word gives every employee a different reply. */
const ROUNDS = [
  { word: '出勤', reply: /出勤を \d\d:\d\d に記録しました/ },
  { word: '退勤', reply: /退勤を \d\d:\d\d に記録しました/ },
  { word: 'おはよう', reply: /^「出勤」「退勤」「休憩開始」「休憩終了」、または「今日」を送ってください。$/ },
]
// Its own bundle: the PGlite and PostgreSQL runs of this file and the browser tests build at the same time.
const bundle = `dist/crash-test-${testDatabaseKind}.js`

let lineWorks: Server
let lineWorksOrigin = ''
/** The API process running now (0, 1, …): a send is counted to the process that made it. */
let generation = 0
/** What "LINE WORKS" received: one entry per reply (user and text), with the process of each copy. */
const received = new Map<string, number[]>()

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
    // Counted to the process that sent it, even when it is read after that process was killed.
    const sender = generation
    const body = await readBody(request)
    if (request.url === '/oauth2/v2.0/token') {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ access_token: 'lw-token', refresh_token: 'r', token_type: 'Bearer', expires_in: '86400', scope: 'bot' }))
      return
    }
    const match = /^\/v1\.0\/bots\/\d+\/users\/([^/]+)\/messages$/.exec(request.url ?? '')
    if (match?.[1] && request.headers.authorization === 'Bearer lw-token') {
      const key = `${decodeURIComponent(match[1])}|${(JSON.parse(body) as { content: { text: string } }).content.text}`
      received.set(key, [...(received.get(key) ?? []), sender])
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
  for (let waited = 0; waited < 120_000; waited += 200) {
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
  async text(path: string) {
    const response = await fetch(`${this.origin}${path}`, {
      headers: { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '), 'x-csrf-token': this.cookies.get('wb_csrf') ?? '' },
    })
    return response.text()
  }
}

/** Waits for `done()`, checking every quarter second, at most `ms`. */
async function until(what: string, done: () => Promise<boolean> | boolean, ms = 60_000) {
  for (const deadline = Date.now() + ms; !(await done()); await new Promise((resolve) => setTimeout(resolve, 250))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
  }
}

describe('attendance webhook under a crash', () => {
  it('SIGKILL in the middle of three bursts: every callback answered 200 gives exactly one stamp and one reply, repeated only when cut off', async () => {
    const port = await freePort()
    const origin = `http://127.0.0.1:${port}`
    const dataDir = await mkdtemp(join(tmpdir(), 'wb-crash-'))
    const dbName = `wb_crash_${randomBytes(5).toString('hex')}`
    let databaseUrl: string | undefined
    if (testDatabaseKind === 'postgres') {
      await adminDatabase((admin) => admin.query(`CREATE DATABASE ${dbName}`))
      databaseUrl = serverDatabaseUrl(dbName)
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
    const restart = async () => {
      const started = await startApi(env, origin)
      generation += 1
      return started
    }
    let child = await startApi(env, origin)
    const bodies: string[] = []
    const answeredAtKill: number[] = []
    const loginIds = Array.from({ length: EMPLOYEES }, (_, index) => `emp${String(index).padStart(4, '0')}@crash.example`)
    const db = () => openDatabase(databaseUrl ? { url: databaseUrl, poolSize: 2 } : { dataDir })
    try {
      // Set up: a tenant, employees, an EXTERNAL linkage to "LINE WORKS", account ids = login ids.
      const admin = new Session(origin)
      await admin.gql(
        `mutation($input: SetupInput!) { setup(input: $input) { __typename } }`,
        { input: { organizationName: 'Crash Co', domainName: 'crash.example', timeZone: 'Asia/Tokyo', language: 'JA', adminName: 'Admin', adminEmail: 'admin@crash.example', password: 'crash-password-1' } },
      )
      const domainId = (await admin.gql('{ domains { id } }')).domains[0].id as string
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
      const post = async (body: string) => {
        const signature = createHmac('sha256', Buffer.from(botSecret, 'utf8')).update(body).digest('base64')
        const response = await fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-works-signature': signature }, body }).catch(() => null)
        return response?.status === 200
      }

      for (const [round, { word }] of ROUNDS.entries()) {
        // The burst: one signed word per employee, CONCURRENCY at a time; SIGKILL after a third.
        const burst = loginIds.map((userId) =>
          JSON.stringify({ type: 'message', source: { userId, domainId: 1 }, issuedTime: new Date().toISOString(), content: { type: 'text', text: word } }),
        )
        bodies.push(...burst)
        const answered = new Set<number>()
        let next = 0
        let killed = false
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < burst.length) {
              const index = next++
              if (!killed && index >= EMPLOYEES / 3) {
                killed = true
                child.kill('SIGKILL')
              }
              if (await post(burst[index] ?? '')) answered.add(index)
            }
          }),
        )
        await exited(child)
        answeredAtKill.push(answered.size)
        expect(answered.size).toBeGreaterThan(0)
        expect(answered.size).toBeLessThan(EMPLOYEES)

        // Restart on the same database; send again what was never answered (the same bytes).
        child = await restart()
        const unanswered = burst.map((_, index) => index).filter((index) => !answered.has(index))
        for (let index = 0; index < unanswered.length; index += CONCURRENCY) {
          const results = await Promise.all(unanswered.slice(index, index + CONCURRENCY).map((at) => post(burst[at] ?? '')))
          expect(results.every(Boolean)).toBe(true)
        }
        // A clock-out must find its clock-in stored: the next burst waits for every stamp of this one.
        if (round === 0) {
          const month = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 7)
          let csv = ''
          await until('every clock-in', async () => {
            csv = await admin.text(`/api/attendance/timesheets.csv?month=${month}`)
            return csv.split('\n').filter((line) => /,\d\d:\d\d,/.test(line)).length === EMPLOYEES
          }).catch((error: Error) => {
            throw new Error(`${error.message}; the month's timesheets: ${csv.slice(0, 300)}… (${csv.split('\n').length} lines)`)
          })
        }
      }

      // Every reply has arrived at least once. A reply whose send a kill cut off is sent again once its
      // claim lapses: stop the API gracefully, look for replies not settled yet, and if there are some,
      // start it again until each of them has been sent once more.
      const expected = () => [...received.keys()]
      await until('every reply to arrive', () => expected().length === EMPLOYEES * ROUNDS.length)
      for (let pass = 0; ; pass += 1) {
        child.kill('SIGTERM')
        await exited(child)
        const database = await db()
        const unsettled = await database.prisma.attendanceReply.findMany({ where: { sentAt: null, interruptedSends: { lt: 2 } }, select: { userId: true, content: true } })
        await database.close()
        if (unsettled.length === 0) break
        expect(pass).toBeLessThan(2)
        const keys = unsettled.map((reply) => `${reply.userId}|${(reply.content as { text: string }).text}`)
        const before = new Map(keys.map((key) => [key, received.get(key)?.length ?? 0]))
        child = await restart()
        await until('the cut-off replies to be sent again', () => keys.every((key) => (received.get(key)?.length ?? 0) > (before.get(key) ?? 0)), 90_000)
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited(child)
    }

    // Count what is stored, and what "LINE WORKS" received.
    const database = await db()
    try {
      const events = await database.prisma.attendanceEvent.findMany({ include: { stamp: true, reply: true } })
      const keys = new Set(events.map((event) => event.eventKey))
      expect(events).toHaveLength(EMPLOYEES * ROUNDS.length)
      // The stored events are exactly the bytes sent (the key is the SHA-256 of the raw body).
      expect(keys).toEqual(new Set(bodies.map((body) => createHash('sha256').update(body).digest('hex'))))
      // Sent, or (after two sends cut off) given up rather than sent a third time.
      const unfinished = events.filter((event) => !(event.status === 'PROCESSED' && (event.reply?.sentAt || (event.reply && event.reply.interruptedSends >= 2))))
      expect(unfinished.map((event) => ({ status: event.status, note: event.note, sent: event.reply?.sentAt ?? null, error: event.reply?.lastError ?? null }))).toEqual([])
      // Every stamp exact: a clock-in and a clock-out per employee, nothing for "おはよう".
      const stamps = await database.prisma.attendanceStamp.findMany({ orderBy: { stampedAt: 'asc' }, select: { memberId: true, kind: true } })
      const kinds = new Map<string, string[]>()
      for (const stamp of stamps) kinds.set(stamp.memberId, [...(kinds.get(stamp.memberId) ?? []), stamp.kind])
      expect(kinds.size).toBe(EMPLOYEES)
      expect([...kinds.values()].every((list) => list.join() === 'CLOCK_IN,CLOCK_OUT')).toBe(true)

      // Every employee got each round's reply; a copy more only for a send a kill cut off, counted to
      // the process that made the first send: at most REPLY_SENDERS per kill, none for the process
      // stopped gracefully, and no reply three times.
      for (const userId of loginIds) {
        for (const { reply } of ROUNDS) expect([...received.keys()].filter((key) => key.startsWith(`${userId}|`) && reply.test(key.slice(userId.length + 1)))).toHaveLength(1)
      }
      const copies = [...received.values()]
      expect(Math.max(...copies.map((senders) => senders.length))).toBeLessThanOrEqual(2)
      const repeatsPerProcess = Array.from({ length: generation + 1 }, (_, process) => copies.filter((senders) => senders.length > 1 && senders[0] === process).length)
      expect(repeatsPerProcess.slice(0, ROUNDS.length).every((repeats) => repeats <= REPLY_SENDERS)).toBe(true)
      expect(repeatsPerProcess.slice(ROUNDS.length).every((repeats) => repeats === 0)).toBe(true)
      const repeated = [...received].flatMap(([key, senders]) => (senders.length > 1 ? [key] : []))
      const cutOff = new Set(events.flatMap(({ reply }) => (reply && reply.interruptedSends > 0 ? [`${reply.userId}|${(reply.content as { text: string }).text}`] : [])))
      // A reply received twice is one whose send was cut off.
      expect(repeated.filter((key) => !cutOff.has(key))).toEqual([])
      console.log(
        `crash test (${testDatabaseKind}): ${answeredAtKill.join(', ')} of ${EMPLOYEES} answered before each SIGKILL, ${events.length} events, ${stamps.length} stamps, ` +
          `${copies.reduce((sum, senders) => sum + senders.length, 0)} replies received, sent again per kill: ${repeatsPerProcess.slice(0, ROUNDS.length).join(', ')} (at most ${REPLY_SENDERS})`,
      )
    } finally {
      await database.close()
      await rm(dataDir, { recursive: true, force: true })
      if (databaseUrl) await adminDatabase((admin) => admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`))
    }
  }, 420_000)
})
