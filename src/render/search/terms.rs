//! The search index's free-text part: folding and splitting text into
//! terms, each program's terms (title and facts apart from body text), and
//! the term shards of postings the theme's JavaScript fetches when someone
//! types.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::DIGITS;
use crate::model::{Program, state_name};
use crate::render::context::Views;

/// Term shards are cut once they pass this many bytes.
const SHARD_BYTES: usize = 24 * 1024;
/// Words too common to search for; dropped from the index and from queries.
const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or",
    "our", "the", "this", "to", "we", "will", "with", "you", "your",
];
/// Spanish's, folded (no accents).
const STOP_WORDS_ES: &[&str] = &[
    "al", "como", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "mas", "para",
    "por", "que", "se", "su", "sus", "un", "una", "y",
];
/// Portuguese's, folded.
const STOP_WORDS_PT: &[&str] = &[
    "ao", "as", "com", "da", "das", "de", "do", "dos", "em", "na", "nas", "no", "nos", "os",
    "para", "por", "que", "se", "seu", "sua", "um", "uma",
];
/// Arabic's, folded and without the article.
const STOP_WORDS_AR: &[&str] = &["الى", "عن", "على", "في", "مع", "من", "هذا", "هذه"];
/// Arabic prefixes dropped from a word ("the", "and the", "with the" …),
/// longest first, when at least two letters are left (a light stemmer's
/// first step): الأطفال and أطفال are the same search word.
const ARABIC_ARTICLES: &[&str] = &["وال", "بال", "كال", "فال", "لل", "ال"];

/// How a language's text becomes search words (docs/search-index.md): the
/// same folding for all (lowercase, accents and other marks removed, which
/// also makes أ إ آ plain ا and drops Arabic's short vowels), then per
/// language its stop words and, for Arabic, ة as ه, ى as ي, no tatweel and
/// no article. The theme's words.js does the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Folding {
    stop_words: &'static [&'static str],
    arabic: bool,
}

impl Folding {
    pub(crate) fn of(language: &str) -> Folding {
        match crate::model::i18n::primary(language) {
            "es" => Folding {
                stop_words: STOP_WORDS_ES,
                arabic: false,
            },
            "pt" => Folding {
                stop_words: STOP_WORDS_PT,
                arabic: false,
            },
            "ar" => Folding {
                stop_words: STOP_WORDS_AR,
                arabic: true,
            },
            _ => Folding {
                stop_words: STOP_WORDS,
                arabic: false,
            },
        }
    }

    fn fold(self, text: &str) -> String {
        let folded = fold_fast(text);
        if !self.arabic {
            return folded;
        }
        folded
            .chars()
            .filter(|&c| c != '\u{640}')
            .map(|c| match c {
                'ة' => 'ه',
                'ى' => 'ي',
                c => c,
            })
            .collect()
    }

    /// The searchable words of text folded by [`Folding::fold`].
    fn words(self, folded: &str) -> impl Iterator<Item = &str> {
        folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(move |w| if self.arabic { without_article(w) } else { w })
            .filter(|w| w.chars().nth(1).is_some() || w.bytes().all(|b| b.is_ascii_digit()))
            .filter(move |w| !self.stop_words.contains(w))
            .map(|w| match w.char_indices().nth(MAX_TERM_CHARS) {
                Some((end, _)) => &w[..end],
                None => w,
            })
    }
}

fn without_article(w: &str) -> &str {
    for a in ARABIC_ARTICLES {
        if let Some(rest) = w.strip_prefix(a)
            && rest.chars().nth(1).is_some()
        {
            return rest;
        }
    }
    w
}
/// Longer words are cut to this many characters (queries too).
const MAX_TERM_CHARS: usize = 24;

/// Lowercase, without accents: what search compares.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// [`fold`], without the Unicode work when the text is ASCII (most is).
fn fold_fast(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        fold(text)
    }
}

