// Bots benchmark (issue "Bots"). Prints figures; asserts nothing.
//   pnpm --filter @worksbase/api bench:bots      PostgreSQL at BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
// 1. Bot API send-message throughput and latency: BENCH_CLIENTS (64) concurrent clients send text
//    messages to users for BENCH_SECONDS (10) through POST /v1.0/bots/{botId}/users/{userId}/messages
//    with an OAuth access token, after BENCH_WARMUP_SECONDS (2) of the same load that is not counted.
//    The per-app rate limit is raised for the run (it is what is measured). The clients are keep-alive
//    node:http requests from this process (cheaper than fetch: the client shares the 2 cores).
// 2. Callback delivery: BENCH_CALLBACKS (5,000) queued callbacks are delivered by the API's job worker
//    to a local receiver (allow-listed, as an operator would), which verifies every signature and
//    counts distinct and duplicate bodies. Time from queueing until the receiver has all of them.
// Both phases print where the CPU went: the API process, PostgreSQL (all its processes) and this
// benchmark process (clients and receiver), per message, and how busy the machine was.
import { createHmac, createPrivateKey, randomUUID, sign, timingSafeEqual } from 'node:crypto'
import http, { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { memberSearchText } from '../src/services/members.ts'
import { allocateLwDomainId } from '../src/services/domains.ts'
import { insertJobsSql } from '../src/jobs/queue.ts'
import { cpuMeter, globalId, graphql, loadAverage, ms, percentile, seconds, signInAdmin, sleep, startBenchApi } from './common.ts'

const clients = Number(process.env.BENCH_CLIENTS ?? 64)
const durationMs = Number(process.env.BENCH_SECONDS ?? 10) * 1000
const warmupMs = Number(process.env.BENCH_WARMUP_SECONDS ?? 2) * 1000
const callbacks = Number(process.env.BENCH_CALLBACKS ?? 5000)
const memberCount = 1000

function readRaw(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

/** One POST over a keep-alive connection of `agent`; resolves with the status once the body is read. */
function post(agent: http.Agent, url: URL, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
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

function cpuLine(used: ReturnType<ReturnType<typeof cpuMeter>>, count: number, what: string): string {
  const per = (value: number) => `${((value * 1000) / Math.max(1, count)).toFixed(2)} ms`
  const others = Math.max(0, used.machineBusy - used.api - used.postgres - used.bench)
  return `CPU per ${what}  : API ${per(used.api)}, PostgreSQL ${per(used.postgres)}, benchmark process ${per(used.bench)}; machine ${(used.busyShare * 100).toFixed(0)}% busy, of which other processes ${others.toFixed(1)} CPU-s`
}

async function main() {
  // The receiver: verifies the signature over the raw bytes and counts what arrives.
  let secret = ''
  const bodies = new Map<string, number>()
  let badSignatures = 0
  // Counted as they arrive: how many of the expected bodies arrived (once), and when the first and the
  // last of them did.
  const expected = new Set<string>()
  let arrived = 0
  let firstArrival = 0
  let lastArrival = 0
  const receiver = createServer(async (request, response) => {
    const raw = await readRaw(request)
    const wanted = createHmac('sha256', Buffer.from(secret, 'utf8')).update(raw).digest()
    const given = Buffer.from(String(request.headers['x-works-signature'] ?? ''), 'base64')
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) badSignatures += 1
    const key = raw.toString('utf8')
    const seen = bodies.get(key) ?? 0
    bodies.set(key, seen + 1)
    if (seen === 0 && expected.has(key)) {
      arrived += 1
      lastArrival = performance.now()
      if (arrived === 1) firstArrival = lastArrival
    }
    response.end()
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const receiverPort = (receiver.address() as AddressInfo).port

  process.env.CALLBACK_ALLOWED_HOSTS = '127.0.0.1'
  process.env.CALLBACK_ALLOW_HTTP = '1'
  process.env.BOT_API_RATE_LIMIT_PER_MIN = '100000000'
  process.env.TOKEN_RATE_LIMIT_PER_MIN = '1000'
  const api = await startBenchApi()
  const prisma = api.prisma
  try {
    const tenant = await prisma.tenant.create({ data: { name: 'Bench bots' } })
    const domain = await prisma.domain.create({
      data: { tenantId: tenant.id, name: 'bench.example', displayName: 'Bench', lwDomainId: await allocateLwDomainId(prisma) },
    })
    await prisma.member.createMany({
      data: Array.from({ length: memberCount }, (_, index) => {
        const loginId = `user${index}@bench.example`
        return { tenantId: tenant.id, domainId: domain.id, loginId, familyName: '山田', givenName: `${index}`, searchText: memberSearchText({ loginId, familyName: '山田', givenName: `${index}` }) }
      }),
    })
    const members = await prisma.member.findMany({ where: { tenantId: tenant.id }, select: { id: true, userId: true } })
    const headers = await signInAdmin(api, tenant.id)
    const created = await graphql<{ createBot: { bot: { id: string; botId: number; secret: string } } }>(
      api,
      headers,
      `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id botId secret } } } }`,
      {
        input: {
          name: 'bench',
          description: 'bench',
          callbackEnabled: true,
          callbackUrl: `http://127.0.0.1:${receiverPort}/callback`,
          messageTypes: ['text'],
          roomEvents: [],
          allowGroupJoin: false,
          managerIds: [globalId('Member', members[0]?.id ?? '')],
        },
      },
    )
    const bot = created.createBot.bot
    const botRowId = Buffer.from(bot.id, 'base64').toString('utf8').split(':')[1] ?? ''
    secret = bot.secret
    await graphql(api, headers, `mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
      input: { id: bot.id, domainId: globalId('Domain', domain.id), visibility: 'ALL' },
    })
    const app = await graphql<{ createApiApp: { result: { clientSecret: string; app: { id: string; clientId: string } } } }>(
      api,
      headers,
      `mutation { createApiApp(input: { name: "bench", scopes: [BOT], tokenLifetime: 86400 }) { ... on MutationCreateApiAppSuccess { result { clientSecret app { id clientId } } } } }`,
    )
    const account = await graphql<{ createServiceAccount: { result: { privateKey: string; account: { accountId: string } } } }>(
      api,
      headers,
      `mutation($input: MutationCreateServiceAccountInput!) { createServiceAccount(input: $input) { ... on MutationCreateServiceAccountSuccess { result { privateKey account { accountId } } } } }`,
      { input: { appId: app.createApiApp.result.app.id } },
    )
    const now = Math.floor(Date.now() / 1000)
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: app.createApiApp.result.app.clientId, sub: account.createServiceAccount.result.account.accountId, iat: now, exp: now + 600 })}`
    const assertion = `${unsigned}.${sign('sha256', Buffer.from(unsigned), createPrivateKey(account.createServiceAccount.result.privateKey)).toString('base64url')}`
    const tokenResponse = await fetch(`${api.server.url}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion,
        client_id: app.createApiApp.result.app.clientId,
        client_secret: app.createApiApp.result.clientSecret,
      }),
    })
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string }

    // 1. Send throughput
    console.log(`\n== Bot API send, ${clients} concurrent clients, ${seconds(durationMs)} after a ${seconds(warmupMs)} warm-up (PostgreSQL) ==`)
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
    const sendHeaders = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const base = new URL(api.server.url)
    const latencies: number[] = []
    // BENCH_VERBOSE=1: p50/p99 per second of the run, to see whether the tail is steady or bursts.
    const verbose = process.env.BENCH_VERBOSE === '1'
    const timeline: [at: number, latency: number][] = []
    let failures = 0
    const statuses = new Map<number, number>()
    let measuring = false
    let meter: ReturnType<typeof cpuMeter> | null = null
    const warmupEnd = performance.now() + warmupMs
    const deadline = warmupEnd + durationMs
    let started = warmupEnd
    setTimeout(() => {
      console.log(`load before: ${loadAverage()}`)
      measuring = true
      started = performance.now()
      meter = cpuMeter(api.child.pid)
    }, warmupMs)
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let sent = 0; performance.now() < deadline; sent += 1) {
          const member = members[(client * 997 + sent) % members.length]
          const url = new URL(`/v1.0/bots/${bot.botId}/users/${member?.userId}/messages`, base)
          const body = JSON.stringify({ content: { type: 'text', text: `おはようございます ${client}-${sent}` } })
          const t0 = performance.now()
          const status = await post(agent, url, body, sendHeaders)
          if (!measuring || t0 < started) continue
          latencies.push(performance.now() - t0)
          if (verbose) timeline.push([t0 - started, performance.now() - t0])
          statuses.set(status, (statuses.get(status) ?? 0) + 1)
          if (status !== 201) failures += 1
        }
      }),
    )
    const elapsed = performance.now() - started
    const sendCpu = (meter as ReturnType<typeof cpuMeter> | null)?.()
    agent.destroy()
    latencies.sort((a, b) => a - b)
    const okCount = latencies.length - failures
    console.log(`messages sent    : ${okCount.toLocaleString()} (failures ${failures}; statuses ${JSON.stringify(Object.fromEntries(statuses))})`)
    console.log(`throughput       : ${(okCount / (elapsed / 1000)).toFixed(0)} messages/s   (target ≥ 1,500)`)
    console.log(`latency          : p50 ${ms(percentile(latencies, 50))}  p99 ${ms(percentile(latencies, 99))}  max ${ms(latencies.at(-1) ?? Number.NaN)}   (target p99 ≤ 50 ms)`)
    if (sendCpu) console.log(cpuLine(sendCpu, latencies.length, 'message'))
    if (verbose) {
      for (let second = 0; second * 1000 < elapsed; second += 1) {
        const window = timeline.filter(([at]) => at >= second * 1000 && at < (second + 1) * 1000).map(([, latency]) => latency).sort((a, b) => a - b)
        console.log(`  second ${String(second + 1).padStart(2)}: ${String(window.length).padStart(5)} requests, p50 ${ms(percentile(window, 50))}, p99 ${ms(percentile(window, 99))}, max ${ms(window.at(-1) ?? Number.NaN)}`)
      }
    }
    console.log(`stored           : ${(await prisma.talkMessage.count({ where: { tenantId: tenant.id } })).toLocaleString()} messages (warm-up included)`)
    console.log(`load after: ${loadAverage()}`)

    // 2. Callback delivery
    console.log(`\n== Callback delivery to a local receiver: ${callbacks.toLocaleString()} callbacks ==`)
    console.log(`load before: ${loadAverage()}`)
    const deliveries: { id: string; tenantId: string; botId: string; event: string; body: string }[] = []
    for (let index = 0; index < callbacks; index += 1) {
      const member = members[index % members.length]
      const body = JSON.stringify({
        type: 'message',
        source: { userId: member?.userId, domainId: domain.lwDomainId },
        issuedTime: new Date().toISOString(),
        content: { type: 'text', text: `出勤 #${index}` },
      })
      expected.add(body)
      deliveries.push({ id: randomUUID(), tenantId: tenant.id, botId: botRowId, event: 'message', body })
    }
    const cbMeter = cpuMeter(api.child.pid)
    const queuedAt = performance.now()
    // Queued as the API queues them: each delivery row and its job, committed together (here all
    // 5,000 in one statement, so the worker sees them at once).
    await api.db.query(
      `WITH delivery AS (
         INSERT INTO "BotDelivery" (id, "tenantId", "botId", event, body)
         SELECT id, $2::uuid, $3::uuid, 'message', body FROM unnest($1::uuid[], $4::text[]) AS input(id, body)
         RETURNING id, "createdAt")
       ${insertJobsSql(`SELECT $2::uuid AS "tenantId", 'bot.callback' AS kind, jsonb_build_object('deliveryId', delivery.id) AS payload, now() AS "runAt", 6 AS "maxAttempts" FROM delivery`)}`,
      [deliveries.map((delivery) => delivery.id), tenant.id, botRowId, deliveries.map((delivery) => delivery.body)],
    )
    const committedAt = performance.now()
    // The API's worker finds jobs queued by another process by polling (every second); jobs the API
    // queues itself wake it at once.
    while (arrived < callbacks && performance.now() - queuedAt < 600_000) await sleep(5)
    const deliveredAt = arrived >= callbacks ? lastArrival : performance.now()
    const cbCpu = cbMeter()
    await sleep(1000)
    const received = [...bodies.entries()].filter(([body]) => expected.has(body))
    const duplicates = received.reduce((sum, [, count]) => sum + count - 1, 0)
    const succeeded = await prisma.botDelivery.count({ where: { botId: botRowId, status: 'SUCCEEDED' } })
    const took = deliveredAt - queuedAt
    console.log(`queued           : ${callbacks.toLocaleString()} deliveries and jobs in one transaction, ${seconds(committedAt - queuedAt)}; first callback arrived ${seconds(firstArrival - committedAt)} after the commit`)
    console.log(`delivered        : ${received.length.toLocaleString()} of ${callbacks.toLocaleString()} in ${seconds(took)} from queueing → ${(received.length / (took / 1000)).toFixed(0)} callbacks/s   (target ≥ 1,000/s)`)
    console.log(`                   from the first to the last arrival: ${seconds(lastArrival - firstArrival)} → ${((received.length - 1) / Math.max(0.001, (lastArrival - firstArrival) / 1000)).toFixed(0)} callbacks/s`)
    console.log(`loss / duplicates: ${callbacks - received.length} / ${duplicates}   bad signatures: ${badSignatures}   (target 0 / 0)`)
    console.log(`log says         : ${succeeded.toLocaleString()} SUCCEEDED`)
    console.log(cpuLine(cbCpu, callbacks, 'callback'))
    console.log(`load after: ${loadAverage()}`)
  } finally {
    await api.close()
    receiver.close()
  }
}

await main()
