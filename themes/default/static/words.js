// Search words, folded and split as the index builder does (src/render/search/terms.rs,
// `Folding`; tests/js/words.json checks both), per language. No DOM.

export const STOP_WORDS = new Set('an and are as at be by for from in is it of on or our the this to we will with you your'.split(' '));
const STOP = {
  es: new Set('al como con de del el en es la las lo los mas para por que se su sus un una y'.split(' ')),
  pt: new Set('ao as com da das de do dos em na nas no nos os para por que se seu sua um uma'.split(' ')),
  ar: new Set('الى عن على في مع من هذا هذه'.split(' ')),
};
// Arabic prefixes dropped ("the", "and the" …), longest first, when two letters are left.
const ARTICLES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
export const MAX_WORD_CHARS = 24;

const ASCII = /^[\0-\x7f]*$/;
const MARKS = /\p{M}/gu;
// Rust's `char::is_alphanumeric`: Alphabetic or a number (Nd, Nl, No).
const NOT_WORD = /[^\p{Alphabetic}\p{N}]+/u;

const primary = (lang) => String(lang || 'en').split('-')[0].toLowerCase();

// NFD, marks removed, each character lowercased alone (as Rust: no final sigma).
export function fold(text) {
  if (ASCII.test(text)) return text.toLowerCase();
  return Array.from(text.normalize('NFD').replace(MARKS, ''), (c) => c.toLowerCase()).join('');
}

// `fold`, then for Arabic: ة as ه, ى as ي, no tatweel.
function foldIn(text, arabic) {
  const f = fold(text);
  return arabic ? f.replace(/\u0640/g, '').replace(/ة/g, 'ه').replace(/ى/g, 'ي') : f;
}

function withoutArticle(w) {
  for (const a of ARTICLES) {
    if (w.startsWith(a) && Array.from(w.slice(a.length)).length >= 2) return w.slice(a.length);
  }
  return w;
}

// Split at non-alphanumerics; one-character words (but digits) and the language's stop words dropped.
export function terms(text, lang = 'en') {
  const l = primary(lang);
  const arabic = l === 'ar';
  const stop = STOP[l] || STOP_WORDS;
  const out = [];
  for (const raw of foldIn(text, arabic).split(NOT_WORD)) {
    if (!raw) continue;
    const w = arabic ? withoutArticle(raw) : raw;
    if (stop.has(w)) continue;
    const chars = Array.from(w);
    if (chars.length < 2 && !/^[0-9]$/.test(w)) continue;
    out.push(chars.length > MAX_WORD_CHARS ? chars.slice(0, MAX_WORD_CHARS).join('') : w);
  }
  return out;
}
