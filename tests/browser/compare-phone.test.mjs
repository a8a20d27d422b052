// /compare/ on a phone (issue 11.6): at 360 px every chosen program is readable
// without sideways page scrolling (one block per fact, each value labelled with
// its program), all ten facts, the shortlist state of programs opened from ?p=,
// a share link that copies, and a print view without chrome.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go } from './browser.mjs';
import { servedSite, inFreshContext } from './setup.mjs';
import { site, exampleCatalog } from './sites.mjs';

const catalog = exampleCatalog();
const ALL = catalog.programs;
const env = servedSite(site());
// As compare.test.mjs's FACTS (importing it would run its tests here too).
const FACTS = ['kind', 'eligibility', 'cost', 'refund', 'hospital', 'letter', 'dates', 'visa', 'apply', 'verified'];
const PHONE = { viewport: { width: 360, height: 780 } };
const PICKS = [ALL[0], ALL[3], ALL[6]];
const query = `?p=${PICKS.map((p) => p.slug).join(',')}`;

async function openCompare(page, search = query) {
  await go(page, env.server.url(`compare/${search}`));
  await page.locator('table#compare tr[data-fact="verified"] td').first().waitFor();
}

const pageScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('at 360 px three programs are readable without sideways scrolling, all ten facts', () =>
  inFreshContext(env, async (page) => {
    await openCompare(page);
    assert.equal(FACTS.length, 10);
    assert.ok((await pageScroll(page)) <= 0, `the page scrolls sideways by ${await pageScroll(page)} px`);
    const facts = await page.locator('table#compare tr[data-fact]').evaluateAll((trs) => trs.map((tr) => tr.dataset.fact));
    assert.deepEqual(facts, FACTS, 'the ten facts, in order');
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    // Every value of every program lies inside the screen, under its program's name.
    const cells = await page.locator('table#compare tbody td').evaluateAll((tds) =>
      tds.map((td) => {
        const r = td.getBoundingClientRect();
        return { left: r.left, right: r.right, label: getComputedStyle(td, '::before').content, text: td.innerText.trim(), fact: td.parentElement.dataset.fact };
      }));
    assert.equal(cells.length, FACTS.length * PICKS.length);
    for (const c of cells) {
      assert.ok(c.left >= 0 && c.right <= width + 0.5, `${c.fact} cell ${Math.round(c.left)}–${Math.round(c.right)} inside ${width} px`);
      assert.ok(c.text.length > 0, `${c.fact} has a value`);
      assert.ok(PICKS.some((p) => c.label.includes(p.title)), `${c.fact}: the value is labelled with its program (${c.label})`);
    }
    const verified = await page.locator('table#compare tr[data-fact="verified"] td').allInnerTexts();
    for (const v of verified) assert.match(v, /(November|October|September|\d{4})|Not stated/, `last verified: ${v}`);
    // The table keeps its roles when restyled as blocks.
    assert.equal(await page.getByRole('rowheader', { name: 'Last verified' }).count(), 1);
    assert.equal(await page.getByRole('columnheader').count(), PICKS.length);
  }, PHONE));

test('programs opened from ?p= show whether they are shortlisted, and can be added', () =>
  inFreshContext(env, async (page) => {
    await openCompare(page);
    const stars = page.locator('table#compare thead button.star');
    assert.deepEqual(await stars.evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-pressed'))), ['false', 'false', 'false']);
    const add = page.locator('#compare-add');
    await add.waitFor({ state: 'visible' });
    assert.equal((await add.textContent()).trim(), `Add these ${PICKS.length} programs to my shortlist`);
    // One starred by hand: the button offers the rest.
    await stars.first().click();
    assert.equal((await add.textContent()).trim(), `Add the other ${PICKS.length - 1} to my shortlist`);
    await add.click();
    await add.waitFor({ state: 'hidden' });
    assert.deepEqual(await stars.evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-pressed'))), ['true', 'true', 'true']);
    const stored = await page.evaluate(() => Object.keys(localStorage).map((k) => JSON.parse(localStorage.getItem(k))).flat());
    assert.deepEqual(stored.slice().sort(), PICKS.map((p) => p.slug).sort(), 'the shortlist holds them');
    // Opened again, they show as shortlisted and nothing is offered.
    await openCompare(page);
    assert.deepEqual(await stars.evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-pressed'))), ['true', 'true', 'true']);
    assert.equal(await add.isVisible(), false);
  }, PHONE));

test('the share link is copied, with a visible confirmation', () =>
  inFreshContext(env, async (page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
    // Opened from the shortlist (no ?p=): the link still names the programs.
    await go(page, env.server.url('compare/'));
    await page.evaluate((slugs) => localStorage.setItem('rotalog:shortlist:', JSON.stringify(slugs)), PICKS.map((p) => p.slug));
    await openCompare(page, '');
    const share = page.getByRole('button', { name: 'Copy share link' });
    await share.click();
    const said = page.locator('#compare-share-status');
    await page.waitForFunction(() => document.querySelector('#compare-share-status')?.textContent.startsWith('Link copied'));
    assert.equal(await said.getAttribute('role'), 'status');
    assert.ok(await said.isVisible(), 'the confirmation is visible');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const url = new URL(copied);
    assert.equal(url.pathname, '/compare/');
    assert.equal(url.searchParams.get('p'), PICKS.map((p) => p.slug).join(','));
    assert.ok((await said.textContent()).includes(copied), 'the confirmation shows the link');
    assert.ok((await pageScroll(page)) <= 0, 'the long link does not widen the page');
  }, PHONE));

test('printed, the comparison shows every fact and no navigation or buttons', () =>
  inFreshContext(env, async (page) => {
    await openCompare(page);
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['.site-header nav', '#compare-tools', 'table#compare button.star', '.site-footer']) {
      const shown = await page.locator(sel).evaluateAll((els) => els.filter((e) => e.checkVisibility()).length);
      assert.equal(shown, 0, `${sel} is hidden in print`);
    }
    const rows = await page.locator('table#compare tr[data-fact]').evaluateAll((trs) => trs.filter((t) => t.checkVisibility()).map((t) => t.dataset.fact));
    assert.deepEqual(rows, FACTS, 'every fact prints');
    const cells = await page.locator('table#compare tbody td').evaluateAll((tds) => tds.filter((t) => t.checkVisibility()).length);
    assert.equal(cells, FACTS.length * PICKS.length);
  }, { viewport: { width: 800, height: 1000 } }));
