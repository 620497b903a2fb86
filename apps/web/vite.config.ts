import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

const apiUrl = process.env['API_URL'] ?? 'http://127.0.0.1:4000';

// Everything the API answers itself; the rest is the SPA (the API serves dist/ with an
// index.html fallback in production).
const apiPaths = ['/graphql', '/api', '/healthz', '/readyz', '/v1.0', '/oauth2', '/webhooks'];
const proxy = Object.fromEntries(apiPaths.map((path) => [path, { target: apiUrl }]));

export default defineConfig({
  plugins: [
    // Must run before the React plugin: it generates src/routeTree.gen.ts from src/routes.
    tanstackRouter({
      target: 'react',
      autoCodeSplitting: true,
      // Loaders go into the same lazy chunk as their component: a route file then pulls nothing
      // but its search schema into the entry chunk, so the sign-in pages do not carry the admin app.
      codeSplittingOptions: {
        defaultBehavior: [['loader', 'component'], ['errorComponent'], ['notFoundComponent'], ['pendingComponent']],
      },
      routesDirectory: './src/routes',
      generatedRouteTree: './src/routeTree.gen.ts',
      quoteStyle: 'single',
    }),
    react(),
    // file.js.br and file.js.gz beside each file: the API sends them to browsers that accept them
    // (apps/api/src/static.ts), so nothing is compressed per request.
    compression({
      include: /\.(js|css|html|svg|json|webmanifest)$/,
      algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })],
      skipIfLargerOrEqual: true,
      logLevel: 'silent',
    }),
  ],
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, proxy },
  // Sizes are guarded by e2e/delivery.test.ts (gzip budgets per page); the entry chunk is over
  // Vite's 500 kB warning because React DOM alone is 200 kB before compression.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 700 },
});
