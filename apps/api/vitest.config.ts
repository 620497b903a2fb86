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
    // Migrates one template database per run; each test file's database is a copy of it.
    globalSetup: [fileURLToPath(new URL('./test/global-setup.ts', import.meta.url))],
  },
})
