//! A bounded mutation campaign: the example site (`content/`, `site.yaml` and
//! `themes/` of the repository), perturbed a few hundred times the way a
//! careless or hostile pull request could (flipped bytes, deleted, duplicated
//! and swapped lines, truncation, YAML and Markdown special characters,
//! tabs, `---`, template tags, unicode, NUL, very long lines, changed
//! indentation, removed fields, odd values, renamed, emptied and deleted
//! files), each one checked and built into the same output folder.
//!
//! For every mutated site:
//! - `check` and `build` return (no hang: a generous timeout guards each),
//!   never panic, and agree: both succeed, or both fail with the same
//!   diagnostics; a failure is a site failure (exit 1), never an I/O one;
//! - every diagnostic names a file that exists or existed in the mutated
//!   site, at a line inside it, and its printed form cannot forge another
//!   headline: each further line is indented or a `N |` snippet line;
//! - after a failed build the output is byte for byte the output of the last
//!   successful build, and no staging folder is left beside it; after a
//!   successful build the output holds exactly the files `check` rendered.
//!
//! One mutation in [`BINARY_EVERY`] is built by the real binary instead (the
//! others call the library in process, which is much faster): its exit code
//! is 0 or 1 (not 101, a panic; not a signal), stderr says nothing of a panic,
//! every line that looks like a headline names a file, and under
//! `GITHUB_ACTIONS=true` every `::` line is an annotation naming a file.
//!
//! ```text
//! cargo test --test mutation                          # CI: 300 mutations
//! ROTALOG_MUTATIONS=10000 cargo test --release --test mutation -- --nocapture
//! ROTALOG_SEED=12345 cargo test --test mutation       # another campaign
//! ROTALOG_SEED=12345 ROTALOG_MUTATION=17 cargo test --test mutation -- --nocapture
//! ```
//!
//! The mutations are deterministic: mutation `i` of seed `s` is the same
//! site on every machine, so a failure report (it prints the seed, the index
//! and what was changed, and keeps the mutated site under
//! `target/tmp/mutation-failures/`) replays with `ROTALOG_SEED` and
//! `ROTALOG_MUTATION`, which runs that one mutation, in process and with the
//! binary.

mod harness;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use rotalog::diagnostics::Diagnostic;
use rotalog::{BuildOptions, Failure};

/// Mutations in a default run (CI).
const DEFAULT_MUTATIONS: usize = 300;
/// The seed of a default run, so CI is reproducible.
const DEFAULT_SEED: u64 = 0x0009_5eed_2026;
/// One mutation in this many is built by the binary rather than in process.
const BINARY_EVERY: usize = 6;
/// A hang guard, not a performance target: a debug build of the example
/// site takes well under a second.
const HANG: Duration = Duration::from_secs(120);
/// At most this many failures are described in full.
const REPORTED: usize = 20;

type Files = BTreeMap<String, Vec<u8>>;
/// What `check` made: the pages, the static files and the warnings.
type Checked = Result<(Files, Vec<(PathBuf, String)>, Vec<Diagnostic>), Failure>;

#[test]
fn mutated_sites_fail_cleanly_and_keep_the_previous_output() {
    let seed = env_number("ROTALOG_SEED").unwrap_or(DEFAULT_SEED);
    let only = env_number("ROTALOG_MUTATION").map(|i| i as usize);
    let count = env_number("ROTALOG_MUTATIONS").map_or(DEFAULT_MUTATIONS, |n| n as usize);
    let indices: Vec<usize> = match only {
        Some(i) => vec![i],
        None => (0..count).collect(),
    };
    eprintln!(
        "mutation campaign: seed {seed}, {} mutation(s)",
        indices.len()
    );
    let started = Instant::now();
    let report = Campaign::new(seed).run(&indices, only.is_some());
    eprintln!(
        "{} in {:.1} s",
        report.summary(),
        started.elapsed().as_secs_f64()
    );
    assert!(report.failures.is_empty(), "{}", report.describe(seed));
}

#[test]
fn a_mutation_is_the_same_site_for_the_same_seed_and_index() {
    let site = example_files();
    for i in [0, 1, 57, 299] {
        let (a, ops_a) = mutate(&site, DEFAULT_SEED, i);
        let (b, ops_b) = mutate(&site, DEFAULT_SEED, i);
        assert_eq!(a, b, "mutation {i}");
        assert_eq!(describe(&ops_a), describe(&ops_b));
        assert_ne!(
            a,
            site,
            "mutation {i} changed nothing: {}",
            describe(&ops_a)
        );
    }
}

// ---------------------------------------------------------------- the campaign

struct Campaign {
    seed: u64,
    _tmp: tempfile::TempDir,
    /// The mutated site, rewritten for every mutation.
    site: PathBuf,
    /// The output folder every build writes to, beside (not in) the site.
    out: PathBuf,
    example: Files,
    /// What `site` holds now.
    written: Files,
    /// The output of the last successful build.
    snapshot: Files,
}

#[derive(Default)]
struct Report {
    mutations: usize,
    built: usize,
    failed_builds: usize,
    binary_runs: usize,
    failures: Vec<Found>,
    /// A hang stops the campaign: the stuck build may still hold the output.
    stopped: bool,
}

