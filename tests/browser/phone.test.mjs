// /programs/ on a phone (issue 11, points 1–2): results first, the filters in
// an accessible panel behind a Filters button (a sidebar on wide screens), the
// count and chips in view after each change, long facets by their most useful
// options, no page-level sideways scroll, and no layout shift while loading.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { servedSite, inFreshContext } from './setup.mjs';
import { site, fixtureSite, exampleCatalog, fixtureCatalog } from './sites.mjs';
import { countBy, filter } from './catalog.mjs';
import { box, closeFilters, eventually, openFilters, openSearch, options, waitStatus } from './ui.mjs';
import { cloneHospital } from './make-fixture.mjs';
import { assertNoViolations } from './axe.mjs';

const PHONE = { width: 390, height: 844 };
const SMALL = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 900 };
const label = ({ width }) => `${width} px`;

const catalog = exampleCatalog();
const ALL = catalog.programs;
const N = ALL.length;
const env = servedSite(site());

const at = (viewport, fn) => inFreshContext(env, fn, { viewport });

/** Where an element is, relative to the viewport. */
const rect = (page, selector) =>
  page.locator(selector).first().evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: r.height, vh: innerHeight };
  });

async function assertInView(page, selector, what) {
  const r = await rect(page, selector);
  assert.ok(r.height > 0 && r.top >= 0 && r.bottom <= r.vh, `${what} is in the viewport: top ${r.top}, bottom ${r.bottom}, viewport ${r.vh}`);
}

async function assertNoSideScroll(page, what) {
  const r = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, vw: innerWidth }));
  assert.ok(r.width <= r.vw, `${what}: the page is ${r.width} px wide in a ${r.vw} px viewport`);
}

// The value of a facet that narrows the example to some but not all programs.
const [STATE] = [...countBy(ALL, 'state')].filter(([, n]) => n < N).sort((a, b) => b[1] - a[1])[0];
const IN_STATE = filter(ALL, { state: [STATE] }).length;

describe('layout', () => {
  for (const viewport of [SMALL, PHONE, DESKTOP]) {
    test(`no sideways page scroll at ${label(viewport)}, with the panel closed and open`, () =>
      at(viewport, async (page) => {
        await openSearch(page, env.server);
        await assertNoSideScroll(page, '/programs/');
        await openFilters(page);
        await assertNoSideScroll(page, '/programs/ with the filters open');
        await box(page, 'state', STATE).check();
        await closeFilters(page);
        await waitStatus(page, IN_STATE, N);
        await assertNoSideScroll(page, '/programs/ with a chip');
      }));
  }

  test('at 390 × 844 with nothing chosen, the first result starts on the first screen', () =>
    at(PHONE, async (page) => {
      await openSearch(page, env.server);
      assert.equal(await page.locator('dialog#filters[open]').count(), 0, 'the panel starts closed');
      assert.equal(await page.locator('form#search fieldset.facet').first().isVisible(), false, 'the facets are behind the button');
      const card = await rect(page, 'ol#results > li > article.card');
      assert.ok(card.top < PHONE.height, `the first card's top is ${card.top} px, below the first screen`);
      await assertInView(page, '#status', 'the count');
      await assertInView(page, '#filters-open', 'the Filters button');
    }));

  test('on a wide screen the filters are a sidebar beside the results, with no Filters button', () =>
    at(DESKTOP, async (page) => {
      await openSearch(page, env.server);
      assert.equal(await page.locator('#filters-open').isVisible(), false);
      assert.equal(await page.locator('#filters-done').isVisible(), false);
      const facet = page.locator(`form#search fieldset.facet[data-facet="state"]`);
      assert.ok(await facet.isVisible(), 'the facets are shown');
      const [form, results] = await Promise.all([rect(page, 'form#search'), rect(page, 'ol#results')]);
      assert.ok(results.top < form.bottom, 'the results sit beside the form, not below it');
    }));
});

