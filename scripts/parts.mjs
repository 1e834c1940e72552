// Reads the loaders that wasm-split-cli writes into __wasm_split.js: each part (an exported
// `__wasm_split_load_<part>`) fetches its own .wasm file plus the shared pieces (`__chunk_<n>`)
// it needs. Used by scripts/place-parts.mjs to write parts.json.
//
// readLoaders(js) → { <part>: { file: 'split_<part>.wasm', files: [own file, ...shared files] } }
export function readLoaders(js) {
  const chunks = new Map(); // loader variable → its .wasm file
  const parts = {};
  const loader = /(export\s+)?const\s+(\w+)\s*=\s*(?:wrapAsyncCb\()?makeLoad\(\(\)\s*=>\s*\{[\s\S]*?new URL\("\.\/([^"]+\.wasm)",\s*import\.meta\.url\)[\s\S]*?\}\s*,\s*\[([^\]]*)\]\)/g;
  for (const [, exported, name, file, deps] of js.matchAll(loader)) {
    const needs = deps.split(',').map((d) => d.trim()).filter(Boolean);
    if (!exported) {
      chunks.set(name, file);
      continue;
    }
    const part = name.replace(/^__wasm_split_load_/, '');
    const files = [file];
    for (const d of needs) {
      if (!chunks.has(d)) throw new Error(`__wasm_split.js: ${part} needs ${d}, which has no file`);
      files.push(chunks.get(d));
    }
    parts[part] = { file, files };
  }
  if (!Object.keys(parts).length) throw new Error('__wasm_split.js names no part');
  return parts;
}
