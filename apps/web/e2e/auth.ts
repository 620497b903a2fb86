import type { Page } from 'playwright-core';
import type { Messages } from '../src/i18n/ja.ts';

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
  const status = await graphql<{ setupStatus: { demo: { email: string; password: string } | null } }>(page, 'query { setupStatus { demo { email password } } }');
  const demo = status.setupStatus.demo;
  if (!demo) throw new Error('This installation offers no demo login (SEED_DEMO=1)');
  // page.request shares the context's cookies: the session the API sets is the page's from now on.
  const login = await graphql<{ login: { __typename: string } }>(page, 'mutation($input: LoginInput!) { login(input: $input) { __typename } }', {
    input: { email: demo.email, password: demo.password },
  });
  if (login.login.__typename !== 'MutationLoginSuccess') throw new Error(`login as ${demo.email} failed: ${login.login.__typename}`);
  await page.goto('/members');
}

/** Signs in with an e-mail and password through the login form and waits for the home page it leads to. */
export async function signIn(page: Page, messages: Messages, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(messages.fields.email, { exact: true }).fill(email);
  await page.getByLabel(messages.fields.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: messages.login.submit, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: messages.home.title }).waitFor();
}

/** A GraphQL request from the page's context (its cookies, both ways), outside the page. */
async function graphql<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await page.request.post('/graphql', { data: { query, variables } });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return body.data;
}
