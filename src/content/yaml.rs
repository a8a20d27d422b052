//! YAML text -> a tree of [`Node`]s that remember where they came from.
//!
//! Why not serde: a serde deserializer stops at the first problem in a
//! document and forgets positions once a value is built, but editors need every
//! mistake in a file at once, each with its line and column, including
//! mistakes only found later (an unknown hospital slug). So we build a small
//! positioned tree from saphyr-parser's YAML 1.2 event stream and decode it by
//! hand in `decode.rs`.
//!
//! Semantics are YAML 1.2's core schema: `yes`, `no`, `on` are strings.
//! Duplicate keys are errors. Aliases are expanded, but only up to
//! [`MAX_NODES`] nodes per document, so a "billion laughs" file fails fast.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// The most nodes one document may expand to (aliases included).
pub const MAX_NODES: usize = 100_000;

/// How deeply lists and maps may nest. Content needs a handful of levels;
/// the cap keeps every walk of the tree (decoding, cloning, dropping) far
/// from the stack's limit, whatever the input (block lists are not capped
/// by the parser).
pub const MAX_DEPTH: usize = 100;

pub use crate::model::Pos;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar. `quoted` is true for quoted and block scalars and for `!!str`:
    /// those are always strings, never numbers, booleans or null.
    Scalar {
        text: String,
        quoted: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// A syntax or structure problem, at a position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
}

/// The plain-scalar types of the YAML 1.2 core schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plain {
    Null,
    Bool(bool),
    Int,
    Float,
    Str,
}

impl Node {
    /// The scalar's text, if this is a scalar.
    pub fn as_scalar(&self) -> Option<(&str, bool)> {
        match &self.value {
            Value::Scalar { text, quoted } => Some((text, *quoted)),
            _ => None,
        }
    }

    /// Whether this is an explicit or implicit null (`~`, `null`, nothing).
    pub fn is_null(&self) -> bool {
        matches!(self.as_scalar(), Some((t, false)) if resolve_plain(t) == Plain::Null)
    }

    /// A word for the node's type, for messages: "a list", "a mapping", "text".
    pub fn describe(&self) -> &'static str {
        match &self.value {
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
            Value::Scalar { quoted: true, .. } => "text",
            Value::Scalar { text, .. } => match resolve_plain(text) {
                Plain::Null => "nothing",
                Plain::Bool(_) => "a true/false value",
                Plain::Int | Plain::Float => "a number",
                Plain::Str => "text",
            },
        }
    }
}

/// Resolves a plain (unquoted) scalar by the YAML 1.2 core schema.
pub fn resolve_plain(text: &str) -> Plain {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Plain::Float,
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Plain::Float;
    }
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return Plain::Int;
    }
    if let Some(oct) = text.strip_prefix("0o")
        && !oct.is_empty()
        && oct.bytes().all(|b| (b'0'..=b'7').contains(&b))
    {
        return Plain::Int;
    }
    if let Some(hex) = text.strip_prefix("0x")
        && !hex.is_empty()
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Plain::Int;
    }
    if is_float(unsigned) {
        return Plain::Float;
    }
    Plain::Str
}

