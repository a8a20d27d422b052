//! Fenced code as a `<pre>` block, highlighted by syntect with CSS classes
//! (`hl-…`, styled by the theme); plain escaped text when the language is
//! unknown. The syntax definitions are loaded once per process.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// A highlighted `<pre>` block; plain escaped text when the language is unknown.
pub(super) fn highlight(lang: &str, code: &str) -> String {
    let escaped_lang = pulldown_escape(lang);
    if !lang.is_empty() {
        let set = syntaxes();
        if let Some(syntax) = set.find_syntax_by_token(lang) {
            let mut generator = ClassedHTMLGenerator::new_with_class_style(
                syntax,
                set,
                ClassStyle::SpacedPrefixed { prefix: "hl-" },
            );
            let mut ok = true;
            for line in LinesWithEndings::from(code) {
                if generator
                    .parse_html_for_line_which_includes_newline(line)
                    .is_err()
                {
                    ok = false;
                    break;
                }
            }
            if ok {
                return format!(
                    "<pre class=\"code\" data-lang=\"{escaped_lang}\"><code>{}</code></pre>\n",
                    generator.finalize()
                );
            }
        }
    }
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{escaped_lang}\"")
    };
    format!(
        "<pre class=\"code\"{lang_attr}><code>{}</code></pre>\n",
        pulldown_escape(code)
    )
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn pulldown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}
