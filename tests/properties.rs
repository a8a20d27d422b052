//! Property tests (proptest) for the parts that read untrusted text: front
//! matter splitting, the YAML tree, Markdown rendering, money and dates.
//!
//! Two kinds of property: nothing panics, whatever the input (arbitrary
//! strings, strings built from YAML or Markdown fragments so the parsers'
//! deep paths are reached, deep nesting), and round trips hold where they are
//! defined (a quoted YAML scalar parses back to its string, cents written as
//! a number decode to the same cents, a `YYYY-MM-DD` date decodes back, front
//! matter splits back into its YAML and body at the right line).
//!
//! ```text
//! cargo test --test properties                        # the quick run (CI)
//! PROPTEST_CASES=20000 cargo test --release --test properties   # a long run
//! ```
//!
//! `PROPTEST_CASES` replaces every property's case count. A failure prints
//! the shrunk input and proptest saves its seed under
//! `tests/properties.proptest-regressions`, which is replayed first on the
//! next run (commit it with the fix).

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};
use time::{Date, Duration, Month};

use rotalog::content::decode::{self, Ctx, SourceFile};
use rotalog::content::frontmatter;
use rotalog::content::yaml::{self, Node, Value};
use rotalog::content::{LoadOptions, load};
use rotalog::markdown;
use rotalog::model::pricing;
use rotalog::model::{Bundle, Cents, Fee, Price};

/// `cases` unless `PROPTEST_CASES` says otherwise.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------- strategies

const YAML_FRAGMENTS: &[&str] = &[
    "a",
    "key",
    "title",
    "fee",
    "per_week",
    ": ",
    ":",
    "-",
    "- ",
    "\n",
    "\n",
    "\n",
    "  ",
    "    ",
    "\t",
    "#",
    " # c",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: *a",
    "!!str ",
    "!!int ",
    "!!",
    "!x ",
    "!",
    "|",
    "|-",
    "|+",
    ">",
    ">-",
    "'",
    "''",
    "\"",
    "\\",
    "\\x4",
    "\\u00",
    "\\U0001F600",
    "\\n",
    "[",
    "]",
    "{",
    "}",
    ",",
    "? ",
    "---",
    "...",
    "%YAML 1.2\n",
    "%TAG ! tag:x,2000:\n",
    "@",
    "`",
    "~",
    "null",
    "true",
    "yes",
    "1",
    "-5",
    "0x1F",
    "0o7",
    "1e3",
    "12.50",
    ".inf",
    ".nan",
    "2027-01-04",
    "é",
    "😀",
    "\u{feff}",
    "\u{2028}",
    "\u{85}",
    "\u{202e}",
    "\r",
    "\r\n",
    "\0",
    "\u{1b}[31m",
];

const MARKDOWN_FRAGMENTS: &[&str] = &[
    "#",
    "# ",
    "## ",
    "###### ",
    "\n",
    "\n",
    "\n\n",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "`",
    "``",
    "```",
    "```rust\n",
    "```x y\n",
    "~~~\n",
    "    ",
    "\t",
    "> ",
    ">",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "1) ",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "](/fees/",
    "](/a b",
    "/programs/x/",
    "<",
    ">",
    "<script>",
    "</script>",
    "<b>",
    "<img src=x onerror=alert(1)>",
    "<!--",
    "-->",
    "<?php",
    "<![CDATA[",
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "vbscript:",
    "data:text/html,",
    "http://x.org",
    "https://",
    "mailto:a@b",
    "tel:1",
    "//evil.org",
    "&",
    "&amp;",
    "&#106;",
    "&#x6A;",
    "&lt;",
    "|",
    "| a | b |\n",
    "|---|---|\n",
    "[^1]",
    "[^1]: ",
    "[^x]: note\n",
    "[r]: /y \"t\"\n",
    "[r]",
    "\\",
    "\\*",
    "x",
    "word ",
    "Heading",
    "é",
    "😀",
    "\u{a0}",
    "\u{200b}",
    "\u{202e}",
    "\0",
    "\r",
    "\r\n",
    "***",
    "---",
    "===",
    "\"",
    "'",
    "=",
    " title",
    "\"title\"",
];

