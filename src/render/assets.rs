//! Fingerprinted theme assets: every file of the theme's `static/` folder is
//! published as `name.<hash>.ext` under `/assets/`, the hash being the first
//! ten hex digits of the SHA-256 of the bytes published. A changed file gets a
//! new name, so hosts may cache every asset forever (`_headers`).
//!
//! References between assets are rewritten first: a module's imports
//! (`import … from './x.js'`, `import './x.js'`, `import('./x.js')`, a
//! `?v=…` stamp dropped) and a stylesheet's `url(x)` name the fingerprinted
//! files. The hashes are therefore computed bottom-up over the references,
//! so a change to `index.js` renames every module that imports it, directly
//! or not. A cycle of references cannot be fingerprinted that way: the edge
//! that closes it is left as written (docs/themes.md says not to make one).

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

/// One published asset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    /// Its name in the theme: `style.css`, `catalog.js`.
    pub name: String,
    /// Its published name under `assets/`: `style.0123456789.css`.
    pub file: String,
    /// The bytes published (references rewritten).
    pub bytes: Vec<u8>,
}

/// The first ten hex digits of the SHA-256 of `bytes`.
pub fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// `dir/name.ext` with `tag` before the extension: `dir/name.<tag>.ext`
/// (`name.<tag>` without one).
pub fn tagged_name(name: &str, tag: &str) -> String {
    let (dir, file) = match name.rfind('/') {
        Some(i) => (&name[..=i], &name[i + 1..]),
        None => ("", name),
    };
    match file.rfind('.') {
        Some(i) if i > 0 => format!("{dir}{}.{tag}{}", &file[..i], &file[i..]),
        _ => format!("{dir}{file}.{tag}"),
    }
}

/// Fingerprints every asset, in the order given.
pub fn fingerprint(sources: &[(String, Vec<u8>)]) -> Vec<Asset> {
    let by_name: BTreeMap<&str, &[u8]> = sources
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let mut done: BTreeMap<String, Asset> = BTreeMap::new();
    for (name, _) in sources {
        let mut stack = Vec::new();
        visit(name, &by_name, &mut done, &mut stack);
    }
    sources.iter().filter_map(|(n, _)| done.remove(n)).collect()
}

/// Fingerprints `name` after what it references (depth first; `stack`
/// holds the assets being done, to notice a cycle).
fn visit<'a>(
    name: &'a str,
    by_name: &BTreeMap<&'a str, &'a [u8]>,
    done: &mut BTreeMap<String, Asset>,
    stack: &mut Vec<&'a str>,
) {
    if done.contains_key(name) || stack.contains(&name) {
        return;
    }
    let Some(&bytes) = by_name.get(name) else {
        return;
    };
    stack.push(name);
    let refs = match std::str::from_utf8(bytes) {
        Ok(text) => references(name, text, by_name),
        Err(_) => Vec::new(),
    };
    for r in &refs {
        if let Some((key, _)) = by_name.get_key_value(r.target.as_str()) {
            visit(key, by_name, done, stack);
        }
    }
    stack.pop();
    let published = if refs.is_empty() {
        bytes.to_vec()
    } else {
        let text = std::str::from_utf8(bytes).expect("references only in UTF-8 text");
        let mut out = String::with_capacity(text.len() + refs.len() * 12);
        let mut at = 0;
        for r in &refs {
            out.push_str(&text[at..r.start]);
            match done.get(&r.target) {
                // `./` + the fingerprinted name, relative to the importer's folder.
                Some(target) => {
                    out.push_str(r.prefix);
                    out.push_str(relative(name, &target.file));
                }
                // The edge that closes a cycle: left as written.
                None => out.push_str(&text[r.start..r.end]),
            }
            at = r.end;
        }
        out.push_str(&text[at..]);
        out.into_bytes()
    };
    let file = tagged_name(name, &hash(&published));
    done.insert(
        name.to_string(),
        Asset {
            name: name.to_string(),
            file,
            bytes: published,
        },
    );
}

/// `target` (a name under assets/) relative to the folder of `from`, when
/// both are in the same folder or below it.
fn relative<'t>(from: &str, target: &'t str) -> &'t str {
    let dir = from.rfind('/').map_or("", |i| &from[..=i]);
    target.strip_prefix(dir).unwrap_or(target)
}

/// A reference from one asset to another: the byte range of the specifier
/// (inside its quotes, `?v=` stamp included), what to write before the new
/// name, and the asset it names.
struct Reference {
    start: usize,
    end: usize,
    prefix: &'static str,
    target: String,
}

/// The references in `text` (the asset `name`) to assets in `known`.
fn references(name: &str, text: &str, known: &BTreeMap<&str, &[u8]>) -> Vec<Reference> {
    let dir = name.rfind('/').map_or("", |i| &name[..=i]);
    let resolve = |spec: &str| -> Option<String> {
        let path = spec.split(['?', '#']).next().unwrap_or("");
        let path = path.strip_prefix("./").unwrap_or(path);
        if path.is_empty() || path.contains("..") || path.contains(':') || path.starts_with('/') {
            return None;
        }
        let full = format!("{dir}{path}");
        known.contains_key(full.as_str()).then_some(full)
    };
    if name.ends_with(".js") || name.ends_with(".mjs") {
        module_references(text, resolve)
    } else if name.ends_with(".css") {
        css_references(text, resolve)
    } else {
        Vec::new()
    }
}

