// DOM building, text only as text: cards from card.html's templates, stars,
// filter options with counts, chips.

import { fill, notStated, t } from './card.js';
import { money } from './i18n.js';
import { NOT_STATED } from './index.js';
import { valueOf } from './url.js';
import { fold, terms } from './words.js';

export { t };

const LONG_FACET = 8;

export const $ = (sel, root = document) => root.querySelector(sel);

// Strings become text nodes, never HTML.
export function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids) if (kid != null && kid !== false) e.append(kid);
  return e;
}
export const hidden = (text) => h('span', { class: 'visually-hidden', text });

export const cardTemplates = (root = document) => [...root.querySelectorAll('template[data-card]')];

function pick(templates, fields) {
  const apply = fields.apply_url ? 'yes' : 'no';
  const image = fields['image.src'] ? 'yes' : 'no';
  const fit = templates.filter((t) => t.dataset.status === fields.status && t.dataset.apply === apply);
  // A theme's programs.html may not split by thumbnail (no data-image).
  return fit.find((t) => (t.dataset.image || image) === image) || fit[0] || templates[0];
}

// Where a card's text is searched (docs/search-index.md: the facts).
const MARKED = '.card-title, .card-meta, .card-place';
const WORD = /[\p{Alphabetic}\p{N}]+/gu;

// Wraps the words of `root`'s facts that a query word starts (folded) in <mark>.
export function markWords(root, words) {
  if (!words.length) return;
  const nodes = [];
  const lang = document.documentElement.lang;
  for (const el of root.querySelectorAll(MARKED)) {
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) if (!n.parentElement.closest('.visually-hidden')) nodes.push(n);
  }
  for (const n of nodes) {
    const parts = [];
    let at = 0;
    for (const m of n.data.matchAll(WORD)) {
      const w = terms(m[0], lang)[0] || fold(m[0]);
      if (!words.some((q) => w.startsWith(q))) continue;
      parts.push(n.data.slice(at, m.index), h('mark', { text: m[0] }));
      at = m.index + m[0].length;
    }
    if (parts.length) n.replaceWith(...parts, n.data.slice(at));
  }
}

// The template of the card's status and apply link, its markers filled and
// the query's words marked.
export function renderCard(templates, fields, words = []) {
  const frag = pick(templates, fields).content.cloneNode(true);
  const walk = document.createTreeWalker(frag, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) {
      if (n.data.includes('[[')) n.data = fill(n.data, fields);
    } else {
      for (const a of n.attributes) if (a.value.includes('[[') && !/^on/i.test(a.name)) a.value = fill(a.value, fields);
    }
  }
  markWords(frag, words);
  return frag;
}

export function starButton(shortlist, slug, title) {
  const b = h('button', { type: 'button', class: 'star', 'data-slug': slug, 'aria-pressed': 'false' },
    h('span', { class: 'star-icon', 'aria-hidden': 'true', text: '☆' }), ` ${t('shortlist')}`, hidden(` ${title}`));
  b.addEventListener('click', () => shortlist.toggle(slug));
  syncStar(b, shortlist.get());
  return b;
}
function syncStar(b, list) {
  const on = list.includes(b.dataset.slug);
  b.setAttribute('aria-pressed', String(on));
  b.firstChild.textContent = on ? '★' : '☆';
}
export function syncStars(list, compareHref) {
  document.querySelectorAll('button.star').forEach((b) => syncStar(b, list));
  document.querySelectorAll('#compare-link').forEach((a) => {
    a.href = compareHref;
    a.textContent = t('compare', { n: list.length });
  });
}
export function addStar(shortlist, card) {
  if ($('button.star', card)) return;
  const title = ($('.card-title', card) || card).textContent.trim();
  let actions = $('.card-actions', card);
  if (!actions) card.append(actions = h('p', { class: 'card-actions' }));
  actions.append(' ', starButton(shortlist, card.dataset.program, title));
}

const optionLabel = (f, code) => (code === NOT_STATED ? notStated() : f.labels[code - 1]);

// A loaded facet's checkboxes into `set` (false when none); inputs gets [code, input, count].
export function facetOptions(f, set, inputs) {
  const codes = f.values.map((_, i) => i + 1);
  if (!f.multi && f.col.includes(NOT_STATED)) codes.push(NOT_STATED);
  if (!codes.length) return false;
  const opts = h('div', { class: codes.length > LONG_FACET ? 'options long' : 'options' });
  for (const code of codes) {
    const input = h('input', { type: 'checkbox', name: f.key, value: valueOf(f, code), 'data-code': code });
    const count = h('span', { class: 'count' });
    inputs.push([code, input, count]);
    opts.append(h('label', null, input, ` ${optionLabel(f, code)} `, count));
  }
  set.append(opts);
  return true;
}

export function updateFacets(f, inputs) {
  if (!f.col) return;
  for (const [code, input, count] of inputs) {
    const c = f.counts[code];
    input.checked = f.sel.has(code);
    input.disabled = c === 0 && !input.checked;
    count.textContent = `(${c})`;
  }
}

// A range's chip says what it means, money as money (a range is in currency units): "Up to $4,000".
const RANGE_NAMES = {
  total_min: (v) => t('fromMoney', { money: money(v * 100) }),
  total_max: (v) => t('upTo', { money: money(v * 100) }),
  weeks_min: (v) => t('atLeast', { n: Number(v) }),
  weeks_max: (v) => t('atMost', { n: Number(v) }),
};

// [key, query value, label] per chip.
export function chipList(q, facets, ranges) {
  const list = [];
  if (q.trim()) list.push(['q', q.trim(), t('searchChip', { q: q.trim() })]);
  for (const f of facets) for (const code of f.sel) list.push([f.key, valueOf(f, code), `${f.label}: ${optionLabel(f, code)}`]);
  for (const [k, name] of Object.entries(RANGE_NAMES)) if (ranges[k].trim()) list.push([k, ranges[k].trim(), name(ranges[k].trim())]);
  return list;
}

export const chipItems = (list) => list.map(([key, value, label]) => h('li', null,
  h('button', { type: 'button', 'data-key': key, 'data-value': value, 'aria-label': t('remove', { label }) }, label, h('span', { 'aria-hidden': 'true', text: ' ×' }))));
