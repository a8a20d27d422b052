// The default theme's modules import each other by plain sibling names
// (`./x.js`): the build publishes each as `x.<hash>.js` and rewrites the
// specifiers, static and dynamic (src/render/assets.rs), so a stamp in the
// source would only go stale.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const STATIC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../themes/default/static');
const scripts = new Map(fs.readdirSync(STATIC).filter((f) => f.endsWith('.js')).sort().map((f) => [f, fs.readFileSync(path.join(STATIC, f), 'utf8')]));
// `import … from '…'` / `export … from '…'` at a line's start, `import '…'`, `import('…')`.
const SPECIFIER = /(?:^\s*(?:import|export)\b[^;'"]*\bfrom\s*|^\s*import\s*|\bimport\s*\(\s*)(['"])([^'"\n]+)\1/gm;

test('every import between the theme modules is a plain sibling that exists', () => {
  let count = 0;
  for (const [name, text] of scripts) {
    for (const m of text.matchAll(SPECIFIER)) {
      count++;
      const spec = m[2];
      assert.match(spec, /^\.\/[\w-]+\.js$/, `${name} imports ${spec}: name a sibling module as './x.js', without a query`);
      assert.ok(scripts.has(spec.slice(2)), `${name} imports ${spec}, which is not in themes/default/static`);
    }
  }
  assert.ok(count >= 10, 'the entry and its modules import each other');
});