/// A broken contract, with what it takes to replay it.
struct Found {
    index: usize,
    ops: String,
    problems: Vec<String>,
    kept: Option<PathBuf>,
}

/// What one library call did.
enum Outcome<T> {
    Returned(T),
    Panicked(String),
    Hung,
}

impl Campaign {
    fn new(seed: u64) -> Campaign {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let site = tmp.path().join("site");
        let out = tmp.path().join("out");
        let example = example_files();
        write_site(&site, &example);
        install_panic_hook();
        let mut campaign = Campaign {
            seed,
            _tmp: tmp,
            site,
            out,
            written: example.clone(),
            example,
            snapshot: Files::new(),
        };
        match guarded(&campaign.options(), |o| rotalog::build(o).map(|_| ())) {
            Outcome::Returned(Ok(())) => {}
            Outcome::Returned(Err(f)) => panic!(
                "the example site does not build: {:?}",
                headlines(f.diagnostics())
            ),
            Outcome::Panicked(p) => panic!("the example site's build panicked: {p}"),
            Outcome::Hung => panic!("the example site's build hung"),
        }
        campaign.snapshot = output_tree(&campaign.out);
        assert!(campaign.snapshot.contains_key("index.html"));
        campaign
    }

    fn options(&self) -> BuildOptions {
        BuildOptions {
            site_dir: self.site.clone(),
            output: Some(self.out.clone()),
            base_url: None,
            date: rotalog::content::decode::parse_date(harness::DATE).expect("the harness date"),
            strict: false,
        }
    }

    fn run(mut self, indices: &[usize], replay: bool) -> Report {
        let mut report = Report::default();
        for &i in indices {
            let (files, ops) = mutate(&self.example, self.seed, i);
            let binary = replay || i % BINARY_EVERY == BINARY_EVERY - 1;
            let mut problems = Vec::new();
            self.one(&files, binary, replay, &mut report, &mut problems);
            report.mutations += 1;
            if !problems.is_empty() {
                let kept = (report.failures.len() < REPORTED).then(|| keep(self.seed, i, &files));
                report.failures.push(Found {
                    index: i,
                    ops: describe(&ops),
                    problems,
                    kept,
                });
            }
            if report.stopped {
                break;
            }
            if (i + 1) % 1000 == 0 {
                eprintln!("  {} mutations, {}", i + 1, report.summary());
            }
        }
        report
    }

    /// Checks and builds one mutated site, recording broken contracts.
    fn one(
        &mut self,
        files: &Files,
        binary: bool,
        both: bool,
        report: &mut Report,
        problems: &mut Vec<String>,
    ) {
        rewrite_site(&self.site, &self.written, files);
        self.written = files.clone();
        let known = known_paths(&self.example, files);
        let options = self.options();

        let checked = match guarded(&options, |o| {
            rotalog::check(o).map(|g| {
                let files: Files = g.files.into_iter().map(|f| (f.path, f.bytes)).collect();
                (files, g.static_files, g.warnings)
            })
        }) {
            Outcome::Returned(r) => r,
            Outcome::Panicked(p) => {
                problems.push(format!("check panicked: {p}"));
                return;
            }
            Outcome::Hung => {
                problems.push(format!("check did not return within {HANG:?}"));
                report.stopped = true;
                return;
            }
        };
        let check_headlines = match &checked {
            Ok((_, _, warnings)) => self.diagnostics("check", warnings, files, &known, problems),
            Err(f) => {
                if let Failure::Io(_) = f {
                    problems.push("check failed with an I/O error (exit 2)".into());
                }
                self.diagnostics("check", f.diagnostics(), files, &known, problems)
            }
        };

        let in_process = !binary || both;
        if in_process {
            let built = match guarded(&options, |o| rotalog::build(o).map(|(g, _)| g.warnings)) {
                Outcome::Returned(r) => r,
                Outcome::Panicked(p) => {
                    problems.push(format!("build panicked: {p}"));
                    self.after_build(false, &checked, problems);
                    return;
                }
                Outcome::Hung => {
                    problems.push(format!("build did not return within {HANG:?}"));
                    report.stopped = true;
                    return;
                }
            };
            let build_headlines = match &built {
                Ok(warnings) => self.diagnostics("build", warnings, files, &known, problems),
                Err(f) => {
                    if let Failure::Io(_) = f {
                        problems.push("build failed with an I/O error (exit 2)".into());
                    }
                    self.diagnostics("build", f.diagnostics(), files, &known, problems)
                }
            };
            if checked.is_ok() != built.is_ok() || check_headlines != build_headlines {
                problems.push(format!(
                    "check and build disagree:\n  check: {check_headlines:?}\n  build: {build_headlines:?}"
                ));
            }
            self.after_build(built.is_ok(), &checked, problems);
            report.count(built.is_ok());
        }
        if binary {
            report.binary_runs += 1;
            let github = report.binary_runs.is_multiple_of(2);
            match self.binary_build(github, &known, problems) {
                Ok(code) => {
                    if code == 0 && checked.is_err() || code == 1 && checked.is_ok() {
                        problems.push(format!(
                            "the binary's exit code {code} disagrees with check ({})",
                            if checked.is_ok() { "ok" } else { "failed" }
                        ));
                    }
                    self.after_build(code == 0, &checked, problems);
                    if !in_process {
                        report.count(code == 0);
                    }
                }
                Err(hung) => report.stopped |= hung,
            }
        }
    }