/// Text built from `fragments`, with arbitrary characters mixed in.
fn fragments(list: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(list).prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

/// An opener repeated many times, sometimes closed again: deep nesting.
fn nested(openers: &'static [(&'static str, &'static str)]) -> impl Strategy<Value = String> {
    (prop::sample::select(openers), 1usize..3000, any::<bool>()).prop_map(
        |((open, close), depth, closed)| {
            let mut s = open.repeat(depth);
            if closed {
                s.push_str(&close.repeat(depth));
            }
            s
        },
    )
}

const YAML_NESTING: &[(&str, &str)] = &[
    ("[", "]"),
    ("{a: ", "}"),
    ("- ", ""),
    ("[{a: ", "}]"),
    ("? ", ""),
    ("&a [", "]"),
    ("!!seq [", "]"),
];

const MARKDOWN_NESTING: &[(&str, &str)] = &[
    (">", ""),
    ("> - ", ""),
    ("[", "](/x)"),
    ("![", "](/x.png)"),
    ("*", "*"),
    ("**", "**"),
    ("~~", "~~"),
    ("`", "`"),
    ("- ", ""),
    ("1. ", ""),
    ("[^", "]"),
    ("<b>", "</b>"),
];

/// Deeply indented block lists and mappings, one level per line.
fn indented() -> impl Strategy<Value = String> {
    (
        1usize..400,
        prop::sample::select(&["- ", "a: ", "- a: ", "? ", "> "][..]),
    )
        .prop_map(|(depth, item)| {
            (0..depth)
                .map(|i| format!("{}{item}\n", " ".repeat(i * 2)))
                .collect()
        })
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..200)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

// ---------------------------------------------------------------- front matter

/// A YAML line that is not a fence (`---` alone, trailing spaces allowed).
fn yaml_line() -> impl Strategy<Value = String> {
    fragments(YAML_FRAGMENTS, 8)
        .prop_map(|l| l.replace(['\n', '\r'], " "))
        .prop_filter("not a fence", |l| l.trim_end() != "---")
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn split_never_panics(text in prop_oneof![any_text(), fragments(YAML_FRAGMENTS, 64)]) {
        let normalized = frontmatter::normalize(&text);
        prop_assert!(!normalized.contains('\r'));
        if let Ok(split) = frontmatter::split(&normalized) {
            prop_assert!(split.body_line >= 3);
            prop_assert!(normalized.ends_with(split.body));
        }
    }

    #[test]
    fn front_matter_splits_back_into_yaml_and_body(
        lines in prop::collection::vec(yaml_line(), 0..12),
        body in prop_oneof![any_text(), fragments(MARKDOWN_FRAGMENTS, 40)],
    ) {
        let yaml: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let text = format!("---\n{yaml}---\n{body}");
        let split = frontmatter::split(&text).expect("a closed front matter splits");
        prop_assert_eq!(split.yaml, yaml.as_str());
        prop_assert_eq!(split.yaml_line, 2);
        prop_assert_eq!(split.body, body.as_str());
        // The opening fence, each YAML line, the closing fence.
        prop_assert_eq!(split.body_line, lines.len() + 3);
    }

    #[test]
    fn normalize_turns_crlf_into_lf(lines in prop::collection::vec("[^\r\n\u{feff}]{0,20}", 0..10)) {
        let lf = lines.join("\n");
        prop_assert_eq!(frontmatter::normalize(&lines.join("\r\n")), lf.clone());
        prop_assert_eq!(frontmatter::normalize(&format!("\u{feff}{lf}")), lf.clone());
        prop_assert_eq!(frontmatter::normalize(&lf), lf);
    }

    #[test]
    fn body_positions_count_lines_and_characters(
        body in any_text(),
        body_line in 1usize..10_000,
        pick in any::<prop::sample::Index>(),
    ) {
        let boundaries: Vec<usize> = (0..=body.len()).filter(|&i| body.is_char_boundary(i)).collect();
        let offset = *pick.get(&boundaries);
        let pos = frontmatter::body_pos(&body, body_line, offset);
        let before = &body[..offset];
        prop_assert_eq!(pos.line, body_line + before.matches('\n').count());
        prop_assert_eq!(pos.column, before.rsplit('\n').next().unwrap_or("").chars().count() + 1);
        prop_assert!(pos.len >= 1);
    }
}

// ---------------------------------------------------------------- YAML

/// `s` as a YAML double-quoted scalar: printable characters as they are,
/// everything else (controls, line breaks, BOM, NEL, U+2028/9) escaped.
fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..
                if !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}') =>
            {
                out.push(c)
            }
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// `s` as a YAML single-quoted scalar (only for strings without controls).
fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Checks every position in the tree lies within the document's lines
/// (without recursion: the tree may be thousands of levels deep).
fn positions_in(root: &Node, first: usize, last: usize) -> Result<(), TestCaseError> {
    let mut todo = vec![root];
    while let Some(node) = todo.pop() {
        prop_assert!(
            (first..=last).contains(&node.pos.line) && node.pos.column >= 1 && node.pos.len >= 1,
            "position {:?} outside lines {first}..={last}",
            node.pos
        );
        match &node.value {
            Value::Scalar { .. } => {}
            Value::Seq(items) => todo.extend(items),
            Value::Map(entries) => todo.extend(entries.iter().flat_map(|(k, v)| [k, v])),
        }
    }
    Ok(())
}

