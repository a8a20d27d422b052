//! Interface strings (docs/i18n.md): the scripts' English table that the
//! Node tests load is the build's.

use std::path::Path;

/// tests/js/strings-en.json is the `#i18n` block an English page carries
/// (the theme's `js.` keys); the Node tests of the theme's scripts load it.
#[test]
fn node_tests_use_the_builds_english_script_strings() {
    let strings = rotalog::content::i18n::builtin("en");
    let json = rotalog::render::i18n::script_table(&strings);
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
