//! The reading rules: what rotalog will open under a site folder.
//!
//! A site's files arrive by pull request and are built in CI next to secrets,
//! so every read goes through here:
//!
//! - only **regular files** are opened: a FIFO, socket or device is an error
//!   naming it (opening a FIFO would hang, a device would read forever);
//! - a **symbolic link** is followed only when its fully resolved target lies
//!   inside the site folder (a shared image, a template kept once); a link
//!   that leads outside it, or whose target is missing, is an error naming the
//!   link, and the target is neither opened nor named;
//! - every file has a **size cap**: [`TEXT_LIMIT`] for Markdown, YAML and
//!   templates, [`ASSET_LIMIT`] for static files and theme assets.
//!
//! Walks ([`walk`]) apply the same rule to folders, so a symlinked folder
//! that leads outside the site is never listed.

use std::cell::RefCell;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Severity};

/// Largest Markdown, YAML or template file read: 4 MiB.
pub const TEXT_LIMIT: u64 = 4 << 20;
/// Largest static file or theme asset copied: 64 MiB.
pub const ASSET_LIMIT: u64 = 64 << 20;

/// Reads the site file `rel` (relative to `site_dir`) after checking it
/// against the reading rules, naming it in any error.
pub fn read_bytes(site_dir: &Path, rel: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let real = vet(site_dir, rel, limit)?;
    let file = fs::File::open(&real).map_err(|e| cannot_read(rel, &e))?;
    let mut bytes = Vec::new();
    // The cap again while reading: the file may have grown since it was checked.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(rel, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(rel, bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// Opens the site file `rel` after checking it against the reading rules,
/// for a caller that reads only part of it (an image's header). The file is
/// at most `limit` bytes when checked.
pub fn open(site_dir: &Path, rel: &Path, limit: u64) -> Result<fs::File, Diagnostic> {
    let real = vet(site_dir, rel, limit)?;
    fs::File::open(&real).map_err(|e| cannot_read(rel, &e))
}

/// Checks the site file `rel` against the reading rules without reading it,
/// and returns its resolved path (for files that are copied, not parsed).
pub fn vet(site_dir: &Path, rel: &Path, limit: u64) -> Result<PathBuf, Diagnostic> {
    let path = site_dir.join(rel);
    let own = fs::symlink_metadata(&path).map_err(|e| cannot_read(rel, &e))?;
    let real = match fs::canonicalize(&path) {
        Ok(real) => real,
        Err(_) if own.file_type().is_symlink() => return Err(dangling(rel)),
        Err(e) => return Err(cannot_read(rel, &e)),
    };
    let root = fs::canonicalize(site_dir).map_err(|e| cannot_read(Path::new("."), &e))?;
    if !real.starts_with(&root) {
        return Err(outside(rel));
    }
    let meta = fs::metadata(&real).map_err(|e| cannot_read(rel, &e))?;
    if !meta.is_file() {
        return Err(not_regular(rel, &meta.file_type()));
    }
    if meta.len() > limit {
        return Err(too_big(rel, meta.len(), limit));
    }
    Ok(real)
}

/// Every entry under `dir` (a folder of the site), sorted by name, hidden
/// names (`.git`, `.DS_Store`) left out, following symbolic links only while
/// they stay inside the site. Links that leave it and unreadable entries are
/// reported; the rest is returned, folders and special files (FIFOs,
/// sockets) included: the caller decides, and [`read_bytes`] refuses them.
/// A `dir` that is missing yields nothing; one that leads outside the site
/// is reported.
pub fn walk(
    site_dir: &Path,
    dir: &Path,
    min_depth: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<walkdir::DirEntry> {
    let rel_dir = rel_path(site_dir, dir);
    let Ok(root) = fs::canonicalize(site_dir) else {
        return Vec::new();
    };
    if fs::symlink_metadata(dir).is_err() {
        return Vec::new();
    }
    if let Err(d) = inside(site_dir, dir) {
        diags.push(d);
        return Vec::new();
    }
    let refused = RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(dir)
        .min_depth(min_depth)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            let inside = fs::canonicalize(e.path()).is_ok_and(|real| real.starts_with(&root));
            if !inside {
                refused
                    .borrow_mut()
                    .push(outside(&rel_path(site_dir, e.path())));
            }
            inside
        });
    let mut entries = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) => entries.push(e),
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| rel_dir.clone(), |p| rel_path(site_dir, p));
                let is_link = e
                    .path()
                    .and_then(|p| fs::symlink_metadata(p).ok())
                    .is_some_and(|m| m.file_type().is_symlink());
                if is_link && e.loop_ancestor().is_none() {
                    diags.push(dangling(&path));
                } else if e.loop_ancestor().is_some() {
                    diags.push(
                        Diagnostic::file(
                            &path,
                            Severity::Error,
                            "this symbolic link leads back into a folder that contains it, so it is not followed",
                        )
                        .with_hint("remove the link, or point it at a file"),
                    );
                } else {
                    let why = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    diags.push(Diagnostic::file(
                        &path,
                        Severity::Error,
                        format!("cannot read: {why}"),
                    ));
                }
            }
        }
    }
    diags.extend(refused.into_inner());
    entries
}

