//! The only reader of a site's sources: finds the files, splits front
//! matter, decodes every file and resolves the references between them into
//! a [`Catalog`].
//!
//! Loading never stops at the first problem: it returns what it could build
//! and *every* diagnostic, so one run shows every mistake.

mod body;
mod cache;
pub mod config;
pub mod decode;
mod discover;
pub mod frontmatter;
pub mod i18n;
mod image;
mod items;
mod languages;
pub mod source;
mod theme;
pub mod url;
pub mod yaml;

pub(crate) use body::render_markdown;
pub use cache::Cache;
pub use discover::Kind;
use discover::{discover, discover_all, discover_static};
pub use theme::load_theme;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use time::Date;

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::model::config::Config;
use decode::{Ctx, SourceFile};
pub use yaml::Pos;

/// What the build needs besides the files.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// The build date.
    pub today: Date,
    /// `--base-url`, replacing site.yaml's.
    pub base_url: Option<String>,
}

/// A root-relative link found in Markdown, to check once every page is known.
#[derive(Clone, Debug)]
pub struct LinkCheck {
    pub target: String,
    /// Reported if the target does not exist.
    pub diagnostic: Diagnostic,
}

/// The result of loading: the catalog if the site was complete enough to build
/// one, every diagnostic, and the links to check.
pub struct Loaded {
    pub catalog: Option<Catalog>,
    pub diagnostics: Vec<Diagnostic>,
    pub links: Vec<LinkCheck>,
}

/// Loads and validates the site in `site_dir`.
pub fn load(site_dir: &Path, options: &LoadOptions) -> Loaded {
    load_with(site_dir, options, None)
}

/// [`load`], reusing what `cache` kept from the previous load: a content file
/// whose size and modification time are unchanged, and that was not
/// [`forgotten`](Cache::forget), is not read or decoded again. For `serve`.
pub fn load_cached(site_dir: &Path, options: &LoadOptions, cache: &mut Cache) -> Loaded {
    load_with(site_dir, options, Some(cache))
}

/// Program files read again on their own (for `serve`).
pub struct Reloaded {
    /// The programs as they now are, resolved; a program whose file is
    /// gone, or has errors, is absent.
    pub programs: Vec<crate::model::Program>,
    /// Sorted; errors mean the catalog must not be updated.
    pub diagnostics: Vec<Diagnostic>,
    pub links: Vec<LinkCheck>,
}

/// Reads the program files with these slugs again and resolves them against
/// `catalog`, whose other files are taken as unchanged: what [`load`] would
/// make of them. A slug whose file is gone yields no program.
pub fn reload_programs(site_dir: &Path, catalog: &Catalog, slugs: &[String]) -> Reloaded {
    let statics = image::Statics::new(site_dir, &catalog.static_files);
    let mut out = Reloaded {
        programs: Vec::new(),
        diagnostics: Vec::new(),
        links: Vec::new(),
    };
    for slug in slugs {
        let rel = Path::new("content/programs").join(format!("{slug}.md"));
        if !site_dir.join(&rel).is_file() {
            continue;
        }
        let decoded = items::decode_file(
            site_dir,
            &rel,
            Kind::Program,
            &catalog.config.base_path,
            &statics,
        );
        out.diagnostics.extend(decoded.diagnostics);
        out.links.extend(decoded.links);
        if let items::Item::Program(raw) = decoded.item
            && let Some(p) = items::resolve_into(*raw, catalog, &mut out.diagnostics)
        {
            out.programs.push(p);
        }
    }
    crate::diagnostics::sort(&mut out.diagnostics);
    out
}

fn load_with(site_dir: &Path, options: &LoadOptions, cache: Option<&mut Cache>) -> Loaded {
    let mut diags = Vec::new();
    let mut links = Vec::new();

    let (files, translation_files) = discover_all(site_dir, &mut diags);
    // What site.yaml's `menu` may name.
    let stem = |rel: &PathBuf| {
        rel.file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string()
    };
    let page_slugs: Vec<String> = files
        .iter()
        .filter(|(kind, _)| *kind == Kind::Page)
        .map(|(_, rel)| stem(rel))
        .collect();
    let known = config::Known {
        pages: page_slugs.iter().map(String::as_str).collect(),
        posts: files.iter().any(|(kind, _)| *kind == Kind::Post),
        languages: i18n::languages(site_dir),
    };
    let config = load_config(site_dir, options, Some(&known), &mut links, &mut diags);
    let base_path = config
        .as_ref()
        .map_or(String::new(), |c| c.base_path.clone());
    let static_files = discover_static(site_dir, &mut diags);
    let statics = image::Statics::new(site_dir, &static_files);

    // Read, split and decode every file in parallel; results keep path order.
    let decoded: Vec<items::Decoded> = match cache {
        Some(cache) => cache.decode(site_dir, &files, &base_path, &statics),
        None => files
            .par_iter()
            .map(|(kind, rel)| items::decode_file(site_dir, rel, *kind, &base_path, &statics))
            .collect(),
    };

    let translations: Vec<items::DecodedTranslation> = translation_files
        .par_iter()
        .map(|t| items::decode_translation(site_dir, t, &base_path))
        .collect();

    let mut parts = items::Parts::default();
    for ((kind, rel), d) in files.iter().zip(decoded) {
        let slug = || {
            rel.file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default()
        };
        if d.diagnostics.iter().any(Diagnostic::is_error) {
            // Reported already; references to it are not reported again.
            parts.broken.insert((*kind, slug()));
        }
        if !d.alias_sites.is_empty() {
            parts.alias_sites.insert((*kind, slug()), d.alias_sites);
        }
        diags.extend(d.diagnostics);
        links.extend(d.links);
        parts.add(d.item);
    }

    // Resolve even when site.yaml is broken, so references are still checked.
    let config_ok = config.is_some();
    let config = config.unwrap_or_else(Config::placeholder);
    let mut catalog = items::resolve(parts, config, options.today, static_files, &mut diags);
    for t in &translations {
        diags.extend(t.diagnostics.iter().cloned());
        links.extend(t.links.iter().cloned());
    }
    if config_ok {
        let broken = languages::attach(&mut catalog, translations, &mut diags);
        diags.extend(languages::untranslated(&catalog, &broken));
    }
    let catalog = config_ok.then_some(catalog);
    let has_errors = diags.iter().any(Diagnostic::is_error);
    crate::diagnostics::sort(&mut diags);
    Loaded {
        catalog: if has_errors { None } else { catalog },
        diagnostics: diags,
        links,
    }
}

