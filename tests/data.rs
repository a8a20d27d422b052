//! The catalog as open data: `/data/programs.json` validated by Python's
//! `jsonschema` against docs/programs.schema.json and `/data/programs.csv`
//! read by Python's csv module (tests/data/read.py; tests/requirements.txt,
//! which tests/run puts first on PATH), both compared with the content and
//! the pages. And the listing pages' JSON-LD: an ItemList of exactly the
//! programs each shows, and on /programs/ the Dataset of the downloads.

mod harness;

use std::collections::BTreeMap;
use std::path::Path;

use harness::{SiteTest, page_starts};
use serde_json::{Value, json};

/// What the independent parsers found in a built site's downloads.
fn read(t: &SiteTest) -> Value {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    harness::python_json(
        "data reader",
        &repo.join("tests/data/read.py"),
        [repo.join("docs/programs.schema.json"), t.path("output")],
    )
}

/// The programs whose cards a listing page shows, in order.
fn cards(html: &str) -> Vec<String> {
    html.split("class=\"card\" data-program=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .filter(|s| s != "[[slug]]")
        .collect()
}

/// Every item of a page's JSON-LD (the `@graph`'s, or the one object).
fn json_ld(html: &str) -> Vec<Value> {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let v: Value = serde_json::from_str(&html[start..end]).unwrap();
    match v.get("@graph") {
        Some(Value::Array(items)) => items.clone(),
        _ => vec![v],
    }
}

fn of_type<'a>(items: &'a [Value], t: &str) -> Vec<&'a Value> {
    items.iter().filter(|i| i["@type"] == t).collect()
}

/// The program slugs built into `output/programs/`.
fn built_programs(t: &SiteTest) -> Vec<String> {
    let dir = t.path("output/programs");
    let mut slugs: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| dir.join(n).join("dates.ics").exists())
        .collect();
    slugs.sort();
    slugs
}

/// Every property name a JSON Schema declares, at any depth.
fn schema_properties(v: &Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                out.extend(props.keys().cloned());
            }
            map.values().for_each(|v| schema_properties(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| schema_properties(v, out)),
        _ => {}
    }
}

