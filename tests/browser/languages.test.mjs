// Issue 15.6: a multilingual site in a real browser. tests/fixtures/multilingual
// is English (default, at /), Spanish (/es/) and Arabic (/ar/, right to left):
// two programs are translated into both, the observership into neither (its
// pages show the English text under a note). tests/languages.rs checks the
// built files (alternates, links, sitemap, the index's words); this file checks
// what a visitor does with them: switch language and stay on the same page (by
// pointer and by keyboard, at 320 px too), search and filter in each language,
// read an untranslated page, keep one shortlist across languages, and meet WCAG
// 2.2 A/AA (axe) with no horizontal scroll at 320, 390 and 1280 px.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { go } from './browser.mjs';
import { servedSite, inFreshContext } from './setup.mjs';
import { multiSite, multiCatalog } from './sites.mjs';
import { frontMatter } from './catalog.mjs';
import { assertNoViolations } from './axe.mjs';
import { box, eventually, openFilters, closeFilters, tabTo } from './ui.mjs';

const env = servedSite(multiSite());
const catalog = multiCatalog();
const N = catalog.programs.length;

// The fixture: two programs translated into both languages, one in neither.
const PEDIATRICS = 'pediatrics-orlando';
const HANDS_ON = 'im-hands-on-chicago';
const UNTRANSLATED = 'im-observership-newburgh';

const LANGS = {
  en: {
    prefix: '', dir: null, name: 'English',
    status: (shown) => `Showing ${shown} of ${N} programs`,
    show: (n) => `Show ${n} program${n === 1 ? '' : 's'}`,
    remove: /^Remove /,
  },
  es: {
    prefix: 'es/', dir: null, name: 'Español',
    status: (shown) => `Mostrando ${shown} de ${N} programas`,
    show: (n) => `Mostrar ${n} programa${n === 1 ? '' : 's'}`,
    remove: /^Quitar /,
    note: /^Esta página todavía no está traducida al español: su texto se muestra en English\.$/,
  },
  ar: {
    prefix: 'ar/', dir: 'rtl', name: 'العربية',
    status: (shown) => `عرض ${shown} من ${N}`,
    show: (n) => ({ 1: 'اعرض برنامجًا واحدًا', 2: 'اعرض برنامجين' })[n] ?? `اعرض ${n} برامج`,
    remove: /^أزل /,
    note: /^لم تُترجم هذه الصفحة إلى العربية بعد: يُعرض نصها باللغة English\.$/,
  },
};
const LANGUAGES = Object.keys(LANGS);

const english = new Map(catalog.programs.map((p) => [p.slug, p]));

/** A program's title in `lang`, from its translation file (the English title when there is none). */
function title(slug, lang) {
  if (lang === 'en') return english.get(slug).title;
  const file = path.join(process.env.ROTALOG_MULTI_SRC, 'content', 'programs', `${slug}.${lang}.md`);
  if (!fs.existsSync(file)) return english.get(slug).title;
  return frontMatter(fs.readFileSync(file, 'utf8')).data.title;
}

/** The URL path of `rest` (no leading slash) in `lang`: `/es/programs/`. */
const at = (lang, rest = '') => `/${LANGS[lang].prefix}${rest}`;
const url = (lang, rest = '') => env.server.url(`${LANGS[lang].prefix}${rest}`);

/** `<html lang dir>` and the h1 as the visitor has them now. */
const pageLanguage = (page) =>
  page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.getAttribute('dir'),
    h1: document.querySelector('main h1')?.textContent.trim() ?? null,
  }));

/** The switcher's links: `{ lang, text, href, current }`. */
const switcher = (page) =>
  page.locator('nav.lang-switch a').evaluateAll((as) =>
    as.map((a) => ({ lang: a.getAttribute('hreflang'), text: a.textContent.trim(), href: a.getAttribute('href'), current: a.getAttribute('aria-current') })),
  );

