//! Decodes `site.yaml` into the model's [`Config`], with the CLI's
//! overrides applied; checks apply-link templates.

use super::LinkCheck;
use super::decode::{self, Ctx, Schemes, fields};
use super::yaml::{Node, Value};
use crate::model::config::{
    Apply, CMS_BACKENDS, CMS_BRANCH, Cms, Config, Contact, MenuEntry, PLACEHOLDERS, SECTIONS,
    fill_template,
};
use crate::model::vocab::CURRENCIES;
use crate::routes::is_slug;

const SITE_FIELDS: &[decode::Field] = &[
    ("title", "title: Clinical Rotations for IMGs"),
    (
        "description",
        "description: Hands-on U.S. clinical rotations for IMGs",
    ),
    ("base_url", "base_url: https://rotations.example.org"),
    ("language", "language: en"),
    ("languages", "languages: [es, ar]"),
    ("currency", "currency: USD"),
    ("theme", "theme: default"),
    (
        "apply",
        "apply: { url: \"https://apply.example.org/?program={program}\" }",
    ),
    ("contact", "contact: { email: admissions@example.org }"),
    ("menu", "menu: [programs, fees, about]"),
    ("stale_after_days", "stale_after_days: 180"),
    (
        "cms",
        "cms: { backend: github, repo: owner/site, script: \"https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js\" }",
    ),
];

const CMS_FIELDS: &[decode::Field] = &[
    ("backend", "backend: github"),
    ("repo", "repo: owner/site"),
    ("branch", "branch: main"),
    (
        "script",
        "script: \"https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js\"",
    ),
    ("auth_url", "auth_url: https://cms-auth.example.org"),
];

/// `cms`: the browser editor's settings.
fn cms(ctx: &mut Ctx, node: &Node) -> Option<Cms> {
    let f = fields(ctx, node, "cms", CMS_FIELDS)?;
    let backends: Vec<&str> = CMS_BACKENDS.iter().map(|(b, _)| *b).collect();
    let backend = f
        .req(ctx, "backend", |ctx, n, _| {
            decode::choice(ctx, n, "cms.backend", &backends)
        })
        .and_then(|b| backends.iter().find(|x| **x == b).copied());
    let repo = f.req(ctx, "repo", |ctx, n, _| {
        let t = decode::text(ctx, n, "cms.repo")?;
        let ok = t.split('/').count() == 2
            && t.split('/').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            });
        if ok {
            return Some(t);
        }
        ctx.error(
            n.pos,
            format!("`cms.repo` should be the repository as `owner/name`, found `{t}`"),
            Some(
                "write it as in the repository's address, e.g. `repo: rotations-org/catalog`"
                    .to_string(),
            ),
        );
        None
    });
    let branch = f
        .opt(ctx, "branch", decode::text)
        .unwrap_or_else(|| CMS_BRANCH.to_string());
    let script = f.req(ctx, "script", https);
    let auth_url = f.opt(ctx, "auth_url", https);
    Some(Cms {
        backend: backend?,
        repo: repo?,
        branch,
        script: script?,
        auth_url,
    })
}

/// An absolute https:// address without quotes, spaces or angle brackets.
fn https(ctx: &mut Ctx, n: &Node, field: &str) -> Option<String> {
    let t = decode::text(ctx, n, field)?;
    let rest = t.strip_prefix("https://").unwrap_or("");
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if !host.is_empty() && !t.contains(['"', '\'', '<', '>', ' ', '\\', '`']) {
        return Some(t);
    }
    ctx.error(
        n.pos,
        format!("`cms.{field}` must be an https:// address, found `{t}`"),
        Some(if field == "script" {
            "write the full address of the CMS's script, e.g. `script: https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js`, or of your own copy".to_string()
        } else {
            format!("write the full address, e.g. `{field}: https://cms-auth.example.org`")
        }),
    );
    None
}

/// What else the site holds, for checking `menu` against: the free pages'
/// slugs and whether there are posts.
pub struct Known<'a> {
    pub pages: Vec<&'a str>,
    pub posts: bool,
    /// The languages with a translation table: the built-in theme's and
    /// those of `i18n/<lang>.yaml` files (the site's, its themes').
    pub languages: Vec<String>,
}

