// The search UI on /programs/ in a real browser: typing a query, each facet, the
// live counts, ranges, sort orders, the URL round-trip, Back/Forward, chips and
// keyboard-only use. Expectations come from the example's content files
// (catalog.mjs); every test ends by requiring no cross-origin request, no console
// error and no CSP violation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servedSite, inFreshContext } from './setup.mjs';
import { site, exampleCatalog, DATE } from './sites.mjs';
import { FACETS, countBy, filter } from './catalog.mjs';
import {
  box,
  openSearch,
  waitStatus,
  resultSlugs,
  expectResults,
  options,
  params,
  setRange,
  tabTo,
  focusVisible,
  statusText,
  settle,
  eventually,
} from './ui.mjs';

const catalog = exampleCatalog();
const ALL = catalog.programs;
const N = ALL.length;
const bySlug = new Map(ALL.map((p) => [p.slug, p]));
const slugs = (ps) => ps.map((p) => p.slug);
const byTitle = (a, b) => a.title.localeCompare(b.title, 'en');

const env = servedSite(site());

/** Run `fn(page)` in a fresh context and require a clean page afterwards. */
function withSearch(search, fn) {
  return inFreshContext(env, async (page) => {
    await openSearch(page, env.server, search);
    await fn(page);
  });
}

// ---------------------------------------------------------------- expectations

