//! Decodes positioned YAML nodes into typed values, recording a diagnostic
//! for every problem and carrying on, so one run reports every mistake.
//!
//! Each decoder returns `Option<T>`: `None` means "missing or wrong, and
//! already reported". The decoders in `content::items` list every known field,
//! which is how unknown fields (typos) are caught with a did-you-mean.

use std::path::PathBuf;
use std::sync::OnceLock;

use time::Date;

pub use super::url::{Schemes, check_base_url, check_url, url};
use super::yaml::{Node, Plain, Pos, Value, resolve_plain};
use crate::diagnostics::{Diagnostic, Severity, Snippet, did_you_mean};
use crate::model::{Cents, Spanned};

/// A file being decoded: its site-relative path and text, for snippets.
#[derive(Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Where the lines and characters are, built at the first diagnostic.
    lines: OnceLock<LineIndex>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            text,
            lines: OnceLock::new(),
        }
    }

    /// A diagnostic at `pos`, with a snippet of its source line attached.
    /// Costs the same for the thousandth diagnostic in a long line as for
    /// the first: the file's lines are indexed once, and the snippet copies
    /// only its window of the line.
    pub fn diagnostic(&self, pos: Pos, severity: Severity, message: String) -> Diagnostic {
        let found = (pos.line > 0)
            .then(|| {
                self.lines
                    .get_or_init(|| LineIndex::new(&self.text))
                    .find(&self.text, pos.line, pos.column)
            })
            .flatten();
        let (snippet, room) = match found {
            Some((line, at, room)) => (Some(Snippet::around(line, at)), room),
            None => (None, 0),
        };
        Diagnostic {
            path: self.path.clone(),
            line: pos.line,
            column: pos.column,
            length: pos.len.min(room).max(1),
            severity,
            message,
            hint: None,
            snippet,
        }
    }
}

/// Where a text's lines start, and the byte of every [`STRIDE`]-th
/// character, so a line and column are found without walking the text.
#[derive(Clone, Debug)]
struct LineIndex {
    /// The byte each line starts at.
    starts: Vec<usize>,
    /// The character (counted from the start of the text) each line starts at.
    first_chars: Vec<usize>,
    /// The byte of characters 0, STRIDE, 2 × STRIDE, …
    marks: Vec<usize>,
    /// How many characters the text has.
    chars: usize,
}

const STRIDE: usize = 64;

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut index = LineIndex {
            starts: vec![0],
            first_chars: vec![0],
            marks: Vec::with_capacity(text.len() / STRIDE + 1),
            chars: 0,
        };
        for (n, (i, c)) in text.char_indices().enumerate() {
            if n % STRIDE == 0 {
                index.marks.push(i);
            }
            if c == '\n' {
                index.starts.push(i + 1);
                index.first_chars.push(n + 1);
            }
            index.chars = n + 1;
        }
        index
    }

    /// Line `line` (1-based) of `text` without its line ending, the byte in
    /// it of the 1-based character `column` (the end when past it), and how
    /// many characters it has from there on.
    fn find<'t>(
        &self,
        text: &'t str,
        line: usize,
        column: usize,
    ) -> Option<(&'t str, usize, usize)> {
        let i = line.checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let (end, end_char) = match self.starts.get(i + 1) {
            Some(&next) => (next - 1, self.first_chars[i + 1] - 1),
            None => (text.len(), self.chars),
        };
        let mut slice = text.get(start..end)?;
        let mut count = end_char - self.first_chars[i];
        if let Some(trimmed) = slice.strip_suffix('\r') {
            slice = trimmed;
            count -= 1;
        }
        let skip = column.saturating_sub(1).min(count);
        let target = self.first_chars[i] + skip;
        let byte = match self.marks.get(target / STRIDE) {
            Some(&mark) => text
                .get(mark..)?
                .char_indices()
                .nth(target % STRIDE)
                .map_or(text.len(), |(b, _)| mark + b),
            None => text.len(),
        };
        let at = byte.checked_sub(start)?.min(slice.len());
        Some((slice, at, count - skip))
    }
}

/// Where diagnostics for one file go.
pub struct Ctx<'a> {
    pub file: &'a SourceFile,
    pub diags: Vec<Diagnostic>,
    /// Diagnostics at places a later check may point at (each alias), with
    /// their snippet made while the file is at hand; message and hint are
    /// filled in if the check fails.
    pub sites: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a SourceFile) -> Self {
        Ctx {
            file,
            diags: Vec::new(),
            sites: Vec::new(),
        }
    }

    pub fn error(&mut self, pos: Pos, message: impl Into<String>, hint: impl Into<Option<String>>) {
        let mut d = self.file.diagnostic(pos, Severity::Error, message.into());
        d.hint = hint.into();
        self.diags.push(d);
    }

    pub fn warning(
        &mut self,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        let mut d = self.file.diagnostic(pos, Severity::Warning, message.into());
        d.hint = hint.into();
        self.diags.push(d);
    }
}