fn is_float(s: &str) -> bool {
    // [0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)? with at least one digit in the mantissa
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (mantissa, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !frac.is_none_or(digits) {
        return false;
    }
    if int.is_empty() && frac.is_none_or(str::is_empty) {
        return false;
    }
    if frac.is_none() && exp.is_none() {
        return false; // an integer, handled elsewhere
    }
    match exp {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
    }
}

/// Parses one YAML document. `first_line` is the file line the text starts
/// on, so positions are the file's. Returns the root (None for an empty
/// document) and every problem found; a syntax error ends parsing.
pub fn parse(text: &str, first_line: usize) -> (Option<Node>, Vec<YamlError>) {
    let (root, errors, _) = parse_with_warnings(text, first_line);
    (root, errors)
}

/// [`parse`], with the warnings too: a plain value followed by ` #` on its
/// line, whose rest YAML reads as a comment (`title: Medicine #1 rotation`
/// is the title `Medicine`).
pub fn parse_with_warnings(
    text: &str,
    first_line: usize,
) -> (Option<Node>, Vec<YamlError>, Vec<YamlError>) {
    let mut builder = Builder {
        warnings: Vec::new(),
        first_line,
        lines: text.split('\n').collect(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        errors: Vec::new(),
        root: None,
        nodes: 0,
        documents: 0,
    };
    for event in Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => {
                if !builder.event(event, span) {
                    break;
                }
            }
            Err(e) => {
                let m = e.marker();
                let pos = builder.pos_at(m.line(), m.col(), 1);
                let error = indentation_error(e.info(), &builder.lines, m.line(), first_line)
                    .map_or_else(
                        || syntax_error(e.info(), pos, &builder.lines),
                        |(message, hint)| YamlError {
                            pos: builder.pos_at(
                                m.line(),
                                indent_of(builder.lines[m.line() - 1]),
                                1,
                            ),
                            message,
                            hint: Some(hint),
                        },
                    );
                builder.errors.push(error);
                return (None, builder.errors, builder.warnings);
            }
        }
    }
    (builder.root, builder.errors, builder.warnings)
}

struct Builder<'t> {
    first_line: usize,
    lines: Vec<&'t str>,
    /// Plain values cut short by a ` #` comment.
    warnings: Vec<YamlError>,
    stack: Vec<Open>,
    anchors: HashMap<usize, Node>,
    errors: Vec<YamlError>,
    root: Option<Node>,
    nodes: usize,
    documents: usize,
}

