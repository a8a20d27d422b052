//! The search index: every program's facet values, sort keys and card text
//! as dictionary-encoded columns, plus free-text term shards fetched only
//! when someone types. Built from the catalog model, never by crawling HTML.
//!
//! The format is the contract with the theme's JavaScript; it is versioned
//! ([`VERSION`]) and documented in `docs/search-index.md`. Everything is
//! ordered, so the same catalog gives the same bytes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::OutputFile;
use super::context::{ProgramCard, Views};
use crate::model::{
    Catalog, Letter, Program, ProgramKind, Requirement, Setting, Status, state_name,
};

/// Bumped whenever the format changes incompatibly.
pub const VERSION: u32 = 1;
/// Programs per card chunk.
pub const CHUNK: usize = 32;
/// Facets with more values than this (hospitals, usually) go in a file of
/// their own, fetched when someone opens that filter.
const INLINE_VALUES: usize = 64;
/// Term shards are cut once they pass this many bytes.
const SHARD_BYTES: usize = 24 * 1024;
/// Column digits: 6 bits each, all safe in JSON strings and URLs.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// Words too common to search for; dropped from the index and from queries.
const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or",
    "our", "the", "this", "to", "we", "will", "with", "you", "your",
];
/// Longer words are cut to this many characters (queries too).
const MAX_TERM_CHARS: usize = 24;

/// The order programs get their ids in, which is also the default sort:
/// soonest open start first (rolling admission counts as open now), programs
/// with no open start last, ties by title, then slug.
pub fn soonest_order(catalog: &Catalog) -> Vec<usize> {
    let mut order: Vec<usize> = (0..catalog.programs.len()).collect();
    let key = |p: &Program| {
        let next = p.next_open().map(|s| s.date.unwrap_or(catalog.today));
        (next.is_none(), next, p.title.to_lowercase(), p.slug.clone())
    };
    let keys: Vec<_> = catalog.programs.par_iter().map(key).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    order
}

/// The index files, under `search/`, and the URL of its entry file.
pub struct Index {
    pub files: Vec<OutputFile>,
    /// `…/search/index.json?v=<hash>`: the hash changes with the content.
    pub entry_url: String,
}

#[derive(Serialize)]
struct Entry<'a> {
    version: u32,
    count: usize,
    currency: &'a str,
    chunk: usize,
    facets: Vec<serde_json::Value>,
    total: Numbers,
    weeks: Numbers,
    cards: Vec<String>,
    title_order: String,
    terms: Terms,
}

/// One filter: its dictionary and one code per program (0 = not stated).
#[derive(Serialize)]
struct Facet {
    key: &'static str,
    label: &'static str,
    values: Vec<String>,
    labels: Vec<String>,
    /// Multi-valued facets hold a bit mask over the dictionary per program.
    multi: bool,
    width: usize,
    data: String,
}

/// A numeric column: sorted distinct values, and codes into them.
#[derive(Serialize)]
struct Numbers {
    values: Vec<i64>,
    multi: bool,
    width: usize,
    data: String,
}

#[derive(Serialize)]
struct Terms {
    /// The first term of each shard, in order.
    first: Vec<String>,
    files: Vec<String>,
}

