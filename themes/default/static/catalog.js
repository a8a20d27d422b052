// rotalog's catalog script, the entry: search on /programs/, the shortlist
// (stars) and /compare/. No dependencies, no other origins, text as text.
// Imports carry `?v=<hash>` of the imported file: run tests/js/stamp.mjs.

import { Shortlist, compareHref, storageKey } from './shortlist.js?v=2bb966f7a2';
import { $, addStar, starButton, syncStars } from './render.js?v=3378d1f15a';
import { search } from './search.js?v=dbbb894a7e';
import { compare } from './compare.js?v=609fd7db0e';
import { followClock } from './dates.js?v=3c13347979';

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
  if ($('#compare-root')) compare(shortlist, programUrl);
  window.addEventListener('storage', (e) => { if (e.key === shortlist.key) sync(); });
}
start();
