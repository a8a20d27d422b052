//! Finding a site's files: the content files by kind, sorted by path
//! (unknown folders are errors, stray files warnings), and the static files.

use std::path::{Path, PathBuf};

use super::source::{self, rel_path};
use crate::diagnostics::{Diagnostic, Severity, did_you_mean};
use crate::routes;

/// The folders of `content/` and what they hold.
const FOLDERS: &[&str] = &["specialties", "hospitals", "programs", "pages", "posts"];
const FILES: &[&str] = &["_index.md", "faqs.yaml", "fees.yaml"];

/// What a content file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Home,
    Specialty,
    Hospital,
    Program,
    Page,
    Post,
    Faqs,
    Fees,
}

/// A translation of a content file into another of the site's languages
/// (docs/i18n.md): `programs/<slug>.<lang>.md`, `_index.<lang>.md`,
/// `faqs.<lang>.yaml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslationFile {
    /// The kind of the file it translates.
    pub kind: Kind,
    /// The slug of the file it translates (`_index` for the home page,
    /// `faqs` for faqs.yaml).
    pub slug: String,
    /// As written in the name: `es`, `pt-BR`.
    pub language: String,
    pub rel: PathBuf,
}

/// Finds the content files, sorted by path. Unknown folders are errors (a
/// misspelt `programs/` would silently drop every program); stray files are
/// warnings. Translations are left out: see [`discover_all`].
pub(super) fn discover(site_dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(Kind, PathBuf)> {
    discover_all(site_dir, diags).0
}

/// The content files and, apart, the translations, each sorted by path.
pub(super) fn discover_all(
    site_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<(Kind, PathBuf)>, Vec<TranslationFile>) {
    let content = site_dir.join("content");
    let mut found = Vec::new();
    let mut translations = Vec::new();
    if !content.is_dir() {
        diags.push(
            Diagnostic::file("content", Severity::Error, "there is no content/ folder")
                .with_hint("create content/ with specialties/, hospitals/ and programs/ inside (see docs/content-model.md)"),
        );
        return (found, translations);
    }
    // Special files (FIFOs, sockets) go on to `read`, which refuses them,
    // so that a file that cannot be read counts as broken, like any other.
    for entry in source::walk(site_dir, &content, 1, diags) {
        let rel = rel_path(site_dir, entry.path());
        let name = entry.file_name().to_string_lossy().to_string();
        let is_dir = entry.file_type().is_dir();
        if !is_dir && let Some(t) = translation(&rel, &name, entry.depth()) {
            translations.push(t);
            continue;
        }
        let kind = match entry.depth() {
            1 => at_top(&rel, &name, is_dir, diags),
            2 => in_folder(&rel, &name, is_dir, diags),
            // Inside a sub-folder (reported with it); deeper folders too.
            _ if is_dir => in_folder(&rel, &name, is_dir, diags),
            _ => None,
        };
        if let Some(kind) = kind {
            found.push((kind, rel));
        }
    }
    (found, translations)
}

/// `rel` as a translation, when its name is `<slug>.<lang>.md` in a folder
/// of Markdown files, `_index.<lang>.md` or `faqs.<lang>.yaml` at the top
/// (`<lang>` shaped like a language tag: `es`, `pt-BR`). Whether the site
/// has that language is checked once site.yaml is read.
fn translation(rel: &Path, name: &str, depth: usize) -> Option<TranslationFile> {
    let (stem, ext) = name.rsplit_once('.')?;
    let (slug, language) = stem.rsplit_once('.')?;
    let tag = language.split('-').enumerate().all(|(i, part)| {
        let letters =
            part.len() >= 2 && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_lowercase());
        letters
            || (i > 0
                && (2..=8).contains(&part.len())
                && part.bytes().all(|b| b.is_ascii_alphanumeric()))
    });
    if !tag {
        return None;
    }
    let kind = match (depth, slug, ext) {
        (1, "_index", "md") => Kind::Home,
        (1, "faqs", "yaml") => Kind::Faqs,
        (1, "fees", "yaml") => Kind::Fees,
        (2, _, "md") if routes::is_slug(slug) => match rel
            .components()
            .nth(1)
            .map(|c| c.as_os_str().to_string_lossy())
            .as_deref()
        {
            Some("specialties") => Kind::Specialty,
            Some("hospitals") => Kind::Hospital,
            Some("programs") => Kind::Program,
            Some("pages") => Kind::Page,
            Some("posts") => Kind::Post,
            _ => return None,
        },
        _ => return None,
    };
    Some(TranslationFile {
        kind,
        slug: slug.to_string(),
        language: language.to_string(),
        rel: rel.to_path_buf(),
    })
}

