//! Issue 13: editors can trust a green build. Every mistake in a file at
//! once, no silent meaning changes, editorial warnings, hints that are
//! right, and messages for tools (codes, `--format json|github`, paths
//! relative to where the command ran).

mod harness;

use harness::SiteTest;

/// Point 1: value errors never hide reference errors (or other value
/// errors) in the same file; each is reported once, in file order.
#[test]
fn every_mistake_in_a_file_is_reported_at_once() {
    let run = SiteTest::expect_errors(
        "i13-every-mistake",
        &[
            "content/programs/cardio-observership.md:4:11: unknown hospital \"lakeside-clinc\"",
            "content/programs/cardio-observership.md:5:7: `kind` cannot be `observer`",
            "content/programs/im-hands-on.md:3:12: unknown specialty \"internal-medicne\"",
            "content/programs/im-hands-on.md:5:7: `kind` cannot be `handson`",
            "content/programs/im-hands-on.md:9:13: `fee.per_week` is not a valid amount: `$1,200`",
            "content/programs/im-hands-on.md:13:9: unknown refund tier `standrd`",
            "content/programs/im-hands-on.md:14:22: `starts`: `2027-02-30` is not a valid date (there is no such day in that month)",
        ],
    );
    assert_eq!(
        run.codes(),
        ["E013", "E007", "E013", "E007", "E010", "E014", "E009"]
    );
}

/// Point 3: editorial warnings, each with its code; the build goes on.
/// With `--strict` they fail the build and `check` (exit code 1), printed
/// as errors, and the previous output is untouched.
#[test]
fn editorial_warnings_and_strict() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let before = t.output();
    t.overlay("i13-editorial");
    let run = t.run(&["check", "--date", harness::DATE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.warnings(),
        [
            "content/programs/deadline-passed.md:8:9: the application deadline has passed for every start (the last was 2026-11-07)",
            "content/programs/past-open.md: the program's text is the same as cardio-observership's",
            "content/programs/past-open.md:8:9: the program is open but none of its starts is after the build date (2026-11-22)",
            "content/programs/past-open.md:9:16: `last_verified` is 676 days old (more than `stale_after_days`, 180)",
        ],
        "{}",
        run.stderr
    );
    assert_eq!(run.codes(), ["W005", "W007", "W004", "W006"]);
    // `stale_after_days` in site.yaml moves the limit.
    let yaml = t.read("site.yaml");
    t.write("site.yaml", &format!("{yaml}stale_after_days: 1000\n"));
    let run = t.run(&["check", "--date", harness::DATE]);
    assert_eq!(run.codes(), ["W005", "W007", "W004"], "{}", run.stderr);
    t.write("site.yaml", &yaml);
    // --strict: the same problems, as errors, and nothing written.
    for command in ["check", "build"] {
        let run = t.run(&[command, "--strict", "--date", harness::DATE]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert_eq!(run.errors().len(), 4, "{}", run.stderr);
        assert!(run.warnings().is_empty(), "{}", run.stderr);
        assert_eq!(run.codes(), ["W005", "W007", "W004", "W006"]);
    }
    assert!(
        before == t.output(),
        "a --strict build with warnings wrote output"
    );
    // `last_verified` in the future is an error.
    t.edit(
        "content/programs/past-open.md",
        "last_verified: 2025-01-15",
        "last_verified: 2027-01-15",
    );
    let run = t.run(&["build", "--date", harness::DATE]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.errors(),
        [
            "content/programs/past-open.md:9:16: `last_verified` (2027-01-15) is after the build date (2026-11-22)"
        ]
    );
    // (A program with errors is left out, so its text is compared with no other.)
    assert_eq!(run.codes(), ["W005", "W004", "E022"]);
    assert!(before == t.output());
}

/// Point 5: paths relative to where the command ran, so they are clickable
/// from a parent folder.
#[test]
fn paths_are_relative_to_the_current_folder() {
    let t = SiteTest::broken("i13-every-mistake");
    let parent = t.site.parent().unwrap().to_path_buf();
    let out = t
        .command(&["check", "site", "--date", harness::DATE])
        .current_dir(&parent)
        .output()
        .unwrap();
    let run = harness::Run::from(out);
    assert_eq!(run.code, 1);
    let errors = run.errors();
    assert_eq!(errors.len(), 7, "{}", run.stderr);
    assert!(
        errors
            .iter()
            .all(|e| e.starts_with("site/content/programs/")),
        "{errors:?}"
    );
    // And from the site folder itself, as before.
    let run = t.run(&["check", "--date", harness::DATE]);
    assert!(
        run.errors()[0].starts_with("content/programs/"),
        "{}",
        run.stderr
    );
    // An absolute site folder inside the current one is shown relative to it.
    let out = t
        .command(&["check", t.site.to_str().unwrap(), "--date", harness::DATE])
        .current_dir(&parent)
        .output()
        .unwrap();
    assert!(harness::Run::from(out).errors()[0].starts_with("site/content/programs/"));
}

/// Point 5: `check --format json` prints one JSON document on stdout with
/// every field docs/errors.md documents.
#[test]
fn check_format_json_is_one_document_with_the_documented_fields() {
    let t = SiteTest::broken("i13-every-mistake");
    let out = t
        .command(&["check", "--format", "json", "--date", harness::DATE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let diags = report["diagnostics"].as_array().expect("a list");
    assert_eq!(diags.len(), 7);
    assert_eq!(report["errors"], 7);
    assert_eq!(report["warnings"], 0);
    let first = &diags[0];
    assert_eq!(
        first,
        &serde_json::json!({
            "path": "content/programs/cardio-observership.md",
            "line": 4,
            "column": 11,
            "end": { "line": 4, "column": 25 },
            "severity": "error",
            "code": "E013",
            "message": "unknown hospital \"lakeside-clinc\"",
            "hint": "did you mean \"lakeside-clinic\"?",
            "docs": "docs/errors.md#e013",
        })
    );
    // Nothing but the document on stdout; the text report is not printed.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("unknown hospital"), "{stderr}");
    // A site without problems: an empty list.
    let t = SiteTest::fixture("valid");
    let out = t
        .command(&["check", "--format", "json", "--date", harness::DATE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["diagnostics"], serde_json::json!([]));
}

/// Point 5: `check --format github` prints workflow annotations (file, line,
/// col, endLine, endColumn, title = the code), escaped, and appends a
/// Markdown job summary to the file GITHUB_STEP_SUMMARY names.
#[test]
fn check_format_github_annotates_and_writes_a_job_summary() {
    let t = SiteTest::broken("i13-every-mistake");
    t.edit(
        "content/programs/cardio-observership.md",
        "lakeside-clinc",
        "lakeside|clinc%",
    );
    let summary = t.site.parent().unwrap().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = t
        .command(&["check", "--format", "github", "--date", harness::DATE])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 7, "{stdout}");
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::error file=content/programs/"))
    );
    assert_eq!(
        lines[0],
        "::error file=content/programs/cardio-observership.md,line=4,col=11,endLine=4,endColumn=26,title=E016::`hospital` must be a slug (a file name without .md), found `lakeside|clinc%25` (help: write the file name of the hospital, e.g. `hospital: lakeside-clinc`)"
    );
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("earlier step\n### rotalog check\n\n7 errors, 0 warnings\n"),
        "{written}"
    );
    assert!(
        written.contains("| <code>content/programs/cardio-observership.md:4:11</code> | error | E016 | <code>&#96;hospital&#96; must be a slug (a file name without .md), found &#96;lakeside&#124;clinc%&#96;</code>"),
        "{written}"
    );
    // The text report still goes to stderr, once (no second set of annotations).
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: `hospital` must be a slug"),
        "{stderr}"
    );
    assert!(!stderr.lines().any(|l| l.starts_with("::")), "{stderr}");
}

