// Search words, folded and split per language as the index builder does
// (src/render/search/terms.rs `Folding`; tests/js/words.json checks both).

export const STOP_WORDS = new Set('an and are as at be by for from in is it of on or our the this to we will with you your'.split(' '));
const STOP = {
  es: 'al como con de del el en es la las lo los mas para por que se su sus un una y',
  pt: 'ao as com da das de do dos em na nas no nos os para por que se seu sua um uma',
  ar: 'الى عن على في مع من هذا هذه',
};
const sets = {};
const ARTICLES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
export const MAX_WORD_CHARS = 24;
const NOT_WORD = /[^\p{Alphabetic}\p{N}]+/u;

// NFD, marks removed, each character lowercased alone (as Rust: no final sigma).
export function fold(text) {
  if (/^[\0-\x7f]*$/.test(text)) return text.toLowerCase();
  return Array.from(text.normalize('NFD').replace(/\p{M}/gu, ''), (c) => c.toLowerCase()).join('');
}

// Arabic also: ة as ه, ى as ي, no tatweel, no article (when two letters are left).
export function terms(text, lang = 'en') {
  const l = String(lang).split('-')[0].toLowerCase();
  const ar = l === 'ar';
  const stop = STOP[l] ? (sets[l] ??= new Set(STOP[l].split(' '))) : STOP_WORDS;
  let f = fold(text);
  if (ar) f = f.replace(/\u0640/g, '').replace(/ة/g, 'ه').replace(/ى/g, 'ي');
  const out = [];
  for (let w of f.split(NOT_WORD)) {
    if (ar) { const a = ARTICLES.find((p) => w.startsWith(p) && Array.from(w).length - p.length >= 2); if (a) w = w.slice(a.length); }
    const chars = Array.from(w);
    if (!w || stop.has(w) || (chars.length < 2 && !/^[0-9]$/.test(w))) continue;
    out.push(chars.length > MAX_WORD_CHARS ? chars.slice(0, MAX_WORD_CHARS).join('') : w);
  }
  return out;
}
