//! A small harness for fixture sites (after mdBook's `BookTest`).
//!
//! `tests/fixtures/valid` is a complete, valid site. A broken scenario is a
//! folder under `tests/fixtures/broken/` holding only the files it changes
//! (and an optional `.delete` file listing paths to remove); it is laid over
//! a copy of the valid site.
//!
//! Two ways to run a site, one result ([`Run`]: exit code, stdout, stderr):
//! - [`SiteTest::build`] and [`SiteTest::check`] call the library in process
//!   (`rotalog::build`, `rotalog::check`) and render what the binary would
//!   print: every diagnostic, the summary, the closing line, and the exit code
//!   from [`Failure::exit_code`]. No process-global state goes in: the site is
//!   an absolute path (never the working directory), the date is passed, and
//!   no environment variable is read, so tests run side by side in threads.
//! - [`SiteTest::run`] spawns the real `rotalog` binary, for the tests where
//!   the command line is the point: exit codes, usage errors, `--help`,
//!   `SOURCE_DATE_EPOCH`, GitHub annotations, closed pipes, `serve`.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rotalog::diagnostics::{self, Diagnostic};
use rotalog::{BuildOptions, Failure};

pub const DATE: &str = "2026-11-22";

pub struct SiteTest {
    _tmp: tempfile::TempDir,
    pub site: PathBuf,
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// [`DATE`] as the library takes it.
pub fn date() -> time::Date {
    let part = |i: usize| DATE.split('-').nth(i).and_then(|s| s.parse::<i32>().ok());
    let (Some(year), Some(month), Some(day)) = (part(0), part(1), part(2)) else {
        panic!("DATE is not YYYY-MM-DD");
    };
    let month = time::Month::try_from(month as u8).expect("DATE's month");
    time::Date::from_calendar_date(year, month, day as u8).expect("DATE is a date")
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>` in a temporary folder.
    #[track_caller]
    pub fn fixture(name: &str) -> SiteTest {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_dir(&fixtures().join(name), &site);
        SiteTest { _tmp: tmp, site }
    }

    /// A site already laid out in `site`, inside `tmp`.
    pub fn from_dir(tmp: tempfile::TempDir, site: PathBuf) -> SiteTest {
        SiteTest { _tmp: tmp, site }
    }

    /// A copy of the repository's example site (`site.yaml`, `content/` and
    /// `static/`: its pictures), built.
    #[track_caller]
    pub fn example() -> SiteTest {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&root.join("content"), &site.join("content"));
        copy_dir(&root.join("static"), &site.join("static"));
        std::fs::copy(root.join("site.yaml"), site.join("site.yaml")).unwrap();
        let t = SiteTest::from_dir(tmp, site);
        t.build().assert_success();
        t
    }

    /// The valid site with the broken scenario `name` laid over it.
    #[track_caller]
    pub fn broken(name: &str) -> SiteTest {
        let t = SiteTest::fixture("valid");
        t.overlay(name);
        t
    }

    #[track_caller]
    pub fn overlay(&self, name: &str) {
        let dir = fixtures().join("broken").join(name);
        assert!(dir.is_dir(), "no scenario folder {}", dir.display());
        copy_dir(&dir, &self.site);
        let delete = self.site.join(".delete");
        if delete.exists() {
            for line in std::fs::read_to_string(&delete)
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
            {
                let p = self.site.join(line.trim());
                if p.is_dir() {
                    std::fs::remove_dir_all(p).unwrap();
                } else {
                    std::fs::remove_file(p).unwrap();
                }
            }
            std::fs::remove_file(delete).unwrap();
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.site.join(rel)
    }

    #[track_caller]
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.site.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Replaces `from` with `to` in a site file (which must contain it).
    #[track_caller]
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    /// Runs the real binary, `rotalog ARGS`, in the site folder, with a
    /// fixed environment: no colour, no GitHub annotations, no `SOURCE_DATE_EPOCH`.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = self.command(args).output().unwrap();
        Run::from(output)
    }

    /// The command [`run`](Self::run) runs, to change before running it.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rotalog"));
        command
            .args(args)
            .current_dir(&self.site)
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_ACTIONS")
            .env_remove("SOURCE_DATE_EPOCH");
        command
    }

    /// What the command line's `build --date DATE` or `check --date DATE`
    /// in the site folder means: the site, its `output/`, the date.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            site_dir: self.site.clone(),
            output: None,
            base_url: None,
            date: date(),
            strict: false,
        }
    }

    /// `rotalog build --date DATE` into `output/`, in process.
    pub fn build(&self) -> Run {
        build(&self.options())
    }

    /// `rotalog check --date DATE`, in process.
    pub fn check(&self) -> Run {
        check(&self.options())
    }

    /// `rotalog build --date DATE -o REL`, in process (`REL` taken from the
    /// site folder, as the binary run there would).
    pub fn build_into(&self, rel: impl AsRef<Path>) -> Run {
        build(&BuildOptions {
            output: Some(self.site.join(rel)),
            ..self.options()
        })
    }

    /// The path of every file a full build of the site makes now (from
    /// `rotalog::check`: in memory, writing nothing).
    #[track_caller]
    pub fn pages(&self) -> BTreeSet<String> {
        match rotalog::check(&self.options()) {
            Ok(generated) => generated
                .files
                .iter()
                .map(|f| f.path.clone())
                .chain(generated.static_files.iter().map(|(_, p)| p.clone()))
                .collect(),
            Err(failure) => panic!(
                "the site does not build:\n{}",
                Run::failure(&failure, "check").stderr
            ),
        }
    }

    /// Every file under `output/`, path -> bytes.
    pub fn output(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.site.join("output"))
    }

    /// Builds the valid site, lays `scenario` over it, rebuilds, and checks
    /// that the build fails with exactly `expected` error headlines
    /// (`path:line:col: message`) and leaves the previous output untouched;
    /// then that `check` agrees. All in process, on one copy of the site.
    #[track_caller]
    pub fn expect_errors(scenario: &str, expected: &[&str]) -> Run {
        let t = SiteTest::fixture("valid");
        let first = t.build();
        first.assert_success();
        let before = t.output();
        assert!(!before.is_empty());
        t.overlay(scenario);
        let run = t.build();
        assert_eq!(run.code, 1, "exit code for {scenario}\n{}", run.stderr);
        assert_eq!(
            run.errors(),
            expected,
            "errors for {scenario}\n{}",
            run.stderr
        );
        assert!(
            before == t.output(),
            "the previous output changed after a failed build of {scenario}"
        );
        let check = t.check();
        assert_eq!(check.code, 1, "check exit code for {scenario}");
        assert_eq!(check.errors(), expected, "check errors for {scenario}");
        run
    }
}

/// `rotalog build` with `options`, in process: what the binary would print
/// and its exit code.
pub fn build(options: &BuildOptions) -> Run {
    if let Err(d) = rotalog::site_folder(&options.site_dir) {
        return Run::usage_error(&d);
    }
    match rotalog::build(options) {
        Ok((generated, out)) => Run::success(
            &generated.warnings,
            &format!(
                "built {} programs, {} files into {}",
                generated.programs,
                generated.file_count,
                out.display()
            ),
        ),
        Err(failure) => Run::failure(&failure, "build"),
    }
}

/// `rotalog check` with `options`, in process.
pub fn check(options: &BuildOptions) -> Run {
    if let Err(d) = rotalog::site_folder(&options.site_dir) {
        return Run::usage_error(&d);
    }
    match rotalog::check(options) {
        Ok(generated) => Run::success(
            &generated.warnings,
            &format!(
                "checked {} programs and {} pages: no errors",
                generated.programs, generated.file_count
            ),
        ),
        Err(failure) => Run::failure(&failure, "check"),
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    /// What the binary prints for a run that ended well: the warnings, then `last`.
    fn success(warnings: &[Diagnostic], last: &str) -> Run {
        Run {
            code: 0,
            stdout: String::new(),
            stderr: printed(warnings, last),
        }
    }

    /// What the binary prints for a failed `what` (`build` or `check`), and its exit code.
    fn failure(failure: &Failure, what: &str) -> Run {
        let last = match failure {
            Failure::Site(_) if what == "check" => "check failed: fix the errors above".to_string(),
            Failure::Site(_) => {
                "build failed: fix the errors above; the previous output was left untouched"
                    .to_string()
            }
            Failure::Io(_) => format!("{what} failed; the previous output was left untouched"),
        };
        Run {
            code: i32::from(failure.exit_code()),
            stdout: String::new(),
            stderr: printed(failure.diagnostics(), &last),
        }
    }

    /// A site folder that is not one: exit code 2.
    fn usage_error(d: &Diagnostic) -> Run {
        let mut stderr = printed(std::slice::from_ref(d), "");
        stderr.pop();
        Run {
            code: 2,
            stdout: String::new(),
            stderr,
        }
    }

    #[track_caller]
    pub fn assert_success(&self) {
        assert_eq!(self.code, 0, "expected success:\n{}", self.stderr);
    }

    /// The headlines of the errors: `path:line:col: message` (severity removed).
    pub fn errors(&self) -> Vec<String> {
        self.headlines(": error: ")
    }

    pub fn warnings(&self) -> Vec<String> {
        self.headlines(": warning: ")
    }

    /// The headlines `path:line:col: message` of one severity, without
    /// their code (`[E013]`, which [`Run::codes`] reads).
    fn headlines(&self, marker: &str) -> Vec<String> {
        self.stderr
            .lines()
            .filter(|l| !l.starts_with(' ') && !l.starts_with("::") && l.contains(marker))
            .map(|l| without_code(l).replacen(marker, ": ", 1))
            .collect()
    }

    /// The code of every diagnostic printed, in order (`E013`, `W003`).
    pub fn codes(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter(|l| {
                !l.starts_with(' ')
                    && !l.starts_with("::")
                    && (l.contains(": error: ") || l.contains(": warning: "))
            })
            .map(|l| {
                l[without_code(l).len()..]
                    .trim_matches([' ', '[', ']'])
                    .to_string()
            })
            .collect()
    }

    /// The `= help:` line that follows the diagnostic whose headline contains `needle`.
    #[track_caller]
    pub fn help_for(&self, needle: &str) -> String {
        let is_headline = |l: &str| l.contains(": error: ") || l.contains(": warning: ");
        let mut lines = self
            .stderr
            .lines()
            .skip_while(|l| !(is_headline(l) && l.contains(needle)));
        lines
            .next()
            .unwrap_or_else(|| panic!("no diagnostic containing {needle:?} in\n{}", self.stderr));
        lines
            .take_while(|l| !is_headline(l))
            .find_map(|l| l.trim().strip_prefix("= help: ").map(str::to_string))
            .unwrap_or_else(|| panic!("no help for {needle:?} in\n{}", self.stderr))
    }
}

/// What `diagnostics::print` writes without colour or annotations, then `last`.
fn printed(diags: &[Diagnostic], last: &str) -> String {
    let mut out: String = diags.iter().map(|d| d.render(false)).collect();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if errors > 0 || warnings > 0 {
        out.push_str(&diagnostics::summary(errors, warnings));
        out.push('\n');
    }
    out.push_str(&diagnostics::escape_for_terminal(last));
    out.push('\n');
    out
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// A printed headline without the ` [E013]` code at its end.
pub fn without_code(line: &str) -> &str {
    match line.rsplit_once(" [") {
        Some((head, code))
            if code.len() == 5
                && code.ends_with(']')
                && code.starts_with(['E', 'W'])
                && code[1..4].bytes().all(|b| b.is_ascii_digit()) =>
        {
            head
        }
        _ => line,
    }
}

/// Runs one of the tests' Python readers (`tests/<what>/read.py`-style
/// scripts that use the validators of tests/requirements.txt, which
/// tests/run puts first on PATH) and parses the JSON it prints; `name` says
/// which reader failed.
pub fn python_json<I, S>(name: &str, script: &Path, args: I) -> serde_json::Value
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 on PATH (tests/run puts target/validators/bin first)");
    assert!(
        out.status.success(),
        "the {name} failed (is tests/requirements.txt installed?):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The open dated starts a program page lists: (start, apply by).
pub fn page_starts(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<li class=\"open\" data-start=\"") {
        rest = &rest[at + 29..];
        let start = rest[..10].to_string();
        let by = rest.find("data-apply-by=\"").unwrap();
        out.push((start, rest[by + 15..by + 25].to_string()));
    }
    out
}

/// The English table's interface strings (each text, or each part of it
/// between placeholders, of 12 characters or more, unless `lang` writes it
/// the same way) found on the built HTML pages of `t` under `prefix`
/// (`es/`, or `` for all): `path: key: "text"`. Text the site's own content
/// writes is the editors' to translate, and is not looked for.
pub fn english_interface_strings(t: &SiteTest, lang: &str, prefix: &str) -> Vec<String> {
    use rotalog::model::i18n::Message;
    let strings = rotalog::content::i18n::builtin(lang);
    let (en, other) = (&strings.tables["en"], &strings.tables[lang]);
    let texts = |m: &Message| -> Vec<String> {
        match m {
            Message::Text(t) => vec![t.clone()],
            Message::Plural(forms) => forms.values().cloned().collect(),
        }
    };
    let mut needles = Vec::new();
    for (key, m) in en {
        let translated = texts(&other[key]).join("\n");
        for text in texts(m) {
            for part in text.split(['{', '}']).step_by(2) {
                let part = part.trim();
                if part.chars().count() >= 12 && !translated.contains(part) {
                    needles.push((key.clone(), part.to_string()));
                }
            }
        }
    }
    assert!(
        needles.len() > 100,
        "only {} strings to look for",
        needles.len()
    );
    let content: String = walkdir::WalkDir::new(t.path("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    needles.retain(|(_, n)| !content.contains(n.as_str()));
    let mut found = Vec::new();
    let mut pages = 0;
    for (path, bytes) in t.output() {
        if !path.ends_with(".html") || !path.starts_with(prefix) {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap().replace("&#39;", "'");
        for (key, needle) in &needles {
            if html.contains(needle.as_str()) {
                found.push(format!("{path}: {key}: {needle:?}"));
            }
        }
    }
    assert!(pages > 5, "only {pages} pages under {prefix:?}");
    found
}
