import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

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
      routesDirectory: './src/routes',
      generatedRouteTree: './src/routeTree.gen.ts',
      quoteStyle: 'single',
    }),
    react(),
  ],
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, proxy },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
