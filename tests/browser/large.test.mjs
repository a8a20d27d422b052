// The search UI on a larger catalog (the fixture: more than 50 programs, more
// than 64 hospitals): a long facet loaded on demand or from the URL, and every
// result reachable when not all are shown at once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servedSite, inFreshContext } from './setup.mjs';
import { fixtureSite, fixtureCatalog, DATE } from './sites.mjs';
import { countBy, filter } from './catalog.mjs';
import { box, openSearch, expectResults, options, params, resultSlugs, waitStatus } from './ui.mjs';
import { cloneHospital, cloneSlug } from './make-fixture.mjs';
import { assertNoViolations } from './axe.mjs';

const catalog = fixtureCatalog();
const ALL = catalog.programs;
const N = ALL.length;
const byTitle = (a, b) => a.title.localeCompare(b.title, 'en');

const env = servedSite(fixtureSite());

function withSearch(search, fn) {
  return inFreshContext(env, async (page) => {
    await openSearch(page, env.server, search);
    await fn(page);
  });
}

const hospitals = countBy(ALL, 'hospital');

test('the fixture is large', () => {
  assert.ok(N > 50, `${N} programs`);
  assert.ok(hospitals.size > 64, `${hospitals.size} hospitals`);
});

test('a facet with many values: its file arrives after the first results, Show all by keyboard, counts, filter', () =>
  withSearch('', async (page) => {
    const fieldset = page.locator('form#search fieldset.facet[data-facet="hospital"]');
    assert.equal(await fieldset.count(), 1);
    // The facet's file arrives once the first results are up, without a
    // press: then its most useful options show, and "Show all" the rest.
    await fieldset.locator('input[type=checkbox]').first().waitFor({ state: 'visible' });
    const button = fieldset.getByRole('button', { name: /^Show all/ });
    assert.equal(await button.count(), 1, 'a button shows the rest of the options');
    await button.focus();
    await page.keyboard.press('Enter');
    await fieldset.locator('input[type=checkbox]').nth(hospitals.size - 1).waitFor({ state: 'visible' });
    const got = await options(page, 'hospital');
    for (const [value, n] of hospitals) {
      const o = got.find((x) => x.value === value);
      assert.ok(o, `option ${value}`);
      assert.equal(o.count, n, `count of ${value}`);
    }
    await assertNoViolations(page, '/programs/ with a long facet expanded');
    const target = cloneHospital(17);
    await box(page, 'hospital', target).check();
    await expectResults(page, [cloneSlug(17)], N, `hospital=${target}`);
    assert.deepEqual(params(page).getAll('hospital'), [target]);
  }));

test('a value of a long facet named in the URL is applied and shown checked', () =>
  withSearch(`?hospital=${cloneHospital(42)}&hospital=${cloneHospital(3)}`, async (page) => {
    const expected = filter(ALL, { hospital: [cloneHospital(42), cloneHospital(3)] }).map((p) => p.slug);
    await expectResults(page, expected, N, 'from the URL');
    assert.ok(await box(page, 'hospital', cloneHospital(42)).isChecked());
    assert.ok(await box(page, 'hospital', cloneHospital(3)).isChecked());
    assert.equal(await page.locator(`#chips button[data-key="hospital"][data-value="${cloneHospital(42)}"]`).count(), 1);
  }));

test('every result can be reached, in order, by keyboard', () =>
  withSearch('', async (page) => {
    await waitStatus(page, N, N);
    let shown = await resultSlugs(page);
    assert.ok(shown.length > 0);
    for (let round = 0; shown.length < N && round < N; round++) {
      const more = page.locator('#more');
      assert.ok(await more.isVisible(), `only ${shown.length} of ${N} shown, and no visible #more button`);
      await more.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => document.querySelectorAll('ol#results > li > article.card').length > n, shown.length);
      // Cards may arrive in pieces (chunk files): wait until the list is quiet.
      let next = await resultSlugs(page);
      for (let quiet = 0; quiet < 6; ) {
        await page.waitForTimeout(50);
        const now = await resultSlugs(page);
        quiet = now.length === next.length ? quiet + 1 : 0;
        next = now;
      }
      assert.ok(
        await page.evaluate((slug) => document.activeElement.closest('article.card')?.dataset.program === slug, next[shown.length]),
        'focus moves to the first new result',
      );
      shown = next;
    }
    assert.equal(new Set(shown).size, N, 'every program once');
    const key = (p) => (p.soonest === null ? '9999-99-99' : p.soonest === 'rolling' ? DATE : p.soonest);
    const want = ALL.slice().sort((a, b) => key(a).localeCompare(key(b)) || byTitle(a, b) || a.slug.localeCompare(b.slug));
    assert.deepEqual(shown, want.map((p) => p.slug), 'in the default order');
    assert.equal(await page.locator('#more').isVisible().catch(() => false), false, 'no more button once all are shown');
  }));
