//! Multilingual sites (docs/i18n.md, issue 15): `languages:` in site.yaml,
//! translations beside the files they translate, every page under each
//! language's prefix with `hreflang` alternates, a switcher, sitemap
//! alternates, a note on untranslated pages and a search index per language.
//! The built pages are read back with Python's own HTML and XML parsers
//! (tests/languages/read.py).

mod harness;

use std::collections::BTreeSet;
use std::path::Path;

use harness::*;
use serde_json::Value;

/// The multilingual fixture (English, Spanish, Arabic), built.
fn multilingual() -> SiteTest {
    let t = SiteTest::fixture("multilingual");
    t.build().assert_success();
    t
}

fn read(t: &SiteTest) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/languages/read.py");
    python_json("HTML reader", &script, [t.path("output")])
}

const LANGUAGES: &[&str] = &["en", "es", "ar"];
const ORIGIN: &str = "https://multi.example.org";

/// `es/programs/x/index.html` for the default language's `programs/x/index.html`.
fn in_language(language: &str, path: &str) -> String {
    match language {
        "en" => path.to_string(),
        l => format!("{l}/{path}"),
    }
}

/// The URL of an output file, as links write it.
fn url_of(path: &str) -> String {
    format!("/{}", path.trim_end_matches("index.html"))
}

#[test]
fn every_page_exists_in_every_language_with_its_alternates() {
    let t = multilingual();
    let read = read(&t);
    let pages = read["pages"].as_object().unwrap();
    let default: Vec<&String> = pages
        .keys()
        .filter(|p| !p.starts_with("es/") && !p.starts_with("ar/"))
        .collect();
    assert!(default.len() > 15, "{default:?}");
    for path in &default {
        for language in LANGUAGES {
            let here = in_language(language, path);
            let page = &pages
                .get(&here)
                .unwrap_or_else(|| panic!("{here} is missing"));
            assert_eq!(page["lang"], *language, "{here}");
            let dir = if *language == "ar" { "rtl" } else { "ltr" };
            assert_eq!(page["dir"], dir, "{here}");
            if path.as_str() == "404.html" {
                continue;
            }
            // hreflang: every language and x-default (the English page), absolute.
            let alternates = page["alternates"].as_object().unwrap();
            let mut expected: Vec<(String, String)> = LANGUAGES
                .iter()
                .map(|l| {
                    (
                        l.to_string(),
                        format!("{ORIGIN}{}", url_of(&in_language(l, path))),
                    )
                })
                .collect();
            expected.push(("x-default".into(), format!("{ORIGIN}{}", url_of(path))));
            expected.sort();
            let mut found: Vec<(String, String)> = alternates
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect();
            found.sort();
            assert_eq!(found, expected, "{here}");
            // The switcher: the same page in each language, this one marked.
            let switcher: Vec<(String, String, bool)> = page["switcher"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e[0].as_str().unwrap().to_string(),
                        e[1].as_str().unwrap().to_string(),
                        e[2].as_bool().unwrap(),
                    )
                })
                .collect();
            let wanted: Vec<(String, String, bool)> = LANGUAGES
                .iter()
                .map(|l| (l.to_string(), url_of(&in_language(l, path)), l == language))
                .collect();
            assert_eq!(switcher, wanted, "{here}");
        }
    }
}

#[test]
fn every_link_of_every_language_reaches_a_file() {
    let t = multilingual();
    let read = read(&t);
    let files: BTreeSet<String> = t.output().into_keys().collect();
    let mut broken = Vec::new();
    for (path, page) in read["pages"].as_object().unwrap() {
        for link in page["links"].as_array().unwrap() {
            let link = link.as_str().unwrap();
            let local = match link.strip_prefix(ORIGIN) {
                Some(rest) => rest,
                None if link.starts_with('/') => link,
                None => continue,
            };
            let file = local
                .split(['#', '?'])
                .next()
                .unwrap()
                .trim_start_matches('/');
            let found = files.contains(file)
                || files.contains(&format!("{file}index.html"))
                || files.contains(&format!("{file}/index.html"));
            if !found {
                broken.push(format!("{path}: {link}"));
            }
        }
    }
    assert!(broken.is_empty(), "links to nothing:\n{broken:#?}");
    // Shared files are not copied per language.
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("es/assets/") || f.starts_with("ar/data/"))
    );
    assert!(files.contains("es/search/index.json") && files.contains("ar/search/index.json"));
}

