//! Links in the content: which schemes a field accepts, and what a site's
//! root address (`base_url`, `--base-url`) may be.

use super::decode::{Ctx, text};
use super::yaml::Node;

/// The URL schemes a field accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Schemes {
    Http,
    HttpOrMailto,
}

/// An absolute http(s) URL (or mailto, where allowed).
pub fn url(ctx: &mut Ctx, node: &Node, field: &str, schemes: Schemes) -> Option<String> {
    let t = text(ctx, node, field)?;
    match check_url(&t, schemes) {
        Ok(()) => Some(t),
        Err(why) => {
            let allowed = match schemes {
                Schemes::Http => {
                    "an absolute http:// or https:// address, e.g. https://example.org/page"
                }
                Schemes::HttpOrMailto => "an absolute https:// address or mailto:name@example.org",
            };
            ctx.error(
                node.pos,
                format!("`{field}` is not a safe link: {why}"),
                format!("write {allowed}"),
            );
            None
        }
    }
}

/// Checks a site's root address (`base_url`, `--base-url`): http(s), a host,
/// an optional port (1–65535, decimal digits) and an optional path; no user
/// info, query or fragment, since every page's address is built from it.
pub fn check_base_url(t: &str) -> Result<(), String> {
    check_url(t, Schemes::Http)?;
    let rest = t.split_once("://").map_or("", |(_, r)| r);
    if t.contains('?') {
        return Err("it has a query (`?…`); give only the address of the site's root".into());
    }
    if t.contains('#') {
        return Err("it has a fragment (`#…`); give only the address of the site's root".into());
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.contains('@') {
        return Err("it has a user name (`name@`); remove it".into());
    }
    let no_host = || Err("it has no valid host name".to_string());
    let port = if let Some(v6) = authority.strip_prefix('[') {
        let Some((addr, after)) = v6.split_once(']') else {
            return no_host();
        };
        if addr.parse::<std::net::Ipv6Addr>().is_err() {
            return no_host();
        }
        match after {
            "" => None,
            _ => match after.strip_prefix(':') {
                Some(p) => Some(p),
                None => return no_host(),
            },
        }
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        // A single trailing dot (`example.org.`) is a valid absolute name.
        let name = host.strip_suffix('.').unwrap_or(host);
        let labels_ok = name.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
        if name.is_empty() || !labels_ok {
            return no_host();
        }
        port
    };
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
        if !valid {
            return Err(format!("`{port}` is not a port number (1 to 65535)"));
        }
    }
    let path_ok = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b) || b >= 0x80);
    if !path_ok || path.contains("//") || path.split('/').any(|s| s == ".." || s == ".") {
        return Err("its path has characters or parts a web address cannot have".into());
    }
    Ok(())
}

/// Checks an absolute URL's scheme and shape; the reason on failure.
pub fn check_url(t: &str, schemes: Schemes) -> Result<(), String> {
    let Some((scheme, rest)) = t.split_once(':').filter(|(s, _)| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    }) else {
        return Err("it has no scheme (https://)".into());
    };
    let scheme = scheme.to_ascii_lowercase();
    let allowed = matches!(scheme.as_str(), "http" | "https")
        || (scheme == "mailto" && schemes == Schemes::HttpOrMailto);
    if allowed
        && t.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"')
    {
        return Err("it contains spaces, quotes or angle brackets".into());
    }
    match scheme.as_str() {
        "http" | "https" => {
            let Some(rest) = rest.strip_prefix("//") else {
                return Err("it should start with https://".into());
            };
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = host.rsplit('@').next().unwrap_or(host);
            let host_name = host.split(':').next().unwrap_or("");
            if host_name.is_empty()
                || !host_name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == '[' || c == ']')
            {
                return Err("it has no valid host name".into());
            }
            Ok(())
        }
        "mailto" if schemes == Schemes::HttpOrMailto => {
            if rest.contains('@') {
                Ok(())
            } else {
                Err("a mailto: link needs an address".into())
            }
        }
        other => Err(format!("the `{other}:` scheme is not allowed")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_a_site_root() {
        for ok in [
            "https://rotations.example.org",
            "https://rotations.example.org/",
            "http://localhost:8080/catalog/",
            "https://[::1]:1111/a/b",
            "https://xn--bcher-kva.example/",
            "https://example.org./x%20y/",
        ] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("rotations.example.org", "no scheme"),
            ("ftp://example.org", "scheme is not allowed"),
            ("https://example.org/?a=b", "query"),
            ("https://example.org/#top", "fragment"),
            ("https://user:pw@example.org/", "user name"),
            ("https://example.org:0/", "port"),
            ("https://example.org:65536/", "port"),
            ("https://example.org:+80/", "port"),
            ("https://example.org:/", "port"),
            ("https://example.org:8o/", "port"),
            ("https://exa_mple.org/", "host"),
            ("https://-example.org/", "host"),
            ("https://a..b/", "host"),
            ("https://[::g]/", "host"),
            ("https://[::1]x/", "host"),
            ("https:///path", "host"),
            ("https://example.org/a/../b", "path"),
            ("https://example.org//b", "path"),
            ("https://example.org/a\\b", "path"),
            ("https://example.org/a{b}", "path"),
        ] {
            let e = check_base_url(bad).expect_err(bad);
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn urls_allow_only_safe_schemes() {
        assert!(check_url("https://x.org/a?b=c", Schemes::Http).is_ok());
        assert!(check_url("mailto:a@x.org", Schemes::HttpOrMailto).is_ok());
        assert!(check_url("mailto:a@x.org", Schemes::Http).is_err());
        assert!(check_url("javascript:alert(1)", Schemes::HttpOrMailto).is_err());
        assert!(check_url("JaVaScRiPt:alert(1)", Schemes::Http).is_err());
        assert!(check_url("data:text/html,x", Schemes::Http).is_err());
        assert!(check_url("https://", Schemes::Http).is_err());
        assert!(check_url("www.x.org", Schemes::Http).is_err());
        assert!(check_url("https://x.org/a b", Schemes::Http).is_err());
    }
}