/** The switcher names every language, in its own name, and marks `lang` (only) as current. */
async function assertSwitcher(page, lang, rest) {
  const links = await switcher(page);
  assert.deepEqual(
    links.map((l) => [l.lang, l.text, l.href]),
    LANGUAGES.map((l) => [l, LANGS[l].name, at(l, rest)]),
    `the switcher on ${at(lang, rest)} links to this page in every language`,
  );
  assert.deepEqual(
    links.filter((l) => l.current !== null).map((l) => [l.lang, l.current]),
    [[lang, 'page']],
    `on ${at(lang, rest)} only ${lang} is aria-current="page"`,
  );
  assert.ok(await page.locator('nav.lang-switch[aria-label]').getAttribute('aria-label'), 'the switcher is a named navigation landmark');
}

/** Follow the switcher's link to `to`, by pointer or by keyboard (Tab to it, Enter). */
async function switchTo(page, to, { keyboard = false } = {}) {
  const link = page.locator(`nav.lang-switch a[hreflang="${to}"]`);
  const before = page.url();
  if (keyboard) {
    // From the top of the page just loaded: the skip link, then the switcher.
    await tabTo(page, `nav.lang-switch a[hreflang="${to}"]`, 20);
    await page.keyboard.press('Enter');
  } else {
    await link.click();
  }
  await page.waitForURL((u) => u.href !== before);
  await page.waitForLoadState('load');
}

/** Where the page is and what it says after a switch. */
async function assertLanded(page, lang, rest, h1) {
  assert.equal(new URL(page.url()).pathname, at(lang, rest), 'the switcher kept the visitor on the same page');
  const got = await pageLanguage(page);
  assert.deepEqual(got, { lang, dir: LANGS[lang].dir, h1 }, `${at(lang, rest)}: <html lang dir> and the h1`);
  await assertSwitcher(page, lang, rest);
}

/** Every switcher link is a target of at least 24×24 CSS px, or spaced as WCAG 2.5.8 allows. */
async function assertTargetSizes(page, label) {
  const rects = await page.locator('nav.lang-switch a').evaluateAll((as) =>
    as.map((a) => {
      const r = a.getBoundingClientRect();
      return { text: a.textContent.trim(), left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
    }),
  );
  assert.equal(rects.length, LANGUAGES.length, `${label}: one link per language`);
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  for (const r of rects) {
    assert.ok(r.width > 0 && r.height > 0, `${label}: ${r.text} is shown`);
    assert.ok(r.left >= 0 && r.right <= width, `${label}: ${r.text} is inside the ${width} px viewport (${r.left}–${r.right})`);
  }
  // 2.5.8's spacing exception: a 24 px circle on the centre of each undersized
  // target intersects no other target and no other undersized target's circle.
  const small = (r) => r.width < 24 || r.height < 24;
  const centre = (r) => ({ x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2 });
  const distToRect = (p, r) => Math.hypot(Math.max(r.left - p.x, 0, p.x - r.right), Math.max(r.top - p.y, 0, p.y - r.bottom));
  for (const [i, r] of rects.entries()) {
    for (const [j, o] of rects.entries()) {
      if (i === j) continue;
      const overlap = r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom;
      assert.ok(!overlap, `${label}: ${r.text} and ${o.text} overlap`);
      if (!small(r)) continue;
      const c = centre(r);
      assert.ok(distToRect(c, o) >= 12, `${label}: ${r.text} is ${r.width}×${r.height} px and too close to ${o.text}`);
      if (small(o)) {
        const d = centre(o);
        assert.ok(Math.hypot(c.x - d.x, c.y - d.y) >= 24, `${label}: ${r.text} and ${o.text} are undersized and their 24 px circles meet`);
      }
    }
  }
}

const scrollWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth);

// ---------------------------------------------------------------- the fixture

test('the fixture has what these tests need', () => {
  assert.equal(N, 3);
  for (const lang of ['es', 'ar']) {
    for (const slug of [PEDIATRICS, HANDS_ON]) assert.notEqual(title(slug, lang), english.get(slug).title, `${slug} is translated into ${lang}`);
    assert.equal(title(UNTRANSLATED, lang), english.get(UNTRANSLATED).title, `${UNTRANSLATED} is not translated into ${lang}`);
  }
});