enum Open {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        pos: Pos,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

impl Builder<'_> {
    /// Handles one event; false stops parsing.
    fn event(&mut self, event: Event<'_>, span: Span) -> bool {
        match event {
            Event::DocumentStart(_) => self.document_start(span),
            Event::Scalar(text, style, anchor, tag) => {
                let quoted = !matches!(style, ScalarStyle::Plain)
                    || tag.as_ref().is_some_and(|t| t.suffix == "str");
                let mut pos = self.pos_of(span);
                if text.is_empty() && !quoted {
                    pos.len = 1;
                }
                if matches!(style, ScalarStyle::Plain) && !text.is_empty() {
                    self.comment_after(&text, span);
                }
                let node = Node {
                    value: Value::Scalar {
                        text: text.into_owned(),
                        quoted,
                    },
                    pos,
                };
                self.push(node, anchor)
            }
            Event::SequenceStart(anchor, _) => {
                let pos = self.pos_of(span);
                self.open(Open::Seq {
                    pos,
                    anchor,
                    items: Vec::new(),
                })
            }
            Event::MappingStart(anchor, _) => {
                let pos = self.pos_of(span);
                self.open(Open::Map {
                    pos,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                })
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Alias(id) => self.alias(id, span),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => true,
        }
    }

    /// A warning when the plain value `text` that ends at `span` is followed
    /// by ` #` (one space) on its line: the rest of the line is a comment,
    /// which the editor probably meant as part of the value.
    fn comment_after(&mut self, text: &str, span: Span) {
        let Some(line) = self.lines.get(span.end.line().wrapping_sub(1)) else {
            return;
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        let end = line
            .char_indices()
            .nth(span.end.col())
            .map_or(line.len(), |(i, _)| i);
        // One space, as in `Medicine #1`: a comment meant as one is set
        // off by two or more (yamllint's rule), or has a line of its own.
        let rest = &line[end..];
        let Some(comment) = rest.strip_prefix(" #").map(|_| &rest[1..]) else {
            return;
        };
        let hash = end + 1;
        let column = line[..hash].chars().count();
        let comment_text = comment.trim_end();
        let mut pos = self.pos_at(span.end.line(), column, comment_text.chars().count());
        pos.len = pos.len.max(1);
        // The whole value as the editor wrote it, quoted: valid YAML as printed.
        let start = if span.start.line() == span.end.line() {
            line.char_indices()
                .nth(span.start.col())
                .map_or(line.len(), |(i, _)| i)
        } else {
            0
        };
        let before = line[..start].trim_start();
        let whole = line[start..].trim_end();
        let quoted = format!("\"{}\"", whole.replace('\\', "\\\\").replace('"', "\\\""));
        let flow = before.contains(['[', '{', ',']);
        let example = if flow || before.is_empty() {
            quoted
        } else {
            format!("{before}{quoted}")
        };
        self.warnings.push(YamlError {
            pos,
            message: format!("`{text}` ends at ` #`: the rest of the line is a YAML comment"),
            hint: Some(format!(
                "to keep the whole text, quote it: `{example}`; if it is a comment, put two spaces before the `#`"
            )),
        });
    }

    /// A `---`: the first document is the file's, a second one is an error.
    fn document_start(&mut self, span: Span) -> bool {
        self.documents += 1;
        if self.documents == 1 {
            return true;
        }
        let pos = self.pos_of(span);
        self.errors.push(YamlError {
            pos,
            message: "a second YAML document starts here".into(),
            hint: Some(
                "a file holds one YAML document: remove this `---` line (in a Markdown file, front matter ends at the first `---` line)"
                    .into(),
            ),
        });
        false
    }

    /// A list or map begins (within the nesting cap).
    fn open(&mut self, open: Open) -> bool {
        let pos = match &open {
            Open::Seq { pos, .. } | Open::Map { pos, .. } => *pos,
        };
        if !self.room_for(pos) {
            return false;
        }
        self.stack.push(open);
        true
    }

    /// The innermost list or map ends: it becomes a node of its parent.
    fn close(&mut self) -> bool {
        let (node, anchor) = match self.stack.pop() {
            Some(Open::Seq { pos, anchor, items }) => (
                Node {
                    value: Value::Seq(items),
                    pos,
                },
                anchor,
            ),
            Some(Open::Map {
                pos,
                anchor,
                entries,
                ..
            }) => (
                Node {
                    value: Value::Map(entries),
                    pos,
                },
                anchor,
            ),
            None => return true,
        };
        self.push(node, anchor)
    }

    /// `*name`: a copy of the anchored node, counted against [`MAX_NODES`].
    fn alias(&mut self, id: usize, span: Span) -> bool {
        let Some(target) = self.anchors.get(&id).cloned() else {
            return true; // the parser reports unknown anchors itself
        };
        let mut node = target;
        self.nodes += count_nodes(&node);
        if self.nodes > MAX_NODES {
            let pos = self.pos_of(span);
            self.errors.push(YamlError {
                pos,
                message: format!("aliases expand to more than {MAX_NODES} values"),
                hint: Some(
                    "use fewer or smaller aliases (`*name`); write the values out instead".into(),
                ),
            });
            return false;
        }
        node.pos = self.pos_of(span);
        self.push(node, 0)
    }

    /// False, with an error, when a list or map at `pos` would nest deeper
    /// than [`MAX_DEPTH`].
    fn room_for(&mut self, pos: Pos) -> bool {
        if self.stack.len() < MAX_DEPTH {
            return true;
        }
        self.errors.push(YamlError {
            pos,
            message: format!("lists and maps are nested more than {MAX_DEPTH} levels deep"),
            hint: Some(
                "a field needs a few levels at most: check the indentation and the `- ` marks"
                    .into(),
            ),
        });
        false
    }

    fn push(&mut self, node: Node, anchor: usize) -> bool {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            self.errors.push(YamlError {
                pos: node.pos,
                message: format!("the document has more than {MAX_NODES} values"),
                hint: None,
            });
            return false;
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq { items, .. }) => items.push(node),
            Some(Open::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    if let Some((first, _)) =
                        entries.iter().find(|(existing, _)| same_key(existing, &k))
                    {
                        let first_line = first.pos.line;
                        self.errors.push(YamlError {
                            pos: k.pos,
                            message: format!(
                                "duplicate key `{}` (first given on line {first_line})",
                                key_text(&k)
                            ),
                            hint: Some("keep one of the two entries and delete the other".into()),
                        });
                    } else {
                        entries.push((k, node));
                    }
                }
            },
        }
        true
    }

    fn pos_of(&self, span: Span) -> Pos {
        let len = if span.start.line() == span.end.line() {
            span.end.col().saturating_sub(span.start.col()).max(1)
        } else {
            1
        };
        self.pos_at(span.start.line(), span.start.col(), len)
    }

    /// `line` is 1-based within the text, `col` 0-based.
    fn pos_at(&self, line: usize, col: usize, len: usize) -> Pos {
        Pos {
            line: line + self.first_line - 1,
            column: col + 1,
            len,
        }
    }
}

