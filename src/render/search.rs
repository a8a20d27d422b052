//! The search index: every program's facet values, sort keys and card text
//! as dictionary-encoded columns, plus free-text term shards fetched only
//! when someone types. Built from the catalog model, never by crawling HTML.
//!
//! The format is the contract with the theme's JavaScript; it is versioned
//! ([`VERSION`]) and documented in `docs/search-index.md`. Everything is
//! ordered, so the same catalog gives the same bytes.

mod facets;
mod terms;

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::OutputFile;
use super::context::{ProgramCard, Views};
use crate::model::config::fill_template;
use crate::model::{Catalog, Program};
use facets::facets;
pub use terms::fold;
use terms::term_shards;

/// Bumped whenever the format changes incompatibly.
pub const VERSION: u32 = 2;
/// Programs per card chunk.
pub const CHUNK: usize = 32;
/// Facets with more values than this (hospitals, usually) go in a file of
/// their own, fetched when someone opens that filter.
const INLINE_VALUES: usize = 64;
/// Column digits: 6 bits each, all safe in JSON strings and URLs.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

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
    let mut files = Vec::new();
    let card_files = card_chunks(&mut files, views, cards, order);
    let title_order = title_order(&mut files, &programs);
    let terms = term_files(&mut files, views, &programs);
    let facets = facet_entries(&mut files, views, &programs);
    let entry = Entry {
        version: VERSION,
        count: programs.len(),
        currency: cat.config.currency,
        chunk: CHUNK,
        facets,
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
        terms,
    };
    let entry = add(&mut files, "index.json", &entry);
    Index {
        files,
        entry_url: format!("{}{entry}", views.url("/search/")),
    }
}

/// One card row (docs/search-index.md): the card's text, then what the
/// script needs to show the start and length a visitor chose.
type CardRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    u32,
    Vec<(u32, i64, String)>,
    u8,
    serde_json::Value,
);

/// The cards' text, in chunks of [`CHUNK`] programs: their file names.
fn card_chunks(
    files: &mut Vec<OutputFile>,
    views: &Views,
    cards: &[ProgramCard],
    order: &[usize],
) -> Vec<String> {
    let cat = views.catalog;
    let mut card_files = Vec::new();
    for (n, ids) in order.chunks(CHUNK).enumerate() {
        let rows: Vec<CardRow> = ids
            .iter()
            .map(|&i| card_row(views, &cat.programs[i], &cards[i]))
            .collect();
        card_files.push(add(files, &format!("cards-{n}.json"), &rows));
    }
    card_files
}

fn card_row(views: &Views, p: &Program, c: &ProgramCard) -> CardRow {
    let cat = views.catalog;
    let open = p.sessions.iter().filter(|s| s.open);
    let starts: Vec<String> = open
        .clone()
        .map(|s| s.date.map_or("rolling".to_string(), |d| d.to_string()))
        .collect();
    let apply = match p.next_open() {
        Some(s) if s.apply_url.is_some() => apply_template(cat, p),
        _ => String::new(),
    };
    let money = |cents| views.money(cents);
    let lengths = p
        .weeks
        .iter()
        .filter_map(|&w| {
            let cost = p.costs.iter().find(|c| c.weeks == w)?;
            Some((w, cost.total.0, money(cost.total)))
        })
        .collect();
    (
        c.slug.clone(),
        c.title.clone(),
        format!("{}, {}, {}", c.hospital.name, c.city, c.state),
        c.weeks.clone(),
        c.lowest_total.clone(),
        c.next_start.clone(),
        apply,
        c.seats.clone(),
        starts.join(" "),
        p.apply_by_days.unwrap_or(0),
        lengths,
        u8::from(c.stale),
        // The card's thumbnail (decorative: the card names its hospital):
        // `[src, width, height]`, or 0.
        c.image.as_ref().map_or(serde_json::json!(0), |i| {
            serde_json::json!([i.src, i.width, i.height])
        }),
    )
}

/// The program's apply link template with every placeholder filled in but
/// `{start}` and `{weeks}`, which the script fills for the start and length
/// shown (as `src/content/items/resolve.rs` fills them for each start).
fn apply_template(cat: &Catalog, p: &Program) -> String {
    let Some(t) = p.apply_url.as_deref().or(cat.config.apply.url.as_deref()) else {
        return String::new();
    };
    let value = |name: &str| match name {
        "program" => p.slug.clone(),
        "specialty" => cat.specialties[p.specialty].slug.clone(),
        "hospital" => cat.hospitals[p.hospital].slug.clone(),
        _ => String::new(),
    };
    let mut out = String::with_capacity(t.len() + 32);
    let mut rest = t;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let Some(len) = rest[at..].find('}') else {
            break;
        };
        let placeholder = &rest[at..=at + len];
        match placeholder {
            "{start}" | "{weeks}" => out.push_str(placeholder),
            _ => out.push_str(&fill_template(placeholder, &value)),
        }
        rest = &rest[at + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The programs' ids in title order: its file name.
fn title_order(files: &mut Vec<OutputFile>, programs: &[&Program]) -> String {
    let mut by_title: Vec<usize> = (0..programs.len()).collect();
    by_title.sort_by_cached_key(|&i| (fold(&programs[i].title), i));
    let width = width_for(programs.len());
    add(
        files,
        "title.json",
        &serde_json::json!({ "width": width, "data": encode(&by_title, width) }),
    )
}

/// The term shards' files, and the first term of each.
fn term_files(files: &mut Vec<OutputFile>, views: &Views, programs: &[&Program]) -> Terms {
    let mut shard_first = Vec::new();
    let mut shard_files = Vec::new();
    for (first, shard) in term_shards(views, programs) {
        shard_first.push(first);
        shard_files.push(add(
            files,
            &format!("terms-{}.json", shard_files.len()),
            &shard,
        ));
    }
    Terms {
        first: shard_first,
        files: shard_files,
    }
}

/// The facets as the entry file lists them: inline, or (if they have more
/// than [`INLINE_VALUES`] values) a reference to a file of their own.
fn facet_entries(
    files: &mut Vec<OutputFile>,
    views: &Views,
    programs: &[&Program],
) -> Vec<serde_json::Value> {
    facets(views, programs)
        .into_iter()
        .map(|f| {
            if f.values.len() <= INLINE_VALUES {
                return serde_json::to_value(&f).expect("facets serialize");
            }
            let file = add(files, &format!("facet-{}.json", f.key), &f);
            serde_json::json!({
                "key": f.key, "label": f.label, "multi": f.multi,
                "size": f.values.len(), "file": file,
            })
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_and_columns() {
        assert_eq!(width_for(1), 1);
        assert_eq!(width_for(64), 1);
        assert_eq!(width_for(65), 2);
        assert_eq!(width_for(4097), 3);
        assert_eq!(encode(&[0, 1, 63, 64], 2), "00010_10");
        assert_eq!(encode_masks(&[vec![0, 2], vec![6], vec![]], 2), "500100");
    }
}
