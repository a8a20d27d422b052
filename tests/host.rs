//! Host-ready output: fingerprinted assets, `_headers` (the CSP and caching),
//! the same CSP in every page's `<meta>`, `_redirects` and the redirect pages
//! of aliases, and the warnings past hosts' limits.

mod harness;

use std::collections::BTreeMap;

use harness::SiteTest;
use sha2::{Digest, Sha256};

/// The text of every `<tag …>` opening tag in `html` (lowercased name match).
fn tags<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&open) {
        let start = from + at;
        let after = lower.as_bytes().get(start + open.len()).copied();
        let end = lower[start..]
            .find('>')
            .map_or(html.len(), |i| start + i + 1);
        if matches!(after, Some(b' ' | b'>' | b'\n' | b'\t' | b'/')) {
            found.push(&html[start..end]);
        }
        from = end;
    }
    found
}

/// The value of `name="…"` in an opening tag, unescaped.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(unescape(&tag[at..at + len]))
}

fn unescape(s: &str) -> String {
    s.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The text inside every `<style>` element.
fn style_texts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<style") {
        let start = from + at;
        let open_end = start + lower[start..].find('>').unwrap() + 1;
        let close = open_end + lower[open_end..].find("</style").unwrap();
        found.push(&html[open_end..close]);
        from = close;
    }
    found
}

fn b64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            out.push(if i <= c.len() {
                A[(n >> (18 - 6 * i)) as usize & 63] as char
            } else {
                '='
            });
        }
    }
    out
}

/// `_headers` as (pattern, [(name, value)]) blocks, in order.
fn header_blocks(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut blocks: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with(' ') {
            let (name, value) = line.trim().split_once(": ").expect("Name: value");
            blocks
                .last_mut()
                .expect("a header after a path")
                .1
                .push((name.into(), value.into()));
        } else {
            blocks.push((line.to_string(), Vec::new()));
        }
    }
    blocks
}

/// The one Content-Security-Policy of the `_headers` file.
fn header_policy(files: &BTreeMap<String, Vec<u8>>) -> String {
    let text = String::from_utf8(files["_headers"].clone()).unwrap();
    let mut policies: Vec<String> = header_blocks(&text)
        .into_iter()
        .flat_map(|(_, h)| h)
        .filter(|(n, _)| n == "Content-Security-Policy")
        .map(|(_, v)| v)
        .collect();
    policies.dedup();
    assert_eq!(policies.len(), 1, "one policy for every page: {policies:?}");
    policies.remove(0)
}

fn pages(files: &BTreeMap<String, Vec<u8>>) -> Vec<(&String, String)> {
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b.clone()).unwrap()))
        .collect()
}

fn check_csp(files: &BTreeMap<String, Vec<u8>>) {
    let policy = header_policy(files);
    assert!(policy.contains("script-src 'self';"), "{policy}");
    assert!(policy.contains("object-src 'none'"), "{policy}");
    assert!(policy.ends_with("; frame-ancestors 'none'"), "{policy}");
    let meta_policy = policy.trim_end_matches("; frame-ancestors 'none'");
    let style_src: Vec<&str> = policy
        .split("; ")
        .find_map(|d| d.strip_prefix("style-src "))
        .expect("a style-src")
        .split(' ')
        .collect();
    let mut styles = 0;
    for (path, html) in pages(files) {
        let metas: Vec<String> = tags(&html, "meta")
            .into_iter()
            .filter(|t| attr(t, "http-equiv").as_deref() == Some("Content-Security-Policy"))
            .filter_map(|t| attr(t, "content"))
            .collect();
        assert_eq!(
            metas,
            vec![meta_policy.to_string()],
            "{path}: its <meta> CSP"
        );
        // A <meta> policy applies to what follows it: it comes before any
        // stylesheet, style or script.
        let meta_at = html.find("http-equiv=\"Content-Security-Policy\"").unwrap();
        for first in ["<link rel=\"stylesheet\"", "<style", "<script"] {
            if let Some(at) = html.find(first) {
                assert!(meta_at < at, "{path}: the CSP <meta> comes after {first}");
            }
        }
        for script in tags(&html, "script") {
            // Data blocks (JSON-LD, the scripts' strings) are never executed,
            // so `script-src 'self'` does not apply to them.
            let data = matches!(
                attr(script, "type").as_deref(),
                Some("application/ld+json" | "application/json")
            );
            assert!(
                attr(script, "src").is_some() || data,
                "{path}: an inline script: {script}"
            );
        }
        assert!(
            !html.contains(" style=\""),
            "{path}: a style attribute (CSP blocks it)"
        );
        for css in style_texts(&html) {
            let hash = format!("'sha256-{}'", b64(&Sha256::digest(css.as_bytes())));
            assert!(
                style_src.contains(&hash.as_str()),
                "{path}: the inline style {css:?} ({hash}) is not in the policy"
            );
            styles += 1;
        }
    }
    assert!(styles > 0, "the program list's <noscript> style is checked");
}