    /// The output after a build: the previous one after a failure, what
    /// `check` rendered after a success; never a staging folder left over.
    fn after_build(&mut self, succeeded: bool, checked: &Checked, problems: &mut Vec<String>) {
        let now = output_tree(&self.out);
        if succeeded {
            if let Ok((pages, statics, _)) = checked {
                let mut expected = pages.clone();
                for (src, rel) in statics {
                    expected.insert(rel.clone(), std::fs::read(src).unwrap_or_default());
                }
                let made: Files = now
                    .iter()
                    .filter(|(p, _)| *p != rotalog::output::MARKER)
                    .map(|(p, b)| (p.clone(), b.clone()))
                    .collect();
                if made != expected {
                    problems.push(format!(
                        "the build wrote other files than check rendered: {}",
                        differences(&expected, &made)
                    ));
                }
            }
            self.snapshot = now;
        } else if now != self.snapshot {
            problems.push(format!(
                "a failed build changed the previous output: {}",
                differences(&self.snapshot, &now)
            ));
            // Compare later builds with what is there now.
            self.snapshot = now;
        }
        let parent = self.out.parent().expect("the output has a parent");
        if let Ok(entries) = std::fs::read_dir(parent) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.contains("staging") || name.contains("rotalog-old") {
                    problems.push(format!("left beside the output: {name}"));
                }
            }
        }
    }

    /// Checks every diagnostic names a file of the site and prints safely;
    /// returns the headlines, sorted.
    fn diagnostics(
        &self,
        what: &str,
        diags: &[Diagnostic],
        files: &Files,
        known: &BTreeSet<String>,
        problems: &mut Vec<String>,
    ) -> Vec<String> {
        for d in diags {
            let path = d.path.to_string_lossy().replace('\\', "/");
            if d.path.is_absolute() || !known.contains(&path) {
                problems.push(format!(
                    "{what}: a diagnostic names no file of the site: {:?}",
                    d.headline()
                ));
                continue;
            }
            if let (Some(text), true) = (files.get(&path), d.line > 0) {
                // Lines as rotalog counts them: a lone CR ends a line too.
                let lone_cr = text
                    .windows(2)
                    .filter(|w| w[0] == b'\r' && w[1] != b'\n')
                    .count()
                    + usize::from(text.last() == Some(&b'\r'));
                let lines = text.split(|&b| b == b'\n').count() + lone_cr;
                if d.line > lines + 1 {
                    problems.push(format!(
                        "{what}: line {} is past the end of {path} ({lines} lines): {:?}",
                        d.line,
                        d.headline()
                    ));
                }
            }
            let rendered = d.render(false);
            let mut lines = rendered.lines();
            if lines.next().and_then(headline_location).is_none() {
                problems.push(format!("{what}: malformed headline {:?}", d.headline()));
            }
            if let Some(forged) = lines.find(|l| !is_continuation(l)) {
                problems.push(format!(
                    "{what}: a printed diagnostic has a line that is not its own: {forged:?} in {rendered:?}"
                ));
            }
        }
        let mut headlines = headlines(diags);
        headlines.sort();
        headlines
    }

    /// Runs `rotalog build` on the site: its exit code 0 or 1, else
    /// whether it hung.
    fn binary_build(
        &self,
        github: bool,
        known: &BTreeSet<String>,
        problems: &mut Vec<String>,
    ) -> Result<i32, bool> {
        let parent = self.out.parent().expect("the output has a parent");
        let stderr_path = parent.join("stderr.txt");
        let stderr_file = std::fs::File::create(&stderr_path).expect("a stderr file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_rotalog"));
        command
            .arg("build")
            .arg(&self.site)
            .arg("-o")
            .arg(&self.out)
            .args(["--date", harness::DATE])
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("ROTALOG_TIMINGS")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr_file);
        if github {
            command.env("GITHUB_ACTIONS", "true");
        } else {
            command.env_remove("GITHUB_ACTIONS");
        }
        let mut child = command.spawn().expect("rotalog starts");
        let deadline = Instant::now() + HANG;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                _ => break None,
            }
        };
        let Some(status) = status else {
            let _ = child.kill();
            let _ = child.wait();
            problems.push(format!("rotalog build did not exit within {HANG:?}"));
            return Err(true);
        };
        let stderr = std::fs::read(&stderr_path).unwrap_or_default();
        let _ = std::fs::remove_file(&stderr_path);
        let stderr = String::from_utf8_lossy(&stderr);
        if stderr.contains("panicked") {
            problems.push(format!("rotalog build panicked:\n{stderr}"));
        }
        // Paths are printed as seen from the current folder: the site
        // folder as given on the command line, then the site's own path.
        let site = format!("{}/", self.site.display());
        let in_site = |p: &str| p.strip_prefix(&site).is_some_and(|p| known.contains(p));
        for line in stderr.lines() {
            if let Some(annotation) = line.strip_prefix("::") {
                if !github || annotation_file(annotation).is_none_or(|f| !in_site(&f)) {
                    problems.push(format!(
                        "a `::` line rotalog did not mean to write: {line:?}"
                    ));
                }
            } else if is_continuation(line) {
            } else if let Some(location) = headline_location(line) {
                if !in_site(location) {
                    problems.push(format!(
                        "a printed headline names no file of the site: {line:?}"
                    ));
                }
            } else if line.contains(": error: ") || line.contains(": warning: ") {
                problems.push(format!("a malformed headline: {line:?}"));
            }
        }
        match status.code() {
            Some(code @ (0 | 1)) => Ok(code),
            Some(code) => {
                problems.push(format!("rotalog build exited with {code}:\n{stderr}"));
                Err(false)
            }
            None => {
                problems.push(format!(
                    "rotalog build was killed by a signal ({status}):\n{stderr}"
                ));
                Err(false)
            }
        }
    }
}

