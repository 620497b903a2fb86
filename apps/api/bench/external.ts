// External messaging benchmark (issue "External messaging"). Prints figures; asserts nothing.
//   pnpm --filter @worksbase/api bench:external        PostgreSQL at BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
//   BENCH_MEMBERS=20000 pnpm --filter @worksbase/api bench:external    a smaller run (half connected, a tenth granted)
// The tenant: BENCH_MEMBERS members (default 100,000), half of them connected in section LINE with
// status AVAILABLE (BENCH_CONNECTED), loaded with bulk SQL; the LINE section of the domain is on.
// 1. Connected-members list search, page of 50: p50/p95 through GraphQL over HTTP, with and without
//    totalCount, per kind of query, and the database queries the resolver runs, run directly.
// 2. Provisioning: grant BENCH_GRANT (default 10,000) not-yet-connected members through
//    addExternalLinks (1,000 per call), then poll the database every 100 ms until all are AVAILABLE.
// BENCH_KEEP_DB=1 keeps the database afterwards (for EXPLAIN ANALYZE).
import { EXTERNAL_LINKS_PER_CALL } from '@worksbase/schema'
import pg from 'pg'
import { allocateLwDomainId } from '../src/services/domains.ts'
import { countExternalLinks, type ExternalLinkFilter, linkSearchText, searchExternalLinkIds } from '../src/services/external.ts'
import { memberSearchText } from '../src/services/members.ts'
import {
  apiMemory,
  family,
  given,
  globalId,
  graphql,
  loadAverage,
  mb,
  ms,
  percentile,
  romaji,
  seconds,
  signInAdmin,
  sleep,
  startBenchApi,
} from './common.ts'

const members = Number(process.env.BENCH_MEMBERS ?? 100_000)
const connected = Number(process.env.BENCH_CONNECTED ?? Math.floor(members / 2))
const grants = Math.min(Number(process.env.BENCH_GRANT ?? Math.round(members / 10)), members - connected)
const searches = Number(process.env.BENCH_SEARCHES ?? 400)
const warmUp = 20
const provisionTimeoutMs = Number(process.env.BENCH_PROVISION_TIMEOUT_S ?? 300) * 1000
const SEED_CHUNK = 10_000

type Status = 'PENDING' | 'AVAILABLE' | 'FAILED' | 'RETRY'
interface SearchCase {
  label: string
  query: string | null
  status: Status | null
}

/** Member number `row`: names cycle through the small sets, so every name is shared by many members. */
function memberRow(row: number) {
  const f = row % family.length
  const g = Math.floor(row / family.length) % given.length
  // No dot in the login id: its local part becomes the talk id, which cannot contain '.'.
  const loginId = `${romaji[f]}_${row}@bench.example`
  return { loginId, familyName: family[f] ?? '', givenName: given[g] ?? '', i18nNames: [{ language: 'EN' as const, familyName: romaji[f] ?? '', givenName: String(row) }] }
}

/** Connected members are spread evenly over the alphabet: every other member up to `connected`. */
function isConnected(row: number): boolean {
  const stride = members / Math.max(1, connected)
  return connected > 0 && row % stride < 1 && Math.floor(row / stride) < connected
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? Number.NaN, count: sorted.length }
}

