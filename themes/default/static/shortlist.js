// The shortlist: starred slugs in this browser only (storage, else memory),
// and what /compare/ shows. No DOM.

import { t } from './i18n.js';

export const MAX_COMPARE = 4;
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

export const storageKey = (base) => `rotalog:shortlist:${base}`;

export function Shortlist(storage, key, changed = () => {}) {
  let memory = [];
  return {
    key,
    get() {
      try {
        const v = JSON.parse(storage.getItem(key));
        return Array.isArray(v) ? v.filter((s) => typeof s === 'string') : [];
      } catch { return memory; }
    },
    set(list) {
      memory = list;
      try { storage.setItem(key, JSON.stringify(list)); } catch { /* private mode: keep it in memory */ }
      changed();
    },
    toggle(slug) {
      const list = this.get();
      const at = list.indexOf(slug);
      if (at >= 0) list.splice(at, 1); else list.push(slug);
      this.set(list);
    },
  };
}

// `<path>?p=a,b`: the URL of a comparison, commas kept readable.
export const shareHref = (path, list) =>
  `${path}${list.length ? `?p=${list.slice(0, MAX_COMPARE).map(encodeURIComponent).join(',')}` : ''}`;
export const compareHref = (base, list) => shareHref(`${base}/compare/`, list);

// From ?p= (`given`, else the shortlist): all names, bad (not slugs), slugs to show.
export function comparePicks(given, list) {
  const all = [...new Set((given != null ? given.split(',') : list).map((s) => s.trim()).filter(Boolean))];
  const bad = all.filter((s) => !SLUG.test(s));
  const slugs = all.filter((s) => !bad.includes(s)).slice(0, MAX_COMPARE);
  return { all, bad, slugs };
}

export function compareNote({ all, bad }, found, missing) {
  const notes = [];
  if (found) notes.push(t('comparing', { n: found }));
  if (all.length > MAX_COMPARE + bad.length) notes.push(t('onlyFirst', { n: MAX_COMPARE }));
  if (missing.length) notes.push(t('notFound', { list: missing.join(', ') }));
  return notes.join(' ');
}
