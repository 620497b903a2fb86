import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiDir, supervisorArgs } from '../../api/scripts/production.mjs';

export const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = join(webDir, 'dist');
export const logDir = join(webDir, 'test-results');

export interface ApiServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the built API as production runs it (under its supervisor, serving the SPA from dist/) on
 * the embedded database in `dataDir`, with the demo tenant seeded when the database is new. Its
 * output goes to test-results/<logName>.log.
 */
export async function startApi(dataDir: string, logName: string): Promise<ApiServer> {
  const port = await freePort();
  await mkdir(logDir, { recursive: true });
  const logPath = join(logDir, `${logName}.log`);
  const log = createWriteStream(logPath);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    WEB_DIST_DIR: distDir,
    SEED_DEMO: '1',
    NODE_ENV: 'production',
  };
  // Always the embedded database in its own directory, never a shared server.
  delete env['DATABASE_URL'];
  const api = spawn(process.execPath, supervisorArgs(), { cwd: apiDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  api.stdout.pipe(log);
  api.stderr.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stopApi = async () => {
    await stop(api);
    log.end();
  };
  try {
    await waitForReady(baseUrl, api);
  } catch (error) {
    await stopApi();
    const tail = (await readFile(logPath, 'utf8').catch(() => '')).split('\n').slice(-40).join('\n');
    throw new Error(`the API did not become ready (log: ${logPath})\n${tail}`, { cause: error });
  }
  return { baseUrl, stop: stopApi };
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
