//! Aliases (`aliases:` on programs, hospitals and specialties: their old
//! slugs) as `_redirects` (Netlify and Cloudflare Pages syntax, one `301`
//! line per old URL, sorted) and as a static page at each old URL, for hosts
//! that read no `_redirects`: a meta refresh, the canonical link, `noindex`
//! and a visible link, no script. Neither is in the sitemap or the search
//! index.

use super::OutputFile;
use super::context::Views;
use crate::routes;

/// One old URL and where it now lives.
pub struct Redirect {
    /// The old route: `/programs/old-slug/`.
    pub from: String,
    /// The current route: `/programs/new-slug/`.
    pub to: String,
    /// The name of what moved, for the page's text.
    pub name: String,
}

/// Every alias of the catalog, sorted by old route.
pub fn all(views: &Views) -> Vec<Redirect> {
    let c = views.catalog;
    let mut out = Vec::new();
    for p in &c.programs {
        for a in &p.aliases {
            out.push(Redirect {
                from: routes::program(&a.value),
                to: routes::program(&p.slug),
                name: p.title.clone(),
            });
        }
    }
    for h in &c.hospitals {
        for a in &h.aliases {
            out.push(Redirect {
                from: routes::hospital(&a.value),
                to: routes::hospital(&h.slug),
                name: h.name.clone(),
            });
        }
    }
    for s in &c.specialties {
        for a in &s.aliases {
            out.push(Redirect {
                from: routes::specialty(&a.value),
                to: routes::specialty(&s.slug),
                name: s.name.clone(),
            });
        }
    }
    out.sort_by(|a, b| a.from.cmp(&b.from));
    out
}

/// `_redirects`: `/programs/old/ /programs/new/ 301`, under the base path.
pub fn file(views: &Views, redirects: &[Redirect]) -> OutputFile {
    let mut text = String::from(
        "# Made by rotalog from `aliases:` (docs/content-model.md): old URLs, moved for good.\n",
    );
    for r in redirects {
        text.push_str(&format!(
            "{} {} 301\n",
            views.url(&r.from),
            views.url(&r.to)
        ));
    }
    OutputFile {
        path: "_redirects".into(),
        bytes: text.into_bytes(),
    }
}

/// The page at an old URL.
pub fn page(views: &Views, r: &Redirect, language: &str, csp: &str) -> OutputFile {
    let url = escape(&views.url(&r.to));
    let canonical = escape(&views.absolute(&r.to));
    let name = escape(&r.name);
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <title>{name}</title>\n</head>\n<body>\n\
         <p>This page has moved: <a href=\"{url}\">{name}</a>.</p>\n</body>\n</html>\n",
        lang = escape(language),
        csp = escape(csp),
    );
    OutputFile {
        path: routes::file_for(&r.from),
        bytes: html.into_bytes(),
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}
