// Hardening benchmark (issue #11). Prints figures; asserts nothing.
//   pnpm --filter @worksbase/api bench:attack
//   BENCH_MEMBERS=20000 BENCH_RUNS=3 BENCH_ATTACK_SECONDS=60 BENCH_CLIENTS=16 (the defaults)
// Per run: 16 clients run the members-search mix for BENCH_BASELINE_SECONDS with no attack, then the
// same 16 clients for BENCH_ATTACK_SECONDS while one more client sends the report's GraphQL bomb
// (~216 KB, anonymous, a new alias name every time) as fast as the server answers. It prints each
// phase's p50/p95, the ratio, what the bomb got back, the API process's peak RSS against its heap
// budget + 64 MB, and whether the API process stayed alive; then the median over the runs.
import { DEFAULT_MAX_HEAP_MB } from '../scripts/production.mjs'
import { allocateLwDomainId } from '../src/services/domains.ts'
import { memberSearchText } from '../src/services/members.ts'
import { apiMemory, family, given, loadAverage, mb, ms, percentile, romaji, signInAdmin, startBenchApi } from './common.ts'

const members = Number(process.env.BENCH_MEMBERS ?? 20_000)
const runs = Number(process.env.BENCH_RUNS ?? 3)
const clients = Number(process.env.BENCH_CLIENTS ?? 16)
const baselineSeconds = Number(process.env.BENCH_BASELINE_SECONDS ?? 30)
const attackSeconds = Number(process.env.BENCH_ATTACK_SECONDS ?? 60)
const heapBudgetMb = Number(process.env.API_MAX_HEAP_MB ?? DEFAULT_MAX_HEAP_MB)

