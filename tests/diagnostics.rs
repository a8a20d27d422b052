//! Integration tests: diagnostics are safe to print, and cost what the input
//! is worth (issue 9, points 2, 3 and 7).

mod harness;

use harness::{DATE, SiteTest};

/// Regression (issue 9): a front-matter value holding `\n::error …` or
/// `\n::add-mask::…` was printed raw, so on a GitHub runner it became a real
/// workflow command; ESC sequences reached the terminal.
#[test]
fn values_cannot_forge_workflow_commands_or_reach_the_terminal() {
    let t = SiteTest::broken("diag-injection");
    let out = t
        .command(&["check", "--date", DATE])
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stderr.contains(&0x1b), "a raw ESC byte reached stderr");
    let stderr = String::from_utf8(out.stderr).unwrap();
    for c in ['\r', '\u{202e}', '\u{2028}'] {
        assert!(!stderr.contains(c), "{c:?} in\n{stderr}");
    }
    let annotations: Vec<&str> = stderr.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 3, "{stderr}");
    for (a, line) in annotations.iter().zip([4, 5, 10]) {
        let own = format!("::error file=content/programs/cardio-observership.md,line={line},col=");
        assert!(a.starts_with(&own), "not rotalog's annotation: {a}");
    }
    assert!(stderr.contains(
        "content/programs/cardio-observership.md:5:7: error: `kind` cannot be `a\\u{a}::add-mask::b\\u{1b}[2J`"
    ), "{stderr}");
    assert!(
        stderr.contains("10 | status: waitlist\\u{1b}[2J\\u{202e}\n"),
        "{stderr}"
    );
    // The caret still lines up with the value, escapes included.
    assert!(
        stderr.contains("\n   |         ^^^^^^^^^^^^^^^^^^^^^^^^^\n"),
        "{stderr}"
    );
}

/// Regression (issue 9): `</docs/x y.pdf>` lost its space, so the link
/// pointed at `/docs/xy.pdf` and was reported broken.
#[test]
fn angle_bracket_links_keep_their_spaces() {
    let t = SiteTest::broken("diag-space-link");
    let run = t.build();
    run.assert_success();
    assert!(run.errors().is_empty(), "{}", run.stderr);
    let output = t.output();
    assert!(output.contains_key("docs/x y.pdf"));
    let about = String::from_utf8_lossy(&output["about/index.html"]).into_owned();
    assert!(
        about.contains("href=\"/catalog/docs/x%20y.pdf\""),
        "{about}"
    );
    t.edit("content/pages/about.md", "x y.pdf", "x z.pdf");
    assert_eq!(
        t.check().errors(),
        ["content/pages/about.md:4:54: broken link: there is no page or file at `/docs/x%20z.pdf`"]
    );
}

/// Regression (issue 9): each broken link's diagnostic held (and printed) a
/// copy of its whole source line, so one long line of links grew the check
/// to gigabytes. Now each prints a window of the line, however long it is.
#[test]
fn a_long_line_of_broken_links_prints_a_short_snippet_for_each() {
    let t = SiteTest::fixture("valid");
    let n = 5_000;
    let line: String = (0..n).map(|k| format!("[link](/nope-{k}/) ")).collect();
    assert!(line.len() > 95_000);
    t.write(
        "content/pages/about.md",
        &format!("---\ntitle: About us\n---\n{line}\n"),
    );
    let run = t.check();
    assert_eq!(run.code, 1);
    let errors = run.errors();
    assert_eq!(errors.len(), n, "{}", &run.stderr[..2000]);
    // Every link is found at its own column.
    let column = line.find("[link](/nope-4321/)").unwrap_or(0) + 1;
    assert!(errors.contains(&format!(
        "content/pages/about.md:4:{column}: broken link: there is no page or file at `/nope-4321/`"
    )));
    let longest = run.stderr.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 200, "a printed line of {longest} bytes");
    assert!(
        run.stderr.len() < n * 600,
        "{} bytes of diagnostics",
        run.stderr.len()
    );
    // The caret sits under the link in its window.
    let at = run.stderr.find(&format!("4:{column}: error")).unwrap_or(0);
    let snippet: Vec<&str> = run.stderr[at..].lines().skip(2).take(2).collect();
    let caret = snippet[1].find('^').unwrap_or(0);
    let above: String = snippet[0].chars().skip(caret).take(19).collect();
    assert_eq!(above, "[link](/nope-4321/)", "{snippet:?}");
    assert_eq!(snippet[1].matches('^').count(), 19, "{snippet:?}");
}
