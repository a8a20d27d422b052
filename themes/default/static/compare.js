// /compare/: the chosen program pages, fetched, their [data-fact] elements
// side by side (each page stays the single source of its facts); on a phone
// the stylesheet shows one block per fact. A share link and the shortlist
// state of what ?p= opened.

import { comparePicks, compareNote, shareHref } from './shortlist.js';
import { safeUrl } from './card.js';
import { $, h, starButton } from './render.js';
import { followClock, t } from './dates.js';

const FACTS = ['kind', 'eligibility', 'cost', 'refund', 'hospital', 'letter', 'dates', 'visa', 'apply', 'verified'];

// Explicit roles keep the table a table when the phone layout restyles it as blocks.
const cell = (tag, role, attrs, ...kids) => h(tag, { role, ...attrs }, ...kids);

async function programPage(url) {
  try {
    const r = await fetch(url, { credentials: 'same-origin' });
    return r.ok ? new DOMParser().parseFromString(await r.text(), 'text/html') : null;
  } catch { return null; }
}

function factCell(key, doc, title) {
  const div = $(`[data-fact="${key}"]`, doc);
  const td = cell('td', 'cell', { 'data-label': title });
  const apply = key === 'apply' && div && $('a[data-apply]', div);
  const href = apply && safeUrl(apply.getAttribute('href') || '');
  if (href) td.append(h('a', { href, rel: 'noopener', text: apply.textContent.trim() || t('applyOnline') }));
  else if (div) td.textContent = (div.dataset.summary || ($('dd', div) || div).textContent).replace(/\s+/g, ' ').trim();
  else td.textContent = t('notStated');
  return td;
}

// The share button and the "add to my shortlist" button for what is shown.
function tools(shortlist, slugs) {
  const box = $('#compare-tools');
  if (!box) return;
  const add = $('#compare-add', box);
  const share = $('#compare-share', box);
  const said = $('#compare-share-status', box);
  const url = new URL(shareHref(location.pathname, slugs), location.href).href;
  const refresh = () => {
    const list = shortlist.get();
    const missing = slugs.filter((s) => !list.includes(s));
    if (!add) return;
    add.hidden = !missing.length;
    add.textContent = missing.length === slugs.length
      ? t('addAll', { n: slugs.length })
      : t('addOther', { n: missing.length });
  };
  if (add) {
    add.addEventListener('click', () => {
      const list = shortlist.get();
      shortlist.set(list.concat(slugs.filter((s) => !list.includes(s))));
      refresh();
      share.focus();
    });
  }
  // A star's own handler runs first; then the add button follows it.
  $('#compare-root').addEventListener('click', (e) => { if (e.target.closest('button.star')) refresh(); });
  window.addEventListener('storage', refresh);
  share.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(url);
      said.textContent = t('copied', { url });
    } catch {
      said.textContent = t('copyThis', { url });
    }
  });
  refresh();
  box.hidden = false;
}

export async function compare(shortlist, programUrl) {
  const status = $('#compare-status');
  const table = $('#compare');
  const picks = comparePicks(new URLSearchParams(location.search).get('p'), shortlist.get());
  if (!picks.slugs.length && !picks.bad.length) {
    status.textContent = t('emptyShortlist');
    return;
  }
  const docs = await Promise.all(picks.slugs.map((slug) => programPage(programUrl(slug))));
  const found = picks.slugs.map((slug, k) => ({ slug, doc: docs[k] })).filter((p) => p.doc);
  // Each page as it stands today by the visitor's clock, not as built.
  for (const p of found) followClock(p.doc);
  const missing = picks.bad.concat(picks.slugs.filter((_, k) => !docs[k]));
  status.textContent = compareNote(picks, found.length, missing);
  if (!found.length) return;
  for (const p of found) p.title = (($('h1', p.doc) || {}).textContent || p.slug).trim();
  const head = cell('tr', 'row', null, cell('td', 'cell'));
  for (const { slug, title } of found) {
    head.append(cell('th', 'columnheader', { scope: 'col' }, h('a', { href: programUrl(slug), text: title }), ' ', starButton(shortlist, slug, title)));
  }
  const rows = FACTS.map((key) => {
    const tr = cell('tr', 'row', { 'data-fact': key }, cell('th', 'rowheader', { scope: 'row', text: t(`f.${key}`) }));
    for (const { doc, title } of found) tr.append(factCell(key, doc, title));
    return tr;
  });
  $('thead', table).replaceChildren(head);
  $('tbody', table).replaceChildren(...rows);
  table.hidden = false;
  tools(shortlist, found.map((p) => p.slug));
}
