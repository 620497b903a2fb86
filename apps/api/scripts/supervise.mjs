// The supervisor `npm start` runs: it starts the compiled API (productionNodeArgs: the bundle with
// its heap budget) as a cluster worker and starts it again whenever it dies (a crash, the heap
// budget exceeded, a kill), with a growing pause between restarts, logged. Node's cluster module
// keeps the listening socket in this process, so a restarted API serves the same port.
//
//   node scripts/supervise.mjs [entry]      (cwd: apps/api; the environment is passed through)
//
// A worker that fails before it ever listened (a port in use, an invalid environment) is not
// restarted: the supervisor exits with its code, because starting it again would fail the same way.
// SIGINT/SIGTERM stop the worker gracefully (it drains requests and background work), then exit.
import cluster from 'node:cluster'
import { productionNodeArgs } from './production.mjs'

const entry = process.argv[2] ?? 'dist/main.js'
const args = productionNodeArgs(process.env, entry)
const FIRST_DELAY_MS = 1_000
const MAX_DELAY_MS = 30_000
// A worker that served this long is healthy again: the next crash restarts it after the first pause.
const HEALTHY_AFTER_MS = 60_000

const log = (message) => console.error(`[supervisor] ${new Date().toISOString()} ${message}`)

cluster.setupPrimary({ exec: args.at(-1), execArgv: args.slice(0, -1) })

let stopping = false
let restarts = 0
let delay = FIRST_DELAY_MS
let current = null

function start() {
  const startedAt = Date.now()
  let listened = false
  const worker = cluster.fork()
  current = worker
  log(`started the API (pid ${worker.process.pid})`)
  worker.on('listening', () => {
    listened = true
  })
  worker.on('exit', (code, signal) => {
    current = null
    if (stopping) {
      process.exit(code ?? 0)
      return
    }
    const how = signal ? `signal ${signal}` : `code ${code}`
    if (!listened && restarts === 0) {
      log(`the API exited with ${how} before it started listening; not restarting`)
      process.exit(code || 1)
      return
    }
    if (Date.now() - startedAt > HEALTHY_AFTER_MS) delay = FIRST_DELAY_MS
    restarts += 1
    log(`the API (pid ${worker.process.pid}) exited with ${how}; restart ${restarts} in ${delay / 1000} s`)
    setTimeout(start, delay)
    delay = Math.min(delay * 2, MAX_DELAY_MS)
  })
}

function stop(signal) {
  if (stopping) return
  stopping = true
  if (!current) process.exit(0)
  // The worker gets the signal too when it came from the terminal (same process group); sending it
  // again is harmless: the API's shutdown runs once.
  current.process.kill(signal)
}

process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
start()