#[test]
fn no_page_has_inline_script_and_every_inline_style_is_in_the_policy() {
    check_csp(&SiteTest::example().output());
    let valid = SiteTest::fixture("valid");
    valid.build().assert_success();
    check_csp(&valid.output());
}

/// Splits `name.<hash>.ext` into (`name.ext`, hash).
fn fingerprint_of(file: &str) -> (String, String) {
    let parts: Vec<&str> = file.rsplitn(3, '.').collect();
    let [ext, hash, stem] = parts[..] else {
        panic!("{file} has no fingerprint");
    };
    (format!("{stem}.{ext}"), hash.to_string())
}

#[test]
fn assets_are_named_by_the_hash_of_their_bytes_and_referenced_by_that_name() {
    let t = SiteTest::example();
    let files = t.output();
    let mut names = BTreeMap::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.starts_with("assets/")) {
        let (name, hash) = fingerprint_of(&path["assets/".len()..]);
        let digest: String = Sha256::digest(bytes)
            .iter()
            .take(5)
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, digest, "{path}: the name's hash is not its bytes'");
        assert!(names.insert(name, path.clone()).is_none());
    }
    assert!(names.contains_key("style.css") && names.contains_key("catalog.js"));
    // Every module's imports name published files, without a query.
    let mut imports = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".js")) {
        let text = String::from_utf8(bytes.clone()).unwrap();
        for piece in text.split("from '").skip(1) {
            let spec = &piece[..piece.find('\'').unwrap()];
            let target = spec.strip_prefix("./").expect("a sibling");
            assert!(!target.contains('?'), "{path}: {spec} keeps a query");
            assert!(
                files.contains_key(&format!("assets/{target}")),
                "{path}: imports {spec}, which is not published"
            );
            imports += 1;
        }
    }
    assert!(imports >= 10, "{imports} imports checked");
    // Every page loads the fingerprinted stylesheet and script (but the
    // redirect pages of aliases, which load nothing).
    let mut redirect_pages = 0;
    for (path, html) in pages(&files) {
        if html.contains("<meta http-equiv=\"refresh\"") {
            redirect_pages += 1;
            assert!(!html.contains("/assets/"), "{path}");
            continue;
        }
        for name in ["style.css", "catalog.js"] {
            let url = format!("/{}", names[name]);
            assert!(html.contains(&format!("\"{url}\"")), "{path}: no {url}");
        }
        assert!(!html.contains("/assets/style.css"), "{path}");
    }
    assert_eq!(redirect_pages, 1, "the example's one alias");
}

