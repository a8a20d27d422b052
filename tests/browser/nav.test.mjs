// Issue 11.5 and 11.7 in the example catalog: the header menu at 320, 390 and
// 1280 px (one line, or a "Menu" disclosure that works by keyboard and without
// JavaScript), waitlisted programs that never say "Apply", and programs that
// need no visa saying so on their page, in /compare/ and in the filters.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go } from './browser.mjs';
import { servedSite, inFreshContext } from './setup.mjs';
import { site, exampleCatalog } from './sites.mjs';
import { assertNoViolations } from './axe.mjs';
import { tabTo, focusVisible, openSearch, box, expectResults } from './ui.mjs';

const catalog = exampleCatalog();
const env = servedSite(site());
const WIDTHS = [320, 390, 1280];
const viewport = (width) => ({ viewport: { width, height: 800 } });

const waitlisted = catalog.programs.filter((p) => p.facets.status[0] === 'waitlist' && p.open);
const noVisa = catalog.programs.filter((p) => p.facets.invitation_letter[0] === 'not-needed');
const withVisa = catalog.programs.find((p) => p.facets.invitation_letter[0] === 'true');

test('the example catalog has a waitlisted program and programs that need no visa', () => {
  assert.ok(waitlisted.length > 0, 'a waitlisted program with an open start');
  assert.ok(noVisa.length >= 2, 'the telehealth programs need no visa');
});

/** The header's links as the visitor can reach them now: `{ name, top, bottom }`. */
const visibleMenu = (page) =>
  page.locator('.site-header .header-inner a').evaluateAll((links) =>
    links
      .filter((a) => a.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }))
      .map((a) => ({ name: a.textContent.trim(), top: a.getBoundingClientRect().top, bottom: a.getBoundingClientRect().bottom })),
  );

/**
 * The Menu button as Chromium's accessibility tree exposes it to screen
 * readers (a <summary> is a disclosure button with an expanded state):
 * `{ role, expanded }`.
 */
async function menuButton(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const n = nodes.find((n) => !n.ignored && n.name?.value === 'Menu' && !['StaticText', 'InlineTextBox', 'group'].includes(n.role?.value));
    assert.ok(n, 'the Menu button is in the accessibility tree');
    const expanded = n.properties?.find((p) => p.name === 'expanded')?.value.value;
    return { role: n.role.value, expanded };
  } finally {
    await cdp.detach();
  }
}

/** Every menu entry, from the inline copy in the DOM (shown or not). */
const menuNames = (page) => page.locator('.site-header nav.nav-wide a').evaluateAll((as) => as.map((a) => a.textContent.trim()));

for (const width of WIDTHS) {
  test(`header at ${width} px: on one line, or a Menu button that works by keyboard`, async () => {
    await inFreshContext(env, async (page) => {
      await go(page, env.server.url(''));
      const names = await menuNames(page);
      assert.ok(names.includes('Programs') && names.includes('How to apply') && names.includes('About'), `menu: ${names}`);
      const summary = page.locator('details.nav-menu > summary');
      const width_ = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width_ <= width, `the page is ${width_} px wide at ${width} px`);
      if (!(await summary.isVisible())) {
        // Every entry shows, on one line with the brand.
        const shown = await visibleMenu(page);
        assert.deepEqual(shown.slice(1).map((l) => l.name), names, 'the inline menu shows every entry');
        const tops = shown.map((l) => Math.round(l.top));
        assert.ok(Math.max(...tops) - Math.min(...tops) <= 8, `the header wraps: link tops ${tops}`);
        await assertNoViolations(page, `/ at ${width} px`);
        return;
      }
      assert.ok(width < 1280, 'the menu is folded only on narrow screens');
      // Folded: the brand and the button share one line, the links are hidden.
      const brand = await page.locator('.site-header .brand').boundingBox();
      const button = await summary.boundingBox();
      assert.ok(button.y < brand.y + brand.height && brand.y < button.y + button.height, 'brand and Menu on one line');
      assert.ok(button.height >= 44 && button.width >= 44, `the Menu button is ${button.width}×${button.height}, under 44 px`);
      assert.deepEqual((await visibleMenu(page)).map((l) => l.name), [await page.locator('.brand').textContent()]);
      // By keyboard: Tab reaches it (with a visible focus ring), Enter opens it.
      await tabTo(page, 'details.nav-menu > summary');
      assert.ok(await focusVisible(page), 'the Menu button shows focus');
      const collapsed = await menuButton(page);
      assert.ok(['DisclosureTriangle', 'button'].includes(collapsed.role), `the Menu button's role: ${collapsed.role}`);
      assert.equal(collapsed.expanded, false, 'the Menu button says it is collapsed');
      await page.keyboard.press('Enter');
      assert.equal(await page.locator('details.nav-menu').getAttribute('open'), '');
      assert.equal((await menuButton(page)).expanded, true, 'the Menu button says it is expanded');
      const open = await visibleMenu(page);
      assert.deepEqual(open.slice(1).map((l) => l.name), names, 'the open menu shows every entry');
      for (const l of open.slice(1)) assert.ok(l.bottom <= 800 + 1 || l.top >= 0, 'entries are in view');
      // Tab goes into the links, in order; the first entry is next.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), names[0]);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Space');
      assert.equal(await page.locator('details.nav-menu').getAttribute('open'), null, 'Space closes it again');
      assert.deepEqual((await visibleMenu(page)).length, 1);
      // Axe-clean with the menu open.
      await page.keyboard.press('Enter');
      await assertNoViolations(page, `/ at ${width} px with the menu open`);
    }, viewport(width));
  });
}

