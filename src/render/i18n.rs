//! The templates' `t()` function and the scripts' strings (docs/themes.md,
//! docs/i18n.md): both read the build's [`Strings`].

use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::model::i18n::{Message, Strings};
use crate::model::locale::Locale;

/// Registers `t(key="…", n=…, name=…)`: the text of `key` in the build's
/// language (English when the language's table lacks it; the key itself
/// when no table has it), the plural form for the count `n`, its `{name}`
/// placeholders filled from the other arguments. The table's text is
/// escaped for HTML text and double-quoted attributes (`&`, `<`, `>`, `"`),
/// the arguments the way Tera escapes `{{ value }}` (unless already safe),
/// and the result is marked safe.
pub fn register(tera: &mut Tera, strings: &Strings) {
    let strings = Arc::new(strings.clone());
    tera.register_function("t", move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
        let key: &str = kwargs.must_get("key")?;
        let mut n = None;
        let mut args: Vec<(String, String)> = Vec::new();
        for (k, v) in kwargs.iter() {
            let name = k.to_string();
            if name == "key" {
                continue;
            }
            let text = match v.as_str() {
                Some(s) => s.to_string(),
                None => v.to_string(),
            };
            if name == "n" {
                n = v
                    .as_i128()
                    .and_then(|n| i64::try_from(n).ok())
                    .or_else(|| text.trim().parse().ok());
                continue;
            }
            // A value already safe (`x | safe`) is HTML: kept as it is.
            let text = if v.is_safe() { text } else { escape(&text) };
            args.push((name, text));
        }
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let text = match strings.message(&strings.language, key) {
            Some(m) => escape_text(m.text(&strings.language, n)),
            None => escape_text(key),
        };
        Ok(Value::safe_string(&crate::model::i18n::fill(
            &text, n, &args,
        )))
    });
}

/// HTML-escaped as Tera escapes a value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String");
    out
}

/// A table's text escaped for HTML text and double-quoted attributes
/// (`&`, `<`, `>`, `"`): an apostrophe stays as written, as in a template.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The scripts' strings (the keys starting `js.`, without it) in the
/// build's language as JSON for the page's `<script type="application/json"
/// id="i18n">` block: a text, or an object of plural forms; and under
/// `@format` how the language writes dates and `currency` ([`format_table`]).
/// `<` is written `\u003c`, so the block cannot be closed early by a
/// translation.
pub fn script_table(strings: &Strings, locale: &Locale, currency: &str) -> String {
    let mut keys: Vec<&String> = strings
        .tables
        .values()
        .flat_map(|t| t.keys())
        .filter(|k| k.starts_with("js."))
        .collect();
    keys.sort();
    keys.dedup();
    let mut map = serde_json::Map::new();
    for key in keys {
        let Some(m) = strings.message(&strings.language, key) else {
            continue;
        };
        let value = match m {
            Message::Text(t) => serde_json::Value::String(t.clone()),
            Message::Plural(forms) => serde_json::Value::Object(
                forms
                    .iter()
                    .map(|(c, t)| (c.clone(), serde_json::Value::String(t.clone())))
                    .collect(),
            ),
        };
        map.insert(key["js.".len()..].to_string(), value);
    }
    map.insert("@format".into(), format_table(locale, currency));
    serde_json::Value::Object(map)
        .to_string()
        .replace('<', "\\u003c")
}

/// How `locale` writes dates and amounts of `currency`, for
/// `themes/default/static/format.js`, which formats with it exactly as
/// [`Locale`] does: `months`, `date` and `monthYear` patterns, `decimal`,
/// `group`, `minGroup` and `money` (the amount pattern, symbol in).
pub fn format_table(locale: &Locale, currency: &str) -> serde_json::Value {
    serde_json::json!({
        "months": locale.months,
        "date": locale.date,
        "monthYear": locale.month_year,
        "decimal": locale.decimal,
        "group": locale.group,
        "minGroup": locale.min_grouping,
        "money": locale.money_pattern(currency),
    })
}