async function main() {
  const api = await startBenchApi()
  const { child, prisma } = api
  const sql = new pg.Client({ connectionString: api.databaseUrl })
  await sql.connect()
  try {
    const tenant = await prisma.tenant.create({ data: { name: 'Bench' } })
    const domain = await prisma.domain.create({
      data: { tenantId: tenant.id, name: 'bench.example', displayName: 'Bench', lwDomainId: await allocateLwDomainId(prisma) },
    })
    const departments = await Promise.all(
      ['営業部', '開発部', '総務部', '人事部', '経理部'].map((name) => prisma.orgUnit.create({ data: { tenantId: tenant.id, domainId: domain.id, name } })),
    )
    // Provisioning only runs for sections that are on.
    await prisma.externalSetting.create({ data: { tenantId: tenant.id, domainId: domain.id, kind: 'LINE', enabled: true } })
    const headers = await signInAdmin(api, tenant.id)

    // Seed: members and connected links with bulk SQL, in chunks; search texts as the services compute them.
    console.log(`\n== Seed: ${members.toLocaleString()} members, ${connected.toLocaleString()} connected in LINE (AVAILABLE) ==`)
    const seedStarted = performance.now()
    let linked = 0
    for (let start = 0; start < members; start += SEED_CHUNK) {
      const chunk = { loginId: [] as string[], familyName: [] as string[], givenName: [] as string[], i18nNames: [] as string[], orgUnitId: [] as string[] }
      const more = { photoUrl: [] as (string | null)[], searchText: [] as string[] }
      const links = { loginId: [] as string[], talkId: [] as string[], searchText: [] as string[] }
      for (let row = start; row < Math.min(members, start + SEED_CHUNK); row += 1) {
        const member = memberRow(row)
        const searchText = memberSearchText(member)
        chunk.loginId.push(member.loginId)
        chunk.familyName.push(member.familyName)
        chunk.givenName.push(member.givenName)
        chunk.i18nNames.push(JSON.stringify(member.i18nNames))
        chunk.orgUnitId.push(departments[row % departments.length]?.id ?? '')
        more.photoUrl.push(row % 3 === 0 ? `https://photos.bench.example/${row}.jpg` : null)
        more.searchText.push(searchText)
        if (isConnected(row)) {
          const talkId = member.loginId.slice(0, member.loginId.indexOf('@'))
          links.loginId.push(member.loginId)
          links.talkId.push(talkId)
          links.searchText.push(linkSearchText(searchText, talkId))
        }
      }
      await sql.query(
        `INSERT INTO "Member" (id, "tenantId", "domainId", "userId", "loginId", "familyName", "givenName", "i18nNames", "orgUnitId", "photoUrl", "searchText", "updatedAt")
         SELECT gen_random_uuid(), $1::uuid, $2::uuid, gen_random_uuid(), r."loginId", r."familyName", r."givenName", r."i18nNames"::jsonb, r."orgUnitId", r."photoUrl", r."searchText", now()
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[])
           AS r("loginId", "familyName", "givenName", "i18nNames", "orgUnitId", "photoUrl", "searchText")`,
        [tenant.id, domain.id, chunk.loginId, chunk.familyName, chunk.givenName, chunk.i18nNames, chunk.orgUnitId, more.photoUrl, more.searchText],
      )
      if (links.loginId.length > 0) {
        const inserted = await sql.query(
          `INSERT INTO "ExternalLink" (id, "tenantId", "domainId", "memberId", kind, "talkId", status, "loginId", "searchText", "registeredAt", "availableAt", "updatedAt")
           SELECT gen_random_uuid(), m."tenantId", m."domainId", m.id, 'LINE', r."talkId", 'AVAILABLE', m."loginId", r."searchText", now(), now(), now()
           FROM unnest($2::text[], $3::text[], $4::text[]) AS r("loginId", "talkId", "searchText")
           JOIN "Member" m ON m."tenantId" = $1::uuid AND m."loginId" = r."loginId"`,
          [tenant.id, links.loginId, links.talkId, links.searchText],
        )
        linked += inserted.rowCount ?? 0
      }
    }
    const seeded = performance.now()
    // Settle the database after the bulk load (as autovacuum eventually would), as run.ts does.
    await sql.query('VACUUM ANALYZE')
    console.log(`members ${members.toLocaleString()}, links ${linked.toLocaleString()}: ${seconds(seeded - seedStarted)} (+ VACUUM ANALYZE ${seconds(performance.now() - seeded)})`)

    // 1. Search
    console.log(`\n== Connected members (LINE) search, page of 50: ${searches} requests per variant, first ${warmUp} discarded ==`)
    const searchLoad = loadAverage()
    const romajiShort = ['ya', 'ka', 's', 'ta']
    const kanji = ['佐藤', '鈴木', '高橋', '山田', '佐々木', '山', '田', '中村', '佐藤太郎', '山本翔']
    const digits = ['1234', '99', '7', '5000', '31']
    const talkIds = ['sato_12', 'to_77', 'kato_9', '_123', 'yamada_4', 'ito_3']
    const terms: { label: string; query: string | null }[] = [
      ...romaji.map((query) => ({ label: 'romaji family name', query })),
      ...romajiShort.map((query) => ({ label: 'romaji, 1-2 characters', query })),
      ...kanji.map((query) => ({ label: 'kanji name, 1-4 characters', query })),
      ...digits.map((query) => ({ label: 'digits', query })),
      ...talkIds.map((query) => ({ label: 'talk id fragment', query })),
      ...Array.from({ length: 6 }, () => ({ label: 'no query', query: null })),
    ]
    const statuses: Status[] = ['AVAILABLE', 'FAILED', 'AVAILABLE', 'PENDING']
    const cases: SearchCase[] = Array.from({ length: searches }, (_, index) => {
      const term = terms[index % terms.length] ?? { label: 'no query', query: null }
      // A fifth of the requests filter by status too (most often AVAILABLE; FAILED/PENDING match none here).
      const status = index % 5 === 0 ? (statuses[(index / 5) % statuses.length] ?? null) : null
      return { label: status ? 'with status filter' : term.label, query: term.query, status }
    })
    const fields = 'edges { node { id loginId talkId status familyName givenName otherNames departmentName photoUrl } } pageInfo { hasNextPage endCursor }'
    const withCount = `query($q: String, $status: ExternalLinkStatus) {
      externalLinks(kind: LINE, query: $q, status: $status, first: 50) { totalCount ${fields} }
    }`
    const withoutCount = `query($q: String, $status: ExternalLinkStatus) {
      externalLinks(kind: LINE, query: $q, status: $status, first: 50) { ${fields} }
    }`
    type Page = { externalLinks: { totalCount?: number; edges: unknown[] } }
    const times = { count: [] as number[], noCount: [] as number[], direct: [] as number[] }
    const byLabel = new Map<string, number[]>()
    const matches = new Map<string, number>()
    const select = {
      id: true,
      loginId: true,
      talkId: true,
      status: true,
      member: { select: { familyName: true, givenName: true, i18nNames: true, photoUrl: true, orgUnit: { select: { name: true } } } },
    }
    for (const [index, item] of cases.entries()) {
      const variables = { q: item.query, status: item.status }
      // Alternate which variant goes first, so neither always finds the other's pages in cache.
      const order = index % 2 === 0 ? (['count', 'noCount'] as const) : (['noCount', 'count'] as const)
      const took: Record<'count' | 'noCount', number> = { count: 0, noCount: 0 }
      for (const variant of order) {
        const t0 = performance.now()
        const page = await graphql<Page>(api, headers, variant === 'count' ? withCount : withoutCount, variables)
        took[variant] = performance.now() - t0
        if (variant === 'count' && page.externalLinks.totalCount !== undefined) {
          matches.set(`${item.query ?? '(none)'}${item.status ? ` + ${item.status}` : ''}`, page.externalLinks.totalCount)
        }
      }
      // The database queries the resolver runs (id page, selection, count), from this process.
      const filter: ExternalLinkFilter = { kind: 'LINE', query: item.query, status: item.status }
      const t1 = performance.now()
      const ids = await searchExternalLinkIds(prisma, tenant.id, filter, { afterId: null, take: 51 })
      await prisma.externalLink.findMany({ select, where: { id: { in: ids } } })
      await countExternalLinks(prisma, tenant.id, filter)
      const direct = performance.now() - t1
      if (index >= warmUp) {
        times.count.push(took.count)
        times.noCount.push(took.noCount)
        times.direct.push(direct)
        byLabel.set(item.label, [...(byLabel.get(item.label) ?? []), took.count])
      }
    }
    const line = (name: string, values: number[], extra = '') => {
      const s = summary(values)
      console.log(`${name.padEnd(38)}: p50 ${ms(s.p50).padStart(9)}  p95 ${ms(s.p95).padStart(9)}  max ${ms(s.max).padStart(9)}${extra}`)
    }
    console.log(`load average (1 min): ${searchLoad} before, ${loadAverage()} after`)
    line('GraphQL over HTTP, with totalCount', times.count, '   (target p95 ≤ 30 ms)')
    line('GraphQL over HTTP, without totalCount', times.noCount)
    line('database queries directly (Prisma)', times.direct)
    console.log('\nwith totalCount, by kind of query:')
    for (const [label, values] of byLabel) line(`  ${label} (${values.length})`, values)
    const sample = ['sato', 'yamada', 'ya', 's', '佐藤', '山', '田', '99', '7', 'sato_12', '_123', '(none)', '(none) + AVAILABLE', '(none) + FAILED']
    console.log(`\nmatches (totalCount): ${sample.map((key) => `${key} ${matches.get(key)?.toLocaleString() ?? '–'}`).join(' · ')}`)

    // 2. Provisioning
    console.log(`\n== Provisioning: grant ${grants.toLocaleString()} members through addExternalLinks (${EXTERNAL_LINKS_PER_CALL} per call), until all are AVAILABLE ==`)
    const fresh = await sql.query<{ id: string }>(
      `SELECT m.id FROM "Member" m
       WHERE m."tenantId" = $1::uuid AND NOT EXISTS (SELECT 1 FROM "ExternalLink" l WHERE l."memberId" = m.id AND l.kind = 'LINE')
       ORDER BY m."loginId" LIMIT $2`,
      [tenant.id, grants],
    )
    const memberIds = fresh.rows.map((row) => row.id)
    const auditBefore = await prisma.auditEntry.count({ where: { tenantId: tenant.id } })
    const rssBefore = apiMemory(child.pid).rss
    const provisionLoad = loadAverage()
    const progress = async () => {
      const result = await sql.query<{ status: Status; count: number }>(
        `SELECT status, count(*)::int AS count FROM "ExternalLink" WHERE kind = 'LINE' AND "memberId" = ANY($1::uuid[]) GROUP BY status`,
        [memberIds],
      )
      return Object.fromEntries(result.rows.map((row) => [row.status, row.count])) as Partial<Record<Status, number>>
    }
    const mutation = `mutation($ids: [ID!]!) {
      addExternalLinks(input: { kind: LINE, memberIds: $ids }) {
        __typename
        ... on MutationAddExternalLinksSuccess { result { added alreadyConnected } }
        ... on Error { message }
      }
    }`
    type Added = { addExternalLinks: { __typename: string; result?: { added: number }; message?: string } }
    const callTimes: number[] = []
    let added = 0
    const started = performance.now()
    for (let start = 0; start < memberIds.length; start += EXTERNAL_LINKS_PER_CALL) {
      const ids = memberIds.slice(start, start + EXTERNAL_LINKS_PER_CALL).map((id) => globalId('Member', id))
      const t0 = performance.now()
      const response = await graphql<Added>(api, headers, mutation, { ids })
      callTimes.push(performance.now() - t0)
      if (!response.addExternalLinks.result) throw new Error(`addExternalLinks: ${response.addExternalLinks.__typename} ${response.addExternalLinks.message}`)
      added += response.addExternalLinks.result.added
    }
    const granted = performance.now()
    const atGrant = await progress()
    let done = granted
    let last = atGrant
    let peak = apiMemory(child.pid).rss
    for (;;) {
      last = await progress()
      peak = Math.max(peak, apiMemory(child.pid).rss)
      done = performance.now()
      if ((last.AVAILABLE ?? 0) >= memberIds.length) break
      if (done - granted > provisionTimeoutMs) break
      await sleep(100)
    }
    const reached = (last.AVAILABLE ?? 0) >= memberIds.length
    const calls = summary(callTimes)
    const jobs = await sql.query<{ status: string; count: number; attempts: number }>(
      `SELECT status, count(*)::int AS count, sum(attempts)::int AS attempts FROM "Job" WHERE kind = 'external-link.provision' GROUP BY status ORDER BY status`,
    )
    const auditAfter = await prisma.auditEntry.count({ where: { tenantId: tenant.id } })
    console.log(`granted          : ${added.toLocaleString()} of ${memberIds.length.toLocaleString()} in ${callTimes.length} calls`)
    console.log(`grant time       : ${seconds(granted - started)}  (per call p50 ${ms(calls.p50)}, max ${ms(calls.max)}; ${(atGrant.AVAILABLE ?? 0).toLocaleString()} already AVAILABLE when the last call returned)`)
    console.log(`provisioning     : ${seconds(done - granted)} after the last call${reached ? '' : `  — NOT all AVAILABLE after ${seconds(provisionTimeoutMs)}`}`)
    console.log(`total            : ${seconds(done - started)}   (target ≤ 60 s)  → ${((last.AVAILABLE ?? 0) / ((done - started) / 1000)).toFixed(0)} links/s`)
    console.log(`final status     : ${Object.entries(last).map(([status, count]) => `${status} ${count?.toLocaleString()}`).join(', ')}`)
    console.log(`provision jobs   : ${jobs.rows.map((row) => `${row.status} ${row.count} (attempts ${row.attempts})`).join(', ')}`)
    console.log(`audit entries    : +${(auditAfter - auditBefore).toLocaleString()}`)
    console.log(`load average     : ${provisionLoad} before, ${loadAverage()} after (1 min)`)
    console.log(`API process RSS  : ${mb(rssBefore)} before, ${mb(peak)} highest sampled, peak since start ${mb(apiMemory(child.pid).peak)} (VmHWM)`)
  } finally {
    await sql.end()
    await api.close()
  }
}

await main()
