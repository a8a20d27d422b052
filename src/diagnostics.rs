//! Problems found in a site, in the form compilers use, so that editors and CI can
//! jump to them: `content/programs/x.md:4:11: error: unknown hospital "…"`.
//!
//! A [`Diagnostic`] carries a [`Snippet`] of the offending source line, so
//! printing never reads files again. The snippet is a bounded window around
//! the column (about [`SNIPPET_WIDTH`] characters), not a copy of the line: a
//! one-line file with thousands of problems costs thousands of small windows,
//! not thousands of copies of the line, and prints thousands of short lines.
//!
//! [`print()`] shows a list of them for a terminal (colour only when stderr is
//! one and `NO_COLOR` is unset) and, under GitHub Actions, as `::error`
//! workflow commands too.
//!
//! Everything a diagnostic quotes comes from files an untrusted editor wrote,
//! so rendering is where it is made safe to print, for every caller at once:
//! every control character of the path, message, hint and source line is
//! shown as `\u{…}` ([`escape_for_terminal`]), so no value can move the
//! cursor, recolour the terminal, reorder text (bidi controls) or start a new
//! line. Each printed line then starts with text rotalog chose (the path, the
//! `|` gutter, `= help:`), and a path that would itself start a line with `::`
//! is shown as `./::…`: only rotalog's own annotations begin with `::`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How bad a problem is. Errors fail the build; warnings are printed only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, with where it is and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the site directory, with `/` separators.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when there is no column.
    pub column: usize,
    /// How many characters the caret underlines (at least 1 when shown).
    pub length: usize,
    pub severity: Severity,
    pub message: String,
    /// What to do about it: a did-you-mean, the allowed values, an example.
    pub hint: Option<String>,
    /// The part of the source line around the column, for the snippet.
    pub snippet: Option<Snippet>,
}

/// How many characters of a source line a snippet shows, at most (plus an
/// ellipsis on each side that was cut). Counted as printed, after escaping.
pub const SNIPPET_WIDTH: usize = 120;

/// How much of the line before the column a snippet keeps, when the line is
/// too long to show whole.
const SNIPPET_BEFORE: usize = 40;

/// A window of a source line around a diagnostic's column: the text before
/// the column and the text from it, each cut where the line is too long.
/// Built from the line, never holding more than [`SNIPPET_WIDTH`] printed
/// characters of it, whatever the line's length.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The text before the column (the end of it, when cut).
    pub before: String,
    /// The text from the column on (the start of it, when cut).
    pub from: String,
    /// The line has more text before `before`.
    pub cut_before: bool,
    /// The line has more text after `from`.
    pub cut_after: bool,
}

impl Snippet {
    /// The window of `line` around the 1-based character `column` (0 or a
    /// column past the end means the end of the line). Walks the line up to
    /// the column: for one diagnostic in a line; [`Snippet::around`] takes a
    /// byte offset and reads only the window.
    pub fn new(line: &str, column: usize) -> Snippet {
        let at = line
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        Snippet::around(line, at)
    }

    /// The window of `line` around byte offset `at` (rounded down to a
    /// character boundary). Reads only the characters it keeps.
    pub fn around(line: &str, at: usize) -> Snippet {
        let mut at = at.min(line.len());
        while !line.is_char_boundary(at) {
            at -= 1;
        }
        let (head, tail) = line.split_at(at);
        // Keep some text before the column, then as much after as fits, then
        // give what is left back to the text before.
        let (mut start, before_width) = take_back(head, head.len(), SNIPPET_BEFORE);
        let (end, from_width) = take_forward(tail, SNIPPET_WIDTH.saturating_sub(before_width));
        if start > 0 && end == tail.len() {
            let room = SNIPPET_WIDTH.saturating_sub(before_width + from_width);
            start = take_back(head, start, room).0;
        }
        Snippet {
            before: head[start..].to_string(),
            from: tail[..end].to_string(),
            cut_before: start > 0,
            cut_after: end < tail.len(),
        }
    }
}

/// The end of `text[..upto]` that prints in at most `budget` columns: the
/// byte where it starts and its printed width.
fn take_back(text: &str, upto: usize, budget: usize) -> (usize, usize) {
    let mut width = 0;
    let mut start = upto;
    for (i, c) in text[..upto].char_indices().rev() {
        let w = printed_width(c);
        if width + w > budget {
            break;
        }
        width += w;
        start = i;
    }
    (start, width)
}

/// The start of `text` that prints in at most `budget` columns: the byte
/// where it ends and its printed width.
fn take_forward(text: &str, budget: usize) -> (usize, usize) {
    let mut width = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let w = printed_width(c);
        if width + w > budget {
            break;
        }
        width += w;
        end = i + c.len_utf8();
    }
    (end, width)
}

