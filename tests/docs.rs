//! Keeps docs/errors.md and the code's messages in step (a "tidy" test):
//! every diagnostic message written as a literal in `src/` must appear in
//! docs/errors.md, and a message the code reports as a warning must be
//! documented as a warning (and an error as an error).
//!
//! A message is found where the code makes one: `Severity::Error, "…"` /
//! `Severity::Warning, format!("…", …)` and `.error(pos, "…")` /
//! `.warning(pos, "…")`. The message is matched by its longest literal piece
//! between `{…}` placeholders.

use std::path::Path;

struct Message {
    file: String,
    line: usize,
    text: String,
    warning: bool,
}

#[test]
fn every_message_in_the_code_is_in_docs_errors_md() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/errors.md")).unwrap();
    let mut messages = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("src")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let file = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .to_string();
        messages.extend(find_messages(&file, &text));
    }
    assert!(
        messages.len() > 60,
        "the scanner found only {} messages",
        messages.len()
    );
    let mut problems = Vec::new();
    for m in &messages {
        let key = longest_piece(&m.text);
        if key.chars().count() < 6 {
            continue; // all placeholders: nothing to look for
        }
        let lines: Vec<&str> = docs.lines().filter(|l| l.contains(key.as_str())).collect();
        if lines.is_empty() {
            problems.push(format!(
                "{}:{}: {:?} is not in docs/errors.md",
                m.file, m.line, m.text
            ));
            continue;
        }
        let documented_as_warning = lines.iter().any(|l| l.contains("warning"));
        let documented_as_error = lines.iter().any(|l| !l.contains("warning"));
        if m.warning && !documented_as_warning {
            problems.push(format!(
                "{}:{}: {:?} is a warning but docs/errors.md lists it as an error (write `warning:` before it)",
                m.file, m.line, m.text
            ));
        }
        if !m.warning && !documented_as_error {
            problems.push(format!(
                "{}:{}: {:?} is an error but docs/errors.md lists it as a warning",
                m.file, m.line, m.text
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// The messages made in one source file (test modules left out).
fn find_messages(file: &str, text: &str) -> Vec<Message> {
    let code = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut out = Vec::new();
    for (marker, warning, skip_arg) in [
        ("Severity::Error,", false, false),
        ("Severity::Warning,", true, false),
        (".error(", false, true),
        (".warning(", true, true),
    ] {
        let mut from = 0;
        while let Some(at) = code[from..].find(marker) {
            let start = from + at + marker.len();
            from = start;
            let mut rest = &code[start..];
            if skip_arg {
                // The position argument: up to the first comma at depth 0.
                let mut depth = 0;
                let mut end = None;
                for (i, c) in rest.char_indices() {
                    match c {
                        '(' | '[' | '{' => depth += 1,
                        ')' | ']' | '}' if depth == 0 => break,
                        ')' | ']' | '}' => depth -= 1,
                        ',' if depth == 0 => {
                            end = Some(i + 1);
                            break;
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                let Some(end) = end else { continue };
                rest = &rest[end..];
            }
            let rest = rest.trim_start();
            let rest = rest.strip_prefix("format!(").map_or(rest, str::trim_start);
            let Some(literal) = rest.strip_prefix('"') else {
                continue; // a message built elsewhere
            };
            let Some(text) = string_literal(literal) else {
                continue;
            };
            out.push(Message {
                file: file.to_string(),
                line: code[..start].matches('\n').count() + 1,
                text,
                warning,
            });
        }
    }
    out
}

/// The contents of a Rust string literal whose opening quote was just read.
fn string_literal(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                '\n' => {
                    // A line continuation: the next line's leading spaces go.
                    let rest: String = chars.clone().collect();
                    let skipped = rest.len() - rest.trim_start().len();
                    for _ in 0..rest[..skipped].chars().count() {
                        chars.next();
                    }
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// The longest piece of a format string between `{…}` placeholders.
fn longest_piece(format: &str) -> String {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                current.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                current.push('}');
            }
            '{' => {
                pieces.push(std::mem::take(&mut current));
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
            }
            c => current.push(c),
        }
    }
    pieces.push(current);
    pieces
        .into_iter()
        .map(|p| p.trim().to_string())
        .max_by_key(|p| p.chars().count())
        .unwrap_or_default()
}

/// A format string with each placeholder filled in with `x` (and `{{`,
/// `}}` unescaped): a message as the code could print it.
fn filled(format: &str) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                out.push('x');
            }
            c => out.push(c),
        }
    }
    out
}

/// Every message the code makes has a stable code in
/// `diagnostics::CODES`, of its kind (`E` for an error, `W` for a warning).
#[test]
fn every_message_in_the_code_has_a_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut count = 0;
    for entry in walkdir::WalkDir::new(root.join("src")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for m in find_messages(&entry.path().display().to_string(), &text) {
            count += 1;
            if longest_piece(&m.text).chars().count() < 6 {
                continue; // all placeholders: its parts are matched where they are made
            }
            let message = filled(&m.text);
            match rotalog::diagnostics::code_of(&message) {
                None => problems.push(format!(
                    "{}:{}: {:?} has no code: add its pattern to diagnostics::CODES",
                    m.file, m.line, m.text
                )),
                Some(c) if c.code.starts_with('W') != m.warning => problems.push(format!(
                    "{}:{}: {:?} is {} but its code is {}",
                    m.file,
                    m.line,
                    m.text,
                    if m.warning { "a warning" } else { "an error" },
                    c.code
                )),
                Some(_) => {}
            }
        }
    }
    assert!(count > 60, "the scanner found only {count} messages");
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// Every code has its section in docs/errors.md (`### E013`, so that
/// `docs/errors.md#e013` leads to it, then its title in bold), and every
/// such section is a code.
#[test]
fn every_code_has_a_section_in_docs_errors_md_and_every_section_a_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/errors.md")).unwrap();
    let codes = rotalog::diagnostics::CODES;
    let lines: Vec<&str> = docs.lines().collect();
    let mut sections = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(h) = l.strip_prefix("### ") else {
            continue;
        };
        if h.len() == 4 && h.starts_with(['E', 'W']) && h[1..].bytes().all(|b| b.is_ascii_digit()) {
            let title = lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .copied();
            sections.push((h, title.unwrap_or("")));
        }
    }
    let mut problems = Vec::new();
    for c in codes {
        match sections.iter().find(|(h, _)| *h == c.code) {
            None => problems.push(format!("docs/errors.md has no section `### {}`", c.code)),
            Some((_, title)) if *title != format!("**{}**", c.title) => problems.push(format!(
                "the section `### {}` should start with `**{}**`, found {title:?}",
                c.code, c.title
            )),
            Some(_) => {}
        }
    }
    for (h, _) in &sections {
        if !codes.iter().any(|c| c.code == *h) && !["E000", "W000"].contains(h) {
            problems.push(format!(
                "docs/errors.md has a section for {h}, which is no code"
            ));
        }
    }
    for (i, c) in codes.iter().enumerate() {
        assert!(
            !codes[..i].iter().any(|o| o.code == c.code),
            "{} is given twice",
            c.code
        );
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

const VOCAB_START: &str = "<!-- vocabularies: generated from src/model/vocab.rs";
const VOCAB_END: &str = "<!-- end of vocabularies -->";

/// The known values listed in docs/content-model.md are the code's
/// (`model::vocab::VOCABULARIES`), so they cannot drift: the marked block
/// is generated, and this test fails when it differs. With
/// `ROTALOG_UPDATE_DOCS=1` it rewrites the block instead.
#[test]
fn the_vocabularies_in_docs_content_model_md_are_the_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("docs/content-model.md");
    let docs = std::fs::read_to_string(&path).unwrap();
    let start = docs.find(VOCAB_START).expect("the start marker");
    let body = start + docs[start..].find('\n').expect("a marker line") + 1;
    let end = docs[body..].find(VOCAB_END).expect("the end marker") + body;
    let mut generated = String::new();
    for v in rotalog::model::vocab::VOCABULARIES {
        let kind = if v.list {
            "list: one-word items must be one of these"
        } else {
            "one of these"
        };
        generated.push_str(&format!(
            "\n**{}** ({kind}):\n\n| Value | Shown as |\n| --- | --- |\n",
            v.fields
        ));
        for (slug, label) in v.entries {
            generated.push_str(&format!("| `{slug}` | {label} |\n"));
        }
    }
    generated.push('\n');
    if docs[body..end] == generated {
        return;
    }
    if std::env::var_os("ROTALOG_UPDATE_DOCS").is_some() {
        let updated = format!("{}{generated}{}", &docs[..body], &docs[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    panic!(
        "docs/content-model.md's list of vocabularies differs from src/model/vocab.rs; \
         rewrite it with ROTALOG_UPDATE_DOCS=1 cargo test --test docs"
    );
}
