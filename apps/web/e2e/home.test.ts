import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import { signIn, signInAsDemo } from './auth.ts';
import { fillTemplate, graphqlInPage, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();

describe('home', () => {
  test('phone (ja): sign-in leads home: what needs attention links to where it is fixed, and today’s attendance as one bar', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await signIn(page, ja, 'admin@demo.example', 'demo-password-1');
    expect(new URL(page.url()).pathname).toBe('/');
    // A CSV import waiting to be applied is something to do.
    await page.goto('/members/import');
    await page.getByLabel(ja.memberImport.upload.file, { exact: true }).setInputFiles({
      name: 'waiting.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('login_id,family_name\nhome.waiting@demo.example,待機\n'),
    });
    await page.getByRole('button', { name: ja.memberImport.upload.submit }).click();
    await page.getByRole('heading', { name: ja.memberImport.dryRun.title }).waitFor();
    await page.getByRole('navigation', { name: ja.nav.label }).getByRole('link', { name: ja.nav.home }).click();
    await page.getByRole('heading', { level: 1, name: ja.home.title }).waitFor();

    const attention = page.getByRole('region', { name: ja.home.attention.title });
    await attention.getByText(fillTemplate(ja.home.attention.imports_other, { count: 1 })).waitFor();
    const attendance = page.getByRole('region', { name: new RegExp(ja.home.attendance.title.replace(/（.*/, '')) });
    const bar = attendance.getByRole('img');
    const label = (await bar.getAttribute('aria-label')) ?? '';
    for (const state of ['working', 'onBreak', 'finished', 'notYet'] as const) expect(label).toContain(ja.home.attendance[state]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'home-ja-phone');

    // The item leads to where it is fixed.
    await attention.getByRole('link', { name: ja.home.attention.toImports }).click();
    await page.getByRole('heading', { level: 1, name: ja.memberImport.title }).waitFor();
    const imports = await graphqlInPage<{ memberImports: { edges: { node: { id: string; status: string } }[] } }>(page, '{ memberImports(first: 20) { edges { node { id status } } } }');
    for (const { node } of imports.memberImports.edges.filter(({ node }) => node.status === 'VALIDATED')) {
      await graphqlInPage(page, 'mutation($input: MutationCancelMemberImportInput!) { cancelMemberImport(input: $input) { __typename } }', { input: { id: node.id } });
    }
    await page.context().close();
  });

  test('desktop (en): a view-only admin sees only the areas they may view', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await signIn(page, en, 'viewer@demo.example', 'demo-password-2');
    await page.getByRole('region', { name: en.home.attention.title }).waitFor();
    const figures = page.getByRole('list', { name: en.home.figures.label });
    await figures.getByText(en.nav.members).waitFor();
    expect(await figures.getByText(en.nav.bots).count()).toBe(0);
    expect(await page.getByRole('img').count()).toBe(0);
    await screenshot(page, 'home-viewer-en-desktop');
    // The members figure opens the list.
    await figures.getByRole('link', { name: new RegExp(en.nav.members) }).click();
    await page.getByRole('heading', { level: 1, name: en.nav.members }).waitFor();
    await page.context().close();
  });

  test('desktop (ja): the master sees every area', async () => {
    const page = await openPage(browser.current, 'desktop', 'ja');
    await signInAsDemo(page, ja);
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: ja.home.title }).waitFor();
    const figures = page.getByRole('list', { name: ja.home.figures.label });
    await figures.getByText(ja.nav.bots).waitFor();
    await figures.getByText(ja.home.figures.audit).waitFor();
    await screenshot(page, 'home-ja-desktop');
    await page.context().close();
  });
});