impl Report {
    fn count(&mut self, built: bool) {
        if built {
            self.built += 1;
        } else {
            self.failed_builds += 1;
        }
    }

    fn summary(&self) -> String {
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &self.failures {
            for kind in f.problems.iter().filter_map(|p| kind(p)) {
                *kinds.entry(kind).or_default() += 1;
            }
        }
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        format!(
            "{} mutated sites: {} built, {} refused, {} by the binary; {} with a broken contract{}{}",
            self.mutations,
            self.built,
            self.failed_builds,
            self.binary_runs,
            self.failures.len(),
            if kinds.is_empty() {
                String::new()
            } else {
                format!(" ({})", kinds.join(", "))
            },
            if self.stopped {
                "; stopped by a hang"
            } else {
                ""
            }
        )
    }

    fn describe(&self, seed: u64) -> String {
        let mut s = format!("{}\n", self.summary());
        for f in self.failures.iter().take(REPORTED) {
            s.push_str(&format!(
                "\nmutation {} of seed {seed}: {}\n{}\n  replay: ROTALOG_SEED={seed} ROTALOG_MUTATION={} cargo test --test mutation -- --nocapture\n",
                f.index,
                f.ops,
                f.problems.join("\n"),
                f.index
            ));
            if let Some(kept) = &f.kept {
                s.push_str(&format!("  the mutated site: {}\n", kept.display()));
            }
        }
        if self.failures.len() > REPORTED {
            s.push_str(&format!(
                "\n… and {} more\n",
                self.failures.len() - REPORTED
            ));
        }
        s
    }
}

// ---------------------------------------------------------------- contracts

/// The kind of broken contract a problem reports (by its first line), for
/// the summary.
fn kind(problem: &str) -> Option<&'static str> {
    let problem = problem.lines().next().unwrap_or("");
    const KINDS: &[(&str, &str)] = &[
        ("panicked", "panic"),
        ("did not", "hang"),
        ("signal", "crash"),
        ("exited with", "bad exit code"),
        ("I/O error", "bad exit code"),
        ("previous output", "changed output"),
        ("other files than check", "output unlike check"),
        ("left beside", "staging left over"),
        ("disagree", "check and build disagree"),
        ("past the end", "line outside the file"),
        ("names no file", "message without a file"),
        ("not its own", "forged message line"),
        ("malformed", "forged message line"),
        ("did not mean", "forged annotation"),
    ];
    KINDS
        .iter()
        .find(|(needle, _)| problem.contains(needle))
        .map(|(_, kind)| *kind)
}

