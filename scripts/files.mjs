// Files of a build directory, shared by the node scripts that look at a whole build.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir` (recursively), in a stable order. */
export function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}
