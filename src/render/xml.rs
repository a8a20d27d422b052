//! sitemap.xml, feed.xml (Atom) and robots.txt, written directly so their
//! escaping and shape do not depend on a theme.

use std::fmt::Write as _;

use super::context::Views;
use super::routes;

pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Every HTML page except 404, in path order; on a multilingual site,
/// each page in every language, each with its alternates in all of them
/// (`xhtml:link rel="alternate" hreflang`, and `x-default` for the
/// default language's), as search engines read them.
pub fn sitemap(views: &Views, page_routes: &[String]) -> String {
    let multilingual = views.catalog.config.is_multilingual();
    let mut out = String::from(if multilingual {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    } else {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    });
    let verified: std::collections::HashMap<String, time::Date> = views
        .catalog
        .programs
        .iter()
        .filter_map(|p| Some((routes::program(&p.slug), p.last_verified?)))
        .collect();
    let mut sorted: Vec<&String> = page_routes.iter().collect();
    sorted.sort();
    for r in sorted {
        let lastmod = verified
            .get(r)
            .map(|d| format!("<lastmod>{d}</lastmod>"))
            .unwrap_or_default();
        if !multilingual {
            let _ = writeln!(
                out,
                "  <url><loc>{}</loc>{lastmod}</url>",
                escape(&views.absolute(r))
            );
            continue;
        }
        let alternates = views.alternates(r);
        let mut links = String::new();
        for a in &alternates {
            let _ = write!(
                links,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(&a.language),
                escape(&a.absolute)
            );
        }
        let _ = write!(
            links,
            "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
            escape(&alternates[0].absolute)
        );
        for a in &alternates {
            let _ = writeln!(
                out,
                "  <url><loc>{}</loc>{lastmod}{links}</url>",
                escape(&a.absolute)
            );
        }
    }
    out.push_str("</urlset>\n");
    out
}

/// An Atom feed of the posts, newest first.
pub fn feed(views: &Views) -> String {
    let cat = views.catalog;
    let updated = cat.posts.first().map_or(cat.today, |p| p.date);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    let _ = writeln!(out, "  <title>{}</title>", escape(&cat.config.title));
    let _ = writeln!(out, "  <id>{}</id>", escape(&views.absolute("/")));
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" href=\"{}\"/>",
        escape(&views.absolute("/"))
    );
    let _ = writeln!(
        out,
        "  <link rel=\"self\" href=\"{}\"/>",
        escape(&views.absolute("/feed.xml"))
    );
    let _ = writeln!(out, "  <updated>{updated}T00:00:00Z</updated>");
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        escape(&cat.config.title)
    );
    for p in &cat.posts {
        let url = views.absolute(&routes::post(&p.slug));
        let _ = writeln!(out, "  <entry>");
        let _ = writeln!(out, "    <title>{}</title>", escape(&p.title));
        let _ = writeln!(out, "    <id>{}</id>", escape(&url));
        let _ = writeln!(
            out,
            "    <link rel=\"alternate\" href=\"{}\"/>",
            escape(&url)
        );
        let _ = writeln!(out, "    <updated>{}T00:00:00Z</updated>", p.date);
        if let Some(d) = &p.description {
            let _ = writeln!(out, "    <summary>{}</summary>", escape(d));
        }
        let _ = writeln!(
            out,
            "    <content type=\"html\">{}</content>",
            escape(&p.body.html)
        );
        let _ = writeln!(out, "  </entry>");
    }
    out.push_str("</feed>\n");
    out
}

pub fn robots(views: &Views) -> String {
    // The browser editor (`cms:`) is for the site's editors, not for search engines.
    let admin = match views.catalog.config.cms {
        Some(_) => format!("Disallow: {}/admin/\n", views.catalog.config.base_path),
        None => String::new(),
    };
    format!(
        "User-agent: *\nAllow: /\n{admin}\nSitemap: {}\n",
        views.absolute("/sitemap.xml")
    )
}