/// How a site's root address is written.
pub const BASE_URL_HINT: &str = "write the address of the site's root: https:// and a host, optionally a port and a path, e.g. https://rotations.example.org or https://example.org/catalog";

/// Decodes site.yaml's root node. `base_url_override` comes from `--base-url`;
/// `known`, when given, is what `menu` may name (without it, `menu` is
/// decoded but not checked); root-relative menu links go to `links`.
pub fn decode(
    ctx: &mut Ctx,
    root: &Node,
    base_url_override: Option<&str>,
    known: Option<&Known>,
    links: &mut Vec<LinkCheck>,
) -> Option<Config> {
    let f = fields(ctx, root, "site", SITE_FIELDS)?;
    let title = f.req(ctx, "title", decode::text);
    let description = f.opt(ctx, "description", decode::text);
    let base_url = match base_url_override {
        Some(url) => Some(url.to_string()),
        None => f.req(ctx, "base_url", site_root),
    };
    let language = match f.get("language") {
        None => Some("en".to_string()),
        Some(n) => language(ctx, n, "language", known),
    };
    let others = match f.get("languages") {
        None => Some(Vec::new()),
        Some(n) => decode::seq(ctx, n, "languages", |ctx, n| {
            self::language(ctx, n, "languages", known)
        }),
    };
    let currency = match f.get("currency") {
        None => Some(CURRENCIES[0]),
        Some(n) => {
            let codes: Vec<&str> = CURRENCIES.iter().map(|(c, _)| *c).collect();
            decode::choice(ctx, n, "currency", &codes)
                .and_then(|c| CURRENCIES.iter().find(|(code, _)| *code == c).copied())
        }
    };
    let theme = match f.get("theme") {
        None => Some("default".to_string()),
        Some(n) => theme(ctx, n),
    };
    let apply = f
        .get("apply")
        .map(|n| decode_apply(ctx, n))
        .unwrap_or_default();
    let contact = f
        .get("contact")
        .map(|n| decode_contact(ctx, n))
        .unwrap_or_default();

    let menu = f.get("menu").map(|n| menu(ctx, n, known, links));
    let stale_after_days = f
        .opt(ctx, "stale_after_days", |ctx, n, k| {
            decode::integer(ctx, n, k, 1, 3650)
        })
        .unwrap_or(crate::model::config::STALE_AFTER_DAYS);
    let cms = match f.get("cms") {
        None => Ok(None),
        Some(n) => cms(ctx, n).map(Some).ok_or(()),
    };

    let base_url = base_url?.trim_end_matches('/').to_string();
    let base_path = base_path(&base_url);
    let language = language?;
    let mut languages = vec![language.clone()];
    for l in others? {
        if !languages.contains(&l) {
            languages.push(l);
        }
    }
    let (currency, _) = currency?;
    Some(Config {
        title: title?,
        description,
        base_url,
        base_path,
        language,
        languages,
        lang_prefix: String::new(),
        currency,
        theme: theme?,
        apply,
        contact,
        menu,
        stale_after_days,
        cms: cms.ok()?,
    })
}

const MENU_ENTRY_FIELDS: &[decode::Field] = &[
    ("page", "page: about"),
    ("title", "title: About us"),
    ("url", "url: https://blog.example.org"),
];