#[test]
fn headers_cache_assets_forever_and_revalidate_everything_else() {
    let t = SiteTest::example();
    let files = t.output();
    let text = String::from_utf8(files["_headers"].clone()).unwrap();
    let blocks = header_blocks(&text);
    let get = |pattern: &str, name: &str| -> Option<String> {
        blocks
            .iter()
            .find(|(p, _)| p == pattern)
            .and_then(|(_, h)| h.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()))
    };
    assert_eq!(
        get("/*", "X-Content-Type-Options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        get("/*", "Referrer-Policy").as_deref(),
        Some("strict-origin-when-cross-origin")
    );
    assert!(get("/*", "Permissions-Policy").is_some());
    assert_eq!(
        get("/assets/*", "Cache-Control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    // Every output file is matched by exactly one block giving Cache-Control
    // (hosts join or override a header two blocks give), and it is the
    // immutable one exactly for assets.
    // A page is asked for by its folder's URL: `/programs/x/`.
    let matches = |pattern: &str, path: &str| -> bool {
        let url = format!("/{}", path.strip_suffix("index.html").unwrap_or(path));
        match pattern.strip_suffix('*') {
            Some(prefix) => url.starts_with(prefix),
            None => url == pattern,
        }
    };
    for path in files
        .keys()
        .filter(|p| !p.starts_with('.') && !p.starts_with('_'))
    {
        let cache: Vec<&String> = blocks
            .iter()
            .filter(|(p, _)| matches(p, path))
            .flat_map(|(_, h)| {
                h.iter()
                    .filter(|(n, _)| n == "Cache-Control")
                    .map(|(_, v)| v)
            })
            .collect();
        let want = if path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "public, max-age=0, must-revalidate"
        };
        assert_eq!(cache, vec![want], "{path}");
    }
}

// ---------------------------------------------------------------- aliases

#[test]
fn aliases_that_collide_with_live_urls_or_each_other_are_errors() {
    let run = SiteTest::expect_errors(
        "aliases",
        &[
            "content/hospitals/lakeside-clinic.md:6:11: the alias `mercy-chicago` is the live URL /hospitals/mercy-chicago/",
            "content/programs/cardio-observership.md:11:11: the alias `im-hands-on` is the live URL /programs/im-hands-on/",
            "content/programs/cardio-observership.md:11:24: the alias `page` is the live URL /programs/page/",
            "content/programs/im-hands-on.md:36:5: the alias `cardio-old` is given twice, also in content/programs/cardio-observership.md",
            "content/specialties/cardiology.md:5:18: the alias `heart` is given twice, also in content/specialties/cardiology.md",
        ],
    );
    assert_eq!(run.codes(), vec!["E023"; 5]);
    assert_eq!(
        run.help_for("`page`"),
        "remove it: /programs/page/ is a generated page"
    );
    assert!(
        run.help_for("`mercy-chicago`")
            .contains("content/hospitals/mercy-chicago.md exists")
    );
}

#[test]
fn an_alias_that_is_not_a_slug_is_an_error() {
    let run = SiteTest::expect_errors(
        "alias-not-slug",
        &[
            "content/hospitals/lakeside-clinic.md:6:21: the alias `Old_Lakeside` is not a slug: lowercase letters, digits and `-`",
        ],
    );
    assert_eq!(
        run.help_for("Old_Lakeside"),
        "write the old file name without .md, e.g. `old-lakeside`"
    );
}

#[test]
fn aliases_make_redirect_lines_and_pages_outside_the_sitemap_and_index() {
    let t = SiteTest::fixture("valid");
    t.edit(
        "content/programs/im-hands-on.md",
        "last_verified: 2026-11-01\n",
        "last_verified: 2026-11-01\naliases: [zz-im-old, im-old]\n",
    );
    t.edit(
        "content/hospitals/lakeside-clinic.md",
        "kind: clinic\n",
        "kind: clinic\naliases: [lakeside]\n",
    );
    t.edit(
        "content/specialties/cardiology.md",
        "summary: Heart and vessels.\n",
        "summary: Heart and vessels.\naliases:\n  - heart\n",
    );
    t.build().assert_success();
    let files = t.output();
    let redirects = String::from_utf8(files["_redirects"].clone()).unwrap();
    let lines: Vec<&str> = redirects.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        lines,
        [
            "/catalog/hospitals/lakeside/ /catalog/hospitals/lakeside-clinic/ 301",
            "/catalog/programs/im-old/ /catalog/programs/im-hands-on/ 301",
            "/catalog/programs/zz-im-old/ /catalog/programs/im-hands-on/ 301",
            "/catalog/specialties/heart/ /catalog/specialties/cardiology/ 301",
        ]
    );
    let page = String::from_utf8(files["programs/im-old/index.html"].clone()).unwrap();
    for want in [
        "<meta http-equiv=\"refresh\" content=\"0; url=/catalog/programs/im-hands-on/\">",
        "<link rel=\"canonical\" href=\"https://rotations.example.org/catalog/programs/im-hands-on/\">",
        "<meta name=\"robots\" content=\"noindex\">",
        "<a href=\"/catalog/programs/im-hands-on/\">Internal Medicine Hands-on Rotation</a>",
    ] {
        assert!(page.contains(want), "{want} in\n{page}");
    }
    assert!(!page.to_ascii_lowercase().contains("<script"), "{page}");
    assert!(files.contains_key("hospitals/lakeside/index.html"));
    assert!(files.contains_key("specialties/heart/index.html"));
    // Not pages to index or search.
    let sitemap = String::from_utf8(files["sitemap.xml"].clone()).unwrap();
    assert!(sitemap.contains("/programs/im-hands-on/"));
    for old in [
        "im-old",
        "zz-im-old",
        "hospitals/lakeside/",
        "specialties/heart/",
    ] {
        assert!(!sitemap.contains(old), "{old} in the sitemap");
    }
    for (path, bytes) in files.iter().filter(|(p, _)| p.starts_with("search/")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("im-old"), "{path} names an alias");
    }
    check_csp(&files);
    // Byte for byte the same on a second build.
    t.build().assert_success();
    assert!(files == t.output(), "a second build differs");
}

#[test]
fn the_example_catalog_shows_an_alias() {
    let t = SiteTest::example();
    let files = t.output();
    let redirects = String::from_utf8(files["_redirects"].clone()).unwrap();
    assert!(
        redirects.contains("/programs/houston-cardiology/ /programs/cardiology-houston/ 301"),
        "{redirects}"
    );
    assert!(files.contains_key("programs/houston-cardiology/index.html"));
}

// ---------------------------------------------------------------- host limits

#[test]
fn more_redirects_than_cloudflare_applies_is_a_warning_at_the_first_one_past() {
    let t = SiteTest::fixture("valid");
    let names: Vec<String> = (0..2001).map(|i| format!("old-{i:04}")).collect();
    t.edit(
        "content/programs/im-hands-on.md",
        "last_verified: 2026-11-01\n",
        &format!(
            "last_verified: 2026-11-01\naliases:\n{}",
            names
                .iter()
                .map(|n| format!("  - {n}\n"))
                .collect::<String>()
        ),
    );
    let run = t.check();
    run.assert_success();
    // `aliases:` is line 34; the 2,001st entry is on line 35 + 2000.
    assert_eq!(
        run.warnings()
            .into_iter()
            .filter(|w| w.contains("redirects"))
            .collect::<Vec<_>>(),
        [
            "content/programs/im-hands-on.md:2035:5: the site has 2001 redirects (aliases), more than Cloudflare Pages applies (2000); this is one past it"
        ]
    );
    assert!(run.codes().contains(&"W008".to_string()));
    // 2,000 is fine.
    t.edit("content/programs/im-hands-on.md", "  - old-2000\n", "");
    let run = t.check();
    assert!(
        !run.stderr.contains("redirects (aliases)"),
        "{}",
        run.stderr
    );
}

#[test]
fn more_files_than_a_host_deploys_is_a_warning() {
    let t = SiteTest::fixture("valid");
    let options = t.options();
    let generated = rotalog::check(&options).expect("the valid site checks");
    let count = generated.file_count;
    let at_limit = rotalog::host_limits(
        &rotalog::model::HostLimits {
            files: count,
            ..rotalog::model::HostLimits::CLOUDFLARE_PAGES
        },
        count,
        &load(&t),
    );
    assert!(at_limit.is_empty(), "{at_limit:?}");
    let over = rotalog::host_limits(
        &rotalog::model::HostLimits {
            files: count - 1,
            ..rotalog::model::HostLimits::CLOUDFLARE_PAGES
        },
        count,
        &load(&t),
    );
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].path.to_string_lossy(), "site.yaml");
    assert_eq!(
        over[0].message,
        format!(
            "the site has {count} files, more than Cloudflare Pages takes in one deploy ({})",
            count - 1
        )
    );
    assert!(!over[0].is_error());
}

fn load(t: &SiteTest) -> rotalog::model::Catalog {
    let options = t.options();
    let loaded = rotalog::content::load(
        &options.site_dir,
        &rotalog::content::LoadOptions {
            today: options.date,
            base_url: None,
        },
    );
    loaded.catalog.expect("the site loads")
}

#[test]
fn a_static_file_larger_than_a_host_serves_is_a_warning() {
    let t = SiteTest::fixture("valid");
    std::fs::create_dir_all(t.path("static")).unwrap();
    // Sparse: 25 MiB and a byte, without writing them.
    let f = std::fs::File::create(t.path("static/big.pdf")).unwrap();
    f.set_len((25 << 20) + 1).unwrap();
    let run = t.check();
    run.assert_success();
    assert_eq!(
        run.warnings(),
        [
            "static/big.pdf: the file is 26 MiB, more than Cloudflare Pages serves as one file (25 MiB)"
        ]
    );
}

#[test]
fn a_static_headers_file_is_refused_since_the_build_writes_it() {
    let t = SiteTest::fixture("valid");
    t.write("static/_headers", "/*\n  X-Frame-Options: DENY\n");
    let run = t.check();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.errors(),
        ["static/_headers: static file would replace the generated /_headers"]
    );
}

#[test]
fn a_theme_asset_larger_than_a_host_serves_is_a_warning() {
    let t = SiteTest::fixture("valid");
    std::fs::create_dir_all(t.path("themes/default/static")).unwrap();
    let f = std::fs::File::create(t.path("themes/default/static/big.woff2")).unwrap();
    f.set_len((25 << 20) + 1).unwrap();
    let run = t.check();
    run.assert_success();
    assert_eq!(
        run.warnings(),
        [
            "themes/default/static/big.woff2: the file is 26 MiB, more than Cloudflare Pages serves as one file (25 MiB)"
        ]
    );
}
