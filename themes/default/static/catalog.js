// rotalog's catalog script: search and filters on /programs/, the shortlist
// (stars, kept in this browser only) and /compare/. Plain JavaScript, no
// dependencies, nothing from other origins; text from the index is always
// inserted as text. The index format is documented in docs/search-index.md.
(() => {
  'use strict';

  const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  const VALUE = new Int8Array(128).fill(0);
  for (let i = 0; i < 64; i++) VALUE[DIGITS.charCodeAt(i)] = i;
  const STOP = new Set('an and are as at be by for from in is it of on or our the this to we will with you your'.split(' '));
  const PAGE = 50;
  const FIRST = 10;
  const MAX_COMPARE = 4;
  const base = document.documentElement.dataset.base || '';

  const $ = (sel, root = document) => root.querySelector(sel);
  // Creates an element; strings become text nodes, never HTML.
  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v == null) continue;
      if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const kid of kids) if (kid != null && kid !== false) e.append(kid);
    return e;
  }
  const safeUrl = (u) => (/^(https?:|mailto:)/i.test(u) ? u : '');
  const programUrl = (slug) => `${base}/programs/${slug}/`;
  const hidden = (text) => h('span', { class: 'visually-hidden', text });

  // Same folding and splitting as the index builder (src/render/search.rs).
  function terms(text) {
    return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w && (w.length > 1 || /^\d$/.test(w)) && !STOP.has(w))
      .map((w) => Array.from(w).slice(0, 24).join(''));
  }

  // ---- Shortlist -------------------------------------------------------

  const KEY = `rotalog:shortlist:${base}`;
  let memory = [];
  const shortlist = {
    get() {
      try { const v = JSON.parse(localStorage.getItem(KEY)); return Array.isArray(v) ? v.filter((s) => typeof s === 'string') : []; } catch { return memory; }
    },
    set(list) {
      memory = list;
      try { localStorage.setItem(KEY, JSON.stringify(list)); } catch { /* private mode: keep it in memory */ }
      syncStars();
    },
    toggle(slug) {
      const list = this.get();
      const at = list.indexOf(slug);
      if (at >= 0) list.splice(at, 1); else list.push(slug);
      this.set(list);
    },
  };

  function starButton(slug, title) {
    const b = h('button', { type: 'button', class: 'star', 'data-slug': slug, 'aria-pressed': 'false' },
      h('span', { class: 'star-icon', 'aria-hidden': 'true', text: '☆' }), ' Shortlist', hidden(` ${title}`));
    b.addEventListener('click', () => shortlist.toggle(slug));
    syncStar(b, shortlist.get());
    return b;
  }
  function syncStar(b, list) {
    const on = list.includes(b.dataset.slug);
    b.setAttribute('aria-pressed', String(on));
    b.firstChild.textContent = on ? '★' : '☆';
  }
  function syncStars() {
    const list = shortlist.get();
    document.querySelectorAll('button.star').forEach((b) => syncStar(b, list));
    document.querySelectorAll('#compare-link').forEach((a) => {
      a.href = `${base}/compare/${list.length ? `?p=${list.slice(0, MAX_COMPARE).map(encodeURIComponent).join(',')}` : ''}`;
      a.textContent = `Compare shortlist (${list.length})`;
    });
  }
  function addStar(card) {
    if ($('button.star', card)) return;
    const title = ($('.card-title', card) || card).textContent.trim();
    let actions = $('.card-actions', card);
    if (!actions) card.append(actions = h('p', { class: 'card-actions' }));
    actions.append(' ', starButton(card.dataset.program, title));
  }

  // ---- Index -----------------------------------------------------------

  function decodeSingle(col, n) {
    const out = new Uint32Array(n);
    const { data, width } = col;
    for (let i = 0, p = 0; i < n; i++) {
      let v = 0;
      for (let k = 0; k < width; k++) v = v * 64 + VALUE[data.charCodeAt(p++)];
      out[i] = v;
    }
    return out;
  }
  // Bit masks to lists of 1-based value codes, stored as offsets + values.
  function decodeMulti(col, n) {
    const { data, width } = col;
    const starts = new Uint32Array(n + 1);
    const vals = [];
    for (let i = 0, p = 0; i < n; i++) {
      starts[i] = vals.length;
      for (let k = 0; k < width; k++) {
        const d = VALUE[data.charCodeAt(p++)];
        for (let b = 0; b < 6; b++) if (d & (1 << b)) vals.push(k * 6 + b + 1);
      }
    }
    starts[n] = vals.length;
    return { starts, vals: Uint16Array.from(vals) };
  }
  function decodePostings(s, into, score) {
    let id = -1, v = 0, shift = 0;
    for (let i = 0; i < s.length; i++) {
      const d = VALUE[s.charCodeAt(i)];
      v += (d & 31) * 2 ** shift;
      shift += 5;
      if (!(d & 32)) { id += v; if (into[id] < score) into[id] = score; v = 0; shift = 0; }
    }
  }

  async function getJson(url) {
    const r = await fetch(url, { credentials: 'same-origin' });
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return r.json();
  }

  function Index(raw, url) {
    const n = raw.count;
    const rel = (f) => new URL(f, url).href;
    const ready = (f, full) => {
      Object.assign(f, full, { col: full.multi ? decodeMulti(full, n) : decodeSingle(full, n), counts: new Uint32Array(full.values.length + 1) });
      delete f.data;
      return f;
    };
    // Long facets (hospitals) arrive on demand; until then they have no column.
    const facets = raw.facets.map((f) => {
      const facet = { ...f, col: null, values: [], labels: [], sel: new Set(), inputs: [], counts: new Uint32Array(1) };
      if (!f.file) return ready(facet, f);
      let loading = null;
      facet.load = () => (loading = loading || getJson(rel(f.file)).then((full) => ready(facet, full)).catch((e) => { loading = null; throw e; }));
      return facet;
    });
    const total = decodeSingle(raw.total, n);
    const weeks = decodeMulti(raw.weeks, n);
    const minWeek = new Uint32Array(n);
    for (let i = 0; i < n; i++) minWeek[i] = weeks.starts[i] < weeks.starts[i + 1] ? weeks.vals[weeks.starts[i]] : 65535;
    const chunks = new Map();
    const shards = new Map();
    let titleOrder = null;
    return {
      n, facets, total, weeks, minWeek, raw,
      facet: (key) => facets.find((f) => f.key === key),
      cards(ids) {
        const need = [...new Set(ids.map((i) => Math.floor(i / raw.chunk)))];
        return Promise.all(need.map((c) => {
          if (!chunks.has(c)) chunks.set(c, getJson(rel(raw.cards[c])).catch((e) => { chunks.delete(c); throw e; }));
          return chunks.get(c);
        })).then(() => Promise.all(ids.map(async (i) => (await chunks.get(Math.floor(i / raw.chunk)))[i % raw.chunk])));
      },
      async titleOrder() {
        if (!titleOrder) titleOrder = decodeSingle(await getJson(rel(raw.title_order)), n);
        return titleOrder;
      },
      // Scores every program for one query word (prefix match): 2 when it is
      // in the title, specialty, hospital or place, 1 when only in the text.
      async word(w) {
        const first = raw.terms.first;
        let lo = 0, hi = -1;
        for (let s = 0; s < first.length; s++) {
          if (first[s] <= w) lo = s;
          if (first[s] < `${w}\uffff`) hi = s;
        }
        const out = new Uint8Array(n);
        for (let s = lo; s <= hi; s++) {
          if (!shards.has(s)) shards.set(s, getJson(rel(raw.terms.files[s])).catch((e) => { shards.delete(s); throw e; }));
          for (const [term, meta, body] of await shards.get(s)) {
            if (!term.startsWith(w)) continue;
            decodePostings(body, out, 1);
            decodePostings(meta, out, 2);
          }
        }
        return out;
      },
    };
  }

  // ---- Search page -----------------------------------------------------

  const RANGES = ['total_min', 'total_max', 'weeks_min', 'weeks_max'];
  const SORTS = ['soonest', 'total', 'shortest', 'title', 'relevance'];

  async function search(form) {
    const results = $('#results');
    const status = $('#status');
    let index;
    try {
      const url = new URL(form.dataset.index, location.href);
      const raw = await getJson(url);
      if (raw.version !== 1) return;
      index = Index(raw, url);
    } catch {
      return; // The server-rendered list stays; nothing is lost.
    }
    form.hidden = false;
    const q = $('#q', form);
    const sort = $('#sort', form);
    const ranges = Object.fromEntries(RANGES.map((k) => [k, $(`#${k}`, form)]));
    const more = $('#more');
    const chips = $('#chips');
    const words = new Map();
    let shown = PAGE;
    let generation = 0;
    let announce = 0;
    let current = [];
    let pristine = true;
    let typing = 0;

    buildFacets(form, index, () => run());
    document.querySelectorAll('.pagination').forEach((p) => { p.hidden = true; });

    const stateFromUrl = async () => {
      const p = new URLSearchParams(location.search);
      for (const f of index.facets) {
        if (!f.col && p.has(f.key)) {
          try { await f.load(); f.expand(); } catch { /* the filter is ignored */ }
        }
      }
      q.value = p.get('q') || '';
      for (const f of index.facets) {
        f.sel = new Set();
        for (const v of p.getAll(f.key)) {
          const code = v === 'none' ? 0 : f.values.indexOf(v) + 1;
          if (code > 0 || (v === 'none' && !f.multi)) f.sel.add(code);
        }
      }
      for (const k of RANGES) ranges[k].value = /^\d+$/.test(p.get(k) || '') ? p.get(k) : '';
      const s = p.get('sort');
      sort.dataset.chosen = SORTS.includes(s) ? s : '';
    };
    const effectiveSort = () => sort.dataset.chosen || (terms(q.value).length ? 'relevance' : 'soonest');
    const urlFromState = () => {
      const p = new URLSearchParams();
      if (q.value.trim()) p.set('q', q.value.trim());
      for (const f of index.facets) {
        for (const code of [...f.sel].sort((a, b) => (a || 1e9) - (b || 1e9))) p.append(f.key, code ? f.values[code - 1] : 'none');
      }
      for (const k of RANGES) if (ranges[k].value.trim()) p.set(k, ranges[k].value.trim());
      const s = sort.dataset.chosen;
      if (s && s !== (terms(q.value).length ? 'relevance' : 'soonest')) p.set('sort', s);
      const qs = p.toString();
      return `${location.pathname}${qs ? `?${qs}` : ''}`;
    };
    // The query this view shows: a popstate that changes only the #fragment
    // (the skip link) must not rebuild the results.
    let viewed = location.search;
    const commit = (push) => {
      const url = urlFromState();
      if (url !== location.pathname + location.search) history[push ? 'pushState' : 'replaceState'](null, '', url);
      viewed = location.search;
      shown = PAGE;
      run();
    };

    async function run() {
      const gen = ++generation;
      results.setAttribute('aria-busy', 'true');
      const sortBy = effectiveSort();
      sort.value = sortBy;
      sort.querySelector('[value=relevance]').disabled = !terms(q.value).length;
      let score = null;
      let t0 = performance.now();
      const qw = terms(q.value);
      if (qw.length) {
        try {
          const per = await Promise.all(qw.map((w) => {
            if (!words.has(w)) words.set(w, index.word(w).catch((e) => { words.delete(w); throw e; }));
            return words.get(w);
          }));
          if (gen !== generation) return;
          t0 = performance.now();
          score = new Uint8Array(index.n);
          for (let i = 0; i < index.n; i++) {
            let s = 0;
            for (const p of per) { if (!p[i]) { s = 0; break; } s += p[i]; }
            score[i] = s;
          }
        } catch {
          if (gen === generation) say('Search is unavailable right now; filters still work.');
          return;
        }
      }
      const ids = filter(index, score, rangeValues());
      let ordered = ids;
      if (sortBy === 'total') ordered = bucket(ids, index.total, true);
      else if (sortBy === 'shortest') ordered = bucket(ids, index.minWeek, false);
      else if (sortBy === 'relevance' && score) ordered = bucket(ids, score, false, true);
      else if (sortBy === 'title') {
        const byTitle = await index.titleOrder();
        if (gen !== generation) return;
        const keep = new Uint8Array(index.n);
        for (const i of ids) keep[i] = 1;
        ordered = [];
        for (let k = 0; k < byTitle.length; k++) if (keep[byTitle[k]]) ordered.push(byTitle[k]);
      }
      current = ordered;
      updateFacets(index);
      updateChips();
      // User Timing, for the search benchmark (tests/bench/search.mjs).
      performance.measure('rotalog:query', { start: t0 });
      if (pristine && !location.search) {
        // The server-rendered list already shows this view.
        pristine = false;
        more.parentElement.hidden = ordered.length <= PAGE;
        say(`Showing ${ordered.length} of ${index.n} programs`, true);
        results.setAttribute('aria-busy', 'false');
        return;
      }
      pristine = false;
      await render(gen);
      if (gen !== generation) return;
      say(`Showing ${ordered.length} of ${index.n} programs`);
      results.setAttribute('aria-busy', 'false');
    }

    // Shows results [from, shown): the first few as soon as their cards
    // arrive, then the rest of the page.
    async function render(gen, from = 0) {
      const page = current.slice(from, shown);
      for (const [a, b] of [[0, FIRST], [FIRST, page.length]]) {
        if (a >= page.length && a > 0) break;
        let rows;
        try { rows = await index.cards(page.slice(a, b)); } catch { say('Could not load the results; check your connection.'); return; }
        if (gen !== generation) return;
        const items = rows.map((row, k) => h('li', null, card(index, page[a + k], row)));
        if (from === 0 && a === 0) {
          results.replaceChildren(...items);
          performance.mark('rotalog:results');
        } else results.append(...items);
      }
      more.parentElement.hidden = current.length <= shown;
      $('#no-results').hidden = current.length > 0;
    }

    function rangeValues() {
      const num = (k) => (ranges[k].value.trim() === '' ? null : Number(ranges[k].value));
      return { tmin: num('total_min'), tmax: num('total_max'), wmin: num('weeks_min'), wmax: num('weeks_max') };
    }

    // The live region is updated only once typing pauses.
    function say(text, now) {
      clearTimeout(announce);
      announce = setTimeout(() => { status.textContent = text; }, now ? 0 : 600);
    }

    function updateChips() {
      const list = [];
      if (q.value.trim()) list.push(['q', q.value.trim(), `Search: ${q.value.trim()}`]);
      for (const f of index.facets) {
        for (const code of f.sel) list.push([f.key, code ? f.values[code - 1] : 'none', `${f.label}: ${code ? f.labels[code - 1] : 'Not stated'}`]);
      }
      const names = { total_min: 'Total from', total_max: 'Total up to', weeks_min: 'At least weeks', weeks_max: 'At most weeks' };
      for (const k of RANGES) if (ranges[k].value.trim()) list.push([k, ranges[k].value.trim(), `${names[k]}: ${ranges[k].value.trim()}`]);
      chips.replaceChildren(...list.map(([key, value, label]) => h('li', null,
        h('button', { type: 'button', 'data-key': key, 'data-value': value, 'aria-label': `Remove ${label}` }, label, h('span', { 'aria-hidden': 'true', text: ' ×' })))));
      $('#chips-bar').hidden = !list.length;
    }

    chips.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b) return;
      const { key, value } = b.dataset;
      const at = [...chips.querySelectorAll('button')].indexOf(b);
      if (key === 'q') q.value = '';
      else if (RANGES.includes(key)) ranges[key].value = '';
      else {
        const f = index.facet(key);
        f.sel.delete(value === 'none' ? 0 : f.values.indexOf(value) + 1);
      }
      commit(true);
      const left = chips.querySelectorAll('button');
      (left[Math.min(at, left.length - 1)] || q).focus();
    });
    $('#clear-all').addEventListener('click', () => {
      q.value = '';
      index.facets.forEach((f) => f.sel.clear());
      RANGES.forEach((k) => { ranges[k].value = ''; });
      commit(true);
      q.focus();
    });
    form.addEventListener('change', (e) => {
      const t = e.target;
      clearTimeout(typing);
      if (t === sort) sort.dataset.chosen = sort.value;
      else if (t.type === 'checkbox') {
        const f = index.facet(t.name);
        const code = Number(t.dataset.code);
        if (t.checked) f.sel.add(code); else f.sel.delete(code);
      }
      // The query box fires change on Enter and when left: commit what was typed.
      commit(true);
    });
    form.addEventListener('input', (e) => {
      if (e.target !== q && !RANGES.includes(e.target.id)) return;
      clearTimeout(typing);
      typing = setTimeout(() => commit(false), e.target === q ? 60 : 250);
    });
    // Enter in the query box (the form has no submit button, so no implicit submit).
    q.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      clearTimeout(typing);
      commit(true);
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearTimeout(typing);
      commit(true);
      results.focus();
    });
    more.addEventListener('click', async () => {
      const from = shown;
      shown += PAGE;
      await render(generation, from);
      const next = results.children[from];
      if (next) $('a', next).focus();
    });
    window.addEventListener('popstate', async () => {
      if (location.search === viewed) return;
      viewed = location.search;
      await stateFromUrl();
      shown = PAGE;
      run();
    });

    await stateFromUrl();
    run();
  }

  function buildFacets(form, index, rerun) {
    const box = $('#facets', form);
    for (const f of index.facets) {
      const set = h('fieldset', { class: 'facet', 'data-facet': f.key }, h('legend', { text: f.label }));
      if (f.col) {
        if (!options(f, index, set)) continue;
      } else {
        const show = h('button', { type: 'button', class: 'link-button', text: `Show all ${f.size} ${f.label.toLowerCase()} options` });
        f.expand = () => {
          if (!show.isConnected) return;
          options(f, index, set);
          show.remove();
        };
        show.addEventListener('click', async () => {
          show.disabled = true;
          try { await f.load(); } catch { show.disabled = false; return; }
          f.expand();
          rerun();
          const first = set.querySelector('input:not(:disabled)');
          if (first) first.focus();
        });
        set.append(show);
      }
      box.append(set);
    }
  }
  function options(f, index, set) {
    const codes = f.values.map((_, i) => i + 1);
    if (!f.multi && counts0(f, index.n)) codes.push(0);
    if (!codes.length) return false;
    const opts = h('div', { class: codes.length > 8 ? 'options long' : 'options' });
    for (const code of codes) {
      const input = h('input', { type: 'checkbox', name: f.key, value: code ? f.values[code - 1] : 'none', 'data-code': code });
      const count = h('span', { class: 'count' });
      f.inputs.push([code, input, count]);
      opts.append(h('label', null, input, ` ${code ? f.labels[code - 1] : 'Not stated'} `, count));
    }
    set.append(opts);
    return true;
  }
  function counts0(f, n) {
    for (let i = 0; i < n; i++) if (f.col[i] === 0) return true;
    return false;
  }
  function updateFacets(index) {
    for (const f of index.facets) {
      for (const [code, input, count] of f.inputs) {
        if (!f.col) continue;
        const c = f.counts[code];
        input.checked = f.sel.has(code);
        input.disabled = c === 0 && !input.checked;
        count.textContent = `(${c})`;
      }
    }
  }

  // Programs matching the query, the ranges and the facets (OR within a
  // facet, AND across), in id order (soonest open start). Counts each
  // facet's options as if that facet alone were not applied. Works column
  // by column over typed arrays: a few tight loops, no per-program calls.
  function filter(index, score, r) {
    const { n, facets, total, weeks, raw } = index;
    const loaded = facets.filter((f) => f.col);
    const active = loaded.filter((f) => f.sel.size);
    const totalOk = new Uint8Array(raw.total.values.length + 1);
    raw.total.values.forEach((cents, k) => {
      const v = cents / 100;
      totalOk[k + 1] = (r.tmin == null || v >= r.tmin) && (r.tmax == null || v <= r.tmax) ? 1 : 0;
    });
    totalOk[0] = r.tmin == null && r.tmax == null ? 1 : 0;
    const anyWeeks = r.wmin != null || r.wmax != null;
    const weeksOk = new Uint8Array(raw.weeks.values.length + 1);
    raw.weeks.values.forEach((w, k) => { weeksOk[k + 1] = (r.wmin == null || w >= r.wmin) && (r.wmax == null || w <= r.wmax) ? 1 : 0; });
    // fails[i]: 255 = excluded by the query or a range; else how many facets
    // reject program i; which[i]: the last facet that did.
    const fails = new Uint8Array(n);
    const which = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if ((score && !score[i]) || !totalOk[total[i]]) { fails[i] = 255; continue; }
      if (anyWeeks) {
        let ok = 0;
        for (let j = weeks.starts[i], e = weeks.starts[i + 1]; j < e; j++) ok |= weeksOk[weeks.vals[j]];
        if (!ok) fails[i] = 255;
      }
    }
    active.forEach((f, a) => {
      const m = new Uint8Array(f.values.length + 1);
      f.sel.forEach((c) => { m[c] = 1; });
      if (f.multi) {
        const { starts, vals } = f.col;
        for (let i = 0; i < n; i++) {
          if (fails[i] === 255) continue;
          let ok = 0;
          for (let j = starts[i], e = starts[i + 1]; j < e; j++) ok |= m[vals[j]];
          if (!ok) { fails[i]++; which[i] = a; }
        }
      } else {
        const col = f.col;
        for (let i = 0; i < n; i++) if (fails[i] !== 255 && !m[col[i]]) { fails[i]++; which[i] = a; }
      }
    });
    const out = [];
    for (let i = 0; i < n; i++) if (fails[i] === 0) out.push(i);
    for (const f of loaded) {
      const a = active.indexOf(f);
      const counts = f.counts;
      counts.fill(0);
      if (f.multi) {
        const { starts, vals } = f.col;
        for (let i = 0; i < n; i++) {
          if (fails[i] === 0 || (fails[i] === 1 && which[i] === a)) for (let j = starts[i], e = starts[i + 1]; j < e; j++) counts[vals[j]]++;
        }
      } else {
        const col = f.col;
        for (let i = 0; i < n; i++) if (fails[i] === 0 || (fails[i] === 1 && which[i] === a)) counts[col[i]]++;
      }
    }
    return out;
  }

  // A stable counting sort of ids by a small integer key; 0 (not stated)
  // sorts last unless `zeroFirst`.
  function bucket(ids, key, zeroLast, desc) {
    let max = 0;
    for (const i of ids) if (key[i] > max && key[i] !== 65535) max = key[i];
    const buckets = Array.from({ length: max + 2 }, () => []);
    for (const i of ids) {
      let k = key[i] === 65535 ? max + 1 : key[i];
      if (zeroLast && k === 0) k = max + 1;
      buckets[desc ? max + 1 - k : k].push(i);
    }
    return buckets.flat();
  }

  function card(index, id, row) {
    const [slug, title, place, weeks, total, next, apply] = row;
    const label = (key, fallback) => {
      const f = index.facet(key);
      const code = f && f.col ? f.col[id] : 0;
      return code ? f.labels[code - 1] : fallback;
    };
    const value = (key) => {
      const f = index.facet(key);
      return f && f.col && f.col[id] ? f.values[f.col[id] - 1] : '';
    };
    const url = programUrl(slug);
    const status = value('status');
    const fact = (dt, dd) => h('div', null, h('dt', { text: dt }), h('dd', { text: dd }));
    const link = safeUrl(apply);
    const article = h('article', { class: 'card', 'data-program': slug },
      h('h3', { class: 'card-title' }, h('a', { href: url, text: title })),
      h('p', { class: 'card-meta' },
        h('span', { class: `badge badge-${value('kind')}`, text: label('kind', '') }),
        status !== 'open' ? ' ' : null,
        status !== 'open' ? h('span', { class: `badge badge-${status}`, text: label('status', '') }) : null),
      h('dl', { class: 'card-facts' },
        fact('Specialty', label('specialty', 'Not stated')),
        fact('Hospital', place),
        fact('Length', weeks),
        fact('Total from', total),
        fact('Next start', next),
        fact('Letter', label('letter_of_recommendation', 'Not stated'))),
      h('p', { class: 'card-actions' },
        h('a', { href: url }, 'Details', hidden(` of ${title}`)),
        link ? ' ' : null,
        link ? h('a', { class: 'button', href: link, rel: 'noopener' }, 'Apply', hidden(` to ${title}`)) : null,
        ' ', starButton(slug, title)));
    return article;
  }

  // ---- Compare ---------------------------------------------------------

  const FACTS = [
    ['kind', 'Experience type'], ['eligibility', 'Eligibility'], ['cost', 'Total cost'],
    ['refund', 'Refund terms'], ['hospital', 'Hospital'], ['letter', 'Letter of recommendation'],
    ['dates', 'Dates and seats'], ['visa', 'Visa'], ['apply', 'How to apply'],
  ];

  async function compare(root) {
    const status = $('#compare-status');
    const table = $('#compare');
    const given = new URLSearchParams(location.search).get('p');
    const all = [...new Set((given != null ? given.split(',') : shortlist.get()).map((s) => s.trim()).filter(Boolean))];
    const bad = all.filter((s) => !/^[a-z0-9][a-z0-9-]*$/.test(s));
    const slugs = all.filter((s) => !bad.includes(s)).slice(0, MAX_COMPARE);
    if (!slugs.length && !bad.length) {
      status.textContent = 'Your shortlist is empty. Star programs in the program list to compare them here.';
      return;
    }
    const pages = await Promise.all(slugs.map(async (slug) => {
      try {
        const r = await fetch(programUrl(slug), { credentials: 'same-origin' });
        if (!r.ok) return null;
        return { slug, doc: new DOMParser().parseFromString(await r.text(), 'text/html') };
      } catch { return null; }
    }));
    const found = pages.filter(Boolean);
    const missing = bad.concat(slugs.filter((_, k) => !pages[k]));
    const notes = [];
    if (found.length) notes.push(`Comparing ${found.length} program${found.length === 1 ? '' : 's'}.`);
    if (all.length > MAX_COMPARE + bad.length) notes.push(`Only the first ${MAX_COMPARE} are shown.`);
    if (missing.length) notes.push(`Not found: ${missing.join(', ')}.`);
    status.textContent = notes.join(' ');
    if (!found.length) return;
    const head = h('tr', null, h('td'));
    for (const { slug, doc } of found) {
      const title = ($('h1', doc) || {}).textContent || slug;
      head.append(h('th', { scope: 'col' }, h('a', { href: programUrl(slug), text: title.trim() }), ' ', starButton(slug, title.trim())));
    }
    const rows = FACTS.map(([key, label]) => {
      const tr = h('tr', { 'data-fact': key }, h('th', { scope: 'row', text: label }));
      for (const { doc } of found) {
        const div = $(`[data-fact="${key}"]`, doc);
        const td = h('td');
        const apply = key === 'apply' && div && $('a[data-apply]', div);
        const href = apply && safeUrl(apply.getAttribute('href') || '');
        if (href) td.append(h('a', { href, rel: 'noopener', text: 'Apply online' }));
        else if (div) td.textContent = (div.dataset.summary || ($('dd', div) || div).textContent).replace(/\s+/g, ' ').trim();
        else td.textContent = 'Not stated';
        tr.append(td);
      }
      return tr;
    });
    $('thead', table).replaceChildren(head);
    $('tbody', table).replaceChildren(...rows);
    table.hidden = false;
  }

  // ---- Start -----------------------------------------------------------

  function start() {
    document.querySelectorAll('.star-slot[data-star]').forEach((slot) => slot.append(starButton(slot.dataset.star, slot.dataset.title || '')));
    document.querySelectorAll('article.card[data-program]').forEach(addStar);
    syncStars();
    const form = $('#search');
    if (form) search(form);
    const root = $('#compare-root');
    if (root) compare(root);
    window.addEventListener('storage', (e) => { if (e.key === KEY) syncStars(); });
  }
  start();
})();
