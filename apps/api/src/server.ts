import { mkdir } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServerAdapter } from '@whatwg-node/server'
import { createApp } from './app.ts'
import { closeOutboundConnections } from './lib/outbound.ts'
import { openDatabase, type Database } from './db/index.ts'
import { migrate } from './db/migrate.ts'
import type { Env } from './env.ts'
import { keyLegacyAuditChains } from './services/audit.ts'
import { seedDemoTenant } from './services/demo.ts'
import { createMetrics } from './metrics.ts'
import { createServices } from './services/index.ts'
import { retentionPolicy, startPruning } from './services/retention.ts'
import { createJobWorker } from './worker.ts'

export interface RunningServer {
  url: string
  db: Database
  seededDemo: boolean
  close(): Promise<void>
}

/** Opens the database, applies migrations, seeds the demo tenant if asked, and starts listening. */
export async function startServer(env: Env): Promise<RunningServer> {
  if (!env.DATABASE_URL) await mkdir(env.DATA_DIR, { recursive: true })
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : env.DATA_DIR, poolSize: env.DATABASE_POOL_SIZE })
  await migrate(db)
  const seed = env.SEED_DEMO ?? !env.DATABASE_URL
  const services = createServices(env)
  // Before anything writes audit entries: the first start with a keyed chain vouches for older entries.
  const legacyAudit = await keyLegacyAuditChains(db.prisma)
  if (legacyAudit.broken.length > 0) console.warn(`Audit chains that did not verify when the audit key came in: tenants ${legacyAudit.broken.join(', ')}`)
  const seededDemo = seed && (await db.prisma.tenant.count()) === 0 ? await seedDemoTenant(db.prisma, { bots: services.bots }) : false
  // Several jobs at once on PostgreSQL (each claims its own row); the embedded database has one connection.
  const worker = createJobWorker(db, services, { concurrency: db.kind === 'postgres' ? env.JOB_CONCURRENCY : 1, lockSeconds: env.JOB_LOCK_SECONDS })
  worker.start()
  const pruning = startPruning(db.prisma, retentionPolicy(env), { onError: (error) => console.error('pruning old jobs and deliveries failed:', error) })
  const app = createApp({ db, env, services, metrics: createMetrics(db, { processMetrics: true }) })
  const adapter = createServerAdapter<{ req: import('node:http').IncomingMessage }>((request, serverContext) =>
    app.fetch(request, { ip: serverContext.req.socket.remoteAddress ?? 'unknown' }),
  )
  const server: Server = createServer(adapter)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(env.PORT, env.HOST, resolve)
  })
  const address = server.address() as AddressInfo
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST
  return {
    url: `http://${host}:${address.port}`,
    db,
    seededDemo,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      })
      await pruning.stop()
      await worker.stop()
      closeOutboundConnections()
      await services.close()
      await db.close()
    },
  }
}