#[test]
fn translated_text_replaces_the_default_and_untranslated_pages_say_so() {
    let t = multilingual();
    let read = read(&t);
    let page = |p: &str| read["pages"][p].clone();
    // Translated: the Spanish and Arabic titles, no note, no `lang` on the text.
    for (path, title) in [
        (
            "es/programs/im-hands-on-chicago/index.html",
            "Rotación práctica de Medicina Interna",
        ),
        (
            "ar/programs/im-hands-on-chicago/index.html",
            "تدريب عملي في الطب الباطني",
        ),
        ("es/about/index.html", "Quiénes somos"),
    ] {
        let p = page(path);
        assert_eq!(p["h1"], title, "{path}");
        assert_eq!(p["note"], false, "{path}");
        assert_eq!(p["h1_lang"], Value::Null, "{path}");
    }
    // Not translated: the English text, marked `lang="en"`, under the note.
    for path in [
        "es/programs/im-observership-newburgh/index.html",
        "ar/programs/im-observership-newburgh/index.html",
        "ar/about/index.html",
    ] {
        let p = page(path);
        assert_eq!(p["note"], true, "{path}");
        assert_eq!(p["h1_lang"], "en", "{path}");
        assert_eq!(
            p["h1"],
            page(path.split_once('/').unwrap().1)["h1"],
            "{path}"
        );
    }
    let note = t.read("output/es/programs/im-observership-newburgh/index.html");
    assert!(note.contains(
        "Esta página todavía no está traducida al español: su texto se muestra en English."
    ));
    // fees.es.yaml: the refund terms and bundle names in Spanish, on the
    // fees page and where programs show them; the amounts are fees.yaml's.
    let es = t.read("output/es/programs/im-hands-on-chicago/index.html");
    assert!(es.contains(
        "Reembolso total hasta 30 días antes del inicio; 50 % hasta 14 días antes; ninguno después."
    ));
    assert!(es.contains("Estancia de dos meses, 5%"));
    assert!(!es.contains("Two-month stay"));
    assert_eq!(page("es/fees/index.html")["note"], false);
    assert_eq!(page("ar/fees/index.html")["note"], true);
    let ar = t.read("output/ar/programs/im-hands-on-chicago/index.html");
    assert!(ar.contains("Full refund up to 30 days before the start"));
    // Listing pages are the interface's: no note.
    assert_eq!(page("es/programs/index.html")["note"], false);
    // The English site has no note anywhere.
    for (path, p) in read["pages"].as_object().unwrap() {
        if !path.starts_with("es/") && !path.starts_with("ar/") {
            assert_eq!(p["note"], false, "{path}");
        }
    }
}

