// The search index (docs/search-index.md): its files, fetched, and its
// columns decoded into typed arrays. No DOM.

export const INDEX_VERSION = 2;
// A column's code for a fact not stated; value k of a facet has code k + 1.
export const NOT_STATED = 0;
// minWeek of a program offering no duration.
export const NO_WEEKS = 65535;

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
const VALUE = new Int8Array(128);
for (let i = 0; i < 64; i++) VALUE[DIGITS.charCodeAt(i)] = i;
// In postings, a digit with this bit set is followed by more of its number.
const DIGIT_BITS = 6;
const MORE = 32;

export function decodeSingle(col, n) {
  const out = new Uint32Array(n);
  const { data, width } = col;
  for (let i = 0, p = 0; i < n; i++) {
    let v = 0;
    for (let k = 0; k < width; k++) v = v * 64 + VALUE[data.charCodeAt(p++)];
    out[i] = v;
  }
  return out;
}

// Bit masks to code lists: program i's are vals[starts[i] … starts[i+1]].
export function decodeMulti(col, n) {
  const { data, width } = col;
  const starts = new Uint32Array(n + 1);
  const vals = [];
  for (let i = 0, p = 0; i < n; i++) {
    starts[i] = vals.length;
    for (let k = 0; k < width; k++) {
      const d = VALUE[data.charCodeAt(p++)];
      for (let b = 0; b < DIGIT_BITS; b++) if (d & (1 << b)) vals.push(k * DIGIT_BITS + b + 1);
    }
  }
  starts[n] = vals.length;
  return { starts, vals: Uint16Array.from(vals) };
}

export function decodePostings(s, into, score) {
  let id = -1, v = 0, shift = 0;
  for (let i = 0; i < s.length; i++) {
    const d = VALUE[s.charCodeAt(i)];
    v += (d & (MORE - 1)) * 2 ** shift;
    shift += 5;
    if (!(d & MORE)) { id += v; if (into[id] < score) into[id] = score; v = 0; shift = 0; }
  }
}

export async function getJson(url) {
  const r = await fetch(url, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

// Caches load(key)'s promise; a failure is forgotten, to be retried.
function cached(load) {
  const m = new Map();
  return (key) => {
    if (!m.has(key)) m.set(key, load(key).catch((e) => { m.delete(key); throw e; }));
    return m.get(key);
  };
}

// The index, from index.json (parsed) at `url`; null for another version.
// A facet holds its selection (`sel`, codes) and counts (filled by filter.js).
export function openIndex(raw, url, get = getJson) {
  if (!raw || raw.version !== INDEX_VERSION) return null;
  const n = raw.count;
  const rel = (f) => new URL(f, url).href;
  const ready = (f, full) => {
    Object.assign(f, full, { col: full.multi ? decodeMulti(full, n) : decodeSingle(full, n), counts: new Uint32Array(full.values.length + 1) });
    delete f.data;
    return f;
  };
  // Long facets (hospitals) arrive on demand; until then they have no column.
  const facets = raw.facets.map((f) => {
    const facet = { ...f, col: null, values: [], labels: [], sel: new Set(), counts: new Uint32Array(1) };
    if (!f.file) return ready(facet, f);
    let loading = null;
    facet.load = () => (loading = loading || get(rel(f.file)).then((full) => ready(facet, full)).catch((e) => { loading = null; throw e; }));
    return facet;
  });
  const weeks = decodeMulti(raw.weeks, n);
  const minWeek = new Uint32Array(n);
  for (let i = 0; i < n; i++) minWeek[i] = weeks.starts[i] < weeks.starts[i + 1] ? weeks.vals[weeks.starts[i]] : NO_WEEKS;
  const chunk = cached((c) => get(rel(raw.cards[c])));
  const shard = cached((s) => get(rel(raw.terms.files[s])));
  let titleOrder = null;
  return {
    n, facets, weeks, minWeek, raw,
    total: decodeSingle(raw.total, n),
    facet: (key) => facets.find((f) => f.key === key),
    async cards(ids) {
      await Promise.all([...new Set(ids.map((i) => Math.floor(i / raw.chunk)))].map(chunk));
      return Promise.all(ids.map(async (i) => (await chunk(Math.floor(i / raw.chunk)))[i % raw.chunk]));
    },
    async titleOrder() {
      if (!titleOrder) titleOrder = decodeSingle(await get(rel(raw.title_order)), n);
      return titleOrder;
    },
    // Scores programs for a query word (prefix match): 2 in facts, 1 in text only.
    async word(w) {
      const first = raw.terms.first;
      let lo = 0, hi = -1;
      for (let s = 0; s < first.length; s++) {
        if (first[s] <= w) lo = s;
        if (first[s] < `${w}\uffff`) hi = s;
      }
      const out = new Uint8Array(n);
      for (let s = lo; s <= hi; s++) {
        for (const [term, facts, text] of await shard(s)) {
          if (!term.startsWith(w)) continue;
          decodePostings(text, out, 1);
          decodePostings(facts, out, 2);
        }
      }
      return out;
    },
  };
}
