// The filter panel of /programs/: a modal dialog opened by the Filters button
// on narrow screens (a sidebar on wide ones), and long facets shown by their
// most useful options first, with "Show all" and a box to type in.

import { h, t } from './render.js';

// A facet with more options than LONG shows TOP of them until "Show all".
export const LONG = 8;
export const TOP = 6;
// The width from which the filters are a sidebar (style.css says the same).
const WIDE = '(min-width: 60rem)';

export const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

// The codes to show collapsed: the checked, and the TOP with most matches (ties in list order).
export function topCodes(rows, top = TOP) {
  const best = rows.filter((r) => r.count > 0).sort((a, b) => b.count - a.count || a.at - b.at).slice(0, top);
  return new Set([...best, ...rows.filter((r) => r.checked)].map((r) => r.code));
}

// The dialog opens from `open`, closes by Escape, `close` or `done`; focus returns to `open`.
export function filterPanel({ dialog, open, close, done }, closed) {
  const wide = matchMedia(WIDE);
  const sync = () => open.setAttribute('aria-expanded', String(dialog.open));
  open.addEventListener('click', () => {
    if (dialog.open) return;
    dialog.showModal();
    sync();
  });
  for (const b of [close, done]) b.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    sync();
    if (!wide.matches) open.focus();
    closed();
  });
  // Grown wide with the panel open: the sidebar takes over.
  wide.addEventListener('change', () => { if (wide.matches && dialog.open) dialog.close(); });
}

// A long facet's options in `set` (inputs: [code, input, count]): the most useful
// first, "Show all" / "Show fewer", and a box that filters them by name.
// Returns the function that updates what is shown (after each count).
export function longFacet(f, set, inputs, expanded) {
  const opts = set.querySelector('.options');
  if (!opts || inputs.length <= LONG) return () => {};
  let all = expanded;
  opts.id = `options-${f.key}`;
  const names = inputs.map(([, input]) => fold(input.parentElement.textContent.replace(/\(\d+\)\s*$/, '')));
  const find = h('input', { type: 'search', class: 'facet-find', autocomplete: 'off', spellcheck: 'false', placeholder: t('typeToFilter'), 'aria-label': t('filterOptions', { name: f.label.toLowerCase() }), 'aria-controls': opts.id });
  const toggle = h('button', { type: 'button', class: 'link-button facet-toggle', 'aria-controls': opts.id });
  const none = h('p', { class: 'muted facet-none', text: t('noOption'), hidden: true });
  // Not a filter of the programs: the form's listeners must not see it.
  find.addEventListener('change', (e) => e.stopPropagation());
  find.addEventListener('keydown', (e) => { if (e.key === 'Enter') e.preventDefault(); });
  const update = () => {
    const text = fold(find.value);
    const rows = inputs.map(([code, input], at) => ({ code, at, checked: input.checked, count: f.counts[code] }));
    const top = text || all ? null : topCodes(rows);
    let shown = 0;
    inputs.forEach(([code, input], k) => {
      const show = text ? names[k].includes(text) : all || top.has(code);
      input.parentElement.hidden = !show;
      if (show) shown++;
    });
    none.hidden = !text || shown > 0;
    toggle.hidden = Boolean(text);
    toggle.textContent = all ? t('showFewer') : t('showAllN', { n: inputs.length });
    toggle.setAttribute('aria-expanded', String(all));
  };
  find.addEventListener('input', update);
  toggle.addEventListener('click', () => { all = !all; update(); });
  opts.before(find);
  opts.after(none, toggle);
  update();
  return update;
}