/// An entry directly in `content/`: one of the folders, or `_index.md`,
/// `faqs.yaml`, `fees.yaml`.
fn at_top(rel: &Path, name: &str, is_dir: bool, diags: &mut Vec<Diagnostic>) -> Option<Kind> {
    if is_dir {
        if !FOLDERS.contains(&name) {
            let hint = match did_you_mean(name, FOLDERS.iter().copied()) {
                Some(s) => format!("did you mean content/{s}/?"),
                None => format!("the folders of content/ are {}", FOLDERS.join("/, ") + "/"),
            };
            diags.push(
                Diagnostic::file(
                    rel,
                    Severity::Error,
                    format!("unknown content folder `{name}`"),
                )
                .with_hint(hint),
            );
        }
        return None;
    }
    let kind = match name {
        "_index.md" => Kind::Home,
        "faqs.yaml" => Kind::Faqs,
        "fees.yaml" => Kind::Fees,
        _ => {
            let hint = match did_you_mean(name, FILES.iter().copied()) {
                Some(s) => format!("did you mean content/{s}?"),
                None => "content/ holds _index.md, faqs.yaml, fees.yaml and the folders specialties/, hospitals/, programs/, pages/, posts/".into(),
            };
            diags.push(
                Diagnostic::file(
                    rel,
                    Severity::Warning,
                    format!("`{name}` is not part of the content model and is ignored"),
                )
                .with_hint(hint),
            );
            return None;
        }
    };
    Some(kind)
}

/// An entry in one of the folders of `content/`: a Markdown file whose name
/// is a slug.
fn in_folder(rel: &Path, name: &str, is_dir: bool, diags: &mut Vec<Diagnostic>) -> Option<Kind> {
    let folder = rel
        .components()
        .nth(1)
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default();
    let kind = match folder.as_str() {
        "specialties" => Kind::Specialty,
        "hospitals" => Kind::Hospital,
        "programs" => Kind::Program,
        "pages" => Kind::Page,
        "posts" => Kind::Post,
        _ => return None, // an unknown folder: reported already
    };
    if is_dir {
        diags.push(
            Diagnostic::file(
                rel,
                Severity::Warning,
                "sub-folders are not read; this folder is ignored",
            )
            .with_hint(format!("move its files up into content/{folder}/")),
        );
        return None;
    }
    let Some(stem) = name.strip_suffix(".md") else {
        diags.push(
            Diagnostic::file(
                rel,
                Severity::Warning,
                format!("`{name}` is not a Markdown (.md) file and is ignored"),
            )
            .with_hint("static files such as images go under static/"),
        );
        return None;
    };
    if !routes::is_slug(stem) {
        let suggestion = crate::markdown::slugify(stem);
        diags.push(
            Diagnostic::file(rel, Severity::Error, format!("`{stem}` is not a valid slug: file names may use only lowercase letters, digits and `-`"))
                .with_hint(format!("rename the file to {suggestion}.md")),
        );
        return None;
    }
    Some(kind)
}

/// Files under `static/`: (source path, output path with `/` separators).
pub(super) fn discover_static(
    site_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, String)> {
    let dir = site_dir.join("static");
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for e in source::walk(site_dir, &dir, 1, diags) {
        if e.file_type().is_dir() {
            continue;
        }
        let rel = rel_path(site_dir, e.path());
        if let Err(d) = source::vet(site_dir, &rel, source::ASSET_LIMIT) {
            diags.push(d);
            continue;
        }
        if let Ok(meta) = std::fs::metadata(e.path())
            && let Some(d) = too_big_for_hosts(&rel, meta.len())
        {
            diags.push(d);
        }
        let out = e.path().strip_prefix(&dir).unwrap_or(e.path());
        let out = out.to_string_lossy().replace('\\', "/");
        files.push((e.path().to_path_buf(), out));
    }
    files
}

/// W008 for a file of `len` bytes that will be published as it is (a static
/// file, a theme asset), past the size a common host serves.
pub(super) fn too_big_for_hosts(rel: &Path, len: u64) -> Option<Diagnostic> {
    let limit = crate::model::HostLimits::CLOUDFLARE_PAGES.file_bytes;
    (len > limit).then(|| {
        Diagnostic::file(
            rel,
            Severity::Warning,
            format!(
                "the file is {} MiB, more than Cloudflare Pages serves as one file ({} MiB)",
                len.div_ceil(1 << 20),
                limit >> 20
            ),
        )
        .with_hint("make it smaller, or link to it where it is hosted elsewhere")
    })
}
