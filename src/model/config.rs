//! The site's configuration as the build uses it: what `site.yaml` says,
//! checked and with the command line's overrides applied (decoding lives in
//! `content::config`).

use super::vocab::CURRENCIES;

/// The resolved site configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// Absolute, without a trailing slash: `https://x.org/catalog`.
    pub base_url: String,
    /// The path part of `base_url`, without a trailing slash: `` or `/catalog`.
    pub base_path: String,
    /// The language of the pages: the site's default (`language:`), or, in
    /// a catalog made by [`crate::model::Catalog::localized`], the one it is in.
    pub language: String,
    /// Every language of the site: the default (`language:`) first, then
    /// `languages:` in site.yaml's order.
    pub languages: Vec<String>,
    /// The URL prefix of the pages' language, after the base path: `` for
    /// the default language, `/es` for Spanish (docs/i18n.md).
    pub lang_prefix: String,
    pub currency: &'static str,
    pub theme: String,
    pub apply: Apply,
    pub contact: Contact,
    /// The header's menu, in order, as `site.yaml`'s `menu` gives it; `None`
    /// for the default menu (the generated sections, then every free page).
    pub menu: Option<Vec<MenuEntry>>,
    /// How many days after `last_verified` a program's facts count as
    /// stale (a warning; `site.yaml`'s `stale_after_days`, default 180).
    pub stale_after_days: u32,
    /// The browser editor (`cms:`): when set, the build emits `/admin/`.
    pub cms: Option<Cms>,
}

/// `site.yaml`'s `cms`: a git-based CMS that reads Decap's configuration
/// format (Sveltia CMS, Decap CMS), served at `/admin/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cms {
    /// A slug of [`CMS_BACKENDS`].
    pub backend: &'static str,
    /// `owner/name` of the site's repository.
    pub repo: String,
    /// The branch the CMS commits to.
    pub branch: String,
    /// The CMS's script, an https:// address the site chooses.
    pub script: String,
    /// The OAuth helper the CMS signs in through (its `backend.base_url`).
    pub auth_url: Option<String>,
}

/// The git hosts a CMS backend can be, with their names.
pub const CMS_BACKENDS: &[(&str, &str)] = &[
    ("github", "GitHub"),
    ("gitlab", "GitLab"),
    ("gitea", "Gitea or Forgejo"),
];

/// `cms.branch` when site.yaml does not set it.
pub const CMS_BRANCH: &str = "main";

/// `stale_after_days` when site.yaml does not set it.
pub const STALE_AFTER_DAYS: u32 = 180;

/// One entry of the header's menu.
#[derive(Clone, Debug, PartialEq)]
pub enum MenuEntry {
    /// A generated section (see [`SECTIONS`]) or a free page, by slug;
    /// `title` replaces its usual name.
    Page { slug: String, title: Option<String> },
    /// A link of the provider's: absolute, or root-relative (`/fees/#refunds`,
    /// given the base path when rendered).
    Link { title: String, url: String },
}

/// The generated sections a menu may name, with their usual names and
/// routes, in the default menu's order. `posts` exists only when there are
/// posts.
pub const SECTIONS: &[(&str, &str, &str)] = &[
    ("programs", "Programs", "/programs/"),
    ("specialties", "Specialties", "/specialties/"),
    ("hospitals", "Hospitals", "/hospitals/"),
    ("fees", "Fees", "/fees/"),
    ("faq", "FAQ", "/faq/"),
    ("apply", "How to apply", "/apply/"),
    ("posts", "News", "/posts/"),
    ("states", "States", "/states/"),
    ("compare", "Compare", "/compare/"),
    ("home", "Home", "/"),
];

/// How many of [`SECTIONS`], from the first, the default menu lists.
pub const DEFAULT_SECTIONS: usize = 7;

#[derive(Clone, Debug, Default)]
pub struct Apply {
    /// The link template, with `{program}`-style placeholders.
    pub url: Option<String>,
    pub steps: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Config {
    /// Stands in for a site.yaml with errors, so the rest of the site can
    /// still be checked. Never rendered.
    pub fn placeholder() -> Config {
        Config {
            title: String::new(),
            description: None,
            base_url: "https://example.org".into(),
            base_path: String::new(),
            language: "en".into(),
            languages: vec!["en".into()],
            lang_prefix: String::new(),
            currency: CURRENCIES[0].0,
            theme: "default".into(),
            apply: Apply::default(),
            contact: Contact::default(),
            menu: None,
            stale_after_days: STALE_AFTER_DAYS,
            cms: None,
        }
    }
}

impl Config {
    /// The site's default language (that of the pages without a prefix).
    pub fn default_language(&self) -> &str {
        self.languages.first().unwrap_or(&self.language)
    }

    /// Whether the site has more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The URL prefix of `language`'s pages: `` for the default, `/es` …
    pub fn prefix_of(&self, language: &str) -> String {
        if language == self.default_language() {
            String::new()
        } else {
            format!("/{}", language.to_ascii_lowercase())
        }
    }
}

/// The placeholders an apply link template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "program",
    "specialty",
    "hospital",
    "start",
    "weeks",
    "status",
];

/// Fills `{name}` placeholders with `value(name)`, percent-encoded.
pub fn fill_template(t: &str, value: &dyn Fn(&str) -> String) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    const KEEP: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let mut out = String::with_capacity(t.len() + 32);
    let mut rest = t;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let v = value(&after[..end]);
                out.extend(utf8_percent_encode(&v, KEEP));
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
