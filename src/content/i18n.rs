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
        let table = parse_table(&mut ctx, text);
        strings.tables.insert(lang.to_string(), table);
    }
    strings
}

/// The built-in tables with the site theme's (`theme_dir`, relative to the
/// site, if it has one) and the site's own laid over them.
pub fn load(
    site_dir: &Path,
    theme_dir: Option<&Path>,
    language: &str,
    diags: &mut Vec<Diagnostic>,
) -> Strings {
    let mut strings = builtin(language);
    let mut folders: Vec<PathBuf> = theme_dir.map(|d| d.join("i18n")).into_iter().collect();
    folders.push(PathBuf::from("i18n"));
    for folder in folders {
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
            let table = parse_table(&mut ctx, &file.text);
            diags.append(&mut ctx.diags);
            strings
                .tables
                .entry(lang.to_string())
                .or_default()
                .extend(table);
        }
    }
    strings
}

/// A table: a map of keys to texts, or to maps of plural categories to
/// texts (`one: "{n} program"`, `other: "{n} programs"`).
fn parse_table(ctx: &mut Ctx, text: &str) -> Table {
    let mut table = Table::new();
    let Some(root) = parse_yaml(ctx, text, 1) else {
        return table;
    };
    let Value::Map(entries) = &root.value else {
        if !root.is_null() {
            shape(ctx, &root, "the table");
        }
        return table;
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
        table.insert(key.to_string(), message);
    }
    table
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
