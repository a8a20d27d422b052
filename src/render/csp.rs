//! The Content-Security-Policy of every page, and the `_headers` file that
//! hands it and the caching rules to hosts (Netlify, Cloudflare Pages).
//!
//! Pages carry no inline script (JSON-LD is data, not script: CSP does not
//! apply to it); the one inline style the default theme keeps (the
//! `<noscript><style>` of `programs.html`) is allowed by its hash, computed
//! from the templates, so a site's own template with a static `<style>`
//! block is allowed the same way.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

/// `'sha256-…'` of the text of every `<style>` element in the templates
/// whose text is static (no Tera tags), sorted and deduplicated.
pub fn inline_style_hashes(templates: &[(String, String)]) -> Vec<String> {
    let mut hashes = BTreeSet::new();
    for (_, text) in templates {
        for css in inline_styles(text) {
            if !css.contains("{{") && !css.contains("{%") && !css.contains("{#") {
                hashes.insert(source_hash(css));
            }
        }
    }
    hashes.into_iter().collect()
}

/// The text of every `<style…>…</style>` element in `html`.
pub fn inline_styles(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<style") {
        let tag = from + at;
        let next = lower.as_bytes().get(tag + 6).copied().unwrap_or(b' ');
        let Some(open_end) = lower[tag..].find('>').map(|i| tag + i + 1) else {
            break;
        };
        if !(next == b'>' || next.is_ascii_whitespace()) {
            from = open_end;
            continue;
        }
        let Some(close) = lower[open_end..].find("</style").map(|i| open_end + i) else {
            break;
        };
        found.push(&html[open_end..close]);
        from = close;
    }
    found
}

/// `'sha256-<base64>'` of `text`, as CSP writes a hash source.
pub fn source_hash(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

/// The policy. `for_meta`: without `frame-ancestors`, which a `<meta>`
/// policy cannot carry (browsers ignore it there and log an error).
pub fn policy(style_hashes: &[String], for_meta: bool) -> String {
    let mut style = String::from("'self'");
    for h in style_hashes {
        style.push(' ');
        style.push_str(h);
    }
    let mut p = format!(
        "default-src 'self'; script-src 'self'; style-src {style}; img-src 'self' data: https:; \
         object-src 'none'; base-uri 'self'; form-action 'self'"
    );
    if !for_meta {
        p.push_str("; frame-ancestors 'none'");
    }
    p
}

/// Long, immutable caching: fingerprinted assets.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Revalidated on every visit: pages, data, search index, static files.
pub const CACHE_REVALIDATE: &str = "public, max-age=0, must-revalidate";

/// The policy of the pages under the top-level output entry `entry`
/// (`programs`, `index.html`): the hook for a section that needs its own
/// (none does yet). `policy` is the site's.
pub fn policy_for(entry: &str, policy: &str, admin: Option<&str>) -> String {
    match (entry, admin) {
        ("admin", Some(admin)) => admin.to_string(),
        _ => policy.to_string(),
    }
}

/// The policy of `/admin/` (the browser editor, `cms:` in site.yaml): the
/// CMS's script from the origin the site names, its API calls to the git
/// host and the sign-in helper, and what a single-page editor needs
/// (inline styles, `blob:` previews and workers). Looser than the site's,
/// and only on `/admin/`, which is not indexed and shows no content of its own.
///
/// `for_meta`: without `frame-ancestors`, as for [`policy`].
pub fn admin_policy(backend: &str, script: &str, auth_url: Option<&str>, for_meta: bool) -> String {
    let mut connect = vec!["'self'".to_string()];
    connect.push(
        match backend {
            "gitlab" => "https://gitlab.com",
            "gitea" => "https:",
            _ => "https://api.github.com https://www.githubstatus.com",
        }
        .to_string(),
    );
    connect.extend(auth_url.and_then(origin));
    let script_src = match origin(script) {
        Some(o) => format!("'self' {o}"),
        None => "'self'".to_string(),
    };
    let mut p = format!(
        "default-src 'self'; script-src {script_src}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob: https:; media-src 'self' blob: https:; \
         font-src 'self' data:; connect-src {}; worker-src 'self' blob:; \
         frame-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'",
        connect.join(" ")
    );
    if !for_meta {
        p.push_str("; frame-ancestors 'none'");
    }
    p
}

/// `https://host[:port]` of an https:// address.
fn origin(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .filter(|h| !h.is_empty())?;
    Some(format!("https://{host}"))
}

/// The `_headers` file (Netlify and Cloudflare Pages syntax).
///
/// `entries` are the top-level names of the output (`programs/` for a
/// folder, `robots.txt` for a file), `base_path` the site's (`""` or
/// `/catalog`). The security headers that never differ go on `/*`; the
/// policy and `Cache-Control` go on one block per top-level entry, so no two
/// blocks give the same header to one URL: Cloudflare Pages joins the
/// values of such a header with commas and Netlify keeps the later one, and
/// neither is what a cache rule needs.
pub fn headers_file(
    base_path: &str,
    entries: &BTreeSet<String>,
    policy: &str,
    admin: Option<&str>,
) -> String {
    let mut out = String::from(
        "# Made by rotalog: HTTP headers for Netlify and Cloudflare Pages (docs/security.md).\n",
    );
    out.push_str(&format!(
        "{base_path}/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()\n"
    ));
    out.push_str(&format!(
        "\n{base_path}/assets/*\n  Cache-Control: {CACHE_IMMUTABLE}\n"
    ));
    let mut block = |pattern: String, entry: &str| {
        out.push_str(&format!(
            "\n{pattern}\n  Content-Security-Policy: {}\n  Cache-Control: {CACHE_REVALIDATE}\n",
            policy_for(entry, policy, admin)
        ));
    };
    block(format!("{base_path}/"), "index.html");
    for entry in entries {
        if entry == "assets/" || entry.starts_with('_') {
            continue;
        }
        match entry.strip_suffix('/') {
            Some(dir) => block(format!("{base_path}/{dir}/*"), dir),
            None => block(format!("{base_path}/{entry}"), entry),
        }
    }
    out
}

/// Standard base-64 with padding (RFC 4648 §4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want);
        }
        // The CSP spec's own example: sha256 of `alert('Hello, world.');`.
        assert_eq!(
            source_hash("alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
    }

    #[test]
    fn inline_styles_are_found_and_dynamic_ones_not_hashed() {
        let templates = vec![
            (
                "a.html".to_string(),
                "<noscript><style>.x{}</style></noscript><STYLE media=print>p{}</STYLE><stylesheet>"
                    .to_string(),
            ),
            ("b.html".to_string(), "<style>{{ x }}</style>".to_string()),
        ];
        assert_eq!(inline_styles(&templates[0].1), vec![".x{}", "p{}"]);
        let hashes = inline_style_hashes(&templates);
        assert_eq!(
            hashes,
            vec![source_hash(".x{}"), source_hash("p{}")]
                .into_iter()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn meta_policy_drops_frame_ancestors_only() {
        let header = policy(&["'sha256-x'".into()], false);
        let meta = policy(&["'sha256-x'".into()], true);
        assert_eq!(format!("{meta}; frame-ancestors 'none'"), header);
        assert!(meta.contains("style-src 'self' 'sha256-x';"));
    }
}
