import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { apiDir, buildApi, supervisorArgs } from '../../api/scripts/production.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(webDir, 'dist');
const logDir = join(webDir, 'test-results');

/**
 * Builds the SPA and starts the real API (embedded database in a fresh directory, demo tenant
 * seeded) serving it, like production. E2E_BASE_URL points the tests at a server you already run
 * instead (nothing is built or started); E2E_SKIP_BUILD=1 reuses an existing dist/.
 */
export default async function setup(project: TestProject) {
  const external = process.env['E2E_BASE_URL'];
  if (external) {
    project.provide('baseUrl', external.replace(/\/$/, ''));
    return;
  }

  if (process.env['E2E_SKIP_BUILD'] !== '1') await buildSpa();
  if (!existsSync(join(distDir, 'index.html'))) throw new Error(`no SPA build in ${distDir}`);

  // The API as production runs it: the compiled bundle with its heap budget, under its supervisor.
  buildApi();

  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'worksbase-e2e-'));
  await mkdir(logDir, { recursive: true });
  const logPath = join(logDir, 'api.log');
  const log = createWriteStream(logPath);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    WEB_DIST_DIR: distDir,
    SEED_DEMO: '1',
    NODE_ENV: 'production',
  };
  // Always the embedded database in a fresh directory, never a shared server.
  delete env['DATABASE_URL'];
  const api = spawn(process.execPath, supervisorArgs(), {
    cwd: apiDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout.pipe(log);
  api.stderr.pipe(log);

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(baseUrl, api);
  } catch (error) {
    await stop(api);
    await rm(dataDir, { recursive: true, force: true });
    const tail = (await readFile(logPath, 'utf8').catch(() => '')).split('\n').slice(-40).join('\n');
    throw new Error(`the API did not become ready (log: ${logPath})\n${tail}`, { cause: error });
  }
  project.provide('baseUrl', baseUrl);

  return async () => {
    await stop(api);
    log.end();
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

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('could not allocate a port'));
      });
    });
  });
}

async function waitForReady(baseUrl: string, api: ChildProcess, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited with code ${api.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`GET /readyz did not answer 200 within ${timeoutMs} ms`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
