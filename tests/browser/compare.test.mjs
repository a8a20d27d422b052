// /compare/: the table of decision facts for up to four programs, from ?p= or
// from the shortlist in localStorage; unknown slugs reported, never a crash.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go, expect404 } from './browser.mjs';
import { servedSite, inFreshContext } from './setup.mjs';
import { site, exampleCatalog } from './sites.mjs';
import { usd } from './catalog.mjs';
import { openSearch } from './ui.mjs';

export const FACTS = ['kind', 'eligibility', 'cost', 'refund', 'hospital', 'letter', 'dates', 'visa', 'apply', 'verified'];
const MAX = 4;

const catalog = exampleCatalog();
const ALL = catalog.programs;
const bySlug = new Map(ALL.map((p) => [p.slug, p]));

const env = servedSite(site());

const withPage = (fn) => inFreshContext(env, fn);

/** The kind label the program's own page shows (first badge of its header). */
async function kindLabel(slug) {
  const html = await (await fetch(env.server.url(`programs/${slug}/`))).text();
  const m = /<span class="badge badge-[a-z-]+">([^<]+)<\/span>/.exec(html);
  assert.ok(m, `kind badge on the page of ${slug}`);
  return m[1].replace(/&amp;/g, '&');
}

const columns = (page) =>
  page.locator('table#compare thead th[scope=col], table#compare tr:first-child th[scope=col]').evaluateAll((ths) =>
    [...new Set(ths)].map((th) => ({ text: th.textContent.trim(), href: th.querySelector('a')?.getAttribute('href') ?? null })),
  );

async function assertTable(page, slugs) {
  await page.locator('table#compare').waitFor();
  const cols = await columns(page);
  assert.equal(cols.length, slugs.length, `one column per program: ${JSON.stringify(cols)}`);
  slugs.forEach((s, i) => {
    assert.ok(cols[i].href?.endsWith(`/programs/${s}/`), `column ${i + 1} links to ${s}: ${cols[i].href}`);
    assert.ok(cols[i].text.includes(bySlug.get(s).title), `column ${i + 1} names ${bySlug.get(s).title}`);
  });
  const facts = await page.locator('table#compare tr[data-fact]').evaluateAll((trs) => trs.map((tr) => tr.dataset.fact));
  assert.deepEqual(facts.slice().sort(), FACTS.slice().sort(), 'one row per decision fact');
  for (const f of FACTS) {
    const row = page.locator(`table#compare tr[data-fact="${f}"]`);
    assert.equal(await row.locator('th[scope=row]').count(), 1, `row ${f} has a row header`);
    assert.ok((await row.locator('th[scope=row]').textContent()).trim().length > 0, `row ${f} header has text`);
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells.length, slugs.length, `row ${f} has one cell per program`);
    cells.forEach((c, i) => assert.ok(c.trim().length > 0, `row ${f}, ${slugs[i]}: not empty`));
  }
  const cell = (f, i) => page.locator(`table#compare tr[data-fact="${f}"] td`).nth(i).innerText();
  for (const [i, s] of slugs.entries()) {
    const p = bySlug.get(s);
    assert.ok((await cell('hospital', i)).includes(p.hospitalName), `hospital of ${s}`);
    assert.ok((await cell('cost', i)).includes(usd(p.lowestTotalCents)), `cost of ${s} shows its lowest total ${usd(p.lowestTotalCents)}`);
    assert.ok((await cell('kind', i)).includes(await kindLabel(s)), `kind of ${s}`);
  }
}

test('?p=a,b,c shows those programs, in that order, with every fact', () =>
  withPage(async (page) => {
    const slugs = [ALL[2].slug, ALL[0].slug, ALL[5].slug];
    await go(page, env.server.url(`compare/?p=${slugs.join(',')}`));
    await assertTable(page, slugs);
  }));

test(`at most ${MAX} programs are compared`, () =>
  withPage(async (page) => {
    const slugs = ALL.slice(0, MAX + 2).map((p) => p.slug);
    await go(page, env.server.url(`compare/?p=${slugs.join(',')}`));
    await page.locator('table#compare').waitFor();
    assert.equal((await columns(page)).length, MAX);
    await assertTable(page, slugs.slice(0, MAX));
  }));

