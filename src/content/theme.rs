//! Reading a site's own theme folder (`themes/NAME/`), which `render` lays
//! over the built-in theme.

use std::path::Path;

use super::source::rel_path;
use super::{read, source};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::ThemeFiles;

/// Reads the site's theme folder, if any (`render` lays it over the
/// built-in theme). `themes/default/` in a site overrides single built-in
/// templates; another theme name must exist as a folder.
pub fn load_theme(
    site_dir: &Path,
    name: &str,
    language: &str,
    extra: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Option<ThemeFiles> {
    let origin = format!("themes/{name}");
    let dir = site_dir.join("themes").join(name);
    if !dir.is_dir() {
        if name != "default" {
            diags.push(
                Diagnostic::file(
                    "site.yaml",
                    Severity::Error,
                    format!("theme `{name}` not found: there is no themes/{name}/ folder"),
                )
                .with_hint(
                    "create the folder, or remove `theme:` to use the built-in default theme",
                ),
            );
            return None;
        }
        return Some(ThemeFiles {
            origin,
            strings: super::i18n::load(site_dir, None, language, extra, diags),
            ..ThemeFiles::default()
        });
    }
    if let Err(d) = source::inside(site_dir, &dir) {
        diags.push(d);
        return None;
    }
    let mut templates = Vec::new();
    let mut assets = Vec::new();
    for (sub, is_template) in [("templates", true), ("static", false)] {
        let root = dir.join(sub);
        if !root.is_dir() {
            continue;
        }
        for entry in source::walk(site_dir, &root, 1, diags) {
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = rel_path(site_dir, entry.path());
            let rel_name = entry
                .path()
                .strip_prefix(&root)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            if is_template && !rel_name.ends_with(".html") {
                // Editor backups (`macros.html.bak`, `base.html~`) would be
                // compiled as templates and clash with the real ones.
                diags.push(
                    Diagnostic::file(
                        &rel,
                        Severity::Warning,
                        format!("`{rel_name}` is not a template (.html file) and is ignored"),
                    )
                    .with_hint("templates are .html files; remove backups and other files from the templates folder"),
                );
                continue;
            }
            if is_template {
                match read(site_dir, &rel) {
                    Ok(text) => templates.push((rel_name, text)),
                    Err(d) => diags.push(d),
                }
            } else {
                match source::read_bytes(site_dir, &rel, source::ASSET_LIMIT) {
                    Ok(bytes) => {
                        if let Some(d) =
                            super::discover::too_big_for_hosts(&rel, bytes.len() as u64)
                        {
                            diags.push(d);
                        }
                        assets.push((rel_name, bytes))
                    }
                    Err(d) => diags.push(d),
                }
            }
        }
    }
    let theme_dir = Path::new("themes").join(name);
    Some(ThemeFiles {
        origin,
        templates,
        assets,
        strings: super::i18n::load(site_dir, Some(&theme_dir), language, extra, diags),
    })
}
