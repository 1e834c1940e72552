// Content Security Policy of the built index.html, without 'unsafe-inline' for scripts or styles.
//
// The browser runs an inline <script> only when the page's CSP names the SHA-256 hash of its
// exact text. scripts/csp-hash.mjs (a trunk post_build hook, see Trunk.toml) therefore rewrites
// the CSP <meta> of the built index.html after trunk has written it (trunk adds its own inline
// module script that starts the wasm): script-src and style-src get the hash of every inline
// <script> and <style> element. scripts/size-report.mjs (the last step of scripts/release.sh)
// calls checkCsp() and fails when the built page would allow inline code it did not hash.
import { createHash } from 'node:crypto';

const META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i;

/** The text of every inline element `tag` (no src attribute), exactly as the browser hashes it. */
export function inlineBodies(html, tag) {
  const re = new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}\\s*>`, 'gi');
  const out = [];
  for (const m of html.matchAll(re)) {
    if (tag === 'script' && /\ssrc\s*=/i.test(m[1])) continue;
    // JSON and other data blocks are not run: only classic and module scripts need a hash.
    const type = m[1].match(/\stype\s*=\s*["']?([^"'\s>]+)/i)?.[1]?.toLowerCase();
    if (tag === 'script' && type && !['module', 'text/javascript', 'application/javascript'].includes(type)) continue;
    out.push(m[2]);
  }
  return out;
}

export function sha256Source(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page's CSP (from its <meta>) as a Map of directive → list of sources. */
export function parseCsp(html) {
  const m = html.match(META);
  if (!m) return null;
  const csp = new Map();
  for (const part of m[1].replace(/&#39;|&apos;/g, "'").split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) csp.set(name.toLowerCase(), sources);
  }
  return csp;
}

function serialize(csp) {
  return [...csp].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/** index.html with the hashes of its inline scripts and styles written into its CSP. */
export function stampCsp(html) {
  const csp = parseCsp(html);
  if (!csp) throw new Error('no <meta http-equiv="Content-Security-Policy" content="…"> in index.html');
  const hashed = (sources, bodies) => [
    ...sources.filter((s) => s !== "'unsafe-inline'" && !s.startsWith("'sha256-")),
    ...new Set(bodies.map(sha256Source)),
  ];
  csp.set('script-src', hashed(csp.get('script-src') ?? ["'self'"], inlineBodies(html, 'script')));
  csp.set('style-src', hashed(csp.get('style-src') ?? ["'self'"], inlineBodies(html, 'style')));
  return html.replace(META, (tag) => tag.replace(/content="[^"]*"/, `content="${serialize(csp)}"`));
}

/** Problems of a built page's CSP (empty when it is fine). */
export function checkCsp(html) {
  const csp = parseCsp(html);
  if (!csp) return ['index.html has no Content-Security-Policy <meta>'];
  const problems = [];
  for (const [directive, tag] of [['script-src', 'script'], ['style-src', 'style']]) {
    const sources = csp.get(directive) ?? csp.get('default-src') ?? [];
    if (sources.includes("'unsafe-inline'")) problems.push(`${directive} allows 'unsafe-inline'`);
    for (const body of inlineBodies(html, tag)) {
      if (!sources.includes(sha256Source(body))) problems.push(`an inline <${tag}> is not hashed in ${directive}`);
    }
  }
  if (csp.get('script-src')?.some((s) => s === "'unsafe-eval'" || s === '*' || /^https?:$/.test(s))) {
    problems.push("script-src allows 'unsafe-eval' or any host");
  }
  for (const [directive, want] of [['object-src', "'none'"], ['base-uri', "'none'"], ['form-action', "'none'"]]) {
    if (csp.get(directive)?.join(' ') !== want) problems.push(`${directive} is not ${want}`);
  }
  return problems;
}
