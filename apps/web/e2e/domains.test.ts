import type { Page } from 'playwright-core';
import { describe, test } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ja } from '../src/i18n/ja.ts';
import { signInAsDemo } from './auth.ts';
import { fillTemplate, openPage, screenshot, useBrowser } from './browser.ts';

const browser = useBrowser();



async function openDomains(page: Page, messages: typeof ja) {
  await signInAsDemo(page, messages);
  await page.waitForURL('**/members');
  await page.goto('/domains');
  await page.getByRole('heading', { level: 1, name: messages.nav.domains }).waitFor();
}

describe('domains page', () => {
  test('phone (ja): add a department and a sub-department, rename, see the conflict, delete; add an employment type', async () => {
    const page = await openPage(browser.current, 'phone', 'ja');
    await openDomains(page, ja);
    const domain = page.getByRole('article', { name: 'デモ株式会社' });
    await domain.getByText('@demo.example', { exact: true }).waitFor();
    await screenshot(page, 'domains-ja-phone');

    // A new top-level department.
    await domain.getByRole('button', { name: ja.domains.departments.add, exact: true }).click();
    await domain.getByLabel(ja.domains.departments.name, { exact: true }).fill('品質保証部');
    await domain.getByRole('button', { name: ja.common.add, exact: true }).click();
    const qa = domain.getByRole('listitem').filter({ hasText: '品質保証部' }).first();
    await qa.waitFor();

    // A sub-department under it is listed inside it (indented).
    await domain.getByRole('button', { name: fillTemplate(ja.domains.departments.addChild, { name: '品質保証部' }) }).click();
    await domain.getByLabel(ja.domains.departments.name, { exact: true }).fill('検査課');
    await domain.getByRole('button', { name: ja.common.add, exact: true }).click();
    await qa.locator('.domains-tree--nested').getByText('検査課').waitFor();
    await screenshot(page, 'domains-tree-ja-phone');

    // A department with sub-departments cannot be deleted; the dialog says why.
    await domain.getByRole('button', { name: fillTemplate(ja.domains.departments.delete, { name: '品質保証部' }) }).click();
    const dialog = page.getByRole('dialog', { name: fillTemplate(ja.domains.departments.deleteTitle, { name: '品質保証部' }) });
    await dialog.getByRole('button', { name: ja.common.delete }).click();
    await dialog.getByRole('alert').getByText(ja.domains.departments.deleteConflict).waitFor();
    await screenshot(page, 'domains-conflict-ja-phone');
    await dialog.getByRole('button', { name: ja.common.cancel }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Rename the sub-department, then delete both (child first).
    await domain.getByRole('button', { name: fillTemplate(ja.domains.departments.rename, { name: '検査課' }) }).click();
    const newName = domain.getByLabel(fillTemplate(ja.domains.departments.newName, { name: '検査課' }));
    await newName.fill('検査グループ');
    await domain.getByRole('button', { name: ja.common.save, exact: true }).click();
    await domain.getByText('検査グループ', { exact: true }).waitFor();
    for (const name of ['検査グループ', '品質保証部']) {
      await domain.getByRole('button', { name: fillTemplate(ja.domains.departments.delete, { name }) }).click();
      const confirm = page.getByRole('dialog', { name: fillTemplate(ja.domains.departments.deleteTitle, { name }) });
      await confirm.getByRole('button', { name: ja.common.delete }).click();
      await confirm.waitFor({ state: 'hidden' });
      await domain.getByText(name, { exact: true }).waitFor({ state: 'detached' });
    }

    // Employment types: add one; a duplicate name is refused with a clear message.
    const types = page.getByRole('region', { name: ja.domains.employmentTypes.title });
    await types.getByRole('button', { name: ja.domains.employmentTypes.add }).click();
    await types.getByLabel(ja.domains.employmentTypes.name, { exact: true }).fill('業務委託');
    await types.getByRole('button', { name: ja.common.add, exact: true }).click();
    await types.getByText('業務委託', { exact: true }).waitFor();
    await types.getByRole('button', { name: ja.domains.employmentTypes.add }).click();
    await types.getByLabel(ja.domains.employmentTypes.name, { exact: true }).fill('正社員');
    await types.getByRole('button', { name: ja.common.add, exact: true }).click();
    await types.getByRole('alert').getByText(ja.domains.employmentTypes.duplicate).waitFor();
    await types.getByRole('button', { name: ja.common.cancel }).click();
    await screenshot(page, 'domains-types-ja-phone');

    // Clean up, so other test files see the seeded structure.
    await types.getByRole('button', { name: fillTemplate(ja.domains.employmentTypes.delete, { name: '業務委託' }) }).click();
    const confirm = page.getByRole('dialog', { name: fillTemplate(ja.domains.employmentTypes.deleteTitle, { name: '業務委託' }) });
    await confirm.getByRole('button', { name: ja.common.delete }).click();
    await types.getByText('業務委託', { exact: true }).waitFor({ state: 'detached' });
    await page.context().close();
  });

  test('desktop (en): add and delete a domain; a domain with members cannot be deleted', async () => {
    const page = await openPage(browser.current, 'desktop', 'en');
    await openDomains(page, en);
    await page.getByRole('button', { name: en.domains.add }).click();
    const form = page.getByRole('form', { name: en.domains.createTitle });
    // Bad input first: the server's field errors appear at the fields.
    await form.getByLabel(en.domains.name, { exact: true }).fill('Not A Domain!');
    await form.getByRole('button', { name: en.domains.create }).click();
    await form.getByText(en.errors.fieldCodes.required).waitFor();
    await form.getByLabel(en.domains.name, { exact: true }).fill('e2e-branch.example');
    await form.getByLabel(en.domains.displayName, { exact: true }).fill('E2E Branch');
    await form.getByRole('button', { name: en.domains.create }).click();
    const branch = page.getByRole('article', { name: 'E2E Branch' });
    await branch.getByText('@e2e-branch.example', { exact: true }).waitFor();
    await branch.getByText(en.domains.departments.empty).waitFor();

    // Edit the display name.
    await branch.getByRole('button', { name: fillTemplate(en.domains.editDisplayName, { name: 'E2E Branch' }) }).click();
    await branch.getByLabel(en.domains.displayName, { exact: true }).fill('E2E Branch Office');
    await branch.getByRole('button', { name: en.common.save, exact: true }).click();
    const office = page.getByRole('article', { name: 'E2E Branch Office' });
    await office.waitFor();
    await screenshot(page, 'domains-en-desktop');

    // The seeded domain has members: refused, and nothing changes.
    await page.getByRole('button', { name: fillTemplate(en.domains.delete, { name: 'デモ株式会社' }) }).click();
    const refused = page.getByRole('dialog', { name: fillTemplate(en.domains.deleteTitle, { name: 'デモ株式会社' }) });
    await refused.getByRole('button', { name: en.common.delete }).click();
    await refused.getByRole('alert').getByText(en.domains.deleteConflict).waitFor();
    await refused.getByRole('button', { name: en.common.cancel }).click();
    await page.getByRole('article', { name: 'デモ株式会社' }).waitFor();

    await office.getByRole('button', { name: fillTemplate(en.domains.delete, { name: 'E2E Branch Office' }) }).click();
    const confirm = page.getByRole('dialog', { name: fillTemplate(en.domains.deleteTitle, { name: 'E2E Branch Office' }) });
    await confirm.getByRole('button', { name: en.common.delete }).click();
    await office.waitFor({ state: 'detached' });
    await page.context().close();
  });

  test('renders in en at phone size and in ja at desktop size', async () => {
    for (const [viewport, language, messages] of [
      ['phone', 'en', en],
      ['desktop', 'ja', ja],
    ] as const) {
      const page = await openPage(browser.current, viewport, language);
      await signInAsDemo(page, messages);
      await page.waitForURL('**/members');
      await page.goto('/domains');
      await page.getByRole('heading', { level: 1, name: messages.nav.domains }).waitFor();
      await page.getByRole('article', { name: 'デモ株式会社' }).waitFor();
      await screenshot(page, `domains-${language}-${viewport}`);
      await page.context().close();
    }
  });
});