/// The location of a headline `path[:line[:col]]: error|warning: …`, if the
/// line is one.
fn headline_location(line: &str) -> Option<&str> {
    let at = [": error: ", ": warning: "]
        .iter()
        .filter_map(|m| line.find(m))
        .min()?;
    let location = &line[..at];
    let mut path = location;
    for _ in 0..2 {
        match path.rsplit_once(':') {
            Some((p, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => path = p,
            _ => break,
        }
    }
    (!path.is_empty() && !path.starts_with(' ')).then_some(path)
}

/// A line that belongs to the diagnostic above it: indented (`  |`,
/// `  = help:`), a `N | source` snippet line, or the closing summary.
fn is_continuation(line: &str) -> bool {
    if line.is_empty() || line.starts_with(' ') {
        return true;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(" |") {
        return true;
    }
    // `2 errors, 1 warning`, and the closing sentences of the binary.
    let summary = line.split(", ").count() == 2
        && line.split(", ").all(|part| {
            let mut words = part.split(' ');
            words.next().is_some_and(|n| n.parse::<usize>().is_ok())
                && words
                    .next()
                    .is_some_and(|w| w.starts_with("error") || w.starts_with("warning"))
                && words.next().is_none()
        });
    summary || line.starts_with("build failed") || line.starts_with("built ")
}

/// The `file=` property of an annotation (`error file=…,line=4::message`).
fn annotation_file(annotation: &str) -> Option<String> {
    let (kind, rest) = annotation.split_once(' ')?;
    if kind != "error" && kind != "warning" {
        return None;
    }
    let (props, _) = rest.split_once("::")?;
    let file = props.split(',').find_map(|p| p.strip_prefix("file="))?;
    Some(
        file.replace("%2C", ",")
            .replace("%3A", ":")
            .replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%25", "%"),
    )
}

fn headlines(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(Diagnostic::headline).collect()
}

/// Every file of the output but rotalog's own bookkeeping at its top (a
/// lock, say), which is not part of the site; the marker stays.
fn output_tree(out: &Path) -> Files {
    let mut tree = harness::read_tree(out);
    tree.retain(|path, _| {
        let top = !path.contains('/');
        path == rotalog::output::MARKER || !(top && path.starts_with(".rotalog"))
    });
    tree
}

/// Every path of both sites, and the folders above them.
fn known_paths(example: &Files, mutated: &Files) -> BTreeSet<String> {
    let mut known = BTreeSet::new();
    for path in example.keys().chain(mutated.keys()) {
        let mut p = Path::new(path);
        known.insert(path.clone());
        while let Some(parent) = p.parent().filter(|p| !p.as_os_str().is_empty()) {
            known.insert(parent.to_string_lossy().into_owned());
            p = parent;
        }
    }
    known
}

fn differences(before: &Files, after: &Files) -> String {
    let mut out = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => out.push(format!("{path} is gone")),
            Some(b) if b != bytes => out.push(format!("{path} changed")),
            _ => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        out.push(format!("{path} is new"));
    }
    let more = out.len().saturating_sub(8);
    out.truncate(8);
    if more > 0 {
        out.push(format!("… {more} more"));
    }
    out.join(", ")
}

/// Runs `f` on a thread of its own, catching a panic and giving up after
/// [`HANG`] (the thread is then left behind; the campaign stops).
fn guarded<T: Send + 'static>(
    options: &BuildOptions,
    f: impl FnOnce(&BuildOptions) -> T + Send + 'static,
) -> Outcome<T> {
    let options = options.clone();
    let (tx, rx) = mpsc::channel();
    PANIC.lock().unwrap_or_else(|e| e.into_inner()).take();
    CAPTURING.store(true, Ordering::SeqCst);
    std::thread::spawn(move || {
        let result = panic::catch_unwind(AssertUnwindSafe(|| f(&options)));
        let _ = tx.send(result.map_err(|payload| {
            let recorded = PANIC.lock().unwrap_or_else(|e| e.into_inner()).take();
            recorded.unwrap_or_else(|| {
                payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a panic".into())
            })
        }));
    });
    let result = rx.recv_timeout(HANG);
    CAPTURING.store(false, Ordering::SeqCst);
    match result {
        Ok(Ok(t)) => Outcome::Returned(t),
        Ok(Err(p)) => Outcome::Panicked(p),
        Err(_) => Outcome::Hung,
    }
}

/// The last panic in the library, with its location and backtrace.
static PANIC: Mutex<Option<String>> = Mutex::new(None);
/// Set while a guarded call runs: its panics are recorded, not printed.
static CAPTURING: AtomicBool = AtomicBool::new(false);

/// Records panics (on any thread, rayon's included) for the report instead
/// of printing them, once the campaign runs.
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CAPTURING.load(Ordering::SeqCst) {
                // The test's own assertion: print it as usual.
                previous(info);
                return;
            }
            let backtrace = std::backtrace::Backtrace::force_capture();
            *PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(format!("{info}\n{backtrace}"));
        }));
    });
}

// ---------------------------------------------------------------- the sites

/// The repository's example site: `site.yaml`, `content/`, `static/` and `themes/`.
fn example_files() -> Files {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Files::new();
    files.insert(
        "site.yaml".into(),
        std::fs::read(root.join("site.yaml")).expect("site.yaml"),
    );
    for dir in ["content", "static", "themes"] {
        for (path, bytes) in harness::read_tree(&root.join(dir)) {
            files.insert(format!("{dir}/{path}"), bytes);
        }
    }
    files
}

fn write_site(site: &Path, files: &Files) {
    for (path, bytes) in files {
        let target = site.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).expect("a site folder");
        }
        std::fs::write(&target, bytes).expect("a site file");
    }
}

/// Turns the site folder holding `from` into one holding `to`, touching
/// only the files that differ (and removing folders left empty).
fn rewrite_site(site: &Path, from: &Files, to: &Files) {
    for path in from.keys().filter(|p| !to.contains_key(*p)) {
        let target = site.join(path);
        std::fs::remove_file(&target).expect("a site file is removed");
        let mut dir = target.parent();
        while let Some(d) = dir.filter(|d| *d != site) {
            if std::fs::remove_dir(d).is_err() {
                break; // not empty
            }
            dir = d.parent();
        }
    }
    let changed: Files = to
        .iter()
        .filter(|(p, b)| from.get(*p) != Some(*b))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    write_site(site, &changed);
}

/// Keeps a failing mutated site for a look, under `target/tmp/`.
fn keep(seed: u64, index: usize, files: &Files) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("mutation-failures")
        .join(format!("{seed}-{index}"));
    let _ = std::fs::remove_dir_all(&dir);
    write_site(&dir, files);
    dir
}

fn env_number(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    let parsed = match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => v.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name} must be a number, found {v:?}")))
}

// ---------------------------------------------------------------- mutations

