//! Integration tests for the output folder: concurrent builds into one
//! destination (the lock beside it) and destination checks that see through
//! symbolic links (issue 9, points 4 and 5).

mod harness;

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use harness::{DATE, Run, SiteTest};

/// Holds the lock of `SITE/output` the way a running build does: the same OS
/// advisory lock on the same file, with this process's id in it.
struct HeldLock {
    _file: File,
}

impl HeldLock {
    #[track_caller]
    fn take(t: &SiteTest) -> HeldLock {
        let mut file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(t.path(".output.rotalog-lock"))
            .unwrap();
        file.try_lock().unwrap();
        write!(file, "{}", std::process::id()).unwrap();
        HeldLock { _file: file }
    }
}

/// The names in the site folder that rotalog makes beside `output/`.
fn leftovers(t: &SiteTest) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(&t.site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("rotalog-"))
        .collect();
    names.sort();
    names
}

/// The folder that holds the site, outside it.
fn outside(t: &SiteTest) -> PathBuf {
    t.site.parent().unwrap().to_path_buf()
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(windows)]
fn symlink(target: &Path, link: &Path) {
    std::os::windows::fs::symlink_dir(target, link).unwrap();
}

// ---------------------------------------------------------------- concurrent builds

#[test]
fn a_second_build_refuses_while_another_holds_the_lock() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let before = t.output();
    // The first build, half way through writing its staging folder.
    let staging = ".output.rotalog-staging-4242";
    t.write(&format!("{staging}/index.html"), "half written");
    let lock = HeldLock::take(&t);

    let run = t.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    let message = format!(
        "another rotalog build (process {}) is writing to ",
        std::process::id()
    );
    assert!(run.stderr.contains(&message), "{}", run.stderr);
    assert_eq!(
        run.help_for("another rotalog build"),
        "wait for it to finish and build again, or build into another folder with `-o`"
    );
    assert_eq!(t.read(&format!("{staging}/index.html")), "half written");
    assert!(before == t.output(), "the previous output changed");

    // `check` writes nothing and takes no lock.
    t.check().assert_success();

    // Once the first build is gone, its staging folder is stale: removed.
    drop(lock);
    t.build().assert_success();
    assert!(before == t.output());
    assert_eq!(leftovers(&t), Vec::<String>::new());
}

#[test]
fn a_crashed_build_leaves_nothing_that_blocks_the_next() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let before = t.output();
    // A build killed mid-write: its lock file and staging folder stay, but
    // the kernel released its lock. The staging folder names a live process
    // (this one): the lock, not the process id, says whether a build is alive.
    t.write(".output.rotalog-lock", "999999");
    t.write(
        &format!(".output.rotalog-staging-{}/index.html", std::process::id()),
        "half written",
    );
    t.build().assert_success();
    assert!(before == t.output());
    assert_eq!(leftovers(&t), Vec::<String>::new());
}

#[test]
fn concurrent_builds_into_one_folder_never_break_each_other() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let before = t.output();
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_rotalog"))
                .args(["build", "--date", DATE])
                .current_dir(&t.site)
                .env("NO_COLOR", "1")
                .env_remove("GITHUB_ACTIONS")
                .env_remove("SOURCE_DATE_EPOCH")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let run = Run::from(child.wait_with_output().unwrap());
        match run.code {
            0 => {}
            // The process id is written just after the lock is taken, so a
            // build that looks in between sees the message without it.
            2 => assert!(
                run.stderr.contains(": error: another rotalog build")
                    && run.stderr.contains(" is writing to "),
                "a build failed for another reason than the lock:\n{}",
                run.stderr
            ),
            code => panic!("exit code {code}:\n{}", run.stderr),
        }
    }
    assert!(before == t.output(), "the output is not one complete build");
    assert_eq!(leftovers(&t), Vec::<String>::new());
}

// ---------------------------------------------------------------- destinations through links

#[test]
fn an_output_inside_the_target_of_a_symlinked_static_folder_is_refused() {
    let t = SiteTest::fixture("valid");
    let shared = outside(&t).join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(shared.join("handbook.txt"), "Bring a stethoscope.\n").unwrap();
    symlink(&shared, &t.path("static"));
    let into = shared.join("out");
    let run = t.build_into(&into);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("it is inside the site's static/ folder once symbolic links are followed"),
        "{}",
        run.stderr
    );
    assert!(!into.exists(), "the refused output was written");
    assert_eq!(
        std::fs::read_dir(&shared).unwrap().count(),
        1,
        "something was written beside the refused output"
    );
}

#[test]
fn an_output_through_a_link_to_content_is_refused() {
    let t = SiteTest::fixture("valid");
    let link = outside(&t).join("link");
    symlink(&t.path("content"), &link);
    let before = harness::read_tree(&t.path("content"));
    for out in [link.clone(), link.join("a/b")] {
        let run = t.build_into(&out);
        assert_eq!(run.code, 2, "-o {}: {}", out.display(), run.stderr);
        assert!(
            run.stderr
                .contains("it is inside the site's content/ folder"),
            "{}",
            run.stderr
        );
    }
    assert!(before == harness::read_tree(&t.path("content")));
    assert!(!t.path("content/a").exists());
}

/// Regression: `new/../content` was compared as written, so the build created
/// `new/` and swapped its output in for `content/`, deleting the sources.
#[test]
fn an_output_equal_to_content_through_dot_dot_is_refused() {
    let t = SiteTest::fixture("valid");
    let before = harness::read_tree(&t.path("content"));
    let run = t.build_into("new/../content");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("it is inside the site's content/ folder"),
        "{}",
        run.stderr
    );
    assert!(before == harness::read_tree(&t.path("content")));
}

#[test]
fn an_output_through_a_link_whose_target_is_missing_is_refused() {
    let t = SiteTest::fixture("valid");
    symlink(&t.path("content/missing"), &t.path("public"));
    let run = t.build_into("public/site");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("it goes through the symbolic link ")
            && run.stderr.contains(", whose target does not exist"),
        "{}",
        run.stderr
    );
    assert!(!t.path("content/missing").exists());
}

#[test]
fn an_output_outside_the_site_through_a_link_still_builds() {
    let t = SiteTest::fixture("valid");
    let real = outside(&t).join("www");
    std::fs::create_dir_all(&real).unwrap();
    symlink(&real, &t.path("public"));
    for _ in 0..2 {
        t.build_into("public").assert_success();
    }
    assert!(real.join("index.html").is_file());
    assert!(
        std::fs::symlink_metadata(t.path("public"))
            .unwrap()
            .is_symlink()
    );
    let beside: Vec<_> = std::fs::read_dir(outside(&t))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("rotalog-"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}
