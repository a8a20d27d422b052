//! The search index (docs/search-index.md) read back the way the theme's
//! JavaScript reads it, and checked against the content it came from.

mod harness;

use std::collections::{BTreeMap, BTreeSet};

use harness::SiteTest;
use serde_json::Value;

const DIGITS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

fn digit(c: u8) -> usize {
    DIGITS.bytes().position(|d| d == c).expect("a column digit")
}

fn decode(data: &str, width: usize) -> Vec<usize> {
    data.as_bytes()
        .chunks(width)
        .map(|ds| ds.iter().fold(0, |v, &d| v * 64 + digit(d)))
        .collect()
}

fn decode_masks(data: &str, width: usize) -> Vec<Vec<usize>> {
    data.as_bytes()
        .chunks(width)
        .map(|ds| {
            let mut bits = Vec::new();
            for (k, &d) in ds.iter().enumerate() {
                for b in 0..6 {
                    if digit(d) & (1 << b) != 0 {
                        bits.push(k * 6 + b);
                    }
                }
            }
            bits
        })
        .collect()
}

fn decode_postings(s: &str) -> Vec<usize> {
    let (mut out, mut id, mut value, mut shift) = (Vec::new(), -1i64, 0usize, 0);
    for c in s.bytes() {
        let d = digit(c);
        value |= (d & 31) << shift;
        shift += 5;
        if d & 32 == 0 {
            id += value as i64;
            out.push(id as usize);
            value = 0;
            shift = 0;
        }
    }
    out
}

struct Index {
    entry: Value,
    files: BTreeMap<String, Vec<u8>>,
}

impl Index {
    fn of(t: &SiteTest) -> Index {
        let files = t.output();
        let entry = serde_json::from_slice(&files["search/index.json"]).unwrap();
        Index { entry, files }
    }

    fn file(&self, versioned: &str) -> Value {
        let name = versioned.split('?').next().unwrap();
        serde_json::from_slice(&self.files[&format!("search/{name}")]).unwrap()
    }

    fn count(&self) -> usize {
        self.entry["count"].as_u64().unwrap() as usize
    }

