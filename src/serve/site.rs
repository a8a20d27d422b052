//! The site as served: one version of the built files (generated, in
//! memory, and `static/` files, by their stamp), and what changed from one
//! version to the next, for live reload. Reads only a static file's stamp.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

/// Above this many changed pages, open pages are all told to reload.
const MAX_PATHS: usize = 500;

/// One version of the site, as served.
#[derive(Clone, Debug, Default)]
pub struct Site {
    /// `` or `/catalog`.
    pub base_path: String,
    /// Generated files by output path.
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// Files copied from `static/`, by output path: source and its stamp.
    pub statics: HashMap<String, StaticFile>,
}

/// A file under `static/`, served from disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticFile {
    pub source: PathBuf,
    pub stamp: Option<(SystemTime, u64)>,
}

impl StaticFile {
    pub fn new(source: PathBuf) -> StaticFile {
        let stamp = std::fs::metadata(&source)
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())));
        StaticFile { source, stamp }
    }
}

impl Site {
    /// Whether an output path is served (generated or static).
    pub fn exists(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.statics.contains_key(path)
    }

    /// The URL path of an output file: `programs/a/index.html` -> `/programs/a/`.
    pub fn url(&self, file: &str) -> String {
        let route = file.strip_suffix("index.html").unwrap_or(file);
        format!("{}/{route}", self.base_path)
    }

    /// What changed from `self` to `next`: the URL paths of pages added,
    /// removed or changed, and whether every page should reload (a
    /// stylesheet, script or image changed, or too many pages did).
    pub fn changes(&self, next: &Site) -> (Vec<String>, bool) {
        let mut changed: Vec<&str> = Vec::new();
        for (path, bytes) in &next.files {
            if self
                .files
                .get(path)
                .is_none_or(|old| !Arc::ptr_eq(old, bytes) && old != bytes)
            {
                changed.push(path);
            }
        }
        for path in self.files.keys() {
            if !next.files.contains_key(path) {
                changed.push(path);
            }
        }
        for (path, file) in &next.statics {
            if self.statics.get(path) != Some(file) {
                changed.push(path);
            }
        }
        for path in self.statics.keys() {
            if !next.statics.contains_key(path) {
                changed.push(path);
            }
        }
        let all = self.base_path != next.base_path
            || changed.len() > MAX_PATHS
            || changed.iter().any(|p| shown_in_pages(p));
        if all {
            return (Vec::new(), true);
        }
        let mut urls: Vec<String> = changed.iter().map(|p| next.url(p)).collect();
        urls.sort();
        (urls, false)
    }
}

/// Whether a file is part of how pages look (a stylesheet, script, font or
/// image), so that every open page reloads when it changes. Data files
/// (the search index, the sitemap) change with the pages that use them.
fn shown_in_pages(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "css"
            | "js"
            | "mjs"
            | "woff"
            | "woff2"
            | "ttf"
            | "otf"
            | "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "svg"
            | "webp"
            | "avif"
            | "ico"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Site {
        Site {
            base_path: "/c".into(),
            files: files
                .iter()
                .map(|(p, b)| (p.to_string(), Arc::new(b.as_bytes().to_vec())))
                .collect(),
            statics: HashMap::new(),
        }
    }

    #[test]
    fn changes_list_changed_added_and_removed_pages() {
        let old = site(&[
            ("index.html", "a"),
            ("programs/x/index.html", "x"),
            ("sitemap.xml", "1"),
        ]);
        let new = site(&[
            ("index.html", "b"),
            ("programs/y/index.html", "y"),
            ("sitemap.xml", "2"),
        ]);
        assert_eq!(
            old.changes(&new),
            (
                vec![
                    "/c/".into(),
                    "/c/programs/x/".into(),
                    "/c/programs/y/".into(),
                    "/c/sitemap.xml".into()
                ],
                false
            )
        );
        assert_eq!(old.changes(&old), (vec![], false));
        let css = site(&[("index.html", "a"), ("assets/style.css", "new")]);
        assert_eq!(old.changes(&css), (vec![], true));
        let data = site(&[("index.html", "a"), ("search/cards-0.json", "[]")]);
        assert_eq!(
            old.changes(&data),
            (
                vec![
                    "/c/programs/x/".into(),
                    "/c/search/cards-0.json".into(),
                    "/c/sitemap.xml".into()
                ],
                false
            )
        );
    }
}
