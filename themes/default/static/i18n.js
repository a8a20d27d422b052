// The page's interface strings (its <script type="application/json" id="i18n">
// block, from the theme's i18n tables: docs/i18n.md). t(key, vars): the text,
// or for a count `vars.n` its plural form by the page's language
// (Intl.PluralRules: CLDR, the rules the build uses), with `{name}`s filled.
const doc = globalThis.document;
const el = doc && doc.getElementById('i18n');
let table = el ? JSON.parse(el.textContent) : {};
export const lang = (doc && doc.documentElement.lang) || 'en';
export const setStrings = (t) => { table = t; };
export function t(key, vars = {}) {
  let m = table[key] ?? key;
  if (typeof m === 'object') m = m[new Intl.PluralRules(lang).select(vars.n)] ?? m.other;
  return m.replace(/\{(\w+)\}/g, (s, k) => (k in vars ? vars[k] : s));
}