#[test]
fn the_downloads_parse_validate_and_match_the_content() {
    let t = SiteTest::example();
    let found = read(&t);
    assert_eq!(found["problems"], json!([]), "schema problems");
    let data = &found["json"];
    assert_eq!(data["version"], 1);
    assert_eq!(data["built_on"], harness::DATE);
    assert_eq!(data["currency"], "USD");
    assert_eq!(data["site"]["url"], "https://rotations.example.org/");

    // Every program built, by id, once, sorted.
    let programs = data["programs"].as_array().unwrap();
    let ids: Vec<String> = programs
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, built_programs(&t));
    assert_eq!(ids.len(), 14);

    // Each program's open starts are the ones its page offers, and its URL is its page.
    for p in programs {
        let id = p["id"].as_str().unwrap();
        assert_eq!(
            p["url"],
            format!("https://rotations.example.org/programs/{id}/")
        );
        let page = t.read(&format!("output/programs/{id}/index.html"));
        let dated: Vec<(String, String)> = p["open_starts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| !s["start"].is_null())
            .map(|s| {
                (
                    s["start"].as_str().unwrap().to_string(),
                    s["apply_by"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(dated, page_starts(&page), "{id}");
        let title = page
            .split("<h1>")
            .nth(1)
            .and_then(|s| s.split("</h1>").next())
            .unwrap()
            .replace("&amp;", "&");
        assert_eq!(p["title"], title.as_str(), "{id}");
    }

    // One program against its file (content/programs/cardiology-houston.md):
    // 950 a week, 150 application, 5 % off 8 weeks (fees.yaml's bundle);
    // starts 2027-01-18 (closed: apply by 60 days before, past on DATE),
    // 2027-03-15 and 2027-05-17.
    let p = programs
        .iter()
        .find(|p| p["id"] == "cardiology-houston")
        .unwrap();
    let totals: Vec<(u64, u64)> = p["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["weeks"].as_u64().unwrap(),
                t["total_cents"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(totals, [(4, 395_000), (8, 737_000)]);
    assert_eq!(p["totals"][1]["discount"]["amount_cents"], 38_000);
    assert_eq!(p["fees"]["application_cents"], 15_000);
    assert_eq!(p["fees"]["deposit_cents"], 40_000);
    assert_eq!(
        p["starts"]["dates"],
        json!(["2027-01-18", "2027-03-15", "2027-05-17"])
    );
    assert_eq!(
        p["open_starts"],
        json!([
            { "start": "2027-03-15", "apply_by": "2027-01-14", "apply_url": p["open_starts"][0]["apply_url"] },
            { "start": "2027-05-17", "apply_by": "2027-03-18", "apply_url": p["open_starts"][1]["apply_url"] },
        ])
    );
    assert_eq!(
        p["hospital"],
        json!({
            "id": "gulf-coast-regional", "name": "Gulf Coast Regional Hospital",
            "kind": "teaching-hospital", "city": "Houston", "state": "TX", "state_name": "Texas",
            "url": "https://rotations.example.org/hospitals/gulf-coast-regional/",
        })
    );
    assert_eq!(p["experience"]["type"], "hands-on");
    assert_eq!(p["eligibility"]["usmle_step1"], "required");
    assert_eq!(p["letter"], "performance-based");
    assert_eq!(p["visa"]["accepted"], json!(["B1/B2"]));
    assert_eq!(p["last_verified"], "2026-11-01");
    assert_eq!(p["refund"]["tier"], "standard");

    // The CSV: BOM, CRLF, a header, one row per program and open start.
    let csv = &found["csv"];
    assert_eq!(csv["bom"], true);
    assert_eq!(csv["ends_with_crlf"], true);
    assert_eq!(csv["bare_lf_outside_fields"], 0);
    assert_eq!(
        csv["header"],
        json!(rotalog::render::data::CSV_COLUMNS),
        "the header names every column"
    );
    assert_eq!(
        csv["widths"],
        json!([rotalog::render::data::CSV_COLUMNS.len()])
    );
    let rows = csv["rows"].as_array().unwrap();
    let mut by_id: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for r in rows {
        by_id.entry(r["id"].as_str().unwrap()).or_default().push(r);
    }
    assert_eq!(by_id.keys().map(|k| k.to_string()).collect::<Vec<_>>(), ids);
    for p in programs {
        let id = p["id"].as_str().unwrap();
        let open = p["open_starts"].as_array().unwrap();
        let starts: Vec<&str> = by_id[id]
            .iter()
            .map(|r| r["start"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = if open.is_empty() {
            vec![""]
        } else {
            open.iter()
                .map(|s| s["start"].as_str().unwrap_or(""))
                .collect()
        };
        assert_eq!(starts, expected, "{id}");
        for r in &by_id[id] {
            assert_eq!(r["title"], p["title"], "{id}");
            assert_eq!(r["url"], p["url"], "{id}");
        }
    }
    assert!(
        programs.iter().any(|p| p["open_starts"] == json!([])),
        "the example has a program with no open start (its one empty row is checked)"
    );
    let houston = &by_id["cardiology-houston"];
    assert_eq!(houston.len(), 2);
    assert_eq!(houston[0]["totals"], "4 weeks: 3950.00; 8 weeks: 7370.00");
    assert_eq!(houston[0]["lowest_total"], "3950.00");
    assert_eq!(houston[0]["apply_by"], "2027-01-14");
    assert_eq!(houston[1]["start"], "2027-05-17");
    assert_eq!(houston[0]["state"], "TX");
    assert_eq!(houston[0]["rolling_admission"], "no");

    // Every field of the format is documented in docs/data.md.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/programs.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut names = std::collections::BTreeSet::new();
    schema_properties(&schema, &mut names);
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/data.md"))
        .unwrap();
    for n in names
        .iter()
        .map(String::as_str)
        .chain(rotalog::render::data::CSV_COLUMNS.iter().copied())
    {
        assert!(
            doc.contains(&format!("`{n}`")),
            "docs/data.md documents `{n}`"
        );
    }
}

#[test]
fn text_that_needs_quoting_or_would_run_as_a_formula_reads_back() {
    let t = SiteTest::fixture("valid");
    let file = "content/programs/im-hands-on.md";
    let text = t.read(file).replacen(
        "title: Internal Medicine Hands-on Rotation",
        "title: '=Internal, \"Medicine\" Rotation'",
        1,
    );
    t.write(file, &text);
    t.build().assert_success();
    let found = read(&t);
    assert_eq!(found["problems"], json!([]));
    let p = found["json"]["programs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "im-hands-on")
        .unwrap()
        .clone();
    assert_eq!(p["title"], "=Internal, \"Medicine\" Rotation");
    let rows: Vec<&Value> = found["csv"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == "im-hands-on")
        .collect();
    assert!(!rows.is_empty());
    for r in rows {
        assert_eq!(r["title"], "'=Internal, \"Medicine\" Rotation");
    }
}

#[test]
fn the_downloads_are_byte_identical_run_to_run() {
    let t = SiteTest::example();
    let first = (
        t.read("output/data/programs.json"),
        t.read("output/data/programs.csv"),
    );
    let other = SiteTest::example();
    assert_eq!(first.0, other.read("output/data/programs.json"));
    assert_eq!(first.1, other.read("output/data/programs.csv"));
}

#[test]
fn listings_carry_an_item_list_of_exactly_their_programs() {
    let t = SiteTest::example();
    let mut pages = vec!["output/programs/index.html".to_string()];
    for section in ["specialties", "hospitals", "states"] {
        let dir = t.path(&format!("output/{section}"));
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| dir.join(n).is_dir())
            .collect();
        names.sort();
        assert!(!names.is_empty(), "{section}");
        pages.extend(
            names
                .iter()
                .map(|n| format!("output/{section}/{n}/index.html")),
        );
    }
    for page in &pages {
        let html = t.read(page);
        let shown = cards(&html);
        assert!(!shown.is_empty(), "{page} shows programs");
        let items = json_ld(&html);
        let lists = of_type(&items, "ItemList");
        assert_eq!(lists.len(), 1, "{page}");
        let list = lists[0];
        let urls: Vec<String> = list["itemListElement"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, e)| {
                assert_eq!(e["@type"], "ListItem");
                assert_eq!(e["position"], i + 1, "{page}");
                e["url"].as_str().unwrap().to_string()
            })
            .collect();
        let expected: Vec<String> = shown
            .iter()
            .map(|s| format!("https://rotations.example.org/programs/{s}/"))
            .collect();
        assert_eq!(urls, expected, "{page}");
        assert_eq!(list["numberOfItems"], shown.len(), "{page}");
    }
    // The hospital pages keep their Hospital entry beside the list.
    let h = json_ld(&t.read("output/hospitals/gulf-coast-regional/index.html"));
    assert_eq!(of_type(&h, "Hospital").len(), 1);
}

#[test]
fn programs_links_the_downloads_and_describes_them_as_a_dataset() {
    let t = SiteTest::example();
    let html = t.read("output/programs/index.html");
    assert!(html.contains("Download the catalog: <a href=\"/data/programs.json\" type=\"application/json\">JSON</a> · <a href=\"/data/programs.csv\" type=\"text/csv\">CSV</a>"));
    let items = json_ld(&html);
    let sets = of_type(&items, "Dataset");
    assert_eq!(sets.len(), 1);
    let formats: Vec<(&str, &str)> = sets[0]["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["@type"], "DataDownload");
            (
                d["encodingFormat"].as_str().unwrap(),
                d["contentUrl"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        formats,
        [
            (
                "application/json",
                "https://rotations.example.org/data/programs.json"
            ),
            (
                "text/csv",
                "https://rotations.example.org/data/programs.csv"
            ),
        ]
    );
    for (_, url) in &formats {
        let file = url.strip_prefix("https://rotations.example.org/").unwrap();
        assert!(t.path(&format!("output/{file}")).is_file(), "{file}");
    }
    assert_eq!(sets[0]["dateModified"], harness::DATE);
}

#[test]
fn a_page_may_not_take_the_data_folder() {
    SiteTest::expect_errors(
        "i14-data-page",
        &["content/pages/data.md: the page `data` would replace the generated /data/ page"],
    );
}

#[test]
fn each_page_of_the_program_list_lists_its_own_programs() {
    // 62 programs: /programs/ shows 50, /programs/page/2/ the other 12.
    let t = SiteTest::fixture("valid");
    let text = t.read("content/programs/im-hands-on.md");
    for n in 1..=60 {
        t.write(
            &format!("content/programs/im-hands-on-{n:02}.md"),
            &text.replacen(
                "title: Internal Medicine Hands-on Rotation",
                &format!("title: Internal Medicine Rotation {n:02}"),
                1,
            ),
        );
    }
    t.build().assert_success();
    let mut seen = Vec::new();
    for (page, first) in [
        ("output/programs/index.html", 1),
        ("output/programs/page/2/index.html", 51),
    ] {
        let html = t.read(page);
        let shown = cards(&html);
        let items = json_ld(&html);
        let list = of_type(&items, "ItemList")[0];
        assert_eq!(list["numberOfItems"], 62, "{page}: the whole list's size");
        let elements = list["itemListElement"].as_array().unwrap();
        assert_eq!(elements.len(), shown.len(), "{page}");
        for (i, (e, slug)) in elements.iter().zip(&shown).enumerate() {
            assert_eq!(e["position"], first + i, "{page}");
            assert_eq!(
                e["url"],
                format!("https://rotations.example.org/catalog/programs/{slug}/"),
                "{page}"
            );
        }
        assert_eq!(
            of_type(&items, "Dataset").len(),
            usize::from(first == 1),
            "{page}: the Dataset is on the first page only"
        );
        seen.extend(shown);
    }
    assert_eq!(seen.len(), 62);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 62, "no program on both pages");
    // The downloads have them all.
    let found = read(&t);
    assert_eq!(found["problems"], json!([]));
    assert_eq!(found["json"]["programs"].as_array().unwrap().len(), 62);
}
