// rotalog's catalog script, the entry: search on /programs/, the shortlist
// (stars) and /compare/. No dependencies, no other origins, text as text.
// Imports name siblings plainly (`./x.js`, dynamic imports too): the build
// publishes each module as `x.<hash>.js` and rewrites the imports to match
// (src/render/assets.rs).

import { Shortlist, compareHref, storageKey } from './shortlist.js';
import { $, addStar, starButton, syncStars } from './render.js';
import { search } from './search.js';
import { followClock } from './dates.js';

const base = document.documentElement.dataset.base || '';
// The base path without a language prefix: one shortlist for every language.
const root = document.documentElement.dataset.root ?? base;
const programUrl = (slug) => `${base}/programs/${slug}/`;

function storage() {
  try { return window.localStorage; } catch { return null; }
}

function start() {
  followClock(document);
  const shortlist = Shortlist(storage(), storageKey(root), () => sync());
  const sync = () => { const list = shortlist.get(); syncStars(list, compareHref(base, list)); };
  document.querySelectorAll('.star-slot[data-star]').forEach((slot) => slot.append(starButton(shortlist, slot.dataset.star, slot.dataset.title || '')));
  document.querySelectorAll('article.card[data-program]').forEach((card) => addStar(shortlist, card));
  sync();
  const form = $('#search');
  if (form) search(form, shortlist, base);
  // compare.js only where it is used: /programs/ shows its first result without it.
  if ($('#compare-root')) import('./compare.js').then(({ compare }) => compare(shortlist, programUrl));
  window.addEventListener('storage', (e) => { if (e.key === shortlist.key) sync(); });
}
start();
