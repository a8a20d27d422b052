//! The interface strings: the built-in theme's translation tables
//! (`themes/default/i18n/<lang>.yaml`, embedded in the binary), then the
//! site's theme folder's (`themes/NAME/i18n/<lang>.yaml`), then the site's
//! own (`i18n/<lang>.yaml`), each key of a later table replacing the same
//! key of an earlier one (docs/i18n.md).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::decode::{Ctx, SourceFile};
use super::yaml::{Node, Value};
use super::{parse_yaml, read, source};
use crate::diagnostics::Diagnostic;
use crate::model::Pos;
use crate::model::i18n::{CATEGORIES, Message, Strings, Table};

/// The built-in theme's tables: (language, YAML text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("ar", include_str!("../../themes/default/i18n/ar.yaml")),
    ("en", include_str!("../../themes/default/i18n/en.yaml")),
    ("es", include_str!("../../themes/default/i18n/es.yaml")),
    ("pt", include_str!("../../themes/default/i18n/pt.yaml")),
];

/// The built-in tables alone (they are checked by a test, so they parse).
pub fn builtin(language: &str) -> Strings {
    let mut strings = Strings {
        language: language.to_string(),
        tables: BTreeMap::new(),
    };
    for (lang, text) in BUILTIN {
        let file = SourceFile::new(
            PathBuf::from(format!("themes/default/i18n/{lang}.yaml")),
            text.to_string(),
        );
        let mut ctx = Ctx::new(&file);
        let (table, _) = parse_table(&mut ctx, text);
        strings.tables.insert(lang.to_string(), table);
    }
    strings
}

