// The `?v=<hash>` of every import between the default theme's scripts, the
// same hash the build puts on asset URLs (src/render/search.rs
// `content_hash`, FNV-1a). After editing a module, run
//
//   node tests/js/stamp.mjs
//
// to rewrite the stamps (importers change too, so their importers' stamps
// change: it repeats until nothing does). stamps.test.mjs fails while any
// stamp is stale.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const STATIC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../themes/default/static');
/** An import of a sibling module, with its stamp: static (`from './x.js?v=…'`)
 * or dynamic (`import('./x.js?v=…')`, its specifier a plain string literal). */
const IMPORT = /((?:from\s+|\bimport\(\s*)'\.\/)([\w-]+\.js)\?v=([0-9a-f]{10})'/g;

/** FNV-1a over the bytes, top 40 bits as 10 hex digits: the build's `?v=`. */
export function contentHash(bytes) {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return (h >> 24n).toString(16).padStart(10, '0');
}

/** The theme's scripts: name → text. */
export function scripts(dir = STATIC) {
  return new Map(fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** Every import of `files` as [importer, imported, stamp]. */
export function imports(files) {
  return [...files].flatMap(([name, text]) => [...text.matchAll(IMPORT)].map((m) => [name, m[2], m[3]]));
}

/** `files` with every stamp current (a new map; the input is left alone). */
export function restamp(files) {
  const out = new Map(files);
  for (let pass = 0; pass <= out.size; pass++) {
    let changed = false;
    for (const [name, text] of out) {
      const next = text.replace(IMPORT, (m, head, file, _) => {
        if (!out.has(file)) return m;
        return `${head}${file}?v=${contentHash(Buffer.from(out.get(file)))}'`;
      });
      if (next !== text) { out.set(name, next); changed = true; }
    }
    if (!changed) return out;
  }
  throw new Error('the imports between the scripts form a cycle');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const before = scripts();
  for (const [name, text] of restamp(before)) {
    if (text !== before.get(name)) {
      fs.writeFileSync(path.join(STATIC, name), text);
      console.log(`restamped ${name}`);
    }
  }
}