/// One change to a site.
#[derive(Clone, Debug)]
enum Op {
    FlipByte {
        file: String,
        at: usize,
        mask: u8,
    },
    DeleteLine {
        file: String,
        line: usize,
    },
    DuplicateLine {
        file: String,
        line: usize,
    },
    SwapLines {
        file: String,
        a: usize,
        b: usize,
    },
    Truncate {
        file: String,
        len: usize,
    },
    Insert {
        file: String,
        at: usize,
        text: String,
    },
    InsertBytes {
        file: String,
        at: usize,
        bytes: Vec<u8>,
    },
    Indent {
        file: String,
        line: usize,
        by: String,
    },
    Dedent {
        file: String,
        line: usize,
    },
    RemoveField {
        file: String,
        line: usize,
    },
    ReplaceValue {
        file: String,
        line: usize,
        value: String,
    },
    Rename {
        from: String,
        to: String,
    },
    Empty {
        file: String,
    },
    Delete {
        file: String,
    },
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::FlipByte { file, at, mask } => write!(f, "{file}: byte {at} ^= {mask:#04x}"),
            Op::DeleteLine { file, line } => write!(f, "{file}: delete line {line}"),
            Op::DuplicateLine { file, line } => write!(f, "{file}: duplicate line {line}"),
            Op::SwapLines { file, a, b } => write!(f, "{file}: swap lines {a} and {b}"),
            Op::Truncate { file, len } => write!(f, "{file}: truncate to {len} bytes"),
            Op::Insert { file, at, text } => {
                write!(f, "{file}: insert {} at byte {at}", short(text))
            }
            Op::InsertBytes { file, at, bytes } => {
                write!(f, "{file}: insert bytes {bytes:?} at byte {at}")
            }
            Op::Indent { file, line, by } => write!(f, "{file}: indent line {line} by {by:?}"),
            Op::Dedent { file, line } => write!(f, "{file}: dedent line {line}"),
            Op::RemoveField { file, line } => write!(f, "{file}: remove the field on line {line}"),
            Op::ReplaceValue { file, line, value } => {
                write!(f, "{file}: line {line} gets the value {}", short(value))
            }
            Op::Rename { from, to } => write!(f, "rename {from} to {to:?}"),
            Op::Empty { file } => write!(f, "{file}: empty it"),
            Op::Delete { file } => write!(f, "delete {file}"),
        }
    }
}

fn short(text: &str) -> String {
    let chars = text.chars().count();
    if chars > 60 {
        let head: String = text.chars().take(40).collect();
        format!("{head:?}… ({chars} characters)")
    } else {
        format!("{text:?}")
    }
}

fn describe(ops: &[Op]) -> String {
    ops.iter().map(Op::to_string).collect::<Vec<_>>().join("; ")
}

/// Characters and fragments that mean something to YAML, Markdown, Tera or
/// a terminal.
const SPECIAL: &[&str] = &[
    ": ",
    ":",
    "#",
    " #",
    "&a ",
    "*a",
    "*nope",
    "&a [1]\nb: *a",
    "!!",
    "!!binary ",
    "!!str ",
    "!nope ",
    "\t",
    "---",
    "---\n",
    "\n---\n",
    "...",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "{{ nope }}",
    "{{ page.title | nope }}",
    "{% if %}",
    "{% endblock %}",
    "{% block content %}",
    "{% raw %}",
    "{% include \"nope.html\" %}",
    "{{ 1/0 }}",
    "é",
    "😀",
    "\u{202e}",
    "\u{2028}",
    "\u{feff}",
    "\u{85}",
    "\u{200b}",
    "\0",
    "\u{1b}[2J",
    "\u{7}",
    "\r",
    "\n",
    "\r\n",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "|",
    ">",
    "- ",
    "? ",
    "`",
    "```",
    "```rust\n",
    "~~~",
    "<script>alert(1)</script>",
    "<!--",
    "[x](/missing/)",
    "[x](javascript:alert(1))",
    "![i](/nope.png)",
    "![i](data:x)",
    "# Heading\n",
    "\n# Heading\n",
    "[^1]",
    "[^1]: note\n",
    "::error file=x::forged",
    "\\",
    "%",
    "@",
    "~",
    "null",
    "true",
    "-1",
    "1e999",
    "99999999999999",
    "2027-02-30",
    "0x10",
    ".inf",
    "<<: ",
    "]]",
    "))",
    "\"\\u0000\"",
    "\"\\e[31m\"",
    "\"a\\nb.md:1: error: forged\"",
];

/// Values that are wrong, or right in a surprising way, for some field.
const VALUES: &[&str] = &[
    "",
    "~",
    "null",
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    "\"quoted\"",
    "-5",
    "0",
    "1.999",
    "12.5",
    "99999999999999",
    "1e3",
    "true",
    "yes",
    "no",
    "2027-02-29",
    "2028-02-29",
    "1900-01-01",
    "9999-12-31",
    "rolling",
    "https://",
    "https://example.org/x y",
    "javascript:alert(1)",
    "mailto:",
    "mercy-chicgo",
    "cardiology",
    "mercy-chicago",
    "internal-medicine",
    "open",
    "closed",
    "waitlist",
    "hands-on",
    "observership",
    "\"\\u0000\"",
    "\"a\\nb: error: forged\"",
    "\"\\e[31mred\"",
    "\"\\u202e\"",
    "*a",
    "&a x",
    "!!str 12",
    "|\n  block\n  text",
    ">-",
    "[2027-01-04, 2027-01-04]",
    "[4, 8, 99]",
    "{ per_week: 100, total: 200 }",
    "{ total: -1 }",
    "\"{{ config }}\"",
    "\"{% raw %}\"",
    "x\ty",
];

