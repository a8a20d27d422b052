//! Interface strings (docs/i18n.md): the scripts' English table that the
//! Node tests load is the build's.

use std::path::Path;

/// tests/js/strings-en.json is the `#i18n` block an English page carries
/// (the theme's `js.` keys); the Node tests of the theme's scripts load it.
#[test]
fn node_tests_use_the_builds_english_script_strings() {
    let strings = rotalog::content::i18n::builtin("en");
    let json = rotalog::render::i18n::script_table(&strings, &rotalog::model::locale::EN, "USD");
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&json).unwrap())
            .unwrap()
            + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/strings-en.json");
    if std::env::var_os("ROTALOG_BLESS").is_some() {
        std::fs::write(&path, &pretty).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == pretty,
        "tests/js/strings-en.json is stale: run ROTALOG_BLESS=1 cargo test --test i18n"
    );
}

/// Every shipped language has a plural rule that gives each count a form
/// its messages define (`other` at least, checked when tables load).
#[test]
fn shipped_languages_give_every_count_a_form() {
    let strings = rotalog::content::i18n::builtin("en");
    for lang in rotalog::model::i18n::SHIPPED {
        for n in 0..250 {
            let text = strings.text(lang, "common.programs", Some(n), &[]);
            assert!(
                text.contains(&n.to_string()) || *lang == "ar",
                "{lang} {n}: {text}"
            );
            assert!(!text.is_empty());
        }
    }
}

/// tests/js/formats.json: for every shipped language and a few currencies,
/// the `@format` table a page carries and what the build writes with it
/// (dates, amounts); tests/js/format.test.mjs checks that the script
/// writes the same. ROTALOG_BLESS=1 rewrites it.
#[test]
fn node_tests_use_the_builds_formats() {
    use rotalog::model::{Cents, locale};
    use time::{Date, Month};
    let days = [
        (2027, Month::January, 31),
        (2027, Month::February, 1),
        (2028, Month::February, 29),
        (2027, Month::September, 30),
        (2026, Month::December, 31),
    ];
    let amounts = [
        0_i64,
        5,
        99_950,
        100_000,
        350_000,
        1_250_000,
        100_000_000,
        123_456_750,
    ];
    let mut cases = Vec::new();
    for lang in rotalog::model::i18n::SHIPPED {
        let l = locale::locale(lang);
        for currency in ["USD", "EUR", "GBP", "AED"] {
            let dates: Vec<[String; 2]> = days
                .iter()
                .map(|&(y, m, d)| {
                    let d = Date::from_calendar_date(y, m, d).unwrap();
                    [d.to_string(), l.date(d)]
                })
                .collect();
            let money: Vec<(i64, String)> = amounts
                .iter()
                .map(|&c| (c, l.money(Cents(c), currency)))
                .collect();
            cases.push(serde_json::json!({
                "language": lang,
                "currency": currency,
                "format": rotalog::render::i18n::format_table(l, currency),
                "dates": dates,
                "money": money,
            }));
        }
    }
    let pretty = serde_json::to_string_pretty(&cases).unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/formats.json");
    if std::env::var_os("ROTALOG_BLESS").is_some() {
        std::fs::write(&path, &pretty).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == pretty,
        "tests/js/formats.json is stale: run ROTALOG_BLESS=1 cargo test --test i18n"
    );
}

/// The English table's `vocab.<name>.<slug>` labels are the vocabularies'
/// own (src/model/vocab.rs, which docs/content-model.md lists), and its
/// `nav.<slug>` names the generated sections' usual names; every shipped
/// table has them all (the key sets are checked equal elsewhere).
#[test]
fn vocabulary_and_menu_labels_are_in_the_tables() {
    let strings = rotalog::content::i18n::builtin("en");
    let en = &strings.tables["en"];
    let text = |key: &str| match en.get(key) {
        Some(rotalog::model::i18n::Message::Text(t)) => t.clone(),
        other => panic!("{key}: {other:?}"),
    };
    let mut keys = Vec::new();
    for (name, entries) in rotalog::model::vocab::LABEL_KEYS {
        for (slug, label) in *entries {
            let key = format!("vocab.{name}.{slug}");
            assert_eq!(text(&key), *label, "{key}");
            keys.push(key);
        }
    }
    for (slug, name, _) in rotalog::model::config::SECTIONS {
        assert_eq!(text(&format!("nav.{slug}")), *name);
    }
    let listed: Vec<&String> = en.keys().filter(|k| k.starts_with("vocab.")).collect();
    assert_eq!(listed.len(), keys.len(), "a vocab. key no vocabulary has");
    for lang in rotalog::model::i18n::SHIPPED {
        let table = &rotalog::content::i18n::builtin(lang).tables[*lang];
        for key in &keys {
            assert!(table.contains_key(key), "{lang} lacks {key}");
        }
    }
}