impl Diagnostic {
    /// A problem with a whole file or directory (no position).
    pub fn file(path: impl Into<PathBuf>, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: 0,
            column: 0,
            length: 0,
            severity,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The stable code (`E013`, `W003`): from the message, by [`CODES`];
    /// `E000`/`W000` for a message it does not know.
    pub fn code(&self) -> &'static str {
        match (code_of(&self.message), self.severity) {
            (Some(c), _) => c.code,
            (None, Severity::Error) => OTHER,
            (None, Severity::Warning) => "W000",
        }
    }

    /// Where the code is explained: `docs/errors.md#e013`.
    pub fn docs(&self) -> String {
        format!("docs/errors.md#{}", self.code().to_ascii_lowercase())
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column` (or fewer parts when unknown), safe to print: the
    /// path's control characters escaped, and never starting with `::`.
    pub fn location(&self) -> String {
        let path = shown_path(&self.path);
        match (self.line, self.column) {
            (0, _) => path,
            (l, 0) => format!("{path}:{l}"),
            (l, c) => format!("{path}:{l}:{c}"),
        }
    }

    /// The first line of the diagnostic, without colour and safe to print:
    /// `content/x.md:4:11: error: message`.
    pub fn headline(&self) -> String {
        format!(
            "{}: {}: {} [{}]",
            self.location(),
            self.severity.as_str(),
            escape_for_terminal(&self.message),
            self.code()
        )
    }

    /// Full plain-text rendering: headline, source line with caret, hint.
    /// Every value in it is escaped ([`escape_for_terminal`]), and a long
    /// source line is cut to a window around the column.
    pub fn render(&self, color: bool) -> String {
        let (bold, red, yellow, blue, reset) = if color {
            (
                "\x1b[1m",
                "\x1b[1;31m",
                "\x1b[1;33m",
                "\x1b[1;34m",
                "\x1b[0m",
            )
        } else {
            ("", "", "", "", "")
        };
        let sev_color = match self.severity {
            Severity::Error => red,
            Severity::Warning => yellow,
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{bold}{}{reset}: {sev_color}{}{reset}: {bold}{}{reset} [{}]",
            self.location(),
            self.severity.as_str(),
            escape_for_terminal(&self.message),
            self.code()
        );
        if let (Some(snippet), true) = (&self.snippet, self.line > 0) {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let before = escape_source(&snippet.before);
            let from = escape_source(&snippet.from);
            let open = if snippet.cut_before { "…" } else { "" };
            let close = if snippet.cut_after { "…" } else { "" };
            let _ = writeln!(out, "{blue}{pad} |{reset}");
            let _ = writeln!(out, "{blue}{number} |{reset} {open}{before}{from}{close}");
            if self.column > 0 {
                let caret_pad = " ".repeat(open.chars().count() + before.chars().count());
                let underlined: usize = snippet
                    .from
                    .chars()
                    .take(self.length.max(1))
                    .map(printed_width)
                    .sum();
                let carets = "^".repeat(underlined.max(1));
                let _ = writeln!(
                    out,
                    "{blue}{pad} |{reset} {caret_pad}{sev_color}{carets}{reset}"
                );
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  {blue}= help:{reset} {}", escape_for_terminal(hint));
        }
        out
    }

    /// A GitHub Actions workflow command, so the problem shows inline on a
    /// pull request. Every field is escaped: control characters as in
    /// [`escape_for_terminal`], then the workflow-command escapes (`%`, CR,
    /// LF; and `:` and `,` in properties), so no value can end the command
    /// or start another.
    pub fn github_annotation(&self) -> String {
        let path = escape_for_terminal(&display_path(&self.path)).into_owned();
        let mut props = format!("file={}", escape_property(&path));
        if self.line > 0 {
            let _ = write!(props, ",line={}", self.line);
        }
        if self.column > 0 {
            let (end_line, end_column) = self.end();
            let _ = write!(
                props,
                ",col={},endLine={end_line},endColumn={end_column}",
                self.column
            );
        }
        let _ = write!(props, ",title={}", self.code());
        let mut text = self.message.clone();
        if let Some(hint) = &self.hint {
            text.push_str(" (help: ");
            text.push_str(hint);
            text.push(')');
        }
        format!(
            "::{} {}::{}",
            self.severity.as_str(),
            props,
            escape_data(&escape_for_terminal(&text))
        )
    }
}

/// A diagnostic's stable code and the kind of mistake it names: the
/// section `docs/errors.md#e013` (the code in lower case) explains it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    /// `E013`: `E` for errors, `W` for warnings (even under `--strict`).
    pub code: &'static str,
    /// What kind of mistake, in a few words (the section's title).
    pub title: &'static str,
    /// The messages of this kind: each is a whole message, `{}` standing for
    /// any text (the placeholders of the `format!` that makes it).
    pub messages: &'static [&'static str],
}

/// The code of a message nothing else matches (text from a library, such
/// as a template engine's report, after an unrecognised prefix).
/// (`W000` for a warning.)
pub const OTHER: &str = "E000";

