// The search state ⇄ the URL query (`?q=…&specialty=…&total_min=…&sort=…`);
// facet values by name, "not stated" as `none`. No DOM.

import { NOT_STATED } from './index.js';

export const RANGES = ['total_min', 'total_max', 'weeks_min', 'weeks_max'];
export const SORTS = ['soonest', 'total', 'shortest', 'title', 'relevance'];
export const NONE = 'none';

export const defaultSort = (hasWords) => (hasWords ? 'relevance' : 'soonest');

export const valueOf = (f, code) => (code === NOT_STATED ? NONE : f.values[code - 1]);

// -1 when the facet has no such value.
export function codeOf(f, value) {
  if (value === NONE) return f.multi ? -1 : NOT_STATED;
  const k = f.values.indexOf(value);
  return k < 0 ? -1 : k + 1;
}

// {q, sel: key → Set of codes, ranges: id → digits or '', sort: '' unless valid}.
export function readQuery(search, facets) {
  const p = new URLSearchParams(search);
  const sel = new Map();
  for (const f of facets) {
    const codes = new Set();
    for (const v of p.getAll(f.key)) {
      const code = codeOf(f, v);
      if (code >= 0) codes.add(code);
    }
    sel.set(f.key, codes);
  }
  const ranges = {};
  for (const k of RANGES) ranges[k] = /^\d+$/.test(p.get(k) || '') ? p.get(k) : '';
  const s = p.get('sort');
  return { q: p.get('q') || '', sel, ranges, sort: SORTS.includes(s) ? s : '' };
}

// The query (no `?`), in a stable order; a sort equal to the default is left out.
export function writeQuery({ q, facets, ranges, sort, hasWords }) {
  const p = new URLSearchParams();
  if (q.trim()) p.set('q', q.trim());
  const last = (code) => (code === NOT_STATED ? Infinity : code);
  for (const f of facets) {
    for (const code of [...f.sel].sort((a, b) => last(a) - last(b))) p.append(f.key, valueOf(f, code));
  }
  for (const k of RANGES) if (ranges[k].trim()) p.set(k, ranges[k].trim());
  if (sort && sort !== defaultSort(hasWords)) p.set('sort', sort);
  return p.toString();
}