fn same_key(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Scalar { text: x, .. }, Value::Scalar { text: y, .. }) => x == y,
        _ => a.value == b.value,
    }
}

fn key_text(node: &Node) -> String {
    match &node.value {
        Value::Scalar { text, .. } => text.clone(),
        _ => node.describe().to_string(),
    }
}

fn count_nodes(node: &Node) -> usize {
    1 + match &node.value {
        Value::Scalar { .. } => 0,
        Value::Seq(items) => items.iter().map(count_nodes).sum(),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| count_nodes(k) + count_nodes(v))
            .sum(),
    }
}

/// How many spaces a line starts with.
fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// When the parser stopped at a `key:` line indented differently from the
/// line above it (so it belongs to no mapping): which line, by how much, and
/// how to line it up. `line` is 1-based in `lines`; `first_line` is the file
/// line of `lines[0]`.
fn indentation_error(
    info: &str,
    lines: &[&str],
    line: usize,
    first_line: usize,
) -> Option<(String, String)> {
    let lower = info.to_ascii_lowercase();
    let about_structure = lower.contains("mapping values are not allowed")
        || lower.contains("did not find expected key")
        || lower.contains("block mapping")
        || lower.contains("indentation");
    if !about_structure {
        return None;
    }
    let here = *lines.get(line.checked_sub(1)?)?;
    let key = here.trim().split_once(':')?.0.trim();
    if key.is_empty() || key.starts_with(['-', '#', '"', '\'']) || key.contains(' ') {
        return None;
    }
    let (above, prev) = lines[..line - 1]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let (indent, prev_indent) = (indent_of(here), indent_of(prev));
    if indent == prev_indent {
        return None;
    }
    let prev_key = prev
        .trim()
        .trim_start_matches("- ")
        .split_once(':')?
        .0
        .trim();
    let diff = indent.abs_diff(prev_indent);
    let spaces = if diff == 1 { "space" } else { "spaces" };
    let how = if indent > prev_indent { "more" } else { "less" };
    let message = format!(
        "line {} is indented {diff} {spaces} {how} than line {} above it",
        line + first_line - 1,
        above + first_line
    );
    let hint = if indent > prev_indent {
        format!(
            "keys of one mapping start in the same column: start `{key}` under `{prev_key}` ({prev_indent} spaces); only the fields of a key with nothing after its colon go further in"
        )
    } else {
        format!(
            "keys of one mapping start in the same column: line `{key}` up with `{prev_key}` ({prev_indent} spaces), or with the key it belongs to"
        )
    };
    Some((message, hint))
}

