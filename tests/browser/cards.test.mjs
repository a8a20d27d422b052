// Program cards (issue 11.3 and 11.4): compact on a phone, the deciding facts
// at a glance, the same from the server and from the script, and following the
// chosen start month and length (the start shown, its apply-by date, the total
// and the Apply link), with the query's words marked.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { servedSite, inFreshContext } from './setup.mjs';
import { REPO, site, exampleCatalog } from './sites.mjs';
import { frontMatter, usd } from './catalog.mjs';
import { box, openSearch, settle, setRange, statusText, openFilters, closeFilters } from './ui.mjs';

const catalog = exampleCatalog();
const bySlug = new Map(catalog.programs.map((p) => [p.slug, p]));
const env = servedSite(site());

const PHONE = { width: 390, height: 844 };
// Cards were ~470 px tall at 390 px (one fact per row); about half is the goal.
const MAX_PHONE_CARD_PX = 260;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const human = (iso) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
};
const daysBefore = (iso, days) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) - days * 86400000).toISOString().slice(0, 10);
};
const applyByDays = (slug) =>
  frontMatter(fs.readFileSync(path.join(REPO, 'content', 'programs', `${slug}.md`), 'utf8')).data.apply_by_days ?? 0;

/** What each visible result card shows, by slug. */
const cardFacts = (page) =>
  page.locator('ol#results > li > article.card[data-program]').evaluateAll((cards) =>
    cards
      .filter((c) => c.checkVisibility())
      .map((c) => {
        const fact = (k) => c.querySelector(`.card-fact-${k}`);
        const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
        return {
          slug: c.dataset.program,
          height: c.getBoundingClientRect().height,
          text: text(c),
          kind: c.querySelector('.card-meta .badge')?.className ?? '',
          kindLabel: text(c.querySelector('.card-meta .badge')),
          startLabel: text(fact('start')?.querySelector('dt')),
          start: text(fact('start')?.querySelector('dd')),
          totalLabel: text(fact('total')?.querySelector('dt')),
          total: text(fact('total')?.querySelector('dd')),
          weeks: text(fact('weeks')?.querySelector('dd')),
          seats: text(fact('seats')?.querySelector('dd')),
          letter: text(fact('letter')?.querySelector('dd')),
          visa: text(fact('visa')?.querySelector('dd')),
          apply: c.querySelector('.card-actions a.button')?.getAttribute('href') ?? null,
          marks: [...c.querySelectorAll('mark')].map((m) => m.textContent),
        };
      }),
  );

test('at 390 px every card is under 260 px tall, in two columns of facts', async () => {
  await inFreshContext(env, async (page) => {
    await openSearch(page, env.server);
    const cards = await cardFacts(page);
    assert.equal(cards.length, catalog.programs.length);
    for (const c of cards) assert.ok(c.height < MAX_PHONE_CARD_PX, `${c.slug} is ${Math.round(c.height)} px tall at 390 px`);
    const columns = await page.locator('ol#results article.card .card-facts').first().evaluate((dl) =>
      new Set([...dl.children].map((d) => Math.round(d.getBoundingClientRect().left))).size);
    assert.equal(columns, 2, 'two columns of facts on a phone');
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(scroll <= 0, `no horizontal scroll (${scroll} px)`);
  }, { viewport: PHONE });
});

test('a card shows type, hospital and place, lengths, total, start with apply-by, seats, letter and visa', async () => {
  await inFreshContext(env, async (page) => {
    await openSearch(page, env.server);
    for (const c of await cardFacts(page)) {
      const p = bySlug.get(c.slug);
      assert.ok(c.kind.split(' ').includes(`badge-${p.facets.kind[0]}`) && c.kindLabel, `${c.slug}: experience type ${p.facets.kind[0]}`);
      assert.ok(c.text.includes(`${p.hospitalName}, ${p.city}, ${p.facets.state[0]}`), `${c.slug}: hospital, city, state in "${c.text}"`);
      assert.equal(c.totalLabel, 'Total from', c.slug);
      assert.equal(c.total, usd(p.lowestTotalCents), `${c.slug}: total from`);
      for (const w of p.weeks) assert.ok(c.weeks.includes(String(w)), `${c.slug}: length ${w} in "${c.weeks}"`);
      assert.match(c.seats, /^(\d+ per start|Not stated)$/, `${c.slug}: seats`);
      assert.ok(c.letter && c.visa, `${c.slug}: letter and visa`);
      assert.equal(c.startLabel, 'Next start', c.slug);
      if (p.soonest && p.soonest !== 'rolling') {
        const by = human(daysBefore(p.soonest, applyByDays(c.slug)));
        assert.ok(c.start.startsWith(human(p.soonest)), `${c.slug}: next start ${human(p.soonest)} in "${c.start}"`);
        assert.ok(c.start.includes(`Apply by ${by}`), `${c.slug}: apply by ${by} in "${c.start}"`);
      }
    }
  }, { viewport: PHONE });
});