// ---------------------------------------------------------------- 1. the switcher

test('the switcher keeps the visitor on the same program: to English by pointer, to Arabic by keyboard', () =>
  inFreshContext(env, async (page) => {
    const rest = `programs/${HANDS_ON}/`;
    await go(page, url('es', rest));
    await assertLanded(page, 'es', rest, title(HANDS_ON, 'es'));
    await switchTo(page, 'en');
    await assertLanded(page, 'en', rest, title(HANDS_ON, 'en'));
    await switchTo(page, 'es');
    await assertLanded(page, 'es', rest, title(HANDS_ON, 'es'));
    await switchTo(page, 'ar', { keyboard: true });
    await assertLanded(page, 'ar', rest, title(HANDS_ON, 'ar'));
    // And back from right to left, by keyboard too.
    await switchTo(page, 'es', { keyboard: true });
    await assertLanded(page, 'es', rest, title(HANDS_ON, 'es'));
  }));

test('the switcher works from the home page, a listing and an untranslated page', () =>
  inFreshContext(env, async (page) => {
    const heading = async () => (await page.locator('main h1').textContent()).trim();
    // Home: each language's home has its own heading.
    await go(page, url('es'));
    const homes = { es: await heading() };
    for (const lang of ['ar', 'en']) {
      await switchTo(page, lang);
      homes[lang] = await heading();
      await assertLanded(page, lang, '', homes[lang]);
    }
    assert.equal(new Set(Object.values(homes)).size, 3, `three different home headings: ${JSON.stringify(homes)}`);

    // A listing: /es/programs/ to /programs/ and /ar/programs/, each with its search in its language.
    await go(page, url('es', 'programs/'));
    await assertSwitcher(page, 'es', 'programs/');
    const listing = await heading();
    await switchTo(page, 'en');
    await assertLanded(page, 'en', 'programs/', await heading());
    await page.locator('#status').filter({ hasText: LANGS.en.status(N) }).waitFor();
    await switchTo(page, 'ar', { keyboard: true });
    await assertLanded(page, 'ar', 'programs/', await heading());
    await page.locator('#status').filter({ hasText: LANGS.ar.status(N) }).waitFor();
    assert.ok(listing.length > 0);

    // An untranslated page: the same (English) text in every language, under each language's note.
    const rest = `programs/${UNTRANSLATED}/`;
    await go(page, url('es', rest));
    await assertSwitcher(page, 'es', rest);
    await switchTo(page, 'ar');
    await assertLanded(page, 'ar', rest, english.get(UNTRANSLATED).title);
    assert.match((await page.locator('p.untranslated-note').textContent()).trim(), LANGS.ar.note);
    await switchTo(page, 'en');
    await assertLanded(page, 'en', rest, english.get(UNTRANSLATED).title);
    assert.equal(await page.locator('p.untranslated-note').count(), 0, 'the English page is the original: no note');
  }));

for (const lang of ['es', 'ar']) {
  test(`${lang} at 320 px: the switcher fits, its links are big enough targets, nothing scrolls sideways`, () =>
    inFreshContext(
      env,
      async (page) => {
        for (const rest of ['', 'programs/', `programs/${PEDIATRICS}/`, `programs/${UNTRANSLATED}/`]) {
          await go(page, url(lang, rest));
          const label = `${at(lang, rest)} at 320 px`;
          assert.ok((await scrollWidth(page)) <= 320, `${label} is ${await scrollWidth(page)} px wide`);
          await assertTargetSizes(page, label);
        }
        // It still works there: to English by keyboard.
        await switchTo(page, 'en', { keyboard: true });
        await assertLanded(page, 'en', `programs/${UNTRANSLATED}/`, english.get(UNTRANSLATED).title);
      },
      { viewport: { width: 320, height: 700 } },
    ));
}