/// The fields of a YAML mapping, checked against the known names.
pub struct Fields<'n> {
    entries: &'n [(Node, Node)],
    pos: Pos,
    what: &'static str,
    /// The known fields, for the example line of a missing one.
    known: &'static [Field],
}

/// A known field: its name and an example line for the "missing" hint.
pub type Field = (&'static str, &'static str);

/// Opens `node` as a mapping of `what` (e.g. "program"), reporting any key
/// not in `known` with the closest known name.
pub fn fields<'n>(
    ctx: &mut Ctx,
    node: &'n Node,
    what: &'static str,
    known: &'static [Field],
) -> Option<Fields<'n>> {
    let Value::Map(entries) = &node.value else {
        ctx.error(
            node.pos,
            format!(
                "expected the fields of the {what} (`name: value` lines), found {}",
                node.describe()
            ),
            format!(
                "write each field on its own line, indented under the {what}, e.g. `{}`",
                known.first().map_or("", |(_, e)| *e)
            ),
        );
        return None;
    };
    for (key, _) in entries {
        let Some((name, _)) = key.as_scalar() else {
            ctx.error(
                key.pos,
                format!("a {what} field name must be plain text"),
                None,
            );
            continue;
        };
        if known.iter().any(|(k, _)| *k == name) {
            continue;
        }
        let names = known.iter().map(|(k, _)| *k);
        let hint = match did_you_mean(name, names.clone()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "the fields of a {what} are: {}",
                names.collect::<Vec<_>>().join(", ")
            ),
        };
        ctx.error(key.pos, format!("unknown {what} field `{name}`"), hint);
    }
    Some(Fields {
        entries,
        pos: node.pos,
        what,
        known,
    })
}

impl<'n> Fields<'n> {
    /// The value of `key` if present and not null.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entry(key).map(|(_, v)| v).filter(|v| !v.is_null())
    }

    fn entry(&self, key: &str) -> Option<&'n (Node, Node)> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|(t, _)| t == key))
    }

    /// The field `key` decoded by `decode` (which names it `key` in its
    /// messages), if it is given.
    pub fn opt<T>(
        &self,
        ctx: &mut Ctx,
        key: &str,
        decode: impl FnOnce(&mut Ctx, &'n Node, &str) -> Option<T>,
    ) -> Option<T> {
        self.get(key).and_then(|n| decode(ctx, n, key))
    }

    /// The required field `key` decoded by `decode`; reported if missing or
    /// empty.
    pub fn req<T>(
        &self,
        ctx: &mut Ctx,
        key: &str,
        decode: impl FnOnce(&mut Ctx, &'n Node, &str) -> Option<T>,
    ) -> Option<T> {
        self.required(ctx, key).and_then(|n| decode(ctx, n, key))
    }

    /// The value of the required field `key` (one of the known fields,
    /// whose example the hint shows); reports it missing or empty.
    pub fn required(&self, ctx: &mut Ctx, key: &str) -> Option<&'n Node> {
        let example = self
            .known
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, e)| *e);
        debug_assert!(
            !example.is_empty(),
            "`{key}` is not a known {} field",
            self.what
        );
        match self.entry(key) {
            None => {
                ctx.error(
                    self.pos,
                    format!("missing required {} field `{key}`", self.what),
                    format!("add a line like `{example}`"),
                );
                None
            }
            Some((k, v)) if v.is_null() || is_blank(v) => {
                ctx.error(
                    if v.is_null() { k.pos } else { v.pos },
                    format!("required field `{key}` is empty"),
                    format!("give it a value, like `{example}`"),
                );
                None
            }
            Some((_, v)) => Some(v),
        }
    }

    /// Position of the mapping itself.
    pub fn pos(&self) -> Pos {
        self.pos
    }

    /// Position of a key, or of the mapping if absent.
    pub fn key_pos(&self, key: &str) -> Pos {
        self.entry(key).map_or(self.pos, |(k, _)| k.pos)
    }
}

fn is_blank(node: &Node) -> bool {
    matches!(node.as_scalar(), Some((t, _)) if t.trim().is_empty())
}