/// Point 2: no silent meaning changes. A plain value cut short by ` #` is
/// a warning with the quoted line to write; a word right but for case is an
/// error (E008) with the value to write; list vocabularies are closed with a
/// did-you-mean, and a phrase with spaces is free text on purpose.
#[test]
fn no_silent_meaning_changes() {
    let run = SiteTest::expect_errors(
        "i13-meaning",
        &[
            "content/programs/im-hands-on.md:4:11: `hospital`: `Mercy-Chicago` differs only in case from `mercy-chicago`",
            "content/programs/im-hands-on.md:13:9: `refund`: `Standard` differs only in case from `standard`",
            "content/programs/im-hands-on.md:26:27: `visa.accepted`: `tourist` is not a known visa type",
            "content/programs/im-hands-on.md:28:12: `includes`: `emr-acess` is not a known inclusion",
            "content/programs/im-hands-on.md:28:23: `includes`: `EMR-access` differs only in case from `emr-access`",
        ],
    );
    assert_eq!(
        run.warnings(),
        [
            "content/programs/im-hands-on.md:2:26: `Internal Medicine` ends at ` #`: the rest of the line is a YAML comment"
        ]
    );
    assert_eq!(
        run.help_for("ends at"),
        "to keep the whole text, quote it: `title: \"Internal Medicine #1 rotation\"`; if it is a comment, put two spaces before the `#`"
    );
    assert_eq!(
        run.help_for("`Standard`"),
        "write it as the known value is written: `refund: standard`"
    );
    assert_eq!(
        run.help_for("`EMR-access`"),
        "write it as the known value is written: `includes: [emr-access]`"
    );
    assert!(
        run.help_for("`emr-acess`").starts_with("did you mean `emr-access`? Or, for something not on the list, describe it in words with spaces"),
        "{}",
        run.stderr
    );
    assert!(
        run.help_for("`tourist`")
            .starts_with("the known values are `B1/B2`, `ESTA`, `J-1`, `F-1`. Or,"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.codes(),
        ["W003", "E008", "E008", "E007", "E007", "E008"]
    );
}

/// Point 2: the free-text way works and shows the text as written; the
/// quoted title keeps its `#`.
#[test]
fn free_text_and_quoted_values_are_kept_as_written() {
    let t = SiteTest::fixture("valid");
    t.edit(
        "content/programs/im-hands-on.md",
        "title: Internal Medicine Hands-on Rotation",
        "title: \"Internal Medicine #1 rotation\"",
    );
    t.edit(
        "content/programs/im-hands-on.md",
        "includes: [emr-access, case-presentations]",
        "includes: [emr-access, Parking on site]",
    );
    let run = t.build();
    run.assert_success();
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let page = String::from_utf8_lossy(&t.output()["programs/im-hands-on/index.html"]).into_owned();
    assert!(page.contains("Internal Medicine #1 rotation"), "{page}");
    assert!(
        page.contains("Parking on site") && page.contains("EMR access"),
        "{page}"
    );
}

/// Point 4: an indentation mistake names the line indented differently
/// from the line above it and by how much; `starts` lists both its forms
/// (dates, or `rolling`, case included); the fee example is a line that
/// decodes as written.
#[test]
fn hints_that_are_right() {
    let run = SiteTest::expect_errors(
        "i13-hints",
        &[
            "content/programs/cardio-observership.md:7:15: `fee.total` should be a number, found the text \"1,500\"",
            "content/programs/cardio-observership.md:9:9: `starts`: `Rolling` differs only in case from `rolling`",
            "content/programs/im-hands-on.md:10:5: line 10 is indented 2 spaces more than line 9 above it",
        ],
    );
    assert_eq!(
        run.help_for("line 10 is indented"),
        "keys of one mapping start in the same column: start `application` under `per_week` (2 spaces); only the fields of a key with nothing after its colon go further in"
    );
    assert_eq!(
        run.help_for("`Rolling`"),
        "write it as the known value is written: `starts: rolling`"
    );
    assert!(
        run.help_for("`fee.total`")
            .contains("e.g. `fee: { total: 1200 }` or `fee: { total: 99.50 }`"),
        "{}",
        run.stderr
    );
    let t = SiteTest::fixture("valid");
    t.edit(
        "content/programs/cardio-observership.md",
        "starts: rolling",
        "starts: soon",
    );
    let run = t.check();
    assert_eq!(
        run.help_for("`soon`"),
        "write start dates as YYYY-MM-DD, `starts: [2027-01-04, 2027-02-01]`, or the one word `starts: rolling` for starts at any time"
    );
}

/// The examples in a hint: each `key: value` in backticks.
fn examples(hint: &str) -> Vec<String> {
    hint.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            let key = s.split_once(':').map_or("", |(k, _)| k);
            s.contains(": ")
                && !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        })
        .map(str::to_string)
        .collect()
}