// ---------------------------------------------------------------- 2. search and filters

/** Open `lang`'s /programs/ and wait for its search, every program listed. */
async function openListing(page, lang) {
  await go(page, url(lang, 'programs/'));
  await page.locator('form#search').waitFor({ state: 'visible' });
  await page.locator('#status').filter({ hasText: LANGS[lang].status(N) }).waitFor();
  // Mark the server's cards: a card without the mark was made by the script.
  await page.evaluate(() => document.querySelectorAll('ol#results article.card').forEach((c) => (c.dataset.fromServer = '')));
}

/** The visible result cards: `{ slug, title, href, links, fromServer, specialty }`. */
const cards = (page) =>
  page.locator('ol#results > li > article.card[data-program]').evaluateAll((els) =>
    els
      .filter((e) => e.checkVisibility())
      .map((e) => ({
        slug: e.dataset.program,
        title: e.querySelector('.card-title a')?.textContent.trim(),
        href: e.querySelector('.card-title a')?.getAttribute('href'),
        links: [...e.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !/^https?:/.test(h)),
        fromServer: 'fromServer' in e.dataset,
        specialty: e.querySelector('.card-specialty')?.textContent.trim(),
      })),
  );

/** Until the status says `slugs.length` of N in the language and the cards are `slugs`; returns the cards. */
async function expectCards(page, lang, slugs, label) {
  return eventually(async () => {
    assert.equal((await page.locator('#status').textContent()).trim(), LANGS[lang].status(slugs.length), `${label}: #status`);
    const got = await cards(page);
    assert.deepEqual(got.map((c) => c.slug).sort(), slugs.slice().sort(), `${label}: the results`);
    return got;
  });
}

/** Each card the script made has the title in `lang` and links only within `lang`'s pages. */
function assertCardsIn(lang, got, label) {
  for (const c of got) {
    assert.equal(c.fromServer, false, `${label}: the card of ${c.slug} was made by the script`);
    assert.equal(c.title, title(c.slug, lang), `${label}: the card of ${c.slug} shows its ${lang} title`);
    assert.equal(c.href, at(lang, `programs/${c.slug}/`), `${label}: the card of ${c.slug} links to its ${lang} page`);
    for (const href of c.links) {
      const inLang = lang === 'en' ? !/^\/(es|ar)\//.test(href) : href.startsWith(`/${lang}/`);
      assert.ok(inLang && href.startsWith('/'), `${label}: the card of ${c.slug} links to ${href}, outside ${lang}`);
    }
  }
}

/**
 * Type `query` in the search box, wait for exactly `slugs`, check their cards.
 * From the full list, so that the new results are seen to come (two spellings
 * of a word give the same results, and the status would not change).
 */
async function search(page, lang, query, slugs) {
  const label = `${at(lang, 'programs/')} "${query}"`;
  await page.locator('#q').fill('');
  await expectCards(page, lang, [PEDIATRICS, HANDS_ON, UNTRANSLATED], `${label}: cleared first`);
  await page.locator('#q').fill(query);
  const got = await eventually(async () => {
    assert.equal(new URL(page.url()).searchParams.get('q'), query, `${label}: the query is in the URL`);
    return expectCards(page, lang, slugs, label);
  });
  assertCardsIn(lang, got, label);
  return got;
}