/// The one value of a one-entry mapping `k: …`.
fn only_value(text: &str) -> Result<Node, TestCaseError> {
    let (root, errors) = yaml::parse(text, 1);
    prop_assert!(errors.is_empty(), "{text:?}: {errors:?}");
    let Some(Node {
        value: Value::Map(mut entries),
        ..
    }) = root
    else {
        return Err(TestCaseError::fail(format!("{text:?} is not a mapping")));
    };
    prop_assert_eq!(entries.len(), 1);
    Ok(entries.remove(0).1)
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn yaml_never_panics_and_positions_are_in_the_text(
        text in prop_oneof![
            3 => fragments(YAML_FRAGMENTS, 80),
            1 => any_text(),
            1 => nested(YAML_NESTING),
            1 => indented(),
        ],
        first_line in 1usize..100,
    ) {
        // Any text at all must not panic.
        let _ = yaml::parse(&text, first_line);
        // Loading normalizes line endings first; positions are then the file's.
        let text = frontmatter::normalize(&text);
        let (root, errors) = yaml::parse(&text, first_line);
        let last = first_line + text.split('\n').count();
        for e in &errors {
            prop_assert!((first_line..=last).contains(&e.pos.line), "{e:?} outside the text");
            prop_assert!(e.pos.column >= 1);
            prop_assert!(!e.message.is_empty());
        }
        if let Some(root) = &root {
            positions_in(root, first_line, last)?;
            let _ = root.describe();
            let _ = root.is_null();
        }
    }

    #[test]
    fn plain_scalars_resolve_without_panic(text in prop_oneof![any_text(), fragments(YAML_FRAGMENTS, 6)]) {
        let _ = yaml::resolve_plain(&text);
    }

    #[test]
    fn whole_numbers_resolve_as_integers(n in any::<i64>()) {
        prop_assert_eq!(yaml::resolve_plain(&n.to_string()), yaml::Plain::Int);
    }

    #[test]
    fn a_double_quoted_scalar_parses_back_to_its_string(s in any::<String>()) {
        let value = only_value(&format!("k: {}\n", double_quoted(&s)))?;
        prop_assert_eq!(value.as_scalar(), Some((s.as_str(), true)));
    }

    #[test]
    fn a_single_quoted_scalar_parses_back_to_its_string(s in "[^\\p{Cc}\\p{Zl}\\p{Zp}\u{feff}\u{85}]{0,40}") {
        let value = only_value(&format!("k: {}\n", single_quoted(&s)))?;
        prop_assert_eq!(value.as_scalar(), Some((s.as_str(), true)));
    }

    #[test]
    fn a_plain_scalar_parses_back_to_its_string(s in "[A-Za-z][A-Za-z0-9 ._/()+-]{0,30}[A-Za-z0-9]") {
        let value = only_value(&format!("k: {s}\n"))?;
        prop_assert_eq!(value.as_scalar(), Some((s.as_str(), false)));
    }

    #[test]
    fn mappings_keep_their_keys_in_order(
        entries in prop::collection::btree_map("[a-z_]{1,12}", any::<String>(), 0..8),
        flow in any::<bool>(),
    ) {
        let text = if flow {
            let items: Vec<String> =
                entries.iter().map(|(k, v)| format!("{k}: {}", double_quoted(v))).collect();
            format!("{{{}}}\n", items.join(", "))
        } else {
            entries.iter().map(|(k, v)| format!("{k}: {}\n", double_quoted(v))).collect()
        };
        let (root, errors) = yaml::parse(&text, 1);
        prop_assert!(errors.is_empty(), "{text:?}: {errors:?}");
        let parsed: Vec<(String, String)> = match root.map(|n| n.value) {
            Some(Value::Map(parsed)) => parsed
                .iter()
                .map(|(k, v)| {
                    let key = k.as_scalar().map(|(t, _)| t.to_string()).unwrap_or_default();
                    let value = v.as_scalar().map(|(t, _)| t.to_string()).unwrap_or_default();
                    (key, value)
                })
                .collect(),
            // An empty block document is nothing, not an empty mapping.
            None if entries.is_empty() && !flow => Vec::new(),
            other => return Err(TestCaseError::fail(format!("{text:?} gave {other:?}"))),
        };
        let expected: Vec<(String, String)> = entries.into_iter().collect();
        prop_assert_eq!(parsed, expected);
    }

    #[test]
    fn a_repeated_key_is_reported_on_its_second_line(
        key in "[a-z]{1,8}",
        before in 0usize..4,
        between in 0usize..4,
    ) {
        let mut text = String::new();
        for i in 0..before {
            text.push_str(&format!("{key}_{i}: x\n"));
        }
        text.push_str(&format!("{key}: 1\n"));
        for i in 0..between {
            text.push_str(&format!("other_{i}: y\n"));
        }
        text.push_str(&format!("{key}: 2\n"));
        let (_, errors) = yaml::parse(&text, 1);
        prop_assert_eq!(errors.len(), 1, "{:?}", errors);
        prop_assert_eq!(errors[0].pos.line, before + between + 2);
    }
}

