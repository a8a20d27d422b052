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