const SEARCH = `query($query: String, $orgUnitId: ID) {
  members(first: 50, query: $query, orgUnitId: $orgUnitId) {
    edges { node { id loginId familyName givenName status orgUnit { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

async function main() {
  const api = await startBenchApi()
  const { child, prisma, server } = api
  let alive = true
  let closing = false
  child.once('exit', (code, signal) => {
    alive = false
    if (!closing) console.log(`!! the API process exited (code ${code}, signal ${signal})`)
  })
  try {
    const tenant = await prisma.tenant.create({ data: { name: 'Bench' } })
    const domain = await prisma.domain.create({ data: { tenantId: tenant.id, name: 'bench.example', displayName: 'Bench', lwDomainId: await allocateLwDomainId(prisma) } })
    const departments = await Promise.all(['営業部', '開発部', '総務部', '人事部', '経理部'].map((name) => prisma.orgUnit.create({ data: { tenantId: tenant.id, domainId: domain.id, name } })))
    for (let start = 0; start < members; start += 5000) {
      await prisma.member.createMany({
        data: Array.from({ length: Math.min(5000, members - start) }, (_, offset) => {
          const row = start + offset
          const f = row % family.length
          const loginId = `${romaji[f]}.${row}@bench.example`
          const familyName = family[f] ?? ''
          const givenName = given[Math.floor(row / family.length) % given.length] ?? ''
          return { tenantId: tenant.id, domainId: domain.id, loginId, familyName, givenName, orgUnitId: departments[row % departments.length]?.id ?? null, searchText: memberSearchText({ loginId, familyName, givenName }) }
        }),
      })
    }
    await prisma.$executeRawUnsafe('VACUUM ANALYZE "Member"')
    const headers = await signInAdmin(api, tenant.id)
    const terms = [...romaji, ...family, '1234', '99', 'yama', '.5', 'kato.77', null, null, null]

    /** The 16 clients of the normal mix until `until`, each request timed. */
    async function normalMix(until: number): Promise<number[]> {
      const times: number[] = []
      let counter = 0
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (Date.now() < until && alive) {
            const index = counter++
            const orgUnit = index % 4 === 0 ? departments[index % departments.length] : undefined
            const variables = { query: terms[index % terms.length] ?? null, orgUnitId: orgUnit ? Buffer.from(`OrgUnit:${orgUnit.id}`).toString('base64') : null }
            const started = performance.now()
            const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ query: SEARCH, variables }) }).catch(() => null)
            const json = response ? ((await response.json()) as { errors?: unknown }) : { errors: 'no answer' }
            if (json.errors) throw new Error(`the normal mix failed: ${JSON.stringify(json.errors)}`)
            times.push(performance.now() - started)
          }
        }),
      )
      return times.sort((a, b) => a - b)
    }

    /** One anonymous client sending the bomb as fast as the server answers, until `until`. */
    async function bomb(until: number) {
      const answers = new Map<string, number>()
      let sent = 0
      const body = 'viewer { admin { email } } '.repeat(8000)
      while (Date.now() < until && alive) {
        sent += 1
        const query = `{ u${sent}: __typename ${body} }`
        const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).catch(() => null)
        const text = response ? await response.text() : 'no answer'
        const key = response ? `${response.status} ${((JSON.parse(text) as { errors?: { message: string }[] }).errors?.[0]?.message ?? 'data').slice(0, 80)}` : text
        answers.set(key, (answers.get(key) ?? 0) + 1)
      }
      return { sent, answers }
    }

    /** Samples the API's RSS every 100 ms; returns the highest seen. */
    function rssSampler() {
      let peak = 0
      const timer = setInterval(() => {
        if (alive) peak = Math.max(peak, apiMemory(child.pid).rss)
      }, 100)
      return () => {
        clearInterval(timer)
        return peak
      }
    }

    console.log(`\n== GraphQL bomb vs. the members-search mix: ${members.toLocaleString()} members, ${clients} clients, heap budget ${heapBudgetMb} MB (PostgreSQL) ==`)
    await normalMix(Date.now() + 3000) // warm-up
    const results: { base95: number; attack95: number; ratio: number; peak: number }[] = []
    for (let run = 1; run <= runs && alive; run += 1) {
      const baseline = await normalMix(Date.now() + baselineSeconds * 1000)
      const stopSampling = rssSampler()
      const until = Date.now() + attackSeconds * 1000
      const [attacked, bombed] = await Promise.all([normalMix(until), bomb(until)])
      const peak = stopSampling()
      const row = { base95: percentile(baseline, 95), attack95: percentile(attacked, 95), ratio: percentile(attacked, 95) / percentile(baseline, 95), peak }
      results.push(row)
      console.log(`\nrun ${run} (load average ${loadAverage()})`)
      console.log(`  no attack : ${baseline.length} requests  p50 ${ms(percentile(baseline, 50))}  p95 ${ms(row.base95)}`)
      console.log(`  attack    : ${attacked.length} requests  p50 ${ms(percentile(attacked, 50))}  p95 ${ms(row.attack95)}   p95 ratio ${row.ratio.toFixed(2)} (target ≤ 3)`)
      console.log(`  bomb      : ${bombed.sent} sent; answers: ${[...bombed.answers].map(([key, count]) => `${count}× ${key}`).join('; ')}`)
      console.log(`  API RSS   : peak ${mb(peak)} while attacked (target ≤ ${heapBudgetMb + 64} MB = heap budget + 64 MB); alive: ${alive}`)
    }
    console.log(`\nmedian of ${results.length} runs: p95 no attack ${ms(median(results.map((r) => r.base95)))}, under attack ${ms(median(results.map((r) => r.attack95)))}, ratio ${median(results.map((r) => r.ratio)).toFixed(2)}; peak RSS ${mb(median(results.map((r) => r.peak)))} (highest ${mb(Math.max(...results.map((r) => r.peak)))}, VmHWM since start ${mb(apiMemory(child.pid).peak)}); the API ${alive ? 'never died' : 'DIED'}`)
  } finally {
    closing = true
    await api.close()
  }
}

await main()
