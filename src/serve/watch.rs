//! Watching a site's sources: which folders, which events matter, and what a
//! batch of changes means for the rebuild.
//!
//! We watch `site.yaml` (through the site folder, not recursively), and
//! `content/`, `static/` and `themes/` recursively, so an output folder, a
//! `.git/` or a `node_modules/` inside the site is never watched and can
//! never cause a rebuild loop. A watched folder that is deleted and created
//! again is watched again. Editors' temporary, swap, backup and lock files
//! are ignored. When the system's inotify limit is reached we say so plainly
//! and fall back to polling.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt,
};

/// How long a path must be quiet before its events are handed over.
pub const DEBOUNCE: Duration = Duration::from_millis(10);
/// How often the file system is scanned when polling. Each scan hashes
/// the watched files: notify's poller keeps modification times in whole
/// seconds, so a save in the same second as the last scan would be missed.
pub const POLL_INTERVAL: Duration = Duration::from_millis(1000);
/// The folders watched recursively.
pub const ROOTS: &[&str] = &["content", "static", "themes"];

/// What a batch of changed paths asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Only program files changed: these slugs (edited, added or deleted).
    Programs(BTreeSet<String>),
    /// Anything else: rebuild everything (from cached decodes).
    Everything,
}

impl Change {
    /// Merges two batches.
    pub fn and(self, other: Change) -> Change {
        match (self, other) {
            (Change::Programs(mut a), Change::Programs(b)) => {
                a.extend(b);
                Change::Programs(a)
            }
            _ => Change::Everything,
        }
    }
}

/// What a batch of changed paths (absolute, under `site_dir`) means; `None`
/// when nothing in it matters.
pub fn classify<'a>(site_dir: &Path, paths: impl IntoIterator<Item = &'a Path>) -> Option<Change> {
    let mut change: Option<Change> = None;
    for path in paths {
        let Ok(rel) = path.strip_prefix(site_dir) else {
            continue;
        };
        if is_editor_litter(rel) {
            continue;
        }
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect();
        let this = match parts.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            ["site.yaml"] => Change::Everything,
            ["content", "programs", name] => match name.strip_suffix(".md") {
                // A translation (`x.es.md`): every language's pages.
                Some(slug) if slug.contains('.') => Change::Everything,
                Some(slug) => Change::Programs(BTreeSet::from([slug.to_string()])),
                None => continue, // not read by the build
            },
            [root, ..] if ROOTS.contains(&root) => Change::Everything,
            _ => continue,
        };
        change = Some(match change {
            None => this,
            Some(c) => c.and(this),
        });
    }
    change
}

/// Whether an event kind can change what a build reads. Reading files
/// (ours included) makes access events; only writes, creations, removals,
/// renames and metadata changes count.
pub fn is_change(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

/// Files editors write beside the real one and that the build never reads:
/// vim's `4913` probe, swap and `~` backups, emacs `.#` locks and `#x#`
/// autosaves, JetBrains `___jb_tmp___`/`___jb_old___`, and hidden files.
pub fn is_editor_litter(rel: &Path) -> bool {
    let Some(name) = rel.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    rel.components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
}

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    site_dir: PathBuf,
    backend: Backend,
    watched: BTreeSet<PathBuf>,
}

enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

/// The plain message shown when the inotify limit is reached.
pub const LIMIT_MESSAGE: &str = "the system's limit on watched folders is reached \
(fs.inotify.max_user_watches); watching by polling every second instead. \
See \"Troubleshooting\" in docs/serve.md to raise the limit.";