// ---------------------------------------------------------------- Markdown

/// The names of every attribute of every tag in `html`.
fn attribute_names(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(tag, _)| tag))
        .flat_map(|tag| {
            // Outside the quoted values, the tag name, then `name=` or `name`.
            let outside: String = tag.split('"').step_by(2).collect::<Vec<_>>().join(" ");
            outside
                .split_whitespace()
                .skip(1)
                .map(|a| a.split('=').next().unwrap_or("").to_ascii_lowercase())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The values of every `name="…"` attribute in `html`, entities decoded.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            decode_entities(rest.split('"').next().unwrap_or(""))
        })
        .collect()
}

fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme a browser would see in a link, if any.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let colon = cleaned.find(':')?;
    let first_delim = cleaned.find(['/', '?', '#']);
    first_delim
        .is_none_or(|d| colon < d)
        .then(|| cleaned[..colon].to_ascii_lowercase())
}

/// The tags the renderer may emit; editors' own HTML must stay text.
const TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "img",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "span",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "sup",
    "div",
    "section",
];

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn markdown_never_panics_and_stays_safe(
        source in prop_oneof![
            4 => fragments(MARKDOWN_FRAGMENTS, 120),
            1 => any_text(),
            1 => nested(MARKDOWN_NESTING),
            1 => indented(),
        ],
        base_path in prop::sample::select(&["", "/catalog", "/a b"][..]),
    ) {
        let r = markdown::render(&source, base_path);
        let html = &r.markdown.html;
        // Offsets point into the source, on character boundaries, so a caller
        // can turn them into line and column without panicking.
        for (target, span) in &r.internal_links {
            prop_assert!(
                source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
                "link span {span:?}"
            );
            prop_assert!(target.starts_with('/'), "internal link {target:?}");
        }
        for rotalog::markdown::Warning { offset, message, .. } in &r.warnings {
            prop_assert!(source.is_char_boundary(*offset), "warning offset {offset}");
            prop_assert!(!message.is_empty());
        }
        // Raw HTML is shown as text: every tag is one the renderer makes.
        for (i, _) in html.match_indices('<') {
            let name: String = html[i + 1..]
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            prop_assert!(TAGS.contains(&name.as_str()), "tag <{name}> in {html:?}");
        }
        for name in attribute_names(html) {
            prop_assert!(!name.starts_with("on"), "an event handler attribute in {html:?}");
        }
        // Only safe schemes reach an href or a src.
        for url in attributes(html, "href").iter().chain(&attributes(html, "src")) {
            if let Some(s) = scheme(url) {
                prop_assert!(
                    ["http", "https", "mailto", "tel"].contains(&s.as_str()),
                    "unsafe link {url:?} in {html:?}"
                );
            }
        }
        // Heading ids are unique within the page.
        let mut ids: Vec<String> = html
            .match_indices("<h")
            .filter_map(|(i, _)| html[i..].split('>').next())
            .filter(|tag| tag.as_bytes().get(2).is_some_and(u8::is_ascii_digit))
            .flat_map(|tag| attributes(tag, "id"))
            .collect();
        let count = ids.len();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), count, "duplicate heading ids in {}", html);
    }

    #[test]
    fn identical_headings_get_distinct_ids(
        title in "[A-Za-z0-9 ]{0,12}",
        count in 1usize..60,
        level in 1usize..=6,
    ) {
        let source: String =
            (0..count).map(|_| format!("{} {title}\n\n", "#".repeat(level))).collect();
        let html = markdown::render(&source, "").markdown.html;
        let mut ids = attributes(&html, "id");
        prop_assert_eq!(ids.len(), count);
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), count);
    }

    #[test]
    fn root_relative_links_get_the_base_path(
        path in "/[a-z0-9/-]{0,20}",
        base_path in prop::sample::select(&["", "/catalog", "/x/y"][..]),
    ) {
        let r = markdown::render(&format!("See [this]({path})."), base_path);
        prop_assume!(!path.starts_with("//"));
        prop_assert_eq!(r.internal_links.len(), 1);
        prop_assert_eq!(&r.internal_links[0].0, &path);
        let expected = format!("{base_path}{path}");
        prop_assert_eq!(attributes(&r.markdown.html, "href"), vec![expected]);
    }
}

