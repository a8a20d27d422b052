// Whole-site properties: the JavaScript budget, no inline scripts or handlers in
// any page, indexed text inserted as text (fixture with markup in a title), and
// the site working under a base path (/catalog/).

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch, open, go } from './browser.mjs';
import { serve } from './server.mjs';
import { site, baseSite, fixtureSite, exampleCatalog, BASE_MOUNT } from './sites.mjs';
import { filter } from './catalog.mjs';
import { XSS_SLUG, XSS_TITLE } from './make-fixture.mjs';
import { box, openSearch, expectResults, settle } from './ui.mjs';

// 24 KB since issue 15 (each language's search folding and its date and money
// formats); 22 KB since issue 12, 20 KB since issue 11, 15 KB before. See
// docs/performance.md.
const JS_BUDGET = 24 * 1024;

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

describe('built files', () => {
  test(`the JavaScript is at most ${JS_BUDGET} bytes gzipped`, () => {
    const assets = path.join(site(), 'assets');
    const scripts = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
    assert.ok(scripts.length > 0, 'the site has its script under assets/');
    const sizes = scripts.map((f) => [f, zlib.gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length]);
    const total = sizes.reduce((n, [, s]) => n + s, 0);
    assert.ok(total <= JS_BUDGET, `assets/*.js gzipped: ${total} bytes (${sizes.map(([f, s]) => `${f} ${s}`).join(', ')}) > ${JS_BUDGET}`);
  });

  for (const [label, dir] of [
    ['example', site],
    ['example under /catalog/', baseSite],
    ['fixture', fixtureSite],
  ]) {
    test(`${label}: no inline script, no event-handler attribute, no javascript: URL in any page`, () => {
      const pages = walk(dir()).filter((f) => f.endsWith('.html'));
      assert.ok(pages.length > 10);
      for (const file of pages) {
        const html = fs.readFileSync(file, 'utf8');
        const rel = path.relative(dir(), file);
        for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
          const attrs = m[1];
          // Data blocks (JSON-LD, the i18n strings) are never executed, CSP or not.
          if (/\btype\s*=\s*"application\/(ld\+)?json"/i.test(attrs)) continue;
          assert.match(attrs, /\bsrc\s*=/i, `${rel}: an inline <script>: ${m[0].slice(0, 120)}`);
          assert.equal(m[2].trim(), '', `${rel}: a <script src> with a body`);
        }
        for (const tag of html.matchAll(/<([a-z][a-z0-9-]*)((?:\s+[^\s=>"'\/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/gi)) {
          for (const a of tag[2].matchAll(/([^\s=>"'\/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?/g)) {
            const [name, raw = ''] = [a[1].toLowerCase(), a[2]];
            const value = raw.replace(/^["']|["']$/g, '').replace(/&#x?0*58;|&colon;/gi, ':').trim().toLowerCase();
            assert.ok(!name.startsWith('on'), `${rel}: event-handler attribute ${name} in ${tag[0].slice(0, 120)}`);
            if (['href', 'src', 'action', 'formaction'].includes(name)) {
              assert.ok(!value.startsWith('javascript:'), `${rel}: javascript: URL in ${tag[0].slice(0, 120)}`);
            }
          }
        }
      }
    });
  }
});

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

async function withPage(server, fn) {
  const { page, context, assertClean } = await open(browser, server);
  try {
    await fn(page);
    await assertClean();
  } finally {
    await context.close();
  }
}

describe('indexed text is inserted as text (fixture: markup in a title)', () => {
  let server;
  before(async () => {
    server = await serve(fixtureSite());
  });
  after(() => server?.close());

  const assertLiteral = async (page, where) => {
    assert.equal(await page.locator('img[src="x"], h1 b, .card-title b, #compare th b').count(), 0, `${where}: the title's markup became elements`);
    assert.equal(await page.evaluate(() => window.__xss), undefined, `${where}: the title's handler ran`);
  };

  test('the search results show the title literally', () =>
    withPage(server, async (page) => {
      await openSearch(page, server);
      const before = (await page.locator('#status').textContent()).trim();
      await page.locator('input#q').fill('Reading');
      const got = await settle(page, before, { q: 'Reading' });
      assert.ok(got.includes(XSS_SLUG), `a query finds ${XSS_SLUG}: ${got}`);
      const link = page.locator(`ol#results article.card[data-program="${XSS_SLUG}"] a[href$="/programs/${XSS_SLUG}/"]`).first();
      assert.equal((await link.textContent()).trim(), XSS_TITLE);
      await assertLiteral(page, '/programs/');
    }));

  test('the program page and the compare table show the title literally', () =>
    withPage(server, async (page) => {
      await go(page, server.url(`programs/${XSS_SLUG}/`));
      assert.equal((await page.locator('h1').textContent()).trim(), XSS_TITLE);
      await page.locator('main button.star').waitFor();
      await assertLiteral(page, 'program page');
      await go(page, server.url(`compare/?p=${XSS_SLUG}`));
      const th = page.locator('table#compare th[scope=col]').first();
      await th.waitFor();
      assert.ok((await th.textContent()).includes(XSS_TITLE), 'compare header');
      await assertLiteral(page, '/compare/');
    }));
});

describe(`the site under a base path (${BASE_MOUNT})`, () => {
  const catalog = exampleCatalog();
  const ALL = catalog.programs;
  const N = ALL.length;
  let server;
  before(async () => {
    server = await serve(baseSite(), { mount: BASE_MOUNT });
  });
  after(() => server?.close());

  test('search, the URL round-trip, stars and compare stay under the base path', () =>
    withPage(server, async (page) => {
      await openSearch(page, server);
      await expectResults(page, ALL.map((p) => p.slug), N, 'on load');
      const hrefs = await page.locator('ol#results article.card a[href*="/programs/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const h of hrefs) assert.ok(new URL(h, page.url()).pathname.startsWith(`${BASE_MOUNT}programs/`), `card link ${h}`);

      const spec = ALL[0].facets.specialty[0];
      await box(page, 'specialty', spec).check();
      const expected = filter(ALL, { specialty: [spec] }).map((p) => p.slug);
      await expectResults(page, expected, N, `specialty=${spec}`);
      assert.equal(new URL(page.url()).pathname, `${BASE_MOUNT}programs/`);
      await page.reload();
      await page.locator('form#search').waitFor({ state: 'visible' });
      await expectResults(page, expected, N, 'after reload');

      await page.locator(`ol#results article.card[data-program="${expected[0]}"] button.star`).click();
      const href = await page.locator('a#compare-link').getAttribute('href');
      assert.ok(new URL(href, page.url()).pathname === `${BASE_MOUNT}compare/`, `compare link ${href}`);
      await page.locator('a#compare-link').click();
      await page.waitForURL((u) => u.pathname === `${BASE_MOUNT}compare/`);
      const th = page.locator('table#compare th[scope=col] a').first();
      await th.waitFor();
      assert.equal(new URL(await th.getAttribute('href'), page.url()).pathname, `${BASE_MOUNT}programs/${expected[0]}/`);

      const outside = server.requests.filter((r) => !r.startsWith(BASE_MOUNT) && r !== '/favicon.ico');
      assert.deepEqual(outside, [], 'every request stays under the base path');
      assert.deepEqual(server.notFound.filter((r) => r !== '/favicon.ico'), [], 'no missing file');
    }));

  test('without JavaScript the list and its links use the base path', async () => {
    const { page, context, assertClean } = await open(browser, server, { javaScriptEnabled: false });
    try {
      await go(page, server.url('programs/'));
      const hrefs = await page.locator('#results article.card[data-program] a[href*="/programs/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.length >= N);
      for (const h of hrefs) assert.ok(new URL(h, page.url()).pathname.startsWith(`${BASE_MOUNT}programs/`), `link ${h}`);
      await assertClean();
    } finally {
      await context.close();
    }
  });
});
