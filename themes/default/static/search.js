// /programs/: the form's state ⇄ the URL, a filter run per change, results
// from the card templates; the page's elements are in docs/themes.md.

import { getJson, openIndex } from './index.js';
import { combineScores, filter, order, rangeValues } from './filter.js';
import { RANGES, codeOf, defaultSort, readQuery, writeQuery } from './url.js';
import { cardFields } from './card.js';
import { $, h, addStar, cardTemplates, chipItems, chipList, facetOptions, renderCard, t, updateFacets } from './render.js';
import { terms } from './words.js';
import { filterPanel, longFacet } from './panel.js';

const PAGE = 50;
// The first FIRST results show as soon as their cards arrive.
const FIRST = 10;
// Milliseconds of typing pause before searching, and before announcing.
const TYPING_MS = 60;
const RANGE_TYPING_MS = 250;
const ANNOUNCE_MS = 600;

// Without templates or index the server-rendered list stays.
export async function search(form, shortlist, base) {
  const templates = cardTemplates();
  // The form holds its place until the index arrives (no layout shift); without one it goes.
  const off = () => { form.style.display = 'none'; };
  if (!templates.length) return off();
  let index;
  try {
    const url = new URL(form.dataset.index, location.href);
    index = openIndex(await getJson(url), url);
  } catch { return off(); }
  if (!index) return off();
  form.hidden = false;
  const page = new Page(form, index, templates, shortlist, base);
  await page.stateFromUrl();
  // Long facets kept out of index.json (hospitals at scale) arrive once the
  // first results are up, and then show their most useful options.
  page.run().then(() => page.prefetchLong());
}

class Page {
  constructor(form, index, templates, shortlist, base) {
    Object.assign(this, { form, index, templates, shortlist, base });
    this.results = $('#results');
    this.status = $('#status');
    this.q = $('#q', form);
    this.sort = $('#sort', form);
    this.ranges = Object.fromEntries(RANGES.map((k) => [k, $(`#${k}`, form)]));
    this.more = $('#more');
    this.chips = $('#chips');
    this.words = new Map();
    this.inputs = new Map(index.facets.map((f) => [f, []]));
    // Per long facet, what shows its most useful options (panel.js).
    this.long = new Map();
    this.done = $('#filters-done');
    this.filterCount = $('#filters-count');
    this.shown = PAGE;
    this.generation = 0;
    this.announce = 0;
    this.typing = 0;
    this.current = [];
    this.pristine = true;
    // The query this view shows: a popstate that changes only the #fragment
    // (the skip link) must not rebuild the results.
    this.viewed = location.search;
    this.buildFacets();
    document.querySelectorAll('.pagination').forEach((p) => { p.hidden = true; });
    const dialog = $('#filters', form);
    if (dialog && this.done) filterPanel({ dialog, open: $('#filters-open', form), close: $('#filters-close', form), done: this.done }, () => this.showHead());
    this.listen();
  }

  rangeText() { return Object.fromEntries(RANGES.map((k) => [k, this.ranges[k].value])); }
  hasWords() { return terms(this.q.value, document.documentElement.lang).length > 0; }

  async stateFromUrl() {
    const { index } = this;
    const p = new URLSearchParams(location.search);
    for (const f of index.facets) {
      if (!f.col && p.has(f.key)) {
        try { await f.load(); f.expand(); } catch { /* the filter is ignored */ }
      }
    }
    const state = readQuery(location.search, index.facets);
    this.q.value = state.q;
    for (const f of index.facets) f.sel = state.sel.get(f.key);
    for (const k of RANGES) this.ranges[k].value = state.ranges[k];
    this.sort.dataset.chosen = state.sort;
  }

  urlFromState() {
    const qs = writeQuery({ q: this.q.value, facets: this.index.facets, ranges: this.rangeText(), sort: this.sort.dataset.chosen, hasWords: this.hasWords() });
    return `${location.pathname}${qs ? `?${qs}` : ''}`;
  }

  commit(push) {
    const url = this.urlFromState();
    if (url !== location.pathname + location.search) history[push ? 'pushState' : 'replaceState'](null, '', url);
    this.viewed = location.search;
    this.shown = PAGE;
    this.run();
    this.showHead();
  }

