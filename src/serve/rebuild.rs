//! The rebuild thread: waits for a save (or a burst of them) to settle,
//! keeps the watcher watching, rebuilds through [`Builder`], publishes the
//! result and tells open pages; redoes listing pages on another thread.
//!
//! One loop hears both file events and finished listings (a [`Msg`]), so a
//! listing that arrives during a burst is weighed after the rebuild it may
//! have been made stale by.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify_debouncer_full::DebounceEventResult;

use super::Shared;
use super::build::{self, Builder};
use super::reload::Event;
use super::site::Site;
use super::watch::{self, Change, Watcher};
use crate::diagnostics::Diagnostic;

/// After a batch of changes, wait this long for more before rebuilding, so
/// a burst (a `git checkout`, "save all") is one rebuild. One file saved is
/// the common case and wants speed; once a second file has changed, it is a
/// burst, and we wait longer for its end.
const SETTLE: Duration = Duration::from_millis(10);
const BURST_SETTLE: Duration = Duration::from_millis(100);

/// Rebuilds on every change the watcher reports, until the watcher's
/// channel closes.
pub(super) fn run(
    shared: &Shared,
    builder: Builder,
    watcher: Watcher,
    files_rx: mpsc::Receiver<DebounceEventResult>,
    files_tx: mpsc::Sender<DebounceEventResult>,
) {
    let Some(mut rebuilder) = Rebuilder::start(shared, builder, watcher, files_rx, files_tx) else {
        return;
    };
    while let Some(msg) = rebuilder.next() {
        match msg {
            Msg::Listed(listed) => rebuilder.listed(*listed),
            Msg::Files(first) => {
                let batches = rebuilder.settle(first);
                rebuilder.rebuild(batches);
            }
        }
    }
}

/// Prints a failed build's diagnostics and shows its errors in open pages.
pub(super) fn report_failure(shared: &Shared, diags: Vec<Diagnostic>) {
    shared.print(&diags);
    say!("the preview keeps showing the last version that built; fix the errors above");
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    shared.hub.send(Event::Failed(errors));
}

/// The verb of a publication of listing pages alone.
const UPDATED: &str = "updated";

/// What the rebuild thread hears about.
enum Msg {
    /// File events, from the watcher.
    Files(DebounceEventResult),
    /// Listing pages redone on another thread.
    Listed(Box<build::Listed>),
}

/// The rebuild thread's state.
struct Rebuilder<'a> {
    shared: &'a Shared,
    builder: Builder,
    watcher: Watcher,
    /// Where a new watcher sends its events (when falling back to polling).
    files_tx: mpsc::Sender<DebounceEventResult>,
    /// File events (forwarded) and finished listings.
    tx: mpsc::Sender<Msg>,
    rx: mpsc::Receiver<Msg>,
    site_dir: PathBuf,
    /// The watched roots: an event naming one means it was made or removed.
    roots: Vec<PathBuf>,
    /// Whether the last build failed (so that the next good one says fixed).
    failing: bool,
    /// The listings' own pool, if one could be made.
    pool: Option<Arc<rayon::ThreadPool>>,
    /// Whether listing pages are being redone.
    listing: bool,
    /// Messages that arrived while a burst settled, handled after its rebuild.
    waiting: Vec<Msg>,
}

/// What a burst of file events asks for.
#[derive(Default)]
struct Batches {
    change: Option<Change>,
    /// Every path named, for the builder.
    paths: Vec<PathBuf>,
    /// A watched root was made or removed: watch them all again.
    rewatch: bool,
    /// The system's limit on watches was reached: poll instead.
    fall_back: bool,
}