/// Reads and decodes only `site.yaml` (`serve` needs the base path before
/// it builds). `None` when it has errors; `load` reports them.
pub fn config(site_dir: &Path, options: &LoadOptions) -> Option<Config> {
    load_config(site_dir, options, None, &mut Vec::new(), &mut Vec::new())
}

fn load_config(
    site_dir: &Path,
    options: &LoadOptions,
    known: Option<&config::Known>,
    links: &mut Vec<LinkCheck>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Config> {
    let rel = PathBuf::from("site.yaml");
    let text = match read(site_dir, &rel) {
        Ok(t) => t,
        Err(d) => {
            let d = if site_dir.join(&rel).exists() {
                d
            } else {
                Diagnostic::file(
                    &rel,
                    Severity::Error,
                    format!("no site.yaml in {}", site_dir.display()),
                )
                .with_hint("run rotalog in a site folder, or create one with `rotalog init DIR`")
            };
            diags.push(d);
            return None;
        }
    };
    let file = SourceFile::new(rel, text);
    let mut ctx = Ctx::new(&file);
    let root = parse_yaml(&mut ctx, &file.text, 1);
    let config = match root {
        Some(root) => config::decode(&mut ctx, &root, options.base_url.as_deref(), known, links),
        None => {
            ctx.error(
                Pos {
                    line: 1,
                    column: 1,
                    len: 1,
                },
                "site.yaml is empty",
                Some("it needs at least `title:` and `base_url:`".to_string()),
            );
            None
        }
    };
    if let Some(url) = &options.base_url
        && let Err(why) = decode::check_base_url(url)
    {
        ctx.diags.push(Diagnostic::file(
            "site.yaml",
            Severity::Error,
            format!("--base-url is not usable: {why}"),
        ));
    }
    diags.append(&mut ctx.diags);
    config
}

/// Parses YAML text starting at `first_line`, reporting problems to `ctx`.
pub(crate) fn parse_yaml(ctx: &mut Ctx, text: &str, first_line: usize) -> Option<yaml::Node> {
    let (root, errors, warnings) = yaml::parse_with_warnings(text, first_line);
    for e in errors {
        ctx.error(e.pos, e.message, e.hint);
    }
    for w in warnings {
        ctx.warning(w.pos, w.message, w.hint);
    }
    root
}

/// Reads a site file as normalised UTF-8 text, naming it in any error.
/// The reading rules of [`source`] apply: a regular file inside the site,
/// at most [`source::TEXT_LIMIT`] bytes.
pub(crate) fn read(site_dir: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = source::read_bytes(site_dir, rel, source::TEXT_LIMIT)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).to_string();
        let line = valid.matches('\n').count() + 1;
        let mut d = Diagnostic::file(rel, Severity::Error, "the file is not valid UTF-8 text");
        d.line = line;
        d.hint = Some("save the file as UTF-8 (most editors have an \"encoding\" option)".into());
        d
    })?;
    Ok(frontmatter::normalize(&text))
}

/// What the site in `site_dir` holds that editors' tools offer as values
/// (`rotalog schema`): the slugs of its specialties, hospitals and free
/// pages, from their file names, and the refund tiers of fees.yaml. Files
/// with mistakes count too; what cannot be read is left out.
pub fn known_values(site_dir: &Path) -> crate::model::schema::Known {
    let mut known = crate::model::schema::Known::default();
    let mut ignored = Vec::new();
    for (kind, rel) in discover(site_dir, &mut ignored) {
        let stem = || {
            rel.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| crate::routes::is_slug(s))
        };
        match kind {
            Kind::Specialty => known.specialties.extend(stem()),
            Kind::Hospital => known.hospitals.extend(stem()),
            Kind::Page => known.pages.extend(stem()),
            Kind::Fees => {
                let decoded = items::decode_file(
                    site_dir,
                    &rel,
                    kind,
                    "",
                    &image::Statics::new(site_dir, &[]),
                );
                if let items::Item::Fees(fees) = decoded.item {
                    known.tiers = fees
                        .refund_tiers
                        .into_iter()
                        .map(|(name, _)| name)
                        .collect();
                }
            }
            _ => {}
        }
    }
    for list in [
        &mut known.specialties,
        &mut known.hospitals,
        &mut known.pages,
    ] {
        list.sort();
        list.dedup();
    }
    known
}