/// Builds the index. `cards[i]` is the card of `catalog.programs[i]`;
/// `order` is [`soonest_order`].
pub fn build(views: &Views, cards: &[ProgramCard], order: &[usize]) -> Index {
    let cat = views.catalog;
    let programs: Vec<&Program> = order.iter().map(|&i| &cat.programs[i]).collect();
    let dir = views.url("/search/");
    let mut files = Vec::new();

    // Cards, in chunks.
    let mut card_files = Vec::new();
    for (n, ids) in order.chunks(CHUNK).enumerate() {
        let rows: Vec<[String; 7]> = ids
            .iter()
            .map(|&i| {
                let c = &cards[i];
                [
                    c.slug.clone(),
                    c.title.clone(),
                    format!("{}, {}, {}", c.hospital.name, c.city, c.state),
                    c.weeks.clone(),
                    c.lowest_total.clone(),
                    c.next_start.clone(),
                    c.apply_url.clone().unwrap_or_default(),
                ]
            })
            .collect();
        card_files.push(add(&mut files, &format!("cards-{n}.json"), &rows));
    }

    // Title order.
    let mut by_title: Vec<usize> = (0..programs.len()).collect();
    by_title.sort_by_cached_key(|&i| (fold(&programs[i].title), i));
    let width = width_for(programs.len());
    let title_order = add(
        &mut files,
        "title.json",
        &serde_json::json!({ "width": width, "data": encode(&by_title, width) }),
    );

    // Terms.
    let mut shard_first = Vec::new();
    let mut shard_files = Vec::new();
    for (first, shard) in term_shards(views, &programs) {
        shard_first.push(first);
        shard_files.push(add(
            &mut files,
            &format!("terms-{}.json", shard_files.len()),
            &shard,
        ));
    }

    let entry = Entry {
        version: VERSION,
        count: programs.len(),
        currency: cat.config.currency,
        chunk: CHUNK,
        facets: facets(cat, &programs)
            .into_iter()
            .map(|f| {
                if f.values.len() <= INLINE_VALUES {
                    return serde_json::to_value(&f).expect("facets serialize");
                }
                let file = add(&mut files, &format!("facet-{}.json", f.key), &f);
                serde_json::json!({
                    "key": f.key, "label": f.label, "multi": f.multi,
                    "size": f.values.len(), "file": file,
                })
            })
            .collect(),
        total: numbers(
            programs
                .iter()
                .map(|p| p.lowest_total().map(|c| c.0).into_iter().collect())
                .collect(),
            false,
        ),
        weeks: numbers(
            programs
                .iter()
                .map(|p| p.weeks.iter().map(|&w| i64::from(w)).collect())
                .collect(),
            true,
        ),
        cards: card_files,
        title_order,
        terms: Terms {
            first: shard_first,
            files: shard_files,
        },
    };
    let entry = add(&mut files, "index.json", &entry);
    Index {
        files,
        entry_url: format!("{dir}{entry}"),
    }
}

/// Serializes `value` to `search/<name>` and returns `<name>?v=<hash>`.
fn add<T: Serialize + ?Sized>(files: &mut Vec<OutputFile>, name: &str, value: &T) -> String {
    let bytes = serde_json::to_vec(value).expect("index values serialize");
    let versioned = format!("{name}?v={}", content_hash(&bytes));
    files.push(OutputFile {
        path: format!("search/{name}"),
        bytes,
    });
    versioned
}

/// A short, stable hash of some bytes (FNV-1a), for cache-busting URLs.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:010x}", h >> 24)
}