test('script-made cards say what the server-rendered ones say', async () => {
  await inFreshContext(env, async (page) => {
    await openSearch(page, env.server);
    const server = new Map((await cardFacts(page)).map((c) => [c.slug, c.text]));
    // A sort the URL carries: every card comes from the templates.
    await openSearch(page, env.server, '?sort=title');
    const made = await cardFacts(page);
    assert.equal(made.length, server.size);
    for (const c of made) assert.equal(c.text, server.get(c.slug), `${c.slug}: the same card both ways`);
  });
});

test('with March 2027 chosen, each card shows its March start, apply-by and Apply link', async () => {
  await inFreshContext(env, async (page) => {
    await openSearch(page, env.server);
    const before = await statusText(page);
    // At phone width the filters are in the panel, as a visitor finds them.
    await openFilters(page);
    await box(page, 'start', '2027-03').check();
    await closeFilters(page);
    await settle(page, before);
    const cards = await cardFacts(page);
    assert.ok(cards.length > 0);
    assert.ok(cards.some((c) => c.slug === 'im-hands-on-chicago'), 'a program whose next start is February');
    for (const c of cards) {
      const p = bySlug.get(c.slug);
      if (p.rolling) continue;
      const march = p.openDates.find((d) => d.startsWith('2027-03'));
      assert.ok(march, `${c.slug} has a March start`);
      assert.equal(c.startLabel, 'Matching start', c.slug);
      assert.ok(c.start.startsWith(human(march)), `${c.slug}: "${c.start}" is ${human(march)}`);
      assert.ok(c.start.includes(`Apply by ${human(daysBefore(march, applyByDays(c.slug)))}`), `${c.slug}: apply-by of March in "${c.start}"`);
      if (c.apply) assert.equal(new URL(c.apply).searchParams.get('start'), march, `${c.slug}: the Apply link carries the March start`);
    }
    const im = cards.find((c) => c.slug === 'im-hands-on-chicago');
    assert.ok(!im.text.includes('February 1, 2027'), 'not the February start');
    assert.ok(im.apply, 'im-hands-on-chicago has an Apply link');
  }, { viewport: PHONE });
});

test('with a length chosen, each card shows that length and its total', async () => {
  await inFreshContext(env, async (page) => {
    await openSearch(page, env.server);
    const before = await statusText(page);
    await setRange(page, 'weeks_min', 8);
    await settle(page, before);
    const cards = await cardFacts(page);
    assert.ok(cards.length > 0);
    for (const c of cards) {
      const p = bySlug.get(c.slug);
      const at = p.weeks.findIndex((w) => w >= 8);
      assert.ok(at >= 0, `${c.slug} offers 8 weeks or more`);
      assert.equal(c.totalLabel, `Total, ${p.weeks[at]} weeks`, c.slug);
      assert.equal(c.total, usd(p.totals[at]), `${c.slug}: the total of ${p.weeks[at]} weeks`);
    }
    assert.ok(cards.some((c) => bySlug.get(c.slug).weeks[0] < 8), 'some card would otherwise show a shorter length');
  });
});

test('the query words are marked in the cards', async () => {
  await inFreshContext(env, async (page) => {
    await openSearch(page, env.server);
    const before = await statusText(page);
    await page.locator('#q').fill('cardio hous');
    await settle(page, before, { q: 'cardio hous' });
    const cards = await cardFacts(page);
    assert.ok(cards.length > 0);
    for (const c of cards) {
      assert.ok(c.marks.length >= 2, `${c.slug}: marks ${JSON.stringify(c.marks)}`);
      for (const m of c.marks) assert.match(m.toLowerCase(), /^(cardio|hous)/, `${c.slug}: "${m}" matches a query word`);
    }
    const title = page.locator('ol#results article.card .card-title mark').first();
    assert.match((await title.textContent()).toLowerCase(), /^cardio/, 'the title word is marked');
  });
});
