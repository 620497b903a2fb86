import { defineConfig } from 'vitest/config';

// Browser tests against the built SPA served by the real API (see e2e/global-setup.ts).
// Run with `pnpm --filter @worksbase/web test:e2e` (vitest run --project e2e).
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    // Files run in parallel with each other and with the API's test files (the root config deals
    // them out in turns): each starts its own API and browser (e2e/browser.ts) on its own data.
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
