// dates.js's pure helpers: the visitor's date, passed deadlines, open rows.
import './strings.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { todayIso, isPast, openRows, humanDate } from '../../themes/default/static/dates.js';

test('the visitor date is their local calendar day', () => {
  assert.equal(todayIso(new Date(2026, 11, 20, 23, 59)), '2026-12-20');
  assert.equal(todayIso(new Date(2028, 1, 29, 0, 1)), '2028-02-29');
});

test('a last day passes once the next day begins', () => {
  assert.equal(isPast('2026-12-18', '2026-12-18'), false);
  assert.equal(isPast('2026-12-18', '2026-12-19'), true);
  assert.equal(isPast('2026-12-31', '2027-01-01'), true);
  assert.equal(isPast('', '2027-01-01'), false);
});

test('rows whose apply-by date passed are dropped', () => {
  const rows = [['2027-02-01', '2026-12-18', 'February 1, 2027', 'December 18, 2026', 'x'], ['2027-03-01', '2027-01-15', 'March 1, 2027', 'January 15, 2027', 'y']];
  assert.deepEqual(openRows(rows, '2026-12-20').map((r) => r[0]), ['2027-03-01']);
  assert.deepEqual(openRows(rows, '2026-12-18').length, 2);
  assert.equal(humanDate('2027-03-01'), 'March 1, 2027');
});
