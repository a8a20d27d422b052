// Every import between the default theme's scripts carries the current
// `?v=<hash>` of the imported file, so a changed module gets a new URL
// (tests/js/stamp.mjs rewrites them).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentHash, imports, restamp, scripts } from './stamp.mjs';

test('the hash is the build\'s (FNV-1a, src/render/search.rs content_hash)', () => {
  // Values of Rust's content_hash.
  assert.equal(contentHash(Buffer.from('')), 'cbf29ce484');
  assert.equal(contentHash(Buffer.from('a')), 'af63dc4c86');
});

test('every import of a sibling module is stamped with its current hash', () => {
  const files = scripts();
  const found = imports(files);
  assert.ok(found.length >= 10, 'the entry and its modules import each other');
  for (const [from, file, stamp] of found) {
    assert.ok(files.has(file), `${from} imports ${file}, which is not in themes/default/static`);
    assert.equal(stamp, contentHash(Buffer.from(files.get(file))), `${from}: the stamp of ${file} is stale; run node tests/js/stamp.mjs`);
  }
  for (const [name, text] of files) {
    const rest = text.replace(/(?:from |\bimport\()'\.\/[\w-]+\.js\?v=[0-9a-f]{10}'/g, '');
    assert.doesNotMatch(rest, /\bfrom\s+['"]/, `${name}: an import without a stamp`);
    assert.doesNotMatch(rest, /\bimport\s*\(/, `${name}: a dynamic import without a stamp, or not a plain './x.js?v=…' literal`);
  }
});

test('restamping is a fixed point and reaches importers of importers', () => {
  const files = scripts();
  assert.deepEqual(restamp(files), files);
  const edited = new Map(files).set('index.js', `${files.get('index.js')}\n// edited\n`);
  const after = restamp(edited);
  for (const name of ['filter.js', 'search.js', 'catalog.js']) assert.notEqual(after.get(name), files.get(name), name);
});

test('a dynamic import is stamped too, and its module restamps its importer', () => {
  const files = new Map([
    ['a.js', "if (x) import('./b.js?v=0000000000').then((m) => m.go());\n"],
    ['b.js', 'export const go = () => 1;\n'],
  ]);
  assert.deepEqual(imports(files), [['a.js', 'b.js', '0000000000']]);
  const after = restamp(files);
  assert.equal(after.get('a.js'), `if (x) import('./b.js?v=${contentHash(Buffer.from(files.get('b.js')))}').then((m) => m.go());\n`);
  assert.ok(imports(scripts()).some(([from, file]) => from === 'catalog.js' && file === 'compare.js'), 'catalog.js imports compare.js (dynamically)');
});