/// Import specifiers: a quoted `./…` string right after `from`, `import`
/// or `import(`.
fn module_references(text: &str, resolve: impl Fn(&str) -> Option<String>) -> Vec<Reference> {
    let mut refs = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 2 < bytes.len() {
        let q = bytes[i];
        if (q == b'\'' || q == b'"') && text[i + 1..].starts_with("./") {
            let start = i + 1;
            let Some(len) = text[start..].find(q as char) else {
                break;
            };
            let end = start + len;
            let before = text[..i].trim_end();
            let is_import = before.ends_with("from")
                || before.ends_with("import")
                || (before.ends_with('(')
                    && before[..before.len() - 1].trim_end().ends_with("import"));
            if is_import
                && !text[start..end].contains('\n')
                && let Some(target) = resolve(&text[start..end])
            {
                refs.push(Reference {
                    start,
                    end,
                    prefix: "./",
                    target,
                });
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    refs
}

/// `url(x)`, `url('x')`, `url("x")` naming an asset.
fn css_references(text: &str, resolve: impl Fn(&str) -> Option<String>) -> Vec<Reference> {
    let mut refs = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("url(") {
        let open = from + at + 4;
        let rest = &text[open..];
        let Some(close) = rest.find(')') else {
            break;
        };
        let inner = &rest[..close];
        let trimmed = inner.trim();
        let unquoted = trimmed.trim_matches(['\'', '"']);
        if let Some(target) = resolve(unquoted) {
            let start = open + inner.find(unquoted).unwrap_or(0);
            refs.push(Reference {
                start,
                end: start + unquoted.len(),
                prefix: "",
                target,
            });
        }
        from = open + close + 1;
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(name: &str, text: &str) -> (String, Vec<u8>) {
        (name.to_string(), text.as_bytes().to_vec())
    }

    fn text(assets: &[Asset], name: &str) -> String {
        let a = assets.iter().find(|a| a.name == name).unwrap();
        String::from_utf8(a.bytes.clone()).unwrap()
    }

    #[test]
    fn names_carry_the_hash_of_the_bytes_before_the_extension() {
        assert_eq!(tagged_name("style.css", "ab"), "style.ab.css");
        assert_eq!(tagged_name("fonts/a.b.woff2", "ab"), "fonts/a.b.ab.woff2");
        assert_eq!(tagged_name("LICENSE", "ab"), "LICENSE.ab");
        let out = fingerprint(&[asset("style.css", "body{}")]);
        assert_eq!(out[0].file, format!("style.{}.css", hash(b"body{}")));
        assert_eq!(hash(b"").len(), 10);
        // SHA-256 of "" starts e3b0c442 98fc1c14…
        assert_eq!(hash(b""), "e3b0c44298");
    }

    #[test]
    fn imports_static_and_dynamic_name_the_fingerprinted_modules() {
        let out = fingerprint(&[
            asset(
                "a.js",
                "import { b } from './b.js?v=0123456789';\nimport \"./c.js\";\nconst m = await import( './b.js');\nconst s = './b.js';\n",
            ),
            asset("b.js", "import { c } from './c.js';\nexport const b = c;\n"),
            asset("c.js", "export const c = 1;\n"),
        ]);
        let c = &out[2].file;
        let b_text = text(&out, "b.js");
        assert_eq!(
            b_text,
            format!("import {{ c }} from './{c}';\nexport const b = c;\n")
        );
        let b = &out[1].file;
        assert_eq!(b, &tagged_name("b.js", &hash(b_text.as_bytes())));
        assert_eq!(
            text(&out, "a.js"),
            format!(
                "import {{ b }} from './{b}';\nimport \"./{c}\";\nconst m = await import( './{b}');\nconst s = './b.js';\n"
            )
        );
    }

    /// A change at the bottom of the import graph renames every importer.
    #[test]
    fn a_changed_module_renames_its_importers() {
        let one = fingerprint(&[
            asset("a.js", "import './b.js';"),
            asset("b.js", "export const x = 1;"),
        ]);
        let two = fingerprint(&[
            asset("a.js", "import './b.js';"),
            asset("b.js", "export const x = 2;"),
        ]);
        assert_ne!(one[0].file, two[0].file);
        assert_ne!(one[1].file, two[1].file);
    }

    #[test]
    fn stylesheets_name_fingerprinted_files_and_cycles_terminate() {
        let out = fingerprint(&[
            asset("logo.svg", "<svg/>"),
            asset(
                "style.css",
                "a{background:url(\"logo.svg\")} b{background:url(x.png)}",
            ),
            asset("x.js", "import './y.js';"),
            asset("y.js", "import './x.js';"),
        ]);
        let logo = &out[0].file;
        assert_eq!(
            text(&out, "style.css"),
            format!("a{{background:url(\"{logo}\")}} b{{background:url(x.png)}}")
        );
        assert_eq!(out.len(), 4);
    }
}
