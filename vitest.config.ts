import { defineConfig } from 'vitest/config'

// `pnpm test` runs every project: shared schemas, the API on PGlite and on PostgreSQL, the web app's unit tests and the browser tests.
export default defineConfig({
  test: {
    // Vitest's default on a 2-core machine is one worker (cores - 1); the API tests spend much of
    // their time waiting on PostgreSQL, child processes and sockets, so two files run at once. (Set
    // here for every project: vitest refuses projects of one run with different maxWorkers.)
    maxWorkers: 2,
    projects: [
      { test: { name: 'schema', root: 'packages/schema', include: ['src/**/*.test.ts'] } },
      { extends: './apps/api/vitest.config.ts', test: { name: 'api-pglite', root: 'apps/api', env: { TEST_DB: 'pglite' } } },
      { extends: './apps/api/vitest.config.ts', test: { name: 'api-postgres', root: 'apps/api', env: { TEST_DB: 'postgres' } } },
      './apps/web/vitest.unit.config.ts',
      './apps/web/vitest.config.ts',
    ],
  },
})
