// A damaged saved list is set aside (never deleted) and the person is told, and the app works on.
import { test, expect } from './fixtures.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';
import { storedValue } from './pages/stored.mjs';

const DRAFT = 'wijkpeil:draft:hoe-gaat-het';
const DAMAGED = 'wijkpeil:damaged:draft:hoe-gaat-het';
const NOTICE = 'Een bewaarde lijst kon niet worden gelezen. We hebben hem apart gezet en niet gewist.';

test('een kapotte bewaarde lijst geeft een melding en wordt apart bewaard', async ({ page, axe }) => {
  // Only before the first load: a reload must see what the app made of it.
  await page.addInitScript(
    ([key]) => {
      if (!sessionStorage.getItem('e2e-seeded')) {
        sessionStorage.setItem('e2e-seeded', '1');
        localStorage.setItem(key, '{kapot');
      }
    },
    [DRAFT],
  );
  const q = new QuestionnairePage(page);
  await q.goto('/hoe-gaat-het');
  const notice = page.locator('main p.notice');
  await expect(notice).toHaveText(NOTICE);
  await expect(notice).toHaveAttribute('role', 'alert');
  expect(await storedValue(page, DAMAGED)).toBe('{kapot');
  expect(await storedValue(page, DRAFT)).toBeNull();
  // A fresh start on the first screen.
  await q.expectStep(1, 15);
  await expect(q.form.locator('input:checked')).toHaveCount(0);
  await axe.expectNoAxeViolations(page);

  // Answering saves a new draft next to the damaged one; the notice stays.
  await q.choose('Hoe vult u deze vragen in?', 'Ik vul ze zelf in');
  await expect(notice).toHaveText(NOTICE);
  await expect.poll(() => q.draft('hoe-gaat-het')).not.toBeNull();
  expect(await storedValue(page, DAMAGED)).toBe('{kapot');

  // After a reload the new draft is used and there is nothing to report any more.
  await page.reload();
  await expect(q.form).toBeVisible();
  await expect(q.option('Hoe vult u deze vragen in?', 'Ik vul ze zelf in')).toBeChecked();
  await expect(notice).toHaveCount(0);
  expect(await storedValue(page, DAMAGED)).toBe('{kapot');
  await axe.expectNoAxeViolations(page);
});

test('een lijst van een nieuwere versie wordt niet aangeraakt', async ({ page, axe }) => {
  const newer = JSON.stringify({ format: 99, kind: 'draft', data: { anything: true } });
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [DRAFT, newer]);
  const q = new QuestionnairePage(page);
  await q.goto('/hoe-gaat-het');
  await expect(page.locator('main p.notice')).toContainText('Deze lijst is bewaard door een nieuwere versie van Wijkpeil.');
  expect(await storedValue(page, DRAFT)).toBe(newer);
  expect(await storedValue(page, DAMAGED)).toBeNull();
  await axe.expectNoAxeViolations(page);
});
