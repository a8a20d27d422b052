// The page's strings (its #i18n block: docs/i18n.md). t(key, vars): the text,
// for a count `vars.n` its plural form (Intl.PluralRules: CLDR, as the build),
// `{name}`s filled; date() and money() as the build writes them (`@format`).
const doc = globalThis.document;
const el = doc && doc.getElementById('i18n');
let table = el ? JSON.parse(el.textContent) : {};
export const lang = (doc && doc.documentElement.lang) || 'en';
export const setStrings = (t) => { table = t; };
const fill = (m, vars) => m.replace(/\{(\w+)\}/g, (s, k) => (k in vars ? vars[k] : s));
export function t(key, vars = {}) {
  let m = table[key] ?? key;
  if (typeof m === 'object') m = m[new Intl.PluralRules(lang).select(vars.n)] ?? m.other;
  return fill(m, vars);
}
const format = () => table['@format'] || { months: [], date: '{y}-{m}-{d}', money: '{n}', minGroup: 9, decimal: '.' };
export function date(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return fill(format().date, { d, m, month: format().months[m - 1], y });
}
// Cents in the site's currency, the cents shown only when there are some.
export function money(cents) {
  const f = format();
  const a = Math.round(Math.abs(cents));
  const s = String(Math.floor(a / 100));
  const n = (s.length < 3 + f.minGroup ? s : s.replace(/\B(?=(\d{3})+$)/g, f.group)) + (a % 100 ? f.decimal + String(a % 100).padStart(2, '0') : '');
  return (cents < 0 ? '−' : '') + f.money.replace('{n}', () => n);
}
