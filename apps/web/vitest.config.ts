import { defineConfig } from 'vitest/config';

// Browser tests against the built SPA served by the real API (see e2e/global-setup.ts).
// Run with `pnpm --filter @worksbase/web test:e2e` (vitest run --project e2e).
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    // One API and one browser at a time: the flows share a server (and its login rate limits).
    fileParallelism: false,
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
