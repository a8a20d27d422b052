//! Decoded content files kept between loads, for `serve`: a file whose size
//! and modification time are unchanged is not read or decoded again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use super::Kind;
use super::image::Statics;
use super::items;

/// Decoded content files kept between loads. References are still resolved
/// on every load, so a cached file's mistakes that depend on other files
/// (an unknown hospital) are found again.
#[derive(Default)]
pub struct Cache {
    /// What decoding depends on besides the file: the base path and the
    /// static files (images are checked against them).
    context: Option<(String, Vec<String>)>,
    files: HashMap<PathBuf, (Stamp, items::Decoded)>,
}

type Stamp = (Option<SystemTime>, u64);

impl Cache {
    /// Decodes a file again on the next load, whatever its stamp says (a
    /// watcher saw it change within the file system's timestamp precision).
    pub fn forget(&mut self, rel: &Path) {
        self.files.remove(rel);
    }

    /// How many decoded files are kept.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub(super) fn decode(
        &mut self,
        site_dir: &Path,
        files: &[(Kind, PathBuf)],
        base_path: &str,
        statics: &Statics,
    ) -> Vec<items::Decoded> {
        // Decoding depends on which static files exist and on the images' sizes.
        let context = Some((base_path.to_string(), statics.stamps()));
        if self.context != context {
            self.files.clear();
            self.context = context;
        }
        let cached = &self.files;
        let results: Vec<(Stamp, Lookup)> = files
            .par_iter()
            .map(|(kind, rel)| {
                let stamp = std::fs::metadata(site_dir.join(rel))
                    .map(|m| (m.modified().ok(), m.len()))
                    .unwrap_or((None, 0));
                match cached.get(rel) {
                    Some((s, d)) if *s == stamp && stamp.0.is_some() => {
                        (stamp, Lookup::Kept(d.clone()))
                    }
                    _ => (
                        stamp,
                        Lookup::Decoded(items::decode_file(
                            site_dir, rel, *kind, base_path, statics,
                        )),
                    ),
                }
            })
            .collect();
        let wanted: HashSet<&PathBuf> = files.iter().map(|(_, rel)| rel).collect();
        self.files.retain(|rel, _| wanted.contains(rel));
        results
            .into_iter()
            .zip(files)
            .map(|((stamp, result), (_, rel))| match result {
                Lookup::Kept(d) => d,
                Lookup::Decoded(fresh) => {
                    self.files.insert(rel.clone(), (stamp, fresh.clone()));
                    fresh
                }
            })
            .collect()
    }
}

/// A file's decoding: kept from the cache, or decoded afresh (and to be kept).
enum Lookup {
    Kept(items::Decoded),
    Decoded(items::Decoded),
}