// ---------------------------------------------------------------- money

fn source(text: &str) -> SourceFile {
    SourceFile::new(PathBuf::from("content/programs/x.md"), text.to_string())
}

/// Decodes `fee: {written}` as money: the cents, and how many diagnostics.
fn decode_money(written: &str) -> (Option<Cents>, usize) {
    let text = format!("fee: {written}\n");
    let (root, errors) = yaml::parse(&text, 1);
    if !errors.is_empty() {
        return (None, errors.len());
    }
    let file = source(&text);
    let mut ctx = Ctx::new(&file);
    let Some(Node {
        value: Value::Map(entries),
        ..
    }) = root
    else {
        return (None, 1);
    };
    let cents = decode::money(&mut ctx, &entries[0].1, "fee");
    (cents, ctx.diags.len())
}

/// The largest amount a site can write (twelve whole digits).
const MAX_CENTS: i64 = 99_999_999_999_999;

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn parse_cents_never_panics(t in prop_oneof![any_text(), "[-+0-9.,e_ ]{0,20}"]) {
        if let Some(Cents(c)) = decode::parse_cents(&t) {
            prop_assert!((0..=MAX_CENTS).contains(&c), "{t:?} -> {c}");
        }
    }

    #[test]
    fn cents_written_as_a_number_decode_to_the_same_cents(cents in 0..=MAX_CENTS) {
        let (whole, frac) = (cents / 100, cents % 100);
        let mut forms = vec![format!("{whole}.{frac:02}"), format!("+{whole}.{frac:02}")];
        if frac == 0 {
            forms.push(whole.to_string());
        }
        if frac % 10 == 0 {
            forms.push(format!("{whole}.{}", frac / 10));
        }
        for form in forms {
            prop_assert_eq!(decode::parse_cents(&form), Some(Cents(cents)), "{}", form);
            prop_assert_eq!(decode_money(&form), (Some(Cents(cents)), 0), "{}", form);
        }
    }

    #[test]
    fn formatted_money_decodes_back(cents in 0..=MAX_CENTS) {
        let shown = english_money(Cents(cents), "XYZ");
        let number = shown.trim_end_matches(" XYZ").replace(',', "");
        prop_assert_eq!(decode::parse_cents(&number), Some(Cents(cents)), "{}", shown);
        let with_symbol = english_money(Cents(cents), "USD");
        prop_assert_eq!(with_symbol.trim_start_matches('$').replace(',', ""), number);
    }

    #[test]
    fn format_money_groups_digits_for_any_amount(amount in any::<i64>()) {
        let shown = english_money(Cents(amount), "XYZ");
        let number = shown.trim_end_matches(" XYZ").trim_start_matches('−');
        let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
        for (i, group) in whole.split(',').enumerate() {
            prop_assert!(group.len() == 3 || (i == 0 && (1..=3).contains(&group.len())), "{shown}");
        }
        prop_assert!(frac.is_empty() || frac.len() == 2, "{}", shown);
        prop_assert_eq!(shown.starts_with('−'), amount < 0);
    }

    #[test]
    fn amounts_that_are_not_plain_numbers_are_reported(
        written in prop_oneof![
            Just("\"12\"".to_string()),
            Just("-5".to_string()),
            Just("1,200".to_string()),
            Just("1e3".to_string()),
            Just(".nan".to_string()),
            Just("[1]".to_string()),
            "[0-9]{1,5}\\.[0-9]{3,5}",
            "[0-9]{13,18}",
            "\\$[0-9]{1,5}",
        ],
    ) {
        let (cents, diagnostics) = decode_money(&written);
        prop_assert_eq!(cents, None, "{}", written);
        prop_assert!(diagnostics >= 1, "{written:?} decoded without a diagnostic");
    }

    #[test]
    fn costs_add_up_without_overflow(
        per_week in 0..=MAX_CENTS,
        total in 0..=MAX_CENTS,
        application in prop::option::of(0..=MAX_CENTS),
        weeks in prop::collection::vec(1u32..=52, 1..6),
        bundles in prop::collection::vec((1u32..=52, 0u32..=100, "[A-Za-z ]{1,10}"), 0..4),
        fixed in any::<bool>(),
    ) {
        let fee = Fee {
            price: if fixed { Price::Total(Cents(total)) } else { Price::PerWeek(Cents(per_week)) },
            application: application.map(Cents),
            deposit: None,
            not_included: Vec::new(),
        };
        let bundles: Vec<Bundle> = bundles
            .into_iter()
            .map(|(min_weeks, discount_percent, name)| Bundle { name, min_weeks, discount_percent })
            .collect();
        let costs = pricing::costs(&fee, &weeks, &bundles);
        prop_assert_eq!(costs.len(), weeks.len());
        for (cost, &w) in costs.iter().zip(&weeks) {
            prop_assert_eq!(cost.weeks, w);
            let tuition = if fixed { total } else { per_week * i64::from(w) };
            prop_assert_eq!(cost.tuition, Cents(tuition));
            let best = bundles
                .iter()
                .filter(|b| !fixed && w >= b.min_weeks && b.discount_percent > 0)
                .map(|b| b.discount_percent)
                .max();
            let off = cost.discount.as_ref().map_or(0, |d| d.amount.0);
            prop_assert_eq!(cost.discount.as_ref().map(|d| d.percent), best);
            prop_assert!((0..=tuition).contains(&off));
            prop_assert_eq!(off, best.map_or(0, |p| pricing::percent_of(Cents(tuition), p).0));
            prop_assert_eq!(cost.total, Cents(tuition - off + application.unwrap_or(0)));
        }
    }

    #[test]
    fn a_percentage_stays_within_the_amount(amount in 0..=MAX_CENTS * 52, percent in 0u32..=100) {
        let part = pricing::percent_of(Cents(amount), percent).0;
        prop_assert!((0..=amount).contains(&part));
        prop_assert_eq!(pricing::percent_of(Cents(amount), 0).0, 0);
        prop_assert_eq!(pricing::percent_of(Cents(amount), 100).0, amount);
        // Rounded half up: within half a cent of the exact value.
        let exact = i128::from(amount) * i128::from(percent);
        prop_assert!((i128::from(part) * 100 - exact).abs() <= 50);
    }
}

