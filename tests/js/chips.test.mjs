// Active-filter chips say what a range means, money as money (issue 11.8).
import './strings.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chipList, money } from '../../themes/default/static/render.js';

const ranges = (r) => ({ total_min: '', total_max: '', weeks_min: '', weeks_max: '', ...r });

test('range chips format money and weeks', () => {
  const list = chipList('', [], ranges({ total_min: '1500', total_max: '4000', weeks_min: '1', weeks_max: '8' }), 'USD');
  assert.deepEqual(list.map((c) => c[2]), ['From $1,500', 'Up to $4,000', 'At least 1 week', 'At most 8 weeks']);
  // The chip still carries the query value, for removing it.
  assert.deepEqual(list.map((c) => c[1]), ['1500', '4000', '1', '8']);
});

test('money follows the catalog currency, cents only when given', () => {
  assert.equal(money('4000', 'USD'), '$4,000');
  assert.equal(money('99.5', 'USD'), '$99.50');
  assert.equal(money('10', 'EUR'), '€10');
  assert.equal(money('5', 'not a code'), '5 not a code');
});
