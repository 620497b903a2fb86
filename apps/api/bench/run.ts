// Foundation benchmark (issue #2). Prints figures; asserts nothing.
//   pnpm bench                 PostgreSQL at BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
//   BENCH_MEMBERS=20000 pnpm bench   a smaller run
// 1. CSV import of N members through the real HTTP upload endpoint and the job worker: time and peak RSS.
// 2. Members search, page of 50: p50/p95 through GraphQL over HTTP and the same Prisma query run
//    directly, and their ratio.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { apiDir, buildApi, productionNodeArgs } from '../scripts/production.mjs'
import { openDatabase } from '../src/db/index.ts'
import { hashPassword } from '../src/lib/crypto.ts'
import { allocateLwDomainId } from '../src/services/domains.ts'
import { memberWhere, searchMemberIds } from '../src/services/members.ts'

const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const members = Number(process.env.BENCH_MEMBERS ?? 100_000)
const searches = Number(process.env.BENCH_SEARCHES ?? 400)
const dbName = `wb_bench_${randomBytes(4).toString('hex')}`

const family = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木', '山口', '松本']
const given = ['太郎', '花子', '健', '結衣', '大輝', '美緒', '翔', '葵', '蓮', 'さくら', '陽翔', '凛', '悠斗', '芽衣', '蒼太']
const romaji = ['sato', 'suzuki', 'takahashi', 'tanaka', 'ito', 'watanabe', 'yamamoto', 'nakamura', 'kobayashi', 'kato', 'yoshida', 'yamada', 'sasaki', 'yamaguchi', 'matsumoto']

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}
const ms = (value: number) => `${value.toFixed(2)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

/** Current and peak resident memory of a process, from /proc (Linux). */
function apiMemory(pid: number | undefined): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024
  return { rss: kb('VmRSS'), peak: kb('VmHWM') }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function main() {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${dbName}`)
  const url = new URL(adminUrl)
  url.pathname = `/${dbName}`
  // The API runs as its own process, exactly as in production, so its peak RSS is its own.
  const port = await freePort()
  const nodeFlags = (process.env.BENCH_API_NODE_FLAGS ?? '').split(' ').filter(Boolean)
  if (nodeFlags.length > 0) console.log(`API node flags: ${nodeFlags.join(' ')}`)
  // The production build with production's flags, exactly what `npm start` runs; extra flags first.
  buildApi()
  const child = spawn(process.execPath, [...nodeFlags, ...productionNodeArgs()], {
    cwd: apiDir,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: url.toString(), SEED_DEMO: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const server = { url: `http://127.0.0.1:${port}` }
  for (let attempt = 0; ; attempt += 1) {
    const ready = await fetch(`${server.url}/readyz`).then((r) => r.ok).catch(() => false)
    if (ready) break
    if (attempt > 300) throw new Error('the API did not start')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const db = await openDatabase({ url: url.toString(), poolSize: 2 })
  const prisma = db.prisma
  try {
    const tenant = await prisma.tenant.create({ data: { name: 'Bench' } })
    const domain = await prisma.domain.create({
      data: { tenantId: tenant.id, name: 'bench.example', displayName: 'Bench', lwDomainId: await allocateLwDomainId(prisma) },
    })
    const departments = await Promise.all(
      ['営業部', '開発部', '総務部', '人事部', '経理部'].map((name) => prisma.orgUnit.create({ data: { tenantId: tenant.id, domainId: domain.id, name } })),
    )
    await prisma.adminAccount.create({
      data: { tenantId: tenant.id, email: 'bench@bench.example', name: 'Bench', role: 'MASTER', passwordHash: await hashPassword('bench-password-1') },
    })
    const login = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(input: { email: "bench@bench.example", password: "bench-password-1" }) { __typename } }' }),
    })
    const cookies = login.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '')
    const csrf = cookies.find((cookie) => cookie.startsWith('wb_csrf='))?.slice('wb_csrf='.length) ?? ''
    const headers = { cookie: cookies.join('; '), 'x-csrf-token': csrf }

    // 1. CSV import
    console.log(`\n== Member CSV import: ${members.toLocaleString()} rows (PostgreSQL) ==`)
    const rssBefore = apiMemory(child.pid).rss
    const encoder = new TextEncoder()
    let row = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (row === 0) controller.enqueue(encoder.encode('login_id,family_name,given_name,family_name_en,given_name_en,department\n'))
        const lines: string[] = []
        for (let i = 0; i < 1000 && row < members; i += 1, row += 1) {
          const f = row % family.length
          const g = Math.floor(row / family.length) % given.length
          lines.push(`${romaji[f]}.${row}@bench.example,${family[f]},${given[g]},${romaji[f]},${row},${departments[row % departments.length]?.name}`)
        }
        if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join('\n')}\n`))
        if (row >= members) controller.close()
      },
    })
    const started = performance.now()
    const upload = await fetch(`${server.url}/api/member-imports?fileName=bench.csv`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    } as RequestInit)
    const summary = (await upload.json()) as { id: string; createCount: number; errorCount: number }
    const parsed = performance.now()
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { applyMemberImport(input: { id: "${summary.id}" }) { __typename } }` }),
    })
    for (;;) {
      const state = await prisma.memberImport.findFirstOrThrow({ where: { tenantId: tenant.id } })
      if (state.status === 'APPLIED' || state.status === 'FAILED') break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const applied = performance.now()
    const memory = apiMemory(child.pid)
    const count = await prisma.member.count({ where: { tenantId: tenant.id } })
    console.log(`upload + dry run : ${((parsed - started) / 1000).toFixed(1)} s  (create ${summary.createCount}, errors ${summary.errorCount})`)
    console.log(`apply            : ${((applied - parsed) / 1000).toFixed(1)} s`)
    console.log(`total            : ${((applied - started) / 1000).toFixed(1)} s   (target ≤ 30 s)`)
    console.log(`API process RSS  : ${mb(rssBefore)} before, peak ${mb(memory.peak)} (VmHWM, whole process since start; target ≤ 300 MB)`)
    console.log(`members in db    : ${count.toLocaleString()}`)
    const tuning = new pg.Client({ connectionString: url.toString() })
    await tuning.connect()
    // Settle the database after the bulk load (as autovacuum eventually would) so the search figures
    // measure the steady state rather than a vacuum running alongside.
    await tuning.query('VACUUM ANALYZE')
    await tuning.end()

    // 2. Search
    console.log(`\n== Members search, page of 50 (${searches} requests each) ==`)
    const terms = [...romaji, ...family, '1234', '99', 'yama', '.5', 'kato.77', null, null, null]
    const cases = Array.from({ length: searches }, (_, index) => ({
      query: terms[index % terms.length] ?? null,
      orgUnitId: index % 4 === 0 ? (departments[index % departments.length]?.id ?? null) : null,
    }))
    const document = `query($query: String, $orgUnitId: ID) {
      members(first: 50, query: $query, orgUnitId: $orgUnitId) {
        edges { node { id loginId familyName givenName status orgUnit { name } } }
        pageInfo { hasNextPage endCursor }
      }
    }`
    const gqlTimes: number[] = []
    const prismaTimes: number[] = []
    for (const [index, item] of cases.entries()) {
      const variables = { query: item.query, orgUnitId: item.orgUnitId ? Buffer.from(`OrgUnit:${item.orgUnitId}`).toString('base64') : null }
      const t0 = performance.now()
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query: document, variables }),
      })
      const json = (await response.json()) as { errors?: unknown }
      if (json.errors) throw new Error(JSON.stringify(json.errors))
      const t1 = performance.now()
      // The same queries the resolver runs: the id page (for a text search), then the selection.
      const select = { id: true, loginId: true, familyName: true, givenName: true, status: true, orgUnit: { select: { name: true } } }
      if (item.query) {
        const ids = await searchMemberIds(prisma, tenant.id, { query: item.query, orgUnitId: item.orgUnitId }, { afterId: null, take: 51 })
        await prisma.member.findMany({ select, where: { id: { in: ids } } })
      } else {
        await prisma.member.findMany({
          where: memberWhere(tenant.id, { orgUnitId: item.orgUnitId }),
          orderBy: [{ loginId: 'asc' }, { id: 'asc' }],
          take: 51,
          select,
        })
      }
      const t2 = performance.now()
      if (index >= 20) {
        gqlTimes.push(t1 - t0)
        prismaTimes.push(t2 - t1)
      }
    }
    gqlTimes.sort((a, b) => a - b)
    prismaTimes.sort((a, b) => a - b)
    const gql = { p50: percentile(gqlTimes, 50), p95: percentile(gqlTimes, 95) }
    const direct = { p50: percentile(prismaTimes, 50), p95: percentile(prismaTimes, 95) }
    console.log(`GraphQL over HTTP : p50 ${ms(gql.p50)}  p95 ${ms(gql.p95)}   (target p95 ≤ 30 ms)`)
    console.log(`Prisma directly   : p50 ${ms(direct.p50)}  p95 ${ms(direct.p95)}`)
    console.log(`ratio GraphQL/Prisma: p50 ${(gql.p50 / direct.p50).toFixed(2)}  p95 ${(gql.p95 / direct.p95).toFixed(2)}   (target ≤ 2)`)
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    await db.close()
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    await admin.end()
  }
}

await main()
