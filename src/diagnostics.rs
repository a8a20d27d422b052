//! Problems found in a site, in the form compilers use, so that editors and CI can
//! jump to them: `content/programs/x.md:4:11: error: unknown hospital "…"`.
//!
//! A [`Diagnostic`] carries its own copy of the offending source line, so
//! printing never reads files again. [`print()`] shows a list of them for a
//! terminal (colour only when stderr is one and `NO_COLOR` is unset) and, under
//! GitHub Actions, as `::error` workflow commands too.

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
    /// The source line the problem is on, for the snippet.
    pub source_line: Option<String>,
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
            source_line: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column` (or fewer parts when unknown).
    pub fn location(&self) -> String {
        let path = display_path(&self.path);
        match (self.line, self.column) {
            (0, _) => path,
            (l, 0) => format!("{path}:{l}"),
            (l, c) => format!("{path}:{l}:{c}"),
        }
    }

    /// The first line of the diagnostic, without colour:
    /// `content/x.md:4:11: error: message`.
    pub fn headline(&self) -> String {
        format!(
            "{}: {}: {}",
            self.location(),
            self.severity.as_str(),
            self.message
        )
    }

    /// Full plain-text rendering: headline, source line with caret, hint.
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
            "{bold}{}{reset}: {sev_color}{}{reset}: {bold}{}{reset}",
            self.location(),
            self.severity.as_str(),
            self.message
        );
        if let (Some(src), true) = (&self.source_line, self.line > 0) {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let shown: String = src.replace('\t', " ");
            let _ = writeln!(out, "{blue}{pad} |{reset}");
            let _ = writeln!(out, "{blue}{number} |{reset} {shown}");
            if self.column > 0 {
                let caret_pad = " ".repeat(self.column - 1);
                let carets = "^".repeat(self.length.max(1));
                let _ = writeln!(
                    out,
                    "{blue}{pad} |{reset} {caret_pad}{sev_color}{carets}{reset}"
                );
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  {blue}= help:{reset} {hint}");
        }
        out
    }

    /// A GitHub Actions workflow command, so the problem shows inline on a pull request.
    pub fn github_annotation(&self) -> String {
        let mut props = format!("file={}", escape_property(&display_path(&self.path)));
        if self.line > 0 {
            let _ = write!(props, ",line={}", self.line);
        }
        if self.column > 0 {
            let _ = write!(props, ",col={}", self.column);
        }
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
            escape_data(&text)
        )
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
    let color = use_color();
    let github = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
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
            source_line: Some("hospital: mercy".into()),
        }
    }

    #[test]
    fn renders_compiler_style_with_caret() {
        let text = sample().render(false);
        assert_eq!(
            text,
            "content/programs/x.md:4:11: error: unknown hospital \"mercy\"\n  |\n4 | hospital: mercy\n  |           ^^^^^\n  = help: did you mean \"mercy-chicago\"?\n"
        );
    }

    #[test]
    fn github_annotation_escapes_properties() {
        let a = sample().github_annotation();
        assert_eq!(
            a,
            "::error file=content/programs/x.md,line=4,col=11::unknown hospital \"mercy\" (help: did you mean \"mercy-chicago\"?)"
        );
    }

    #[test]
    fn did_you_mean_finds_close_names_only() {
        let names = ["title", "specialty", "hospital"];
        assert_eq!(did_you_mean("titel", names), Some("title"));
        assert_eq!(did_you_mean("zzz", names), None);
    }

    #[test]
    fn summary_pluralizes() {
        assert_eq!(summary(1, 0), "1 error, 0 warnings");
        assert_eq!(summary(2, 1), "2 errors, 1 warning");
    }
}
