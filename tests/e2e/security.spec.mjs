// The Content Security Policy keeps every promise: no page of Wijkpeil needs inline code or
// styles that the policy does not name by hash, and the server sends the headers that README.md
// ("Beveiliging") asks every municipality to set.
import { test, expect } from './fixtures.mjs';
import { ROUTES as PAGES } from './pages/routes.mjs';

// Every route of src/route.rs (NotFound too), and the preview with a questionnaire in it.
const ROUTES = [...PAGES, '/voorbeeld?q=/questionnaires/hoe-gaat-het.json'];

// Collected in the page, read in the test body: an assertion inside a listener could be lost.
async function recordViolations(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
}

const violations = (page) => page.evaluate(() => window.__cspViolations);

test.describe('beveiliging', () => {
  test('geen enkele pagina overtreedt de CSP, zonder unsafe-inline', async ({ page }) => {
    test.slow();
    await recordViolations(page);
    const seen = {};
    for (const route of ROUTES) {
      const response = await page.goto(route);
      expect(response.status(), route).toBe(200);
      await expect(page.locator('main h1').first(), route).toBeVisible();
      if (route.startsWith('/voorbeeld?q=')) await expect(page.locator('form.questionnaire')).toBeVisible();
      // The questionnaires also show their next screen (new elements, styles bound by the app).
      if (['/hoe-gaat-het', '/past-mijn-vraag'].includes(route)) {
        const next = page.getByRole('button', { name: /^Volgende/ });
        if (await next.count()) await next.first().click();
      }
      await page.waitForTimeout(200);
      seen[route] = await violations(page);
    }
    expect(seen).toEqual(Object.fromEntries(ROUTES.map((r) => [r, []])));

    // With a register to send to: the figures (bars sized by the app) and the sending page.
    await page.route('**/config/gemeente.json', async (route) => {
      const response = await route.fetch();
      const config = await response.json();
      config.submission_endpoint = new URL(page.url()).origin;
      await route.fulfill({ response, json: config });
    });
    await page.route('**/v1/register.json', (route) =>
      route.fulfill({
        json: {
          min_cell: 2,
          columns: ['noord', 'oost'],
          periods: [{ period: '2026-Q4', tables: [{ kind: 'fit_check', question: 'areas', rows: [
            { answer: 'money_debts', counts: [3, null], total: 4 },
            { answer: 'housing', counts: [2, 5], total: 7 },
          ] }] }],
        },
      }),
    );
    for (const route of ['/register', '/versturen']) {
      await page.goto(route);
      await expect(page.locator('main h1').first(), route).toBeVisible();
      if (route === '/register') await expect(page.locator('.bar-cell')).toHaveCount(2);
      await page.waitForTimeout(200);
      expect(await violations(page), `${route} with a register`).toEqual([]);
    }
    // The bars are sized through the CSSOM (allowed), not a style attribute (blocked).
    expect(await page.goto('/register').then(() => page.locator('.bar-cell').first().evaluate((e) => e.style.inlineSize))).not.toBe('');

    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')+;/);
    for (const d of ["object-src 'none'", "base-uri 'none'", "form-action 'none'"]) expect(csp).toContain(d);
  });

});

test.describe('beveiliging: tegenproef', () => {
  // The browser reports each blocked piece of code as a console error: expected here.
  test.use({ failOnConsoleErrors: false });

  test('ingevoegde code draait niet: de CSP houdt hem tegen', async ({ page }) => {
    await recordViolations(page);
    await page.goto('/');
    await expect(page.locator('main h1')).toBeVisible();
    // What an injected inline script or style attribute would try: both are blocked.
    const ran = await page.evaluate(async () => {
      window.__ran = false;
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.appendChild(s);
      const d = document.createElement('div');
      d.setAttribute('style', 'color: red');
      document.body.appendChild(d);
      await new Promise((r) => setTimeout(r, 100));
      return { script: window.__ran, style: getComputedStyle(d).color };
    });
    expect(ran).toEqual({ script: false, style: expect.not.stringMatching(/255, 0, 0/) });
    const seen = await violations(page);
    expect(seen.some((v) => v.startsWith('script-src-elem'))).toBe(true);
    expect(seen.some((v) => v.startsWith('style-src-attr'))).toBe(true);
  });

  test('de server stuurt de beveiligingskoppen', async ({ request }) => {
    for (const path of ['/', '/versturen', '/config/gemeente.json']) {
      const h = (await request.get(path)).headers();
      expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(h['content-security-policy'], path).not.toContain('unsafe-inline');
      expect(h['referrer-policy'], path).toBe('no-referrer');
      expect(h['x-content-type-options'], path).toBe('nosniff');
      expect(h['permissions-policy'], path).toContain('camera=()');
    }
  });
});
