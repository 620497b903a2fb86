import { readEnv } from './env.ts'
import { DEMO_LOGIN, DEMO_MEMBER, DEMO_VIEWER } from './services/demo.ts'
import { startServer } from './server.ts'

const env = readEnv()
const server = await startServer(env).catch((error: unknown) => {
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    console.error(`Port ${env.PORT} on ${env.HOST} is already in use. Stop the other process or start with PORT=<another port>.`)
    process.exit(1)
  }
  throw error
})
const where = env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.DATA_DIR}`
console.log(`worksbase is running at ${server.url}  (database: ${where})`)
if (env.WEB_DIST_DIR) console.log(`Open ${server.url}/ in a browser.`)
if (server.seededDemo) {
  console.log(
    `Demo tenant created. Sign in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} (master) or ${DEMO_VIEWER.email} / ${DEMO_VIEWER.password} (view only).`,
  )
  console.log(`Members talk to bots at ${server.url}/talk (demo member ${DEMO_MEMBER.loginId} / ${DEMO_MEMBER.password}).`)
}

let stopping = false
async function shutdown(reason: string, code = 0) {
  if (stopping) return
  stopping = true
  console.log(`${reason}: finishing requests and background work…`)
  // A shutdown that hangs must not keep a broken process alive: the supervisor restarts it.
  setTimeout(() => process.exit(code || 1), 30_000).unref()
  await server.close().catch((error: unknown) => console.error('shutdown failed:', error))
  process.exit(code)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
// Every request's failures are caught where they happen (app.ts); a promise nobody awaited that
// fails is a bug to log, not a reason to stop serving everyone else.
process.on('unhandledRejection', (reason) => console.error('unhandled rejection (still serving):', reason))
// After an uncaught exception the process state is unknown: drain what is in flight and exit, and
// the supervisor (scripts/supervise.mjs, what `npm start` runs) starts a fresh process.
process.on('uncaughtException', (error) => {
  console.error('uncaught exception, restarting:', error)
  void shutdown('uncaught exception', 1)
})
