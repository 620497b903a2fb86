import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, Result } from 'axe-core';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The impacts this project does not ship: a serious or critical violation fails the test. */
const blocking = new Set(['serious', 'critical']);

/**
 * Runs axe-core (WCAG 2.x A and AA rules, plus best practices) on the page as it is now and returns
 * its serious and critical violations, each with the elements it found, in one readable line per
 * element: an empty list is what every page must give.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeSource });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((violation: Result) => blocking.has(violation.impact ?? ''))
    .flatMap((violation: Result) =>
      violation.nodes.map((node) => `${violation.impact} ${violation.id}: ${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ') ?? violation.help}`),
    );
}
