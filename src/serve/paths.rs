//! What a request path names: a built file, a folder's index (redirected
//! to with a trailing slash), one of the server's own endpoints, or
//! nothing; and a file's content type.
//!
//! Path safety does not rest on file system checks: a request can only name
//! a key of the in-memory map of built files (see `super::Site`). Paths are
//! still decoded once, strictly, and anything with `..`, `.`, empty
//! segments, backslashes or control characters is refused with 400 before
//! lookup, so there is nothing to normalise later.

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A built file, by its output path (`programs/x/index.html`).
    File(String),
    /// The same path with a trailing slash: a folder's index.
    Redirect(String),
    /// A path the server itself answers (`/__rotalog/...`), without the prefix.
    Internal(String),
    /// Nothing here: the site's 404 page.
    NotFound,
    /// A path that no browser sends: `..`, backslashes, bad escapes.
    Bad(&'static str),
}

/// The prefix of the server's own endpoints; never a site path (the site's
/// slugs cannot start with `_`).
pub const INTERNAL: &str = "/__rotalog/";

/// Decides what `target` names, given the site's base path (`` or
/// `/catalog`) and a way to ask whether an output file exists.
pub fn resolve(target: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> Target {
    if !target.starts_with('/') {
        return Target::Bad("the request target must be a path");
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    let path = path.split('#').next().unwrap_or("");
    let decoded = match decode_path(path) {
        Ok(d) => d,
        Err(why) => return Target::Bad(why),
    };
    if let Some(rest) = decoded.strip_prefix(INTERNAL) {
        return Target::Internal(rest.to_string());
    }
    let rest = if base_path.is_empty() {
        Some(decoded.as_str())
    } else if decoded == base_path {
        // `/catalog` -> `/catalog/`
        return Target::Redirect(with_query(&format!("{path}/"), query));
    } else {
        decoded
            .strip_prefix(base_path)
            .and_then(|r| r.starts_with('/').then_some(r))
    };
    let Some(rest) = rest else {
        return Target::NotFound;
    };
    let rel = &rest[1..];
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if exists(rel) {
        return Target::File(rel.to_string());
    }
    if exists(&format!("{rel}/index.html")) {
        return Target::Redirect(with_query(&format!("{path}/"), query));
    }
    Target::NotFound
}

fn with_query(path: &str, query: Option<&str>) -> String {
    match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    }
}

/// Percent-decodes a path once, strictly, and refuses anything that could
/// step out of the site or that no browser would send.
fn decode_path(path: &str) -> Result<String, &'static str> {
    if path.contains('\\') {
        return Err("backslashes are not allowed in paths");
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(b) => out.push(b),
                None => return Err("a `%` escape is malformed"),
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).map_err(|_| "the path is not UTF-8")?;
    if decoded.contains('\\') {
        return Err("backslashes are not allowed in paths");
    }
    if decoded.chars().any(char::is_control) {
        return Err("control characters are not allowed in paths");
    }
    // Every segment but the last (which is empty for a folder) must be a name.
    let segments: Vec<&str> = decoded[1..].split('/').collect();
    for (i, s) in segments.iter().enumerate() {
        if *s == ".." || *s == "." {
            return Err("`.` and `..` are not allowed in paths");
        }
        if s.is_empty() && i + 1 < segments.len() {
            return Err("empty path segments (`//`) are not allowed");
        }
    }
    Ok(decoded)
}

/// The content type of an output file, from its extension.
pub fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream");
    if mime.starts_with("text/")
        || mime == "application/javascript"
        || mime == "application/json"
        || mime == "application/xml"
        || mime == "image/svg+xml"
        || path.ends_with(".webmanifest")
    {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(p: &str) -> bool {
        ["index.html", "programs/index.html", "style.css", "a b.pdf"].contains(&p)
    }

    #[test]
    fn paths_resolve_to_files_indexes_and_redirects() {
        assert_eq!(resolve("/", "", files), Target::File("index.html".into()));
        assert_eq!(
            resolve("/programs/", "", files),
            Target::File("programs/index.html".into())
        );
        assert_eq!(
            resolve("/programs?x=1", "", files),
            Target::Redirect("/programs/?x=1".into())
        );
        assert_eq!(
            resolve("/a%20b.pdf", "", files),
            Target::File("a b.pdf".into())
        );
        assert_eq!(resolve("/nope/", "", files), Target::NotFound);
        assert_eq!(
            resolve("/__rotalog/reload.js", "/c", files),
            Target::Internal("reload.js".into())
        );
    }

    #[test]
    fn the_base_path_is_required_and_redirected_to() {
        assert_eq!(resolve("/c", "/c", files), Target::Redirect("/c/".into()));
        assert_eq!(
            resolve("/c/", "/c", files),
            Target::File("index.html".into())
        );
        assert_eq!(resolve("/", "/c", files), Target::NotFound);
        // A sibling that shares the prefix is not the base path.
        assert_eq!(resolve("/cc/style.css", "/c", files), Target::NotFound);
        assert_eq!(
            resolve("/c/style.css", "/c", files),
            Target::File("style.css".into())
        );
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2fCargo.toml",
            "/..%2fCargo.toml",
            "/programs/..",
            "/./index.html",
            "/..\\Cargo.toml",
            "/%5c..%5cCargo.toml",
            "//etc/passwd",
            // Would redirect to `//evil.example/`, another site.
            "/%2Fevil.example",
            "/%2F%2Fevil.example",
            "/%00",
            "/%zz",
            "/%c3",
            "http://evil.example/",
            "*",
        ] {
            assert!(
                matches!(resolve(bad, "", files), Target::Bad(_)),
                "{bad} was not refused"
            );
        }
        // Decoded once: `%252e` is the literal name `%2e`, which is not a file.
        assert_eq!(
            resolve("/%252e%252e/Cargo.toml", "", files),
            Target::NotFound
        );
    }

    #[test]
    fn text_types_carry_a_charset() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.png"), "image/png");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}

