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

/// The searchable words of folded text, as slices of it.
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| w.chars().nth(1).is_some() || w.bytes().all(|b| b.is_ascii_digit()))
        .filter(|w| !STOP_WORDS.contains(w))
        .map(|w| match w.char_indices().nth(MAX_TERM_CHARS) {
            Some((end, _)) => &w[..end],
            None => w,
        })
}

/// The distinct words of folded text, sorted.
fn distinct_words(folded: &str) -> Vec<&str> {
    let mut words: Vec<&str> = words(folded).collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Term shards: (first term, [[term, title-and-facts postings, body postings]]).
pub(super) fn term_shards(views: &Views, programs: &[&Program]) -> Vec<(String, Vec<[String; 3]>)> {
    let cat = views.catalog;
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
            let meta_text = fold_fast(&meta_text);
            let meta = distinct_words(&meta_text);
            let body_text = fold_fast(&format!(
                "{} {}",
                p.summary.as_deref().unwrap_or(""),
                p.body.text
            ));
            let body: Vec<String> = distinct_words(&body_text)
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
        let folded = fold_fast(text);
        words(&folded)
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
                serde_json::json!({ "text": text, "words": terms(text).collect::<Vec<_>>() })
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
