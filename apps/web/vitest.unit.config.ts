import { defineConfig } from 'vitest/config';

// Unit tests of the web app's logic (formatters, error translation, search params, the GraphQL cache).
// They need no browser and no DOM: run with `pnpm exec vitest run --project web`.
export default defineConfig({
  test: {
    name: 'web',
    include: ['src/**/*.test.ts?(x)'],
    environment: 'node',
  },
});
