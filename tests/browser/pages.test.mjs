// Every page kind of the built example (issue 11, point 9): no page scrolls
// sideways at 320, 390 or 1280 px (a wide table scrolls inside its own
// focusable region, never the page); and the pages that show an editor's
// picture (point 8) give every <img> its width and height, reserve its room
// before it loads, and have zero axe WCAG 2.2 A/AA violations in light and
// dark mode.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { go } from './browser.mjs';
import { servedSite, inFreshContext } from './setup.mjs';
import { site, exampleCatalog, REPO } from './sites.mjs';
import { assertNoViolations } from './axe.mjs';

const catalog = exampleCatalog();
const [first, second, third] = catalog.programs;
const env = servedSite(site());
const built = site();

// The folders of a built section: its pages' slugs.
const slugsIn = (dir) =>
  fs.readdirSync(path.join(built, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(built, dir, d.name, 'index.html')))
    .map((d) => d.name)
    .sort();

// The content files that set `image:`, by folder: the pages with a picture.
const withImage = (dir) =>
  fs.readdirSync(path.join(REPO, 'content', dir))
    .filter((f) => /^image:/m.test(fs.readFileSync(path.join(REPO, 'content', dir, f), 'utf8').split('\n---')[0]))
    .map((f) => f.replace(/\.md$/, ''))
    .sort();

const HOSPITALS_WITH_IMAGE = withImage('hospitals');
const SPECIALTIES_WITH_IMAGE = withImage('specialties');
const PROGRAM_AT_PICTURED_HOSPITAL = catalog.programs.find((p) => HOSPITALS_WITH_IMAGE.includes(p.facets.hospital[0]));

const compareReady = (page) => page.locator('table#compare tr[data-fact="verified"] td').nth(2).waitFor();
const searchReady = (page) => page.locator('form#search').waitFor({ state: 'visible' });

// The free pages: the site's own, not a generated section.
const SECTIONS = new Set(['programs', 'hospitals', 'specialties', 'states', 'compare', 'apply', 'fees', 'faq', 'posts', 'search', 'assets', 'images']);
const FREE_PAGES = slugsIn('.').filter((s) => !SECTIONS.has(s));
const POSTS = slugsIn('posts');

const PAGES = [
  ['home', '', null],
  ['/programs/', 'programs/', searchReady],
  ['a program', `programs/${first.slug}/`, null],
  ['/hospitals/', 'hospitals/', null],
  ['a hospital', `hospitals/${first.facets.hospital[0]}/`, null],
  ['/specialties/', 'specialties/', null],
  ['a specialty', `specialties/${first.facets.specialty[0]}/`, null],
  ['/states/', 'states/', null],
  ['a state', `states/${slugsIn('states')[0]}/`, null],
  ['/compare/ with 3 programs', `compare/?p=${first.slug},${second.slug},${third.slug}`, compareReady],
  ['/apply/', 'apply/', null],
  ['/fees/', 'fees/', null],
  ['/faq/', 'faq/', null],
  ['a page', `${FREE_PAGES[0]}/`, null],
  ['/posts/', 'posts/', null],
  ...(POSTS.length ? [['a post', `posts/${POSTS[0]}/`, null]] : []),
  ['404', '404.html', null],
];

test('the sweep covers the example: free pages, posts and pictures exist', () => {
  assert.ok(FREE_PAGES.length > 0, 'the example has a free page');
  assert.ok(POSTS.length > 0, 'the example has a post');
  assert.ok(HOSPITALS_WITH_IMAGE.length > 0 && SPECIALTIES_WITH_IMAGE.length > 0, 'the example has pictures');
  assert.ok(PROGRAM_AT_PICTURED_HOSPITAL, 'a program at a pictured hospital');
});

/** How much wider than the viewport the page is, and the widest culprits. */
const overflow = (page) =>
  page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    vw: innerWidth,
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('[data-scroll], .table-scroll, .scroll'))
      .slice(0, 4)
      .map((e) => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '')),
  }));