  // The query words' scores; undefined when stale or failed.
  async score(gen) {
    const qw = terms(this.q.value, document.documentElement.lang);
    try {
      const per = await Promise.all(qw.map((w) => {
        if (!this.words.has(w)) this.words.set(w, this.index.word(w).catch((e) => { this.words.delete(w); throw e; }));
        return this.words.get(w);
      }));
      return gen === this.generation ? combineScores(per, this.index.n) : undefined;
    } catch {
      if (gen === this.generation) this.say(t('unavailable'));
      return undefined;
    }
  }

  async run() {
    const { index, results, sort } = this;
    const gen = ++this.generation;
    results.setAttribute('aria-busy', 'true');
    const sortBy = sort.dataset.chosen || defaultSort(this.hasWords());
    sort.value = sortBy;
    sort.querySelector('[value=relevance]').disabled = !this.hasWords();
    let t0 = performance.now();
    // No await without words: the chips must update before commit() returns.
    const score = this.hasWords() ? await this.score(gen) : null;
    if (score === undefined) return;
    if (score) t0 = performance.now();
    const ranges = rangeValues(this.rangeText());
    const ids = filter(index, score, ranges);
    const start = index.facet('start');
    // What the cards follow: the chosen months and ranges, the query's words.
    this.chosen = { months: new Set(start ? [...start.sel].map((c) => start.values[c - 1]) : []), ranges };
    this.marked = score ? terms(this.q.value, document.documentElement.lang) : [];
    const byTitle = sortBy === 'title' ? await index.titleOrder() : null;
    if (gen !== this.generation) return;
    this.current = order(index, ids, sortBy, score, byTitle);
    for (const f of index.facets) {
      updateFacets(f, this.inputs.get(f));
      this.long.get(f)?.();
    }
    this.updateChips();
    if (this.done) this.done.textContent = t('show', { n: this.current.length });
    // User Timing, for the search benchmark (tests/bench/search.mjs).
    performance.measure('rotalog:query', { start: t0 });
    const summary = t('showing', { shown: this.current.length, n: index.n });
    if (this.pristine && !location.search) {
      // The server-rendered list already shows this view.
      this.pristine = false;
      this.more.parentElement.hidden = this.current.length <= PAGE;
      this.say(summary, true);
      results.setAttribute('aria-busy', 'false');
      return;
    }
    this.pristine = false;
    await this.render(gen);
    if (gen !== this.generation) return;
    this.say(summary);
    results.setAttribute('aria-busy', 'false');
  }

  item(id, row) {
    const li = h('li');
    li.append(renderCard(this.templates, cardFields(this.index, id, row, this.base, this.chosen), this.marked));
    li.querySelectorAll('article.card[data-program]').forEach((card) => addStar(this.shortlist, card));
    return li;
  }

  // Shows results [from, shown), the first FIRST early.
  async render(gen, from = 0) {
    const { current, results } = this;
    const page = current.slice(from, this.shown);
    for (const [a, b] of [[0, FIRST], [FIRST, page.length]]) {
      if (a >= page.length && a > 0) break;
      let rows;
      try { rows = await this.index.cards(page.slice(a, b)); } catch { this.say(t('loadFailed')); return; }
      if (gen !== this.generation) return;
      const items = rows.map((row, k) => this.item(page[a + k], row));
      if (from === 0 && a === 0) {
        results.replaceChildren(...items);
        performance.mark('rotalog:results');
      } else results.append(...items);
    }
    this.more.parentElement.hidden = current.length <= this.shown;
    $('#no-results').hidden = current.length > 0;
  }

  say(text, now) {
    clearTimeout(this.announce);
    this.announce = setTimeout(() => {
      this.status.textContent = text;
      const panel = $('#filters[open] #filters-status');
      if (panel) panel.textContent = text;
    }, now ? 0 : ANNOUNCE_MS);
  }

  updateChips() {
    const list = chipList(this.q.value, this.index.facets, this.rangeText());
    this.chips.replaceChildren(...chipItems(list));
    $('#chips-bar').hidden = !list.length;
    const n = list.filter(([key]) => key !== 'q').length;
    if (this.filterCount) this.filterCount.textContent = n ? ` (${n})` : '';
  }

