// Search words, folded and split as the index builder does (src/render/search.rs;
// tests/js/words.json checks both). No DOM.

export const STOP_WORDS = new Set('an and are as at be by for from in is it of on or our the this to we will with you your'.split(' '));
export const MAX_WORD_CHARS = 24;

const ASCII = /^[\0-\x7f]*$/;
const MARKS = /\p{M}/gu;
// Rust's `char::is_alphanumeric`: Alphabetic or a number (Nd, Nl, No).
const NOT_WORD = /[^\p{Alphabetic}\p{N}]+/u;

// NFD, marks removed, each character lowercased alone (as Rust: no final sigma).
export function fold(text) {
  if (ASCII.test(text)) return text.toLowerCase();
  return Array.from(text.normalize('NFD').replace(MARKS, ''), (c) => c.toLowerCase()).join('');
}

// Split at non-alphanumerics; one-character words (but digits) and stop words dropped.
export function terms(text) {
  const out = [];
  for (const w of fold(text).split(NOT_WORD)) {
    if (!w || STOP_WORDS.has(w)) continue;
    const chars = Array.from(w);
    if (chars.length < 2 && !/^[0-9]$/.test(w)) continue;
    out.push(chars.length > MAX_WORD_CHARS ? chars.slice(0, MAX_WORD_CHARS).join('') : w);
  }
  return out;
}
