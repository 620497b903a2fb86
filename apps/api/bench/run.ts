// Foundation benchmark (issue #2). Prints figures; asserts nothing.
//   pnpm bench                 PostgreSQL at BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
//   BENCH_MEMBERS=20000 pnpm bench   a smaller run
// 1. CSV import of N members through the real HTTP upload endpoint and the job worker: time and peak RSS.
// 2. Members search, page of 50: p50/p95 through GraphQL over HTTP and the same Prisma query run
//    directly, and their ratio.
import pg from 'pg'
import { allocateLwDomainId } from '../src/services/domains.ts'
import { memberWhere, searchMemberIds } from '../src/services/members.ts'
import { apiMemory, family, given, mb, ms, percentile, romaji, signInAdmin, startBenchApi } from './common.ts'

const members = Number(process.env.BENCH_MEMBERS ?? 100_000)
const searches = Number(process.env.BENCH_SEARCHES ?? 400)

async function main() {
  // A fresh database and the API as its own process, exactly as in production (common.ts).
  const api = await startBenchApi()
  const { child, prisma, server } = api
  try {
    const tenant = await prisma.tenant.create({ data: { name: 'Bench' } })
    const domain = await prisma.domain.create({
      data: { tenantId: tenant.id, name: 'bench.example', displayName: 'Bench', lwDomainId: await allocateLwDomainId(prisma) },
    })
    const departments = await Promise.all(
      ['営業部', '開発部', '総務部', '人事部', '経理部'].map((name) => prisma.orgUnit.create({ data: { tenantId: tenant.id, domainId: domain.id, name } })),
    )
    const headers = await signInAdmin(api, tenant.id)

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
    const tuning = new pg.Client({ connectionString: api.databaseUrl })
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
    await api.close()
  }
}

await main()
