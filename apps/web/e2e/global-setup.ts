import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildApi } from '../../api/scripts/production.mjs';
import { distDir, startApi, webDir } from './api-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** E2E_BASE_URL: every file uses this server instead of starting its own. */
    externalBaseUrl: string | undefined;
    /** A data directory with the database migrated and the demo tenant seeded; each file copies it. */
    templateDataDir: string | undefined;
  }
}

/**
 * Builds the SPA and the API, then starts the API once on a fresh embedded database so that it
 * migrates and seeds the demo tenant, and stops it: each test file starts its own API on a copy of
 * that directory (e2e/browser.ts), so no file sees another's changes. E2E_BASE_URL points the tests
 * at a server you already run instead (nothing is built or started); E2E_SKIP_BUILD=1 reuses an
 * existing dist/.
 */
export default async function setup(project: TestProject) {
  const external = process.env['E2E_BASE_URL'];
  if (external) {
    project.provide('externalBaseUrl', external.replace(/\/$/, ''));
    project.provide('templateDataDir', undefined);
    return;
  }

  if (process.env['E2E_SKIP_BUILD'] !== '1') await buildSpa();
  if (!existsSync(join(distDir, 'index.html'))) throw new Error(`no SPA build in ${distDir}`);

  // The API as production runs it: the compiled bundle with its heap budget, under its supervisor.
  buildApi();

  const dataDir = await mkdtemp(join(tmpdir(), 'worksbase-e2e-template-'));
  try {
    const api = await startApi(dataDir, 'api-template');
    await api.stop();
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('externalBaseUrl', undefined);
  project.provide('templateDataDir', dataDir);

  return async () => {
    await rm(dataDir, { recursive: true, force: true });
  };
}

async function buildSpa() {
  const vite = spawn(process.execPath, [join(webDir, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: webDir,
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  const [code] = await once(vite, 'exit');
  if (code !== 0) throw new Error(`vite build failed with exit code ${String(code)}`);
}
