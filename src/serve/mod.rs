//! `rotalog serve`: live preview for editors. Builds the site in memory,
//! serves it on this computer, watches the sources, rebuilds what a save
//! changed and tells open pages to reload (or to show what is wrong).
//!
//! ```text
//! watch.rs    file events -> filtered, debounced -> a `Change`
//! rebuild.rs  the rebuild thread: a burst of saves -> one rebuild -> published
//! build.rs    a `Change` -> the next in-memory `Site` (cached decodes, only the
//!             affected pages rendered) or every diagnostic
//! site.rs     `Site`, one served version, and what changed between two
//! reload.rs   `Event`s to open pages over Server-Sent Events; the script and overlay
//! respond.rs  connections -> requests -> responses (or the event stream)
//! http.rs     reads one request, checks its Host and Origin, writes one response
//! paths.rs    a request path -> the built file it names, or why none
//! ```
//!
//! **Architecture invariant**: serve writes nothing to disk. The site is
//! served from memory (generated files) and from `static/` files that the
//! build listed, so a request can only ever name one of those files, and a
//! failed rebuild simply leaves the last good `Site` in place.

pub mod build;
pub mod http;
pub mod paths;
mod rebuild;
pub mod reload;
mod respond;
mod site;
pub mod watch;

use std::net::{IpAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use time::Date;

use crate::diagnostics::{self, Diagnostic, Severity};
use build::Builder;
use reload::Hub;
pub use site::{Site, StaticFile};
use watch::Watcher;

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

/// State shared by the connection threads and the rebuild thread.
struct Shared {
    site: RwLock<Arc<Site>>,
    hub: Hub,
    bind: IpAddr,
    port: u16,
    /// The site folder, symlinks resolved: static files are read only from inside it.
    site_root: PathBuf,
    connections: AtomicUsize,
    /// The site folder as seen from the current folder (for printed paths),
    /// and the diagnostics printed last: a rebuild prints only new ones.
    shown_dir: PathBuf,
    printed: std::sync::Mutex<Vec<Diagnostic>>,
}

impl Shared {
    /// Prints the diagnostics the terminal has not been shown by the last
    /// call (each mistake once, however many rebuilds it survives), with
    /// paths as seen from the current folder.
    fn print(&self, diags: &[Diagnostic]) {
        let diags: Vec<Diagnostic> = diags
            .iter()
            .map(|d| d.clone().under(&self.shown_dir))
            .collect();
        let mut printed = self.printed.lock().unwrap_or_else(|e| e.into_inner());
        // Untranslated pages (W011) are counted per language, as `build` does.
        let (shown, counts) = diagnostics::count_untranslated(&diags);
        let (before, _) = diagnostics::count_untranslated(&printed);
        diagnostics::print_new(&shown, &before);
        if diags
            .iter()
            .any(|d| d.code() == "W011" && !printed.contains(d))
        {
            for line in counts {
                diagnostics::say(&line);
            }
        }
        *printed = diags;
    }

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
    let listener = listen(&options, &site_dir)?;
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
        shown_dir: diagnostics::seen_from(
            std::env::current_dir().ok().as_deref(),
            &options.site_dir,
        ),
        printed: std::sync::Mutex::new(Vec::new()),
    });
    let mut builder = Builder::new(&site_dir, options.date, url_host(options.bind), port);
    first_build(&shared, &mut builder);
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
            .spawn(move || rebuild::run(&shared, builder, watcher, rx, tx))
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
    respond::serve(&listener, &shared);
    Ok(())
}

/// Listens on the address and port asked for, or says why not.
fn listen(options: &Options, site_dir: &Path) -> Result<TcpListener, Diagnostic> {
    TcpListener::bind((options.bind, options.port)).map_err(|e| {
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
            site_dir,
            Severity::Error,
            format!("cannot listen on {}:{}: {e}", options.bind, options.port),
        )
        .with_hint(hint)
    })
}

/// The first build, served if it is good; if not, its errors are shown
/// until a save fixes them.
fn first_build(shared: &Shared, builder: &mut Builder) {
    let started = Instant::now();
    match builder.full() {
        Ok(built) => {
            shared.print(&built.warnings);
            say!(
                "built {} programs, {} files in {} ms",
                built.programs,
                built.site.files.len() + built.site.statics.len(),
                started.elapsed().as_millis()
            );
            shared.publish(built.site);
        }
        Err(diags) => {
            rebuild::report_failure(shared, diags);
        }
    }
}

/// The host name put in the site's absolute URLs while serving.
fn url_host(bind: IpAddr) -> String {
    match bind {
        b if b.is_loopback() || b.is_unspecified() => "127.0.0.1".into(),
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => format!("[{a}]"),
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
