// rotalog's catalog script, the entry: search on /programs/, the shortlist
// (stars) and /compare/. No dependencies, no other origins, text as text.
// Imports carry `?v=<hash>` of the imported file: run tests/js/stamp.mjs
// (dynamic imports too: keep their specifier a plain './x.js' string literal).

import { Shortlist, compareHref, storageKey } from './shortlist.js?v=6d4ed9957d';
import { $, addStar, starButton, syncStars } from './render.js?v=d61bc60b8d';
import { search } from './search.js?v=5c530e7476';
import { followClock } from './dates.js?v=6f04aab3c8';

const base = document.documentElement.dataset.base || '';
const programUrl = (slug) => `${base}/programs/${slug}/`;

function storage() {
  try { return window.localStorage; } catch { return null; }
}

function start() {
  followClock(document);
  const shortlist = Shortlist(storage(), storageKey(base), () => sync());
  const sync = () => { const list = shortlist.get(); syncStars(list, compareHref(base, list)); };
  document.querySelectorAll('.star-slot[data-star]').forEach((slot) => slot.append(starButton(shortlist, slot.dataset.star, slot.dataset.title || '')));
  document.querySelectorAll('article.card[data-program]').forEach((card) => addStar(shortlist, card));
  sync();
  const form = $('#search');
  if (form) search(form, shortlist, base);
  // compare.js only where it is used: /programs/ shows its first result without it.
  if ($('#compare-root')) import('./compare.js?v=3027c0143c').then(({ compare }) => compare(shortlist, programUrl));
  window.addEventListener('storage', (e) => { if (e.key === shortlist.key) sync(); });
}
start();
