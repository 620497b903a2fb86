import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { defineConfig } from 'vitest/config'

/**
 * Vitest's own order runs one project after another (by name), so the browser tests, which use
 * less than a core each, used to run alone at the end while the API projects had run alone before
 * them. This order takes each project's files as vitest sorts them (the slowest or largest first)
 * and deals them out in turns, so a browser file shares the machine with an API file.
 */
class InterleavedSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const queues = new Map<string, TestSpecification[]>()
    for (const file of await super.sort(files)) {
      const queue = queues.get(file.project.name) ?? []
      queue.push(file)
      queues.set(file.project.name, queue)
    }
    const order: TestSpecification[] = []
    for (let turn = 0; order.length < files.length; turn += 1) {
      for (const queue of queues.values()) {
        const file = queue[turn]
        if (file) order.push(file)
      }
    }
    return order
  }
}

// `pnpm test` runs every project: shared schemas, the API on PGlite and on PostgreSQL, the web app's unit tests and the browser tests.
export default defineConfig({
  test: {
    // Vitest's default on a 2-core machine is one worker (cores - 1); the API tests spend much of
    // their time waiting on PostgreSQL, child processes and sockets, so two files run at once. (Set
    // here for every project: vitest refuses projects of one run with different maxWorkers.)
    maxWorkers: 2,
    sequence: { sequencer: InterleavedSequencer },
    projects: [
      { test: { name: 'schema', root: 'packages/schema', include: ['src/**/*.test.ts'] } },
      { extends: './apps/api/vitest.config.ts', test: { name: 'api-pglite', root: 'apps/api', env: { TEST_DB: 'pglite' } } },
      { extends: './apps/api/vitest.config.ts', test: { name: 'api-postgres', root: 'apps/api', env: { TEST_DB: 'postgres' } } },
      './apps/web/vitest.unit.config.ts',
      './apps/web/vitest.config.ts',
    ],
  },
})