/** The values of a facet with most programs first, ties by value. */
function valuesOf(facet, programs = ALL) {
  return [...countBy(programs, facet)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
}

/** Counts a facet should show with `filters` selected: other facets' filters apply, its own do not. */
function expectedCounts(facet, filters) {
  const others = Object.fromEntries(Object.entries(filters).filter(([f]) => f !== facet));
  return countBy(filter(ALL, others), facet);
}

async function assertCounts(page, filters, label) {
  for (const facet of FACETS) {
    if (SINGLE.includes(facet) && !filters[facet] && (await page.locator(`fieldset.facet[data-facet="${facet}"]`).count()) === 0) continue;
    const want = expectedCounts(facet, filters);
    const got = await options(page, facet);
    for (const [value, n] of countBy(ALL, facet)) {
      const o = got.find((x) => x.value === value);
      assert.ok(o, `${label}: facet ${facet} has an option ${value} (${n} programs in the catalog)`);
      assert.equal(o.count, want.get(value) ?? 0, `${label}: count of ${facet}=${value}`);
      assert.equal(o.disabled, (want.get(value) ?? 0) === 0 && !o.checked, `${label}: ${facet}=${value} disabled iff its count is 0`);
      assert.equal(o.checked, (filters[facet] ?? []).includes(value), `${label}: ${facet}=${value} checked`);
    }
    for (const o of got.filter((x) => !countBy(ALL, facet).has(x.value))) {
      assert.equal(o.count, 0, `${label}: ${facet}=${o.value} matches no program, so its count is 0`);
      assert.ok(o.disabled, `${label}: ${facet}=${o.value} has count 0, so it is disabled`);
    }
  }
}

/**
 * The default order: soonest open start first (rolling admission counts as open
 * on the build date, docs/search-index.md), programs with no open start last,
 * ties by title (then slug).
 */
function assertSoonestOrder(order, label) {
  const ps = order.map((s) => bySlug.get(s));
  const key = (p) => (p.soonest === null ? '9999-99-99' : p.soonest === 'rolling' ? DATE : p.soonest);
  const want = ps.slice().sort((a, b) => key(a).localeCompare(key(b)) || byTitle(a, b) || a.slug.localeCompare(b.slug));
  assert.deepEqual(order, slugs(want), `${label}: soonest open start first, none last, ties by title`);
}

function assertSorted(order, sort, label) {
  const ps = order.map((s) => bySlug.get(s));
  if (sort === 'soonest') return assertSoonestOrder(order, label);
  if (sort === 'title') return assert.deepEqual(order, slugs(ps.slice().sort(byTitle)), `${label}: A–Z by title`);
  const key = sort === 'total' ? (p) => p.lowestTotalCents : (p) => p.shortest;
  for (let i = 1; i < ps.length; i++) {
    assert.ok(key(ps[i - 1]) <= key(ps[i]), `${label}: ${sort} ascending, but ${ps[i - 1].slug} (${key(ps[i - 1])}) comes before ${ps[i].slug} (${key(ps[i])})`);
  }
}

// A word that is in some titles but not all, for the query tests: the first word
// of the most common specialty's name (e.g. "Internal").
const topSpecialty = valuesOf('specialty')[0];
const QUERY_WORD = catalog.specialties[topSpecialty].name.split(' ')[0];
const titleHits = ALL.filter((p) => p.title.toLowerCase().includes(QUERY_WORD.toLowerCase()));

// ---------------------------------------------------------------- tests

test('the catalog has what these tests need', () => {
  for (const f of FACETS) assert.ok(countBy(ALL, f).size >= 1, f);
  assert.ok(countBy(ALL, 'specialty').size >= 3 && countBy(ALL, 'state').size >= 3);
  assert.ok(titleHits.length > 0 && titleHits.length < N, `some titles contain "${QUERY_WORD}"`);
});

test('loads with every program, in the default order, with the script under CSP', () =>
  withSearch('', async (page) => {
    assert.equal(await page.locator('form#search[role=search]').count(), 1);
    assert.equal(await page.locator('form#search').getAttribute('hidden'), null, 'the script removed hidden');
    assert.equal(await page.locator('input#q[name=q][type=search]').count(), 1);
    assert.equal(await page.locator('#status[role=status]').count(), 1);
    assert.equal(await page.locator('select#sort[name=sort]').inputValue(), 'soonest');
    await expectResults(page, slugs(ALL), N, 'on load', (order) => assertSoonestOrder(order, 'on load'));
    for (const p of ALL) {
      const link = page.locator(`ol#results article.card[data-program="${p.slug}"] a[href$="/programs/${p.slug}/"]`).first();
      assert.equal((await link.textContent()).trim(), p.title, `title link of ${p.slug}`);
    }
    assert.equal(await page.locator('a.skip-link[href="#results"]').count(), 1, 'skip link to the results');
    assert.ok((await page.locator('#chips button[data-key]').count()) === 0, 'no chips without filters');
  }));

// A facet on which every program agrees (e.g. `graduates` when all programs take
// graduates) filters nothing; the UI may leave its fieldset out until the URL
// selects it. Every facet with two or more values must be there.
const MULTI = FACETS.filter((f) => countBy(ALL, f).size >= 2);
const SINGLE = FACETS.filter((f) => countBy(ALL, f).size < 2);

test('every facet with a choice lists its values, each with its count, in a fieldset with a legend', () =>
  withSearch('', async (page) => {
    assert.ok(MULTI.length >= 8, `most facets offer a choice in the example: ${MULTI}`);
    for (const facet of FACETS) {
      const fs = page.locator(`form#search fieldset.facet[data-facet="${facet}"]`);
      if (SINGLE.includes(facet) && (await fs.count()) === 0) continue;
      assert.equal(await fs.count(), 1, `one fieldset for ${facet}`);
      assert.ok((await fs.locator('legend').textContent()).trim().length > 0, `${facet} has a legend`);
    }
    await assertCounts(page, {}, 'no filter');
  }));

for (const facet of SINGLE) {
  test(`facet ${facet} (one value in the example): selected from the URL, shown checked, removable`, () => {
    const [value] = valuesOf(facet);
    return withSearch(`?${facet}=${encodeURIComponent(value)}`, async (page) => {
      await expectResults(page, slugs(filter(ALL, { [facet]: [value] })), N, `${facet}=${value}`);
      assert.equal(await page.locator(`#chips button[data-key="${facet}"][data-value="${value}"]`).count(), 1, 'a chip for the filter');
      // The form must show the state it filters by: once selected, the facet's
      // fieldset is there with its option checked.
      assert.equal(
        await page.locator(`form#search fieldset.facet[data-facet="${facet}"]`).count(),
        1,
        `?${facet}=${value} filters, so the form shows the ${facet} fieldset with ${value} checked`,
      );
      assert.ok(await box(page, facet, value).isChecked(), `the ${facet} fieldset shows ${value} checked`);
      await box(page, facet, value).uncheck();
      await expectResults(page, slugs(ALL), N, `${facet}=${value} removed`);
      assert.equal(params(page).has(facet), false);
    });
  });
}

for (const facet of MULTI) {
  test(`facet ${facet}: each value filters, the URL says so, unchecking restores`, () =>
    withSearch('', async (page) => {
      for (const value of valuesOf(facet)) {
        const expected = filter(ALL, { [facet]: [value] });
        await box(page, facet, value).check();
        await expectResults(page, slugs(expected), N, `${facet}=${value}`);
        assert.deepEqual(params(page).getAll(facet), [value], `URL has ${facet}=${value}`);
        assert.equal(await page.locator(`#chips button[data-key="${facet}"][data-value="${value}"]`).count(), 1, 'a chip for the filter');
        await box(page, facet, value).uncheck();
        await expectResults(page, slugs(ALL), N, `${facet}=${value} removed`);
        assert.equal(params(page).has(facet), false, `URL without ${facet}`);
      }
    }));
}

// Two specialties (OR) and a state that keeps some but not all of them (AND).
const [specA, specB] = valuesOf('specialty');
const orSet = filter(ALL, { specialty: [specA, specB] });
const andState = valuesOf('state', orSet).find((s) => {
  const n = filter(orSet, { state: [s] }).length;
  return n > 0 && n < orSet.length;
});

test('OR within a facet, AND across facets, and the counts follow', () =>
  withSearch('', async (page) => {
    assert.ok(andState, 'the example has a state that splits the two specialties');
    await box(page, 'specialty', specA).check();
    await box(page, 'specialty', specB).check();
    await expectResults(page, slugs(orSet), N, `specialty ${specA} OR ${specB}`);
    assert.deepEqual(params(page).getAll('specialty').sort(), [specA, specB].sort(), 'repeated key in the URL');
    await assertCounts(page, { specialty: [specA, specB] }, 'two specialties');

    await box(page, 'state', andState).check();
    const filters = { specialty: [specA, specB], state: [andState] };
    await expectResults(page, slugs(filter(ALL, filters)), N, `… AND state ${andState}`);
    await assertCounts(page, filters, 'two specialties and a state');
    const disabled = (await options(page, 'specialty')).filter((o) => o.disabled);
    assert.ok(disabled.length > 0, 'some specialty is not offered in that state, so its box is disabled');
  }));

test('typing a query filters (debounced), replaces history, and ranks title matches first', () =>
  withSearch('', async (page) => {
    const before = await page.evaluate(() => history.length);
    const initial = await statusText(page);
    await page.locator('input#q').pressSequentially(QUERY_WORD.toLowerCase(), { delay: 40 });
    const order = await settle(page, initial, { q: QUERY_WORD.toLowerCase() });
    assert.match(await statusText(page), new RegExp(`^Showing ${order.length} of ${N} programs$`));
    for (const p of titleHits) assert.ok(order.includes(p.slug), `${p.slug} has "${QUERY_WORD}" in its title`);
    // Whatever else matched must mention the word on its own page.
    for (const s of order.filter((s) => !titleHits.some((p) => p.slug === s))) {
      const text = await (await fetch(env.server.url(`programs/${s}/`))).text();
      assert.match(text.toLowerCase(), new RegExp(QUERY_WORD.toLowerCase()), `${s} matched "${QUERY_WORD}"`);
    }
    assert.equal(await page.locator('select#sort').inputValue(), 'relevance', 'relevance is the sort while a query is typed');
    // Relevance: a word in a program's facts (title, specialty, hospital, city)
    // scores above a word only in its text, so no text-only match precedes a
    // title match.
    const inFacts = (s) => {
      const p = bySlug.get(s);
      const w = QUERY_WORD.toLowerCase();
      return [p.title, catalog.specialties[p.facets.specialty[0]].name, p.hospitalName, p.city].some((t) => t.toLowerCase().includes(w));
    };
    const lastTitleHit = Math.max(...titleHits.map((p) => order.indexOf(p.slug)));
    for (const s of order.slice(0, lastTitleHit)) assert.ok(inFacts(s), `${s} matches "${QUERY_WORD}" only in its text but ranks above a title match: ${order}`);
    // The live counts follow the query.
    const matched = order.map((s) => bySlug.get(s));
    for (const facet of MULTI) {
      const want = countBy(matched, facet);
      for (const o of await options(page, facet)) {
        assert.equal(o.count, want.get(o.value) ?? 0, `with the query, count of ${facet}=${o.value}`);
        assert.equal(o.disabled, !want.get(o.value), `with the query, ${facet}=${o.value} disabled iff its count is 0`);
      }
    }
    assert.equal(params(page).get('q'), QUERY_WORD.toLowerCase(), 'the query is in the URL');
    assert.equal(params(page).has('sort'), false, 'the default sort is not in the URL');
    assert.equal(await page.evaluate(() => history.length), before, 'typing replaces the history entry');

    // Case does not matter; a word that is nowhere gives nothing.
    await page.locator('input#q').fill('zzqxwv');
    await expectResults(page, [], N, 'query matching nothing');
    await page.locator('input#q').fill(QUERY_WORD.toUpperCase());
    await expectResults(page, order, N, 'upper case query');
    await page.locator('input#q').fill('');
    await expectResults(page, slugs(ALL), N, 'query cleared');
    assert.equal(await page.locator('select#sort').inputValue(), 'soonest', 'back to the default sort');
    assert.equal(params(page).has('q'), false);
  }));

// Typing then pressing Enter at once (paste + Enter) commits the query: the
// debounced commit must not be lost to the change event Enter fires.
test('Enter in the search box commits the query without reloading the page', () =>
  withSearch('', async (page) => {
    await page.evaluate(() => {
      window.__samePage = true;
    });
    const before = await statusText(page);
    await page.locator('input#q').fill(QUERY_WORD);
    await page.locator('input#q').press('Enter');
    const got = await settle(page, before, { q: QUERY_WORD });
    assert.ok(got.length > 0 && got.length < N);
    assert.equal(await page.evaluate(() => window.__samePage), true, 'the page was not reloaded');
  }));

test('a query and a facet combine (AND)', () =>
  withSearch('', async (page) => {
    const state = valuesOf('state', titleHits)[0];
    await box(page, 'state', state).check();
    await expectResults(page, slugs(filter(ALL, { state: [state] })), N, `state=${state}`);
    const before = await statusText(page);
    await page.locator('input#q').fill(QUERY_WORD);
    const got = await settle(page, before, { q: QUERY_WORD });
    assert.ok(got.length > 0);
    for (const p of filter(titleHits, { state: [state] })) assert.ok(got.includes(p.slug), `${p.slug} in results`);
    for (const s of got) assert.ok(bySlug.get(s).facets.state.includes(state), `${s} is in ${state}`);
    assert.ok(params(page).getAll('state').includes(state) && params(page).get('q') === QUERY_WORD, 'both in the URL');
  }));

// Tab fires `change` on #q within the typing debounce; the pending commit must
// survive it (as with Enter, above).
test('leaving the search box at once (paste + Tab) still applies the query', () =>
  withSearch('', async (page) => {
    const before = await statusText(page);
    await page.locator('input#q').fill(QUERY_WORD);
    await page.locator('input#q').press('Tab');
    const got = await settle(page, before, { q: QUERY_WORD });
    for (const p of titleHits) assert.ok(got.includes(p.slug), `${p.slug} matches "${QUERY_WORD}"`);
  }));

test('ranges: total cost and weeks, committed on change, restored on reload', () =>
  withSearch('', async (page) => {
    const totals = ALL.map((p) => p.lowestTotal).sort((a, b) => a - b);
    const mid = Math.round(totals[Math.floor(totals.length / 2)]);
    await setRange(page, 'total_max', mid);
    const underMax = ALL.filter((p) => p.lowestTotal <= mid);
    await expectResults(page, slugs(underMax), N, `total ≤ ${mid}`);
    assert.ok(underMax.length > 0 && underMax.length < N);

    const low = Math.round(totals[1]);
    await setRange(page, 'total_min', low);
    const between = ALL.filter((p) => p.lowestTotal >= low && p.lowestTotal <= mid);
    await expectResults(page, slugs(between), N, `${low} ≤ total ≤ ${mid}`);

    await page.reload();
    await page.locator('form#search').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#total_min').inputValue(), String(low), 'total_min restored from the URL');
    assert.equal(await page.locator('#total_max').inputValue(), String(mid), 'total_max restored from the URL');
    await expectResults(page, slugs(between), N, 'after reload');

    await page.locator('#total_min').fill('');
    await page.locator('#total_min').press('Tab');
    await page.locator('#total_max').fill('');
    await page.locator('#total_max').press('Tab');
    await expectResults(page, slugs(ALL), N, 'total range cleared');

    // weeks: a program passes if any offered length is inside.
    const lengths = [...new Set(ALL.flatMap((p) => p.weeks))].sort((a, b) => a - b);
    const w = lengths[Math.floor(lengths.length / 2)];
    await setRange(page, 'weeks_min', w);
    await setRange(page, 'weeks_max', w);
    const offering = ALL.filter((p) => p.weeks.includes(w));
    await expectResults(page, slugs(offering), N, `${w} weeks`);
    await page.locator('#weeks_max').fill('');
    await page.locator('#weeks_max').press('Tab');
    const atLeast = ALL.filter((p) => p.weeks.some((x) => x >= w));
    await expectResults(page, slugs(atLeast), N, `at least ${w} weeks`);
    assert.ok(atLeast.length < N, 'the minimum excludes something');
  }));

for (const sort of ['total', 'shortest', 'title', 'soonest']) {
  test(`sort by ${sort}`, () =>
    withSearch(sort === 'soonest' ? '?sort=title' : '', async (page) => {
      await page.locator('select#sort').selectOption(sort);
      await page.waitForFunction(
        (s) => (s === 'soonest' ? !new URL(location.href).searchParams.has('sort') : new URL(location.href).searchParams.get('sort') === s),
        sort,
      );
      await expectResults(page, slugs(ALL), N, `sorted by ${sort}`, (order) => assertSorted(order, sort, `sort=${sort}`));
      // With a filter the order holds too.
      const kind = valuesOf('kind')[0];
      await box(page, 'kind', kind).check();
      await expectResults(page, slugs(filter(ALL, { kind: [kind] })), N, `kind=${kind}`, (order) =>
        assertSorted(order, sort, `sort=${sort}, kind=${kind}`),
      );
    }));
}

test('URL round-trip: a full query string restores the whole state, and reload keeps it', () => {
  const spec = valuesOf('specialty');
  const filters = { specialty: [spec[0], spec[1]], kind: valuesOf('kind', filter(ALL, { specialty: [spec[0], spec[1]] })).slice(0, 2) };
  const qs = new URLSearchParams();
  for (const [f, vs] of Object.entries(filters)) for (const v of vs) qs.append(f, v);
  qs.set('total_max', String(Math.ceil(Math.max(...ALL.map((p) => p.lowestTotal)))));
  qs.set('sort', 'total');
  const expected = filter(ALL, filters);
  return withSearch(`?${qs}`, async (page) => {
    for (let round = 0; round < 2; round++) {
      const label = round ? 'after reload' : 'from the URL';
      for (const [f, vs] of Object.entries(filters)) for (const v of vs) assert.ok(await box(page, f, v).isChecked(), `${label}: ${f}=${v} checked`);
      assert.equal(await page.locator('select#sort').inputValue(), 'total', `${label}: sort`);
      assert.equal(await page.locator('#total_max').inputValue(), qs.get('total_max'), `${label}: total_max`);
      await expectResults(page, slugs(expected), N, label, (order) => assertSorted(order, 'total', label));
      const chips = await page.locator('#chips button[data-key][data-value]').evaluateAll((els) => els.map((e) => `${e.dataset.key}=${e.dataset.value}`));
      for (const [f, vs] of Object.entries(filters)) for (const v of vs) assert.ok(chips.includes(`${f}=${v}`), `${label}: chip ${f}=${v}`);
      assert.deepEqual(
        [...params(page)].filter(([k]) => k in filters).sort(),
        [...qs].filter(([k]) => k in filters).sort(),
        `${label}: the URL keeps the filters`,
      );
      await page.reload();
      await page.locator('form#search').waitFor({ state: 'visible' });
    }
    // A query string with a value no program has does not crash the page.
    await openSearch(page, env.server, '?specialty=no-such-specialty&sort=bogus');
    assert.match(await statusText(page), /^Showing \d+ of \d+ programs$/);
  });
});

test('Back and Forward walk through committed filter changes', () =>
  withSearch('', async (page) => {
    const [spec] = valuesOf('specialty');
    const state = valuesOf('state', filter(ALL, { specialty: [spec] }))[0];
    const one = filter(ALL, { specialty: [spec] });
    const two = filter(ALL, { specialty: [spec], state: [state] });
    const len0 = await page.evaluate(() => history.length);
    await box(page, 'specialty', spec).check();
    await expectResults(page, slugs(one), N, 'step 1');
    await box(page, 'state', state).check();
    await expectResults(page, slugs(two), N, 'step 2');
    assert.equal(await page.evaluate(() => history.length), len0 + 2, 'each committed change pushes an entry');
    // Typing replaces the current entry rather than pushing.
    await page.locator('input#q').fill(QUERY_WORD);
    await page.waitForFunction(() => new URL(location.href).searchParams.has('q'));
    assert.equal(await page.evaluate(() => history.length), len0 + 2, 'typing does not push');
    await page.locator('input#q').fill('');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('q'));
    await expectResults(page, slugs(two), N, 'query cleared');

    await page.goBack();
    await expectResults(page, slugs(one), N, 'Back to step 1');
    assert.equal(await box(page, 'state', state).isChecked(), false, 'Back unchecks the state');
    assert.equal(await box(page, 'specialty', spec).isChecked(), true);
    assert.deepEqual(params(page).getAll('specialty'), [spec]);
    await page.goBack();
    await expectResults(page, slugs(ALL), N, 'Back to the start');
    assert.equal(await box(page, 'specialty', spec).isChecked(), false);
    assert.equal(new URL(page.url()).search, '');
    await page.goForward();
    await expectResults(page, slugs(one), N, 'Forward to step 1');
    await page.goForward();
    await expectResults(page, slugs(two), N, 'Forward to step 2');
    assert.equal(await box(page, 'state', state).isChecked(), true);
  }));

