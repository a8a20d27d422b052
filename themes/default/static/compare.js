// /compare/: the chosen program pages, fetched, their [data-fact] elements
// side by side (each page stays the single source of its facts).

import { comparePicks, compareNote } from './shortlist.js?v=95f6692a93';
import { safeUrl } from './card.js?v=d884996fbc';
import { $, h, starButton } from './render.js?v=384ade3ef0';

const FACTS = [
  ['kind', 'Experience type'], ['eligibility', 'Eligibility'], ['cost', 'Total cost'],
  ['refund', 'Refund terms'], ['hospital', 'Hospital'], ['letter', 'Letter of recommendation'],
  ['dates', 'Dates and seats'], ['visa', 'Visa'], ['apply', 'How to apply'],
];

async function programPage(url) {
  try {
    const r = await fetch(url, { credentials: 'same-origin' });
    return r.ok ? new DOMParser().parseFromString(await r.text(), 'text/html') : null;
  } catch { return null; }
}

function factCell(key, doc) {
  const div = $(`[data-fact="${key}"]`, doc);
  const td = h('td');
  const apply = key === 'apply' && div && $('a[data-apply]', div);
  const href = apply && safeUrl(apply.getAttribute('href') || '');
  if (href) td.append(h('a', { href, rel: 'noopener', text: apply.textContent.trim() || 'Apply online' }));
  else if (div) td.textContent = (div.dataset.summary || ($('dd', div) || div).textContent).replace(/\s+/g, ' ').trim();
  else td.textContent = 'Not stated';
  return td;
}

export async function compare(shortlist, programUrl) {
  const status = $('#compare-status');
  const table = $('#compare');
  const picks = comparePicks(new URLSearchParams(location.search).get('p'), shortlist.get());
  if (!picks.slugs.length && !picks.bad.length) {
    status.textContent = 'Your shortlist is empty. Star programs in the program list to compare them here.';
    return;
  }
  const docs = await Promise.all(picks.slugs.map((slug) => programPage(programUrl(slug))));
  const found = picks.slugs.map((slug, k) => ({ slug, doc: docs[k] })).filter((p) => p.doc);
  const missing = picks.bad.concat(picks.slugs.filter((_, k) => !docs[k]));
  status.textContent = compareNote(picks, found.length, missing);
  if (!found.length) return;
  const head = h('tr', null, h('td'));
  for (const { slug, doc } of found) {
    const title = (($('h1', doc) || {}).textContent || slug).trim();
    head.append(h('th', { scope: 'col' }, h('a', { href: programUrl(slug), text: title }), ' ', starButton(shortlist, slug, title)));
  }
  const rows = FACTS.map(([key, label]) => {
    const tr = h('tr', { 'data-fact': key }, h('th', { scope: 'row', text: label }));
    for (const { doc } of found) tr.append(factCell(key, doc));
    return tr;
  });
  $('thead', table).replaceChildren(head);
  $('tbody', table).replaceChildren(...rows);
  table.hidden = false;
}
