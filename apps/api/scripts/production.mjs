// How the API runs in production, shared by `npm start`, the browser tests and the benchmark so that
// all three run exactly the same thing: the compiled bundle (scripts/build.mjs) with a V8 heap budget.
//
// The heap budget: on a machine with plenty of memory V8 lets garbage pile up for a long time (the
// default limit is derived from the machine's memory, gigabytes here). A budget makes it collect
// sooner; a 100,000-row member import peaks at ~260 MB RSS with 256 MB instead of ~440 MB, at the same
// speed (docs/performance.md). API_MAX_HEAP_MB changes it.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const apiDir = fileURLToPath(new URL('..', import.meta.url))

export const DEFAULT_MAX_HEAP_MB = 256

/** Compiles src/ into dist/main.js (or another file directly in dist/); throws when the build fails. */
export function buildApi(outfile = 'dist/main.js') {
  const result = spawnSync(process.execPath, ['scripts/build.mjs', outfile], { cwd: apiDir, stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`the API build failed (exit ${result.status})`)
}

/** Node arguments that start the built API; run them with cwd = apiDir. */
export function productionNodeArgs(env = process.env, entry = 'dist/main.js') {
  const heap = Number(env.API_MAX_HEAP_MB ?? DEFAULT_MAX_HEAP_MB)
  if (!Number.isInteger(heap) || heap < 64) throw new Error(`API_MAX_HEAP_MB must be a whole number of megabytes, at least 64 (got ${env.API_MAX_HEAP_MB})`)
  return ['--enable-source-maps', `--max-old-space-size=${heap}`, entry]
}

/** Node arguments that start the supervisor (scripts/supervise.mjs) of the built API; cwd = apiDir. */
export function supervisorArgs(entry = 'dist/main.js') {
  return ['scripts/supervise.mjs', entry]
}