  // The count and chips in view again (after the panel closes).
  showHead() {
    const head = $('.results-head') || this.status;
    const r = head.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight) head.scrollIntoView({ block: 'nearest' });
  }

  options(f, set, expanded) {
    if (!facetOptions(f, set, this.inputs.get(f))) return false;
    this.long.set(f, longFacet(f, set, this.inputs.get(f), expanded));
    return true;
  }

  buildFacets() {
    const box = $('#facets', this.form);
    for (const f of this.index.facets) {
      const set = h('fieldset', { class: 'facet', 'data-facet': f.key }, h('legend', { text: f.label }));
      if (f.col) {
        if (!this.options(f, set, false)) continue;
      } else set.append(this.showAll(f, set));
      box.append(set);
    }
  }

  prefetchLong() {
    const later = window.requestIdleCallback || ((fn) => setTimeout(fn, 100));
    for (const f of this.index.facets) {
      if (f.col || !f.load) continue;
      later(async () => {
        try { await f.load(); } catch { return; /* "Show all" tries again */ }
        if (!f.expand) return;
        f.expand(Boolean(f.wantAll));
        await this.countsFor(f);
      });
    }
  }

  // A facet's counts once its column arrives, without redrawing the results.
  async countsFor(f) {
    const score = this.hasWords() ? await this.score(this.generation) : null;
    if (score === undefined) return;
    filter(this.index, score, rangeValues(this.rangeText()));
    updateFacets(f, this.inputs.get(f));
    this.long.get(f)?.();
  }

  showAll(f, set) {
    const show = h('button', { type: 'button', class: 'link-button', text: t('showAllOptions', { n: f.size, name: f.label.toLowerCase() }) });
    // Expanded when asked for, the most useful first when named in the URL.
    f.expand = (all = false) => {
      if (!show.isConnected) return;
      show.remove();
      this.options(f, set, all);
    };
    show.addEventListener('click', async () => {
      f.wantAll = true;
      show.disabled = true;
      try { await f.load(); } catch { show.disabled = false; return; }
      f.expand(true);
      this.run();
      const first = set.querySelector('input:not(:disabled)');
      if (first) first.focus();
    });
    return show;
  }

  listen() {
    const { form, q, sort, chips } = this;
    chips.addEventListener('click', (e) => this.removeChip(e.target.closest('button')));
    $('#clear-all').addEventListener('click', () => {
      q.value = '';
      this.index.facets.forEach((f) => f.sel.clear());
      RANGES.forEach((k) => { this.ranges[k].value = ''; });
      this.commit(true);
      q.focus();
    });
    form.addEventListener('change', (e) => {
      const t = e.target;
      clearTimeout(this.typing);
      if (t === sort) sort.dataset.chosen = sort.value;
      else if (t.type === 'checkbox') {
        const f = this.index.facet(t.name);
        const code = Number(t.dataset.code);
        if (t.checked) f.sel.add(code); else f.sel.delete(code);
      }
      // The query box fires change on Enter and when left: commit what was typed.
      this.commit(true);
    });
    form.addEventListener('input', (e) => {
      if (e.target !== q && !RANGES.includes(e.target.id)) return;
      clearTimeout(this.typing);
      this.typing = setTimeout(() => this.commit(false), e.target === q ? TYPING_MS : RANGE_TYPING_MS);
    });
    // Enter in the query box (the form has no submit button, so no implicit submit).
    q.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      clearTimeout(this.typing);
      this.commit(true);
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearTimeout(this.typing);
      this.commit(true);
      this.results.focus();
    });
    this.more.addEventListener('click', () => this.showMore());
    window.addEventListener('popstate', async () => {
      if (location.search === this.viewed) return;
      this.viewed = location.search;
      await this.stateFromUrl();
      this.shown = PAGE;
      this.run();
    });
  }

  removeChip(b) {
    if (!b) return;
    const { key, value } = b.dataset;
    const at = [...this.chips.querySelectorAll('button')].indexOf(b);
    if (key === 'q') this.q.value = '';
    else if (RANGES.includes(key)) this.ranges[key].value = '';
    else {
      const f = this.index.facet(key);
      f.sel.delete(codeOf(f, value));
    }
    this.commit(true);
    const left = this.chips.querySelectorAll('button');
    (left[Math.min(at, left.length - 1)] || this.q).focus();
  }

  async showMore() {
    const from = this.shown;
    this.shown += PAGE;
    await this.render(this.generation, from);
    const next = this.results.children[from];
    if (next) $('a', next).focus();
  }
}
