// Issue 12: dates that stay true after the build, the next-step panel, the
// cost table at 320 px and the one-page print summary, in headless Chromium.
// The example is built on 2026-11-22 (sites.mjs DATE); Internal Medicine
// Hands-on in Chicago (apply by 45 days before) has starts on February 1
// (apply by December 18, 2026), March 1 (January 15, 2027) and April 5.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, go } from './browser.mjs';
import { serve } from './server.mjs';
import { site, exampleCatalog } from './sites.mjs';

const PROGRAM = 'programs/im-hands-on-chicago/';
let browser;
let server;
before(async () => {
  browser = await launch();
  server = await serve(site());
});
after(async () => {
  await server?.close();
  await browser?.close();
});

async function withPage(options, fn) {
  const { page, context, assertClean } = await open(browser, server, options);
  try {
    await fn(page);
    await assertClean();
  } finally {
    await context.close();
  }
}

describe('the visitor clock', () => {
  test('past the February deadline, February is closed and March is offered (page, card, compare)', () =>
    withPage({}, async (page) => {
      // December 20, 2026, noon in the visitor's zone: after December 18, before January 15.
      await page.clock.setFixedTime(new Date(2026, 11, 20, 12, 0, 0));
      await go(page, server.url(PROGRAM));
      const feb = page.locator('ul.sessions li[data-start="2027-02-01"]');
      assert.equal(await feb.getAttribute('class'), 'closed');
      assert.equal(await feb.locator('a').count(), 0, 'the passed start has no Apply link');
      assert.match(await feb.textContent(), /Applications closed on December 18, 2026/);
      const header = page.locator('[data-next-apply] a');
      assert.match(await header.getAttribute('href'), /start=2027-03-01/);
      assert.match(await header.textContent(), /March 1, 2027/);
      const panel = page.locator('[data-next-step]');
      assert.equal((await panel.locator('[data-next-step-start]').textContent()).trim(), 'March 1, 2027');
      assert.equal((await panel.locator('[data-next-step-apply-by]').textContent()).trim(), 'Apply by January 15, 2027');
      assert.match(await panel.locator('a').getAttribute('href'), /start=2027-03-01/);
      assert.match(await page.locator('[data-fact="apply"] a[data-apply]').getAttribute('href'), /start=2027-03-01/);
      assert.equal(await page.locator('.timeline-start[data-start="2027-02-01"] .milestones').isVisible(), false);
      assert.equal(await page.locator('.timeline-start[data-start="2027-03-01"] .milestones').isVisible(), true);
      assert.match(await page.locator('[data-as-of]').textContent(), /as of December 20, 2026, by your device's date: one start has closed/);

      // The cards the build rendered (the specialty page) follow the clock too.
      await go(page, server.url('specialties/internal-medicine/'));
      const card = page.locator('article.card[data-program="im-hands-on-chicago"]');
      assert.match(await card.locator('.card-fact-start dd').textContent(), /March 1, 2027\s+Apply by January 15, 2027/);
      assert.match(await card.locator('.card-actions a.button').getAttribute('href'), /start=2027-03-01/);

      // The search results on /programs/ (cards made from the index by card.js).
      await go(page, server.url('programs/?q=hands-on+chicago'));
      const result = page.locator('#results article.card[data-program="im-hands-on-chicago"]');
      await result.waitFor();
      assert.match(await result.locator('.card-fact-start dd').textContent(), /March 1, 2027/);
      assert.match(await result.locator('a.button').getAttribute('href'), /start=2027-03-01/);

      // /compare/ reads the program page as it stands today.
      await go(page, server.url('compare/?p=im-hands-on-chicago'));
      const dates = page.locator('#compare tr[data-fact="dates"] td');
      await dates.first().waitFor();
      assert.match(await dates.first().textContent(), /Next start: March 1, 2027/);
      assert.match(await page.locator('#compare tr[data-fact="apply"] td a').getAttribute('href'), /start=2027-03-01/);
    }));

  test('on the build date nothing changes; without JavaScript the page says "as of" the build date', async () => {
    await withPage({}, async (page) => {
      await page.clock.setFixedTime(new Date(2026, 10, 22, 9, 0, 0));
      await go(page, server.url(PROGRAM));
      assert.equal(await page.locator('ul.sessions li[data-start="2027-02-01"]').getAttribute('class'), 'open');
      assert.match(await page.locator('[data-next-apply] a').getAttribute('href'), /start=2027-02-01/);
    });
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await go(page, server.url(PROGRAM));
      assert.equal((await page.locator('[data-as-of]').textContent()).trim(), 'Open and closed as of November 22, 2026.');
      assert.match(await page.locator('[data-next-step] a').getAttribute('href'), /start=2027-02-01/);
    });
  });

  test('past every deadline the panel says no start is open', () =>
    withPage({}, async (page) => {
      await page.clock.setFixedTime(new Date(2027, 5, 1, 12, 0, 0));
      await go(page, server.url(PROGRAM));
      assert.equal(await page.locator('ul.sessions li.open').count(), 0);
      assert.equal(await page.locator('[data-next-apply]').isVisible(), false);
      assert.equal(await page.locator('[data-none-open]').isVisible(), true);
      assert.equal((await page.locator('.next-step-heading').textContent()).trim(), 'No open start');
      assert.equal(await page.locator('[data-next-step] a').count(), 0);
    }));
});

describe('layout', () => {
  const catalog = exampleCatalog();
  for (const width of [320, 390, 1280]) {
    test(`no program page scrolls sideways at ${width} px; the next step stays in view`, () =>
      withPage({ viewport: { width, height: 800 } }, async (page) => {
        for (const p of catalog.programs) {
          await go(page, server.url(`programs/${p.slug}/`));
          const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(wide <= 0, `${p.slug} at ${width} px scrolls ${wide} px sideways`);
          const table = await page.evaluate(() => { const t = document.querySelector('table.costs'); return t ? t.scrollWidth - t.parentElement.clientWidth : 0; });
          assert.ok(table <= 0, `${p.slug}: the cost table is ${table} px too wide at ${width} px`);
        }
        await go(page, server.url(PROGRAM));
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
        const box = await page.locator('[data-next-step]').boundingBox();
        assert.ok(box && box.y >= 0 && box.y + box.height <= 800 + 1, `the next step is in view at ${width} px: ${JSON.stringify(box)}`);
      }));
  }

  test('a typical program prints on one page (A4 and Letter)', () =>
    withPage({}, async (page) => {
      await go(page, server.url(PROGRAM));
      for (const format of ['A4', 'Letter']) {
        const pdf = await page.pdf({ format, printBackground: false });
        const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
        assert.equal(pages, 1, `${format}: ${pages} pages`);
      }
      await page.emulateMedia({ media: 'print' });
      for (const sel of ['[data-fact="cost"] table.costs', '.timeline-start', '[data-fact="apply"] a[data-apply]', '[data-fact="refund"]']) {
        assert.equal(await page.locator(sel).first().isVisible(), true, `${sel} is printed`);
      }
      assert.equal(await page.locator('[data-next-step]').isVisible(), false);
    }));
});