test('Back from a program page returns to the same filtered results', () =>
  withSearch('', async (page) => {
    const [spec] = valuesOf('specialty');
    const expected = slugs(filter(ALL, { specialty: [spec] }));
    await box(page, 'specialty', spec).check();
    await page.locator('select#sort').selectOption('title');
    await expectResults(page, expected, N, `specialty=${spec}, by title`, (o) => assertSorted(o, 'title', 'by title'));
    const target = (await resultSlugs(page))[0];
    await page.locator(`ol#results article.card[data-program="${target}"] a[href$="/programs/${target}/"]`).first().click();
    await page.waitForURL((u) => u.pathname.endsWith(`/programs/${target}/`));
    await page.goBack();
    await page.waitForURL((u) => u.pathname.endsWith('/programs/') && u.searchParams.get('specialty') === spec);
    await page.locator('form#search').waitFor({ state: 'visible' });
    await expectResults(page, expected, N, 'after Back', (o) => assertSorted(o, 'title', 'after Back'));
    assert.ok(await box(page, 'specialty', spec).isChecked());
    assert.equal(await page.locator('select#sort').inputValue(), 'title');
  }));

test('chips remove their filter; Clear all removes every filter', () =>
  withSearch('', async (page) => {
    const [spec] = valuesOf('specialty');
    const kind = valuesOf('kind', filter(ALL, { specialty: [spec] }))[0];
    await box(page, 'specialty', spec).check();
    await box(page, 'kind', kind).check();
    await setRange(page, 'weeks_min', Math.min(...ALL.flatMap((p) => p.weeks)));
    await expectResults(page, slugs(filter(ALL, { specialty: [spec], kind: [kind] })), N, 'two filters');
    const chip = page.locator(`#chips button[data-key="specialty"][data-value="${spec}"]`);
    assert.ok((await chip.textContent()).trim().length > 0, 'the chip has a visible name');
    await chip.click();
    await expectResults(page, slugs(filter(ALL, { kind: [kind] })), N, 'specialty chip removed');
    assert.equal(await box(page, 'specialty', spec).isChecked(), false);
    assert.equal(params(page).has('specialty'), false);
    assert.equal(await chip.count(), 0, 'the chip is gone');
    await page.locator('button#clear-all').click();
    await expectResults(page, slugs(ALL), N, 'after Clear all');
    assert.equal(await box(page, 'kind', kind).isChecked(), false);
    assert.equal(await page.locator('#weeks_min').inputValue(), '', 'ranges cleared too');
    assert.equal(await page.locator('#chips button[data-key]').count(), 0);
    assert.equal(new URL(page.url()).search, '', 'a clean URL');
  }));