    /// A facet, fetching its own file when it has one.
    fn facet(&self, key: &str) -> Value {
        let f = self.entry["facets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == key)
            .unwrap_or_else(|| panic!("no facet {key}"))
            .clone();
        match f["file"].as_str() {
            Some(file) => self.file(file),
            None => f,
        }
    }

    /// Each program's value(s) of a facet, by id.
    fn values(&self, key: &str) -> Vec<Vec<String>> {
        let f = self.facet(key);
        let values: Vec<String> = f["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let width = f["width"].as_u64().unwrap() as usize;
        let data = f["data"].as_str().unwrap();
        let out: Vec<Vec<String>> = if f["multi"].as_bool().unwrap() {
            decode_masks(data, width)
                .into_iter()
                .map(|bits| bits.into_iter().map(|b| values[b].clone()).collect())
                .collect()
        } else {
            decode(data, width)
                .into_iter()
                .map(|c| match c {
                    0 => vec![],
                    c => vec![values[c - 1].clone()],
                })
                .collect()
        };
        assert_eq!(out.len(), self.count(), "{key} has one entry per program");
        out
    }

    /// Card rows by id: [slug, title, hospital line, weeks, total, next
    /// start, apply template, seats, open starts, apply-by days, lengths];
    /// the last two as JSON text.
    fn cards(&self) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        for file in self.entry["cards"].as_array().unwrap() {
            for row in self.file(file.as_str().unwrap()).as_array().unwrap() {
                rows.push(
                    row.as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                        .collect(),
                );
            }
        }
        rows
    }

    /// Ids whose text holds a word starting with `prefix`: (in title or
    /// facts, only in the body).
    fn search(&self, prefix: &str) -> (BTreeSet<usize>, BTreeSet<usize>) {
        let (mut meta, mut body) = (BTreeSet::new(), BTreeSet::new());
        for file in self.entry["terms"]["files"].as_array().unwrap() {
            for row in self.file(file.as_str().unwrap()).as_array().unwrap() {
                if row[0].as_str().unwrap().starts_with(prefix) {
                    meta.extend(decode_postings(row[1].as_str().unwrap()));
                    body.extend(decode_postings(row[2].as_str().unwrap()));
                }
            }
        }
        (meta, body)
    }
}

/// `key: value` lines of a front matter (enough for these fixtures).
fn front_matter(t: &SiteTest, rel: &str) -> BTreeMap<String, String> {
    t.read(rel)
        .split("---")
        .nth(1)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
        .collect()
}

#[test]
fn every_program_is_indexed_with_its_facts() {
    let t = SiteTest::example();
    let index = Index::of(&t);
    assert_eq!(index.entry["version"], 2);
    let programs: Vec<String> = std::fs::read_dir(t.path("content/programs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().replace(".md", ""))
        // Translations (`x.es.md`) are no programs of their own.
        .filter(|slug| !slug.contains('.'))
        .collect();
    assert_eq!(index.count(), programs.len());

    let cards = index.cards();
    let slugs: BTreeSet<&str> = cards.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(slugs, programs.iter().map(String::as_str).collect());

    let specialty = index.values("specialty");
    let kind = index.values("kind");
    let status = index.values("status");
    for (id, row) in cards.iter().enumerate() {
        let fm = front_matter(&t, &format!("content/programs/{}.md", row[0]));
        assert_eq!(specialty[id], [fm["specialty"].clone()], "{}", row[0]);
        assert_eq!(kind[id], [fm["kind"].clone()], "{}", row[0]);
        let written = fm.get("status").cloned().unwrap_or("open".into());
        assert_eq!(status[id], [written], "{}", row[0]);
        assert_eq!(row[1], fm["title"], "the card's title");
        // The page the card links to exists.
        assert!(
            index
                .files
                .contains_key(&format!("programs/{}/index.html", row[0]))
        );
    }
    // Hospital and state agree with the hospital files.
    let hospital = index.values("hospital");
    let state = index.values("state");
    for (id, row) in cards.iter().enumerate() {
        let h = &hospital[id][0];
        let hfm = front_matter(&t, &format!("content/hospitals/{h}.md"));
        assert_eq!(state[id], [hfm["state"].clone()]);
        assert!(row[2].starts_with(&hfm["name"]), "{}", row[2]);
    }
}

#[test]
fn ids_follow_the_soonest_open_start_and_sort_keys_are_right() {
    let t = SiteTest::example();
    let index = Index::of(&t);
    let cards = index.cards();
    // Open programs come first; a program with no open start never precedes one with.
    let next: Vec<&str> = cards.iter().map(|r| r[5].as_str()).collect();
    let none = |s: &&str| *s == "No open start dates" || *s == "Not accepting applications";
    let first_none = next.iter().position(none).unwrap_or(next.len());
    assert!(next[first_none..].iter().all(none), "{next:?}");

    // The title order file sorts by title.
    let order = index.file(index.entry["title_order"].as_str().unwrap());
    let ids = decode(
        order["data"].as_str().unwrap(),
        order["width"].as_u64().unwrap() as usize,
    );
    let titles: Vec<String> = ids.iter().map(|&i| cards[i][1].to_lowercase()).collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);

    // Totals: the card's "lowest total" is the column's value.
    let total = &index.entry["total"];
    let values: Vec<i64> = total["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    let codes = decode(
        total["data"].as_str().unwrap(),
        total["width"].as_u64().unwrap() as usize,
    );
    for (id, row) in cards.iter().enumerate() {
        let cents = values[codes[id] - 1];
        let dollars = format!("${}", cents / 100);
        assert_eq!(row[4].replace(',', ""), dollars, "{}", row[0]);
    }
}

#[test]
fn words_are_found_in_titles_facts_and_bodies() {
    let t = SiteTest::example();
    let index = Index::of(&t);
    let cards = index.cards();
    let hospital = index.values("hospital");
    // "chicago": the city of some hospitals, so a fact of their programs.
    let (meta, _) = index.search("chicago");
    for (id, h) in hospital.iter().enumerate() {
        let city = front_matter(&t, &format!("content/hospitals/{}.md", h[0]))["city"].clone();
        assert_eq!(
            meta.contains(&id),
            city == "Chicago",
            "{} in {city}",
            cards[id][0]
        );
    }
    // A prefix finds the word; accents are folded.
    let (cardio, _) = index.search("cardio");
    assert!(!cardio.is_empty());
    assert!(
        cardio
            .iter()
            .all(|&i| cards[i][1].to_lowercase().contains("cardio")
                || index.values("specialty")[i] == ["cardiology"])
    );
    // A word only in one program's body is found there, and only there.
    t.edit(
        "content/programs/im-hands-on-chicago.md",
        "\n---\n",
        "\n---\nTeam rounds with the Zürichbergwelt group.\n",
    );
    t.build().assert_success();
    let index = Index::of(&t);
    let cards = index.cards();
    let (meta, body) = index.search("zurichberg");
    assert!(meta.is_empty());
    let found: Vec<&str> = body.iter().map(|&i| cards[i][0].as_str()).collect();
    assert_eq!(found, ["im-hands-on-chicago"]);
}

#[test]
fn long_facets_get_their_own_file() {
    let t = SiteTest::fixture("valid");
    for n in 0..70 {
        t.write(
            &format!("content/hospitals/h{n:02}.md"),
            &format!("---\nname: Hospital {n:02}\ncity: Town {n}\nstate: NY\nkind: clinic\n---\n"),
        );
        t.write(
            &format!("content/programs/p{n:02}.md"),
            &format!(
                "---\ntitle: Program {n:02}\nspecialty: cardiology\nhospital: h{n:02}\nkind: research\nweeks: [4]\nfee: {{ per_week: 500 }}\nstarts: rolling\n---\nText.\n"
            ),
        );
    }
    t.build().assert_success();
    let index = Index::of(&t);
    let stub = index.entry["facets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "hospital")
        .unwrap()
        .clone();
    assert!(stub.get("data").is_none(), "the column is not inline");
    assert_eq!(stub["size"], 70 + 2);
    let hospital = index.values("hospital");
    let cards = index.cards();
    for (id, row) in cards.iter().enumerate() {
        if let Some(n) = row[0].strip_prefix('p') {
            assert_eq!(hospital[id], [format!("h{n}")]);
        }
    }
    // Short facets stay inline.
    let specialty = index.entry["facets"][0].clone();
    assert_eq!(specialty["key"], "specialty");
    assert!(specialty.get("data").is_some());
}

#[test]
fn index_urls_change_with_the_content() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let page = t.read("output/programs/index.html");
    let url = |html: &str| {
        let at = html.find("data-index=\"").unwrap() + "data-index=\"".len();
        html[at..at + html[at..].find('"').unwrap()].to_string()
    };
    let before = url(&page);
    assert!(
        before.starts_with("/catalog/search/index.json?v="),
        "{before}"
    );
    t.edit(
        "content/programs/im-hands-on.md",
        "title: ",
        "title: Renamed ",
    );
    t.build().assert_success();
    let after = url(&t.read("output/programs/index.html"));
    assert_ne!(before, after);
}

#[test]
fn card_rows_carry_each_open_start_and_each_length() {
    let t = SiteTest::fixture("valid");
    t.edit(
        "content/programs/cardio-observership.md",
        "status: waitlist\n",
        "status: waitlist\napply_url: \"https://a.example.org/?s={specialty}&w={weeks}&t={start}&x={program}\"\n",
    );
    t.build().assert_success();
    let index = Index::of(&t);
    let cards = index.cards();
    let row = cards
        .iter()
        .find(|r| r[0] == "im-hands-on")
        .expect("im-hands-on has a card");
    // Starts 2027-01-04, 02-01 and 03-01, 45 days to apply, built 2026-11-22:
    // January's deadline has passed.
    assert_eq!(row[7], "4 per start", "seats");
    assert_eq!(row[8], "2027-02-01 2027-03-01", "the open starts");
    assert_eq!(row[9], "45", "days to apply before a start");
    assert_eq!(
        row[6],
        "https://apply.example.org/form?program=im-hands-on&start={start}&who=mercy-chicago",
        "the apply template, {{start}} and {{weeks}} left for the script"
    );
    let lengths: Vec<(u64, i64, String)> = serde_json::from_str(&row[10]).unwrap();
    assert_eq!(
        lengths.iter().map(|l| l.0).collect::<Vec<_>>(),
        [4, 8, 12],
        "one entry per offered length"
    );
    let page = t.read("output/programs/im-hands-on/index.html");
    for (weeks, cents, text) in &lengths {
        assert!(
            page.contains(text.as_str()),
            "{weeks} weeks' total {text} is on the page"
        );
        assert_eq!(
            text.replace(['$', ','], ""),
            (cents / 100).to_string(),
            "{weeks} weeks: the text is the cents"
        );
    }
    // Each open start's link, filled as the script fills it, is the page's.
    for start in row[8].split(' ') {
        let url = row[6].replace("{start}", start).replace('&', "&amp;");
        assert!(page.contains(&url), "the page links {url}");
    }
    // A program's own template: the other placeholders filled, rolling
    // admission's start is `rolling`, its length the script's to fill.
    let rolling = cards
        .iter()
        .find(|r| r[0] == "cardio-observership")
        .expect("cardio-observership has a card");
    assert_eq!(
        rolling[6],
        "https://a.example.org/?s=cardiology&w={weeks}&t={start}&x=cardio-observership"
    );
    assert_eq!(rolling[8], "rolling");
    assert_eq!(rolling[10], "[[4,150000,\"$1,500\"]]");
    let page = t.read("output/programs/cardio-observership/index.html");
    assert!(
        page.contains(
            "https://a.example.org/?s=cardiology&amp;w=4&amp;t=rolling&amp;x=cardio-observership"
        ),
        "the page's link is the template filled with the first length and `rolling`"
    );
    // The card says when to apply for the start it shows.
    let listing = t.read("output/programs/index.html");
    assert!(
        listing.contains("Apply by December 18, 2026"),
        "February 1's deadline on the server-rendered card"
    );
}
