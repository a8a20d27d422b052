//! Markdown -> safe HTML, plain text and the links it makes.
//!
//! pulldown-cmark with tables, footnotes and strikethrough; headings get ids
//! from their text; fenced code is highlighted by syntect with CSS classes
//! (`hl-…`, styled by the theme). Editors' raw HTML is shown as text, never
//! as markup, and links with unsafe schemes (`javascript:`, `data:`, …)
//! become plain text with a warning. Root-relative links (`/fees/`) get the
//! site's base path and are returned so the build can check they exist; a
//! destination in angle brackets keeps its spaces (`</docs/x y.pdf>` is the
//! file `x y.pdf`), percent-encoded in the link (`/docs/x%20y.pdf`).
//! Reads no files.
//!
//! Cost is linear in the text: heading ids are made unique with a counter
//! per id, not by trying `x-1`, `x-2`, … from the start for each heading.

mod highlight;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::model::Markdown;
use highlight::highlight;

/// The result of rendering one Markdown text.
#[derive(Debug, Default)]
pub struct Rendered {
    pub markdown: Markdown,
    /// Root-relative link targets (without the base path, percent-encoded),
    /// with the bytes of the link in the source.
    pub internal_links: Vec<(String, Range<usize>)>,
    /// Problems, in source order.
    pub warnings: Vec<Warning>,
}

/// A problem found while rendering (an unsafe link dropped, an image from
/// another site removed): the page still renders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Byte offset in the source.
    pub offset: usize,
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

/// Renders `source`, prefixing root-relative links with `base_path`.
pub fn render(source: &str, base_path: &str) -> Rendered {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(source, options)
        .into_offset_iter()
        .collect();
    let mut renderer = Renderer::new(base_path, events.len());
    // Footnotes take their label as their id: headings must not take it too.
    for (event, _) in &events {
        if let Event::Start(Tag::FootnoteDefinition(label)) = event {
            renderer.ids.used.insert(label.to_string());
        }
    }
    for (i, (event, range)) in events.iter().enumerate() {
        renderer.event(event, range, &events[i + 1..]);
    }
    renderer.finish(source.len())
}

/// A link or an image: both are checked and rewritten alike.
#[derive(Clone, Copy)]
enum Reference {
    Link = 0,
    Image = 1,
}

impl Reference {
    /// The warning and hint for a reference with an unsafe scheme.
    fn refused(self, scheme: &str) -> (String, String) {
        match self {
            Reference::Link => (
                format!(
                    "link to `{scheme}:` removed: only http, https, mailto and tel links are allowed"
                ),
                "link to a web page (https://…) or to a page of this site (/fees/)".into(),
            ),
            Reference::Image => (
                format!(
                    "image from `{scheme}:` removed: images must be https:// or files of this site"
                ),
                "put the image under static/ and write ![description](/images/name.jpg)".into(),
            ),
        }
    }
}

/// One text's rendering under way: the events for the HTML, the plain
/// text, and what is found on the way.
struct Renderer<'s> {
    base_path: &'s str,
    out: Rendered,
    html: Vec<Event<'s>>,
    text: String,
    first_paragraph: Option<String>,
    in_paragraph: bool,
    paragraph_text: String,
    ids: Ids,
    /// Per [`Reference`] kind, the ends to drop because their start was
    /// unsafe (a stack: links and images nest).
    dropped: [Vec<bool>; 2],
    /// The fenced or indented code block being read: (lang, text).
    code: Option<(String, String)>,
}

