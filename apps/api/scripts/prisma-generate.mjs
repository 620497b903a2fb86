// `prisma generate` works offline, but the CLI first looks for its native schema engine and tries to
// download it; these machines cannot reach that host. Generation never runs the engine, so pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file (this script) skips the download.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const apiDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const env = { ...process.env }
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url)
env.PRISMA_HIDE_UPDATE_MESSAGE = '1'
const bin = path.join(apiDir, 'node_modules', '.bin', 'prisma')
const result = spawnSync(bin, ['generate'], { cwd: apiDir, env, stdio: 'inherit' })
process.exit(result.status ?? 1)
