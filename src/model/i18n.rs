//! Interface strings per language: the theme's translation tables
//! (`themes/default/i18n/<lang>.yaml`, a site's `i18n/<lang>.yaml` over
//! them) and the CLDR plural rules that pick a message's form.
//! Plain data: `content` reads the tables, `render` looks strings up.

use std::collections::BTreeMap;

/// One entry of a table: a text, or one text per plural category
/// (`zero`, `one`, `two`, `few`, `many`, `other`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Text(String),
    Plural(BTreeMap<String, String>),
}

/// A language's table: key -> message.
pub type Table = BTreeMap<String, Message>;

/// The interface strings of a build: the language of its pages and, per
/// language, the table merged from the built-in theme, the site's theme
/// and the site (later ones win). A key missing in a language falls back to
/// English.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Strings {
    pub language: String,
    pub tables: BTreeMap<String, Table>,
}

/// The languages the built-in theme ships a table for.
pub const SHIPPED: &[&str] = &["ar", "en", "es", "pt"];

/// The plural categories of CLDR, in their usual order.
pub const CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// The CLDR plural category of the integer `n` in `language` (its primary
/// subtag: `es-MX` is `es`). Rules of CLDR 42 for integers (v = 0), the
/// ones `Intl.PluralRules` uses in the browser:
/// - en: one (1), other;
/// - es: one (1), many (a non-zero multiple of a million), other;
/// - pt: one (0 and 1), many (as es), other;
/// - ar: zero (0), one (1), two (2), few (n % 100 in 3..=10),
///   many (n % 100 in 11..=99), other.
///
/// Other languages follow English.
pub fn plural_category(language: &str, n: i64) -> &'static str {
    let n = n.unsigned_abs();
    let million = n != 0 && n.is_multiple_of(1_000_000);
    match primary(language) {
        "ar" => match n {
            0 => "zero",
            1 => "one",
            2 => "two",
            _ if (3..=10).contains(&(n % 100)) => "few",
            _ if (11..=99).contains(&(n % 100)) => "many",
            _ => "other",
        },
        "es" => match n {
            1 => "one",
            _ if million => "many",
            _ => "other",
        },
        "pt" => match n {
            0 | 1 => "one",
            _ if million => "many",
            _ => "other",
        },
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// The languages written right to left, by primary subtag.
pub const RIGHT_TO_LEFT: &[&str] = &["ar", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"];

/// `rtl` for a language written right to left (`ar`, `ar-EG`, `he` …), else `ltr`.
pub fn direction(language: &str) -> &'static str {
    if RIGHT_TO_LEFT.contains(&primary(language).to_ascii_lowercase().as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// The primary subtag of a language tag, lowercased only if it is already
/// (tags are checked by `content`): `pt-BR` -> `pt`.
pub fn primary(language: &str) -> &str {
    language.split('-').next().unwrap_or(language)
}

impl Message {
    /// The text for the count `n` (none: the `other` form, or the text).
    pub fn text(&self, language: &str, n: Option<i64>) -> &str {
        match self {
            Message::Text(t) => t,
            Message::Plural(forms) => {
                let category = n.map_or("other", |n| plural_category(language, n));
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .map_or("", String::as_str)
            }
        }
    }
}

impl Strings {
    /// The message for `key` in `language`, else in English.
    pub fn message(&self, language: &str, key: &str) -> Option<&Message> {
        let find = |l: &str| self.tables.get(l).and_then(|t| t.get(key));
        find(language)
            .or_else(|| find(primary(language)))
            .or_else(|| find("en"))
    }

    /// The text of `key` in `language` for the count `n`, its `{name}`
    /// placeholders filled from `args` (`{n}` from `n`); the key itself
    /// when no table has it, so a missing string shows where it belongs.
    pub fn text(&self, language: &str, key: &str, n: Option<i64>, args: &[(&str, &str)]) -> String {
        let Some(message) = self.message(language, key) else {
            return key.to_string();
        };
        fill(message.text(language, n), n, args)
    }
}

/// `{name}` placeholders of `text` replaced by `args` (`{n}` by `n`);
/// unknown ones are left as written.
pub fn fill(text: &str, n: Option<i64>, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        if name == "n"
            && let Some(n) = n
        {
            out.push_str(&n.to_string());
        } else if let Some((_, v)) = args.iter().find(|(k, _)| *k == name) {
            out.push_str(v);
        } else {
            out.push('{');
            out.push_str(name);
            out.push('}');
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_spanish_portuguese() {
        assert_eq!(plural_category("en", 1), "one");
        assert_eq!(plural_category("en", 0), "other");
        assert_eq!(plural_category("en-GB", 2), "other");
        assert_eq!(plural_category("es", 1), "one");
        assert_eq!(plural_category("es", 0), "other");
        assert_eq!(plural_category("es", 1_000_000), "many");
        assert_eq!(plural_category("pt", 0), "one");
        assert_eq!(plural_category("pt", 1), "one");
        assert_eq!(plural_category("pt", 2), "other");
        assert_eq!(plural_category("pt-BR", 2_000_000), "many");
    }

    #[test]
    fn arabic_and_hebrew_are_right_to_left() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("ar-EG"), "rtl");
        assert_eq!(direction("he"), "rtl");
        assert_eq!(direction("es"), "ltr");
        assert_eq!(direction("en-US"), "ltr");
    }

    #[test]
    fn arabic_has_six_forms() {
        let got: Vec<&str> = [0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111, 1000]
            .iter()
            .map(|&n| plural_category("ar", n))
            .collect();
        assert_eq!(
            got,
            [
                "zero", "one", "two", "few", "few", "many", "many", "other", "other", "other",
                "few", "many", "other"
            ]
        );
    }

    #[test]
    fn lookup_falls_back_to_english_and_fills_placeholders() {
        let mut en = Table::new();
        en.insert(
            "programs".into(),
            Message::Plural(BTreeMap::from([
                ("one".into(), "{n} program".into()),
                ("other".into(), "{n} programs".into()),
            ])),
        );
        en.insert("at".into(), Message::Text("Programs at {name}".into()));
        let mut es = Table::new();
        es.insert("at".into(), Message::Text("Programas en {name}".into()));
        let s = Strings {
            language: "es".into(),
            tables: BTreeMap::from([("en".into(), en), ("es".into(), es)]),
        };
        assert_eq!(s.text("es", "at", None, &[("name", "X")]), "Programas en X");
        assert_eq!(s.text("es", "programs", Some(1), &[]), "1 program");
        assert_eq!(s.text("en", "programs", Some(3), &[]), "3 programs");
        assert_eq!(s.text("en", "nope", None, &[]), "nope");
        assert_eq!(fill("{a} {b} {", None, &[("a", "1")]), "1 {b} {");
    }
}
