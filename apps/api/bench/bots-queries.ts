// How many SQL statements the Developer Console's bots list costs (issue "Bots", Bot.status batching).
// Prints figures; asserts nothing.
//   pnpm --filter @worksbase/api exec tsx bench/bots-queries.ts
// A fresh PostgreSQL database (BENCH_POSTGRES_URL), the app in this process, a tenant with BENCH_BOTS
// (50) bots, each in a domain, with three persons in charge and a finished callback. The list query
// is the SPA's (BotsPage.tsx: BotsList with BotRow_bot) plus `actionReasons`; every statement the
// process sends to PostgreSQL while it runs is counted (pg's Client.query, which Prisma's adapter uses).
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createApp } from '../src/app.ts'
import { openDatabase } from '../src/db/index.ts'
import { migrate } from '../src/db/migrate.ts'
import { readEnv } from '../src/env.ts'
import { hashPassword } from '../src/lib/crypto.ts'
import { allocateLwDomainId } from '../src/services/domains.ts'
import { createServices } from '../src/services/index.ts'
import { memberSearchText } from '../src/services/members.ts'
import { adminUrl } from './common.ts'

const botCount = Number(process.env.BENCH_BOTS ?? 50)

const LIST = `query BotsList($first: Int!) {
  bots(first: $first) {
    totalCount
    edges { node { id botId name description photoUrl status actionReasons domains { domainId } } }
    pageInfo { hasNextPage endCursor }
  }
}`

async function main() {
  const databaseName = `wb_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${databaseName}`)
  const url = new URL(adminUrl)
  url.pathname = `/${databaseName}`
  const db = await openDatabase({ url: url.toString(), poolSize: 5 })
  try {
    await migrate(db)
    const env = readEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent' })
    const app = createApp({ db, env, services: createServices(env) })
    const prisma = db.prisma
    const tenant = await prisma.tenant.create({ data: { name: 'Bench bot list' } })
    const domain = await prisma.domain.create({
      data: { tenantId: tenant.id, name: 'list.example', displayName: 'List', lwDomainId: await allocateLwDomainId(prisma) },
    })
    await prisma.member.createMany({
      data: Array.from({ length: 10 }, (_, index) => {
        const loginId = `user${index}@list.example`
        return { tenantId: tenant.id, domainId: domain.id, loginId, familyName: '山田', givenName: `${index}`, status: index === 0 ? 'SUSPENDED' : 'ACTIVE', searchText: memberSearchText({ loginId, familyName: '山田', givenName: `${index}` }) }
      }),
    })
    const members = await prisma.member.findMany({ where: { tenantId: tenant.id }, orderBy: { loginId: 'asc' } })
    for (let index = 0; index < botCount; index += 1) {
      const bot = await prisma.bot.create({
        data: { tenantId: tenant.id, botId: 3_000_000 + index, name: `bot ${index}`, description: 'list', callbackEnabled: true, callbackUrl: 'https://bots.example/callback', messageTypes: ['text'], roomEvents: [], allowGroupJoin: false, secretSealed: 'x' },
      })
      // Every fifth bot has a suspended person in charge, every third a failed last callback.
      await prisma.botManager.createMany({
        data: [0, 1, 2].map((position) => ({ botId: bot.id, memberId: members[(index % 5 === 0 ? 0 : 1) + position]?.id ?? '', role: 'PRIMARY' as const, position })),
      })
      if (index % 2 === 0) await prisma.botDomain.create({ data: { botId: bot.id, tenantId: tenant.id, domainId: domain.id, visibility: 'ALL' } })
      await prisma.botDelivery.create({ data: { tenantId: tenant.id, botId: bot.id, event: 'message', body: '{}', status: index % 3 === 0 ? 'FAILED' : 'SUCCEEDED' } })
    }
    await prisma.adminAccount.create({
      data: { tenantId: tenant.id, email: 'list@list.example', name: 'List', role: 'MASTER', passwordHash: await hashPassword('bench-password-1') },
    })
    const login = await app.fetch(
      new Request('http://bench.local/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { login(input: { email: "list@list.example", password: "bench-password-1" }) { __typename } }' }),
      }),
    )
    const cookies = login.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '')
    const csrf = cookies.find((cookie) => cookie.startsWith('wb_csrf='))?.slice('wb_csrf='.length) ?? ''
    const list = async () => {
      const response = await app.fetch(
        new Request('http://bench.local/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
          body: JSON.stringify({ query: LIST, variables: { first: botCount } }),
        }),
      )
      return (await response.json()) as { data?: { bots: { edges: { node: { status: string; actionReasons: string[] } }[] } }; errors?: unknown }
    }
    await list() // warm-up: parse/validate caches, Prisma's query plans

    const statements: string[] = []
    const original = pg.Client.prototype.query
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const config = args[0] as string | { text?: string }
      statements.push(typeof config === 'string' ? config : (config?.text ?? '?'))
      return (original as (...a: unknown[]) => unknown).apply(this, args)
    } as typeof original
    const started = performance.now()
    const result = await list()
    const took = performance.now() - started
    pg.Client.prototype.query = original
    if (result.errors) throw new Error(JSON.stringify(result.errors))
    const nodes = result.data?.bots.edges.map((edge) => edge.node) ?? []
    const tally = new Map<string, number>()
    for (const node of nodes) {
      const key = `${node.status} ${node.actionReasons.join('+') || '-'}`
      tally.set(key, (tally.get(key) ?? 0) + 1)
    }
    console.log(`\n== Bots list (${nodes.length} bots, the SPA's list query plus actionReasons) ==`)
    console.log(`statements       : ${statements.length} (${(statements.length / Math.max(1, nodes.length)).toFixed(1)} per bot), ${took.toFixed(1)} ms`)
    console.log(`statuses         : ${[...tally].map(([key, count]) => `${key} ×${count}`).join(', ')}`)
    if (process.env.BENCH_VERBOSE === '1') for (const statement of statements) console.log(`  ${statement.replace(/\s+/g, ' ').slice(0, 160)}`)
  } finally {
    await db.close()
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`)
    await admin.end()
  }
}

await main()
