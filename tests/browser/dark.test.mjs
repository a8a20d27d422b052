// Dark mode (issue 11.8/11.9): with prefers-color-scheme: dark the theme's
// colours switch, and every page kind still has zero WCAG 2.2 A/AA axe
// violations (colour contrast included) and no horizontal scroll, at phone
// (320, 390 px) and desktop (1280 px) widths.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go } from './browser.mjs';
import { servedSite, inFreshContext } from './setup.mjs';
import { site, exampleCatalog } from './sites.mjs';
import { assertNoViolations } from './axe.mjs';

const catalog = exampleCatalog();
const [first, second, third] = catalog.programs;
const env = servedSite(site());

const PAGES = [
  ['home', '', null],
  ['/programs/', 'programs/', (page) => page.locator('form#search').waitFor({ state: 'visible' })],
  ['a program page', `programs/${first.slug}/`, null],
  ['a hospital page', `hospitals/${first.facets.hospital[0]}/`, null],
  [
    '/compare/',
    `compare/?p=${first.slug},${second.slug},${third.slug}`,
    (page) => page.locator('table#compare tr[data-fact="verified"] td').nth(2).waitFor(),
  ],
];

for (const width of [320, 390, 1280]) {
  for (const [name, path, ready] of PAGES) {
    test(`dark mode at ${width} px: ${name}`, () =>
      inFreshContext(
        env,
        async (page) => {
          await page.emulateMedia({ colorScheme: 'dark' });
          await go(page, env.server.url(path));
          if (ready) await ready(page);
          // The dark scheme is really in force: a dark background behind light text.
          const { bg, ink, scheme } = await page.evaluate(() => {
            const s = getComputedStyle(document.documentElement);
            return { bg: s.backgroundColor, ink: s.color, scheme: s.colorScheme };
          });
          const lum = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0) / 3;
          assert.ok(lum(bg) < 60, `/${path}: background ${bg} is not dark`);
          assert.ok(lum(ink) > 180, `/${path}: text ${ink} is not light`);
          assert.match(scheme, /dark/);
          const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(scroll <= width, `/${path} is ${scroll} px wide at ${width} px (dark mode)`);
          await assertNoViolations(page, `/${path} in dark mode at ${width} px`);
        },
        { viewport: { width, height: width === 1280 ? 900 : 844 } },
      ));
  }
}

test('both schemes have their theme-color', () =>
  inFreshContext(env, async (page) => {
    await go(page, env.server.url(''));
    const metas = await page.evaluate(() =>
      [...document.querySelectorAll('meta[name="theme-color"]')].map((m) => m.media),
    );
    assert.deepEqual(metas.sort(), ['(prefers-color-scheme: dark)', '(prefers-color-scheme: light)']);
  }));
