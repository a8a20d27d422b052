//! The reading rules (issue 9, point 1): only regular files inside the site
//! are read; symbolic links are followed only when their target stays inside;
//! FIFOs, sockets and devices are errors, never opened; every file has a size
//! cap. No byte of a file outside the site reaches the output or a message.

#![cfg(unix)]

mod harness;

use std::os::unix::fs::symlink;
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use harness::{Run, SiteTest};
use rotalog::BuildOptions;

/// A program file that would build if it were read: the canary.
const SECRET_PROGRAM: &str = "---
title: CANARY-7f3a leaked program
specialty: cardiology
hospital: mercy-chicago
kind: observership
weeks: [4]
fee: { per_week: 100 }
starts: [2027-01-04]
---
CANARY-7f3a body.
";

/// The valid site, built once, with a secret file beside it (outside the site).
fn site_with_secret() -> (SiteTest, std::path::PathBuf) {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let secret = t.site.parent().unwrap().join("secret.md");
    std::fs::write(&secret, SECRET_PROGRAM).unwrap();
    (t, secret)
}

/// `build` or `check` of the site, in process, failing the test after a
/// minute (a hang guard: a FIFO opened for reading never returns).
fn run_guarded(t: &SiteTest, command: fn(&BuildOptions) -> Run) -> Run {
    let options = t.options();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(command(&options)));
    rx.recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("rotalog hung on {}", t.site.display()))
}

/// The build fails with exactly these errors, `check` agrees, and the
/// previous output is untouched.
#[track_caller]
fn assert_refused(
    t: &SiteTest,
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    expected: &[&str],
) -> Run {
    let run = run_guarded(t, harness::build);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.errors(), expected, "{}", run.stderr);
    assert!(*before == t.output(), "the previous output changed");
    let check = run_guarded(t, harness::check);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_eq!(check.errors(), expected, "{}", check.stderr);
    run
}

#[test]
fn symlinks_leading_outside_the_site_are_refused_and_never_read() {
    let (t, secret) = site_with_secret();
    let before = t.output();
    symlink(&secret, t.path("content/programs/leak.md")).unwrap();
    symlink("/proc/self/environ", t.path("content/pages/env.md")).unwrap();
    std::fs::create_dir_all(t.path("static")).unwrap();
    symlink(&secret, t.path("static/leak.txt")).unwrap();
    std::fs::create_dir_all(t.path("themes/default/templates")).unwrap();
    symlink(&secret, t.path("themes/default/templates/page.html")).unwrap();
    let run = assert_refused(
        &t,
        &before,
        &[
            "content/pages/env.md: symbolic link to a place outside the site folder: rotalog does not follow it",
            "content/programs/leak.md: symbolic link to a place outside the site folder: rotalog does not follow it",
            "static/leak.txt: symbolic link to a place outside the site folder: rotalog does not follow it",
            "themes/default/templates/page.html: symbolic link to a place outside the site folder: rotalog does not follow it",
        ],
    );
    assert_eq!(
        run.help_for("content/programs/leak.md"),
        "copy the file into the site instead; links are followed only when their target is inside the site folder"
    );
    for leak in ["CANARY-7f3a", "secret.md", "CARGO_MANIFEST_DIR", "root:"] {
        assert!(!run.stderr.contains(leak), "{leak} leaked:\n{}", run.stderr);
    }
}

#[test]
fn symlinked_site_yaml_and_folders_leading_outside_are_refused() {
    let (t, _secret) = site_with_secret();
    let before = t.output();
    let outside = t.site.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(outside.join("templates")).unwrap();
    std::fs::write(outside.join("templates/page.html"), "CANARY-7f3a").unwrap();
    std::fs::write(outside.join("logo.png"), "CANARY-7f3a").unwrap();
    std::fs::create_dir_all(t.path("themes")).unwrap();
    symlink(&outside, t.path("themes/default")).unwrap();
    symlink(&outside, t.path("static")).unwrap();
    std::fs::write(outside.join("site.yaml"), t.read("site.yaml")).unwrap();
    std::fs::remove_file(t.path("site.yaml")).unwrap();
    symlink(outside.join("site.yaml"), t.path("site.yaml")).unwrap();
    let run = assert_refused(
        &t,
        &before,
        &[
            "site.yaml: symbolic link to a place outside the site folder: rotalog does not follow it",
            "static: symbolic link to a place outside the site folder: rotalog does not follow it",
            "themes/default: symbolic link to a place outside the site folder: rotalog does not follow it",
        ],
    );
    assert!(!run.stderr.contains("CANARY-7f3a"), "{}", run.stderr);
}

