// Zero WCAG 2.2 A/AA violations (axe-core) on the pages the issue names, with
// JavaScript on (the search UI and compare table as a visitor sees them), and on
// the search UI with filters applied and the no-JS list.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go } from './browser.mjs';
import { servedSite, inFreshContext } from './setup.mjs';
import { site, exampleCatalog } from './sites.mjs';
import { assertNoViolations } from './axe.mjs';

const catalog = exampleCatalog();
const [first, second, third] = catalog.programs;
const env = servedSite(site());

async function check(path, { javaScriptEnabled = true, ready } = {}) {
  // axe itself needs JavaScript; "JavaScript off" is simulated by serving the
  // site's scripts empty, which leaves the server-rendered DOM as is.
  await inFreshContext(env, async (page) => {
    if (!javaScriptEnabled) {
      await page.route('**/*.js', (route) =>
        route.fulfill({ status: 200, contentType: 'text/javascript', body: '/* disabled by the test */' }),
      );
    }
    await go(page, env.server.url(path));
    if (ready) await ready(page);
    await assertNoViolations(page, `${path}${javaScriptEnabled ? '' : ' (JavaScript off)'}`);
  });
}

const searchReady = (page) => page.locator('form#search').waitFor({ state: 'visible' });

test('home page /', () => check(''));
test('a program page', () => check(`programs/${first.slug}/`));
test('/faq/', () => check('faq/'));
test('/programs/ with the search UI', () => check('programs/', { ready: searchReady }));
test('/programs/ with filters, a query and a chip', () =>
  check(`programs/?q=${encodeURIComponent(first.title.split(' ')[0])}&specialty=${first.facets.specialty[0]}&sort=title`, {
    ready: async (page) => {
      await searchReady(page);
      await page.locator('#chips button[data-key]').first().waitFor();
    },
  }));
test('/programs/ with JavaScript off', () => check('programs/', { javaScriptEnabled: false }));
test('/compare/ with three programs', () =>
  check(`compare/?p=${first.slug},${second.slug},${third.slug}`, {
    ready: (page) => page.locator('table#compare th[scope=col]').nth(2).waitFor(),
  }));
test('/compare/ with an empty shortlist', () => check('compare/'));

// WCAG 2.2 1.4.10 Reflow (AA), which axe cannot check: at 320 CSS pixels wide
// the page itself never scrolls sideways. A wide data table may scroll inside
// its own container (tables are exempt), but must not widen the page.
const REFLOW_PAGES = ['', 'programs/', `programs/${first.slug}/`, 'faq/', `compare/?p=${first.slug},${second.slug},${third.slug}`];
for (const path of REFLOW_PAGES) {
  test(`reflow at 320 px: /${path}`, async () => {
    await inFreshContext(
      env,
      async (page) => {
        await go(page, env.server.url(path));
        if (path.startsWith('compare/')) await page.locator('table#compare th[scope=col]').nth(2).waitFor();
        if (path === 'programs/') await searchReady(page);
        const r = await page.evaluate(() => ({
          width: document.documentElement.scrollWidth,
          wide: [...document.querySelectorAll('main *')]
            .filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
            .slice(0, 3)
            .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')),
        }));
        assert.ok(r.width <= 320, `/${path} is ${r.width} px wide at a 320 px viewport; too wide: ${r.wide.join(', ')}`);
      },
      { viewport: { width: 320, height: 640 } },
    );
  });
}