test('the folded menu works without JavaScript', async () => {
  await inFreshContext(env, async (page) => {
    await go(page, env.server.url('about/'));
    const names = await menuNames(page);
    await page.locator('details.nav-menu > summary').click();
    const shown = await visibleMenu(page);
    assert.deepEqual(shown.slice(1).map((l) => l.name), names);
    // The current page is marked in the menu.
    assert.equal(await page.locator('.nav-menu-list a[aria-current=page]').textContent(), 'About');
  }, { javaScriptEnabled: false, ...viewport(390) });
});

test('/apply/ shows the how-to-apply page and the steps', async () => {
  await inFreshContext(env, async (page) => {
    await go(page, env.server.url('apply/'));
    const main = page.locator('main');
    await main.getByRole('heading', { name: 'Documents' }).waitFor();
    assert.ok((await main.locator('ol.steps li').count()) > 0, 'the steps');
    const open = catalog.programs.filter((p) => p.open && p.facets.status[0] === 'open').length;
    assert.match(await main.textContent(), new RegExp(`${open} programs accept applications now`));
  }, viewport(390));
});

for (const width of WIDTHS) {
  test(`a waitlisted program never says Apply at ${width} px`, async () => {
    await inFreshContext(env, async (page) => {
      for (const p of waitlisted) {
        await go(page, env.server.url(`programs/${p.slug}/`));
        const main = page.locator('main');
        const links = await main.locator('a[href^="https://apply."]').allTextContents();
        assert.ok(links.length > 0, `${p.slug} has waitlist links`);
        for (const l of links) assert.match(l.trim(), /^Join the waitlist/, `${p.slug}: "${l.trim()}"`);
        assert.doesNotMatch(await main.innerText(), /\bApply (for|online|to)\b/);
      }
      // /compare/ takes the page's wording too.
      await go(page, env.server.url(`compare/?p=${waitlisted[0].slug}`));
      const cell = page.locator('table#compare tr[data-fact=apply] td a');
      await cell.waitFor();
      assert.equal((await cell.textContent()).trim(), 'Join the waitlist online');
      // Home: waitlisted programs are not counted as open for applications.
      await go(page, env.server.url(''));
      const open = catalog.programs.filter((p) => p.open && p.facets.status[0] === 'open').length;
      assert.match(await page.locator('.stats').textContent(), new RegExp(`· ${open} open for applications ·`));
    }, viewport(width));
  });
}

test('cards made by the script say "Join the waitlist" for a waitlisted program', async () => {
  await inFreshContext(env, async (page) => {
    await openSearch(page, env.server, '?status=waitlist');
    const total = catalog.programs.length;
    const expected = catalog.programs.filter((p) => p.facets.status[0] === 'waitlist').map((p) => p.slug);
    await expectResults(page, expected, total, 'status=waitlist');
    for (const p of waitlisted) {
      const actions = page.locator(`#results article.card[data-program="${p.slug}"] .card-actions a.button`);
      assert.match((await actions.textContent()).trim(), /^Join the waitlist/);
    }
  });
});

for (const width of WIDTHS) {
  test(`a program that needs no visa says so at ${width} px`, async () => {
    await inFreshContext(env, async (page) => {
      for (const p of noVisa) {
        await go(page, env.server.url(`programs/${p.slug}/`));
        const fact = page.locator('[data-fact=visa]');
        assert.equal((await fact.locator('dd').textContent()).trim(), 'No visa needed.');
        assert.doesNotMatch(await fact.textContent(), /Not stated/);
      }
      await go(page, env.server.url(`compare/?p=${noVisa[0].slug},${withVisa.slug}`));
      const row = page.locator('table#compare tr[data-fact=visa] td');
      await row.nth(1).waitFor();
      assert.deepEqual((await row.allTextContents()).map((t) => t.trim()), ['No visa needed.', 'Accepted: B1/B2. Invitation letter provided.']);
      await assertNoViolations(page, `/compare/ at ${width} px`);
    }, viewport(width));
  });
}

test('the Visa filter offers "No visa needed"', async () => {
  await inFreshContext(env, async (page) => {
    await openSearch(page, env.server);
    const option = box(page, 'invitation_letter', 'not-needed');
    const label = page.locator('form#search fieldset.facet[data-facet="invitation_letter"] label:has(input[value="not-needed"])');
    assert.match(await label.textContent(), new RegExp(`^\\s*No visa needed \\(${noVisa.length}\\)$`));
    await option.check();
    await expectResults(page, noVisa.map((p) => p.slug), catalog.programs.length, 'invitation_letter=not-needed');
    assert.match(await page.locator('#chips').textContent(), /No visa needed/);
  });
});