fn facets(cat: &Catalog, programs: &[&Program]) -> Vec<Facet> {
    let vocab = |key,
                 label,
                 all: &[&str],
                 labels: &dyn Fn(&str) -> String,
                 of: &dyn Fn(&Program) -> Option<&'static str>| {
        let used: BTreeSet<&str> = programs.iter().filter_map(|p| of(p)).collect();
        let values: Vec<&str> = all.iter().copied().filter(|v| used.contains(v)).collect();
        single(key, label, &values, labels, programs, |p| {
            of(p).map(str::to_string)
        })
    };
    let mut out = Vec::new();

    let mut specialties: Vec<usize> = (0..cat.specialties.len())
        .filter(|&i| programs.iter().any(|p| p.specialty == i))
        .collect();
    specialties.sort_by_cached_key(|&i| fold(&cat.specialties[i].name));
    let slugs: Vec<&str> = specialties
        .iter()
        .map(|&i| cat.specialties[i].slug.as_str())
        .collect();
    let names: HashMap<&str, &str> = cat
        .specialties
        .iter()
        .map(|s| (s.slug.as_str(), s.name.as_str()))
        .collect();
    out.push(single(
        "specialty",
        "Specialty",
        &slugs,
        &|v| names[v].to_string(),
        programs,
        |p| Some(cat.specialties[p.specialty].slug.clone()),
    ));

    let mut states: Vec<&str> = programs
        .iter()
        .map(|p| cat.hospitals[p.hospital].state)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    states.sort_by_key(|s| state_name(s));
    out.push(single(
        "state",
        "State",
        &states,
        &|v| state_name(v).to_string(),
        programs,
        |p| Some(cat.hospitals[p.hospital].state.to_string()),
    ));

    let mut hospitals: Vec<usize> = programs
        .iter()
        .map(|p| p.hospital)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    hospitals.sort_by_cached_key(|&i| (fold(&cat.hospitals[i].name), i));
    let slugs: Vec<&str> = hospitals
        .iter()
        .map(|&i| cat.hospitals[i].slug.as_str())
        .collect();
    let by_slug: HashMap<&str, usize> = cat
        .hospitals
        .iter()
        .enumerate()
        .map(|(i, h)| (h.slug.as_str(), i))
        .collect();
    let facet = single(
        "hospital",
        "Hospital",
        &slugs,
        &|v| cat.hospitals[by_slug[v]].name.clone(),
        programs,
        |p| Some(cat.hospitals[p.hospital].slug.clone()),
    );
    out.push(facet);

    out.push(vocab(
        "kind",
        "Experience type",
        ProgramKind::SLUGS,
        &|v| {
            ProgramKind::from_slug(v)
                .map_or("", |k| k.label())
                .to_string()
        },
        &|p| Some(p.kind.slug()),
    ));
    out.push(vocab(
        "setting",
        "Setting",
        Setting::SLUGS,
        &|v| Setting::from_slug(v).map_or("", |k| k.label()).to_string(),
        &|p| p.setting.map(Setting::slug),
    ));

    // Open start months, rolling admission first.
    let month = |d: time::Date| format!("{}-{:02}", d.year(), u8::from(d.month()));
    let starts = |p: &Program| -> Vec<String> {
        p.sessions
            .iter()
            .filter(|s| s.open)
            .map(|s| s.date.map_or("rolling".to_string(), month))
            .collect()
    };
    let mut months: Vec<String> = programs
        .iter()
        .flat_map(|p| starts(p))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if let Some(pos) = months.iter().position(|m| m == "rolling") {
        let rolling = months.remove(pos);
        months.insert(0, rolling);
    }
    let labels = months.iter().map(|m| month_label(m)).collect();
    let index: HashMap<&str, usize> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let masks: Vec<Vec<usize>> = programs
        .iter()
        .map(|p| starts(p).iter().map(|m| index[m.as_str()]).collect())
        .collect();
    let width = months.len().div_ceil(6).max(1);
    out.push(Facet {
        key: "start",
        label: "Open start month",
        labels,
        multi: true,
        width,
        data: encode_masks(&masks, width),
        values: months,
    });

    out.push(vocab(
        "status",
        "Status",
        Status::SLUGS,
        &|v| Status::from_slug(v).map_or("", |k| k.label()).to_string(),
        &|p| Some(p.status.slug()),
    ));
    out.push(vocab(
        "usmle_step1",
        "USMLE Step 1",
        Requirement::SLUGS,
        &|v| {
            Requirement::from_slug(v)
                .map_or("", |k| k.label())
                .to_string()
        },
        &|p| p.eligibility.usmle_step1.map(Requirement::slug),
    ));
    let yes_no = |yes: &'static str, no: &'static str| {
        move |v: &str| if v == "true" { yes } else { no }.to_string()
    };
    let boolean = |b: Option<bool>| b.map(|b| if b { "true" } else { "false" });
    out.push(vocab(
        "graduates",
        "Graduates",
        &["true", "false"],
        &yes_no("Graduates accepted", "Students only"),
        &|p| boolean(p.eligibility.graduates),
    ));
    out.push(vocab(
        "letter_of_recommendation",
        "Letter of recommendation",
        Letter::SLUGS,
        &|v| Letter::from_slug(v).map_or("", |k| k.label()).to_string(),
        &|p| p.letter.map(Letter::slug),
    ));
    out.push(vocab(
        "invitation_letter",
        "Visa invitation letter",
        &["true", "false"],
        &yes_no("Invitation letter provided", "No invitation letter"),
        &|p| boolean(p.visa.invitation_letter),
    ));
    out
}