/// Checks that the folder `dir` resolves to a place inside the site.
pub fn inside(site_dir: &Path, dir: &Path) -> Result<(), Diagnostic> {
    let rel = rel_path(site_dir, dir);
    let root = fs::canonicalize(site_dir).map_err(|e| cannot_read(Path::new("."), &e))?;
    match fs::canonicalize(dir) {
        Ok(real) if real.starts_with(&root) => Ok(()),
        Ok(_) => Err(outside(&rel)),
        Err(_) if fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) => {
            Err(dangling(&rel))
        }
        Err(e) => Err(cannot_read(&rel, &e)),
    }
}

/// `path` relative to the site folder.
pub fn rel_path(site_dir: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(site_dir).unwrap_or(path).to_path_buf()
}

fn cannot_read(rel: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::file(rel, Severity::Error, format!("cannot read the file: {e}"))
}

fn outside(rel: &Path) -> Diagnostic {
    Diagnostic::file(
        rel,
        Severity::Error,
        "symbolic link to a place outside the site folder: rotalog does not follow it",
    )
    .with_hint("copy the file into the site instead; links are followed only when their target is inside the site folder")
}

fn dangling(rel: &Path) -> Diagnostic {
    Diagnostic::file(
        rel,
        Severity::Error,
        "symbolic link whose target does not exist",
    )
    .with_hint("remove the link, or point it at a file inside the site folder")
}

fn not_regular(rel: &Path, file_type: &fs::FileType) -> Diagnostic {
    Diagnostic::file(
        rel,
        Severity::Error,
        format!(
            "not a regular file (it is {}), so it is not read",
            describe(file_type)
        ),
    )
    .with_hint("only regular files are read; remove it from the site")
}

fn too_big(rel: &Path, len: u64, limit: u64) -> Diagnostic {
    let hint = if limit == TEXT_LIMIT {
        format!(
            "split it into several files; large downloads go under static/ (up to {} each)",
            megabytes(ASSET_LIMIT)
        )
    } else {
        "publish large downloads from another host and link to them".to_string()
    };
    Diagnostic::file(
        rel,
        Severity::Error,
        format!(
            "the file is too large ({}); files like it may be at most {}",
            megabytes(len),
            megabytes(limit)
        ),
    )
    .with_hint(hint)
}

fn megabytes(n: u64) -> String {
    let tenths = (n * 10).div_ceil(1 << 20);
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

fn describe(t: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_editors_expect() {
        assert_eq!(megabytes(TEXT_LIMIT), "4 MB");
        assert_eq!(megabytes(ASSET_LIMIT), "64 MB");
        assert_eq!(megabytes(TEXT_LIMIT + 1), "4.1 MB");
    }

    #[cfg(unix)]
    #[test]
    fn the_rules_hold_for_each_kind_of_entry() {
        use std::os::unix::fs::symlink;
        let outer = tempfile::tempdir().unwrap();
        let secret = outer.path().join("secret.txt");
        fs::write(&secret, "TOKEN=hunter2\n").unwrap();
        let site = outer.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        fs::write(site.join("content/real.md"), "hello").unwrap();
        symlink(site.join("content/real.md"), site.join("content/inside.md")).unwrap();
        symlink(&secret, site.join("content/outside.md")).unwrap();
        symlink(site.join("nowhere"), site.join("content/dangling.md")).unwrap();
        let rel = |s: &str| PathBuf::from(s);

        assert_eq!(
            read_bytes(&site, &rel("content/inside.md"), TEXT_LIMIT).unwrap(),
            b"hello"
        );
        let e = read_bytes(&site, &rel("content/outside.md"), TEXT_LIMIT).unwrap_err();
        assert_eq!(e.path, rel("content/outside.md"));
        assert!(
            e.message.contains("outside the site folder"),
            "{}",
            e.message
        );
        assert!(!e.render(false).contains("hunter2"));
        assert!(!e.render(false).contains("secret.txt"));
        let e = read_bytes(&site, &rel("content/dangling.md"), TEXT_LIMIT).unwrap_err();
        assert!(e.message.contains("does not exist"), "{}", e.message);
        let e = read_bytes(&site, &rel("content/real.md"), 3).unwrap_err();
        assert!(e.message.contains("too large"), "{}", e.message);
        let e = read_bytes(&site, &rel("content"), TEXT_LIMIT).unwrap_err();
        assert!(e.message.contains("a folder"), "{}", e.message);
    }
}