test('keyboard only: the skip link to the results', () =>
  withSearch('', async (page) => {
    // The skip link to the results comes before anything else (a general "skip to
    // main content" link may precede it); following it moves focus to the results.
    // The skip link to the results comes before the search form's controls.
    await tabTo(page, 'a.skip-link[href="#results"], form#search input, form#search select, form#search button', 40);
    assert.ok(
      await page.evaluate(() => document.activeElement.matches('a.skip-link[href="#results"]')),
      'Tab reaches the skip link to the results before the search form',
    );
    assert.ok(await focusVisible(page), 'the skip link shows focus');
    await page.evaluate(() => {
      window.__firstCard = document.querySelector('#results article.card');
    });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(150); // a quick keyboard user
    await page.keyboard.press('Tab');
    await page.waitForTimeout(300);
    // A fragment-only navigation (the skip link) must not rebuild the results
    // and lose the focus the user just moved into them.
    assert.ok(
      await page.evaluate(() => document.querySelector('#results article.card') === window.__firstCard),
      'following the skip link does not rebuild the result list',
    );
    assert.ok(
      await page.evaluate(() => document.querySelector('#results').contains(document.activeElement)),
      `after the skip link, Tab lands inside the results, not on ${await page.evaluate(() => document.activeElement.outerHTML.slice(0, 100))}`,
    );
  }));

