// Unit tests of the default theme's pure modules (themes/default/static):
// index decoding, filtering and counting, sorting, URL state, card fields
// and the shortlist. No browser: these modules import nothing of the DOM.

import './strings.mjs';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { INDEX_VERSION, NOT_STATED, NO_WEEKS, decodeMulti, decodePostings, decodeSingle, openIndex } from '../../themes/default/static/index.js';
import { bucket, combineScores, filter, order, rangeValues } from '../../themes/default/static/filter.js';
import { codeOf, readQuery, valueOf, writeQuery, NONE } from '../../themes/default/static/url.js';
import { cardFields, fill, humanDate, pickLength, pickStart, safeUrl, splitPlace } from '../../themes/default/static/card.js';
import { MAX_COMPARE, Shortlist, compareHref, compareNote, comparePicks, storageKey } from '../../themes/default/static/shortlist.js';
import { sample } from './index.mjs';

const NO_RANGES = { total_min: '', total_max: '', weeks_min: '', weeks_max: '' };
const run = (index, ranges = NO_RANGES, score = null) => filter(index, score, rangeValues(ranges));
const select = (index, key, ...codes) => { index.facet(key).sel = new Set(codes); };

describe('index.js decodes the columns the Rust indexer writes', () => {
  // The encodings asserted in src/render/search.rs (widths_and_columns, postings_round_trip).
  test('fixed-width numbers', () => {
    assert.deepEqual([...decodeSingle({ width: 2, data: '00010_10' }, 4)], [0, 1, 63, 64]);
  });
  test('bit masks become 1-based codes', () => {
    const { starts, vals } = decodeMulti({ width: 2, data: '500100' }, 3);
    assert.deepEqual([...starts], [0, 2, 3, 3]);
    assert.deepEqual([...vals], [1, 3, 7]);
  });
  test('postings raise each listed id to the score, never lower it', () => {
    const into = new Uint8Array(4);
    into[1] = 2;
    decodePostings('111', into, 1);
    assert.deepEqual([...into], [1, 2, 1, 0]);
  });
  test('another index version is not opened', () => {
    const { raw } = sample();
    assert.equal(INDEX_VERSION, 2);
    assert.equal(openIndex({ ...raw, version: INDEX_VERSION + 1 }, 'https://example.org/'), null);
  });
  test('a program with no duration has NO_WEEKS as its shortest', () => {
    const { index } = sample();
    assert.deepEqual([...index.minWeek], [2, 1, 3, NO_WEEKS]);
  });
  test('long facets load on demand, once, and are retried after a failure', async () => {
    const { raw } = sample();
    raw.facets.push({ key: 'hospital', label: 'Hospital', multi: false, size: 100, file: 'facet-hospital.json?v=1' });
    let calls = 0;
    const get = async (url) => {
      calls++;
      if (calls === 1) throw new Error('offline');
      assert.equal(url, 'https://example.org/search/facet-hospital.json?v=1');
      return { key: 'hospital', label: 'Hospital', values: ['a', 'b'], labels: ['A', 'B'], multi: false, width: 1, data: '1201' };
    };
    const index = openIndex(raw, 'https://example.org/search/index.json', get);
    const f = index.facet('hospital');
    assert.equal(f.col, null);
    await assert.rejects(f.load());
    await Promise.all([f.load(), f.load()]);
    assert.equal(calls, 2);
    assert.deepEqual([...f.col], [1, 2, 0, 1]);
  });
});