#[test]
fn symlinks_that_stay_inside_the_site_are_followed() {
    let t = SiteTest::fixture("valid");
    std::fs::create_dir_all(t.path("shared")).unwrap();
    let program = t
        .read("content/programs/im-hands-on.md")
        .replacen("title:", "title: Shared copy of", 1)
        // Its own text: a copy with the same text is a warning (W007).
        .replacen("You will round daily", "In this copy you round daily", 1);
    std::fs::write(t.path("shared/program.md"), program).unwrap();
    symlink(
        "../../shared/program.md",
        t.path("content/programs/shared-copy.md"),
    )
    .unwrap();
    std::fs::create_dir_all(t.path("static/files")).unwrap();
    std::fs::write(t.path("shared/brochure.pdf"), "%PDF-1.4 brochure").unwrap();
    symlink(
        "../../shared/brochure.pdf",
        t.path("static/files/brochure.pdf"),
    )
    .unwrap();
    symlink("files", t.path("static/docs")).unwrap();
    let run = run_guarded(&t, harness::build);
    run.assert_success();
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let out = t.output();
    let page = String::from_utf8_lossy(&out["programs/shared-copy/index.html"]);
    assert!(page.contains("Shared copy of"), "{page}");
    assert_eq!(out["files/brochure.pdf"], b"%PDF-1.4 brochure");
    assert_eq!(out["docs/brochure.pdf"], b"%PDF-1.4 brochure");
}

#[test]
fn dangling_and_looping_symlinks_are_errors() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let before = t.output();
    symlink("no-such-file.md", t.path("content/pages/gone.md")).unwrap();
    std::fs::create_dir_all(t.path("static/a")).unwrap();
    symlink("..", t.path("static/a/loop")).unwrap();
    let run = assert_refused(
        &t,
        &before,
        &[
            "content/pages/gone.md: symbolic link whose target does not exist",
            "static/a/loop: this symbolic link leads back into a folder that contains it, so it is not followed",
        ],
    );
    assert_eq!(
        run.help_for("gone.md"),
        "remove the link, or point it at a file inside the site folder"
    );
}

#[test]
fn fifos_sockets_and_devices_are_errors_and_never_opened() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let before = t.output();
    for fifo in ["content/pages/pipe.md", "content/fees.yaml", "site.yaml"] {
        std::fs::remove_file(t.path(fifo)).ok();
        let status = Command::new("mkfifo").arg(t.path(fifo)).status().unwrap();
        assert!(status.success());
    }
    std::fs::create_dir_all(t.path("static")).unwrap();
    let status = Command::new("mkfifo")
        .arg(t.path("static/feed.xml"))
        .status()
        .unwrap();
    assert!(status.success());
    let _socket = std::os::unix::net::UnixListener::bind(t.path("content/posts/sock.md")).unwrap();
    symlink("/dev/zero", t.path("content/pages/zero.md")).unwrap();
    symlink("/dev/urandom", t.path("static/random.bin")).unwrap();
    let run = assert_refused(
        &t,
        &before,
        &[
            "content/fees.yaml: not a regular file (it is a FIFO), so it is not read",
            "content/pages/pipe.md: not a regular file (it is a FIFO), so it is not read",
            "content/pages/zero.md: symbolic link to a place outside the site folder: rotalog does not follow it",
            "content/posts/sock.md: not a regular file (it is a socket), so it is not read",
            "site.yaml: not a regular file (it is a FIFO), so it is not read",
            "static/feed.xml: not a regular file (it is a FIFO), so it is not read",
            "static/random.bin: symbolic link to a place outside the site folder: rotalog does not follow it",
        ],
    );
    assert_eq!(
        run.help_for("pipe.md"),
        "only regular files are read; remove it from the site"
    );
}

#[test]
fn files_over_the_size_cap_are_errors() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let before = t.output();
    let program = t.read("content/programs/im-hands-on.md");
    let big = format!("{program}\n{}\n", "Long text. ".repeat(500_000)); // 5.5 MB
    t.write("content/programs/im-hands-on.md", &big);
    let run = assert_refused(
        &t,
        &before,
        &[
            "content/programs/im-hands-on.md: the file is too large (5.3 MB); files like it may be at most 4 MB",
        ],
    );
    assert_eq!(
        run.help_for("too large"),
        "split it into several files; large downloads go under static/ (up to 64 MB each)"
    );
    // A static file under its cap is copied whole.
    t.write("content/programs/im-hands-on.md", &program);
    t.write("static/files/guide.txt", &"x".repeat(5 << 20));
    t.build().assert_success();
    assert_eq!(t.output()["files/guide.txt"].len(), 5 << 20);
}
