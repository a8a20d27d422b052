// Helpers that drive /programs/ through the DOM contract of issue 3:
// form#search, input#q, fieldset.facet[data-facet] checkboxes with span.count,
// range inputs, select#sort, #status, #chips, ol#results, button.star, a#compare-link;
// and of issue 11: on narrow screens the filters (ranges and facets) are in
// dialog#filters, opened by button#filters-open and closed by #filters-done
// ("Show N programs"); from 60rem they are a sidebar, always shown.

import assert from 'node:assert/strict';

export const STATUS_RE = /^Showing (\d+) of (\d+) programs$/;

export const box = (page, facet, value) =>
  page.locator(`form#search fieldset.facet[data-facet="${facet}"] input[type=checkbox][name="${facet}"][value="${value}"]`);

/** Open /programs/ (with an optional query string) and wait for the search UI. */
export async function openSearch(page, server, search = '') {
  const res = await page.goto(server.url('programs/') + search, { waitUntil: 'load' });
  assert.equal(res.status(), 200);
  await page.locator('form#search').waitFor({ state: 'visible' });
  await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#status')?.textContent.trim() ?? ''), STATUS_RE.source);
}

/** Whether the filters are behind the Filters button (a narrow viewport). */
export const filtersInPanel = (page) => page.locator('#filters-open').isVisible();

/** Open the filter panel on a narrow viewport (nothing to do on a wide one). */
export async function openFilters(page) {
  if (!(await filtersInPanel(page))) return;
  await page.locator('#filters-open').click();
  await page.locator('dialog#filters[open]').waitFor();
}

/** Close the filter panel by its "Show N programs" button, if it is open. */
export async function closeFilters(page) {
  if (!(await page.locator('dialog#filters[open]').count())) return;
  await page.locator('#filters-done').click();
  await page.locator('dialog#filters[open]').waitFor({ state: 'detached' });
}

export async function statusText(page) {
  return (await page.locator('#status').textContent()).trim();
}

/** Wait until #status says `Showing shown of total programs` (it is debounced). */
export async function waitStatus(page, shown, total) {
  const want = `Showing ${shown} of ${total} programs`;
  try {
    await page.waitForFunction((w) => document.querySelector('#status')?.textContent.trim() === w, want, { timeout: 5_000 });
  } catch {
    assert.equal(await statusText(page), want, '#status');
  }
}

/**
 * Wait for the search to settle after an input whose outcome the test cannot
 * predict exactly: #status has changed from `before`, the number of visible cards
 * agrees with it (up to `pageSize` are shown at once), `q` (if given) is the
 * query in the URL, and all that has held unchanged for `quiet` ms.
 */
export async function settle(page, before, { q = null, pageSize = 50, quiet = 400 } = {}) {
  const deadline = Date.now() + 8_000;
  let last = null;
  let since = 0;
  for (;;) {
    const now = await page.evaluate(
      ([b, re, size, q]) => {
        const text = document.querySelector('#status')?.textContent.trim() ?? '';
        const m = new RegExp(re).exec(text);
        if (!m || text === b) return null;
        if (q !== null && new URL(location.href).searchParams.get('q') !== q) return null;
        const cards = [...document.querySelectorAll('ol#results > li > article.card')].filter((e) => e.checkVisibility());
        if (cards.length !== Math.min(Number(m[1]), size)) return null;
        return text + '|' + cards.map((c) => c.dataset.program).join(',');
      },
      [before, STATUS_RE.source, pageSize, q],
    );
    if (now !== null && now === last) {
      if (Date.now() - since >= quiet) return resultSlugs(page);
    } else {
      last = now;
      since = Date.now();
    }
    if (Date.now() > deadline) {
      throw new Error(`the search did not settle: #status "${await statusText(page)}" (was "${before}"), URL ${page.url()}`);
    }
    await page.waitForTimeout(50);
  }
}

/** The slugs of the result cards a visitor sees, in order. */
export async function resultSlugs(page) {
  assert.equal(await page.locator('#results').count(), 1, 'exactly one #results');
  return page
    .locator('ol#results > li > article.card[data-program]')
    .evaluateAll((els) => els.filter((e) => e.checkVisibility()).map((e) => e.dataset.program));
}

/**
 * Retry `check` (an async function that throws on failure) until it passes or
 * `timeout` ms have gone by; then throw its last error. The UI re-renders
 * asynchronously (debounce, index chunks), so a test states what must become
 * true rather than guessing when.
 */
export async function eventually(check, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Wait until #status shows `expected.length` of `total` and the visible cards
 * are exactly `expected` (as a set); returns their order. With `ordered`, the
 * order must also pass `ordered(order)` (which throws otherwise).
 */
export async function expectResults(page, expected, total, label = '', ordered = null) {
  const want = expected.slice().sort();
  return eventually(async () => {
    assert.equal(await statusText(page), `Showing ${expected.length} of ${total} programs`, `#status ${label}`);
    const got = await resultSlugs(page);
    assert.deepEqual(got.slice().sort(), want, `results ${label}`);
    if (ordered) ordered(got);
    return got;
  });
}

/** The number in an option's span.count. */
export async function countOf(page, facet, value) {
  const label = page.locator(`form#search fieldset.facet[data-facet="${facet}"] label`, { has: box(page, facet, value) });
  const text = await label.locator('span.count').textContent();
  const m = /\d+/.exec(text);
  assert.ok(m, `count of ${facet}=${value} is a number: ${text}`);
  return Number(m[0]);
}

/** Every option of a facet: `{ value, count, disabled, checked }`. */
export async function options(page, facet) {
  return page.locator(`form#search fieldset.facet[data-facet="${facet}"] label`).evaluateAll((labels, facet) =>
    labels
      .map((l) => {
        const input = l.querySelector(`input[type=checkbox][name="${facet}"]`);
        if (!input) return null;
        const m = /\d+/.exec(l.querySelector('span.count')?.textContent ?? '');
        return { value: input.value, count: m ? Number(m[0]) : null, disabled: input.disabled, checked: input.checked };
      })
      .filter(Boolean),
  facet);
}

export const params = (page) => new URL(page.url()).searchParams;

/** The query string as sorted [key, value] pairs (order of keys is not part of the contract). */
export const paramPairs = (page) => [...params(page)].sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));

/** Set a number input and commit it (change event on leaving the field). */
export async function setRange(page, id, value) {
  const input = page.locator(`form#search input[type=number]#${id}`);
  await input.fill(String(value));
  await input.press('Tab');
}

/** Press Tab until the focused element matches `selector` (at most `max` times). */
export async function tabTo(page, selector, max = 250, key = 'Tab') {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i + 1;
  }
  throw new Error(`${selector} never got keyboard focus in ${max} presses of ${key}`);
}

/** Whether the focused element shows a visible focus indicator (outline or box-shadow). */
export async function focusVisible(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const s = getComputedStyle(el);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  });
}
