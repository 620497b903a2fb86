// Attendance webhook benchmark (issue "Attendance"). Prints figures; asserts nothing.
//   pnpm --filter @worksbase/api bench:attendance      PostgreSQL at BENCH_POSTGRES_URL
// In one run, each for BENCH_SECONDS (10) after BENCH_WARMUP_SECONDS (2), with BENCH_CLIENTS (64)
// keep-alive connections sending valid signed LINE WORKS callbacks ("出勤") from distinct employees:
//   (a) a bare Node HTTP server (its own process) that only verifies X-WORKS-Signature and answers 200;
//   (b) our webhook, POST /webhooks/lineworks/{linkageId}, which stores each event with its job before
//       answering 200 (the API as production runs it, its own process, with its job worker running).
// Then it waits until the worker has turned every stored event into a stamp and a reply (sent to a
// local stand-in for the LINE WORKS Bot API) and counts: stamps = events answered 200, one per employee.
import { type ChildProcess, spawn } from 'node:child_process'
import { createHmac, generateKeyPairSync } from 'node:crypto'
import http, { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { memberSearchText } from '../src/services/members.ts'
import { allocateLwDomainId } from '../src/services/domains.ts'
import { cpuMeter, freePort, graphql, loadAverage, ms, percentile, seconds, signInAdmin, sleep, startBenchApi } from './common.ts'

const clients = Number(process.env.BENCH_CLIENTS ?? 64)
const durationMs = Number(process.env.BENCH_SECONDS ?? 10) * 1000
const warmupMs = Number(process.env.BENCH_WARMUP_SECONDS ?? 2) * 1000
const employeeCount = Number(process.env.BENCH_EMPLOYEES ?? 100_000)
const botSecret = 'bench-bot-secret-0123456789'
const drainLimitMs = Number(process.env.BENCH_DRAIN_SECONDS ?? 900) * 1000

function post(agent: http.Agent, url: URL, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

/** The bare receiver of (a): verify the signature over the raw bytes, answer 200 (or 401). */
const bareServer = `
const http = require('node:http'); const crypto = require('node:crypto')
const key = Buffer.from(${JSON.stringify(botSecret)}, 'utf8')
http.createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    const expected = crypto.createHmac('sha256', key).update(Buffer.concat(chunks)).digest()
    const given = Buffer.from(String(req.headers['x-works-signature'] || ''), 'base64')
    res.statusCode = given.length === expected.length && crypto.timingSafeEqual(given, expected) ? 200 : 401
    res.end()
  })
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.send && process.send('ready'))
`

interface Phase {
  answered: number
  failures: number
  throughput: number
  p50: number
  p99: number
  max: number
  /** Indexes of the employees whose callback was answered 200. */
  accepted: number[]
}

/** Drives `url` with `clients` connections; employee `next++` writes each callback. */
async function drive(url: URL, firstEmployee: { value: number }, bodyFor: (employee: number) => string, apiPid: number | undefined, limit = Number.POSITIVE_INFINITY): Promise<Phase & { cpu: string }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
  const latencies: number[] = []
  const accepted: number[] = []
  let failures = 0
  let measuring = false
  let started = 0
  let meter: ReturnType<typeof cpuMeter> | null = null
  const warmupEnd = performance.now() + warmupMs
  const deadline = warmupEnd + durationMs
  setTimeout(() => {
    measuring = true
    started = performance.now()
    meter = cpuMeter(apiPid)
  }, warmupMs)
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const employee = firstEmployee.value++
        if (employee >= limit) throw new Error(`more than ${limit} callbacks: raise BENCH_EMPLOYEES`)
        const body = bodyFor(employee)
        const signature = createHmac('sha256', Buffer.from(botSecret, 'utf8')).update(body).digest('base64')
        const t0 = performance.now()
        const status = await post(agent, url, body, { 'content-type': 'application/json', 'x-works-signature': signature })
        if (status === 200) accepted.push(employee)
        if (!measuring || t0 < started) continue
        latencies.push(performance.now() - t0)
        if (status !== 200) failures += 1
      }
    }),
  )
  const elapsed = performance.now() - started
  const used = (meter as ReturnType<typeof cpuMeter> | null)?.()
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const answered = latencies.length - failures
  const cpu = used ? `API ${((used.api * 1000) / Math.max(1, answered)).toFixed(2)} ms, PostgreSQL ${((used.postgres * 1000) / Math.max(1, answered)).toFixed(2)} ms per callback; machine ${(used.busyShare * 100).toFixed(0)}% busy` : ''
  return { answered, failures, throughput: answered / (elapsed / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN, accepted, cpu }
}

