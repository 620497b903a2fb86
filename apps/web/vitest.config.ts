import { defineConfig } from 'vitest/config';

// Browser tests against the built SPA served by the real API (see e2e/global-setup.ts).
// Run with `pnpm --filter @worksbase/web test:e2e` (vitest run --project e2e).
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    // One file at a time: each starts its own API and browser (e2e/browser.ts), and two of each at
    // once on a 2-core machine would slow every step down towards the tests' timeouts.
    fileParallelism: false,
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