impl<'a> Rebuilder<'a> {
    /// Forwards file events into one channel with the listings' results
    /// and makes the listings' pool; `None` if no thread can be had.
    fn start(
        shared: &'a Shared,
        builder: Builder,
        watcher: Watcher,
        files_rx: mpsc::Receiver<DebounceEventResult>,
        files_tx: mpsc::Sender<DebounceEventResult>,
    ) -> Option<Rebuilder<'a>> {
        let site_dir = builder.site_dir().to_path_buf();
        let roots: Vec<PathBuf> = watch::ROOTS.iter().map(|r| site_dir.join(r)).collect();
        let failing = shared.hub.has_failure();
        // One channel for both: file events are forwarded into it.
        let (tx, rx) = mpsc::channel();
        let forward = tx.clone();
        let forwarded = std::thread::Builder::new()
            .name("watch-forward".into())
            .spawn(move || {
                for batch in files_rx {
                    if forward.send(Msg::Files(batch)).is_err() {
                        return;
                    }
                }
            });
        if forwarded.is_err() {
            say!("warning: cannot start watching; restart `rotalog serve`");
            return None;
        }
        Some(Rebuilder {
            shared,
            builder,
            watcher,
            files_tx,
            tx,
            rx,
            site_dir,
            roots,
            failing,
            pool: listings_pool(),
            listing: false,
            waiting: Vec::new(),
        })
    }

    /// The next message: one held back during a burst, else the next to
    /// arrive; `None` once nothing can arrive.
    fn next(&mut self) -> Option<Msg> {
        match self.waiting.pop() {
            Some(m) => Some(m),
            None => self.rx.recv().ok(),
        }
    }

    /// Serves listing pages redone on another thread, unless they are stale,
    /// and starts on those owed since.
    fn listed(&mut self, listed: build::Listed) {
        self.listing = false;
        let took = listed.took;
        let current = self.shared.site();
        if let Some(result) = self.builder.accept(listed) {
            // New lists of the last good site fix nothing that is
            // broken now; a failure to make them is a failure.
            let mut unchanged = false;
            let state = if result.is_ok() {
                &mut unchanged
            } else {
                &mut self.failing
            };
            let what = "the pages listing them";
            publish(self.shared, result, &current, state, took, UPDATED, what);
        }
        self.start_listings();
    }

    /// Waits for a burst that began with `first` to end: the batches of
    /// file events in it.
    fn settle(&mut self, first: DebounceEventResult) -> Vec<DebounceEventResult> {
        let mut files = changed_files(&self.site_dir, &first);
        let mut batches = vec![first];
        loop {
            let settle = if files.len() > 1 {
                BURST_SETTLE
            } else {
                SETTLE
            };
            match self.rx.recv_timeout(settle) {
                Ok(Msg::Files(more)) => {
                    files.extend(changed_files(&self.site_dir, &more));
                    batches.push(more);
                }
                // Handled after this rebuild (which makes it stale or not).
                Ok(listed @ Msg::Listed(_)) => self.waiting.push(listed),
                Err(_) => break,
            }
        }
        batches
    }

    /// Rebuilds what a burst changed, publishes it and starts on the
    /// listing pages owed.
    fn rebuild(&mut self, batches: Vec<DebounceEventResult>) {
        let started = Instant::now();
        let mut asked = self.read(batches);
        if self.keep_watching(asked.rewatch, asked.fall_back) {
            // Changes made while nothing watched them are not lost.
            asked.change = Some(Change::Everything);
        }
        let Some(change) = asked.change else { return };
        let old = self.shared.site();
        let result = self.builder.rebuild(&change, &asked.paths, &old);
        let what = match &change {
            Change::Programs(s) if s.len() == 1 => "1 program".to_string(),
            Change::Programs(s) => format!("{} programs", s.len()),
            Change::Everything => "everything".into(),
        };
        let elapsed = started.elapsed();
        let failing = &mut self.failing;
        if publish(
            self.shared,
            result,
            &old,
            failing,
            elapsed,
            "rebuilt",
            &what,
        ) {
            self.start_listings();
        }
    }

    /// What the batches of a burst ask for; watcher errors other than the
    /// system's limit are reported here.
    fn read(&self, batches: Vec<DebounceEventResult>) -> Batches {
        let mut asked = Batches::default();
        for batch in batches {
            match batch {
                Ok(events) => {
                    for event in events.iter().filter(|e| watch::is_change(&e.kind)) {
                        if event.paths.iter().any(|p| self.roots.contains(p)) {
                            asked.rewatch = true;
                        }
                        asked.paths.extend(event.paths.iter().cloned());
                        let paths = event.paths.iter().map(PathBuf::as_path);
                        if let Some(c) = watch::classify(&self.site_dir, paths) {
                            asked.change = Some(match asked.change {
                                None => c,
                                Some(prev) => prev.and(c),
                            });
                        }
                    }
                }
                Err(errors) => {
                    for e in errors {
                        if watch::is_limit(&e) {
                            asked.fall_back = true;
                        } else {
                            say!("warning: watching: {e}");
                        }
                    }
                }
            }
        }
        asked
    }

    /// Keeps the watcher watching every root (again, if `rewatch`), by
    /// polling once the system's limit is reached; `true` if it fell back
    /// to polling, so that changes may have gone unseen.
    fn keep_watching(&mut self, rewatch: bool, fall_back: bool) -> bool {
        let mut missed = false;
        if fall_back && !self.watcher.is_polling() {
            if let Err(e) = self.poll_instead() {
                say!("warning: {e}");
            }
            missed = true;
        }
        let refreshed = if rewatch {
            self.watcher.rewatch_all()
        } else {
            self.watcher.refresh()
        };
        if let Err(e) = refreshed {
            if watch::is_limit(&e) && !self.watcher.is_polling() {
                let _ = self.poll_instead();
                missed = true;
            } else {
                say!("warning: watching: {e}");
            }
        }
        missed
    }

    /// Says the system's limit is reached and watches by polling instead.
    fn poll_instead(&mut self) -> Result<(), String> {
        say!("warning: {}", watch::LIMIT_MESSAGE);
        self.watcher = Watcher::start(&self.site_dir, true, self.files_tx.clone())?;
        Ok(())
    }

    /// Starts redoing the listing pages owed, on another thread, unless that
    /// is already under way (its result then decides).
    fn start_listings(&mut self) {
        if self.listing {
            return;
        }
        let Some(job) = self.builder.listings(self.shared.site()) else {
            return;
        };
        self.listing = true;
        // Runs once, on its own thread or, if none can be had, here.
        let slot = Arc::new(Mutex::new(Some(job)));
        let tx = self.tx.clone();
        let pool = self.pool.clone();
        let run = move || {
            let job = slot.lock().ok().and_then(|mut j| j.take());
            if let Some(job) = job {
                let listed = match &pool {
                    Some(pool) => pool.install(|| job.run()),
                    None => job.run(),
                };
                let _ = tx.send(Msg::Listed(Box::new(listed)));
            }
        };
        let spawned = std::thread::Builder::new()
            .name("listings".into())
            .spawn(run.clone());
        if spawned.is_err() {
            run();
        }
    }
}

