import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const require = createRequire(import.meta.url)

export default defineConfig({
  // One copy of graphql, as in production: Node loads graphql's CommonJS build for Yoga and Pothos,
  // and Vite would give our own modules its ES module build, whose GraphQLError Yoga does not know
  // (its refusals then looked like unexpected errors: HTTP 500, INTERNAL_SERVER_ERROR).
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A worker process runs file after file without loading the app's modules again (about a third
    // of a file's time went to forking and importing them). This holds because no test mocks a module
    // or changes process.env, and the API's module-level state is either keyed by ids that are new in
    // every file's database (LINE WORKS tokens by linkage) or set again by every app (the audit key).
    isolate: false,
    // Migrates one template database per run; each test file's database is a copy of it.
    globalSetup: [fileURLToPath(new URL('./test/global-setup.ts', import.meta.url))],
  },
})