/// Every code, in one table keyed by the message: the first entry with a
/// message pattern that matches is the diagnostic's code. Adding a message
/// means adding its pattern here (tests/docs.rs checks that every message
/// in the code has one, and that every code has its section in
/// docs/errors.md).
pub const CODES: &[Code] = &[
    Code {
        code: "E001",
        title: "YAML syntax",
        messages: &[
            "YAML syntax error: {}",
            "tab character in YAML indentation",
            "a second YAML document starts here",
            "aliases expand to more than {} values",
            "the document has more than {} values",
            "lists and maps are nested more than {} levels deep",
            "{} is indented {} than {}",
        ],
    },
    Code {
        code: "E002",
        title: "Duplicate key",
        messages: &["duplicate key `{}` (first given on line {})"],
    },
    Code {
        code: "E003",
        title: "Front matter",
        messages: &[
            "the file does not start with front matter",
            "the front matter that starts here is never closed",
        ],
    },
    Code {
        code: "E004",
        title: "Unknown field",
        messages: &["unknown {} field `{}`"],
    },
    Code {
        code: "E005",
        title: "Missing or empty field",
        messages: &[
            "missing required {} field `{}`{}",
            "required field `{}` is empty",
            "`{}` is empty",
            "a menu entry needs a `page` or a `url`",
            "site.yaml is empty",
        ],
    },
    Code {
        code: "E006",
        title: "Wrong kind of value",
        messages: &[
            "expected the fields of the {} (`name: value` lines), found {}",
            "expected a list of questions (`- q: …` / `  a: …`), found {}",
            "a {} field name must be plain text",
            "`{}` should be text, found {}",
            "`{}` should be true or false, found {}",
            "`{}` should be a whole number, found {}",
            "`{}` should be an amount, found {}",
            "`{}` should be a number, found the text \"{}\"",
            "`{}` should be a date, found {}",
            "`{}` should be a list{}, found {}",
            "`starts` should be a list of dates or the word `rolling`, found {}",
            "`refund_tiers` should map tier names to sentences, found {}",
            "`menu` should be a list of pages and links, found {}",
            "`housing` should be true, false or `{ per_week, note }`, found {}",
        ],
    },
    Code {
        code: "E007",
        title: "Not one of the allowed values",
        messages: &[
            "`{}` should be one of {}, found {}",
            "`{}` cannot be `{}`",
            "`visa` should be `not-needed` or the visa fields, found `{}`",
            "`{}` is not a U.S. state code",
            "`{}`: `{}` is not a known {}",
        ],
    },
    Code {
        code: "E008",
        title: "Right word, wrong case",
        messages: &["`{}`: `{}` differs only in case from `{}`"],
    },
    Code {
        code: "E009",
        title: "Invalid date",
        messages: &["`{}`: `{}` is not a valid date ({})"],
    },
    Code {
        code: "E010",
        title: "Invalid amount of money",
        messages: &[
            "`{}` cannot be negative ({})",
            "`{}` is not a valid amount: `{}`",
        ],
    },
    Code {
        code: "E011",
        title: "Number out of range",
        messages: &["`{}` must be from {} to {}, found {}"],
    },
    Code {
        code: "E012",
        title: "A value listed twice",
        messages: &["`{}` lists {} twice"],
    },
    Code {
        code: "E013",
        title: "Unknown specialty, hospital or menu page",
        messages: &[
            "unknown {} \"{}\"",
            "`menu` names `posts`, but the site has no posts",
            "`menu` names `{}`, which is no page or section of the site",
        ],
    },
    Code {
        code: "E014",
        title: "Refund tiers",
        messages: &[
            "unknown refund tier `{}`",
            "refund tier name `{}` must be one lowercase word (letters, digits, `-`)",
            "refund tier `{}` has no text",
            "the refund schedule of `{}` lists {} days before twice",
            "the refund schedule of `{}` refunds more nearer the start: {}% at {} days before, but {}% at {}",
        ],
    },
    Code {
        code: "E015",
        title: "Fields that contradict each other",
        messages: &[
            "give either `{}` or `{}`{}, not both",
            "`visa.{}` contradicts `required: false` (no visa needed)",
            "the deposit ({}) is more than the lowest total of an offered rotation ({} for {} weeks)",
        ],
    },
    Code {
        code: "E016",
        title: "Names, slugs and tags",
        messages: &[
            "`{}` must be a slug (a file name without .md), found `{}`",
            "`{}` is not a valid slug: file names may use only lowercase letters, digits and `-`",
            "`theme` must be a folder name under themes/, found `{}`",
            "`{}` is not a BCP 47 language tag: `{}`",
            "`contact.email` is not an email address: `{}`",
            "the program slug `page` is reserved: {}",
            "the page `{}` would replace the generated /{}/ page",
            "static file would replace the generated /{}",
        ],
    },
    Code {
        code: "E017",
        title: "Unsafe or unusable link",
        messages: &[
            "`{}` is not a safe link: {}",
            "`base_url` is not usable: {}",
            "--base-url is not usable: {}",
            "`menu.url` is not a usable path: `{}`",
            "`{}` has an unknown placeholder {}",
            "`{}` has a `{` that is never closed",
        ],
    },
    Code {
        code: "E018",
        title: "Broken link or missing image",
        messages: &[
            "broken link: there is no page or file at `{}`",
            "image not found: there is no static{}",
            "`image.src` must be a file under static/, written from the site root: `{}`",
        ],
    },
    Code {
        code: "E019",
        title: "Files and folders",
        messages: &[
            "there is no content/ folder",
            "unknown content folder `{}`",
            "no site.yaml in {}",
            "the file is not valid UTF-8 text",
            "this symbolic link leads back into a folder that contains it, so it is not followed",
            "symbolic link to a place outside the site folder: rotalog does not follow it",
            "symbolic link whose target does not exist",
            "not a regular file (it is {}), so it is not read",
            "the file is too large ({}); files like it may be at most {}",
            "cannot read: {}",
            "cannot read the file: {}",
            "the site folder `{}` {}",
        ],
    },
    Code {
        code: "E020",
        title: "Themes and templates",
        messages: &[
            "theme `{}` not found: there is no themes/{}/ folder",
            "the theme's templates do not compile{}",
            "the built-in template {} no longer compiles with your theme's templates ({})",
            "your {} has no `{}`, which the built-in templates use ({})",
            "the component `{}` is defined in both {} and {}",
            "rendering {} failed{}",
        ],
    },
    Code {
        code: "E021",
        title: "Output folder, preview and file system (exit code 2)",
        messages: &[
            "refusing to write the site to {}: {}",
            "cannot lock {}: {} is not a regular file",
            "{} is writing to {}",
            "cannot open the site folder {}: {}",
            "cannot start watching: {}",
            "cannot listen on {}: {}",
            "cannot {} {}: {}",
        ],
    },
    Code {
        code: "E022",
        title: "Verified in the future",
        messages: &["`last_verified` ({}) is after the build date ({})"],
    },
    Code {
        code: "E030",
        title: "New file refused (`rotalog new`, exit code 2)",
        messages: &[
            "`{}` is not a usable file name for a {}",
            "`{}` is a section the site makes itself",
            "{} already exists: `rotalog new` never overwrites a file",
            "there is no {} `{}` (no content/{}/{}.md)",
        ],
    },
    Code {
        code: "E031",
        title: "Browser editor settings",
        messages: &[
            "`cms.repo` should be the repository as `owner/name`, found `{}`",
            "`cms.{}` must be an https:// address, found `{}`",
        ],
    },
    Code {
        code: "E023",
        title: "Alias",
        messages: &[
            "the alias `{}` is not a slug: lowercase letters, digits and `-`",
            "the alias `{}` is the live URL /{}/{}/",
            "the alias `{}` is given twice, also in content/{}/{}.md",
        ],
    },
    Code {
        code: "E025",
        title: "Translation table",
        messages: &[
            "`{}` is not a plural category",
            "the plural message `{}` has no `other` form",
            "in a translation table, {} should be text, found {}",
        ],
    },
    Code {
        code: "E024",
        title: "Unusable image",
        messages: &[
            "`{}` is not an image a page can show: use PNG, JPEG, WebP, GIF, AVIF or SVG",
            "the image `{}` is damaged: its width and height cannot be read",
            "the SVG image `{}` states no size",
            "the image `{}` cannot be read: {}",
        ],
    },
    Code {
        code: "E026",
        title: "Unknown language",
        messages: &["unknown language `{}`: there is no translation table for it"],
    },
    Code {
        code: "E027",
        title: "Translation into a language the site does not have",
        messages: &[
            "the file is a translation into `{}`, the site's default language",
            "the file is a translation into `{}`, which is not one of the site's languages",
        ],
    },
    Code {
        code: "E028",
        title: "A fact in a translation",
        messages: &["`{}` is a fact, which a translation does not repeat: it is taken from {}"],
    },
    Code {
        code: "E029",
        title: "A translated list does not match the original's",
        messages: &[
            "the number of translated questions ({}) is not that of {} ({})",
            "the number of translated bundles ({}) is not that of content/fees.yaml ({})",
        ],
    },
    Code {
        code: "W001",
        title: "Ignored file",
        messages: &[
            "`{}` is not part of the content model and is ignored",
            "sub-folders are not read; this folder is ignored",
            "`{}` is not a Markdown (.md) file and is ignored",
            "`{}` is not a template (.html file) and is ignored",
        ],
    },
    Code {
        code: "W002",
        title: "Unsafe link removed",
        messages: &[
            "link to `{}:` removed: only http, https, mailto and tel links are allowed",
            "image from `{}:` removed: images must be https:// or files of this site",
        ],
    },
    Code {
        code: "W003",
        title: "The rest of the line is a comment",
        messages: &["`{}` ends at ` #`: the rest of the line is a YAML comment"],
    },
    Code {
        code: "W004",
        title: "Open program with no future start",
        messages: &["the program is open but none of its starts is after the build date ({})"],
    },
    Code {
        code: "W005",
        title: "Application deadline passed for every start",
        messages: &["the application deadline has passed for every start (the last was {})"],
    },
    Code {
        code: "W006",
        title: "Not verified for a long time",
        messages: &["`last_verified` is {} days old (more than `stale_after_days`, {})"],
    },
    Code {
        code: "W007",
        title: "Same text as another program",
        messages: &["the program's text is the same as {}'s"],
    },
    Code {
        code: "W008",
        title: "Past a host's limits",
        messages: &[
            "the site has {} files, more than Cloudflare Pages takes in one deploy ({})",
            "the site has {} redirects (aliases), more than Cloudflare Pages applies ({}); this is one past it",
            "the file is {} MiB, more than Cloudflare Pages serves as one file ({} MiB)",
        ],
    },
    Code {
        code: "W009",
        title: "Translation table incomplete",
        messages: &[
            "`{}` is not a key of the theme's English table, so nothing prints it",
            "the `{}` table has no text for {} of the theme's keys ({}): English is shown for them",
        ],
    },
    Code {
        code: "W010",
        title: "Translation without its original",
        messages: &["there is no {} for this translation to translate, so it is not published"],
    },
    Code {
        code: "W011",
        title: "Page not translated",
        messages: &["not translated into `{}`: {} shows this text, with a note saying so"],
    },
];