/// The languages with a table, sorted: the built-in theme's, and those of
/// the site's `i18n/<lang>.yaml` and its themes' `themes/*/i18n/<lang>.yaml`
/// (by name only: the files are read, and their problems reported, by
/// [`load`]).
pub fn languages(site_dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = BUILTIN.iter().map(|(l, _)| l.to_string()).collect();
    let mut folders = vec![site_dir.join("i18n")];
    if let Ok(themes) = std::fs::read_dir(site_dir.join("themes")) {
        folders.extend(themes.flatten().map(|t| t.path().join("i18n")));
    }
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        for e in entries.flatten() {
            if let Some(lang) = e.file_name().to_str().and_then(|n| n.strip_suffix(".yaml")) {
                found.push(lang.to_string());
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The built-in tables with the site theme's (`theme_dir`, relative to the
/// site, if it has one) and the site's own laid over them. Warns at a key
/// that no English table defines (a typo: nothing would print it), and when
/// the build's `language` is a site's own table lacking keys (English is
/// shown for them).
pub fn load(
    site_dir: &Path,
    theme_dir: Option<&Path>,
    language: &str,
    extra: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Strings {
    let mut strings = builtin(language);
    let mut folders: Vec<(PathBuf, bool)> = theme_dir
        .map(|d| (d.join("i18n"), true))
        .into_iter()
        .collect();
    folders.push((PathBuf::from("i18n"), false));
    // (file, language, its keys with their positions, from the theme folder)
    let mut read_files = Vec::new();
    for (folder, of_theme) in folders {
        let root = site_dir.join(&folder);
        if !root.is_dir() {
            continue;
        }
        for entry in source::walk(site_dir, &root, 1, diags) {
            let name = entry.file_name().to_string_lossy().to_string();
            let Some(lang) = name.strip_suffix(".yaml") else {
                continue;
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = folder.join(&name);
            let text = match read(site_dir, &rel) {
                Ok(text) => text,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            let file = SourceFile::new(rel, text);
            let mut ctx = Ctx::new(&file);
            let (table, keys) = parse_table(&mut ctx, &file.text);
            diags.append(&mut ctx.diags);
            strings
                .tables
                .entry(lang.to_string())
                .or_default()
                .extend(table);
            read_files.push((file, lang.to_string(), keys, of_theme));
        }
    }
    // The keys the templates may use: the built-in English table's and
    // those a theme folder's English table adds for its own templates.
    let defined: Vec<&str> = strings.tables["en"].keys().map(String::as_str).collect();
    for (file, lang, keys, of_theme) in &read_files {
        let mut ctx = Ctx::new(file);
        for (key, pos) in keys {
            if (*of_theme && lang == "en") || defined.contains(&key.as_str()) {
                continue;
            }
            let hint = match crate::diagnostics::did_you_mean(key, defined.iter().copied()) {
                Some(close) => format!("did you mean `{close}`? The keys are those of themes/default/i18n/en.yaml (docs/i18n.md)"),
                None => "the keys are those of themes/default/i18n/en.yaml (docs/i18n.md); remove this one".to_string(),
            };
            ctx.warning(
                *pos,
                format!("`{key}` is not a key of the theme's English table, so nothing prints it"),
                Some(hint),
            );
        }
        diags.append(&mut ctx.diags);
    }
    // Each of the site's languages (`extra`: those besides the build's).
    for language in std::iter::once(&language.to_string()).chain(extra) {
        let shipped = crate::model::i18n::SHIPPED.contains(&language.as_str());
        if let (false, Some((file, _, _, _))) = (
            shipped,
            read_files.iter().rev().find(|(_, l, _, _)| l == language),
        ) {
            let table = &strings.tables[language];
            let missing: Vec<&str> = defined
                .iter()
                .copied()
                .filter(|k| !table.contains_key(*k))
                .collect();
            if !missing.is_empty() {
                let shown: Vec<String> = missing.iter().take(3).map(|k| format!("`{k}`")).collect();
                let more = if missing.len() > 3 { ", …" } else { "" };
                diags.push(
                    Diagnostic::file(
                        &file.path,
                        crate::diagnostics::Severity::Warning,
                        format!(
                            "the `{language}` table has no text for {} of the theme's keys ({}{more}): English is shown for them",
                            missing.len(),
                            shown.join(", ")
                        ),
                    )
                    .with_hint("translate every key of themes/default/i18n/en.yaml (docs/i18n.md)"),
                );
            }
        }
    }
    strings
}

/// A table: a map of keys to texts, or to maps of plural categories to
/// texts (`one: "{n} program"`, `other: "{n} programs"`).
/// Also returns each key with its position.
fn parse_table(ctx: &mut Ctx, text: &str) -> (Table, Vec<(String, Pos)>) {
    let mut table = Table::new();
    let mut keys = Vec::new();
    let Some(root) = parse_yaml(ctx, text, 1) else {
        return (table, keys);
    };
    let Value::Map(entries) = &root.value else {
        if !root.is_null() {
            shape(ctx, &root, "the table");
        }
        return (table, keys);
    };
    for (k, v) in entries {
        let Some((key, _)) = k.as_scalar() else {
            shape(ctx, k, "a key");
            continue;
        };
        let message = match &v.value {
            Value::Scalar { text, .. } => Message::Text(text.clone()),
            Value::Map(forms) => {
                let mut by = BTreeMap::new();
                for (c, t) in forms {
                    let category = c.as_scalar().map(|(c, _)| c).unwrap_or("");
                    if !CATEGORIES.contains(&category) {
                        ctx.error(
                            c.pos,
                            format!("`{category}` is not a plural category"),
                            Some(
                                "plural forms are zero, one, two, few, many and other (CLDR); every message needs `other`"
                                    .to_string(),
                            ),
                        );
                        continue;
                    }
                    match t.as_scalar() {
                        Some((t, _)) => {
                            by.insert(category.to_string(), t.to_string());
                        }
                        None => shape(ctx, t, "a plural form"),
                    }
                }
                if !by.contains_key("other") {
                    ctx.error(
                        v.pos,
                        format!("the plural message `{key}` has no `other` form"),
                        Some(
                            "add `other: …`, the form used for any count without its own"
                                .to_string(),
                        ),
                    );
                }
                Message::Plural(by)
            }
            Value::Seq(_) => {
                shape(ctx, v, "a message");
                continue;
            }
        };
        keys.push((key.to_string(), k.pos));
        table.insert(key.to_string(), message);
    }
    (table, keys)
}

fn shape(ctx: &mut Ctx, node: &Node, what: &str) {
    ctx.error(
        node.pos,
        format!("in a translation table, {what} should be text, found {}", node.describe()),
        Some("a table maps keys to texts: `nav.menu: Menu`, or to plural forms: `{ one: \"{n} program\", other: \"{n} programs\" }`".to_string()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped tables parse without a problem, have the same keys as
    /// English, and every file of themes/default/i18n is embedded.
    #[test]
    fn shipped_tables_are_complete_and_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = BUILTIN.iter().map(|(l, _)| format!("{l}.yaml")).collect();
        assert_eq!(on_disk, embedded);
        for (lang, text) in BUILTIN {
            let file = SourceFile::new(PathBuf::from(format!("{lang}.yaml")), text.to_string());
            let mut ctx = Ctx::new(&file);
            parse_table(&mut ctx, text);
            assert!(ctx.diags.is_empty(), "{lang}: {:?}", ctx.diags);
        }
        let strings = builtin("en");
        let en: Vec<&String> = strings.tables["en"].keys().collect();
        for lang in crate::model::i18n::SHIPPED {
            let keys: Vec<&String> = strings.tables[*lang].keys().collect();
            assert_eq!(keys, en, "{lang}.yaml has other keys than en.yaml");
        }
    }
}