/// Any scalar as text (numbers and booleans as written), trimmed; empty is an error.
pub fn text(ctx: &mut Ctx, node: &Node, field: &str) -> Option<String> {
    match &node.value {
        Value::Scalar { text, .. } if !text.trim().is_empty() => Some(text.trim().to_string()),
        Value::Scalar { .. } => {
            ctx.error(node.pos, format!("`{field}` is empty"), None);
            None
        }
        _ => {
            ctx.error(
                node.pos,
                format!("`{field}` should be text, found {}", node.describe()),
                Some(
                    "write it on one line after the colon, quoted if it contains `: ` or `#`"
                        .into(),
                ),
            );
            None
        }
    }
}

/// Text that will be shown as a span of source (position kept).
pub fn spanned_text(ctx: &mut Ctx, node: &Node, field: &str) -> Option<Spanned<String>> {
    text(ctx, node, field).map(|value| Spanned {
        value,
        pos: node.pos,
    })
}

pub fn boolean(ctx: &mut Ctx, node: &Node, field: &str) -> Option<bool> {
    if let Some((t, false)) = node.as_scalar()
        && let Plain::Bool(b) = resolve_plain(t)
    {
        return Some(b);
    }
    let found = node
        .as_scalar()
        .map_or(node.describe().to_string(), |(t, _)| format!("`{t}`"));
    let hint = match node.as_scalar().map(|(t, _)| t.to_ascii_lowercase()) {
        Some(t) if ["yes", "y", "on"].contains(&t.as_str()) => {
            "YAML 1.2 reads `yes`/`on` as text: write `true`".to_string()
        }
        Some(t) if ["no", "n", "off"].contains(&t.as_str()) => {
            "YAML 1.2 reads `no`/`off` as text: write `false`".to_string()
        }
        _ => "write `true` or `false` (no quotes)".to_string(),
    };
    ctx.error(
        node.pos,
        format!("`{field}` should be true or false, found {found}"),
        hint,
    );
    None
}

/// A whole number in `min..=max`.
pub fn integer(ctx: &mut Ctx, node: &Node, field: &str, min: u32, max: u32) -> Option<u32> {
    let range_hint = format!("write a whole number from {min} to {max}, without quotes");
    match node.as_scalar() {
        Some((t, false)) if resolve_plain(t) == Plain::Int => match t.parse::<i64>() {
            Ok(n) if n >= i64::from(min) && n <= i64::from(max) => Some(n as u32),
            _ => {
                ctx.error(
                    node.pos,
                    format!("`{field}` must be from {min} to {max}, found {t}"),
                    range_hint,
                );
                None
            }
        },
        Some((t, _)) => {
            ctx.error(
                node.pos,
                format!("`{field}` should be a whole number, found `{t}`"),
                range_hint,
            );
            None
        }
        None => {
            ctx.error(
                node.pos,
                format!(
                    "`{field}` should be a whole number, found {}",
                    node.describe()
                ),
                range_hint,
            );
            None
        }
    }
}

/// A non-negative amount of money: a plain number with at most two decimals.
/// Never goes through floating point.
pub fn money(ctx: &mut Ctx, node: &Node, field: &str) -> Option<Cents> {
    let hint = format!(
        "write a plain number without quotes, currency sign or commas, e.g. `{}` or `{}`",
        example(field, "1200"),
        example(field, "99.50")
    );
    let Some((t, quoted)) = node.as_scalar() else {
        ctx.error(
            node.pos,
            format!("`{field}` should be an amount, found {}", node.describe()),
            hint,
        );
        return None;
    };
    if quoted {
        ctx.error(
            node.pos,
            format!("`{field}` should be a number, found the text \"{t}\""),
            hint,
        );
        return None;
    }
    if t.starts_with('-') {
        ctx.error(
            node.pos,
            format!("`{field}` cannot be negative ({t})"),
            hint,
        );
        return None;
    }
    match parse_cents(t) {
        Some(c) => Some(c),
        None => {
            ctx.error(
                node.pos,
                format!("`{field}` is not a valid amount: `{t}`"),
                hint,
            );
            None
        }
    }
}

/// `1200` or `1200.5` or `1200.50` -> cents. Anything else (commas, NaN, exponents,
/// three decimals, absurdly large) -> None.
pub fn parse_cents(t: &str) -> Option<Cents> {
    let t = t.strip_prefix('+').unwrap_or(t);
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t, ""),
    };
    if whole.is_empty() || whole.len() > 12 || frac.len() > 2 {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    Some(Cents(whole * 100 + frac))
}

