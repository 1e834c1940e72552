#!/usr/bin/env node
// Small static server for the release build (dist/), used by scripts/smoke.mjs and the
// Playwright e2e tests. Binds 127.0.0.1 only. SPA fallback: a path without a file extension
// that is not a file (e.g. /voorbeeld) gets index.html; a missing file with an extension is 404.
//
// CLI:    node tests/e2e/serve-dist.mjs [--dir|--dist dist] [--port 8091]   (port 0 = any free port)
//         [--collector http://127.0.0.1:PORT] [--endpoint-here]   (see scripts/serve.sh --with-collector)
// Module: import { startServer } from './serve-dist.mjs';
//         const { url, close } = await startServer({ root: 'dist', port: 0 });
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.pdf': 'application/pdf',
  '.map': 'application/json; charset=utf-8',
};

async function fileOrNull(path) {
  try {
    const s = await stat(path);
    if (s.isFile()) return path;
    if (s.isDirectory()) {
      const idx = join(path, 'index.html');
      if ((await stat(idx).catch(() => null))?.isFile()) return idx;
    }
  } catch {
    /* not found */
  }
  return null;
}

/** Forwards a request to the collector, body and status as they are. */
async function proxy(req, res, collector) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  try {
    const r = await fetch(collector + req.url, {
      method: req.method,
      // The team key of a question registered at /balie goes through, as a reverse proxy
      // passes it (nginx does by default).
      headers: {
        'content-type': req.headers['content-type'] ?? 'application/octet-stream',
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      },
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    const out = Buffer.from(await r.arrayBuffer());
    res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'text/plain' }).end(out);
  } catch {
    res.writeHead(502, { 'Content-Type': 'text/plain' }).end('collector unreachable');
  }
}

/**
 * The security headers a municipality's web server must send with Wijkpeil (README.md,
 * "Beveiliging"); the e2e tests run against them. `csp` is the policy of the built index.html's
 * <meta>, sent as a header too, with what only a header can do (frame-ancestors: no framing).
 * HSTS (Strict-Transport-Security) is left out here: it is for https only.
 */
export function securityHeaders(csp) {
  return {
    ...(csp ? { 'Content-Security-Policy': `${csp}; frame-ancestors 'none'` } : {}),
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** The CSP of the built index.html (its <meta>), or null. */
async function builtCsp(base) {
  const html = await readFile(join(base, 'index.html'), 'utf8').catch(() => '');
  return html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i)?.[1] ?? null;
}

/**
 * `endpointHere`: the config (/config/gemeente.json) is served with `submission_endpoint` set to
 * this server's own address, so that the app sends to the collector behind it (scripts/serve.sh
 * --with-collector). The file on disk is not changed.
 */
export function startServer({
  root = 'dist',
  port = 0,
  host = '127.0.0.1',
  quiet = true,
  collector = process.env.E2E_COLLECTOR_URL,
  endpointHere = false,
} = {}) {
  const base = resolve(root);
  let headers = null;
  const server = createServer(async (req, res) => {
    headers ??= securityHeaders(await builtCsp(base));
    let status = 200;
    try {
      // With a collector (E2E_COLLECTOR_URL), its API is served on this origin too, as a
      // municipality would put it behind the same host (so the page's CSP 'self' allows it).
      if (collector && req.url.startsWith('/v1/')) {
        await proxy(req, res, collector);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        status = 405;
        res.writeHead(status, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const url = new URL(req.url, 'http://localhost');
      let pathname;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        status = 400;
        res.writeHead(status).end('bad request');
        return;
      }
      const target = resolve(base, '.' + pathname);
      if (target !== base && !target.startsWith(base + sep)) {
        status = 403;
        res.writeHead(status).end('forbidden');
        return;
      }
      let file = await fileOrNull(target);
      if (!file && extname(pathname) === '') file = join(base, 'index.html'); // SPA fallback
      if (!file) {
        status = 404;
        res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      let body = await readFile(file);
      if (endpointHere && pathname === '/config/gemeente.json') {
        const config = JSON.parse(body.toString('utf8'));
        config.submission_endpoint = `http://${host}:${server.address().port}`;
        body = Buffer.from(JSON.stringify(config, null, 2));
      }
      res.writeHead(status, {
        'Content-Type': MIME[extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      status = 500;
      if (!res.headersSent) res.writeHead(status);
      res.end(String(err));
    } finally {
      if (!quiet) console.log(`${status} ${req.method} ${req.url}`);
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolvePromise({
        server,
        port: actual,
        url: `http://${host}:${actual}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
  };
  const root = opt('--dir', opt('--dist', process.env.SERVE_DIR || 'dist'));
  const port = Number(opt('--port', process.env.PORT || 8091));
  const verbose = args.includes('--verbose');
  if (!(await fileOrNull(join(resolve(root), 'index.html')))) {
    console.error(`serve-dist: ${root}/index.html not found; run scripts/release.sh first`);
    process.exit(2);
  }
  const collector = opt('--collector', process.env.E2E_COLLECTOR_URL);
  const { url, close } = await startServer({ root, port, quiet: !verbose, collector, endpointHere: args.includes('--endpoint-here') });
  if (collector) console.log(`serve-dist: /v1/ goes to the collector at ${collector}`);
  console.log(`serve-dist: serving ${root}/ at ${url}/`);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => close().then(() => process.exit(0)));
  }
}