/// `menu`: a list of sections, pages (by slug) and links.
fn menu(
    ctx: &mut Ctx,
    node: &Node,
    known: Option<&Known>,
    links: &mut Vec<LinkCheck>,
) -> Vec<MenuEntry> {
    let Value::Seq(items) = &node.value else {
        ctx.error(
            node.pos,
            format!(
                "`menu` should be a list of pages and links, found {}",
                node.describe()
            ),
            Some("write `menu: [programs, fees, about, { title: Blog, url: https://blog.example.org }]`".to_string()),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| menu_entry(ctx, item, known, links))
        .collect()
}

fn menu_entry(
    ctx: &mut Ctx,
    node: &Node,
    known: Option<&Known>,
    links: &mut Vec<LinkCheck>,
) -> Option<MenuEntry> {
    if node.as_scalar().is_some() {
        let slug = decode::text(ctx, node, "menu")?;
        return menu_page(ctx, node, slug, None, known);
    }
    let f = fields(ctx, node, "menu entry", MENU_ENTRY_FIELDS)?;
    match (f.get("page"), f.get("url")) {
        (Some(_), Some(_)) => {
            ctx.error(
                f.key_pos("url"),
                "give either `page` or `url` in a menu entry, not both",
                Some(
                    "`page` names a page of the site; `url` is a link with its own `title`"
                        .to_string(),
                ),
            );
            None
        }
        (Some(page), None) => {
            let title = f.opt(ctx, "title", decode::text);
            let slug = decode::text(ctx, page, "menu.page")?;
            menu_page(ctx, page, slug, title, known)
        }
        (None, Some(url)) => {
            let title = f.req(ctx, "title", decode::text);
            let url = menu_url(ctx, url, links)?;
            Some(MenuEntry::Link { title: title?, url })
        }
        (None, None) => {
            ctx.error(
                f.pos(),
                "a menu entry needs a `page` or a `url`",
                Some(
                    "write `{ page: about }` or `{ title: Blog, url: https://blog.example.org }`"
                        .to_string(),
                ),
            );
            None
        }
    }
}

/// A menu entry naming a section or a free page, checked against `known`.
fn menu_page(
    ctx: &mut Ctx,
    node: &Node,
    slug: String,
    title: Option<String>,
    known: Option<&Known>,
) -> Option<MenuEntry> {
    let entry = MenuEntry::Page {
        slug: slug.clone(),
        title,
    };
    let Some(known) = known else {
        return Some(entry);
    };
    if slug == "posts" && !known.posts && !known.pages.contains(&"posts") {
        ctx.error(
            node.pos,
            "`menu` names `posts`, but the site has no posts",
            Some("add a post under content/posts/, or take `posts` out of the menu".to_string()),
        );
        return None;
    }
    if SECTIONS.iter().any(|(s, _, _)| *s == slug) || known.pages.contains(&slug.as_str()) {
        return Some(entry);
    }
    let candidates = SECTIONS
        .iter()
        .map(|(s, _, _)| *s)
        .chain(known.pages.iter().copied());
    let hint = match crate::diagnostics::did_you_mean(&slug, candidates) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "name a free page (a file in content/pages/, without .md), a section such as `programs` or `fees`, or write a link `{ title: Blog, url: https://blog.example.org }`".to_string(),
    };
    ctx.error(
        node.pos,
        format!("`menu` names `{slug}`, which is no page or section of the site"),
        Some(hint),
    );
    None
}

/// A menu link: absolute (http, https, mailto), or root-relative and
/// checked like a Markdown link once every page is known.
fn menu_url(ctx: &mut Ctx, node: &Node, links: &mut Vec<LinkCheck>) -> Option<String> {
    let Some((t, _)) = node.as_scalar() else {
        return decode::url(ctx, node, "menu.url", Schemes::HttpOrMailto);
    };
    let t = t.trim();
    if !t.starts_with('/') || t.starts_with("//") {
        return decode::url(ctx, node, "menu.url", Schemes::HttpOrMailto);
    }
    if t.chars()
        .any(|c| c.is_whitespace() || "<>\"'\\".contains(c))
    {
        ctx.error(
            node.pos,
            format!("`menu.url` is not a usable path: `{t}`"),
            Some(
                "write a path of the site such as /fees/ or /about/, without spaces or quotes"
                    .to_string(),
            ),
        );
        return None;
    }
    let target = t.split(['#', '?']).next().unwrap_or(t).to_string();
    ctx.error(
        node.pos,
        format!("broken link: there is no page or file at `{target}`"),
        Some(
            "link to an existing page, e.g. /programs/, /fees/, /faq/, /programs/<slug>/"
                .to_string(),
        ),
    );
    // Reported only if the target turns out not to exist.
    if let Some(diagnostic) = ctx.diags.pop() {
        links.push(LinkCheck { target, diagnostic });
    }
    Some(t.to_string())
}

/// `base_url`: a safe link that is also a site's root address.
fn site_root(ctx: &mut Ctx, n: &Node, field: &str) -> Option<String> {
    let url = decode::url(ctx, n, field, Schemes::Http)?;
    match decode::check_base_url(&url) {
        Ok(()) => Some(url),
        Err(why) => {
            ctx.error(
                n.pos,
                format!("`base_url` is not usable: {why}"),
                Some(BASE_URL_HINT.to_string()),
            );
            None
        }
    }
}