test('keyboard only: query, a facet, a chip, the sort, a star and the compare link', () =>
  withSearch('', async (page) => {
    // From the top: Tab to the text box and type.
    await tabTo(page, 'input#q');
    await page.keyboard.type(QUERY_WORD);
    await page.waitForFunction(() => new URL(location.href).searchParams.has('q'));
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('q'));
    await waitStatus(page, N, N);

    // Tab to a facet option and press Space.
    const [spec] = valuesOf('specialty');
    await tabTo(page, `input[type=checkbox][name=specialty][value="${spec}"]`);
    assert.ok(await focusVisible(page), 'the checkbox shows focus');
    await page.keyboard.press('Space');
    await expectResults(page, slugs(filter(ALL, { specialty: [spec] })), N, 'checked by keyboard');

    // The chip is reachable and Enter removes the filter.
    await tabTo(page, `#chips button[data-key="specialty"][data-value="${spec}"]`);
    await page.keyboard.press('Enter');
    await expectResults(page, slugs(ALL), N, 'chip removed by keyboard');
    assert.notEqual(await page.evaluate(() => document.activeElement), null);
    assert.ok(
      await page.evaluate(() => document.activeElement !== document.body),
      'focus is not dropped to <body> when the chip disappears',
    );

    // The sort select works with the arrow keys.
    await page.locator('select#sort').focus();
    await page.keyboard.press('End');
    const chosen = await page.locator('select#sort').inputValue();
    assert.notEqual(chosen, 'soonest', 'End picks another sort');
    await page.waitForFunction(() => new URL(location.href).searchParams.has('sort'));

    // Star the first result and follow the compare link, all by keyboard.
    await page.locator('select#sort').selectOption('soonest');
    const first = (await resultSlugs(page))[0];
    await page.locator('input#q').focus();
    await tabTo(page, `ol#results article.card[data-program="${first}"] button.star`);
    assert.ok(await focusVisible(page), 'the star shows focus');
    await page.keyboard.press('Space');
    assert.equal(await page.locator(`ol#results article.card[data-program="${first}"] button.star`).getAttribute('aria-pressed'), 'true');
    await page.locator('input#q').focus();
    await tabTo(page, 'a#compare-link', 400);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname.endsWith('/compare/'));
    await page.locator('table#compare th[scope=col]').first().waitFor();
    assert.equal(new URL(page.url()).searchParams.get('p'), first);
  }));

