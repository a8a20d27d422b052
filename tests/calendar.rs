//! The iCalendar files (`/programs/<slug>/dates.ics`, `/dates.ics`) read by
//! an independent parser, Python's `icalendar` (tests/requirements.txt;
//! tests/run puts it first on PATH), the way calendar apps read them, and
//! compared with the program pages: one all-day event per open start and
//! one per apply-by deadline, nothing else.

mod harness;

use std::collections::BTreeSet;
use std::path::Path;

use harness::{SiteTest, page_starts};

/// What the parser found in each file, by path.
fn read(files: &[&Path]) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calendar/read.py");
    harness::python_json("icalendar parser", &script, files)
}

#[test]
fn calendars_parse_and_match_the_pages() {
    let t = SiteTest::example();
    let programs = t.path("output/programs");
    let mut slugs: Vec<String> = std::fs::read_dir(&programs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| programs.join(n).join("dates.ics").exists())
        .collect();
    slugs.sort();
    assert_eq!(slugs.len(), 14, "every program has its calendar");
    let mut files: Vec<std::path::PathBuf> = slugs
        .iter()
        .map(|s| programs.join(s).join("dates.ics"))
        .collect();
    files.push(t.path("output/dates.ics"));
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let found = read(&refs);

    let mut all = BTreeSet::new();
    let mut dated = 0;
    for (slug, file) in slugs.iter().zip(&files) {
        let cal = &found[file.to_string_lossy().as_ref()];
        assert_eq!(cal["problems"], serde_json::json!([]), "{slug}");
        let page = t.read(&format!("output/programs/{slug}/index.html"));
        let title = page
            .split("<h1>")
            .nth(1)
            .and_then(|s| s.split("</h1>").next())
            .unwrap()
            .replace("&amp;", "&");
        assert_eq!(cal["name"], title.as_str(), "{slug}");
        let mut expected = BTreeSet::new();
        for (start, by) in page_starts(&page) {
            expected.insert((
                format!("start-{start}-{slug}@rotations.example.org"),
                start.clone(),
            ));
            expected.insert((format!("apply-by-{start}-{slug}@rotations.example.org"), by));
        }
        dated += usize::from(!expected.is_empty());
        let events: BTreeSet<(String, String)> = cal["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                assert_eq!(
                    e["stamp"], "2026-11-22T00:00:00+00:00",
                    "DTSTAMP is the build date"
                );
                let summary = e["summary"].as_str().unwrap();
                assert!(
                    summary.ends_with(title.as_str())
                        || summary.contains(&format!(": {title} (starts ")),
                    "{summary}"
                );
                assert!(
                    e["description"]
                        .as_str()
                        .unwrap()
                        .contains(&format!("/programs/{slug}/"))
                );
                (
                    e["uid"].as_str().unwrap().to_string(),
                    e["date"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            events, expected,
            "{slug}: the calendar has the page's open starts and deadlines"
        );
        all.extend(events);
    }
    assert!(dated >= 10, "most example programs have dated open starts");
    // The catalog's calendar is every program's events, once each; its escaped
    // commas (`Chicago\, IL`) come back as commas.
    let catalog = &found[files.last().unwrap().to_string_lossy().as_ref()];
    assert_eq!(catalog["problems"], serde_json::json!([]));
    let events = catalog["events"].as_array().unwrap();
    let uids: BTreeSet<(String, String)> = events
        .iter()
        .map(|e| {
            (
                e["uid"].as_str().unwrap().to_string(),
                e["date"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    assert_eq!(uids, all);
    assert!(
        events
            .iter()
            .any(|e| e["location"] == "Mercy Teaching Hospital, Chicago, IL")
    );
}

/// Text that needs escaping and folding survives the round trip.
#[test]
fn escaped_and_folded_text_reads_back() {
    let t = SiteTest::fixture("valid");
    t.edit(
        "content/programs/im-hands-on.md",
        "title: Internal Medicine Hands-on Rotation",
        "title: \"Médecine interne; hands-on, with a back\\\\slash — and a long title that must fold\"",
    );
    t.build().assert_success();
    let file = t.path("output/programs/im-hands-on/dates.ics");
    let found = read(&[file.as_path()]);
    let cal = &found[file.to_string_lossy().as_ref()];
    assert_eq!(cal["problems"], serde_json::json!([]));
    let title = "Médecine interne; hands-on, with a back\\slash — and a long title that must fold";
    assert_eq!(cal["name"], title);
    let events = cal["events"].as_array().unwrap();
    assert!(!events.is_empty());
    assert!(
        events
            .iter()
            .any(|e| e["summary"] == format!("Rotation starts: {title}"))
    );
    // The same inputs and date give the same bytes.
    let before = std::fs::read(&file).unwrap();
    t.build().assert_success();
    assert_eq!(before, std::fs::read(&file).unwrap());
}