/// Turns the parser's terse messages into ones an editor can act on.
fn syntax_error(info: &str, pos: Pos, lines: &[&str]) -> YamlError {
    let line_text = lines.get(pos.line.wrapping_sub(1)).copied().unwrap_or("");
    let _ = line_text;
    let lower = info.to_ascii_lowercase();
    let (message, hint) = if lower.contains("tab") {
        (
            "tab character in YAML indentation".to_string(),
            "YAML indents with spaces only: replace the tab with spaces (2 per level is usual)",
        )
    } else if lower.contains("mapping values are not allowed") {
        (
            format!("YAML syntax error: {info}"),
            "a value that contains `: ` must be quoted, e.g. `summary: \"Rounds: daily\"`",
        )
    } else if lower.contains("did not find expected key")
        || lower.contains("block mapping")
        || lower.contains("indentation")
    {
        (
            format!("YAML syntax error: {info}"),
            "check the indentation: keys of the same mapping must start in the same column",
        )
    } else if lower.contains("quote") || lower.contains("unexpected end of") {
        (
            format!("YAML syntax error: {info}"),
            "check that every quote, `[` and `{` is closed",
        )
    } else {
        (
            format!("YAML syntax error: {info}"),
            "see docs/errors.md#yaml-syntax for the common causes",
        )
    };
    YamlError {
        pos,
        message,
        hint: Some(hint.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        let (node, errors) = parse(text, 1);
        assert!(errors.is_empty(), "{errors:?}");
        node.unwrap()
    }

    #[test]
    fn core_schema_keeps_yes_no_as_strings() {
        assert_eq!(resolve_plain("yes"), Plain::Str);
        assert_eq!(resolve_plain("no"), Plain::Str);
        assert_eq!(resolve_plain("on"), Plain::Str);
        assert_eq!(resolve_plain("true"), Plain::Bool(true));
        assert_eq!(resolve_plain("~"), Plain::Null);
        assert_eq!(resolve_plain("12"), Plain::Int);
        assert_eq!(resolve_plain("-5"), Plain::Int);
        assert_eq!(resolve_plain("12.50"), Plain::Float);
        assert_eq!(resolve_plain(".nan"), Plain::Float);
        assert_eq!(resolve_plain("-.inf"), Plain::Float);
        assert_eq!(resolve_plain("1,200"), Plain::Str);
        assert_eq!(resolve_plain("2027-01-04"), Plain::Str);
        assert_eq!(resolve_plain("."), Plain::Str);
    }

    #[test]
    fn positions_are_file_lines_and_one_based_columns() {
        let node = root("title: A\nhospital: mercy\n");
        let Value::Map(entries) = node.value else {
            panic!()
        };
        let (k, v) = &entries[1];
        assert_eq!(
            k.pos,
            Pos {
                line: 2,
                column: 1,
                len: 8
            }
        );
        assert_eq!(
            v.pos,
            Pos {
                line: 2,
                column: 11,
                len: 5
            }
        );
        let (node, _) = parse("a: b\n", 5);
        assert_eq!(node.unwrap().pos.line, 5);
    }

    #[test]
    fn flow_sequences_have_item_positions() {
        let node = root("starts: [2027-01-04, 2027-02-30]\n");
        let Value::Map(entries) = node.value else {
            panic!()
        };
        let Value::Seq(items) = &entries[0].1.value else {
            panic!()
        };
        assert_eq!(items[1].pos.column, 22);
    }

    #[test]
    fn duplicate_keys_are_errors_at_the_second_key() {
        let (_, errors) = parse("a: 1\nb: 2\na: 3\n", 1);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].pos.line, 3);
        assert!(
            errors[0]
                .message
                .contains("duplicate key `a` (first given on line 1)")
        );
    }

    #[test]
    fn tabs_are_reported_with_position() {
        let (_, errors) = parse("a:\n\tb: 1\n", 1);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].pos.line, 2);
        assert!(errors[0].message.contains("tab"), "{:?}", errors[0]);
    }

    #[test]
    fn alias_expansion_is_bounded() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            doc.push_str(&format!(
                "a{i}: &a{i} [{}]\n",
                [prev.as_str(); 10].join(", ")
            ));
        }
        let (_, errors) = parse(&doc, 1);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("aliases expand"), "{errors:?}");
    }

    #[test]
    fn aliases_within_bounds_are_expanded() {
        let node = root("base: &b {x: 1}\ncopy: *b\n");
        let Value::Map(entries) = node.value else {
            panic!()
        };
        assert_eq!(entries[1].1.describe(), "a mapping");
    }

    #[test]
    fn quoted_scalars_stay_text() {
        let node = root("a: \"12\"\nb: !!str 13\n");
        let Value::Map(entries) = node.value else {
            panic!()
        };
        assert_eq!(entries[0].1.as_scalar(), Some(("12", true)));
        assert_eq!(entries[1].1.as_scalar(), Some(("13", true)));
    }
}
