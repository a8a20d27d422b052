// Dates and money in the script are written as the build writes them
// (tests/js/formats.json: src/model/locale.rs's output for every shipped
// language, with the `@format` table a page carries; tests/i18n.rs keeps
// it current), and as CLDR writes them: Node's Intl, which Debian's
// Chromium agrees with (tests/browser/i18n.test.mjs checks it there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { date, money, setStrings } from '../../themes/default/static/i18n.js';
import { chipList } from '../../themes/default/static/render.js';

const cases = JSON.parse(fs.readFileSync(new URL('formats.json', import.meta.url), 'utf8'));

test('the fixture covers every shipped language', () => {
  assert.deepEqual([...new Set(cases.map((c) => c.language))].sort(), ['ar', 'en', 'es', 'pt']);
});

for (const c of cases) {
  test(`${c.language} ${c.currency}: dates and amounts as the build writes them`, () => {
    setStrings({ upTo: '{money}', '@format': c.format });
    for (const [iso, text] of c.dates) assert.equal(date(iso), text, iso);
    for (const [cents, text] of c.money) assert.equal(money(cents), text, String(cents));
    // A range chip's amount is typed in currency units.
    const chip = (v) => chipList('', [], { total_min: '', total_max: v, weeks_min: '', weeks_max: '' })[0][2];
    assert.equal(chip('3500'), c.money.find(([cents]) => cents === 350000)[1]);
    assert.equal(chip('999.5'), c.money.find(([cents]) => cents === 99950)[1]);
  });
}

// English keeps the symbols rotalog always used (src/model/vocab.rs's
// CURRENCIES), which for some codes are not CLDR's ("AED 3,500" with a plain space).
const CLDR = (c) => c.language !== 'en' || ['USD', 'EUR', 'GBP'].includes(c.currency);

for (const c of cases.filter(CLDR)) {
  test(`${c.language} ${c.currency}: the build's formats are CLDR's (Intl)`, () => {
    const long = new Intl.DateTimeFormat(c.language, { dateStyle: 'long', timeZone: 'UTC' });
    for (const [iso, text] of c.dates) assert.equal(long.format(new Date(`${iso}T00:00:00Z`)), text, iso);
    for (const [cents, text] of c.money) {
      const intl = new Intl.NumberFormat(c.language, { style: 'currency', currency: c.currency, minimumFractionDigits: cents % 100 ? 2 : 0, maximumFractionDigits: cents % 100 ? 2 : 0 });
      assert.equal(intl.format(cents / 100), text, String(cents));
    }
  });
}