// Each query is a spelling of a word that only one program's search record has
// (the fixture's notes list them). Queries match words by prefix, so no query
// here is the start of another word (`clínica` would also find the two
// programs whose experience type is "Hands-on clinical rotation").
const QUERIES = {
  en: [
    ['Orlando', PEDIATRICS],
    ['attending', HANDS_ON],
    ['observership', UNTRANSLATED],
  ],
  es: [
    ['pediatría', PEDIATRICS],
    ['pediatria', PEDIATRICS],
    ['PEDIATRÍA', PEDIATRICS],
    ['médico', HANDS_ON],
    ['medico', HANDS_ON],
    ['universitario', HANDS_ON],
    // The untranslated program is searched by its English title, within /es/.
    ['Observership', UNTRANSLATED],
  ],
  ar: [
    ['الأطفال', PEDIATRICS], // alef with hamza above, with the article
    ['الاطفال', PEDIATRICS], // bare alef
    ['الإطفال', PEDIATRICS], // hamza below
    ['الآطفال', PEDIATRICS], // alef madda
    ['أطفال', PEDIATRICS], // without the article
    ['اطفال', PEDIATRICS],
    ['بالأطفال', PEDIATRICS], // "with the" + article
    ['الأطـفال', PEDIATRICS], // a tatweel
    ['أورلاندو', PEDIATRICS],
    ['اورلاندو', PEDIATRICS],
    ['مُعالِج', HANDS_ON], // with tashkeel, as the summary writes it
    ['معالج', HANDS_ON], // plain
    ['المعالج', HANDS_ON], // with the article
    ['أسبوعًا', HANDS_ON], // hamza and tanwin
    ['اسبوعا', HANDS_ON],
    ['شيكاغو', HANDS_ON],
    ['Observership', UNTRANSLATED],
  ],
};

for (const lang of LANGUAGES) {
  test(`${lang}: each spelling of a word finds the same program, its card in ${lang}`, () =>
    inFreshContext(env, async (page) => {
      await openListing(page, lang);
      for (const [query, slug] of QUERIES[lang]) await search(page, lang, query, [slug]);
      // Clearing the query lists every program again, the script's cards in the language.
      await page.locator('#q').fill('');
      assertCardsIn(lang, await expectCards(page, lang, [PEDIATRICS, HANDS_ON, UNTRANSLATED], 'no query'), 'no query');
    }));

  test(`${lang}: a facet filter narrows the list, the counts and chips in ${lang}`, () =>
    inFreshContext(
      env,
      async (page) => {
        await openListing(page, lang);
        await openFilters(page);
        assert.ok(await page.locator('dialog#filters[open]').count(), 'at 390 px the filters are in their panel');
        // The specialty facet's options carry the specialties' translated names.
        const peds = page.locator('form#search fieldset.facet[data-facet="specialty"] label:has(input[value="pediatrics"])');
        const specialtyName = (await peds.evaluate((l) => [...l.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''))).trim();
        await box(page, 'specialty', 'pediatrics').check();
        await eventually(async () => assert.equal((await page.locator('#filters-done').textContent()).trim(), LANGS[lang].show(1), 'the panel\'s button counts in the language'));
        await closeFilters(page);
        const got = await expectCards(page, lang, [PEDIATRICS], 'specialty=pediatrics');
        assertCardsIn(lang, got, 'specialty=pediatrics');
        assert.equal(got[0].specialty, specialtyName, 'the card names the specialty as the filter does');
        assert.deepEqual(new URL(page.url()).searchParams.getAll('specialty'), ['pediatrics'], 'the filter is in the URL by slug');
        const chip = page.locator('#chips button[data-key="specialty"][data-value="pediatrics"]');
        assert.match(await chip.getAttribute('aria-label'), LANGS[lang].remove, 'the chip speaks the language');
        // A query on top of the filter: AND.
        await page.locator('#q').fill(lang === 'ar' ? 'شيكاغو' : 'Chicago');
        await expectCards(page, lang, [], 'specialty=pediatrics and Chicago');
        await page.locator('#q').fill('');
        await expectCards(page, lang, [PEDIATRICS], 'specialty=pediatrics again');
        await chip.click();
        assertCardsIn(lang, await expectCards(page, lang, [PEDIATRICS, HANDS_ON, UNTRANSLATED], 'filter removed'), 'filter removed');
      },
      { viewport: { width: 390, height: 844 } },
    ));
}

// ---------------------------------------------------------------- 3. the untranslated note

