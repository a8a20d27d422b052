// With JavaScript disabled: /programs/ lists the programs server-side (50 a page),
// the search form stays hidden, and the specialty, hospital and state pages work
// as browsable facets. Expectations come from the content files.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, go } from './browser.mjs';
import { serve } from './server.mjs';
import { site, fixtureSite, exampleCatalog, fixtureCatalog } from './sites.mjs';
import { filter, usd } from './catalog.mjs';

const PER_PAGE = 50;
let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

async function withPage(server, fn) {
  const { page, context, assertClean } = await open(browser, server, { javaScriptEnabled: false });
  try {
    await fn(page);
    await assertClean();
  } finally {
    await context.close();
  }
}

const cardSlugs = (page, scope = 'main') =>
  page.locator(`${scope} article.card[data-program]`).evaluateAll((els) => els.map((e) => e.dataset.program));

describe('example site', () => {
  const catalog = exampleCatalog();
  let server;
  before(async () => {
    server = await serve(site());
  });
  after(() => server?.close());

  test('/programs/ lists every program, the form stays hidden', () =>
    withPage(server, async (page) => {
      await go(page, server.url('programs/'));
      assert.ok(catalog.programs.length <= PER_PAGE, 'the example fits on one page');
      const form = page.locator('form#search');
      assert.equal(await form.count(), 1, 'the search form is in the HTML');
      assert.equal(await form.getAttribute('hidden'), '', 'the form has the hidden attribute');
      assert.equal(await form.isVisible(), false, 'without JavaScript the form is not shown');
      assert.equal(await page.locator('#results').count(), 1, 'the server-rendered list is #results');
      const slugs = await cardSlugs(page, '#results');
      assert.deepEqual(slugs.slice().sort(), catalog.programs.map((p) => p.slug).sort());
      for (const p of catalog.programs) {
        const link = page.locator(`#results article.card[data-program="${p.slug}"] a[href$="/programs/${p.slug}/"]`).first();
        assert.equal((await link.textContent()).trim(), p.title, `card link of ${p.slug}`);
      }
      assert.equal(await page.locator('button.star').count(), 0, 'shortlist buttons are added by script only');
      assert.equal(await page.locator('a.skip-link[href="#results"]').count(), 1, 'skip link to the results');
      await go(page, server.url('programs/page/2/'), { status: 404 });
    }));

  // The expectations of every other test come from catalog.mjs: check its
  // arithmetic (totals, open starts) against what rotalog itself printed.
  test('the test model of the catalog agrees with the built program pages', () =>
    withPage(server, async (page) => {
      for (const p of catalog.programs) {
        await go(page, server.url(`programs/${p.slug}/`));
        const totals = await page.locator('table.costs tbody tr td:last-child').allInnerTexts();
        assert.deepEqual(totals.map((t) => t.trim()), p.totals.map(usd), `totals of ${p.slug}`);
        const open = await page.locator('ul.sessions li.open time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
        assert.deepEqual(open, p.rolling ? (p.open ? ['rolling'] : []) : p.openDates, `open starts of ${p.slug}`);
      }
    }));

  test('a card link opens the program page', () =>
    withPage(server, async (page) => {
      const p = catalog.programs[0];
      await go(page, server.url('programs/'));
      await page.locator(`#results article.card[data-program="${p.slug}"] a[href$="/programs/${p.slug}/"]`).first().click();
      await page.waitForURL(server.url(`programs/${p.slug}/`));
      assert.equal((await page.locator('h1').textContent()).trim(), p.title);
    }));

  const facetPages = [
    ['specialty', (v) => `specialties/${v}/`],
    ['hospital', (v) => `hospitals/${v}/`],
    ['state', (v) => `states/${v.toLowerCase()}/`],
  ];
  for (const [facet, url] of facetPages) {
    test(`each ${facet} page lists exactly its programs`, () =>
      withPage(server, async (page) => {
        const values = [...new Set(catalog.programs.flatMap((p) => p.facets[facet]))].sort();
        assert.ok(values.length > 1);
        for (const v of values) {
          await go(page, server.url(url(v)));
          const expected = filter(catalog.programs, { [facet]: [v] }).map((p) => p.slug);
          assert.deepEqual((await cardSlugs(page)).sort(), expected.sort(), `${url(v)}`);
        }
      }));
  }

  test('/compare/ answers without JavaScript', () =>
    withPage(server, async (page) => {
      await go(page, server.url(`compare/?p=${catalog.programs[0].slug}`));
      const text = (await page.locator('main').innerText()).trim();
      assert.ok(text.length > 0, '/compare/ says something without JavaScript');
    }));
});

describe('fixture site with more than one page of programs', () => {
  const catalog = fixtureCatalog();
  let server;
  before(async () => {
    server = await serve(fixtureSite());
  });
  after(() => server?.close());

  test('/programs/ is paginated 50 a page, every program once', () =>
    withPage(server, async (page) => {
      const pages = Math.ceil(catalog.programs.length / PER_PAGE);
      assert.ok(pages >= 2, 'the fixture has more than one page');
      const seen = [];
      for (let n = 1; n <= pages; n++) {
        const path = n === 1 ? 'programs/' : `programs/page/${n}/`;
        await go(page, server.url(path));
        assert.equal(await page.locator('form#search').isVisible(), false);
        const slugs = await cardSlugs(page, '#results');
        const expected = n < pages ? PER_PAGE : catalog.programs.length - PER_PAGE * (pages - 1);
        assert.equal(slugs.length, expected, `cards on ${path}`);
        seen.push(...slugs);
        if (n < pages) {
          assert.ok(
            (await page.locator(`a[href$="/programs/page/${n + 1}/"]`).count()) > 0,
            `${path} links to the next page`,
          );
        }
        if (n > 1) {
          const prev = n === 2 ? '/programs/' : `/programs/page/${n - 1}/`;
          assert.ok((await page.locator(`main a[href$="${prev}"]`).count()) > 0, `${path} links to the previous page`);
        }
      }
      assert.deepEqual(seen.slice().sort(), catalog.programs.map((p) => p.slug).sort(), 'every program exactly once');
      await go(page, server.url(`programs/page/${pages + 1}/`), { status: 404 });
    }));
});
