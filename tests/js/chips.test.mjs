// Active-filter chips say what a range means, money as money (issue 11.8).
import './strings.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chipList } from '../../themes/default/static/render.js';
import { money, setStrings } from '../../themes/default/static/i18n.js';

const strings = JSON.parse(fs.readFileSync(new URL('strings-en.json', import.meta.url), 'utf8'));

const ranges = (r) => ({ total_min: '', total_max: '', weeks_min: '', weeks_max: '', ...r });

test('range chips format money and weeks', () => {
  const list = chipList('', [], ranges({ total_min: '1500', total_max: '4000', weeks_min: '1', weeks_max: '8' }));
  assert.deepEqual(list.map((c) => c[2]), ['From $1,500', 'Up to $4,000', 'At least 1 week', 'At most 8 weeks']);
  // The chip still carries the query value, for removing it.
  assert.deepEqual(list.map((c) => c[1]), ['1500', '4000', '1', '8']);
});

test('money is written as the page writes the site\'s currency, cents only when given', () => {
  assert.equal(money(400000), '$4,000');
  assert.equal(money(9950), '$99.50');
  assert.deepEqual(chipList('', [], ranges({ total_min: '99.5' })).map((c) => c[2]), ['From $99.50']);
  const es = JSON.parse(fs.readFileSync(new URL('formats.json', import.meta.url), 'utf8'))
    .find((c) => c.language === 'es' && c.currency === 'EUR');
  setStrings({ ...strings, '@format': es.format });
  assert.equal(money(1000), '10\u00a0€');
  assert.equal(money(1250000), '12.500\u00a0€');
  assert.deepEqual(chipList('', [], ranges({ total_max: '4000' })).map((c) => c[2]), ['Up to 4000\u00a0€']);
  setStrings(strings);
});
