// The script's search words equal the index builder's: words.json holds
// (text, words) pairs written by the Rust function (src/render/search.rs,
// test browser_word_fixture_is_current, which fails while it is stale).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { terms, fold, MAX_WORD_CHARS } from '../../themes/default/static/words.js';

const cases = JSON.parse(fs.readFileSync(new URL('words.json', import.meta.url), 'utf8'));

test('the fixture covers accents, stop words, digits, long words and non-Latin scripts', () => {
  assert.ok(cases.length >= 10);
  assert.ok(cases.some((c) => c.words.some((w) => Array.from(w).length === MAX_WORD_CHARS)));
});

for (const { lang, text, words } of cases) {
  test(`splits ${JSON.stringify(text)}${lang ? ` (${lang})` : ''} as the index builder does`, () => {
    assert.deepEqual(lang ? terms(text, lang) : terms(text), words);
  });
}

test('the fixture covers each language with its own folding', () => {
  for (const l of ['es', 'pt', 'ar']) assert.ok(cases.some((c) => c.lang === l && c.words.length > 0), l);
});

test('folding lowercases each character alone: no final sigma', () => {
  assert.equal(fold('ΟΔΟΣ'), 'οδοσ');
  assert.equal(fold('Sinaí'), 'sinai');
});
