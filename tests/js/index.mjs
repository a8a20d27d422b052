// A small search index built in memory, in the format of
// docs/search-index.md, for the unit tests of the theme's pure modules.

import { openIndex } from '../../themes/default/static/index.js';

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
const width = (max) => Math.max(1, Math.ceil(Math.log2(max + 1) / 6));

/** A column of numbers, `width` digits each. */
export function single(nums) {
  const w = width(Math.max(0, ...nums));
  const data = nums.map((v) => Array.from({ length: w }, (_, k) => DIGITS[Math.floor(v / 64 ** (w - 1 - k)) % 64]).join('')).join('');
  return { multi: false, width: w, data };
}

/** A column of bit masks over `size` values; each program a list of value indexes. */
export function multi(lists, size) {
  const w = Math.max(1, Math.ceil(size / 6));
  const data = lists.map((ks) => Array.from({ length: w }, (_, d) => DIGITS[ks.reduce((m, k) => (Math.floor(k / 6) === d ? m | (1 << (k % 6)) : m), 0)]).join('')).join('');
  return { multi: true, width: w, data };
}

/** A facet: `codes` per program (0 = not stated), or lists of value indexes when multi. */
export function facet(key, values, codes, { multi: isMulti = false, label = key } = {}) {
  const col = isMulti ? multi(codes, values.length) : single(codes);
  return { key, label, values, labels: values.map((v) => v.toUpperCase()), ...col };
}

/** Four programs: specialty, kind and status facets, a multi start facet,
 * totals and weeks. */
export function sample() {
  const raw = {
    version: 2,
    count: 4,
    currency: 'USD',
    chunk: 32,
    facets: [
      facet('specialty', ['cardiology', 'surgery'], [1, 2, 1, 0]),
      facet('kind', ['hands-on', 'observership'], [1, 1, 2, 2]),
      facet('status', ['open', 'waitlist'], [1, 1, 2, 1]),
      facet('start', ['rolling', '2027-01'], [[0], [1], [0, 1], []], { multi: true }),
    ],
    total: { values: [150000, 300000], ...single([2, 1, 0, 1]) },
    weeks: { values: [2, 4, 8], ...multi([[1], [0, 2], [2], []], 3) },
    cards: ['cards-0.json'],
    title_order: 'title.json',
    terms: { first: ['cardiology'], files: ['terms-0.json'] },
  };
  return { raw, index: openIndex(raw, 'https://example.org/search/index.json') };
}
