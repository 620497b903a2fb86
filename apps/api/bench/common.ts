// Shared by the benchmarks (run.ts, external.ts): a throw-away PostgreSQL database, the API started as
// its own process exactly as production runs it, an admin signed in over HTTP, and the figures' helpers.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import pg from 'pg'
import { apiDir, buildApi, productionNodeArgs } from '../scripts/production.mjs'
import { type Database, openDatabase } from '../src/db/index.ts'
import { hashPassword } from '../src/lib/crypto.ts'
import type { PrismaClient } from '#generated/prisma/client.ts'

export const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

/** A small set of Japanese names: the data is deliberately clustered (one family name per 15 members). */
export const family = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木', '山口', '松本']
export const given = ['太郎', '花子', '健', '結衣', '大輝', '美緒', '翔', '葵', '蓮', 'さくら', '陽翔', '凛', '悠斗', '芽衣', '蒼太']
export const romaji = ['sato', 'suzuki', 'takahashi', 'tanaka', 'ito', 'watanabe', 'yamamoto', 'nakamura', 'kobayashi', 'kato', 'yoshida', 'yamada', 'sasaki', 'yamaguchi', 'matsumoto']

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}
export const ms = (value: number) => `${value.toFixed(2)} ms`
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
export const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`
export const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay))

/**
 * The 1-minute load average. The benchmark shares the machine's cores with anything else running;
 * a load well above what the benchmark itself causes (~1.5) means the figures are disturbed.
 */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?'
}

/** CPU time (user + system, seconds) a process has used so far, from /proc (Linux). */
export function processCpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

/** CPU time (seconds) used so far by every process named `name` (e.g. all PostgreSQL processes). */
export function commandCpuSeconds(name: string): number {
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== name) continue
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      total += (Number(fields[11]) + Number(fields[12])) / 100
    } catch {
      // The process ended meanwhile.
    }
  }
  return total
}

/** Busy and total CPU time of the whole machine so far (seconds, all cores), from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const [, ...values] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/)
  const ticks = values.map(Number)
  const total = ticks.reduce((sum, value) => sum + value, 0)
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0)
  return { busy: (total - idle) / 100, total: total / 100 }
}

/**
 * Where the CPU went during a phase: the API process, every PostgreSQL process (the server is shared,
 * so other databases' work counts too), this benchmark process, and the machine as a whole.
 */
export function cpuMeter(apiPid: number | undefined) {
  const take = () => ({ api: processCpuSeconds(apiPid), postgres: commandCpuSeconds('postgres'), bench: process.cpuUsage(), machine: machineCpuSeconds() })
  const start = take()
  return () => {
    const end = take()
    const bench = (end.bench.user + end.bench.system - start.bench.user - start.bench.system) / 1e6
    const machineTotal = end.machine.total - start.machine.total
    return {
      api: end.api - start.api,
      postgres: end.postgres - start.postgres,
      bench,
      machineBusy: end.machine.busy - start.machine.busy,
      /** Share of the machine's CPU (all cores) that was busy. */
      busyShare: machineTotal > 0 ? (end.machine.busy - start.machine.busy) / machineTotal : 0,
    }
  }
}

/** Current and peak resident memory of a process, from /proc (Linux). */
export function apiMemory(pid: number | undefined): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024
  return { rss: kb('VmRSS'), peak: kb('VmHWM') }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export interface BenchApi {
  /** Base URL of the API, e.g. http://127.0.0.1:43210. */
  server: { url: string }
  /** The benchmark's own database (created for this run, dropped by close()). */
  databaseUrl: string
  databaseName: string
  /** The API process. */
  child: ChildProcess
  /** The benchmark's own connection to the database (pool of 2). */
  db: Database
  prisma: PrismaClient
  /** Stops the API and drops the database (unless BENCH_KEEP_DB=1). */
  close(): Promise<void>
}

/**
 * Creates a fresh database `wb_bench_<random>` on the server at BENCH_POSTGRES_URL, builds the API and
 * starts it as its own process, exactly as in production (so its RSS is its own), and waits until it
 * is ready (it migrates the new database on start). BENCH_API_NODE_FLAGS adds node flags first.
 */
export async function startBenchApi(): Promise<BenchApi> {
  const databaseName = `wb_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${databaseName}`)
  const url = new URL(adminUrl)
  url.pathname = `/${databaseName}`
  let child: ChildProcess | null = null
  let db: Database | null = null
  const close = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    await db?.close()
    // BENCH_KEEP_DB=1 leaves the database for EXPLAIN ANALYZE afterwards; drop it by hand.
    if (process.env.BENCH_KEEP_DB === '1') console.log(`\nkept the database ${databaseName} (BENCH_KEEP_DB=1)`)
    else await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`)
    await admin.end()
  }
  try {
    const port = await freePort()
    const nodeFlags = (process.env.BENCH_API_NODE_FLAGS ?? '').split(' ').filter(Boolean)
    if (nodeFlags.length > 0) console.log(`API node flags: ${nodeFlags.join(' ')}`)
    // The production build with production's flags, exactly what `npm start` runs; extra flags first.
    buildApi()
    child = spawn(process.execPath, [...nodeFlags, ...productionNodeArgs()], {
      cwd: apiDir,
      env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: url.toString(), SEED_DEMO: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const server = { url: `http://127.0.0.1:${port}` }
    for (let attempt = 0; ; attempt += 1) {
      const ready = await fetch(`${server.url}/readyz`).then((r) => r.ok).catch(() => false)
      if (ready) break
      if (attempt > 300) throw new Error('the API did not start')
      await sleep(100)
    }
    db = await openDatabase({ url: url.toString(), poolSize: 2 })
    return { server, databaseUrl: url.toString(), databaseName, child, db, prisma: db.prisma, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** Headers of a signed-in admin: the session cookie and the CSRF token. */
export type AuthHeaders = Record<string, string>

/** Creates a MASTER admin of the tenant directly in the database and signs them in over HTTP. */
export async function signInAdmin(api: BenchApi, tenantId: string): Promise<AuthHeaders> {
  await api.prisma.adminAccount.create({
    data: { tenantId, email: 'bench@bench.example', name: 'Bench', role: 'MASTER', passwordHash: await hashPassword('bench-password-1') },
  })
  const login = await fetch(`${api.server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation { login(input: { email: "bench@bench.example", password: "bench-password-1" }) { __typename } }' }),
  })
  const cookies = login.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '')
  const csrf = cookies.find((cookie) => cookie.startsWith('wb_csrf='))?.slice('wb_csrf='.length) ?? ''
  return { cookie: cookies.join('; '), 'x-csrf-token': csrf }
}

/** One GraphQL request over HTTP; throws on GraphQL errors. */
export async function graphql<T = unknown>(api: BenchApi, headers: AuthHeaders, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${api.server.url}/graphql`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  })
  const json = (await response.json()) as { data?: T; errors?: unknown }
  if (json.errors) throw new Error(JSON.stringify(json.errors))
  return json.data as T
}

/** A Relay global id, as the API encodes it. */
export function globalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64')
}
