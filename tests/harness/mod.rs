//! A small harness for fixture sites (after mdBook's `BookTest`).
//!
//! `tests/fixtures/valid` is a complete, valid site. A broken scenario is a
//! folder under `tests/fixtures/broken/` holding only the files it changes
//! (and an optional `.delete` file listing paths to remove); it is laid over
//! a copy of the valid site. Every check runs the real `rotalog` binary.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const DATE: &str = "2026-11-22";

pub struct SiteTest {
    _tmp: tempfile::TempDir,
    pub site: PathBuf,
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
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

    /// A copy of the repository's example site (`site.yaml` + `content/`), built.
    #[track_caller]
    pub fn example() -> SiteTest {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&root.join("content"), &site.join("content"));
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

    /// Runs `rotalog ARGS` in the site folder, with a fixed date and no colour.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_rotalog"))
            .args(args)
            .current_dir(&self.site)
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_ACTIONS")
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        Run::from(output)
    }

    /// `rotalog build --date DATE` into `output/`.
    pub fn build(&self) -> Run {
        self.run(&["build", "--date", DATE])
    }

    pub fn check(&self) -> Run {
        self.run(&["check", "--date", DATE])
    }

    /// Every file under `output/`, path -> bytes.
    pub fn output(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.site.join("output"))
    }

    /// Builds the valid site, lays `scenario` over it, rebuilds, and checks
    /// that the build fails with exactly `expected` error headlines
    /// (`path:line:col: message`) and leaves the previous output untouched.
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

    fn headlines(&self, marker: &str) -> Vec<String> {
        self.stderr
            .lines()
            .filter(|l| !l.starts_with(' ') && !l.starts_with("::") && l.contains(marker))
            .map(|l| l.replacen(marker, ": ", 1))
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