/** Elements' text direction and nearest language, as the browser resolves them. */
const resolved = (page, selector) =>
  page.locator(selector).evaluateAll((els) =>
    els.map((e) => ({ text: e.textContent.trim().slice(0, 40), lang: e.closest('[lang]').getAttribute('lang'), direction: getComputedStyle(e).direction })),
  );

for (const lang of ['es', 'ar']) {
  test(`${lang}: an untranslated page says so in ${lang}; its English text is marked English and reads left to right`, () =>
    inFreshContext(env, async (page) => {
      await go(page, url(lang, `programs/${UNTRANSLATED}/`));
      const note = page.locator('main p.untranslated-note');
      assert.equal(await note.count(), 1, 'one note');
      assert.ok(await note.isVisible(), 'the note is visible');
      assert.match((await note.textContent()).trim(), LANGS[lang].note, 'the note is in the page\'s language');
      const [noteLang] = await resolved(page, 'main p.untranslated-note');
      assert.equal(noteLang.lang, lang, 'the note is in the page\'s language');
      assert.equal(noteLang.direction, LANGS[lang].dir ?? 'ltr', 'the note reads in the page\'s direction');
      // The note comes before the text it is about.
      const order = await page.evaluate(() => {
        const n = document.querySelector('main p.untranslated-note');
        const h1 = document.querySelector('main h1');
        return Boolean(n.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert.ok(order, 'the note is above the h1');
      // The English title and body: lang="en", laid out left to right even on a right-to-left page.
      const h1 = await resolved(page, 'main h1');
      assert.deepEqual(h1, [{ text: english.get(UNTRANSLATED).title, lang: 'en', direction: 'ltr' }], 'the h1');
      const body = await page.locator('main p', { hasText: 'A four-week observership for graduates' }).evaluateAll((els) =>
        els.map((e) => ({ lang: e.closest('[lang]').getAttribute('lang'), direction: getComputedStyle(e).direction })),
      );
      assert.deepEqual(body, [{ lang: 'en', direction: 'ltr' }], 'the English body');
      // The interface around it is translated.
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    }));

  test(`${lang}: a translated page shows no note, its text in ${lang}`, () =>
    inFreshContext(env, async (page) => {
      for (const slug of [PEDIATRICS, HANDS_ON]) {
        const rest = `programs/${slug}/`;
        await go(page, url(lang, rest));
        assert.equal(await page.locator('p.untranslated-note').count(), 0, `${at(lang, rest)} has no note`);
        assert.deepEqual(await resolved(page, 'main h1'), [{ text: title(slug, lang), lang, direction: LANGS[lang].dir ?? 'ltr' }], `${at(lang, rest)}: the h1`);
        const marked = await page.locator('main .program [lang]').evaluateAll((els) => els.map((e) => `${e.tagName} lang=${e.getAttribute('lang')}`));
        assert.deepEqual(marked, [], `${at(lang, rest)}: none of the program's text is marked as another language`);
      }
      for (const rest of ['', 'programs/']) {
        await go(page, url(lang, rest));
        assert.equal(await page.locator('p.untranslated-note').count(), 0, `${at(lang, rest)} has no note`);
      }
    }));
}

// ---------------------------------------------------------------- 4. one shortlist

test('the shortlist is shared across languages: starred in Spanish, compared in English and Arabic', () =>
  inFreshContext(env, async (page) => {
    await openListing(page, 'es');
    const star = page.locator(`ol#results article.card[data-program="${PEDIATRICS}"] button.star`);
    await star.click();
    await eventually(async () => assert.equal(await star.getAttribute('aria-pressed'), 'true'));
    await eventually(async () => assert.equal((await page.locator('#compare-link').textContent()).trim(), 'Comparar selección (1)'));
    assert.equal(await page.locator('#compare-link').getAttribute('href'), `/es/compare/?p=${PEDIATRICS}`, 'the compare link stays in Spanish');

    const columns = async (lang) => {
      await go(page, url(lang, 'compare/'));
      await page.locator('table#compare:not([hidden]) thead th[scope=col] a').first().waitFor();
      return page.locator('table#compare thead th[scope=col]').evaluateAll((ths) =>
        ths.map((th) => ({ title: th.querySelector('a').textContent.trim(), href: th.querySelector('a').getAttribute('href') })),
      );
    };
    assert.deepEqual(await columns('en'), [{ title: title(PEDIATRICS, 'en'), href: `/programs/${PEDIATRICS}/` }], '/compare/ shows the Spanish star, in English');
    assert.deepEqual(await columns('ar'), [{ title: title(PEDIATRICS, 'ar'), href: `/ar/programs/${PEDIATRICS}/` }], '/ar/compare/ shows it, in Arabic');
    assert.match((await page.locator('#compare-status').textContent()).trim(), /^مقارنة برنامج واحد\./, 'the comparison\'s status is in Arabic');

    // Un-starring in Arabic empties it everywhere.
    await openListing(page, 'ar');
    const arStar = page.locator(`ol#results article.card[data-program="${PEDIATRICS}"] button.star`);
    assert.equal(await arStar.getAttribute('aria-pressed'), 'true', 'the star shows on /ar/programs/ too');
    await arStar.click();
    await eventually(async () => assert.equal(await arStar.getAttribute('aria-pressed'), 'false'));
    await openListing(page, 'es');
    assert.equal(await star.getAttribute('aria-pressed'), 'false', 'and is gone on /es/programs/');
    assert.equal((await page.locator('#compare-link').textContent()).trim(), 'Comparar selección (0)');
  }));

// ---------------------------------------------------------------- 5. axe and width

const PAGES = [
  ['home', ''],
  ['/programs/', 'programs/'],
  ['a translated program', `programs/${PEDIATRICS}/`],
  ['an untranslated program', `programs/${UNTRANSLATED}/`],
];
for (const width of [320, 390, 1280]) {
  for (const lang of LANGUAGES) {
    for (const [name, rest] of PAGES) {
      test(`${lang} at ${width} px: ${name} has no axe violation and no horizontal scroll`, () =>
        inFreshContext(
          env,
          async (page) => {
            await go(page, url(lang, rest));
            if (rest === 'programs/') await page.locator('#status').filter({ hasText: LANGS[lang].status(N) }).waitFor();
            if (rest.startsWith('programs/') && rest !== 'programs/') await page.locator('.star-slot button.star').waitFor();
            const scroll = await scrollWidth(page);
            assert.ok(scroll <= width, `${at(lang, rest)} is ${scroll} px wide at ${width} px`);
            await assertNoViolations(page, `${at(lang, rest)} at ${width} px`);
          },
          { viewport: { width, height: width === 1280 ? 900 : 844 } },
        ));
    }
  }
}

// The switcher and the untranslated note in dark mode (axe-clean), and
// without JavaScript (both are plain HTML and CSS: shown, no sideways scroll;
// axe needs a script of its own, so it runs with JavaScript on).
for (const width of [320, 390]) {
  for (const lang of ['es', 'ar']) {
    const path = `programs/${UNTRANSLATED}/`;
    for (const javaScriptEnabled of [true, false]) {
      test(`${lang} at ${width} px, dark, JavaScript ${javaScriptEnabled ? 'on' : 'off'}: the switcher and the note`, () =>
        inFreshContext(
          env,
          async (page) => {
            await page.emulateMedia({ colorScheme: 'dark' });
            await go(page, url(lang, path));
            assert.ok(await page.locator('p.untranslated-note').isVisible());
            assert.equal(await page.locator('nav.lang-switch a').count(), LANGUAGES.length);
            for (const a of await page.locator('nav.lang-switch a').all()) assert.ok(await a.isVisible());
            const scroll = await scrollWidth(page);
            assert.ok(scroll <= width, `${at(lang, path)} is ${scroll} px wide at ${width} px`);
            if (javaScriptEnabled) await assertNoViolations(page, `${at(lang, path)} at ${width} px, dark`);
          },
          { javaScriptEnabled, viewport: { width, height: 844 } },
        ));
    }
  }
}