// One context per width, every page kind in turn (a context per page would
// double the time of this file).
describe('no page scrolls sideways', () => {
  for (const width of [320, 390, 1280]) {
    test(`every page kind at ${width} px`, () =>
      inFreshContext(
        env,
        async (page) => {
          for (const [name, url, ready] of PAGES) {
            await go(page, env.server.url(url));
            if (ready) await ready(page);
            const r = await overflow(page);
            assert.ok(r.scroll <= r.vw, `${name} (/${url}) is ${r.scroll} px wide in a ${r.vw} px viewport; too wide: ${r.wide.join(', ')}`);
            // A region that scrolls on its own can be reached by keyboard.
            const unreachable = await page.evaluate(() =>
              [...document.querySelectorAll('main *')]
                .filter((e) => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
                .filter((e) => e.tabIndex < 0 && !e.querySelector('a, button, input, select, textarea, [tabindex]'))
                .map((e) => e.tagName.toLowerCase() + '.' + e.className));
            assert.deepEqual(unreachable, [], `${name} (/${url}): scrolling regions that a keyboard cannot reach`);
          }
        },
        { viewport: { width, height: width === 1280 ? 900 : 844 } },
      ));
  }
});

const PICTURED = [
  ...HOSPITALS_WITH_IMAGE.map((h) => [`hospital ${h}`, `hospitals/${h}/`]),
  ...SPECIALTIES_WITH_IMAGE.map((s) => [`specialty ${s}`, `specialties/${s}/`]),
  ['a program at a pictured hospital', `programs/${PROGRAM_AT_PICTURED_HOSPITAL?.slug}/`],
  ['/programs/ (thumbnails)', 'programs/'],
];

describe('pictures', () => {
  test('every <img> of the pictured pages has its width and height (the file\'s), lazy and async, and takes its room', () =>
    inFreshContext(env, async (page) => {
      for (const [name, url] of PICTURED) {
        await go(page, env.server.url(url));
        if (url === 'programs/') await searchReady(page);
        const imgs = await page.locator('main img').evaluateAll((list) =>
          list.map((i) => ({
            src: i.getAttribute('src'),
            width: i.getAttribute('width'),
            height: i.getAttribute('height'),
            loading: i.getAttribute('loading'),
            decoding: i.getAttribute('decoding'),
            alt: i.getAttribute('alt'),
            box: i.getBoundingClientRect().height,
          })));
        assert.ok(imgs.length > 0, `${name} (/${url}) has a picture`);
        if (url !== 'programs/') assert.ok(imgs.some((i) => i.alt), `${name}: its picture has alt text`);
        for (const i of imgs) {
          assert.match(i.width || '', /^[1-9]\d*$/, `${name}: ${i.src} has a width`);
          assert.match(i.height || '', /^[1-9]\d*$/, `${name}: ${i.src} has a height`);
          assert.equal(i.loading, 'lazy', `${name}: ${i.src} loads lazily`);
          assert.equal(i.decoding, 'async', `${name}: ${i.src} decodes asynchronously`);
          assert.notEqual(i.alt, null, `${name}: ${i.src} has an alt attribute`);
          assert.ok(i.box > 0, `${name}: ${i.src} takes its room before it loads`);
        }
        // The size given is the file's own (read by the build from its header).
        const first = page.locator('main img').first();
        await first.scrollIntoViewIfNeeded();
        const natural = await first.evaluate(async (e) => {
          if (!e.complete) await new Promise((r) => e.addEventListener('load', r, { once: true }));
          return [e.naturalWidth, e.naturalHeight].map(String);
        });
        assert.deepEqual(natural, [imgs[0].width, imgs[0].height], `${name}: width and height are the file's`);
      }
    }, { viewport: { width: 390, height: 844 } }));

  test('the og:image of a pictured hospital is absolute, with its alt and size', () =>
    inFreshContext(env, async (page) => {
      const h = HOSPITALS_WITH_IMAGE[0];
      await go(page, env.server.url(`hospitals/${h}/`));
      const og = await page.evaluate(() =>
        Object.fromEntries([...document.querySelectorAll('meta[property^="og:image"]')].map((m) => [m.getAttribute('property'), m.content])));
      const img = await page.locator('main figure img').first().evaluate((i) => ({ src: i.getAttribute('src'), alt: i.alt, w: i.getAttribute('width'), h: i.getAttribute('height') }));
      assert.match(og['og:image'], /^https:\/\//);
      assert.ok(og['og:image'].endsWith(img.src), `${og['og:image']} is ${img.src}`);
      assert.equal(og['og:image:alt'], img.alt);
      assert.equal(og['og:image:width'], img.w);
      assert.equal(og['og:image:height'], img.h);
    }));

  // Light at a phone's width and dark at a desktop's (dark.test.mjs covers
  // a hospital page in dark mode at every width).
  for (const [width, scheme] of [[390, 'light'], [1280, 'dark']]) {
    test(`axe on the pictured pages at ${width} px, ${scheme}`, () =>
      inFreshContext(
        env,
        async (page) => {
          await page.emulateMedia({ colorScheme: scheme });
          for (const [name, url] of PICTURED) {
            await go(page, env.server.url(url));
            if (url === 'programs/') await searchReady(page);
            await assertNoViolations(page, `${name} (/${url}) at ${width} px (${scheme})`);
          }
        },
        { viewport: { width, height: width === 1280 ? 900 : 844 } },
      ));
  }
});