/// An ISO 8601 calendar date that exists.
pub fn date(ctx: &mut Ctx, node: &Node, field: &str) -> Option<Date> {
    let Some((t, _)) = node.as_scalar() else {
        ctx.error(
            node.pos,
            format!("`{field}` should be a date, found {}", node.describe()),
            None,
        );
        return None;
    };
    match parse_date(t) {
        Ok(d) => Some(d),
        Err(why) => {
            ctx.error(
                node.pos,
                format!("`{field}`: `{t}` is not a valid date ({why})"),
                Some("write dates as YYYY-MM-DD, e.g. 2027-01-04".into()),
            );
            None
        }
    }
}

/// Parses `YYYY-MM-DD`, rejecting dates that do not exist.
pub fn parse_date(t: &str) -> Result<Date, &'static str> {
    let b = t.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err("expected YYYY-MM-DD");
    }
    let year: i32 = t[0..4].parse().map_err(|_| "bad year")?;
    let month: u8 = t[5..7].parse().map_err(|_| "bad month")?;
    let day: u8 = t[8..10].parse().map_err(|_| "bad day")?;
    let month = time::Month::try_from(month).map_err(|_| "there is no such month")?;
    Date::from_calendar_date(year, month, day).map_err(|_| "there is no such day in that month")
}

/// One of a fixed set of words.
pub fn choice<'v>(ctx: &mut Ctx, node: &Node, field: &str, allowed: &[&'v str]) -> Option<&'v str> {
    let Some((t, _)) = node.as_scalar() else {
        ctx.error(
            node.pos,
            format!(
                "`{field}` should be one of {}, found {}",
                list(allowed),
                node.describe()
            ),
            None,
        );
        return None;
    };
    if let Some(v) = allowed.iter().find(|a| **a == t) {
        return Some(v);
    }
    // Right but for case (`status: Open`): the suggestion is that value.
    let same_but_case = allowed.iter().find(|a| a.eq_ignore_ascii_case(t)).copied();
    let hint = match same_but_case
        .or_else(|| did_you_mean(&t.to_ascii_lowercase(), allowed.iter().copied()))
    {
        Some(s) => format!(
            "did you mean `{s}`? The allowed values are {}",
            list(allowed)
        ),
        None => format!("the allowed values are {}", list(allowed)),
    };
    ctx.error(node.pos, format!("`{field}` cannot be `{t}`"), hint);
    None
}

/// A word that matches the known value `known` except for case: an error
/// (E008), so that `refund: Standard` never silently means something else.
/// `in_list`: the field is a list (the example then is one).
pub fn case_only(ctx: &mut Ctx, pos: Pos, field: &str, written: &str, known: &str, in_list: bool) {
    let value = if in_list {
        format!("[{known}]")
    } else {
        known.to_string()
    };
    ctx.error(
        pos,
        format!("`{field}`: `{written}` differs only in case from `{known}`"),
        Some(format!(
            "write it as the known value is written: `{}`",
            example(field, &value)
        )),
    );
}

/// A line of YAML that sets `field` (`fee.per_week` is the key `per_week`
/// under `fee`) to `value`, valid as written at the top of a file:
/// `fee: { per_week: 1200 }`.
pub fn example(field: &str, value: &str) -> String {
    match field.split_once('.') {
        Some((outer, inner)) => format!("{outer}: {{ {} }}", example(inner, value)),
        None => format!("{field}: {value}"),
    }
}

/// A list field of a closed vocabulary (`includes`, `requirements`, …):
/// each one-word item must be one of `known` (a did-you-mean otherwise;
/// right but for case is E008); an item with a space in it is free text,
/// kept as written, which is the one way to list something the vocabulary
/// lacks.
pub fn closed_texts(
    ctx: &mut Ctx,
    node: &Node,
    field: &str,
    what: &str,
    known: &[(&str, &str)],
) -> Option<Vec<String>> {
    if !matches!(node.value, Value::Seq(_)) {
        let some: Vec<&str> = known.iter().take(2).map(|(k, _)| *k).collect();
        ctx.error(
            node.pos,
            format!("`{field}` should be a list, found {}", node.describe()),
            Some(format!(
                "write `{}` or one `- item` per line",
                example(field, &format!("[{}]", some.join(", ")))
            )),
        );
        return None;
    }
    let items = seq(ctx, node, field, |ctx, n| {
        let t = text(ctx, n, field)?;
        if t.contains(char::is_whitespace) || known.iter().any(|(k, _)| *k == t) {
            return Some(Ok(t));
        }
        if let Some((k, _)) = known.iter().find(|(k, _)| k.eq_ignore_ascii_case(&t)) {
            case_only(ctx, n.pos, field, &t, k, true);
            return Some(Err(()));
        }
        let slugs = known.iter().map(|(k, _)| *k);
        let free = "Or, for something not on the list, describe it in words with spaces (`Parking on site`)";
        let hint = match did_you_mean(&t.to_ascii_lowercase(), slugs.clone()) {
            Some(s) => format!("did you mean `{s}`? {free}"),
            None => format!(
                "the known values are {}. {free}",
                list(&slugs.collect::<Vec<_>>())
            ),
        };
        ctx.error(
            n.pos,
            format!("`{field}`: `{t}` is not a known {what}"),
            Some(hint),
        );
        Some(Err(()))
    })?;
    items.into_iter().collect::<Result<Vec<_>, ()>>().ok()
}