// /compare/ reads each program's facts from its page, so it learns that a slug
// is unknown from that page's 404 (which Chromium logs; expected here, and only
// for that URL). What matters is the message, and that nothing else breaks.
test('unknown slugs are reported in a message, the known ones still compared', () =>
  withPage(async (page) => {
    const known = ALL[1].slug;
    expect404(page, env.server.url('programs/no-such-program/'));
    await go(page, env.server.url(`compare/?p=${known},no-such-program`));
    await assertTable(page, [known]);
    assert.ok((await page.locator('main').innerText()).includes('no-such-program'), 'the unknown slug is named');
  }));

test('only unknown slugs, and markup in a slug, give a message and no table rows', () =>
  withPage(async (page) => {
    const bad = '<img src=x id=injected>';
    expect404(page, env.server.url('programs/nope/'));
    await go(page, env.server.url(`compare/?p=${encodeURIComponent(bad)},nope`));
    await page.waitForFunction(() => document.querySelector('main')?.innerText.includes('nope'));
    assert.equal(await page.locator('#injected, main img[src="x"]').count(), 0, 'a slug is never inserted as HTML');
    assert.equal(await page.locator('table#compare th[scope=col]').count(), 0);
  }));

test('without ?p the shortlist from localStorage is compared', () =>
  withPage(async (page) => {
    await go(page, env.server.url('compare/'));
    assert.equal(await page.locator('table#compare th[scope=col]').count(), 0, 'an empty shortlist shows no columns');
    assert.ok((await page.locator('main').innerText()).trim().length > 0, 'an empty shortlist says something');

    await openSearch(page, env.server);
    const picks = [ALL[4].slug, ALL[1].slug];
    for (const s of picks) await page.locator(`ol#results article.card[data-program="${s}"] button.star`).click();
    await go(page, env.server.url('compare/'));
    await page.locator('table#compare th[scope=col]').nth(1).waitFor();
    const cols = await columns(page);
    assert.deepEqual(
      cols.map((c) => c.href.match(/\/programs\/([^/]+)\/$/)[1]).sort(),
      picks.slice().sort(),
      'the shortlist is compared',
    );
    await assertTable(page, cols.map((c) => c.href.match(/\/programs\/([^/]+)\/$/)[1]));
  }));

test('the compare link from /programs/ opens the same table', () =>
  withPage(async (page) => {
    await openSearch(page, env.server);
    const picks = [ALL[0].slug, ALL[3].slug, ALL[6].slug];
    for (const s of picks) await page.locator(`ol#results article.card[data-program="${s}"] button.star`).click();
    await page.locator('a#compare-link').click();
    await page.waitForURL((u) => u.pathname.endsWith('/compare/') && u.searchParams.has('p'));
    const p = new URL(page.url()).searchParams.get('p').split(',');
    assert.deepEqual(p.slice().sort(), picks.slice().sort());
    await assertTable(page, p);
  }));

test('the apply fact links to the next open start, and a closed program has no link', () =>
  withPage(async (page) => {
    const open = ALL.find((p) => p.open && !p.rolling);
    const closed = ALL.find((p) => !p.open);
    assert.ok(open && closed, 'the example has an open and a closed program');
    // The program page's own apply button is the reference.
    const html = await (await fetch(env.server.url(`programs/${open.slug}/`))).text();
    const href = /<a class="button" href="([^"]+)"/.exec(html)[1].replace(/&amp;/g, '&');
    assert.ok(href.includes(open.openDates[0]), `the page applies for the next open start ${open.openDates[0]}`);
    await go(page, env.server.url(`compare/?p=${open.slug},${closed.slug}`));
    await assertTable(page, [open.slug, closed.slug]);
    const cells = page.locator('table#compare tr[data-fact="apply"] td');
    const links = (i) => cells.nth(i).locator('a').evaluateAll((as) => as.map((a) => a.href));
    assert.ok((await links(0)).includes(href), `apply link of ${open.slug}: ${await links(0)}`);
    assert.ok(!(await links(1)).some((h) => h.startsWith('https://apply.')), `${closed.slug} is closed: no application link`);
    const dates = await page.locator('table#compare tr[data-fact="dates"] td').nth(0).innerText();
    const d = new Date(`${open.openDates[0]}T00:00:00Z`);
    const human = d.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    assert.ok(dates.includes(human) || dates.includes(open.openDates[0]), `dates of ${open.slug} show the next open start (${human}): ${dates}`);
  }));
