// Shared Playwright fixtures for Wijkpeil's e2e tests.
//
//   import { test, expect } from './fixtures.mjs';
//   test('…', async ({ page, axe }) => {
//     await page.goto('/');
//     await axe.expectNoAxeViolations(page);          // or: await expectNoAxeViolations(page)
//   });
//
// - `axe.expectNoAxeViolations(page, opts?)` runs axe-core with the WCAG 2.2 AA tag set and fails
//   listing every violation. opts: { include, exclude, disableRules }.
// - Every test also fails on an uncaught page error or a console error (auto fixture). A test
//   that expects one opts out with `test.use({ failOnConsoleErrors: false })`.
import { test as base, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(' ')}\n        ${(n.failureSummary || '').replace(/\n/g, '\n        ')}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}

export async function expectNoAxeViolations(page, { include, exclude, disableRules } = {}) {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (include) builder = builder.include(include);
  if (exclude) builder = builder.exclude(exclude);
  if (disableRules) builder = builder.disableRules(disableRules);
  const { violations } = await builder.analyze();
  expect(
    violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}x)`),
    `axe found ${violations.length} accessibility violation(s) on ${page.url()}:\n${describeViolations(violations)}`,
  ).toEqual([]);
}

export const test = base.extend({
  failOnConsoleErrors: [true, { option: true }],

  axe: async ({ page }, use) => {
    await use({
      expectNoAxeViolations: (p = page, opts) => expectNoAxeViolations(p ?? page, opts),
    });
  },

  browserErrors: [
    async ({ page, failOnConsoleErrors }, use) => {
      const errors = [];
      page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        const where = msg.location()?.url || '';
        // The browser asks for /favicon.ico by itself; a missing one is no app error.
        if (msg.type() === 'error' && !where.endsWith('/favicon.ico')) {
          errors.push(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
        }
      });
      await use(errors);
      if (failOnConsoleErrors) {
        expect(errors, `errors in the browser during the test:\n  ${errors.join('\n  ')}`).toEqual([]);
      }
    },
    { auto: true },
  ],
});

export { expect };