test('each card gets a shortlist star; the compare link follows the shortlist and survives reload', () =>
  withSearch('', async (page) => {
    const order = await resultSlugs(page);
    assert.equal(await page.locator('ol#results article.card button.star[aria-pressed]').count(), N, 'one star per card');
    const picks = [order[1], order[3]];
    for (const s of picks) {
      const star = page.locator(`ol#results article.card[data-program="${s}"] button.star`);
      assert.equal(await star.getAttribute('aria-pressed'), 'false');
      assert.ok((await star.evaluate((b) => b.textContent.trim() || b.getAttribute('aria-label') || '')).length > 0, 'the star has a name');
      await star.click();
      assert.equal(await star.getAttribute('aria-pressed'), 'true');
    }
    const href = () => page.locator('a#compare-link').getAttribute('href');
    const pOf = async () => new URL(await href(), page.url()).searchParams.get('p').split(',').sort();
    assert.match(await href(), /\/compare\/\?p=/);
    await eventually(async () => assert.deepEqual(await pOf(), picks.slice().sort()));
    await page.reload();
    await page.locator('form#search').waitFor({ state: 'visible' });
    for (const s of picks) {
      await eventually(async () =>
        assert.equal(await page.locator(`ol#results article.card[data-program="${s}"] button.star`).getAttribute('aria-pressed'), 'true', `${s} still starred`),
      );
    }
    await eventually(async () => assert.deepEqual(await pOf(), picks.slice().sort()));
    // Unstar one.
    await page.locator(`ol#results article.card[data-program="${picks[0]}"] button.star`).click();
    await eventually(async () => assert.deepEqual(await pOf(), [picks[1]]));

    // The program page has the star too, in the same state.
    await page.goto(env.server.url(`programs/${picks[1]}/`));
    const star = page.locator('main button.star[aria-pressed]');
    await star.waitFor();
    await eventually(async () => assert.equal(await star.getAttribute('aria-pressed'), 'true', 'the program page star shows the shortlist'));
    await star.click();
    assert.equal(await star.getAttribute('aria-pressed'), 'false');
    await openSearch(page, env.server);
    await eventually(async () =>
      assert.equal(await page.locator(`ol#results article.card[data-program="${picks[1]}"] button.star`).getAttribute('aria-pressed'), 'false'),
    );
  }));
