// Result cards come from the theme's card.html everywhere: the cards the
// script shows after a filter are the server's cards of the same programs,
// for the built-in card and for a site whose theme overrides card.html
// (card-theme/card.html: other markup, fields and conditions). Before
// issue 10 the script re-created the built-in markup in code, so an
// overridden card looked right until the first filter.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open } from './browser.mjs';
import { serve } from './server.mjs';
import { site, cardSite } from './sites.mjs';
import { openSearch, settle } from './ui.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

/** Every result card: slug → its classes, text (spaces collapsed), links and attributes. */
const snapshot = (page) =>
  page.locator('ol#results > li > article.card[data-program]').evaluateAll((cards) =>
    Object.fromEntries(cards.map((c) => [c.dataset.program, {
      classes: c.className,
      text: c.textContent.replace(/\s+/g, ' ').trim(),
      links: [...c.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      titles: [...c.querySelectorAll('[title]')].map((e) => e.getAttribute('title')),
      stars: c.querySelectorAll('button.star').length,
      // The thumbnail (issue 11.8): the same file, size and attributes.
      images: [...c.querySelectorAll('img')].map((i) => ['src', 'alt', 'width', 'height', 'loading', 'decoding', 'class'].map((k) => i.getAttribute(k))),
    }])));

async function scriptCardsEqualServerCards(serverDir, custom) {
  const server = await serve(serverDir);
  const { page, context, assertClean } = await open(browser, server);
  try {
    await openSearch(page, server);
    const served = await snapshot(page);
    const slugs = Object.keys(served);
    assert.ok(slugs.length > 5, 'the first page shows cards');
    if (!custom) assert.ok(Object.values(served).some((c) => c.images.length === 1), 'some cards have a thumbnail');
    if (custom) {
      for (const s of slugs) assert.match(served[s].classes, /\bcard-custom\b/, `server card ${s} is the theme's`);
    }
    // A filter, then clearing it: both views are rendered by the script.
    let before = (await page.locator('#status').textContent()).trim();
    await page.locator('form#search fieldset.facet[data-facet="specialty"] input[type=checkbox]').first().check();
    const filtered = await settle(page, before);
    assert.ok(filtered.length > 0 && filtered.length < slugs.length, `the filter keeps some programs: ${filtered}`);
    const views = [await snapshot(page)];
    before = (await page.locator('#status').textContent()).trim();
    await page.locator('#clear-all').click();
    const all = await settle(page, before);
    assert.equal(all.length, slugs.length);
    views.push(await snapshot(page));
    for (const view of views) {
      for (const [slug, card] of Object.entries(view)) {
        assert.deepEqual(card, served[slug], `the script's card of ${slug} is the server's`);
      }
    }
    await assertClean();
  } finally {
    await context.close();
    await server.close();
  }
}

describe('result cards after filtering', () => {
  test('the built-in card.html', () => scriptCardsEqualServerCards(site(), false));
  test('a theme that overrides card.html', () => scriptCardsEqualServerCards(cardSite(), true));
});
