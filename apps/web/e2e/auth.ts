import type { Page } from 'playwright-core';
import type { Messages } from '../src/i18n/ja.ts';
import { baseUrl } from './browser.ts';

/**
 * Signs in as the demo administrator and opens the members page, where the login form leads. The
 * session is made by the same login request the form sends, straight to the API, and handed to the
 * page: the form itself is tested by login.test.ts and by `signInAsDemo(page, messages, url)`, which
 * fills it. (A page load less per test: the browser tests spend most of their time loading pages.)
 */
export async function signInAsDemo(page: Page, messages: Messages, loginUrl?: string): Promise<void> {
  if (loginUrl !== undefined) {
    await page.goto(loginUrl);
    await page.getByRole('button', { name: messages.login.demo.fill }).click();
    await page.getByRole('button', { name: messages.login.submit, exact: true }).click();
    return;
  }
  const status = await graphql<{ setupStatus: { demo: { email: string; password: string } | null } }>(
    'query { setupStatus { demo { email password } } }',
  );
  if (!status.data.setupStatus.demo) throw new Error('This installation offers no demo login (SEED_DEMO=1)');
  await addSession(page, status.data.setupStatus.demo.email, status.data.setupStatus.demo.password);
  await page.goto('/members');
}

/** Signs in with an e-mail and password through the login form and waits for the members page. */
export async function signIn(page: Page, messages: Messages, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(messages.fields.email, { exact: true }).fill(email);
  await page.getByLabel(messages.fields.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: messages.login.submit, exact: true }).click();
  await page.waitForURL('**/members');
}

/** Logs in through the API and puts the session's cookies (as the API set them) into the page's context. */
async function addSession(page: Page, email: string, password: string): Promise<void> {
  const { response, data } = await graphql<{ login: { __typename: string } }>(
    'mutation($input: LoginInput!) { login(input: $input) { __typename } }',
    { input: { email, password } },
  );
  if (data.login.__typename !== 'MutationLoginSuccess') throw new Error(`login as ${email} failed: ${data.login.__typename}`);
  const cookies = response.headers.getSetCookie().map((header) => {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    const flags = new Set(attributes.map((attribute) => attribute.split('=')[0]?.toLowerCase()));
    const sameSite = attributes.find((attribute) => attribute.toLowerCase().startsWith('samesite='))?.split('=')[1]?.toLowerCase();
    return {
      name: pair.slice(0, eq),
      value: pair.slice(eq + 1),
      url: baseUrl(),
      httpOnly: flags.has('httponly'),
      secure: flags.has('secure'),
      sameSite: sameSite === 'strict' ? ('Strict' as const) : sameSite === 'none' ? ('None' as const) : ('Lax' as const),
    };
  });
  await page.context().addCookies(cookies);
}

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ response: Response; data: T }> {
  const response = await fetch(`${baseUrl()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return { response, data: body.data };
}
