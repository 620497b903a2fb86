import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { type ApiServer, startApi } from './api-server.ts';

const screenshotDir = resolve(dirname(fileURLToPath(import.meta.url)), '../screenshots');

export const viewports = {
  phone: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1280, height: 800 } },
} satisfies Record<string, BrowserContextOptions>;

export type ViewportName = keyof typeof viewports;

export const locales = { ja: 'ja-JP', en: 'en-US' } as const;

/** Debian's Chromium: Playwright's own browser downloads are not available here. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

let fileApi: ApiServer | undefined;

/** The API of this test file (useBrowser starts it), or E2E_BASE_URL's. */
export function baseUrl(): string {
  const url = inject('externalBaseUrl') ?? fileApi?.baseUrl;
  if (!url) throw new Error('The API is not started yet (useBrowser starts it before the tests)');
  return url;
}

/**
 * This file's own API, on a copy of the seeded demo installation (e2e/global-setup.ts): its own
 * tenants, data and login rate limits, so no file depends on what another did.
 */
async function startFileApi(file: string): Promise<() => Promise<void>> {
  const template = inject('templateDataDir');
  if (!template) return async () => {};
  const dataDir = await mkdtemp(join(tmpdir(), 'worksbase-e2e-'));
  await cp(template, dataDir, { recursive: true });
  const api = await startApi(dataDir, `api-${basename(file, '.test.ts')}`).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  fileApi = api;
  return async () => {
    fileApi = undefined;
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

/** A fresh context (own cookies and storage) with the given viewport and browser language. */
export async function openPage(
  browser: Browser,
  viewport: ViewportName,
  language: keyof typeof locales = 'ja',
): Promise<Page> {
  const context = await browser.newContext({ ...viewports[viewport], locale: locales[language], baseURL: baseUrl() });
  return context.newPage();
}

/**
 * Saves apps/web/screenshots/<name>.png, taken from the top: a full-page capture of a scrolled page
 * would show the sticky header mid-page. `fullPage: false` keeps just the first screenful.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: options.fullPage ?? true });
}

/** One browser and one API per test file: started before its tests, stopped after them. */
export function useBrowser(): { readonly current: Browser } {
  const holder: { current?: Browser } = {};
  let stopApi: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const [api, browser] = await Promise.allSettled([startFileApi(expect.getState().testPath ?? 'unknown.test.ts'), launchBrowser()]);
    if (api.status === 'fulfilled') stopApi = api.value;
    if (browser.status === 'fulfilled') holder.current = browser.value;
    for (const started of [api, browser]) if (started.status === 'rejected') throw started.reason;
  });
  afterAll(async () => {
    await holder.current?.close();
    await stopApi?.();
  });
  return {
    get current(): Browser {
      if (!holder.current) throw new Error('The browser is not launched yet');
      return holder.current;
    },
  };
}

/** Fills {{name}} and {{name, format}} placeholders the way i18next does, to find the same accessible names. */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)(?:, *\w+)?\}\}/g, (_, key: string) => String(values[key] ?? ''));
}

/** GraphQL as the signed-in page sends it (session cookie + CSRF header), to set up a scenario quickly. */
export async function graphqlInPage<T = Record<string, unknown>>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await page.evaluate(
    async ({ query, variables }) => {
      const csrf = document.cookie
        .split('; ')
        .find((part) => part.startsWith('wb_csrf='))
        ?.slice('wb_csrf='.length);
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf ?? '') },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    { query, variables },
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
}