/// The facts come from the default-language file only: the price offers
/// of a translated program's JSON-LD are the English page's, in every language.
#[test]
fn facts_are_the_same_in_every_language() {
    let t = multilingual();
    let offers = |path: &str| -> Vec<String> {
        let html = t.read(path);
        let start = html.find("application/ld+json\">").unwrap();
        let json: Value =
            serde_json::from_str(html[start + 21..].split("</script>").next().unwrap()).unwrap();
        let mut found = Vec::new();
        collect(&json, &mut found);
        found
    };
    fn collect(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for key in ["price", "startDate", "validThrough", "priceCurrency"] {
                    if let Some(x) = m.get(key) {
                        out.push(format!("{key}={x}"));
                    }
                }
                m.values().for_each(|x| collect(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
    let en = offers("output/programs/im-hands-on-chicago/index.html");
    assert!(en.iter().any(|o| o.starts_with("price=")), "{en:?}");
    for l in ["es", "ar"] {
        assert_eq!(
            offers(&format!(
                "output/{l}/programs/im-hands-on-chicago/index.html"
            )),
            en,
            "{l}"
        );
    }
}

#[test]
fn the_sitemap_lists_each_page_in_each_language_with_its_alternates() {
    let t = multilingual();
    let read = read(&t);
    let sitemap = read["sitemap"].as_object().unwrap();
    let pages: Vec<&String> = read["pages"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    assert_eq!(sitemap.len(), pages.len());
    for path in pages {
        let loc = format!("{ORIGIN}{}", url_of(path));
        let alternates = sitemap
            .get(&loc)
            .unwrap_or_else(|| panic!("{loc} is not in the sitemap"))
            .as_object()
            .unwrap();
        let default = path
            .strip_prefix("es/")
            .or_else(|| path.strip_prefix("ar/"))
            .unwrap_or(path);
        assert_eq!(alternates.len(), 4, "{loc}");
        assert_eq!(
            alternates["x-default"],
            format!("{ORIGIN}{}", url_of(default))
        );
        for l in LANGUAGES {
            assert_eq!(
                alternates[*l],
                format!("{ORIGIN}{}", url_of(&in_language(l, default))),
                "{loc}"
            );
        }
    }
}

/// Each language has its own search index, its words folded as suits it.
#[test]
fn each_language_is_searched_in_its_own_words() {
    let t = multilingual();
    // The text of the index files of `language` whose names start with `kind`.
    let index = |language: &str, kind: &str| -> String {
        let dir = match language {
            "en" => t.path("output/search"),
            l => t.path(&format!("output/{l}/search")),
        };
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(kind))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    };
    let terms = |language: &str| index(language, "terms-");
    let (en, es, ar) = (terms("en"), terms("es"), terms("ar"));
    // Spanish: accents folded, Spanish stop words dropped.
    assert!(es.contains("\"pediatria\""), "{es}");
    assert!(!es.contains("\"pediatría\"") && !es.contains("\"del\""));
    assert!(!en.contains("\"pediatria\""));
    // Arabic: hamza seats folded to plain alef, the article dropped
    // (الأطفال is found as اطفال), short vowels removed (مُعالِج as معالج).
    assert!(ar.contains("\"اطفال\""), "{ar}");
    assert!(!ar.contains("\"الأطفال\"") && !ar.contains("\"الاطفال\""));
    assert!(ar.contains("\"معالج\""));
    // The Spanish cards carry the Spanish titles.
    assert!(index("es", "cards-").contains("Rotación práctica de Medicina Interna"));
}

/// A site with a base path: the language prefix comes after it, shared
/// files stay at the root of it.
#[test]
fn a_base_path_comes_before_the_language_prefix() {
    let t = SiteTest::fixture("valid");
    t.edit(
        "site.yaml",
        "base_url: https://rotations.example.org/catalog",
        "base_url: https://rotations.example.org/catalog\nlanguages: [es]",
    );
    t.write(
        "content/programs/im-hands-on.es.md",
        "---\ntitle: Rotación práctica de medicina interna\nfaqs:\n  - q: ¿Puedo extender mi rotación?\n    a: Sí, en bloques de 4 semanas. Vea las [tarifas](/es/fees/).\n---\nEl texto traducido.\n",
    );
    t.build().assert_success();
    let page = t.read("output/es/programs/im-hands-on/index.html");
    assert!(page.contains("<html lang=\"es\" data-base=\"/catalog/es\" data-root=\"/catalog\">"));
    assert!(page.contains("href=\"/catalog/es/fees/#refunds\""));
    assert!(page.contains("href=\"/catalog/assets/style."));
    assert!(page.contains("href=\"/catalog/feed.xml\""));
    assert!(page.contains("href=\"/catalog/es/fees/\">tarifas</a>"));
    assert!(page.contains("<summary>¿Puedo extender mi rotación?</summary>"));
    assert!(page.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://rotations.example.org/catalog/programs/im-hands-on/\">"));
    // A link in a translation to a page that does not exist is a broken link, as anywhere.
    t.edit(
        "content/programs/im-hands-on.es.md",
        "/es/fees/",
        "/es/tarifas/",
    );
    let run = t.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.starts_with("content/programs/im-hands-on.es.md:5:")),
        "{:?}",
        run.errors()
    );
}

#[test]
fn i15_translation_mistakes_are_located() {
    let run = SiteTest::expect_errors(
        "i15-translations",
        &[
            "content/faqs.es.yaml:1:1: the number of translated questions (1) is not that of content/faqs.yaml (2)",
            "content/fees.es.yaml:2:3: the number of translated bundles (2) is not that of content/fees.yaml (1)",
            "content/fees.es.yaml:4:5: `min_weeks` is a fact, which a translation does not repeat: it is taken from content/fees.yaml",
            "content/fees.es.yaml:6:3: unknown refund tier `estandar`",
            "content/fees.es.yaml:7:1: `balance_due_days` is a fact, which a translation does not repeat: it is taken from content/fees.yaml",
            "content/programs/cardio-observership.es.md:3:1: `fee` is a fact, which a translation does not repeat: it is taken from content/programs/cardio-observership.md",
            "content/programs/cardio-observership.es.md:4:1: unknown translation field `sumary`",
            "content/programs/im-hands-on.en.md: the file is a translation into `en`, the site's default language",
            "content/programs/im-hands-on.fr.md: the file is a translation into `fr`, which is not one of the site's languages",
            "site.yaml:3:17: unknown language `sp`: there is no translation table for it",
        ],
    );
    assert_eq!(
        run.help_for("`fee` is a fact"),
        "remove this field; a translation gives only text: `title`, `summary`, `faqs` and the Markdown text"
    );
    assert_eq!(
        run.help_for("unknown translation field"),
        "did you mean `summary`?"
    );
    assert_eq!(
        run.help_for("translation into `fr`"),
        "add `fr` to `languages:` in site.yaml (docs/i18n.md), or remove the file"
    );
    assert_eq!(
        run.help_for("the site's default language"),
        "the text in en goes in content/programs/im-hands-on.md; remove this file"
    );
    assert_eq!(
        run.help_for("translated questions"),
        "translate every question of the original, in its order (each `q:` with its `a:`); topics are not repeated"
    );
    assert!(
        run.help_for("unknown language `sp`")
            .starts_with("did you mean `es`?")
    );
    // A translation without its original is a warning, naming the closest file.
    assert!(run.warnings().contains(&"content/pages/abut.es.md: there is no content/pages/abut.md for this translation to translate, so it is not published".to_string()), "{:?}", run.warnings());
    assert_eq!(
        run.help_for("content/pages/abut.md"),
        "did you mean content/pages/about.es.md? A translation is named after the file it translates"
    );
    // A translation with mistakes is not also reported as missing.
    assert!(
        !run.warnings()
            .iter()
            .any(|w| w.starts_with("content/programs/cardio-observership.md"))
    );
}

/// `check` lists every untranslated page (W011) at its file; `build`
/// counts them per language.
#[test]
fn untranslated_pages_are_listed_by_check_and_counted_by_build() {
    let t = SiteTest::fixture("multilingual");
    let check = t.run(&["check", ".", "--date", DATE]);
    check.assert_success();
    let untranslated: Vec<String> = check
        .warnings()
        .into_iter()
        .filter(|w| w.contains("not translated into"))
        .collect();
    assert_eq!(
        untranslated,
        [
            "content/fees.yaml: not translated into `ar`: /ar/fees/ shows this text, with a note saying so",
            "content/hospitals/mercy-chicago.md: not translated into `ar`: /ar/hospitals/mercy-chicago/ shows this text, with a note saying so",
            "content/hospitals/mercy-chicago.md: not translated into `es`: /es/hospitals/mercy-chicago/ shows this text, with a note saying so",
            "content/hospitals/sunshine-pediatrics.md: not translated into `ar`: /ar/hospitals/sunshine-pediatrics/ shows this text, with a note saying so",
            "content/hospitals/sunshine-pediatrics.md: not translated into `es`: /es/hospitals/sunshine-pediatrics/ shows this text, with a note saying so",
            "content/pages/about.md: not translated into `ar`: /ar/about/ shows this text, with a note saying so",
            "content/programs/im-observership-newburgh.md: not translated into `ar`: /ar/programs/im-observership-newburgh/ shows this text, with a note saying so",
            "content/programs/im-observership-newburgh.md: not translated into `es`: /es/programs/im-observership-newburgh/ shows this text, with a note saying so",
        ]
    );
    assert!(check.codes().iter().filter(|c| *c == "W011").count() == 8);
    assert_eq!(
        check.help_for("/ar/about/"),
        "write content/pages/about.ar.md with the translated text (docs/i18n.md)"
    );
    let build = t.run(&["build", ".", "--date", DATE]);
    build.assert_success();
    assert!(
        !build.stderr.contains("shows this text"),
        "{}",
        build.stderr
    );
    assert!(build.stderr.contains("warning[W011]: 5 pages are not translated into `ar`: they show the default language's text with a note (`rotalog check` lists them)"), "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("warning[W011]: 3 pages are not translated into `es`")
    );
    // --strict: they are errors, listed, and nothing is written.
    let strict = t.run(&["build", ".", "--date", DATE, "--strict", "-o", "strict-out"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert_eq!(strict.errors().len(), 8, "{}", strict.stderr);
    assert!(!t.path("strict-out").exists());
}

/// The same sources give the same bytes (the languages render in parallel).
#[test]
fn a_multilingual_build_is_deterministic() {
    let t = multilingual();
    let first = t.output();
    t.build().assert_success();
    assert!(first == t.output());
    assert!(first.len() > 90);
}

/// A language the theme does not ship: the site's own table, checked like
/// the default language's (W009 for its missing keys), its pages in French
/// where it has a text and in English where not.
#[test]
fn a_language_of_the_sites_own_table_is_checked_too() {
    let t = SiteTest::fixture("valid");
    t.edit(
        "site.yaml",
        "base_url: https://rotations.example.org/catalog",
        "base_url: https://rotations.example.org/catalog\nlanguages: [fr]",
    );
    t.write(
        "i18n/fr.yaml",
        "language.name: Français\nmenu: Menu principal\n",
    );
    let run = t.build();
    run.assert_success();
    let w = run.warnings();
    assert!(
        w.iter()
            .any(|w| w.starts_with("i18n/fr.yaml: the `fr` table has no text for ")),
        "{w:?}"
    );
    let page = t.read("output/fr/index.html");
    assert!(page.contains("<html lang=\"fr\""));
    assert!(page.contains("<summary>Menu principal</summary>"));
    assert!(page.contains(">Français</a>"));
    // Without the table the language is unknown (E026), at its line.
    std::fs::remove_file(t.path("i18n/fr.yaml")).unwrap();
    let run = t.build();
    assert_eq!(run.code, 1);
    assert_eq!(
        run.errors(),
        ["site.yaml:3:13: unknown language `fr`: there is no translation table for it"]
    );
}

/// Issue 15.6: no English interface string on the Spanish or Arabic pages of
/// the multilingual site (the untranslated pages' text is the editors', and
/// is not looked for).
#[test]
fn the_other_languages_pages_show_no_english_interface_string() {
    let t = multilingual();
    for lang in ["es", "ar"] {
        let found = english_interface_strings(&t, lang, &format!("{lang}/"));
        assert!(found.is_empty(), "English on {lang} pages:\n{found:#?}");
    }
}
