// The two commands a new user needs, runnable with plain npm on a fresh machine:
//   npm start   installs dependencies (first time), builds the web app, starts the API on the
//               embedded database with the demo tenant, and prints where to open it.
//   npm test    installs dependencies (first time), then runs every test (unit and integration on
//               PGlite and PostgreSQL, the web app's units, the browser tests) while it typechecks,
//               lints and checks which way the API's imports run (apps/api/.dependency-cruiser.mjs).
import { spawn, spawnSync } from 'node:child_process'
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
  const [command, commandArgs] = pnpmCommand(args)
  return run(command, commandArgs, options)
}

/** The command line that runs this repository's pnpm: the one on PATH if it is the pinned version. */
function pnpmCommand(args) {
  const direct = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
  if (direct.status === 0 && direct.stdout.trim() === pnpmVersion) return ['pnpm', args]
  return ['npx', ['--yes', `pnpm@${pnpmVersion}`, ...args]]
}

/** pnpm with its output shown as it comes; resolves to the exit status. */
function pnpmAsync(args) {
  const [command, commandArgs] = pnpmCommand(args)
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

/** pnpm with its output (stdout and stderr, in order) kept to be printed in one piece. */
function pnpmCaptured(args) {
  const [command, commandArgs] = pnpmCommand(args)
  const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '1' } })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({ status: code ?? (signal ? 1 : 0), output }))
  })
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
  // The static checks run one after another in the background while vitest runs: the tests leave a
  // core idle much of the time (they wait on PostgreSQL, the browser and child processes), and the
  // checks need no test. Their output is printed as each finishes; the command fails if any step did.
  const checks = [
    ['typecheck', ['-r', 'typecheck']],
    ['lint', ['exec', 'biome', 'check', '.']],
    ['dependencies', ['--filter', '@worksbase/api', 'deps:check']],
    ['schema.graphql is current', ['--filter', '@worksbase/api', 'exec', 'tsx', 'scripts/print-schema.ts', '--check']],
  ]
  const checked = (async () => {
    const failed = []
    for (const [name, args] of checks) {
      const started = Date.now()
      const { status, output } = await pnpmCaptured(args)
      const seconds = ((Date.now() - started) / 1000).toFixed(0)
      process.stdout.write(`\n▶ ${name} (${seconds} s, alongside the tests)\n${output}${status === 0 ? '' : `✖ ${name} failed\n`}`)
      if (status !== 0) failed.push(name)
    }
    return failed
  })()
  console.log('\n▶ tests')
  const testStatus = await pnpmAsync(['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(3)])
  const failed = await checked
  printSummary()
  if (testStatus !== 0) failed.push('tests')
  if (failed.length > 0) {
    console.error(`✖ failed: ${failed.join(', ')}`)
    process.exit(1)
  }
} else {
  console.error('usage: node scripts/run.mjs start|test')
  process.exit(2)
}
