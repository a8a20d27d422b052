//! `rotalog init DIR`: a new site with a small, working example catalog,
//! embedded in the binary (src/init_site/).

use std::fs;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Severity};

macro_rules! embed {
    ($($path:literal),+ $(,)?) => {
        &[$(($path, include_str!(concat!("init_site/", $path)))),+]
    };
}

/// The starter site's files: (path, text).
pub const FILES: &[(&str, &str)] = embed!("site.yaml",);

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
    for (path, text) in FILES {
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
    Ok(FILES.len() + 1)
}