// ---------------------------------------------------------------- dates

fn any_date() -> impl Strategy<Value = Date> {
    (0i32..=9999, 1u8..=12, 1u8..=31).prop_filter_map("a real day", |(y, m, d)| {
        Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
    })
}

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn parse_date_never_panics(t in prop_oneof![any_text(), "[0-9-]{8,12}", "[0-9]{4}-[0-9]{2}-[0-9]{2}"]) {
        if let Ok(d) = decode::parse_date(&t) {
            prop_assert_eq!(iso(d), t);
        }
    }

    #[test]
    fn a_date_written_yyyy_mm_dd_decodes_back(d in any_date()) {
        prop_assert_eq!(decode::parse_date(&iso(d)), Ok(d));
        let text = format!("date: {}\n", iso(d));
        let (root, errors) = yaml::parse(&text, 1);
        prop_assert!(errors.is_empty());
        let Some(Node { value: Value::Map(entries), .. }) = root else {
            return Err(TestCaseError::fail("not a mapping"));
        };
        let file = source(&text);
        let mut ctx = Ctx::new(&file);
        prop_assert_eq!(decode::date(&mut ctx, &entries[0].1, "date"), Some(d));
        prop_assert!(ctx.diags.is_empty());
    }

    #[test]
    fn days_past_the_end_of_the_month_are_refused(y in 0i32..=9999, m in 1u8..=12, d in 29u8..=99) {
        let month = Month::try_from(m).expect("1..=12");
        let exists = Date::from_calendar_date(y, month, d).is_ok();
        let written = format!("{y:04}-{m:02}-{d:02}");
        prop_assert_eq!(decode::parse_date(&written).is_ok(), exists, "{}", written);
    }

    #[test]
    fn source_date_epoch_never_panics(epoch in prop_oneof![
        any_text(),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| format!(" {n}\n")),
    ]) {
        match rotalog::build_date(None, Some(&epoch)) {
            Ok(d) => {
                let seconds: i64 = epoch.trim().parse().expect("a date came from a number");
                let expected = time::OffsetDateTime::from_unix_timestamp(seconds).map(|t| t.date());
                prop_assert_eq!(Ok(d), expected.map_err(|_| ()));
            }
            Err(message) => prop_assert!(!message.is_empty()),
        }
    }
}