describe('the filter panel', () => {
  test('by keyboard: Enter opens it as a named dialog, Tab stays inside, Escape closes it, focus returns', () =>
    at(PHONE, async (page) => {
      await openSearch(page, env.server);
      const button = page.locator('#filters-open');
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      assert.equal(await button.getAttribute('aria-controls'), 'filters');
      await button.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Filters' });
      await dialog.waitFor();
      assert.ok(await page.evaluate(() => document.querySelector('dialog#filters').matches(':modal')), 'a modal dialog');
      assert.equal(await button.getAttribute('aria-expanded'), 'true');
      const inside = () => page.evaluate(() => document.querySelector('dialog#filters').contains(document.activeElement));
      assert.ok(await inside(), 'focus moved into the panel');
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press('Tab');
        assert.ok(await inside(), `focus is still in the panel after ${i + 1} Tab presses`);
      }
      // A checkbox ticked by keyboard, in the panel.
      await eventually(async () => {
        await page.keyboard.press('Tab');
        assert.ok(await page.evaluate(() => document.activeElement.matches('fieldset.facet input[type=checkbox]:not(:disabled)')));
      });
      await page.keyboard.press('Space');
      await page.keyboard.press('Escape');
      await page.locator('dialog#filters[open]').waitFor({ state: 'detached' });
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      assert.ok(await page.evaluate(() => document.activeElement?.id === 'filters-open'), 'focus is back on the Filters button');
      assert.match((await button.textContent()).trim(), /^Filters \(1\)$/, 'the button counts the active filters');
    }));

  test('"Show N programs" says the count, closes the panel, and the count and chips are in view', () =>
    at(PHONE, async (page) => {
      await openSearch(page, env.server);
      // From deep in the list, where the count has scrolled away.
      await page.locator('ol#results > li').last().scrollIntoViewIfNeeded();
      await openFilters(page);
      await box(page, 'state', STATE).check();
      const done = page.locator('#filters-done');
      await eventually(async () => assert.equal((await done.textContent()).trim(), `Show ${IN_STATE} program${IN_STATE === 1 ? '' : 's'}`));
      assert.ok(await done.isVisible(), 'the button is on screen in the panel');
      // The page's #status is inert behind the modal panel: the panel has its own.
      const live = page.locator('dialog#filters [role=status]');
      await eventually(async () => assert.equal((await live.textContent()).trim(), `Showing ${IN_STATE} of ${N} programs`));
      const r = await rect(page, '#filters-done');
      assert.ok(r.bottom <= r.vh, 'at the bottom of the panel, in view');
      await done.click();
      await page.locator('dialog#filters[open]').waitFor({ state: 'detached' });
      await waitStatus(page, IN_STATE, N);
      await assertInView(page, '#status', 'the count');
      await assertInView(page, `#chips button[data-key="state"][data-value="${STATE}"]`, 'the chip');
      assert.ok(await page.evaluate(() => document.activeElement?.id === 'filters-open'), 'focus is back on the Filters button');
    }));

  test('every change in the panel updates "Show N programs" to the count', () =>
    at(PHONE, async (page) => {
      await openSearch(page, env.server);
      await openFilters(page);
      const done = page.locator('#filters-done');
      const kinds = [...countBy(ALL, 'kind')].map(([v]) => v);
      const chosen = [];
      for (const kind of kinds.slice(0, 2)) {
        await box(page, 'kind', kind).check();
        chosen.push(kind);
        const n = filter(ALL, { kind: chosen }).length;
        await eventually(async () => assert.equal((await done.textContent()).trim(), `Show ${n} program${n === 1 ? '' : 's'}`));
        await waitStatus(page, n, N);
      }
    }));

  test('on a wide screen the count and chips stay in view after ticking a filter low in the sidebar', () =>
    at(DESKTOP, async (page) => {
      await openSearch(page, env.server);
      const last = page.locator('form#search fieldset.facet input[type=checkbox]:not(:disabled)').last();
      await last.scrollIntoViewIfNeeded();
      await last.check();
      await eventually(async () => {
        assert.notEqual((await page.locator('#status').textContent()).trim(), `Showing ${N} of ${N} programs`);
      });
      await assertInView(page, '#status', 'the count');
      await assertInView(page, '#chips button[data-key]', 'the chip');
    }));

  for (const viewport of [PHONE, DESKTOP]) {
    test(`axe: no WCAG violations at ${label(viewport)}`, () =>
      at(viewport, async (page) => {
        await openSearch(page, env.server);
        await assertNoViolations(page, `/programs/ at ${label(viewport)}`);
        await openFilters(page);
        await box(page, 'state', STATE).check();
        await page.locator('#chips button[data-key]').first().waitFor({ state: 'attached' });
        await assertNoViolations(page, `/programs/ at ${label(viewport)} with a filter ticked${viewport === PHONE ? ', the panel open' : ''}`);
      }));
  }
});

describe('layout shift while loading', () => {
  // Sum of layout-shift entries not caused by input (buffered: those before the observer too).
  const cls = (page) =>
    page.evaluate(
      () =>
        new Promise((resolve) => {
          // The buffered entries all come in the observer's first callback; with
          // no shift at all there is no callback (the timeout: a hang guard, sum 0).
          const none = setTimeout(() => resolve({ sum: 0, sources: [] }), 2_000);
          new PerformanceObserver((list, observer) => {
            observer.disconnect();
            clearTimeout(none);
            let sum = 0;
            const sources = [];
            for (const e of list.getEntries()) {
              if (e.hadRecentInput) continue;
              sum += e.value;
              for (const s of e.sources) sources.push(`${s.node?.nodeName ?? '?'}.${s.node?.className ?? ''}`);
            }
            resolve({ sum, sources });
          }).observe({ type: 'layout-shift', buffered: true });
        }),
    );
  const first = ALL[0];
  const pages = [
    ['programs/', (page) => openSearch(page, env.server)],
    ['', null],
    [`programs/${first.slug}/`, (page) => page.locator('.star-slot button.star').waitFor()],
    ['compare/', null],
  ];
  for (const viewport of [PHONE, DESKTOP]) {
    for (const [path, ready] of pages) {
      test(`/${path} at ${label(viewport)}: cumulative layout shift below 0.05`, () =>
        at(viewport, async (page) => {
          if (ready && path === 'programs/') await ready(page);
          else {
            await page.goto(env.server.url(path), { waitUntil: 'networkidle' });
            if (ready) await ready(page);
          }
          // Let the script's last changes reach the screen.
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          const { sum, sources } = await cls(page);
          assert.ok(sum < 0.05, `/${path}: layout shift ${sum.toFixed(3)} (moved: ${[...new Set(sources)].join(', ')})`);
        }));
    }
  }
});

