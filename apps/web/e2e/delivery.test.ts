import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { ja } from '../src/i18n/ja.ts';
import { baseUrl, openPage, useBrowser, viewports } from './browser.ts';

// What a phone downloads before each entry page works, from the browser's own network log: every
// script the page loaded, counted as gzip (what the budgets are written in) and as what was actually
// sent (brotli, which Chromium accepts). A budget exceeded fails `npm test`; the figures are printed.
// The budgets are in docs/performance.md with how they were reached.

const browser = useBrowser();

/** Kilobytes (1,000 bytes) of gzip-compressed JavaScript each first load may take. */
const budgets = {
  'talk sign-in': 170,
  'talk room': 175,
  'admin sign-in': 170,
  'members after sign-in': 200,
} as const;

type PageName = keyof typeof budgets;

interface Load {
  scripts: Set<string>;
  pending: number;
  sent: number;
  lastChange: number;
}

/** Records the scripts a page loads from now on (modulepreloads and dynamic imports included). */
function recordScripts(page: Page): Load {
  const load: Load = { scripts: new Set(), pending: 0, sent: 0, lastChange: Date.now() };
  page.on('request', (request) => {
    if (request.resourceType() !== 'script') return;
    load.pending += 1;
    load.lastChange = Date.now();
  });
  page.on('requestfailed', (request) => {
    if (request.resourceType() === 'script') load.pending -= 1;
  });
  page.on('requestfinished', (request) => {
    if (request.resourceType() !== 'script') return;
    load.scripts.add(request.url());
    void request.sizes().then((sizes) => {
      load.sent += sizes.responseBodySize;
      load.pending -= 1;
      load.lastChange = Date.now();
    });
  });
  return load;
}

/**
 * Until no script has been requested for a second and none is on its way. (Not "network idle":
 * the talk room keeps its live connection open.)
 */
async function scriptsSettled(load: Load): Promise<void> {
  await expect.poll(() => load.pending === 0 && Date.now() - load.lastChange > 1000, { timeout: 15_000, interval: 100 }).toBe(true);
}

/**
 * A script's size as the API sends it to a browser that accepts only gzip (a file so small that
 * gzip does not make it smaller is sent as it is).
 */
async function gzipSize(url: string): Promise<number> {
  const response = await fetch(url, { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
  expect(response.status, url).toBe(200);
  const size = Number(response.headers.get('content-length'));
  if (response.headers.get('content-encoding') !== 'gzip') expect(size, url).toBeLessThan(1000);
  return size;
}

const measured = new Map<PageName, { scripts: number; gzip: number; sent: number }>();

async function expectWithinBudget(name: PageName, load: Load) {
  await scriptsSettled(load);
  const sizes = await Promise.all([...load.scripts].map(gzipSize));
  const gzip = sizes.reduce((sum, size) => sum + size, 0);
  measured.set(name, { scripts: load.scripts.size, gzip, sent: load.sent });
  expect(gzip / 1000, `${name}: ${[...load.scripts].join(', ')}`).toBeLessThanOrEqual(budgets[name]);
}

async function freshPhone(context?: BrowserContext): Promise<Page> {
  if (!context) return openPage(browser.current, 'phone', 'ja');
  // Another context has its own HTTP cache: a first load, with the session of `context`.
  const signedIn = await browser.current.newContext({ ...viewports.phone, locale: 'ja-JP', baseURL: baseUrl(), storageState: await context.storageState() });
  return signedIn.newPage();
}

describe('first-load budgets (phone, ja)', () => {
  test('the admin sign-in page and the members page after it stay within their budgets', async () => {
    const page = await freshPhone();
    const load = recordScripts(page);
    await page.goto('/login');
    await page.getByRole('button', { name: ja.login.submit, exact: true }).waitFor();
    await expectWithinBudget('admin sign-in', load);

    await page.getByRole('button', { name: ja.login.demo.fill }).click();
    await page.getByRole('button', { name: ja.login.submit, exact: true }).click();
    // Sign-in leads home; the members list is one tap away.
    await page.getByRole('heading', { level: 1, name: ja.home.title }).waitFor();
    await page.getByRole('navigation', { name: ja.nav.label }).getByRole('link', { name: ja.nav.members }).click();
    await page.getByRole('heading', { level: 1, name: ja.nav.members }).waitFor();
    await page.locator('.members-card').first().waitFor();
    await expectWithinBudget('members after sign-in', load);
    await page.context().close();
  });

  test('the talk sign-in page and the talk room stay within their budgets', async () => {
    const page = await freshPhone();
    const load = recordScripts(page);
    await page.goto('/talk/login');
    await page.getByRole('button', { name: ja.talk.login.submit, exact: true }).waitFor();
    await expectWithinBudget('talk sign-in', load);

    await page.getByRole('button', { name: ja.talk.login.demoFill }).click();
    await page.getByRole('button', { name: ja.talk.login.submit, exact: true }).click();
    await page.getByRole('heading', { name: ja.talk.list.heading }).waitFor();
    await page.getByRole('link', { name: /Demo guide/ }).click();
    await page.getByRole('list', { name: /Demo guide/ }).getByText('Hello! These are examples', { exact: false }).waitFor();
    const roomUrl = page.url();

    // What an employee opens every morning: the room, already signed in, nothing cached.
    const morning = await freshPhone(page.context());
    const roomLoad = recordScripts(morning);
    await morning.goto(roomUrl);
    await morning.getByRole('list', { name: /Demo guide/ }).getByText('Hello! These are examples', { exact: false }).waitFor();
    await expectWithinBudget('talk room', roomLoad);
    await morning.context().close();
    await page.context().close();
  });

  test('prints the figures', () => {
    const rows = [...measured].map(([name, { scripts, gzip, sent }]) =>
      `${name.padEnd(24)}${String(scripts).padStart(8)}${(gzip / 1000).toFixed(1).padStart(12)}${(sent / 1000).toFixed(1).padStart(12)}${String(budgets[name]).padStart(10)}`,
    );
    console.log(['page                     scripts   gzip (KB)   sent (KB)  budget', ...rows].join('\n'));
    expect(measured.size).toBe(Object.keys(budgets).length);
  });
});
