// Issue 15: the example catalog with its interface in Spanish and in Arabic.
// Each language: <html lang dir>, the theme's strings and the script's (from
// the page's #i18n block) in that language, search and filters working, and
// zero WCAG 2.2 A/AA axe violations at 320, 390 and 1280 px, right to left
// included (the stylesheet's logical properties mirror the layout).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go } from './browser.mjs';
import { servedSite, inFreshContext } from './setup.mjs';
import { esSite, arSite, exampleCatalog } from './sites.mjs';
import { assertNoViolations } from './axe.mjs';
import { openFilters, closeFilters } from './ui.mjs';

const catalog = exampleCatalog();
const [first, second] = catalog.programs;

const LANGUAGES = [
  {
    lang: 'es', dir: null, env: servedSite(esSite()),
    search: 'Buscar programas', showing: /^Mostrando (\d+) de (\d+) programas$/, remove: /^Quitar /, filters: 'Filtros',
  },
  {
    lang: 'ar', dir: 'rtl', env: servedSite(arSite()),
    search: 'ابحث في البرامج', showing: /^عرض (\d+) من (\d+)$/, remove: /^أزل /, filters: 'عوامل التصفية',
  },
];

const status = (page) => page.locator('#status').textContent().then((t) => t.trim());

for (const L of LANGUAGES) {
  test(`${L.lang}: the page's language, direction and interface`, () =>
    inFreshContext(L.env, async (page) => {
      await go(page, L.env.server.url('programs/'));
      const html = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.getAttribute('dir') }));
      assert.deepEqual(html, { lang: L.lang, dir: L.dir });
      assert.equal((await page.locator('label[for="q"]').textContent()).trim(), L.search);
      await page.locator('form#search').waitFor({ state: 'visible' });
      // The script's own text (the status line it rewrites) is in the language too.
      await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#status').textContent.trim()), L.showing.source);
      const [, shown, total] = (await status(page)).match(L.showing);
      assert.equal(Number(total), catalog.programs.length);
      assert.ok(Number(shown) > 0);
      assert.equal((await page.locator('#filters-title').textContent()).trim(), L.filters);
    }));

  test(`${L.lang}: search and a filter narrow the list, the chips speak the language`, () =>
    inFreshContext(L.env, async (page) => {
      await go(page, L.env.server.url('programs/'));
      await page.locator('form#search').waitFor({ state: 'visible' });
      await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#status').textContent.trim()), L.showing.source);
      await page.locator('#q').fill(first.title.split(' ')[0]);
      await page.waitForFunction((re) => {
        const m = document.querySelector('#status').textContent.trim().match(new RegExp(re));
        return m && Number(m[1]) < Number(m[2]);
      }, L.showing.source);
      const chip = page.locator('#chips button').first();
      await chip.waitFor();
      assert.match(await chip.getAttribute('aria-label'), L.remove);
      await page.locator('#clear-all').click();
      await openFilters(page);
      const box = page.locator('form#search fieldset.facet input[type=checkbox]').first();
      await box.check();
      await closeFilters(page);
      await page.waitForFunction(() => document.querySelectorAll('#chips button').length === 1);
      assert.match(await page.locator('#chips button').first().getAttribute('aria-label'), L.remove);
    }));

  // Issue 15.3: dates and money as the language writes them, the same in
  // the page the build wrote, in the cards the script makes after filtering,
  // and in a range chip; each equal to what Chromium's Intl prints (CLDR).
  const dated = catalog.programs.find((p) => p.openDates.length >= 2 && p.facets.status[0] === 'open' && p.lowestTotalCents <= 900000);
  const intl = (page, lang) => page.evaluate(([l, dated]) => {
    const date = (iso) => new Intl.DateTimeFormat(l, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
    const money = (cents) => new Intl.NumberFormat(l, { style: 'currency', currency: 'USD', minimumFractionDigits: cents % 100 ? 2 : 0 }).format(cents / 100);
    return { dates: Object.fromEntries(dated.dates.map((d) => [d, date(d)])), totals: dated.totals.map(money), upTo: money(900000) };
  }, [lang, dated]);

  test(`${L.lang}: a program page writes its dates and money as Intl does`, () =>
    inFreshContext(L.env, async (page) => {
      await go(page, L.env.server.url(`programs/${dated.slug}/`));
      const want = await intl(page, L.lang);
      const shown = await page.locator('ul.sessions li time').evaluateAll((ts) => ts.map((t) => [t.getAttribute('datetime'), t.textContent]));
      assert.ok(shown.length >= 2);
      for (const [iso, text] of shown) assert.equal(text, want.dates[iso], `${L.lang} ${iso}`);
      const costs = await page.locator('table.costs').textContent();
      for (const total of want.totals) assert.ok(costs.includes(total), `${L.lang}: ${total} in the cost table`);
      assert.ok(!/(?<![A-Z])\$\d/.test(costs), `${L.lang}: no English amount in ${costs}`);
    }));

  test(`${L.lang}: a card after filtering writes its start and total as Intl does`, () =>
    inFreshContext(L.env, async (page) => {
      // The second open start's month: the card shows it ("matching start"), written by the script.
      const month = dated.openDates[1].slice(0, 7);
      const iso = dated.openDates.find((d) => d.startsWith(month));
      await go(page, L.env.server.url(`programs/?start=${month}&total_max=9000`));
      const want = await intl(page, L.lang);
      const card = page.locator(`#results article.card[data-program="${dated.slug}"]`);
      await card.waitFor();
      const start = (await card.locator('.card-fact-start dd').textContent()).trim();
      assert.ok(start.startsWith(want.dates[iso]), `${L.lang}: ${start} starts with ${want.dates[iso]}`);
      const total = (await card.locator('.card-fact-total dd').textContent()).trim();
      assert.ok(want.totals.includes(total), `${L.lang}: the card's total ${total} is one of ${want.totals}`);
      const chips = await page.locator('#chips button').evaluateAll((bs) => bs.map((b) => b.textContent));
      assert.ok(chips.some((c) => c.includes(want.upTo)), `${L.lang}: ${want.upTo} in a chip: ${chips}`);
    }));

  const PAGES = [
    ['home', ''],
    ['/programs/', 'programs/'],
    ['a program page', `programs/${first.slug}/`],
    ['/compare/', `compare/?p=${first.slug},${second.slug}`],
  ];
  for (const width of [320, 390, 1280]) {
    for (const [name, path] of PAGES) {
      test(`${L.lang} at ${width} px: ${name} has no axe violation and no horizontal scroll`, () =>
        inFreshContext(
          L.env,
          async (page) => {
            await go(page, L.env.server.url(path));
            if (path.startsWith('programs/') && path.length === 'programs/'.length) await page.locator('form#search').waitFor({ state: 'visible' });
            if (path.startsWith('compare/')) await page.locator('table#compare tr[data-fact="verified"] td').nth(1).waitFor();
            const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(scroll <= width, `/${path} is ${scroll} px wide at ${width} px (${L.lang})`);
            await assertNoViolations(page, `/${path} in ${L.lang} at ${width} px`);
          },
          { viewport: { width, height: width === 1280 ? 900 : 844 } },
        ));
    }
  }
}

test('ar: the layout mirrors: a notice\'s rule and the cost table\'s text are on the right', () =>
  inFreshContext(LANGUAGES[1].env, async (page) => {
    await go(page, LANGUAGES[1].env.server.url(`programs/${first.slug}/`));
    const cell = await page.evaluate(() => getComputedStyle(document.querySelector('table.costs th')).textAlign);
    assert.ok(['start', 'right'].includes(cell), `cost table header aligned ${cell}`);
    const box = await page.evaluate(() => {
      const th = document.querySelector('table.costs th');
      const r = th.getBoundingClientRect();
      const text = document.createRange(); text.selectNodeContents(th);
      const t = text.getBoundingClientRect();
      return { cellRight: r.right, textRight: t.right, cellLeft: r.left, textLeft: t.left };
    });
    assert.ok(box.cellRight - box.textRight < box.textLeft - box.cellLeft, `text hugs the right edge: ${JSON.stringify(box)}`);
  }));