describe('filter.js', () => {
  test('OR within a facet, AND across facets', () => {
    const { index } = sample();
    assert.deepEqual(run(index), [0, 1, 2, 3]);
    select(index, 'specialty', 1);
    assert.deepEqual(run(index), [0, 2]);
    select(index, 'specialty', 1, 2);
    assert.deepEqual(run(index), [0, 1, 2]);
    select(index, 'kind', 2);
    assert.deepEqual(run(index), [2]);
  });
  test('"not stated" is an option of a single-valued facet', () => {
    const { index } = sample();
    select(index, 'specialty', NOT_STATED);
    assert.deepEqual(run(index), [3]);
  });
  test('a multi-valued facet keeps programs with any selected value', () => {
    const { index } = sample();
    select(index, 'start', 2);
    assert.deepEqual(run(index), [1, 2]);
  });
  test('each option counts the results if it were added to its own facet', () => {
    const { index } = sample();
    select(index, 'specialty', 1);
    select(index, 'kind', 1);
    assert.deepEqual(run(index), [0]);
    // specialty counts ignore the specialty selection but keep kind = hands-on.
    assert.deepEqual([...index.facet('specialty').counts], [0, 1, 1]);
    // kind counts ignore kind but keep specialty = cardiology.
    assert.deepEqual([...index.facet('kind').counts], [0, 1, 1]);
    // status (not selected) counts the results.
    assert.deepEqual([...index.facet('status').counts], [0, 1, 0]);
  });
  test('cost range compares the lowest total in currency units; not stated fails a range', () => {
    const { index } = sample();
    assert.deepEqual(run(index, { ...NO_RANGES, total_max: '2000' }), [1, 3]);
    assert.deepEqual(run(index, { ...NO_RANGES, total_min: '1500' }), [0, 1, 3]);
  });
  test('weeks range keeps programs offering at least one duration inside it', () => {
    const { index } = sample();
    assert.deepEqual(run(index, { ...NO_RANGES, weeks_min: '5' }), [1, 2]);
    assert.deepEqual(run(index, { ...NO_RANGES, weeks_max: '3' }), [1]);
  });
  test('a query keeps programs every word matched, summing their scores', () => {
    const { index } = sample();
    const score = combineScores([Uint8Array.of(2, 1, 0, 1), Uint8Array.of(1, 1, 2, 0)], 4);
    assert.deepEqual([...score], [3, 2, 0, 0]);
    assert.deepEqual(run(index, NO_RANGES, score), [0, 1]);
  });
  test('sorts: cheapest first with not stated last, shortest, best match, title', () => {
    const { index } = sample();
    const ids = [0, 1, 2, 3];
    assert.deepEqual(order(index, ids, 'total'), [1, 3, 0, 2]);
    assert.deepEqual(order(index, ids, 'shortest'), [1, 0, 2, 3]);
    assert.deepEqual(order(index, ids, 'relevance', Uint8Array.of(1, 3, 3, 2)), [1, 2, 3, 0]);
    assert.deepEqual(order(index, [0, 2, 3], 'title', null, Uint32Array.of(3, 2, 1, 0)), [3, 2, 0]);
    assert.deepEqual(order(index, ids, 'soonest'), ids);
  });
  test('bucket is stable and puts NOT_STATED first unless asked', () => {
    assert.deepEqual(bucket([0, 1, 2, 3], [2, 0, 2, 1]), [1, 3, 0, 2]);
    assert.deepEqual(bucket([0, 1, 2, 3], [2, 0, 2, 1], true), [3, 0, 2, 1]);
  });
});

describe('url.js', () => {
  test('reads facet values by name, none as not stated, drops unknown values', () => {
    const { index } = sample();
    const s = readQuery('?q=heart&specialty=surgery&specialty=none&specialty=nope&start=none&total_min=10&weeks_max=x&sort=title', index.facets);
    assert.equal(s.q, 'heart');
    assert.deepEqual([...s.sel.get('specialty')], [2, NOT_STATED]);
    assert.deepEqual([...s.sel.get('start')], [], 'a multi-valued facet has no not-stated option');
    assert.deepEqual(s.ranges, { total_min: '10', total_max: '', weeks_min: '', weeks_max: '' });
    assert.equal(s.sort, 'title');
    assert.equal(readQuery('?sort=cheapest', index.facets).sort, '');
  });
  test('writes a stable query: codes in order, not stated last, default sort left out', () => {
    const { index } = sample();
    select(index, 'specialty', NOT_STATED, 2, 1);
    const q = writeQuery({ q: ' heart ', facets: index.facets, ranges: { ...NO_RANGES, weeks_min: ' 4 ' }, sort: 'relevance', hasWords: true });
    assert.equal(q, 'q=heart&specialty=cardiology&specialty=surgery&specialty=none&weeks_min=4');
    assert.equal(writeQuery({ q: '', facets: [], ranges: NO_RANGES, sort: 'relevance', hasWords: false }), 'sort=relevance');
    assert.equal(writeQuery({ q: '', facets: [], ranges: NO_RANGES, sort: 'soonest', hasWords: false }), '');
  });
  test('round trip', () => {
    const { index } = sample();
    const query = 'specialty=cardiology&kind=observership&start=2027-01&total_max=2000&sort=total';
    const s = readQuery(`?${query}`, index.facets);
    for (const f of index.facets) f.sel = s.sel.get(f.key);
    assert.equal(writeQuery({ q: s.q, facets: index.facets, ranges: s.ranges, sort: s.sort, hasWords: false }), query);
  });
  test('codes and values', () => {
    const f = sample().index.facet('specialty');
    assert.equal(valueOf(f, NOT_STATED), NONE);
    assert.equal(valueOf(f, 2), 'surgery');
    assert.equal(codeOf(f, 'surgery'), 2);
    assert.equal(codeOf(f, 'x'), -1);
  });
});

