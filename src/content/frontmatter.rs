//! Splits a Markdown file into its YAML front matter and its body.
//!
//! Our own code, so the rules are exact and positions are the file's: a
//! UTF-8 BOM is skipped, CRLF is accepted (the caller normalises it), the
//! file must open with a `---` line, the front matter ends at the next line
//! that is exactly `---`, and any later `---` belongs to the body.

use super::yaml::Pos;

#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The file line the YAML starts on (1-based).
    pub yaml_line: usize,
    pub body: &'a str,
    /// The file line the body starts on (1-based).
    pub body_line: usize,
}

/// A problem with the front matter fences: position, message, hint.
pub type FenceError = (Pos, String, String);

/// `text` has no BOM and `\n` line endings.
pub fn split(text: &str) -> Result<Split<'_>, FenceError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err((
            Pos { line: 1, column: 1, len: first.trim_end().chars().count().max(1) },
            "the file does not start with front matter".into(),
            "put a line with just `---` first, then the fields (`title: …`), then another `---` line, then the Markdown text".into(),
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if line.trim_end() == "---" {
            let yaml = &text[yaml_start..offset];
            let body_start = offset + line.len();
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err((
        Pos {
            line: 1,
            column: 1,
            len: 3,
        },
        "the front matter that starts here is never closed".into(),
        "add a line with just `---` after the last field, before the Markdown text".into(),
    ))
}

/// Removes a UTF-8 BOM and turns CRLF (and lone CR) line endings into LF.
pub fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// The position of byte `offset` in `body`, given the body's first file line.
pub fn body_pos(body: &str, body_line: usize, offset: usize) -> Pos {
    let before = &body[..offset.min(body.len())];
    let line = body_line + before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let rest = &body[offset.min(body.len())..];
    let len = rest.split('\n').next().unwrap_or("").chars().count().max(1);
    Pos { line, column, len }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_keeps_later_fences_in_the_body() {
        let s = split("---\ntitle: A\n---\nBody\n---\nmore\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n---\nmore\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn empty_front_matter_and_empty_body() {
        let s = split("---\n---\n").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "");
    }

    #[test]
    fn missing_fences_are_errors() {
        assert!(
            split("title: A\n")
                .unwrap_err()
                .1
                .contains("does not start")
        );
        assert!(
            split("---\ntitle: A\nbody\n")
                .unwrap_err()
                .1
                .contains("never closed")
        );
    }

    #[test]
    fn bom_and_crlf_are_normalised() {
        assert_eq!(
            normalize("\u{feff}---\r\na: 1\r\n---\r\n"),
            "---\na: 1\n---\n"
        );
    }

    #[test]
    fn body_positions_are_file_positions() {
        let body = "one\ntwo [x](y)\n";
        assert_eq!(
            body_pos(body, 5, 8),
            Pos {
                line: 6,
                column: 5,
                len: 6
            }
        );
    }
}