/// The entry of [`CODES`] with a pattern that matches `message`, if any.
pub fn code_of(message: &str) -> Option<&'static Code> {
    CODES
        .iter()
        .find(|c| c.messages.iter().any(|m| matches_pattern(m, message)))
}

/// Whether `text` is `pattern` with each `{}` standing for any text.
pub fn matches_pattern(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split("{}");
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

impl Diagnostic {
    /// Where the underlined text ends: its line and the column just after
    /// its last character (the start when there is no column).
    pub fn end(&self) -> (usize, usize) {
        if self.column == 0 {
            return (self.line, 0);
        }
        (self.line, self.column + self.length.max(1))
    }

    /// The diagnostic as a JSON object (`--format json`, docs/errors.md):
    /// path, line, column, end (line and column), severity, code, message,
    /// hint (or null) and docs (the section of docs/errors.md). Values are
    /// the files' text as it is: JSON escapes what it must.
    pub fn to_json(&self) -> serde_json::Value {
        let (end_line, end_column) = self.end();
        serde_json::json!({
            "path": display_path(&self.path),
            "line": self.line,
            "column": self.column,
            "end": { "line": end_line, "column": end_column },
            "severity": self.severity.as_str(),
            "code": self.code(),
            "message": self.message,
            "hint": self.hint,
            "docs": self.docs(),
        })
    }

    /// The path seen from another folder: `site` + `content/x.md` is
    /// `site/content/x.md`. Only a site-relative path (one under
    /// `content/`, `static/`, `themes/`, or `site.yaml`) is changed: other
    /// paths (the output folder, the site folder itself) are already given
    /// as typed on the command line.
    pub fn under(mut self, site: &Path) -> Diagnostic {
        let site_relative = self.path.is_relative()
            && self.path.components().next().is_some_and(|c| {
                matches!(
                    c.as_os_str().to_str(),
                    Some("content" | "static" | "themes" | "site.yaml")
                )
            });
        if site_relative && !site.as_os_str().is_empty() && site != Path::new(".") {
            self.path = site.join(&self.path);
        }
        self
    }
}

/// One JSON document for a run (`rotalog check --format json`): every
/// diagnostic in order, and the counts.
pub fn json_report(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let report = serde_json::json!({
        "diagnostics": diags.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
        "errors": errors,
        "warnings": diags.len() - errors,
    });
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// A Markdown job summary for GitHub Actions (`$GITHUB_STEP_SUMMARY`): the
/// counts, then a table of every problem. Every value is shown in `<code>`
/// with its control characters escaped and `& < > | `` ` `` written as HTML
/// character references, so no value can end the cell or add markup.
pub fn github_summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut out = format!(
        "### rotalog check\n\n{}\n",
        summary(errors, diags.len() - errors)
    );
    if diags.is_empty() {
        return out;
    }
    out.push_str("\n| Where | Severity | Code | Problem |\n| --- | --- | --- | --- |\n");
    let cell = |s: &str| {
        let mut out = String::from("<code>");
        for c in escape_for_terminal(s).chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '|' => out.push_str("&#124;"),
                '`' => out.push_str("&#96;"),
                c => out.push(c),
            }
        }
        out + "</code>"
    };
    for d in diags {
        let help = d
            .hint
            .as_deref()
            .map(|h| format!("<br>{}", cell(h)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}{help} |",
            cell(&d.location()),
            d.severity.as_str(),
            d.code(),
            cell(&d.message),
        );
    }
    out
}

