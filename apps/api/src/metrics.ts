import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { Database } from './db/index.ts'
import { safeEqual } from './lib/crypto.ts'

/**
 * Prometheus metrics of one app (its own registry: tests run many apps in one process). Request
 * latency per route class, method and status; at each scrape, the job queue per kind (depth and lag
 * of the oldest due job), bot callback deliveries waiting, attendance events waiting, and the
 * PostgreSQL pool; with `processMetrics`, Node's own (CPU, memory, event loop lag, …).
 */
export interface Metrics {
  registry: Registry
  /** Records one answered request. */
  observe(route: string, method: string, status: number, seconds: number): void
}

export function createMetrics(db: Database, options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry()
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'worksbase_' })
  const requests = new Histogram({
    name: 'worksbase_http_request_duration_seconds',
    help: 'Time to answer a request, by route class (graphql, webhook, bot_api, oauth, rest, web, health), method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  // The database-backed figures come from one round of queries per scrape (a failure fails that
  // scrape; the next one tries again).
  const jobs = new Gauge({
    name: 'worksbase_jobs',
    help: 'Background jobs waiting or running, by kind and status.',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
    collect: () => scrape(),
  })
  const lag = new Gauge({ name: 'worksbase_job_lag_seconds', help: 'How long the oldest due queued job of each kind has waited.', labelNames: ['kind'] as const, registers: [registry], collect: () => scrape() })
  const deliveries = new Gauge({ name: 'worksbase_bot_deliveries_pending', help: 'Bot callback deliveries not yet delivered (being retried or waiting).', registers: [registry], collect: () => scrape() })
  const failed = new Gauge({ name: 'worksbase_bot_deliveries_failed_last_hour', help: 'Bot callback deliveries that failed for good in the last hour.', registers: [registry], collect: () => scrape() })
  const events = new Gauge({ name: 'worksbase_attendance_events_pending', help: 'Attendance webhook events stored and not yet processed.', registers: [registry], collect: () => scrape() })
  const pool = new Gauge({ name: 'worksbase_db_pool_connections', help: 'PostgreSQL connections of this process, by state (total, idle, waiting clients).', labelNames: ['state'] as const, registers: [registry], collect: () => scrape() })

  // Every gauge above waits for the same round of queries (prom-client reads the metrics of a scrape
  // side by side); the next scrape starts a new round.
  let round: Promise<void> | null = null
  function scrape(): Promise<void> {
    round ??= collect().finally(() => {
      round = null
    })
    return round
  }

  async function collect() {
    jobs.reset()
    lag.reset()
    const [queue, counts] = await Promise.all([
      db.query<{ kind: string; status: string; count: number; lag: number | null }>(
        `SELECT kind, status::text AS status, count(*)::int AS count,
           extract(epoch FROM now() - min("runAt") FILTER (WHERE status = 'QUEUED' AND "runAt" <= now()))::float8 AS lag
         FROM "Job" WHERE status IN ('QUEUED', 'RUNNING') GROUP BY kind, status`,
      ),
      db.query<{ pending: number; failed: number; events: number }>(
        `SELECT (SELECT count(*)::int FROM "BotDelivery" WHERE status = 'PENDING') AS pending,
           (SELECT count(*)::int FROM "BotDelivery" WHERE status = 'FAILED' AND "createdAt" > now() - interval '1 hour') AS failed,
           (SELECT count(*)::int FROM "AttendanceEvent" WHERE status = 'PENDING') AS events`,
      ),
    ])
    for (const row of queue) {
      jobs.set({ kind: row.kind, status: row.status }, row.count)
      if (row.lag !== null) lag.set({ kind: row.kind }, Math.max(0, row.lag))
    }
    deliveries.set(counts[0]?.pending ?? 0)
    failed.set(counts[0]?.failed ?? 0)
    events.set(counts[0]?.events ?? 0)
    const stats = db.poolStats?.()
    if (stats) for (const [state, value] of Object.entries(stats)) pool.set({ state }, value)
  }

  return {
    registry,
    observe(route, method, status, seconds) {
      requests.observe({ route, method: knownMethods.has(method) ? method : 'OTHER', status: String(status) }, seconds)
    },
  }
}

/** Labels stay bounded whatever a client sends: other methods count as OTHER. */
const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** The route class of a path: a bounded label, whatever the path says. */
export function routeClass(pathname: string): string {
  if (pathname === '/graphql') return 'graphql'
  if (pathname === '/healthz' || pathname === '/readyz' || pathname === '/metrics') return 'health'
  if (pathname.startsWith('/webhooks/')) return 'webhook'
  if (pathname.startsWith('/v1.0/')) return 'bot_api'
  if (pathname.startsWith('/oauth2/')) return 'oauth'
  if (pathname.startsWith('/api/')) return 'rest'
  return 'web'
}

/**
 * Who may read /metrics: with METRICS_TOKEN, whoever sends it as a Bearer token; without it, clients
 * on this machine only (a Prometheus beside the process, or one behind a tunnel).
 */
export function mayReadMetrics(request: Request, ip: string, token: string | undefined): boolean {
  if (token) {
    const sent = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? ''
    return safeEqual(sent, token)
  }
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1'
}
