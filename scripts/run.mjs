// The two commands a new user needs, runnable with plain npm on a fresh machine:
//   npm start   installs dependencies (first time), builds the web app, starts the API on the
//               embedded database with the demo tenant, and prints where to open it.
//   npm test    installs dependencies (first time), then typechecks, lints, checks which way the
//               API's imports run (apps/api/.dependency-cruiser.mjs) and runs every test:
//               unit and integration on PGlite and PostgreSQL, and the browser tests.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const pnpmVersion = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options, env: { ...process.env, ...options.env } })
  if (result.error) throw result.error
  return result.status ?? 1
}

function must(command, args, options) {
  const status = run(command, args, options)
  if (status !== 0) process.exit(status)
}

function pnpm(args, options) {
  const direct = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
  if (direct.status === 0 && direct.stdout.trim() === pnpmVersion) return run('pnpm', args, options)
  return run('npx', ['--yes', `pnpm@${pnpmVersion}`, ...args], options)
}

function ensureInstalled() {
  const lock = readFileSync(path.join(root, 'pnpm-lock.yaml'), 'utf8')
  const stamp = path.join(root, 'node_modules', '.worksbase-installed')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) return
  console.log('Installing dependencies (first run)…')
  if (pnpm(['install', '--frozen-lockfile']) !== 0) process.exit(1)
  mkdirSync(path.dirname(stamp), { recursive: true })
  writeFileSync(stamp, lock)
}

const resultsFile = path.join(root, 'node_modules', '.vitest-results.json')

/** One plain closing line that any CI reader understands: "N passed, N failed, N skipped". */
function printSummary() {
  if (!existsSync(resultsFile)) return
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'))
  const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0)
  console.log(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`)
}

const command = process.argv[2]
ensureInstalled()

if (command === 'start') {
  must('npx', ['--no-install', 'vite', 'build', '--logLevel', 'warn'], { cwd: path.join(root, 'apps/web') })
  // Imported only now: it lives in the API package, whose dependencies ensureInstalled() provides.
  const { apiDir, buildApi, supervisorArgs } = await import('../apps/api/scripts/production.mjs')
  buildApi()
  const env = {
    NODE_ENV: 'production',
    WEB_DIST_DIR: path.join(root, 'apps/web/dist'),
  }
  // The supervisor restarts the API if it ever dies (apps/api/scripts/supervise.mjs).
  process.exit(run('node', supervisorArgs(), { cwd: apiDir, env }))
} else if (command === 'test') {
  const steps = [
    ['typecheck', () => pnpm(['-r', 'typecheck'])],
    ['lint', () => pnpm(['exec', 'biome', 'check', '.'])],
    ['dependencies', () => pnpm(['--filter', '@worksbase/api', 'deps:check'])],
    ['schema.graphql is current', () => pnpm(['--filter', '@worksbase/api', 'exec', 'tsx', 'scripts/print-schema.ts', '--check'])],
    ['tests', () => pnpm(['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(3)])],
  ]
  for (const [name, step] of steps) {
    console.log(`\n▶ ${name}`)
    const status = step()
    if (name === 'tests') printSummary()
    if (status !== 0) {
      console.error(`✖ ${name} failed`)
      process.exit(status)
    }
  }
} else {
  console.error('usage: node scripts/run.mjs start|test')
  process.exit(2)
}