impl Watcher {
    /// Starts watching `site_dir` (absolute), sending batches to `tx`.
    /// `poll` forces polling; polling is also used when the native watcher
    /// cannot start or hits the system's limit.
    pub fn start(
        site_dir: &Path,
        poll: bool,
        tx: Sender<DebounceEventResult>,
    ) -> Result<Watcher, String> {
        if !poll {
            match Self::native(site_dir, tx.clone()) {
                Ok(w) => return Ok(w),
                Err(e) if is_limit(&e) => say!("warning: {LIMIT_MESSAGE}"),
                Err(e) => {
                    say!(
                        "warning: cannot watch {}: {e}; polling instead",
                        site_dir.display()
                    )
                }
            }
        }
        let backend = new_debouncer_opt::<_, PollWatcher, NoCache>(
            DEBOUNCE,
            Some(Duration::from_millis(5)),
            tx,
            NoCache,
            notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true),
        )
        .map_err(|e| format!("cannot watch {}: {e}", site_dir.display()))?;
        let mut w = Watcher {
            site_dir: site_dir.to_path_buf(),
            backend: Backend::Poll(backend),
            watched: BTreeSet::new(),
        };
        w.refresh().map_err(|e| e.to_string())?;
        Ok(w)
    }

    fn native(site_dir: &Path, tx: Sender<DebounceEventResult>) -> notify::Result<Watcher> {
        let backend = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
            DEBOUNCE,
            Some(Duration::from_millis(5)),
            tx,
            RecommendedCache::new(),
            notify::Config::default(),
        )?;
        let mut w = Watcher {
            site_dir: site_dir.to_path_buf(),
            backend: Backend::Native(backend),
            watched: BTreeSet::new(),
        };
        w.refresh()?;
        Ok(w)
    }

    pub fn is_polling(&self) -> bool {
        matches!(self.backend, Backend::Poll(_))
    }

    /// Watches the roots that exist and are not watched yet (a folder that
    /// was deleted and made again), and forgets the ones that are gone.
    pub fn refresh(&mut self) -> notify::Result<()> {
        let mut wanted: Vec<(PathBuf, RecursiveMode)> =
            vec![(self.site_dir.clone(), RecursiveMode::NonRecursive)];
        for root in ROOTS {
            let dir = self.site_dir.join(root);
            if dir.is_dir() {
                wanted.push((dir, RecursiveMode::Recursive));
            }
        }
        let gone: Vec<PathBuf> = self
            .watched
            .iter()
            .filter(|p| !wanted.iter().any(|(w, _)| w == *p))
            .cloned()
            .collect();
        for path in gone {
            let _ = self.unwatch(&path);
            self.watched.remove(&path);
        }
        for (path, mode) in wanted {
            if self.watched.contains(&path) {
                continue;
            }
            self.watch(&path, mode)?;
            self.watched.insert(path);
        }
        Ok(())
    }

    /// Watches a root again from scratch (after it was deleted and recreated).
    pub fn rewatch_all(&mut self) -> notify::Result<()> {
        for path in std::mem::take(&mut self.watched) {
            let _ = self.unwatch(&path);
        }
        self.refresh()
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.backend {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match &mut self.backend {
            Backend::Native(d) => d.unwatch(path),
            Backend::Poll(d) => d.unwatch(path),
        }
    }
}

/// Whether a watcher error is the system's limit on watches or instances.
pub fn is_limit(e: &notify::Error) -> bool {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        // inotify_init fails with EMFILE when max_user_instances is reached.
        notify::ErrorKind::Io(io) => io.raw_os_error() == Some(24),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(paths: &[&str]) -> Option<Change> {
        let site = Path::new("/site");
        let full: Vec<PathBuf> = paths.iter().map(|p| site.join(p)).collect();
        classify(site, full.iter().map(PathBuf::as_path))
    }

    fn programs(slugs: &[&str]) -> Option<Change> {
        Some(Change::Programs(
            slugs.iter().map(|s| s.to_string()).collect(),
        ))
    }

    #[test]
    fn program_edits_are_told_apart_from_everything_else() {
        assert_eq!(change(&["content/programs/a.md"]), programs(&["a"]));
        assert_eq!(
            change(&["content/programs/a.es.md"]),
            Some(Change::Everything)
        );
        assert_eq!(
            change(&["content/programs/a.md", "content/programs/b.md"]),
            programs(&["a", "b"])
        );
        assert_eq!(
            change(&["content/programs/a.md", "content/hospitals/h.md"]),
            Some(Change::Everything)
        );
        assert_eq!(change(&["site.yaml"]), Some(Change::Everything));
        assert_eq!(
            change(&["themes/default/templates/base.html"]),
            Some(Change::Everything)
        );
        assert_eq!(change(&["static/logo.png"]), Some(Change::Everything));
        assert_eq!(change(&["content"]), Some(Change::Everything));
    }

    #[test]
    fn editor_litter_and_other_folders_are_ignored() {
        for p in [
            "content/programs/4913",
            "content/programs/5036",
            "content/programs/a.md~",
            "content/programs/.a.md.swp",
            "content/programs/a.md.swp",
            "content/programs/.#a.md",
            "content/programs/#a.md#",
            "content/programs/a.md___jb_tmp___",
            "content/programs/a.md___jb_old___",
            "content/.DS_Store",
            "output/programs/a/index.html",
            ".git/index",
            "node_modules/x/y.js",
            "notes.txt",
            "content/programs/readme.txt",
        ] {
            assert_eq!(change(&[p]), None, "{p}");
        }
        // An atomic save: temporary file renamed over the real one.
        assert_eq!(
            change(&["content/programs/a.md___jb_tmp___", "content/programs/a.md"]),
            programs(&["a"])
        );
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify::EventKind;
        use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Read
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
    }

    #[test]
    fn the_limit_error_is_recognised() {
        assert!(is_limit(&notify::Error::new(
            notify::ErrorKind::MaxFilesWatch
        )));
        assert!(is_limit(&notify::Error::io(
            std::io::Error::from_raw_os_error(24)
        )));
        assert!(!is_limit(&notify::Error::path_not_found()));
    }
}