/// A single-valued facet over `values`, in display order.
fn single(
    key: &'static str,
    label: &'static str,
    values: &[&str],
    label_of: &dyn Fn(&str) -> String,
    programs: &[&Program],
    of: impl Fn(&Program) -> Option<String>,
) -> Facet {
    let index: HashMap<&str, usize> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (*v, i + 1))
        .collect();
    let codes: Vec<usize> = programs
        .iter()
        .map(|p| {
            of(p)
                .and_then(|v| index.get(v.as_str()).copied())
                .unwrap_or(0)
        })
        .collect();
    let width = width_for(values.len() + 1);
    Facet {
        key,
        label,
        labels: values.iter().map(|v| label_of(v)).collect(),
        values: values.iter().map(|v| v.to_string()).collect(),
        multi: false,
        width,
        data: encode(&codes, width),
    }
}

/// A numeric column. Single: code = index + 1, 0 when missing. Multi: a bit
/// mask over the values.
fn numbers(per_program: Vec<Vec<i64>>, multi: bool) -> Numbers {
    let values: Vec<i64> = per_program
        .iter()
        .flatten()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let index: HashMap<i64, usize> = values.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let (width, data) = if multi {
        let masks: Vec<Vec<usize>> = per_program
            .iter()
            .map(|vs| vs.iter().map(|v| index[v]).collect())
            .collect();
        let width = values.len().div_ceil(6).max(1);
        (width, encode_masks(&masks, width))
    } else {
        let codes: Vec<usize> = per_program
            .iter()
            .map(|vs| vs.first().map_or(0, |v| index[v] + 1))
            .collect();
        let width = width_for(values.len() + 1);
        (width, encode(&codes, width))
    };
    Numbers {
        values,
        multi,
        width,
        data,
    }
}

/// How many 6-bit digits it takes to write every number below `n`.
fn width_for(n: usize) -> usize {
    let mut width = 1;
    while n > 1 << (6 * width) {
        width += 1;
    }
    width
}

/// Fixed-width, big-endian base-64 numbers, concatenated.
fn encode(codes: &[usize], width: usize) -> String {
    let mut out = String::with_capacity(codes.len() * width);
    for &c in codes {
        for k in (0..width).rev() {
            out.push(DIGITS[(c >> (6 * k)) & 63] as char);
        }
    }
    out
}

/// Bit masks over a dictionary, `width` digits each, lowest bits first.
fn encode_masks(masks: &[Vec<usize>], width: usize) -> String {
    let mut out = String::with_capacity(masks.len() * width);
    let mut digits = vec![0usize; width];
    for bits in masks {
        digits.iter_mut().for_each(|d| *d = 0);
        for &b in bits {
            digits[b / 6] |= 1 << (b % 6);
        }
        out.extend(digits.iter().map(|&d| DIGITS[d] as char));
    }
    out
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

/// "2027-04" -> "April 2027"; "rolling" -> "Rolling admission".
fn month_label(m: &str) -> String {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match m.split_once('-') {
        Some((y, mo)) => {
            let i: usize = mo.parse().unwrap_or(1);
            format!("{} {y}", NAMES[(i.clamp(1, 12)) - 1])
        }
        None => "Rolling admission".into(),
    }
}

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
fn term_shards(views: &Views, programs: &[&Program]) -> Vec<(String, Vec<[String; 3]>)> {
    let cat = views.catalog;
    let per_program: Vec<(Vec<String>, Vec<String>)> = programs
        .par_iter()
        .map(|p| {
            let h = &cat.hospitals[p.hospital];
            let meta_text = [
                p.title.as_str(),
                &cat.specialties[p.specialty].name,
                &h.name,
                &h.city,
                h.state,
                state_name(h.state),
                p.kind.label(),
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
    fn widths_and_columns() {
        assert_eq!(width_for(1), 1);
        assert_eq!(width_for(64), 1);
        assert_eq!(width_for(65), 2);
        assert_eq!(width_for(4097), 3);
        assert_eq!(encode(&[0, 1, 63, 64], 2), "00010_10");
        assert_eq!(encode_masks(&[vec![0, 2], vec![6], vec![]], 2), "500100");
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

    #[test]
    fn month_labels() {
        assert_eq!(month_label("2027-04"), "April 2027");
        assert_eq!(month_label("rolling"), "Rolling admission");
    }
}
