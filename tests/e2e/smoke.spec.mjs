import { test, expect } from './fixtures.mjs';

test('startpagina laadt en heeft geen WCAG-overtredingen', async ({ page, axe }) => {
  await page.goto('/');
  await expect(page.locator('main')).toBeVisible();
  await axe.expectNoAxeViolations(page);
});