describe('card.js', () => {
  const row = ['im-chicago', 'Internal <b>Medicine</b>', 'Mercy Hospital, North, Chicago, IL', '4 weeks', '$3,500', 'February 1, 2027', 'javascript:alert(1)'];
  test('fields by card.html names, from the row and the facets', () => {
    const { index } = sample();
    const f = cardFields(index, 3, row, '/catalog');
    assert.equal(f.url, '/catalog/programs/im-chicago/');
    assert.equal(f.title, 'Internal <b>Medicine</b>');
    assert.equal(f['hospital.name'], 'Mercy Hospital, North');
    assert.equal(f.city, 'Chicago');
    assert.equal(f.state, 'IL');
    assert.equal(f['specialty.name'], 'Not stated');
    assert.equal(f['specialty.url'], '');
    assert.equal(f.kind, 'observership');
    assert.equal(f.kind_label, 'OBSERVERSHIP');
    assert.equal(f.status, 'open');
    assert.equal(f.apply_url, '', 'only http(s) and mailto links');
    assert.equal(f.letter, 'Not stated', 'a facet the index lacks');
    const g = cardFields(index, 0, row, '');
    assert.equal(g['specialty.url'], '/specialties/cardiology/');
  });
  test('the start, total and apply link follow the chosen month and length', () => {
    const { index } = sample();
    const full = ['im-chicago', 'IM', 'Mercy, Chicago, IL', '4 or 8 weeks', '$3,500', 'February 1, 2027',
      'https://apply.example/?p=im-chicago&s={start}&w={weeks}', '6 per start', '2027-02-01 2027-03-01', 30,
      [[4, 350000, '$3,500'], [8, 650000, '$6,500']]];
    const plain = cardFields(index, 3, full, '');
    assert.equal(plain.start_label, 'Next start');
    assert.equal(plain.start, 'February 1, 2027');
    assert.equal(plain.apply_by, 'Apply by January 2, 2027');
    assert.equal(plain.total_label, 'Total from');
    assert.equal(plain.apply_url, 'https://apply.example/?p=im-chicago&s=2027-02-01&w=4');
    const march = cardFields(index, 3, full, '', { months: new Set(['2027-03']), ranges: { wmin: 6, wmax: null, tmin: null, tmax: null } });
    assert.equal(march.start_label, 'Matching start');
    assert.equal(march.start, 'March 1, 2027');
    assert.equal(march.apply_by, 'Apply by January 30, 2027');
    assert.equal(march.total_label, 'Total, 8 weeks');
    assert.equal(march.total, '$6,500');
    assert.equal(march.apply_url, 'https://apply.example/?p=im-chicago&s=2027-03-01&w=8');
    assert.equal(pickStart(['rolling'], new Set(['2027-03'])).iso, 'rolling', 'no match: the next start');
    assert.equal(pickLength([[4, 350000, '$3,500']], { wmin: null, wmax: null, tmin: null, tmax: 3000 }), null);
    assert.equal(humanDate('2027-12-31'), 'December 31, 2027');
  });
  test('markers are filled, unknown ones emptied, values not rescanned', () => {
    assert.equal(fill('[[title]] at [[city]][[nope]]', { title: '[[city]]', city: 'Chicago' }), '[[city]] at Chicago');
    assert.equal(fill('/catalog/programs/?[[url]]', { url: '/catalog/programs/x/' }), '/catalog/programs/x/', 'a URL marker is replaced whole');
  });
  test('place and URLs', () => {
    assert.deepEqual(splitPlace('Solo'), { name: 'Solo', city: '', state: '' });
    assert.equal(safeUrl('https://a.example/'), 'https://a.example/');
    assert.equal(safeUrl('data:text/html,x'), '');
  });
});

describe('shortlist.js', () => {
  const memoryStorage = () => {
    const m = new Map();
    return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)) };
  };
  test('toggles slugs in storage, per base path, and reports changes', () => {
    const storage = memoryStorage();
    let changes = 0;
    const list = Shortlist(storage, storageKey('/catalog'), () => changes++);
    list.toggle('a');
    list.toggle('b');
    list.toggle('a');
    assert.deepEqual(list.get(), ['b']);
    assert.equal(storage.getItem('rotalog:shortlist:/catalog'), '["b"]');
    assert.equal(changes, 3);
    storage.setItem('rotalog:shortlist:/catalog', '{"not":"a list"}');
    assert.deepEqual(list.get(), []);
  });
  test('keeps the list in memory when storage refuses', () => {
    const refusing = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); } };
    const list = Shortlist(refusing, 'k');
    list.toggle('a');
    assert.deepEqual(list.get(), ['a']);
  });
  test('compare: ?p= over the shortlist, bad names apart, at most MAX_COMPARE', () => {
    const picks = comparePicks('a, b,,a,Bad!,c,d,e', ['x']);
    assert.deepEqual(picks.all, ['a', 'b', 'Bad!', 'c', 'd', 'e']);
    assert.deepEqual(picks.bad, ['Bad!']);
    assert.deepEqual(picks.slugs, ['a', 'b', 'c', 'd'].slice(0, MAX_COMPARE));
    assert.equal(compareNote(picks, 3, ['Bad!', 'd']), 'Comparing 3 programs. Only the first 4 are shown. Not found: Bad!, d.');
    assert.deepEqual(comparePicks(null, ['x']).slugs, ['x']);
    assert.equal(compareHref('/c', ['a b', 'c', 'd', 'e', 'f']), '/c/compare/?p=a%20b,c,d,e');
    assert.equal(compareHref('', []), '/compare/');
  });
});
