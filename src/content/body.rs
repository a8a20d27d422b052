//! Markdown bodies: rendered, with their warnings and internal links turned
//! into diagnostics and link checks located in the file (one forward walk of
//! the body, so positions cost linear time).

use super::LinkCheck;
use super::decode::SourceFile;
use crate::diagnostics::{Diagnostic, Severity, Snippet};
use crate::markdown;
use crate::model::Markdown;

/// Renders Markdown and turns its warnings and links into diagnostics and
/// link checks located in `file`.
///
/// Linear in `body`, however many links share a line: positions are found
/// by one walk through the body (not from its start for each link), and each
/// diagnostic copies only its snippet's window of the line.
pub(crate) fn render_markdown(
    file: &SourceFile,
    body: &str,
    body_line: usize,
    base_path: &str,
    diags: &mut Vec<Diagnostic>,
    links: &mut Vec<LinkCheck>,
) -> Markdown {
    let rendered = markdown::render(body, base_path);
    let mut walk = BodyWalk::new(body, body_line);
    for markdown::Warning {
        offset,
        message,
        hint,
    } in rendered.warnings
    {
        let mut d = walk.diagnostic(file, offset..body.len(), Severity::Warning, message);
        d.hint = Some(hint);
        diags.push(d);
    }
    let mut walk = BodyWalk::new(body, body_line);
    for (target, range) in rendered.internal_links {
        let mut d = walk.diagnostic(
            file,
            range,
            Severity::Error,
            format!("broken link: there is no page or file at `{target}`"),
        );
        d.hint = Some(
            "link to an existing page, e.g. /programs/, /fees/, /faq/, /programs/<slug>/".into(),
        );
        links.push(LinkCheck {
            target,
            diagnostic: d,
        });
    }
    rendered.markdown
}

/// A walk forward through a Markdown body that turns byte offsets into file
/// lines and columns. Offsets asked in increasing order cost, all together,
/// one pass over the body; an earlier offset starts the walk again.
struct BodyWalk<'a> {
    body: &'a str,
    /// The file line the body starts on.
    first_line: usize,
    /// The byte reached, its file line and 1-based column.
    at: usize,
    line: usize,
    column: usize,
    /// Where the current line starts and ends (before its `\n`).
    line_start: usize,
    line_end: usize,
}

impl<'a> BodyWalk<'a> {
    fn new(body: &'a str, body_line: usize) -> Self {
        BodyWalk {
            body,
            first_line: body_line,
            at: 0,
            line: body_line,
            column: 1,
            line_start: 0,
            line_end: line_end(body, 0),
        }
    }

    /// A diagnostic for the text at `range` (its first line is underlined).
    fn diagnostic(
        &mut self,
        file: &SourceFile,
        range: std::ops::Range<usize>,
        severity: Severity,
        message: String,
    ) -> Diagnostic {
        let mut offset = range.start.min(self.body.len());
        while !self.body.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.at {
            *self = BodyWalk::new(self.body, self.first_line);
        }
        self.advance(offset);
        let end = range.end.clamp(offset, self.line_end);
        let length = self
            .body
            .get(offset..end)
            .map_or(1, |s| {
                s.chars().take(crate::diagnostics::SNIPPET_WIDTH).count()
            })
            .max(1);
        let line = &self.body[self.line_start..self.line_end];
        Diagnostic {
            path: file.path.clone(),
            line: self.line,
            column: self.column,
            length,
            severity,
            message,
            hint: None,
            snippet: Some(Snippet::around(line, offset - self.line_start)),
        }
    }

    fn advance(&mut self, to: usize) {
        let passed = &self.body[self.at..to];
        match passed.rfind('\n') {
            Some(last) => {
                self.line += passed.matches('\n').count();
                self.line_start = self.at + last + 1;
                self.line_end = line_end(self.body, self.line_start);
                self.column = self.body[self.line_start..to].chars().count() + 1;
            }
            None => self.column += passed.chars().count(),
        }
        self.at = to;
    }
}

/// The byte where the line starting at `start` ends (its `\n`, or the end).
fn line_end(body: &str, start: usize) -> usize {
    body[start..].find('\n').map_or(body.len(), |i| start + i)
}