/// Property tests of the path decoding: whatever a client sends, the
/// server does not panic, and whatever it accepts names a file under the
/// site. 500 cases each; well under a second in all.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::path::{Component, Path};

    /// Strings biased toward what matters here: `%`, hex digits, dots,
    /// slashes and backslashes, with any other character mixed in.
    fn nasty() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => prop::sample::select(vec![
                "/", "%", ".", "..", "\\", "%2e", "%2E", "%2f", "%2F", "%5c", "%00", "%25",
                "%c3", "%a9", "%ff", "%0a", "?", "#", "a", "é", "%",
            ])
            .prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
            1 => "[0-9a-fA-F]{1,3}",
        ];
        prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
    }

    /// A file name a site may have: no `/`, no control character, not `.`
    /// or `..`.
    fn name() -> impl Strategy<Value = String> {
        "[^/\\\\\\p{Cc}]{1,12}".prop_filter("not a dot segment", |s| s != "." && s != "..")
    }

    fn percent_encode_all(path: &str) -> String {
        path.bytes()
            .map(|b| {
                if b == b'/' {
                    "/".to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }

    /// The checks every decoded path must pass.
    fn assert_inside(decoded: &str) -> Result<(), TestCaseError> {
        prop_assert!(decoded.starts_with('/'), "{decoded:?}");
        prop_assert!(!decoded.contains('\\'), "{decoded:?}");
        prop_assert!(!decoded.chars().any(char::is_control), "{decoded:?}");
        prop_assert!(!decoded.contains("//"), "{decoded:?}");
        for segment in decoded[1..].split('/') {
            prop_assert!(segment != ".." && segment != ".", "{decoded:?}");
        }
        // Joined to a root folder, it stays under it.
        let joined = Path::new("/site").join(&decoded[1..]);
        prop_assert!(joined.starts_with("/site"), "{decoded:?}");
        prop_assert!(
            joined
                .components()
                .skip(2)
                .all(|c| matches!(c, Component::Normal(_))),
            "{decoded:?}"
        );
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn decoding_never_panics_and_what_it_accepts_stays_inside(rest in nasty()) {
            let path = format!("/{rest}");
            if let Ok(decoded) = decode_path(&path) {
                assert_inside(&decoded)?;
            }
        }

        #[test]
        fn resolving_any_target_never_panics_nor_leaves_the_site(
            target in nasty(),
            base in prop_oneof![Just(String::new()), Just("/catalog".to_string()), nasty()],
        ) {
            // Every lookup succeeds, so whatever passes the checks is a File.
            if let Target::File(file) = resolve(&target, &base, |_| true) {
                assert_inside(&format!("/{file}"))?;
            }
        }

        #[test]
        fn arbitrary_bytes_as_a_path_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            let target = format!("/{}", String::from_utf8_lossy(&bytes));
            let _ = resolve(&target, "", |_| true);
            if let Ok(decoded) = decode_path(&target) {
                assert_inside(&decoded)?;
            }
        }

        #[test]
        fn an_encoded_safe_path_decodes_to_itself(
            names in prop::collection::vec(name(), 1..5),
            folder in any::<bool>(),
        ) {
            let mut path = format!("/{}", names.join("/"));
            if folder {
                path.push('/');
            }
            prop_assert_eq!(decode_path(&percent_encode_all(&path)), Ok(path.clone()));
            // Unencoded (as far as `%` allows), too.
            if !path.contains('%') {
                prop_assert_eq!(decode_path(&path), Ok(path.clone()));
            }
        }
    }
}
