//! `rotalog init DIR`: a new site with a small, working example catalog,
//! embedded in the binary (src/init_site/).

use std::fs;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Severity};

/// The starter site's files: (path, text).
pub const FILES: &[(&str, &str)] = embed!(include_str, "init_site/":
    "site.yaml",
    "content/_index.md",
    "content/faqs.yaml",
    "content/fees.yaml",
    "content/hospitals/hudson-valley-medical.md",
    "content/hospitals/mercy-chicago.md",
    "content/pages/about.md",
    "content/programs/cardiology-telehealth.md",
    "content/programs/im-hands-on-chicago.md",
    "content/programs/im-observership-newburgh.md",
    "content/specialties/cardiology.md",
    "content/specialties/internal-medicine.md",
    // Editing in VS Code (issue 13): schemas mapped, extensions, a `rotalog check` task.
    ".vscode/settings.json",
    ".vscode/extensions.json",
    ".vscode/tasks.json",
);

/// Where `rotalog schema` (and `init`) write the JSON Schemas, from the site folder.
pub const SCHEMA_DIR: &str = ".rotalog/schema";

/// CI for the starter site, beside its content (docs/deploy.md): checks pull
/// requests, publishes to GitHub Pages on main and daily.
pub const WORKFLOWS: &[(&str, &str)] = embed!(include_str, "init_site/":
    ".github/workflows/publish.yml",
);

/// Creates the starter site in `dir`, which must not exist or be empty.
/// Returns the number of files written.
pub fn site(dir: &Path) -> Result<usize, Diagnostic> {
    let err = |message: String| Diagnostic::file(dir, Severity::Error, message);
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map_err(|e| err(format!("cannot read {}: {e}", dir.display())))?
            .next()
            .is_none();
        if !empty {
            return Err(
                err(format!("{} already exists and is not empty", dir.display()))
                    .with_hint("choose a new folder name; init never overwrites files"),
            );
        }
    }
    for (path, text) in FILES.iter().chain(WORKFLOWS) {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| err(format!("cannot create {}: {e}", parent.display())))?;
        }
        fs::write(&target, text)
            .map_err(|e| err(format!("cannot write {}: {e}", target.display())))?;
    }
    fs::write(dir.join(".gitignore"), "/output/\n")
        .map_err(|e| err(format!("cannot write .gitignore: {e}")))?;
    let schemas = schemas(dir)?;
    Ok(FILES.len() + WORKFLOWS.len() + 1 + schemas.len())
}

/// `rotalog schema DIR`: writes the JSON Schema of every kind of file into
/// DIR/.rotalog/schema/ (replacing what is there), with the site's current
/// specialties, hospitals, pages and refund tiers as the values offered.
/// Returns the files written, relative to `dir`.
pub fn schemas(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    let err = |message: String| Diagnostic::file(dir, Severity::Error, message);
    let known = crate::content::known_values(dir);
    let folder = dir.join(SCHEMA_DIR);
    fs::create_dir_all(&folder)
        .map_err(|e| err(format!("cannot create {}: {e}", folder.display())))?;
    let mut written = Vec::new();
    for (name, text) in crate::model::schema::json_schemas(&known) {
        let target = folder.join(&name);
        fs::write(&target, text)
            .map_err(|e| err(format!("cannot write {}: {e}", target.display())))?;
        written.push(format!("{SCHEMA_DIR}/{name}"));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file in src/init_site is embedded.
    #[test]
    fn embedded_starter_matches_the_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/init_site");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = FILES
            .iter()
            .chain(WORKFLOWS)
            .map(|(p, _)| p.to_string())
            .collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }
}