// ---------------------------------------------------------------- open starts

/// A copy of the valid fixture, whose `im-hands-on` program gets new starts.
struct Fixture {
    _tmp: tempfile::TempDir,
    site: PathBuf,
    program: String,
}

const STARTS_LINE: &str = "starts: [2027-01-04, 2027-02-01, 2027-03-01]\n";
const APPLY_BY_LINE: &str = "apply_by_days: 45\n";
const PROGRAM: &str = "content/programs/im-hands-on.md";

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let site = tmp.path().join("site");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.expect("the fixture is readable");
        let target = site.join(entry.path().strip_prefix(&from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("a folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
    let program = std::fs::read_to_string(site.join(PROGRAM)).expect("the program");
    assert!(program.contains(STARTS_LINE) && program.contains(APPLY_BY_LINE));
    Fixture {
        _tmp: tmp,
        site,
        program,
    }
}

proptest! {
    // Each case writes a file and loads a whole site.
    #![proptest_config(config(24))]

    #[test]
    fn a_start_is_open_until_its_deadline(
        starts in prop::collection::btree_set(0i64..2000, 1..5),
        apply_by_days in prop::option::of(0u32..=365),
        today in 0i64..2400,
    ) {
        let day0 = Date::from_calendar_date(2026, Month::January, 1).expect("a date");
        let starts: Vec<Date> = starts.iter().map(|&n| day0 + Duration::days(n)).collect();
        let today = day0 + Duration::days(today);
        let f = fixture();
        let list: Vec<String> = starts.iter().map(|&d| iso(d)).collect();
        let apply_by = apply_by_days.map_or(String::new(), |n| format!("apply_by_days: {n}\n"));
        let text = f
            .program
            .replace(STARTS_LINE, &format!("starts: [{}]\n", list.join(", ")))
            .replace(APPLY_BY_LINE, &apply_by)
            // A build date before it would make `last_verified` an error (E022).
            .replace("last_verified: 2026-11-01\n", "");
        std::fs::write(f.site.join(PROGRAM), text).expect("the program is written");
        let loaded = load(&f.site, &LoadOptions { today, base_url: None });
        let errors: Vec<String> = loaded.diagnostics.iter().map(|d| d.headline()).collect();
        let catalog = loaded.catalog.ok_or_else(|| TestCaseError::fail(format!("{errors:?}")))?;
        let program = catalog
            .programs
            .iter()
            .find(|p| p.slug == "im-hands-on")
            .ok_or_else(|| TestCaseError::fail("no im-hands-on"))?;
        prop_assert_eq!(program.sessions.len(), starts.len());
        let lead = Duration::days(i64::from(apply_by_days.unwrap_or(0)));
        for (session, &start) in program.sessions.iter().zip(&starts) {
            prop_assert_eq!(session.date, Some(start));
            prop_assert_eq!(session.deadline, Some(start - lead));
            prop_assert_eq!(session.open, today <= start - lead, "start {} today {}", start, today);
            prop_assert_eq!(session.apply_url.is_some(), session.open);
        }
        let next = program.next_open().and_then(|s| s.date);
        prop_assert_eq!(next, starts.iter().copied().find(|&d| today <= d - lead));
    }
}

// ---------------------------------------------------------------- crashes found

/// Set in the child process of a test that may crash the whole process.
const CHILD: &str = "ROTALOG_PROPERTIES_CHILD";

/// Runs the test `name` of this binary in a child process (a stack overflow
/// aborts the process, which no `catch_unwind` can stop) and fails unless the
/// child exits normally.
#[track_caller]
fn in_child_process(name: &str) {
    let exe = std::env::current_exe().expect("the test binary");
    let out = std::process::Command::new(exe)
        .args(["--exact", name, "--include-ignored", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .expect("the test binary runs");
    assert!(
        out.status.success(),
        "{name} crashed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Found by this campaign: a front matter field holding 40,000 nested block
/// sequences on one line (`x: - - - - …`, 80 KB) overflows the stack when the
/// YAML tree is dropped (a recursive `drop_in_place<yaml::Node>`, from
/// `Builder::push`, src/content/yaml.rs), and `rotalog check` dies of SIGABRT.
/// Flow collections are capped by saphyr-parser (256 levels); block ones are
/// not. Un-ignore when `yaml::parse` caps the nesting depth.
/// Regression: 99,000 nested block lists overflowed the decoding threads'
/// stack when the tree was dropped (SIGABRT); now capped at `MAX_DEPTH`.
#[test]
fn deeply_nested_block_yaml_is_an_error_not_a_crash() {
    in_child_process("deeply_nested_block_yaml_child");
}

#[test]
fn deeply_nested_block_yaml_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let f = fixture();
    let page = f.site.join("content/pages/about.md");
    let text = std::fs::read_to_string(&page).expect("the page");
    let deep = format!("---\nextra:\n  {}\n", "- ".repeat(99_000));
    std::fs::write(&page, text.replacen("---\n", &deep, 1)).expect("the page is written");
    let today = Date::from_calendar_date(2026, Month::November, 22).expect("a date");
    let loaded = load(
        &f.site,
        &LoadOptions {
            today,
            base_url: None,
        },
    );
    assert!(loaded.catalog.is_none(), "the deep field is an error");
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.path == Path::new("content/pages/about.md") && d.is_error())
    );
}

/// An amount as rotalog writes it in English (`model::locale`).
fn english_money(amount: Cents, currency: &str) -> String {
    rotalog::model::locale::locale("en").money(amount, currency)
}
