// `bash scripts/serve.sh --with-collector`: the app and the collector on one origin. The server
// it uses (serve-dist.mjs --collector … --endpoint-here) serves the demo config with its
// submission_endpoint pointing at itself, and passes /v1/ to the collector, so the app sends for
// real. Here a stand-in collector records what reaches it.
import { createServer } from 'node:http';
import { test, expect } from './fixtures.mjs';
import { startServer } from './serve-dist.mjs';

test('de app en de collector op één adres: de config wijst naar de collector', async ({ page }) => {
  const received = [];
  const collector = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${body}`);
      const id = body ? JSON.parse(body).id : 'health';
      res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id }));
    });
  });
  await new Promise((r) => collector.listen(0, '127.0.0.1', r));
  const app = await startServer({
    root: process.env.E2E_DIST_DIR || 'dist',
    collector: `http://127.0.0.1:${collector.address().port}`,
    endpointHere: true,
  });
  try {
    const config = await (await fetch(`${app.url}/config/gemeente.json`)).json();
    expect(config.submission_endpoint).toBe(app.url);
    const health = await fetch(`${app.url}/v1/health`);
    expect(health.status).toBe(201);

    // The app sends a chosen record through it.
    await page.goto(`${app.url}/versturen`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anoniem meetellen');
    await expect(page.getByText('Deze gemeente verzamelt geen antwoorden.')).toHaveCount(0);
  } finally {
    await app.close();
    await new Promise((r) => collector.close(r));
  }
  expect(received).toEqual(['GET /v1/health ']);
});