impl<'s> Renderer<'s> {
    fn new(base_path: &'s str, events: usize) -> Renderer<'s> {
        Renderer {
            base_path,
            out: Rendered::default(),
            html: Vec::with_capacity(events),
            text: String::new(),
            first_paragraph: None,
            in_paragraph: false,
            paragraph_text: String::new(),
            ids: Ids::default(),
            dropped: [Vec::new(), Vec::new()],
            code: None,
        }
    }

    /// Takes one event; `rest` are the events after it.
    fn event(&mut self, event: &Event<'s>, range: &Range<usize>, rest: &[(Event, Range<usize>)]) {
        if self.code.is_some() {
            self.code_event(event);
            return;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = unique_id(&slugify(&collect_text(rest)), &mut self.ids);
                self.html.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(tag @ Tag::Link { dest_url, .. }) => {
                self.reference(Reference::Link, tag, dest_url, range);
            }
            Event::Start(tag @ Tag::Image { dest_url, .. }) => {
                self.reference(Reference::Image, tag, dest_url, range);
            }
            Event::End(TagEnd::Link) => self.reference_end(Reference::Link, event),
            Event::End(TagEnd::Image) => self.reference_end(Reference::Image, event),
            Event::Start(Tag::Table(_)) => {
                // A wide table scrolls inside its own region, never the page
                // (WCAG 1.4.10); focusable so a keyboard can scroll it, and
                // named by its column headings.
                let mut heads = Vec::new();
                for (e, _) in rest {
                    match e {
                        Event::End(TagEnd::TableHead) => break,
                        Event::Text(t) | Event::Code(t) => heads.push(t.to_string()),
                        _ => {}
                    }
                }
                let mut label = String::new();
                pulldown_cmark_escape::escape_html(
                    &mut label,
                    &format!("Table: {}", heads.join(", ")),
                )
                .ok();
                self.html.push(Event::Html(
                    format!(r#"<div class="table-scroll" role="region" tabindex="0" aria-label="{label}">"#)
                        .into(),
                ));
                self.text_event(event);
            }
            Event::End(TagEnd::Table) => {
                self.text_event(event);
                self.html.push(Event::Html("</div>".into()));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                // Shown as text: editors' HTML never becomes markup.
                self.html.push(Event::Text(raw.clone()));
            }
            _ => self.text_event(event),
        }
    }

    /// An event inside a code block: its text is kept, and at its end the
    /// block is highlighted.
    fn code_event(&mut self, event: &Event<'s>) {
        match event {
            Event::Text(t) => {
                if let Some((_, buf)) = self.code.as_mut() {
                    buf.push_str(t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, body) = self.code.take().unwrap_or_default();
                self.text.push_str(&body);
                self.text.push('\n');
                self.html.push(Event::Html(highlight(&lang, &body).into()));
            }
            _ => {}
        }
    }

    /// The start of a link or an image to `dest`: dropped with a warning if
    /// its scheme is unsafe, given the base path if it is root-relative.
    fn reference(&mut self, kind: Reference, tag: &Tag<'s>, dest: &str, range: &Range<usize>) {
        let dropped = &mut self.dropped[kind as usize];
        match classify(dest) {
            Target::Unsafe(scheme) => {
                let (message, hint) = kind.refused(&scheme);
                self.out.warnings.push(Warning {
                    offset: range.start,
                    message,
                    hint,
                });
                dropped.push(true);
            }
            Target::Internal(path) => {
                self.out.internal_links.push((path.clone(), range.clone()));
                dropped.push(false);
                let mut tag = tag.clone();
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                    *dest_url = format!("{}{path}", self.base_path).into();
                }
                self.html.push(Event::Start(tag));
            }
            Target::Other => {
                dropped.push(false);
                self.html.push(Event::Start(tag.clone()));
            }
        }
    }

    /// The end of a link or an image, dropped if its start was.
    fn reference_end(&mut self, kind: Reference, event: &Event<'s>) {
        let dropped = &mut self.dropped[kind as usize];
        if !dropped.pop().unwrap_or(false) {
            self.html.push(event.clone());
        }
    }

    /// Any other event: kept in the HTML, its text in the plain text (and
    /// in the first paragraph's, while that is being read).
    fn text_event(&mut self, event: &Event<'s>) {
        match event {
            Event::Start(Tag::Paragraph) => {
                self.in_paragraph = true;
                self.paragraph_text.clear();
            }
            Event::End(TagEnd::Paragraph) => {
                self.in_paragraph = false;
                if self.first_paragraph.is_none() && !self.paragraph_text.trim().is_empty() {
                    self.first_paragraph = Some(self.paragraph_text.trim().to_string());
                }
                self.text.push('\n');
            }
            Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell) => self.text.push('\n'),
            Event::Text(t) | Event::Code(t) => {
                self.text.push_str(t);
                if self.in_paragraph {
                    self.paragraph_text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.text.push(' ');
                if self.in_paragraph {
                    self.paragraph_text.push(' ');
                }
            }
            _ => {}
        }
        self.html.push(event.clone());
    }

    /// The HTML and text of the whole source (`len` bytes).
    fn finish(self, len: usize) -> Rendered {
        let mut out = self.out;
        let mut html = String::with_capacity(len * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.html.into_iter());
        out.markdown = Markdown {
            html,
            text: squeeze(&self.text),
            first_paragraph: self.first_paragraph.unwrap_or_default(),
        };
        out
    }
}

enum Target {
    /// A root-relative link to this site: `/fees/`.
    Internal(String),
    /// A disallowed scheme.
    Unsafe(String),
    /// An allowed absolute or relative link.
    Other,
}

fn classify(dest: &str) -> Target {
    // Browsers ignore tabs, newlines and leading spaces in a scheme.
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    if let Some(rest) = cleaned.strip_prefix('/') {
        if !rest.starts_with('/') {
            // The path as written (`</docs/x y.pdf>` keeps its space), encoded.
            let path = dest.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control());
            return Target::Internal(encode_path(path));
        }
        return Target::Other; // protocol-relative //host: leave as is
    }
    let scheme_end = cleaned.find(':');
    let first_delim = cleaned.find(['/', '?', '#']);
    if let Some(colon) = scheme_end
        && first_delim.is_none_or(|d| colon < d)
    {
        let scheme = cleaned[..colon].to_ascii_lowercase();
        return match scheme.as_str() {
            "http" | "https" | "mailto" | "tel" => Target::Other,
            _ => Target::Unsafe(scheme),
        };
    }
    Target::Other
}

fn collect_text(events: &[(Event, Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            _ => {}
        }
    }
    s
}

/// Lowercase ASCII words joined by `-`: `Tips & tricks!` -> `tips-tricks`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// The heading ids of one text so far, and for each id the next number
/// to try after it.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

/// `base`, or `base-1`, `base-2`, … : the first not used yet. Each number is
/// tried at most once per base (a number below the counter was taken when
/// the counter passed it, and ids are never freed), so n headings cost O(n).
fn unique_id(base: &str, ids: &mut Ids) -> String {
    if ids.used.insert(base.to_string()) {
        return base.to_string();
    }
    let n = ids.next.entry(base.to_string()).or_insert(1);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if ids.used.insert(id.clone()) {
            return id;
        }
    }
}

