//! `rotalog serve`: live preview for editors. Builds the site in memory,
//! serves it on this computer, watches the sources, rebuilds what a save
//! changed and tells open pages to reload (or to show what is wrong).
//!
//! ```text
//! watch.rs    file events -> filtered, debounced -> a `Change`
//! build.rs    a `Change` -> the next in-memory `Site` (cached decodes, only the
//!             affected pages rendered) or every diagnostic
//! reload.rs   `Event`s to open pages over Server-Sent Events; the script and overlay
//! http.rs     one request -> one response, with every path and Host checked
//! ```
//!
//! **Architecture invariant**: serve writes nothing to disk. The site is
//! served from memory (generated files) and from `static/` files that the
//! build listed, so a request can only ever name one of those files, and a
//! failed rebuild simply leaves the last good `Site` in place.

/// `eprintln!` for serve's own lines: what they quote (paths, watcher
/// errors naming site files) is escaped, and a closed stderr is ignored.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::diagnostics::say(&format!($($arg)*))
    };
}

pub mod build;
pub mod http;
pub mod reload;
pub mod watch;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::net::{IpAddr, Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use time::Date;

use crate::diagnostics::{self, Diagnostic, Severity};
use build::Builder;
use http::{ReadError, Response, Target};
use reload::{Event, Hub};
use watch::{Change, Watcher};

/// What to serve, from the command line.
#[derive(Clone, Debug)]
pub struct Options {
    pub site_dir: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub date: Date,
    /// Open the site in the default browser once it is built.
    pub open: bool,
    /// Poll the file system instead of using inotify/FSEvents.
    pub poll: bool,
}

/// After a batch of changes, wait this long for more before rebuilding, so
/// a burst (a `git checkout`, "save all") is one rebuild. One file saved is
/// the common case and wants speed; once a second file has changed, it is a
/// burst, and we wait longer for its end.
const SETTLE: Duration = Duration::from_millis(10);
const BURST_SETTLE: Duration = Duration::from_millis(100);
/// Connections served at once (open live-reload streams included); more
/// get 503 with `Retry-After`.
const MAX_CONNECTIONS: usize = 256;
/// What a client over the limit is told to wait, in seconds: a page that
/// left gives its slot back within a heartbeat.
const RETRY_AFTER: u64 = 2;
/// How long a refused client gets to read the 503 and close before its
/// connection is dropped, and how many may be waiting at once (beyond, the
/// oldest is dropped).
const LINGER: Duration = Duration::from_secs(2);
const MAX_LINGERING: usize = 1024;
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
    fn exists(&self, path: &str) -> bool {
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

/// State shared by the connection threads and the rebuild thread.
struct Shared {
    site: RwLock<Arc<Site>>,
    hub: Hub,
    bind: IpAddr,
    port: u16,
    /// The site folder, symlinks resolved: static files are read only from inside it.
    site_root: PathBuf,
    connections: AtomicUsize,
}

impl Shared {
    fn site(&self) -> Arc<Site> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn publish(&self, site: Site) {
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(site);
    }
}

/// Builds, serves and watches until the process is stopped. Returns only
/// when serving cannot start (the folder is missing, the port is taken).
pub fn run(options: Options) -> Result<(), Diagnostic> {
    let site_dir = std::fs::canonicalize(&options.site_dir).map_err(|e| {
        Diagnostic::file(
            &options.site_dir,
            Severity::Error,
            format!(
                "cannot open the site folder {}: {e}",
                options.site_dir.display()
            ),
        )
    })?;
    let listener = TcpListener::bind((options.bind, options.port)).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "another program (perhaps another `rotalog serve`) uses port {}; try `--port {}`",
                options.port,
                options.port.wrapping_add(1)
            )
        } else {
            "check the --bind address and --port".to_string()
        };
        Diagnostic::file(
            &site_dir,
            Severity::Error,
            format!("cannot listen on {}:{}: {e}", options.bind, options.port),
        )
        .with_hint(hint)
    })?;
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(options.port);
    if !options.bind.is_loopback() {
        say!(
            "warning: listening on {}: other computers on your network can see this preview. \
             Use the default (127.0.0.1) unless you need that.",
            options.bind
        );
    }
    let shared = Arc::new(Shared {
        site: RwLock::new(Arc::new(Site::default())),
        hub: Hub::default(),
        bind: options.bind,
        port,
        site_root: site_dir.clone(),
        connections: AtomicUsize::new(0),
    });

    let mut builder = Builder::new(&site_dir, options.date, url_host(options.bind), port);
    let started = Instant::now();
    match builder.full() {
        Ok(built) => {
            diagnostics::print(&built.warnings);
            say!(
                "built {} programs, {} files in {} ms",
                built.programs,
                built.site.files.len() + built.site.statics.len(),
                started.elapsed().as_millis()
            );
            shared.publish(built.site);
        }
        Err(diags) => {
            report_failure(&shared.hub, diags);
        }
    }
    let (tx, rx) = mpsc::channel();
    let watcher = Watcher::start(&site_dir, options.poll, tx.clone())
        .map_err(|e| Diagnostic::file(&site_dir, Severity::Error, e))?;
    if watcher.is_polling() {
        say!(
            "watching by polling every {} ms",
            watch::POLL_INTERVAL.as_millis()
        );
    }
    let base_path = shared.site().base_path.clone();
    let url = format!("http://{}:{port}{base_path}/", url_host(options.bind));
    say!("serving {} at {url}", site_dir.display());
    say!("watching for changes; press Ctrl-C to stop");

    {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("rebuild".into())
            .spawn(move || rebuild_loop(&shared, builder, watcher, rx, tx))
            .map_err(|e| {
                Diagnostic::file(
                    &site_dir,
                    Severity::Error,
                    format!("cannot start watching: {e}"),
                )
            })?;
    }
    if options.open {
        open_browser(&url);
    }
    let (refused_tx, refused_rx) = mpsc::channel();
    let lingering = std::thread::Builder::new()
        .name("refused".into())
        .spawn(move || linger(&refused_rx));
    // Without that thread, a refused connection is closed on this one.
    let refused = lingering.is_ok().then_some(refused_tx);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if shared.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
            refuse(stream, refused.as_ref());
            continue;
        }
        let for_thread = shared.clone();
        let spawned = std::thread::Builder::new().spawn(move || {
            handle(&for_thread, stream);
            for_thread.connections.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            // Out of threads: the connection is dropped, the server goes on.
            shared.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
    Ok(())
}

/// Answers a connection over the limit with 503 at once, without reading
/// its request, then hands it to `linger`: closing a socket with unread
/// bytes would reset it, and the client could lose the answer.
fn refuse(mut stream: TcpStream, lingering: Option<&mpsc::Sender<TcpStream>>) {
    // A fresh socket's send buffer holds the few bytes of this answer.
    let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
    let _ = stream.set_nodelay(true);
    let mut busy = Response::text(
        503,
        "the preview has too many open connections; try again in a moment",
    );
    busy.headers.push(("Retry-After", RETRY_AFTER.to_string()));
    if busy.write(&mut stream, false).is_err() {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    match lingering {
        Some(tx) => {
            if let Err(mpsc::SendError(stream)) = tx.send(stream) {
                close(stream);
            }
        }
        None => close(stream),
    }
}

/// Keeps refused connections until their clients close them (reading and
/// dropping what they send meanwhile), or for `LINGER`; all on one thread,
/// so a flood of refusals costs no more threads.
fn linger(refused: &mpsc::Receiver<TcpStream>) {
    let mut open: std::collections::VecDeque<(TcpStream, Instant)> = Default::default();
    loop {
        let arrived = if open.is_empty() {
            match refused.recv() {
                Ok(s) => vec![s],
                Err(_) => return,
            }
        } else {
            refused.try_iter().collect()
        };
        for stream in arrived {
            if stream.set_nonblocking(true).is_ok() {
                open.push_back((stream, Instant::now() + LINGER));
            }
        }
        while open.len() > MAX_LINGERING {
            open.pop_front();
        }
        let now = Instant::now();
        open.retain_mut(|(stream, until)| now < *until && !drained(stream));
        if !open.is_empty() {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Reads what a non-blocking socket has; `true` once the client has closed
/// it (or it failed), so it can be dropped without a reset.
fn drained(stream: &mut TcpStream) -> bool {
    let mut sink = [0u8; 4096];
    for _ in 0..16 {
        match stream.read(&mut sink) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return false,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return true,
        }
    }
    false
}

/// The host name put in the site's absolute URLs while serving.
fn url_host(bind: IpAddr) -> String {
    match bind {
        b if b.is_loopback() || b.is_unspecified() => "127.0.0.1".into(),
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => format!("[{a}]"),
    }
}

fn report_failure(hub: &Hub, diags: Vec<Diagnostic>) {
    diagnostics::print(&diags);
    say!("the preview keeps showing the last version that built; fix the errors above");
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    hub.send(Event::Failed(errors));
}

/// What the rebuild thread hears about.
enum Msg {
    /// File events, from the watcher.
    Files(notify_debouncer_full::DebounceEventResult),
    /// Listing pages redone on another thread.
    Listed(Box<build::Listed>),
}

fn rebuild_loop(
    shared: &Shared,
    mut builder: Builder,
    mut watcher: Watcher,
    files_rx: mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    files_tx: mpsc::Sender<notify_debouncer_full::DebounceEventResult>,
) {
    let site_dir = builder.site_dir().to_path_buf();
    let roots: Vec<PathBuf> = watch::ROOTS.iter().map(|r| site_dir.join(r)).collect();
    let mut failing = shared.hub.has_failure();
    // One channel for both: file events are forwarded into it.
    let (tx, rx) = mpsc::channel();
    {
        let tx = tx.clone();
        let forwarded = std::thread::Builder::new()
            .name("watch-forward".into())
            .spawn(move || {
                for batch in files_rx {
                    if tx.send(Msg::Files(batch)).is_err() {
                        return;
                    }
                }
            });
        if forwarded.is_err() {
            say!("warning: cannot start watching; restart `rotalog serve`");
            return;
        }
    }
    // Listings run on their own pool, one core short of the machine, so a
    // save arriving meanwhile finds a core free.
    let threads =
        std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("listings-{i}"))
        .build()
        .ok()
        .map(Arc::new);
    let mut listing = false;
    let mut waiting: Vec<Msg> = Vec::new();
    loop {
        let msg = match waiting.pop() {
            Some(m) => m,
            None => match rx.recv() {
                Ok(m) => m,
                Err(_) => return,
            },
        };
        let first = match msg {
            Msg::Listed(listed) => {
                listing = false;
                let took = listed.took;
                let current = shared.site();
                if let Some(result) = builder.accept(*listed) {
                    // New lists of the last good site fix nothing that is
                    // broken now; a failure to make them is a failure.
                    let mut unchanged = false;
                    let state = if result.is_ok() {
                        &mut unchanged
                    } else {
                        &mut failing
                    };
                    let what = "the pages listing them";
                    publish(shared, result, &current, state, took, "updated", what);
                }
                start_listings(shared, &mut builder, &mut listing, &tx, pool.as_ref());
                continue;
            }
            Msg::Files(batch) => batch,
        };
        let mut files = changed_files(&site_dir, &first);
        let mut batches = vec![first];
        loop {
            let settle = if files.len() > 1 {
                BURST_SETTLE
            } else {
                SETTLE
            };
            match rx.recv_timeout(settle) {
                Ok(Msg::Files(more)) => {
                    files.extend(changed_files(&site_dir, &more));
                    batches.push(more);
                }
                // Handled after this rebuild (which makes it stale or not).
                Ok(listed @ Msg::Listed(_)) => waiting.push(listed),
                Err(_) => break,
            }
        }
        let started = Instant::now();
        let mut change: Option<Change> = None;
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut rewatch = false;
        let mut fall_back = false;
        for batch in batches {
            match batch {
                Ok(events) => {
                    for event in events.iter().filter(|e| watch::is_change(&e.kind)) {
                        if event.paths.iter().any(|p| roots.contains(p)) {
                            rewatch = true;
                        }
                        paths.extend(event.paths.iter().cloned());
                        if let Some(c) =
                            watch::classify(&site_dir, event.paths.iter().map(PathBuf::as_path))
                        {
                            change = Some(match change {
                                None => c,
                                Some(prev) => prev.and(c),
                            });
                        }
                    }
                }
                Err(errors) => {
                    for e in errors {
                        if watch::is_limit(&e) {
                            fall_back = true;
                        } else {
                            say!("warning: watching: {e}");
                        }
                    }
                }
            }
        }
        if fall_back && !watcher.is_polling() {
            say!("warning: {}", watch::LIMIT_MESSAGE);
            match Watcher::start(&site_dir, true, files_tx.clone()) {
                Ok(w) => watcher = w,
                Err(e) => say!("warning: {e}"),
            }
            change = Some(Change::Everything);
        }
        let refreshed = if rewatch {
            watcher.rewatch_all()
        } else {
            watcher.refresh()
        };
        if let Err(e) = refreshed {
            if watch::is_limit(&e) && !watcher.is_polling() {
                say!("warning: {}", watch::LIMIT_MESSAGE);
                if let Ok(w) = Watcher::start(&site_dir, true, files_tx.clone()) {
                    watcher = w;
                }
                // Changes made while nothing watched them are not lost.
                change = Some(Change::Everything);
            } else {
                say!("warning: watching: {e}");
            }
        }
        let Some(change) = change else { continue };
        let old = shared.site();
        let result = builder.rebuild(&change, &paths, &old);
        let what = match &change {
            Change::Programs(s) if s.len() == 1 => "1 program".to_string(),
            Change::Programs(s) => format!("{} programs", s.len()),
            Change::Everything => "everything".into(),
        };
        let elapsed = started.elapsed();
        if publish(
            shared,
            result,
            &old,
            &mut failing,
            elapsed,
            "rebuilt",
            &what,
        ) {
            start_listings(shared, &mut builder, &mut listing, &tx, pool.as_ref());
        }
    }
}

/// Starts redoing the listing pages owed, on another thread, unless that
/// is already under way (its result then decides).
fn start_listings(
    shared: &Shared,
    builder: &mut Builder,
    listing: &mut bool,
    tx: &mpsc::Sender<Msg>,
    pool: Option<&Arc<rayon::ThreadPool>>,
) {
    if *listing {
        return;
    }
    let Some(job) = builder.listings(shared.site()) else {
        return;
    };
    *listing = true;
    // Runs once, on its own thread or, if none can be had, here.
    let slot = Arc::new(std::sync::Mutex::new(Some(job)));
    let tx = tx.clone();
    let pool = pool.cloned();
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

/// The files a batch of events names (for telling a save from a burst).
fn changed_files(
    site_dir: &Path,
    batch: &notify_debouncer_full::DebounceEventResult,
) -> HashSet<PathBuf> {
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
            diagnostics::print(&built.warnings);
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
            report_failure(&shared.hub, diags);
            false
        }
    }
}

/// Answers one connection: one request, one response, then close.
fn handle(shared: &Shared, mut stream: TcpStream) {
    http::prepare(&stream);
    let req = match http::read_request(&mut stream) {
        Ok(r) => r,
        Err(ReadError::Gone) => return,
        Err(ReadError::Malformed(why)) => {
            let _ = Response::text(400, why).write(&mut stream, false);
            close(stream);
            return;
        }
    };
    let head_only = req.method == "HEAD";
    match respond(shared, &req) {
        Answer::Events => {
            let events = shared.hub.subscribe();
            reload::stream(&mut stream, events);
        }
        Answer::Response(r) => {
            let _ = r.write(&mut stream, head_only);
            close(stream);
        }
    }
}

enum Answer {
    Response(Response),
    /// Switch to the live-reload event stream.
    Events,
}

fn respond(shared: &Shared, req: &http::Request) -> Answer {
    let Some(host) = &req.host else {
        return Answer::Response(Response::text(400, "the Host header is missing"));
    };
    if !http::host_allowed(host, shared.bind, shared.port) {
        return Answer::Response(Response::text(
            403,
            "this preview server answers only to localhost, 127.0.0.1 and [::1]",
        ));
    }
    if req.method != "GET" && req.method != "HEAD" {
        let mut r = Response::text(405, "only GET and HEAD are supported");
        r.headers.push(("Allow", "GET, HEAD".into()));
        return Answer::Response(r);
    }
    let site = shared.site();
    let target = http::resolve(&req.target, &site.base_path, |p| site.exists(p));
    Answer::Response(match target {
        Target::Bad(why) => Response::text(400, why),
        Target::Redirect(location) => Response::redirect(location),
        Target::Internal(name) => match name.as_str() {
            "reload.js" => Response::new(
                200,
                "text/javascript; charset=utf-8",
                reload::SCRIPT.as_bytes().to_vec(),
            ),
            "events" | "state" if !http::origin_allowed(req, shared.bind, shared.port) => {
                Response::text(403, "live reload is only for pages of this preview")
            }
            "events" if req.method == "GET" => return Answer::Events,
            "state" => Response::new(
                200,
                "application/json; charset=utf-8",
                shared.hub.state().into_bytes(),
            ),
            _ => not_found(&site),
        },
        Target::File(path) => match file(shared, &site, &path) {
            Some(bytes) => Response::new(200, http::content_type(&path), bytes),
            None => not_found(&site),
        },
        Target::NotFound => not_found(&site),
    })
}

/// The bytes of an output file, with the reload script in HTML pages.
fn file(shared: &Shared, site: &Site, path: &str) -> Option<Vec<u8>> {
    let bytes = match site.files.get(path) {
        Some(b) => b.as_ref().clone(),
        None => read_static(&shared.site_root, &site.statics.get(path)?.source)?,
    };
    Some(if path.ends_with(".html") {
        reload::inject(&bytes)
    } else {
        bytes
    })
}

/// Reads a file the build listed under `static/`, by the build's reading
/// rules (`content::source`): refused if it has since become a symlink to a
/// place outside the site, or anything but a regular file under the cap.
fn read_static(root: &Path, source: &Path) -> Option<Vec<u8>> {
    let rel = source.strip_prefix(root).ok()?;
    crate::content::source::read_bytes(root, rel, crate::content::source::ASSET_LIMIT).ok()
}

/// The site's own 404 page (or a minimal one before the first good build).
fn not_found(site: &Site) -> Response {
    let page = site
        .files
        .get("404.html")
        .map(|b| b.as_ref().clone())
        .unwrap_or_else(|| {
            b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
              <title>Not found</title></head><body><h1>Not found</h1>\
              <p>Nothing is built here (yet).</p></body></html>"
                .to_vec()
        });
    Response::new(404, "text/html; charset=utf-8", reload::inject(&page))
}

/// Closes a connection without resetting it: lets the client read the
/// answer even when it sent more than we read.
fn close(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 4096];
    let mut drained = 0;
    while drained < 1 << 20 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// Opens `url` in the default browser, or says how to.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if std::process::Command::new(program)
        .args(&args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        say!("could not open a browser; open {url} yourself");
    }
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