/// Listings run on their own pool, one core short of the machine, so a
/// save arriving meanwhile finds a core free.
fn listings_pool() -> Option<Arc<rayon::ThreadPool>> {
    let threads =
        std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1));
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("listings-{i}"))
        .build()
        .ok()
        .map(Arc::new)
}

/// The files a batch of events names (for telling a save from a burst).
fn changed_files(site_dir: &Path, batch: &DebounceEventResult) -> HashSet<PathBuf> {
    match batch {
        Ok(events) => events
            .iter()
            .filter(|e| watch::is_change(&e.kind))
            .flat_map(|e| e.paths.iter())
            .filter_map(|p| p.strip_prefix(site_dir).ok())
            .filter(|rel| !watch::is_editor_litter(rel))
            .map(Path::to_path_buf)
            .collect(),
        Err(_) => HashSet::new(),
    }
}

/// Serves a rebuild's result and tells open pages; `false` if it failed.
fn publish(
    shared: &Shared,
    result: Result<build::Built, Vec<Diagnostic>>,
    old: &Site,
    failing: &mut bool,
    elapsed: Duration,
    verb: &str,
    what: &str,
) -> bool {
    match result {
        Ok(built) => {
            // Listing pages redone after a rebuild bring no diagnostics
            // of their own: what that rebuild printed still stands.
            if !(built.warnings.is_empty() && verb == UPDATED) {
                shared.print(&built.warnings);
            }
            let (paths, all) = old.changes(&built.site);
            shared.publish(built.site);
            if *failing {
                shared.hub.send(Event::Fixed);
                *failing = false;
                say!("fixed: the site builds again");
            }
            let pages = match (all, paths.len()) {
                (true, _) => "every page".to_string(),
                (false, 1) => "1 page".to_string(),
                (false, n) => format!("{n} pages"),
            };
            shared.hub.send(Event::Reload { paths, all });
            say!(
                "{verb} in {} ms ({what}; {pages} changed)",
                elapsed.as_millis()
            );
            true
        }
        Err(diags) => {
            *failing = true;
            report_failure(shared, diags);
            false
        }
    }
}