/// The distinct words of folded text, sorted.
fn distinct_words(folding: Folding, folded: &str) -> Vec<&str> {
    let mut words: Vec<&str> = folding.words(folded).collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Term shards: (first term, [[term, title-and-facts postings, body postings]]).
pub(super) fn term_shards(views: &Views, programs: &[&Program]) -> Vec<(String, Vec<[String; 3]>)> {
    let cat = views.catalog;
    let folding = Folding::of(&cat.config.language);
    let per_program: Vec<(Vec<String>, Vec<String>)> = programs
        .par_iter()
        .map(|p| {
            let h = &cat.hospitals[p.hospital];
            let kind = views.vocab("kind", p.kind.slug());
            let meta_text = [
                p.title.as_str(),
                &cat.specialties[p.specialty].name,
                &h.name,
                &h.city,
                h.state,
                state_name(h.state),
                &kind,
            ]
            .join(" ");
            let meta_text = folding.fold(&meta_text);
            let meta = distinct_words(folding, &meta_text);
            let body_text = folding.fold(&format!(
                "{} {}",
                p.summary.as_deref().unwrap_or(""),
                p.body.text
            ));
            let body: Vec<String> = distinct_words(folding, &body_text)
                .into_iter()
                .filter(|t| meta.binary_search(t).is_err())
                .map(str::to_string)
                .collect();
            (meta.into_iter().map(str::to_string).collect(), body)
        })
        .collect();
    let mut postings: HashMap<&str, (Vec<u32>, Vec<u32>)> = HashMap::new();
    for (id, (meta, body)) in per_program.iter().enumerate() {
        for t in meta {
            postings.entry(t).or_default().0.push(id as u32);
        }
        for t in body {
            postings.entry(t).or_default().1.push(id as u32);
        }
    }
    let sorted: BTreeMap<&str, (Vec<u32>, Vec<u32>)> = postings.into_iter().collect();
    let rows: Vec<[String; 3]> = sorted
        .into_par_iter()
        .map(|(t, (meta, body))| {
            [
                t.to_string(),
                encode_postings(&meta),
                encode_postings(&body),
            ]
        })
        .collect();
    let mut shards: Vec<(String, Vec<[String; 3]>)> = Vec::new();
    let mut size = usize::MAX;
    for row in rows {
        if size >= SHARD_BYTES {
            shards.push((row[0].clone(), Vec::new()));
            size = 0;
        }
        size += row.iter().map(|s| s.len() + 3).sum::<usize>() + 3;
        shards.last_mut().expect("a shard was pushed").1.push(row);
    }
    shards
}

/// Sorted ids as delta-encoded base-64 varints: 5 bits per digit, the sixth
/// bit set on every digit but a number's last.
fn encode_postings(ids: &[u32]) -> String {
    let mut out = String::with_capacity(ids.len());
    let mut prev: i64 = -1;
    for &id in ids {
        let mut delta = (i64::from(id) - prev) as u64;
        prev = i64::from(id);
        loop {
            let low = (delta & 31) as usize;
            delta >>= 5;
            if delta == 0 {
                out.push(DIGITS[low] as char);
                break;
            }
            out.push(DIGITS[low | 32] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The searchable words of a text, as the theme's JavaScript splits queries:
    /// folded, split at anything not a letter or digit, stop words and one-letter
    /// words dropped, long words cut.
    fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
        terms_in("en", text)
    }

    fn terms_in<'t>(language: &str, text: &'t str) -> impl Iterator<Item = String> + 't {
        let folding = Folding::of(language);
        let folded = folding.fold(text);
        folding
            .words(&folded)
            .map(str::to_string)
            .collect::<Vec<_>>()
            .into_iter()
    }

    fn decode_postings(s: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let (mut prev, mut value, mut shift) = (-1i64, 0u64, 0);
        for c in s.bytes() {
            let d = DIGITS.iter().position(|&x| x == c).unwrap() as u64;
            value |= (d & 31) << shift;
            shift += 5;
            if d & 32 == 0 {
                prev += value as i64;
                out.push(prev as u32);
                value = 0;
                shift = 0;
            }
        }
        out
    }

    #[test]
    fn postings_round_trip() {
        let ids = vec![0, 1, 2, 31, 32, 33, 1000, 70_000];
        assert_eq!(decode_postings(&encode_postings(&ids)), ids);
        assert_eq!(encode_postings(&[0, 1, 2]), "111");
    }

    #[test]
    fn each_language_folds_its_own_way() {
        let es: Vec<String> = terms_in("es", "Pediatría de la Clínica del Niño").collect();
        assert_eq!(es, ["pediatria", "clinica", "nino"]);
        // Arabic: hamza seats, short vowels, taa marbuta, the article, tatweel.
        let ar: Vec<String> = terms_in("ar", "طبُّ الأطفال في المدرسة والمستشفى إسـكان").collect();
        assert_eq!(ar, ["طب", "اطفال", "مدرسه", "مستشفي", "اسكان"]);
        assert_eq!(
            terms_in("ar", "أطفال").collect::<Vec<_>>(),
            terms_in("ar", "الأطفال").collect::<Vec<_>>()
        );
        // English keeps its own stop words only: "de" is a word there.
        assert_eq!(terms("de la").collect::<Vec<_>>(), ["de", "la"]);
    }

    #[test]
    fn terms_fold_and_filter() {
        let t: Vec<String> =
            terms("Cardiology at Sinaí Health, NY — a 4-week C++ rotation").collect();
        assert_eq!(
            t,
            [
                "cardiology",
                "sinai",
                "health",
                "ny",
                "4",
                "week",
                "rotation"
            ]
        );
        assert_eq!(terms("Ünïcödé").collect::<Vec<_>>(), ["unicode"]);
    }

    /// tests/js/words.json holds (text, words) pairs as this file splits them;
    /// tests/js/words.test.mjs checks the theme's script splits them the same.
    /// Fails while the fixture is stale; `ROTALOG_BLESS=1` rewrites it.
    #[test]
    fn browser_word_fixture_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/words.json");
        let text = std::fs::read_to_string(&path).expect("tests/js/words.json");
        let cases: Vec<serde_json::Value> = serde_json::from_str(&text).expect("a JSON list");
        let current: Vec<serde_json::Value> = cases
            .iter()
            .map(|c| {
                let text = c["text"].as_str().expect("each case has a text");
                match c["lang"].as_str() {
                    Some(lang) => serde_json::json!({ "lang": lang, "text": text, "words": terms_in(lang, text).collect::<Vec<_>>() }),
                    None => serde_json::json!({ "text": text, "words": terms(text).collect::<Vec<_>>() }),
                }
            })
            .collect();
        if std::env::var_os("ROTALOG_BLESS").is_some() {
            let json = serde_json::to_string_pretty(&current).expect("serializes");
            std::fs::write(&path, json + "\n").expect("writes tests/js/words.json");
            return;
        }
        assert_eq!(
            cases, current,
            "tests/js/words.json is stale: run ROTALOG_BLESS=1 cargo test --lib browser_word_fixture"
        );
    }
}