/// Codes editors write for a language in place of its ISO 639-1 code: a
/// country's (`sp`, `br`), ISO 639-2's (`spa`, `ara`).
const LANGUAGE_MISTAKES: &[(&str, &str)] = &[
    ("sp", "es"),
    ("spa", "es"),
    ("esp", "es"),
    ("mx", "es"),
    ("eng", "en"),
    ("us", "en"),
    ("uk", "en"),
    ("gb", "en"),
    ("por", "pt"),
    ("br", "pt"),
    ("ara", "ar"),
    ("eg", "ar"),
    ("sa", "ar"),
];

/// `language`: a BCP 47 tag whose language has a translation table (when
/// `known` says which do).
fn language(ctx: &mut Ctx, n: &Node, field: &str, known: Option<&Known>) -> Option<String> {
    let l = decode::text(ctx, n, field)?;
    if is_language_tag(&l) {
        let primary = crate::model::i18n::primary(&l).to_ascii_lowercase();
        if let Some(k) = known
            && !k.languages.iter().any(|t| *t == l || *t == primary)
        {
            let names = k.languages.join(", ");
            let close =
                crate::diagnostics::did_you_mean(&primary, k.languages.iter().map(String::as_str))
                    .or_else(|| {
                        LANGUAGE_MISTAKES
                            .iter()
                            .find(|(wrong, _)| *wrong == primary)
                            .map(|(_, right)| *right)
                            .filter(|right| k.languages.iter().any(|t| t == right))
                    });
            let hint = match close {
                Some(close) => format!(
                    "did you mean `{close}`? The languages with a table are {names}; to add `{l}`, write i18n/{l}.yaml (docs/i18n.md)"
                ),
                None => format!(
                    "the languages with a table are {names}; to add `{l}`, write i18n/{l}.yaml (docs/i18n.md)"
                ),
            };
            ctx.error(
                n.pos,
                format!("unknown language `{l}`: there is no translation table for it"),
                Some(hint),
            );
            return None;
        }
        return Some(l);
    }
    ctx.error(
        n.pos,
        format!("`{field}` is not a BCP 47 language tag: `{l}`"),
        Some("write a tag like `en`, `en-US` or `es`".to_string()),
    );
    None
}

/// `theme`: the name of a folder under themes/.
fn theme(ctx: &mut Ctx, n: &Node) -> Option<String> {
    let t = decode::text(ctx, n, "theme")?;
    if is_slug(&t) {
        return Some(t);
    }
    ctx.error(
        n.pos,
        format!("`theme` must be a folder name under themes/, found `{t}`"),
        Some("use lowercase letters, digits and `-`, e.g. `theme: default`".to_string()),
    );
    None
}

const APPLY_FIELDS: &[decode::Field] = &[
    (
        "url",
        "url: \"https://apply.example.org/form?program={program}&start={start}\"",
    ),
    (
        "steps",
        "steps: [Submit application form, Upload CV and transcripts]",
    ),
];

fn decode_apply(ctx: &mut Ctx, node: &Node) -> Apply {
    let Some(f) = fields(ctx, node, "apply", APPLY_FIELDS) else {
        return Apply::default();
    };
    let url = f
        .get("url")
        .and_then(|n| apply_template(ctx, n, "apply.url"));
    let steps = f
        .get("steps")
        .and_then(|n| decode::texts(ctx, n, "apply.steps"))
        .unwrap_or_default();
    Apply { url, steps }
}

const CONTACT_FIELDS: &[decode::Field] = &[
    ("email", "email: admissions@example.org"),
    ("phone", "phone: +1 312 555 0100"),
];

