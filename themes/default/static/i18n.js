// The page's interface strings (its <script type="application/json" id="i18n">
// block, from the theme's i18n tables: docs/i18n.md). t(key, vars): the text,
// or for a count `vars.n` its plural form by the page's language
// (Intl.PluralRules: CLDR, the rules the build uses), with `{name}`s filled.
// The block's `@format` is how the language writes dates and the site's
// money (src/model/locale.rs): date() and money() write them as the build does.
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
const M = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ENGLISH = { months: M, date: '{month} {d}, {y}', monthYear: '{month} {y}', decimal: '.', group: ',', minGroup: 1, money: '{n}' };
const format = () => table['@format'] || ENGLISH;
// `2027-02-01` -> "February 1, 2027", "1 de febrero de 2027" …
export function date(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const f = format();
  return fill(f.date, { d, month: f.months[m - 1], y });
}
// A whole number, grouped in thousands from `minGroup` digits on.
export function number(n) {
  const f = format();
  const s = String(Math.abs(Math.trunc(n)));
  const g = s.length < 3 + f.minGroup ? s : s.replace(/\B(?=(\d{3})+(?!\d))/g, f.group);
  return (n < 0 ? '−' : '') + g;
}
// An amount in cents in the site's currency: cents shown only when there are some.
export function money(cents) {
  const f = format();
  const a = Math.abs(Math.round(cents));
  let n = number(Math.floor(a / 100));
  if (a % 100) n += f.decimal + String(a % 100).padStart(2, '0');
  return (cents < 0 ? '−' : '') + f.money.replace('{n}', () => n);
}