/// Characters of a link path written as `%XX`: controls, space, and those
/// that may not appear raw in a URL (non-ASCII is always encoded). `%` is
/// kept, so a path already encoded (`a%20b.pdf`) stays as it is.
const PATH_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// `/docs/x y.pdf` -> `/docs/x%20y.pdf`.
fn encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH_ESCAPES).to_string()
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text() {
        let r = render(
            "Hi <script>alert(1)</script>\n\n<div onclick=x>y</div>\n",
            "",
        );
        assert!(!r.markdown.html.contains("<script"), "{}", r.markdown.html);
        assert!(r.markdown.html.contains("&lt;script&gt;"));
        assert!(!r.markdown.html.contains("<div"));
    }

    #[test]
    fn unsafe_links_become_text_with_a_warning() {
        let r = render("[click](javascript:alert(1)) and [ok](https://x.org)\n", "");
        assert!(
            !r.markdown.html.contains("javascript"),
            "{}",
            r.markdown.html
        );
        assert!(r.markdown.html.contains("click"));
        assert!(r.markdown.html.contains("href=\"https://x.org\""));
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].offset, 0);
        let r = render(
            "[x](JaVaScRiPt:alert(1)) <vbscript:msgbox> ![i](data:image/png;base64,xx)\n",
            "",
        );
        assert_eq!(r.warnings.len(), 3, "{:?}", r.warnings);
        assert!(
            !r.markdown.html.contains("href") && !r.markdown.html.contains("src="),
            "{}",
            r.markdown.html
        );
        assert!(!r.markdown.html.contains("data:"));
    }

    #[test]
    fn root_relative_links_get_the_base_path_and_are_reported() {
        let r = render("See [fees](/fees/#refunds).\n", "/catalog");
        assert!(r.markdown.html.contains("href=\"/catalog/fees/#refunds\""));
        assert_eq!(
            r.internal_links,
            vec![("/fees/#refunds".to_string(), 4..26)]
        );
    }

    /// Links and images share one path: the same rewriting, their own words.
    #[test]
    fn images_are_checked_and_rewritten_like_links() {
        let r = render(
            "![map](/images/map.png) [map](/images/map.png)\n",
            "/catalog",
        );
        assert!(r.markdown.html.contains("src=\"/catalog/images/map.png\""));
        assert!(r.markdown.html.contains("href=\"/catalog/images/map.png\""));
        assert_eq!(
            r.internal_links,
            vec![
                ("/images/map.png".to_string(), 0..23),
                ("/images/map.png".to_string(), 24..46)
            ]
        );
        let r = render("![i](data:x) [l](data:x)\n", "");
        let messages: Vec<&str> = r.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "image from `data:` removed: images must be https:// or files of this site",
                "link to `data:` removed: only http, https, mailto and tel links are allowed"
            ]
        );
        assert!(r.warnings[0].hint.contains("static/"));
        assert!(r.markdown.html.contains("l</p>"), "{}", r.markdown.html);
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render("# Tips & tricks\n\n## Tips & tricks\n", "");
        assert!(r.markdown.html.contains("<h1 id=\"tips-tricks\">"));
        assert!(r.markdown.html.contains("<h2 id=\"tips-tricks-1\">"));
    }

    #[test]
    fn identical_headings_get_numbered_ids_in_linear_time() {
        // Regression (issue 9): each heading tried `x`, `x-1`, … from the
        // start, so n identical headings took O(n²).
        let n = 20_000;
        let r = render(&"# x\n\n".repeat(n), "");
        let ids: Vec<&str> = r
            .markdown
            .html
            .match_indices("<h1 id=\"")
            .map(|(i, m)| {
                let rest = &r.markdown.html[i + m.len()..];
                &rest[..rest.find('"').unwrap_or(0)]
            })
            .collect();
        let expected: Vec<String> = std::iter::once("x".to_string())
            .chain((1..n).map(|k| format!("x-{k}")))
            .collect();
        assert_eq!(ids, expected);
        // The counter never hands out an id another heading already has.
        let r = render("# x\n# x-1\n# x\n# x\n# x-1\n", "");
        for id in ["x", "x-1", "x-2", "x-3", "x-1-1"] {
            assert_eq!(
                r.markdown.html.matches(&format!("id=\"{id}\"")).count(),
                1,
                "{id}: {}",
                r.markdown.html
            );
        }
        let mut ids = Ids::default();
        for _ in 0..1000 {
            unique_id("y", &mut ids);
        }
        assert_eq!(ids.next.get("y"), Some(&1000));
    }

    #[test]
    fn angle_bracket_destinations_keep_their_spaces() {
        // Regression (issue 9): the space was dropped, so the link pointed
        // at `/docs/xy.pdf`.
        let r = render(
            "[f](</docs/x y.pdf>) ![i](</img/a b.png>) [g](</files/a%20b.pdf>)\n",
            "/base",
        );
        assert!(
            r.markdown.html.contains("href=\"/base/docs/x%20y.pdf\""),
            "{}",
            r.markdown.html
        );
        assert!(r.markdown.html.contains("src=\"/base/img/a%20b.png\""));
        assert!(r.markdown.html.contains("href=\"/base/files/a%20b.pdf\""));
        let targets: Vec<&str> = r.internal_links.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            targets,
            ["/docs/x%20y.pdf", "/img/a%20b.png", "/files/a%20b.pdf"]
        );
        assert_eq!(crate::routes::link_target_file(targets[0]), "docs/x y.pdf");
        // Unsafe schemes are still found through the spaces.
        let r = render(
            "[x](<java script:alert(1)>) [y](< javascript:alert(1)>)\n",
            "",
        );
        assert!(
            !r.markdown.html.contains("href=\"java"),
            "{}",
            r.markdown.html
        );
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = render("```rust\nfn main() {}\n```\n", "");
        assert!(
            r.markdown
                .html
                .contains("<pre class=\"code\" data-lang=\"rust\">")
        );
        assert!(r.markdown.html.contains("hl-"), "{}", r.markdown.html);
        let r = render("```nosuchlang\n<b>\n```\n", "");
        assert!(r.markdown.html.contains("&lt;b&gt;"));
    }

    #[test]
    fn heading_ids_never_take_a_footnote_id() {
        // Regression (mutation campaign): `# 1` and `[^1]` both had id="1".
        let r = render("# 1\n\nText[^1].\n\n[^1]: note\n", "");
        let ids: Vec<&str> = r
            .markdown
            .html
            .match_indices("id=\"")
            .map(|(i, _)| {
                let rest = &r.markdown.html[i + 4..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        assert_eq!(ids.len(), 2, "{}", r.markdown.html);
        assert_ne!(ids[0], ids[1], "{}", r.markdown.html);
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = render(
            "|a|b|\n|-|-|\n|1|2|\n\n~~old~~ text[^1]\n\n[^1]: note\n",
            "",
        );
        assert!(r.markdown.html.contains("<del>old</del>"));
        assert!(r.markdown.html.contains("footnote"));
    }

    #[test]
    fn a_table_scrolls_in_a_focusable_region_named_by_its_headings() {
        let r = render("|Day|<b>Morning</b>|\n|-|-|\n|Mon|Rounds|\n", "");
        let html = &r.markdown.html;
        assert!(
            html.starts_with(r#"<div class="table-scroll" role="region" tabindex="0" aria-label="Table: Day, Morning"><table>"#),
            "{html}"
        );
        assert!(
            html.trim_end().ends_with("</table>\n</div>")
                || html.trim_end().ends_with("</table></div>"),
            "{html}"
        );
        assert_eq!(html.matches("<div").count(), 1);
    }

    #[test]
    fn plain_text_and_first_paragraph() {
        let r = render("# Title\n\nFirst *para*\ngraph.\n\nSecond.\n", "");
        assert_eq!(r.markdown.first_paragraph, "First para graph.");
        assert_eq!(r.markdown.text, "Title First para graph. Second.");
    }
}