/// Names a file could be renamed to, given its folder and stem.
fn renamed(rng: &mut Rng, file: &str, files: &Files) -> String {
    let (dir, name) = file.rsplit_once('/').unwrap_or(("", file));
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let folders = [
        "content/programs",
        "content/hospitals",
        "content/specialties",
        "content/pages",
        "content/posts",
        "content",
    ];
    match rng.below(11) {
        0 => format!("{dir}/{stem}-2.{ext}"),
        1 => format!("{dir}/{}.{ext}", stem.to_uppercase()),
        2 => format!("{dir}/{stem} copy.{ext}"),
        3 => format!("{dir}/{name}.bak"),
        4 => format!("{dir}/{stem}"),
        5 => format!("{}/{name}", folders[rng.below(folders.len())]),
        6 => format!("{dir}/sub/{name}"),
        7 => format!("{dir}/.{name}"),
        8 => format!("{dir}/{name}~"),
        9 => format!("{dir}/é{stem}.{ext}"),
        _ => {
            // Onto another file of the same folder: one of the two is lost.
            let siblings: Vec<&String> = files
                .keys()
                .filter(|k| k.rsplit_once('/').map(|(d, _)| d) == Some(dir) && *k != file)
                .collect();
            match siblings.is_empty() {
                true => format!("{dir}/{stem}.txt"),
                false => siblings[rng.below(siblings.len())].clone(),
            }
        }
    }
}

/// Mutation `index` of `seed`: the changed site and the changes, the same
/// on every run.
fn mutate(site: &Files, seed: u64, index: usize) -> (Files, Vec<Op>) {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut files = site.clone();
    let count = match rng.below(10) {
        0..=6 => 1,
        7 | 8 => 2,
        _ => 3,
    };
    let mut ops = Vec::new();
    while ops.len() < count {
        let op = pick(&mut rng, &files);
        if apply(&mut files, &op) {
            ops.push(op);
        }
    }
    (files, ops)
}

/// Picks a change: mostly to content and `site.yaml`, sometimes to a template.
fn pick(rng: &mut Rng, files: &Files) -> Op {
    let sources: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("content/") || *k == "site.yaml")
        .collect();
    let templates: Vec<&String> = files.keys().filter(|k| k.ends_with(".html")).collect();
    let pool = if rng.below(10) == 0 && !templates.is_empty() {
        &templates
    } else {
        &sources
    };
    let file = pool[rng.below(pool.len())].clone();
    let bytes = &files[&file];
    let lines = bytes.split(|&b| b == b'\n').count();
    let line = rng.below(lines);
    let at = rng.below(bytes.len() + 1);
    match rng.below(100) {
        0..=7 => Op::FlipByte {
            file,
            at: at.min(bytes.len().saturating_sub(1)),
            mask: 1 << rng.below(8),
        },
        8..=15 => Op::DeleteLine { file, line },
        16..=21 => Op::DuplicateLine { file, line },
        22..=26 => Op::SwapLines {
            file,
            a: line,
            b: rng.below(lines),
        },
        27..=30 => Op::Truncate { file, len: at },
        31..=52 => {
            let text = match rng.below(12) {
                0 => "x".repeat(1000 + rng.below(100_000)),
                1 => "[a](/nope/) ".repeat(1 + rng.below(300)),
                2 => "# Same\n\n".repeat(1 + rng.below(500)),
                3 => "é😀\u{202e}".repeat(1 + rng.below(2000)),
                _ => SPECIAL[rng.below(SPECIAL.len())].to_string(),
            };
            let at = insertion_point(rng, bytes, line);
            Op::Insert { file, at, text }
        }
        53..=55 => Op::InsertBytes {
            file,
            at,
            bytes: [
                &[0xff][..],
                &[0xc3],
                &[0xe2, 0x82],
                &[0xed, 0xa0, 0x80],
                &[0xc0, 0x80],
            ][rng.below(5)]
            .to_vec(),
        },
        56..=62 => Op::Indent {
            file,
            line,
            by: ["  ", " ", "\t", "    ", " \t"][rng.below(5)].to_string(),
        },
        63..=67 => Op::Dedent { file, line },
        68..=77 => Op::RemoveField { file, line },
        78..=89 => Op::ReplaceValue {
            file,
            line,
            value: VALUES[rng.below(VALUES.len())].to_string(),
        },
        90..=93 if file != "site.yaml" => {
            let to = renamed(rng, &file, files);
            Op::Rename { from: file, to }
        }
        94..=96 => Op::Empty { file },
        // A missing site.yaml is a usage error (exit 2), not a site mistake.
        _ if file != "site.yaml" => Op::Delete { file },
        _ => Op::Empty { file },
    }
}