/// Prints one line of rotalog's own to stderr, with what it quotes escaped
/// ([`escape_for_terminal`]) and write errors ignored: a closed stderr (a
/// pipe into `head`, a closed CI log) must never turn into a panic.
pub fn say(line: &str) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let _ = writeln!(err, "{}", escape_for_terminal(line));
}

/// `text` with every character that could control a terminal or a log
/// viewer written as a Rust-style escape, `\u{1b}`: C0 controls (tab, CR
/// and LF included), DEL, C1 controls (U+0080–U+009F), the line and
/// paragraph separators U+2028/U+2029, and the bidirectional controls
/// (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069). Everything else,
/// backslashes included, is printed as it is. Borrowed when nothing needs
/// escaping.
pub fn escape_for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Whether [`escape_for_terminal`] escapes `c`.
pub fn needs_escape(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{61c}'
    )
}

fn push_escaped(out: &mut String, c: char) {
    if needs_escape(c) {
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    } else {
        out.push(c);
    }
}

/// A source line for the snippet: like [`escape_for_terminal`], except that
/// a tab is shown as one space (it is one column, so the caret stays put).
fn escape_source(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\t' {
            out.push(' ');
        } else {
            push_escaped(&mut out, c);
        }
    }
    out
}

/// How many characters `c` takes in a snippet once escaped.
fn printed_width(c: char) -> usize {
    if c == '\t' || !needs_escape(c) {
        1
    } else {
        // `\u{…}`: four characters around the hex digits.
        let digits = (32 - (c as u32).leading_zeros()).div_ceil(4).max(1) as usize;
        digits + 4
    }
}

