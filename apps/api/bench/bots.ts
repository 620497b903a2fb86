// Bots benchmark (issue "Bots"). Prints figures; asserts nothing.
//   pnpm --filter @worksbase/api bench:bots      PostgreSQL at BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
// 1. Bot API send-message throughput and latency: BENCH_CLIENTS (64) concurrent clients send text
//    messages to users for BENCH_SECONDS (10) through POST /v1.0/bots/{botId}/users/{userId}/messages
//    with an OAuth access token. The per-app rate limit is raised for the run (it is what is measured).
// 2. Callback delivery: BENCH_CALLBACKS (5,000) queued callbacks are delivered by the API's job worker
//    to a local receiver (allow-listed, as an operator would), which verifies every signature and
//    counts distinct and duplicate bodies. Time from queueing until the receiver has all of them.
import { createHmac, createPrivateKey, randomUUID, sign, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { memberSearchText } from '../src/services/members.ts'
import { allocateLwDomainId } from '../src/services/domains.ts'
import { globalId, graphql, loadAverage, ms, percentile, seconds, signInAdmin, sleep, startBenchApi } from './common.ts'

const clients = Number(process.env.BENCH_CLIENTS ?? 64)
const durationMs = Number(process.env.BENCH_SECONDS ?? 10) * 1000
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

async function main() {
  // The receiver: verifies the signature over the raw bytes and counts what arrives.
  let secret = ''
  const bodies = new Map<string, number>()
  let badSignatures = 0
  const receiver = createServer(async (request, response) => {
    const raw = await readRaw(request)
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(raw).digest()
    const given = Buffer.from(String(request.headers['x-works-signature'] ?? ''), 'base64')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) badSignatures += 1
    const key = raw.toString('utf8')
    bodies.set(key, (bodies.get(key) ?? 0) + 1)
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
    console.log(`\n== Bot API send, ${clients} concurrent clients, ${seconds(durationMs)} (PostgreSQL) ==`)
    console.log(`load before: ${loadAverage()}`)
    const latencies: number[] = []
    let failures = 0
    const statuses = new Map<number, number>()
    const started = performance.now()
    const deadline = started + durationMs
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let sent = 0; performance.now() < deadline; sent += 1) {
          const member = members[(client * 997 + sent) % members.length]
          const t0 = performance.now()
          const response = await fetch(`${api.server.url}/v1.0/bots/${bot.botId}/users/${member?.userId}/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ content: { type: 'text', text: `おはようございます ${client}-${sent}` } }),
          })
          await response.arrayBuffer()
          latencies.push(performance.now() - t0)
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
          if (response.status !== 201) failures += 1
        }
      }),
    )
    const elapsed = performance.now() - started
    latencies.sort((a, b) => a - b)
    const okCount = latencies.length - failures
    console.log(`messages sent    : ${okCount.toLocaleString()} (failures ${failures}; statuses ${JSON.stringify(Object.fromEntries(statuses))})`)
    console.log(`throughput       : ${(okCount / (elapsed / 1000)).toFixed(0)} messages/s   (target ≥ 1,500)`)
    console.log(`latency          : p50 ${ms(percentile(latencies, 50))}  p99 ${ms(percentile(latencies, 99))}   (target p99 ≤ 50 ms)`)
    console.log(`stored           : ${(await prisma.talkMessage.count({ where: { tenantId: tenant.id } })).toLocaleString()} messages`)
    console.log(`load after: ${loadAverage()}`)

    // 2. Callback delivery
    console.log(`\n== Callback delivery to a local receiver: ${callbacks.toLocaleString()} callbacks ==`)
    const expected = new Set<string>()
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
    const queuedAt = performance.now()
    // Queued as the API queues them: a delivery row and its job, committed together.
    await prisma.$transaction(async (tx) => {
      for (let index = 0; index < deliveries.length; index += 1000) {
        const chunk = deliveries.slice(index, index + 1000)
        await tx.botDelivery.createMany({ data: chunk })
        await tx.job.createMany({
          data: chunk.map((delivery) => ({ tenantId: tenant.id, kind: 'bot.callback', payload: { deliveryId: delivery.id }, maxAttempts: 6 })),
        })
      }
    }, { timeout: 120_000 })
    for (;;) {
      const arrived = [...bodies.keys()].filter((body) => expected.has(body)).length
      if (arrived >= callbacks) break
      if (performance.now() - queuedAt > 600_000) break
      await sleep(20)
    }
    const deliveredAt = performance.now()
    await sleep(1000)
    const received = [...bodies.entries()].filter(([body]) => expected.has(body))
    const duplicates = received.reduce((sum, [, count]) => sum + count - 1, 0)
    const succeeded = await prisma.botDelivery.count({ where: { botId: botRowId, status: 'SUCCEEDED' } })
    const took = deliveredAt - queuedAt
    console.log(`delivered        : ${received.length.toLocaleString()} of ${callbacks.toLocaleString()} in ${seconds(took)} → ${(received.length / (took / 1000)).toFixed(0)} callbacks/s   (target ≥ 1,000/s)`)
    console.log(`loss / duplicates: ${callbacks - received.length} / ${duplicates}   bad signatures: ${badSignatures}   (target 0 / 0)`)
    console.log(`log says         : ${succeeded.toLocaleString()} SUCCEEDED`)
    console.log(`load after: ${loadAverage()}`)
  } finally {
    await api.close()
    receiver.close()
  }
}

await main()