describe('a long facet (the fixture: 66 hospitals)', () => {
  const big = fixtureCatalog();
  const hospitals = countBy(big.programs, 'hospital');
  const fixture = servedSite(fixtureSite());
  const visibleOptions = (page) =>
    page
      .locator('form#search fieldset.facet[data-facet="hospital"] label:has(input[type=checkbox])')
      .evaluateAll((ls) => ls.filter((l) => l.checkVisibility()).map((l) => l.querySelector('input').value));

  // The visible options are the `n` with most matches (and any checked), no fewer matches than the hidden.
  async function assertMostUseful(page, n, checked = []) {
    const all = await options(page, 'hospital');
    const shown = new Set(await visibleOptions(page));
    assert.equal(all.length, hospitals.size, 'every option is in the form');
    const others = [...shown].filter((v) => !checked.includes(v));
    assert.ok(others.length <= n && others.length >= n - checked.length, `the ${n} most useful are shown (and the checked): ${[...shown]}`);
    for (const v of checked) assert.ok(shown.has(v), `the checked ${v} is shown`);
    const unchecked = all.filter((o) => !checked.includes(o.value));
    const minShown = Math.min(...unchecked.filter((o) => shown.has(o.value)).map((o) => o.count));
    const maxHidden = Math.max(...unchecked.filter((o) => !shown.has(o.value)).map((o) => o.count));
    assert.ok(minShown >= maxHidden, `the shown have the most matches: ${minShown} < ${maxHidden}`);
  }

  test('"Show all", the most useful first, and type to filter, in the phone panel', () =>
    inFreshContext(
      fixture,
      async (page) => {
        await openSearch(page, fixture.server);
        await openFilters(page);
        const set = page.locator('form#search fieldset.facet[data-facet="hospital"]');
        const load = set.getByRole('button', { name: new RegExp(`^Show all ${hospitals.size}\\b`) });
        await load.click();
        await set.locator('input[type=checkbox]').nth(hospitals.size - 1).waitFor({ state: 'attached' });
        await eventually(async () => assert.equal((await visibleOptions(page)).length, hospitals.size, 'all shown once asked for'));
        const find = set.getByRole('searchbox', { name: /filter hospital options/i });
        assert.ok(await find.isVisible(), 'a box to type in');
        await find.fill('Clone Hospital 17');
        await eventually(async () => assert.deepEqual(await visibleOptions(page), [cloneHospital(17)]));
        await find.fill('clone');
        await eventually(async () => assert.equal((await visibleOptions(page)).length, 60));
        await find.fill('no such hospital');
        await eventually(async () => assert.equal((await visibleOptions(page)).length, 0));
        assert.ok(await set.getByText('No option matches.').isVisible());
        await find.fill('');
        assert.equal(new URL(page.url()).search, '', 'typing in the box filters the options, not the programs');
        const toggle = set.getByRole('button', { name: 'Show fewer' });
        assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
        await toggle.click();
        await eventually(() => assertMostUseful(page, 6));
        const again = set.getByRole('button', { name: `Show all ${hospitals.size}` });
        assert.equal(await again.getAttribute('aria-expanded'), 'false');
        await assertNoViolations(page, 'the panel with a long facet');
        await again.click();
        await eventually(async () => assert.equal((await visibleOptions(page)).length, hospitals.size));
        await box(page, 'hospital', cloneHospital(17)).check();
        await closeFilters(page);
        await waitStatus(page, 1, big.programs.length);
      },
      { viewport: PHONE },
    ));

  test('named in the URL: the most useful options and the checked one, with "Show all"', () =>
    inFreshContext(
      fixture,
      async (page) => {
        await openSearch(page, fixture.server, `?hospital=${cloneHospital(42)}`);
        await waitStatus(page, 1, big.programs.length);
        await eventually(() => assertMostUseful(page, 6, [cloneHospital(42)]));
        const set = page.locator('form#search fieldset.facet[data-facet="hospital"]');
        assert.equal(await set.getByRole('button', { name: `Show all ${hospitals.size}` }).count(), 1);
      },
      { viewport: DESKTOP },
    ));
});