/// Point 4: every example in a hint is valid YAML exactly as printed; one
/// that sets a program field decodes when written into a valid program
/// (with no error but the fields a one-field example leaves out, E005, or
/// a reference to a file the site lacks, E013).
/// The hints are those of every broken fixture (every editor mistake the
/// tests make) and of this file's.
#[test]
fn every_example_in_a_hint_is_valid_yaml_as_printed() {
    let mut seen = 0;
    let mut problems = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(harness::fixtures().join("broken"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let valid = SiteTest::fixture("valid");
    let program = valid.read("content/programs/im-hands-on.md");
    for name in names {
        let t = SiteTest::broken(&name);
        let diags = match rotalog::check(&t.options()) {
            Ok(g) => g.warnings,
            Err(f) => f.diagnostics().to_vec(),
        };
        for d in diags {
            for example in d.hint.as_deref().map(examples).unwrap_or_default() {
                seen += 1;
                let (_, errors) = rotalog::content::yaml::parse(&example, 1);
                if !errors.is_empty() {
                    problems.push(format!("{name}: `{example}` is not YAML: {errors:?}"));
                    continue;
                }
                let key = example.split_once(':').map_or("", |(k, _)| k);
                let line_of = |l: &str| l.starts_with(&format!("{key}:"));
                if key.contains('.') {
                    problems.push(format!(
                        "{name}: `{example}` sets the dotted key `{key}`, which no file has"
                    ));
                    continue;
                }
                if !program.lines().any(line_of) || d.path.starts_with("site.yaml") {
                    continue; // not a program field written on one line: parsed only
                }
                // Decoded: the program with its lines for `key` (the key's
                // line and the indented lines under it) replaced.
                let mut text: Vec<&str> = Vec::new();
                let mut skipping = false;
                for l in program.lines() {
                    if line_of(l) {
                        text.push(&example);
                        skipping = true;
                    } else if !(skipping && l.starts_with(' ')) {
                        skipping = false;
                        text.push(l);
                    }
                }
                valid.write("content/programs/im-hands-on.md", &(text.join("\n") + "\n"));
                let run = valid.check();
                // An example shows one field: others it leaves out may be
                // missing (E005), and a slug it suggests from what was
                // written may name no file of this site (E013); anything
                // else is a wrong example.
                if run.codes().iter().any(|c| c != "E005" && c != "E013") {
                    problems.push(format!(
                        "{name}: `{example}` does not decode:\n{}",
                        run.stderr
                    ));
                }
            }
        }
    }
    assert!(seen > 20, "only {seen} examples found");
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
