// The site under the policy its own `_headers` gives (docs/security.md): the
// test server sends that header, every page also carries it as a <meta>, and
// no page breaks it — on the home page, /programs/ with filters and a query
// used, a program page and /compare/ with programs in it, with JavaScript on
// and off, at 320, 390 and 1280 px. A violation shows either as a
// `securitypolicyviolation` event (recorded by browser.mjs before the page's
// scripts run) or as a console error ("Refused to …"); both fail the test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { go, open } from './browser.mjs';
import { sitePolicy } from './server.mjs';
import { servedSite } from './setup.mjs';
import { site, exampleCatalog } from './sites.mjs';
import { box, closeFilters, openFilters, openSearch, settle, statusText } from './ui.mjs';

const env = servedSite(site());
const ALL = exampleCatalog().programs;
const VIEWPORTS = [320, 390, 1280];

/** Runs `fn(page, problems)` in a fresh context, then requires no problem and no violation. */
async function clean(fn, options) {
  const { page, context, problems, assertClean } = await open(env.browser, env.server, options);
  const refused = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) refused.push(msg.text());
  });
  try {
    await fn(page);
    const violations = options?.javaScriptEnabled === false ? [] : await page.evaluate(() => window.__cspViolations);
    assert.deepEqual(violations, [], 'securitypolicyviolation events');
    assert.deepEqual(refused, [], 'CSP messages on the console');
    await assertClean();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
}

test('the test server sends the policy of _headers, and it is strict', async () => {
  const policy = sitePolicy(site());
  assert.match(policy, /(^|; )script-src 'self'(;|$)/);
  assert.match(policy, /(^|; )object-src 'none'(;|$)/);
  assert.match(policy, /(^|; )frame-ancestors 'none'$/);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
  const res = await fetch(env.server.url(''));
  assert.equal(res.headers.get('content-security-policy'), policy);
  const html = await res.text();
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(meta, 'the home page carries the policy as a <meta>');
  assert.equal(meta[1].replaceAll('&#39;', "'"), policy.replace("; frame-ancestors 'none'", ''));
});

for (const width of VIEWPORTS) {
  const viewport = { width, height: 800 };

  test(`no violation on the home page and a program page at ${width} px`, () =>
    clean(async (page) => {
      await go(page, env.server.url(''));
      await page.locator('main').waitFor();
      await go(page, env.server.url(`programs/${ALL[0].slug}/`));
      await page.locator('main h1').waitFor();
    }, { viewport }));

  test(`no violation on /programs/ with filters and a query used at ${width} px`, () =>
    clean(async (page) => {
      await openSearch(page, env.server);
      const before = await statusText(page);
      await openFilters(page);
      // A specialty that narrows the list, so the status must change.
      const counts = new Map();
      for (const p of ALL) counts.set(p.facets.specialty[0], (counts.get(p.facets.specialty[0]) ?? 0) + 1);
      const specialty = [...counts].find(([, n]) => n < ALL.length)[0];
      await box(page, 'specialty', specialty).check();
      await closeFilters(page);
      await settle(page, before);
      const word = ALL.find((p) => p.facets.specialty[0] === specialty).title.split(/\s+/)[0];
      await page.locator('input#q').fill(word);
      await page.waitForURL((u) => u.searchParams.get('q') === word);
      await page.locator('ol#results article.card button.star').first().click();
    }, { viewport }));

  test(`no violation on /compare/ with programs at ${width} px`, () =>
    clean(async (page) => {
      await go(page, env.server.url(`compare/?p=${ALL[0].slug},${ALL[1].slug}`));
      await page.locator('table#compare').waitFor();
    }, { viewport }));
}

test('with JavaScript off, /programs/ applies its <noscript> style under the policy', () =>
  clean(async (page) => {
    await go(page, env.server.url('programs/'));
    assert.equal(await page.locator('form#search').isVisible(), false, 'the search form stays hidden');
    assert.ok(await page.locator('ol#results article.card, main article.card').count() > 0);
  }, { javaScriptEnabled: false }));

test('every page of the built site names its assets by fingerprint', () => {
  const root = site();
  const assets = fs.readdirSync(path.join(root, 'assets'));
  assert.ok(assets.every((f) => /\.[0-9a-f]{10}\.[a-z0-9]+$/.test(f)), assets.join(', '));
  const home = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  assert.match(home, /href="\/assets\/style\.[0-9a-f]{10}\.css"/);
  assert.match(home, /src="\/assets\/catalog\.[0-9a-f]{10}\.js"/);
});