function print(name: string, phase: Phase & { cpu: string }) {
  console.log(`${name}: ${phase.answered.toLocaleString()} answered 200 (failures ${phase.failures}); ${phase.throughput.toFixed(0)} callbacks/s; p50 ${ms(phase.p50)}  p99 ${ms(phase.p99)}  max ${ms(phase.max)}`)
  if (phase.cpu) console.log(`   CPU: ${phase.cpu}`)
}

async function main() {
  // The stand-in for LINE WORKS (token endpoint and send-message), so replies have somewhere to go.
  let replies = 0
  const lineWorks = createServer((request: IncomingMessage, response) => {
    request.resume()
    request.on('end', () => {
      if (request.url === '/oauth2/v2.0/token') {
        response.setHeader('content-type', 'application/json')
        response.end(JSON.stringify({ access_token: 'bench', token_type: 'Bearer', expires_in: 86400, refresh_token: 'r', scope: 'bot' }))
        return
      }
      replies += 1
      response.statusCode = 201
      response.end()
    })
  })
  await new Promise<void>((resolve) => lineWorks.listen(0, '127.0.0.1', resolve))
  const lineWorksUrl = `http://127.0.0.1:${(lineWorks.address() as AddressInfo).port}`

  process.env.CALLBACK_ALLOWED_HOSTS = '127.0.0.1'
  process.env.CALLBACK_ALLOW_HTTP = '1'
  const api = await startBenchApi()
  let bare: ChildProcess | null = null
  try {
    const prisma = api.prisma
    const tenant = await prisma.tenant.create({ data: { name: 'Bench attendance' } })
    const domain = await prisma.domain.create({ data: { tenantId: tenant.id, name: 'bench.example', displayName: 'Bench', lwDomainId: await allocateLwDomainId(prisma) } })
    console.log(`creating ${employeeCount.toLocaleString()} employees with account ids…`)
    for (let offset = 0; offset < employeeCount; offset += 5000) {
      await prisma.member.createMany({
        data: Array.from({ length: Math.min(5000, employeeCount - offset) }, (_, index) => {
          const loginId = `emp${offset + index}@bench.example`
          return { tenantId: tenant.id, domainId: domain.id, loginId, familyName: '山田', givenName: `${offset + index}`, searchText: memberSearchText({ loginId, familyName: '山田', givenName: `${offset + index}` }) }
        }),
      })
    }
    await prisma.$executeRaw`
      INSERT INTO "AttendanceAccount" (id, "tenantId", "memberId", "accountId", "updatedAt")
      SELECT gen_random_uuid(), "tenantId", id, "loginId", now() FROM "Member" WHERE "tenantId" = ${tenant.id}::uuid`
    await prisma.$executeRawUnsafe('VACUUM ANALYZE')
    const headers = await signInAdmin(api, tenant.id)
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    const setup = await graphql<{ setupAttendanceLinkage: { linkage?: { webhookPath: string }; message?: string } }>(
      api,
      headers,
      `mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { ... on MutationSetupAttendanceLinkageSuccess { linkage { webhookPath } } ... on Error { message } } }`,
      { input: { acceptTerms: true, mode: 'EXTERNAL', external: { clientId: 'c', clientSecret: 's', serviceAccount: 'sa', privateKey, botId: '2000001', botSecret, authBaseUrl: lineWorksUrl, apiBaseUrl: lineWorksUrl } } },
    )
    if (!setup.setupAttendanceLinkage.linkage) throw new Error(setup.setupAttendanceLinkage.message)
    const bodyFor = (employee: number) =>
      JSON.stringify({ type: 'message', source: { userId: `emp${employee}@bench.example`, domainId: domain.lwDomainId }, issuedTime: new Date().toISOString(), content: { type: 'text', text: '出勤' } })

    // (a) the bare receiver
    const barePort = await freePort()
    bare = spawn(process.execPath, ['-e', bareServer], { env: { ...process.env, PORT: String(barePort) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    await new Promise((resolve) => bare?.once('message', resolve))
    console.log(`\n== ${clients} connections, ${seconds(durationMs)} after a ${seconds(warmupMs)} warm-up each (PostgreSQL); load ${loadAverage()} ==`)
    const counter = { value: 0 }
    const a = await drive(new URL(`http://127.0.0.1:${barePort}/callback`), counter, bodyFor, bare.pid)
    print('(a) bare Node server, signature check only', a)
    bare.kill()
    await sleep(500)

    // (b) our webhook: every callback from another of the employees created above. ((a) used the same
    // kind of bodies; it checks signatures only, so its employees need not exist.)
    counter.value = 0
    const startEmployee = 0
    const b = await drive(new URL(`${api.server.url}${setup.setupAttendanceLinkage.linkage.webhookPath}`), counter, bodyFor, api.child.pid, employeeCount)
    print('(b) worksbase webhook, event stored before 200', b)
    console.log(`ratio b/a        : ${(b.throughput / a.throughput).toFixed(2)}   (targets: b ≥ 2,000/s, p99 ≤ 50 ms, ratio ≥ 0.3)`)

    // Drain: every stored event becomes one stamp and one reply.
    const drainStart = performance.now()
    const expected = b.accepted.length
    let processed = 0
    for (;;) {
      processed = await prisma.attendanceEvent.count({ where: { tenantId: tenant.id, status: { not: 'PENDING' } } })
      if (processed >= expected || performance.now() - drainStart > drainLimitMs) break
      // Each count reads every event of the tenant: not too often, so the benchmark does not slow the drain.
      await sleep(2000)
    }
    const drainMs = performance.now() - drainStart
    // One snapshot (the worker may still be running when the drain time is up).
    const [counts] = await prisma.$queryRaw<{ events: number; pending: number; stamps: number; members: number; sent: number }[]>`
      SELECT (SELECT count(*)::int FROM "AttendanceEvent" WHERE "tenantId" = ${tenant.id}::uuid) AS events,
             (SELECT count(*)::int FROM "AttendanceEvent" WHERE "tenantId" = ${tenant.id}::uuid AND status = 'PENDING') AS pending,
             (SELECT count(*)::int FROM "AttendanceStamp" WHERE "tenantId" = ${tenant.id}::uuid) AS stamps,
             (SELECT count(DISTINCT "memberId")::int FROM "AttendanceStamp" WHERE "tenantId" = ${tenant.id}::uuid) AS members,
             (SELECT count(*)::int FROM "AttendanceReply" WHERE "tenantId" = ${tenant.id}::uuid AND "sentAt" IS NOT NULL) AS sent`
    if (!counts) throw new Error('no counts')
    const acceptedIds = new Set(b.accepted)
    console.log(`\nprocessing       : ${processed.toLocaleString()} events processed ${seconds(drainMs)} after the burst ended (${(processed / ((drainMs + durationMs + warmupMs) / 1000)).toFixed(0)}/s overall)${counts.pending > 0 ? `; ${counts.pending.toLocaleString()} still queued when the drain time (BENCH_DRAIN_SECONDS) ran out` : ''}`)
    console.log(`counted          : ${b.accepted.length.toLocaleString()} callbacks answered 200 (employees ${startEmployee}–${counter.value - 1}, ${acceptedIds.size.toLocaleString()} distinct)`)
    console.log(`                   ${counts.events.toLocaleString()} events stored, ${counts.stamps.toLocaleString()} stamps for ${counts.members.toLocaleString()} employees, ${counts.sent.toLocaleString()} replies sent (${replies.toLocaleString()} received by the stand-in)`)
    console.log(`                   lost: ${Math.max(0, b.accepted.length - counts.events)} events, ${Math.max(0, counts.events - counts.pending - counts.stamps)} stamps; duplicated: ${Math.max(0, counts.stamps - counts.members)}`)
  } finally {
    bare?.kill()
    await api.close()
    await new Promise<void>((resolve) => lineWorks.close(() => resolve()))
  }
}

await main()