/// Where to insert: a line start, after `: `, a line end, or anywhere
/// between two characters.
fn insertion_point(rng: &mut Rng, bytes: &[u8], line: usize) -> usize {
    let (start, end) = line_span(bytes, line);
    let text = &bytes[start..end];
    match rng.below(4) {
        0 => start,
        1 => text
            .windows(2)
            .position(|w| w == b": ")
            .map_or(end, |p| start + p + 2),
        2 => end,
        _ => {
            let mut at = rng.below(bytes.len() + 1);
            // Between two characters, not inside one.
            while at < bytes.len() && (bytes[at] & 0xc0) == 0x80 {
                at += 1;
            }
            at
        }
    }
}

/// Applies `op`; false if it does not apply (nothing changed).
fn apply(files: &mut Files, op: &Op) -> bool {
    let edit = |files: &mut Files, file: &str, f: &dyn Fn(&mut Vec<u8>) -> bool| {
        files.get_mut(file).is_some_and(|bytes| {
            let before = bytes.clone();
            f(bytes) && *bytes != before
        })
    };
    match op {
        Op::FlipByte { file, at, mask } => edit(files, file, &|b| {
            b.get_mut(*at).map(|byte| *byte ^= mask).is_some()
        }),
        Op::DeleteLine { file, line } => edit(files, file, &|b| {
            let mut lines = split_lines(b);
            (*line < lines.len()).then(|| lines.remove(*line)).is_some() && join(b, &lines)
        }),
        Op::DuplicateLine { file, line } => edit(files, file, &|b| {
            let mut lines = split_lines(b);
            let Some(copy) = lines.get(*line).cloned() else {
                return false;
            };
            lines.insert(*line, copy);
            join(b, &lines)
        }),
        Op::SwapLines { file, a, b: other } => edit(files, file, &|b| {
            let mut lines = split_lines(b);
            if *a >= lines.len() || *other >= lines.len() {
                return false;
            }
            lines.swap(*a, *other);
            join(b, &lines)
        }),
        Op::Truncate { file, len } => edit(files, file, &|b| {
            b.truncate(*len);
            true
        }),
        Op::Insert { file, at, text } => edit(files, file, &|b| {
            let at = (*at).min(b.len());
            b.splice(at..at, text.bytes());
            true
        }),
        Op::InsertBytes { file, at, bytes } => edit(files, file, &|b| {
            let at = (*at).min(b.len());
            b.splice(at..at, bytes.iter().copied());
            true
        }),
        Op::Indent { file, line, by } => edit(files, file, &|b| {
            let mut lines = split_lines(b);
            let Some(l) = lines.get_mut(*line) else {
                return false;
            };
            l.splice(0..0, by.bytes());
            join(b, &lines)
        }),
        Op::Dedent { file, line } => edit(files, file, &|b| {
            let mut lines = split_lines(b);
            let Some(l) = lines.get_mut(*line) else {
                return false;
            };
            let spaces = l.iter().take_while(|&&c| c == b' ').count();
            l.drain(..spaces.min(2));
            join(b, &lines)
        }),
        Op::RemoveField { file, line } => edit(files, file, &|b| {
            // The first top-level `key:` line from `line` on, with the
            // indented lines under it.
            let mut lines = split_lines(b);
            let is_key = |l: &Vec<u8>| {
                let name = l
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                    .count();
                name > 0 && l.get(name) == Some(&b':')
            };
            let Some(start) = (*line..lines.len()).find(|&i| is_key(&lines[i])) else {
                return false;
            };
            let mut end = start + 1;
            while end < lines.len() && matches!(lines[end].first(), Some(b' ' | b'-')) {
                end += 1;
            }
            lines.drain(start..end);
            join(b, &lines)
        }),
        Op::ReplaceValue { file, line, value } => edit(files, file, &|b| {
            // The first `key: value` line from `line` on.
            let mut lines = split_lines(b);
            let Some((i, p)) = (*line..lines.len())
                .find_map(|i| lines[i].windows(2).position(|w| w == b": ").map(|p| (i, p)))
            else {
                return false;
            };
            lines[i].truncate(p + 2);
            lines[i].extend_from_slice(value.as_bytes());
            join(b, &lines)
        }),
        Op::Rename { from, to } => {
            if from == to {
                return false;
            }
            match files.remove(from) {
                Some(bytes) => {
                    files.insert(to.clone(), bytes);
                    true
                }
                None => false,
            }
        }
        Op::Empty { file } => edit(files, file, &|b| {
            b.clear();
            true
        }),
        Op::Delete { file } => files.remove(file).is_some(),
    }
}

fn line_span(bytes: &[u8], line: usize) -> (usize, usize) {
    let mut start = 0;
    for _ in 0..line {
        match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(p) => start += p + 1,
            None => return (bytes.len(), bytes.len()),
        }
    }
    let end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| start + p);
    (start, end)
}

fn split_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

/// Writes `lines` back into `bytes`; always true.
fn join(bytes: &mut Vec<u8>, lines: &[Vec<u8>]) -> bool {
    *bytes = lines.join(&b'\n');
    true
}

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64, so nearby seeds start far apart (and never at zero).
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