/// The path as printed at the start of a line: escaped, and with `./` in
/// front when it would otherwise start with `::` (a workflow command).
fn shown_path(path: &Path) -> String {
    let shown = escape_for_terminal(&display_path(path)).into_owned();
    if shown.starts_with("::") {
        format!("./{shown}")
    } else {
        shown
    }
}

/// Sorts diagnostics by path, line and column, and drops exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
    });
    diags.dedup();
}

/// Prints diagnostics to stderr: coloured when stderr is a terminal and
/// `NO_COLOR` is unset, plus GitHub annotations when `GITHUB_ACTIONS=true`.
pub fn print(diags: &[Diagnostic]) {
    print_with(
        diags,
        std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true"),
    );
}

/// Prints diagnostics to stderr as [`print()`] does, with the GitHub
/// annotations only when `github` is true.
pub fn print_with(diags: &[Diagnostic], github: bool) {
    let color = use_color();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in diags {
        let _ = write!(err, "{}", d.render(color));
        if github {
            let _ = writeln!(err, "{}", d.github_annotation());
        }
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if errors > 0 || warnings > 0 {
        let _ = writeln!(err, "{}", summary(errors, warnings));
    }
}

/// Prints to stderr, as [`print()`] does, only the diagnostics of `diags`
/// that are not in `before` (what the previous call showed: `serve`
/// rebuilds on every save, and a mistake left unfixed is not printed
/// again); then the count of them all, with how many were shown before.
pub fn print_new(diags: &[Diagnostic], before: &[Diagnostic]) {
    let fresh: Vec<&Diagnostic> = diags.iter().filter(|d| !before.contains(d)).collect();
    let color = use_color();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in &fresh {
        let _ = write!(err, "{}", d.render(color));
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let old = diags.len() - fresh.len();
    if old > 0 {
        let _ = writeln!(err, "{} ({old} shown before)", summary(errors, warnings));
    } else if !diags.is_empty() {
        let _ = writeln!(err, "{}", summary(errors, warnings));
    }
}

/// The untranslated pages (W011) of `diags` counted per language, as the
/// lines `build` and `serve` print in their place (`check` lists each):
/// the other diagnostics, and one line per language (print them through
/// [`say()`], which escapes).
pub fn count_untranslated(diags: &[Diagnostic]) -> (Vec<Diagnostic>, Vec<String>) {
    let (untranslated, others): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diags.iter().partition(|d| d.code() == "W011");
    let mut per_language: std::collections::BTreeMap<&str, usize> = Default::default();
    for d in &untranslated {
        let language = d.message.split('`').nth(1).unwrap_or("?");
        *per_language.entry(language).or_default() += 1;
    }
    let lines = per_language
        .into_iter()
        .map(|(language, n)| {
            format!(
                "warning[W011]: {n} page{} not translated into `{language}`: they show the default language's text with a note (`rotalog check` lists them)",
                if n == 1 { " is" } else { "s are" },
            )
        })
        .collect();
    (others.into_iter().cloned().collect(), lines)
}

/// The site folder as a path from `cwd` (the current folder): as typed when
/// it is relative (without a leading `./`), else relative to `cwd` when
/// inside it, else as it is.
pub fn seen_from(cwd: Option<&Path>, site: &Path) -> PathBuf {
    if site.is_relative() {
        return site.strip_prefix(".").unwrap_or(site).to_path_buf();
    }
    cwd.and_then(|cwd| site.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| site.to_path_buf())
}

/// `2 errors, 1 warning`.
pub fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn use_color() -> bool {
    use std::io::IsTerminal;
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    std::io::stderr().is_terminal()
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Suggests the closest candidate to a misspelt name, if one is close enough.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(input, c);
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        Diagnostic {
            path: "content/programs/x.md".into(),
            line: 4,
            column: 11,
            length: 5,
            severity: Severity::Error,
            message: "unknown hospital \"mercy\"".into(),
            hint: Some("did you mean \"mercy-chicago\"?".into()),
            snippet: Some(Snippet::new("hospital: mercy", 11)),
        }
    }

    #[test]
    fn renders_compiler_style_with_caret() {
        let text = sample().render(false);
        assert_eq!(
            text,
            "content/programs/x.md:4:11: error: unknown hospital \"mercy\" [E013]\n  |\n4 | hospital: mercy\n  |           ^^^^^\n  = help: did you mean \"mercy-chicago\"?\n"
        );
    }

    #[test]
    fn github_annotation_escapes_properties() {
        let a = sample().github_annotation();
        assert_eq!(
            a,
            "::error file=content/programs/x.md,line=4,col=11,endLine=4,endColumn=16,title=E013::unknown hospital \"mercy\" (help: did you mean \"mercy-chicago\"?)"
        );
    }

    /// A diagnostic quoting `value` in its path, message, hint and source line.
    fn quoting(value: &str) -> Diagnostic {
        let line = format!("title: \"{value}\" # here");
        let column = line.find('#').map_or(1, |b| line[..b].chars().count() + 1);
        Diagnostic {
            path: format!("content/pages/{value}.md").into(),
            line: 2,
            column,
            length: 1,
            severity: Severity::Error,
            message: format!("bad value `{value}`"),
            hint: Some(format!("replace `{value}`")),
            snippet: Some(Snippet::new(&line, column)),
        }
    }

    /// The caret's column in a rendered snippet, and the printed source line.
    fn caret_and_line(text: &str) -> (usize, String) {
        let lines: Vec<&str> = text.lines().collect();
        let source = lines[2]
            .split_once(" | ")
            .map_or("", |(_, s)| s)
            .to_string();
        let caret = lines[3].split_once(" | ").map_or("", |(_, s)| s);
        (caret.find('^').unwrap_or(usize::MAX), source)
    }

    #[test]
    fn escape_sequences_are_shown_escaped() {
        let text = quoting("a\u{1b}[2Jb").render(false);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert_eq!(text.matches("a\\u{1b}[2Jb").count(), 4, "{text}");
        let annotation = quoting("a\u{1b}[2Jb").github_annotation();
        assert!(!annotation.contains('\u{1b}'), "{annotation:?}");
        assert_eq!(escape_for_terminal("\u{0}\u{7f}"), "\\u{0}\\u{7f}");
        assert!(matches!(escape_for_terminal("plain é ✓"), Cow::Borrowed(_)));
    }

    #[test]
    fn newlines_cannot_forge_a_workflow_command() {
        // Regression (issue 9): a value holding `\n::error …` printed a real
        // workflow command on a GitHub runner.
        for value in [
            "x\n::error file=x::forged",
            "x\r::add-mask::b",
            "x\r\n::warning::w",
        ] {
            let d = quoting(value);
            let text = d.render(false) + &d.github_annotation() + "\n";
            assert!(!text.contains('\r'), "{text:?}");
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 6, "{text}");
            for line in &lines[..5] {
                assert!(!line.starts_with("::"), "{line:?} in\n{text}");
            }
            assert!(lines[5].starts_with("::error file=content/pages/x"));
            // The properties end at the first `::`: the value's own `::`
            // stays inside the file property, escaped.
            let props = lines[5]["::error ".len()..]
                .split("::")
                .next()
                .unwrap_or("");
            let column = format!(
                ".md,line=2,col={},endLine=2,endColumn={},title=E000",
                d.column,
                d.column + 1
            );
            assert!(props.ends_with(&column) && !props.contains('\n'), "{props}");
        }
        let mut d = quoting("x");
        d.path = "::error file=a::b".into();
        assert!(d.render(false).starts_with("./::error file=a::b:2:"));
        assert!(d.headline().starts_with("./::"));
    }

    #[test]
    fn separators_bidi_and_c1_controls_are_escaped() {
        for (c, shown) in [
            ('\u{2028}', "\\u{2028}"),
            ('\u{2029}', "\\u{2029}"),
            ('\u{202e}', "\\u{202e}"),
            ('\u{2066}', "\\u{2066}"),
            ('\u{200f}', "\\u{200f}"),
            ('\u{61c}', "\\u{61c}"),
            ('\u{85}', "\\u{85}"),
            ('\u{9b}', "\\u{9b}"),
        ] {
            let value = format!("a{c}b");
            let d = quoting(&value);
            let text = d.render(false) + &d.github_annotation();
            assert!(!text.contains(c), "{c:?} in {text:?}");
            assert!(text.contains(&format!("a{shown}b")), "{text}");
            // The caret still points at `#`, after the escaped character.
            let (caret, source) = caret_and_line(&d.render(false));
            assert_eq!(source.chars().nth(caret), Some('#'), "{source:?}");
        }
    }

    #[test]
    fn tabs_in_the_source_line_are_spaces_and_the_caret_lines_up() {
        let d = quoting("a\tb\u{1b}c");
        let text = d.render(false);
        let (caret, source) = caret_and_line(&text);
        assert!(source.starts_with("title: \"a b\\u{1b}c\""), "{source}");
        assert_eq!(source.chars().nth(caret), Some('#'), "{text}");
        assert!(text.contains("bad value `a\\u{9}b\\u{1b}c`"), "{text}");
    }

    #[test]
    fn long_lines_are_cut_to_a_window_around_the_column() {
        let line = format!("{}TARGET{}", "a".repeat(50_000), "b".repeat(50_000));
        for (column, open, close) in [
            (50_001, true, true),
            (1, false, true),
            (100_006, true, false),
        ] {
            let d = Diagnostic {
                snippet: Some(Snippet::new(&line, column)),
                column,
                length: 6,
                ..quoting("x")
            };
            let snippet = d
                .snippet
                .as_ref()
                .map_or(0, |s| s.before.len() + s.from.len());
            assert!(snippet <= SNIPPET_WIDTH, "{snippet}");
            let text = d.render(false);
            let (caret, source) = caret_and_line(&text);
            assert!(source.chars().count() <= SNIPPET_WIDTH + 2, "{source}");
            assert_eq!(source.starts_with('…'), open, "{source}");
            assert_eq!(source.ends_with('…'), close, "{source}");
            let at: String = source.chars().skip(caret).take(6).collect();
            let expected: String = line.chars().skip(column - 1).take(6).collect();
            assert_eq!(at, expected, "{text}");
        }
        let d = Diagnostic {
            snippet: Some(Snippet::new(&line, 50_001)),
            column: 50_001,
            length: 6,
            ..quoting("x")
        };
        assert!(d.render(false).contains("^^^^^^\n"));
        // A line full of escapes is cut by its printed width.
        let escapes = "\u{1b}".repeat(10_000);
        let shown = Snippet::new(&escapes, 5_000);
        let width: usize = shown
            .before
            .chars()
            .chain(shown.from.chars())
            .map(printed_width)
            .sum();
        assert!(
            width <= SNIPPET_WIDTH && width > SNIPPET_WIDTH - 10,
            "{width}"
        );
    }

    #[test]
    fn github_annotation_escapes_every_field() {
        let d = Diagnostic {
            path: "content/a:b,c%d\ne.md".into(),
            message: "100% \r\n::error::x \u{1b}".into(),
            hint: Some("use , and : and %0A\n".into()),
            ..quoting("x")
        };
        assert_eq!(
            d.github_annotation(),
            "::error file=content/a%3Ab%2Cc%25d\\u{a}e.md,line=2,col=12,endLine=2,endColumn=13,title=E000::100%25 \\u{d}\\u{a}::error::x \\u{1b} (help: use , and : and %250A\\u{a})"
        );
    }

    #[test]
    fn did_you_mean_finds_close_names_only() {
        let names = ["title", "specialty", "hospital"];
        assert_eq!(did_you_mean("titel", names), Some("title"));
        assert_eq!(did_you_mean("zzz", names), None);
    }

    #[test]
    fn every_diagnostic_has_a_code_from_its_message() {
        assert_eq!(sample().code(), "E013");
        assert_eq!(sample().docs(), "docs/errors.md#e013");
        let mut d = sample();
        d.message = "something a library said".into();
        assert_eq!(d.code(), "E000");
        d.severity = Severity::Warning;
        assert_eq!(d.code(), "W000");
        assert!(matches_pattern(
            "unknown {} field `{}`",
            "unknown fee field `x`"
        ));
        assert!(!matches_pattern(
            "unknown {} field `{}`",
            "unknown fee field `x` or"
        ));
        assert!(matches_pattern("a {}", "a "));
        assert!(!matches_pattern("a", "ab"));
    }

    #[test]
    fn summary_pluralizes() {
        assert_eq!(summary(1, 0), "1 error, 0 warnings");
        assert_eq!(summary(2, 1), "2 errors, 1 warning");
    }
}