fn list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A list of items, each decoded by `item`; anything but a list is reported.
pub fn seq<'n, T>(
    ctx: &mut Ctx,
    node: &'n Node,
    field: &str,
    mut item: impl FnMut(&mut Ctx, &'n Node) -> Option<T>,
) -> Option<Vec<T>> {
    match &node.value {
        Value::Seq(items) => Some(items.iter().filter_map(|n| item(ctx, n)).collect()),
        _ => {
            ctx.error(
                node.pos,
                format!("`{field}` should be a list, found {}", node.describe()),
                Some(format!(
                    "write `{}` or one `- item` per line",
                    example(field, "[first, second]")
                )),
            );
            None
        }
    }
}

/// A list of non-empty texts.
pub fn texts(ctx: &mut Ctx, node: &Node, field: &str) -> Option<Vec<String>> {
    seq(ctx, node, field, |ctx, n| text(ctx, n, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_in_a_long_line_copy_only_their_window() {
        // Regression (issue 9): each diagnostic copied its whole source line.
        let item = "[x](/nope/) ";
        let line = item.repeat(100_000 / item.len());
        let text = format!("---\ntitle: é\n---\n{line}\nlast ✓");
        let file = SourceFile::new("content/pages/a.md".into(), text);
        let count = line.len() / item.len();
        for k in (0..count).step_by(97) {
            let column = k * item.len() + 1;
            let pos = Pos {
                line: 4,
                column,
                len: 11,
            };
            let d = file.diagnostic(pos, Severity::Error, "broken".into());
            let s = d.snippet.unwrap_or_default();
            assert!(
                s.before.len() + s.from.len() <= crate::diagnostics::SNIPPET_WIDTH,
                "{s:?}"
            );
            assert!(s.from.starts_with("[x](/nope/)"), "{k}: {s:?}");
            assert_eq!((s.cut_before, d.length), (k > 0, 11));
        }
        let end = file.diagnostic(
            Pos {
                line: 5,
                column: 6,
                len: 9,
            },
            Severity::Error,
            String::new(),
        );
        let s = end.snippet.unwrap_or_default();
        assert_eq!(
            (s.before.as_str(), s.from.as_str(), end.length),
            ("last ", "✓", 1)
        );
        let past = file.diagnostic(
            Pos {
                line: 2,
                column: 99,
                len: 1,
            },
            Severity::Error,
            String::new(),
        );
        assert_eq!(past.snippet.map(|s| s.before), Some("title: é".to_string()));
        let none = file.diagnostic(
            Pos {
                line: 9,
                column: 1,
                len: 1,
            },
            Severity::Error,
            String::new(),
        );
        assert!(none.snippet.is_none());
    }

    #[test]
    fn cents_parse_exactly() {
        assert_eq!(parse_cents("850"), Some(Cents(85000)));
        assert_eq!(parse_cents("99.5"), Some(Cents(9950)));
        assert_eq!(parse_cents("99.05"), Some(Cents(9905)));
        assert_eq!(parse_cents("1,200"), None);
        assert_eq!(parse_cents("1.234"), None);
        assert_eq!(parse_cents(".nan"), None);
        assert_eq!(parse_cents("1e3"), None);
        assert_eq!(parse_cents("99999999999999"), None);
    }

    #[test]
    fn dates_must_exist() {
        assert!(parse_date("2027-01-04").is_ok());
        assert!(parse_date("2028-02-29").is_ok());
        assert_eq!(
            parse_date("2027-02-29"),
            Err("there is no such day in that month")
        );
        assert_eq!(parse_date("2027-13-01"), Err("there is no such month"));
        assert_eq!(parse_date("4/1/2027"), Err("expected YYYY-MM-DD"));
    }
}