fn decode_contact(ctx: &mut Ctx, node: &Node) -> Contact {
    let Some(f) = fields(ctx, node, "contact", CONTACT_FIELDS) else {
        return Contact::default();
    };
    let email = f.get("email").and_then(|n| {
        let t = decode::text(ctx, n, "contact.email")?;
        let ok = t
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
            && !t.chars().any(|c| c.is_whitespace() || "<>\"'".contains(c));
        if ok {
            Some(t)
        } else {
            ctx.error(
                n.pos,
                format!("`contact.email` is not an email address: `{t}`"),
                Some("write it like admissions@example.org".to_string()),
            );
            None
        }
    });
    let phone = f
        .get("phone")
        .and_then(|n| decode::text(ctx, n, "contact.phone"));
    Contact { email, phone }
}

/// An apply link template (`apply.url` in site.yaml, `apply_url` in a
/// program), decoded and checked; `field` names it in messages.
pub fn apply_template(ctx: &mut Ctx, node: &Node, field: &str) -> Option<String> {
    let t = decode::text(ctx, node, field)?;
    match check_template(&t) {
        Ok(()) => Some(t),
        Err((why, hint)) => {
            ctx.error(node.pos, format!("`{field}` {why}"), Some(hint));
            None
        }
    }
}

/// Checks an apply link template: known placeholders only, and a safe URL
/// once they are filled in.
pub fn check_template(t: &str) -> Result<(), (String, String)> {
    let mut rest = t;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            return Err((
                "has a `{` that is never closed".into(),
                "placeholders look like {program}".into(),
            ));
        };
        let name = &after[..end];
        if !PLACEHOLDERS.contains(&name) {
            let hint = match crate::diagnostics::did_you_mean(name, PLACEHOLDERS.iter().copied()) {
                Some(s) => format!(
                    "did you mean {{{s}}}? The placeholders are {{program}} {{specialty}} {{hospital}} {{start}} {{weeks}} {{status}}"
                ),
                None => {
                    "the placeholders are {program} {specialty} {hospital} {start} {weeks} {status}"
                        .into()
                }
            };
            return Err((format!("has an unknown placeholder {{{name}}}"), hint));
        }
        rest = &after[end + 1..];
    }
    let filled = fill_template(t, &|_| "x".to_string());
    decode::check_url(&filled, Schemes::HttpOrMailto).map_err(|why| {
        (
            format!("is not a safe link: {why}"),
            "write an https:// address or a mailto: address".into(),
        )
    })
}

fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

fn is_language_tag(t: &str) -> bool {
    let mut parts = t.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    /// site.yaml's decoder and the model's field table name the same fields.
    #[test]
    fn site_fields_match_the_field_table() {
        use crate::model::schema;
        let names = |d: &[decode::Field]| {
            let mut v: Vec<&str> = d.iter().map(|(n, _)| *n).collect();
            v.sort_unstable();
            v
        };
        let table = |o: &schema::Object| {
            let mut v: Vec<&str> = o.fields.iter().map(|f| f.name).collect();
            v.sort_unstable();
            v
        };
        assert_eq!(names(SITE_FIELDS), table(&schema::SITE));
        assert_eq!(names(APPLY_FIELDS), table(&schema::APPLY));
        assert_eq!(names(CONTACT_FIELDS), table(&schema::CONTACT));
        assert_eq!(names(MENU_ENTRY_FIELDS), table(&schema::MENU_ENTRY));
        assert_eq!(names(CMS_FIELDS), table(&schema::CMS));
    }

    use super::*;

    #[test]
    fn base_path_is_the_url_path() {
        assert_eq!(base_path("https://x.org"), "");
        assert_eq!(base_path("https://x.org/catalog"), "/catalog");
        assert_eq!(base_path("https://x.org/a/b/"), "/a/b");
    }

    #[test]
    fn templates_are_checked_and_filled_with_encoding() {
        assert!(check_template("https://a.org/?p={program}&s={start}").is_ok());
        assert!(check_template("mailto:a@b.org?subject={program}").is_ok());
        assert!(
            check_template("https://a.org/?p={progam}")
                .unwrap_err()
                .1
                .contains("{program}")
        );
        assert!(check_template("javascript:alert({program})").is_err());
        let url = fill_template("https://a.org/?p={program}&x={specialty}", &|k| {
            if k == "program" {
                "a&b c".into()
            } else {
                "é/?".into()
            }
        });
        assert_eq!(url, "https://a.org/?p=a%26b%20c&x=%C3%A9%2F%3F");
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("en-US"));
        assert!(!is_language_tag("english language"));
    }
}
