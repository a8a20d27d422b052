//! The only reader of a site's sources: finds the files, splits front
//! matter, decodes every file and resolves the references between them into
//! a [`Catalog`].
//!
//! Loading never stops at the first problem: it returns what it could build
//! and *every* diagnostic, so one run shows every mistake.

pub mod config;
pub mod decode;
pub mod frontmatter;
mod items;
pub mod source;
pub mod yaml;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;
use time::Date;

use crate::diagnostics::{Diagnostic, Severity, Snippet, did_you_mean};
use crate::markdown;
use crate::model::config::Config;
use crate::model::{Catalog, FeePolicy, Home, Markdown, ThemeFiles};
use crate::routes;
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

/// The folders of `content/` and what they hold.
const FOLDERS: &[&str] = &["specialties", "hospitals", "programs", "pages", "posts"];
const FILES: &[&str] = &["_index.md", "faqs.yaml", "fees.yaml"];

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
    let statics: HashSet<&str> = catalog
        .static_files
        .iter()
        .map(|(_, o)| o.as_str())
        .collect();
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

/// Decoded content files kept between loads. References are still resolved
/// on every load, so a cached file's mistakes that depend on other files
/// (an unknown hospital) are found again.
#[derive(Default)]
pub struct Cache {
    /// What decoding depends on besides the file: the base path and the
    /// static files (images are checked against them).
    context: Option<(String, Vec<String>)>,
    files: HashMap<PathBuf, (Stamp, items::Decoded)>,
}

type Stamp = (Option<SystemTime>, u64);

impl Cache {
    /// Decodes a file again on the next load, whatever its stamp says (a
    /// watcher saw it change within the file system's timestamp precision).
    pub fn forget(&mut self, rel: &Path) {
        self.files.remove(rel);
    }

    /// How many decoded files are kept.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    fn decode(
        &mut self,
        site_dir: &Path,
        files: &[(Kind, PathBuf)],
        base_path: &str,
        statics: &HashSet<&str>,
    ) -> Vec<items::Decoded> {
        let mut static_list: Vec<String> = statics.iter().map(|s| s.to_string()).collect();
        static_list.sort();
        let context = Some((base_path.to_string(), static_list));
        if self.context != context {
            self.files.clear();
            self.context = context;
        }
        let cached = &self.files;
        let results: Vec<(Stamp, Result<items::Decoded, items::Decoded>)> = files
            .par_iter()
            .map(|(kind, rel)| {
                let stamp = std::fs::metadata(site_dir.join(rel))
                    .map(|m| (m.modified().ok(), m.len()))
                    .unwrap_or((None, 0));
                match cached.get(rel) {
                    Some((s, d)) if *s == stamp && stamp.0.is_some() => (stamp, Ok(d.clone())),
                    _ => (
                        stamp,
                        Err(items::decode_file(site_dir, rel, *kind, base_path, statics)),
                    ),
                }
            })
            .collect();
        let wanted: HashSet<&PathBuf> = files.iter().map(|(_, rel)| rel).collect();
        self.files.retain(|rel, _| wanted.contains(rel));
        results
            .into_iter()
            .zip(files)
            .map(|((stamp, result), (_, rel))| match result {
                Ok(d) => d,
                Err(fresh) => {
                    self.files.insert(rel.clone(), (stamp, fresh.clone()));
                    fresh
                }
            })
            .collect()
    }
}

fn load_with(site_dir: &Path, options: &LoadOptions, cache: Option<&mut Cache>) -> Loaded {
    let mut diags = Vec::new();
    let mut links = Vec::new();

    let config = load_config(site_dir, options, &mut diags);
    let base_path = config
        .as_ref()
        .map_or(String::new(), |c| c.base_path.clone());
    let files = discover(site_dir, &mut diags);
    let static_files = discover_static(site_dir, &mut diags);
    let statics: HashSet<&str> = static_files.iter().map(|(_, o)| o.as_str()).collect();

    // Read, split and decode every file in parallel; results keep path order.
    let decoded: Vec<items::Decoded> = match cache {
        Some(cache) => cache.decode(site_dir, &files, &base_path, &statics),
        None => files
            .par_iter()
            .map(|(kind, rel)| items::decode_file(site_dir, rel, *kind, &base_path, &statics))
            .collect(),
    };

    let mut parts = items::Parts::default();
    for ((kind, rel), d) in files.iter().zip(decoded) {
        if d.diagnostics.iter().any(Diagnostic::is_error) {
            // Reported already; references to it are not reported again.
            let slug = rel
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            parts.broken.insert((*kind, slug));
        }
        diags.extend(d.diagnostics);
        links.extend(d.links);
        parts.add(d.item);
    }

    // Resolve even when site.yaml is broken, so references are still checked.
    let config_ok = config.is_some();
    let config = config.unwrap_or_else(Config::placeholder);
    let catalog = items::resolve(parts, config, options.today, static_files, &mut diags);
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
    load_config(site_dir, options, &mut Vec::new())
}

fn load_config(
    site_dir: &Path,
    options: &LoadOptions,
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
        Some(root) => config::decode(&mut ctx, &root, options.base_url.as_deref()),
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
    let (root, errors) = yaml::parse(text, first_line);
    for e in errors {
        ctx.error(e.pos, e.message, e.hint);
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

/// Finds the content files, sorted by path. Unknown folders are errors (a
/// misspelt `programs/` would silently drop every program); stray files are
/// warnings.
fn discover(site_dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(Kind, PathBuf)> {
    let content = site_dir.join("content");
    let mut found = Vec::new();
    if !content.is_dir() {
        diags.push(
            Diagnostic::file("content", Severity::Error, "there is no content/ folder")
                .with_hint("create content/ with specialties/, hospitals/ and programs/ inside (see docs/content-model.md)"),
        );
        return found;
    }
    // Special files (FIFOs, sockets) go on to `read`, which refuses them,
    // so that a file that cannot be read counts as broken, like any other.
    for entry in source::walk(site_dir, &content, 1, diags) {
        let rel = rel_path(site_dir, entry.path());
        let name = entry.file_name().to_string_lossy().to_string();
        let depth = entry.depth();
        let is_dir = entry.file_type().is_dir();
        if depth == 1 {
            if is_dir {
                if !FOLDERS.contains(&name.as_str()) {
                    let hint = match did_you_mean(&name, FOLDERS.iter().copied()) {
                        Some(s) => format!("did you mean content/{s}/?"),
                        None => {
                            format!("the folders of content/ are {}", FOLDERS.join("/, ") + "/")
                        }
                    };
                    diags.push(
                        Diagnostic::file(
                            &rel,
                            Severity::Error,
                            format!("unknown content folder `{name}`"),
                        )
                        .with_hint(hint),
                    );
                }
                continue;
            }
            let kind = match name.as_str() {
                "_index.md" => Some(Kind::Home),
                "faqs.yaml" => Some(Kind::Faqs),
                "fees.yaml" => Some(Kind::Fees),
                _ => None,
            };
            match kind {
                Some(k) => found.push((k, rel)),
                None => {
                    let hint = match did_you_mean(&name, FILES.iter().copied()) {
                        Some(s) => format!("did you mean content/{s}?"),
                        None => "content/ holds _index.md, faqs.yaml, fees.yaml and the folders specialties/, hospitals/, programs/, pages/, posts/".into(),
                    };
                    diags.push(
                        Diagnostic::file(
                            &rel,
                            Severity::Warning,
                            format!("`{name}` is not part of the content model and is ignored"),
                        )
                        .with_hint(hint),
                    );
                }
            }
            continue;
        }
        // depth >= 2: inside one of the folders
        let folder = rel
            .components()
            .nth(1)
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .unwrap_or_default();
        if !FOLDERS.contains(&folder.as_str()) {
            continue; // already reported
        }
        if is_dir {
            diags.push(
                Diagnostic::file(
                    &rel,
                    Severity::Warning,
                    "sub-folders are not read; this folder is ignored",
                )
                .with_hint(format!("move its files up into content/{folder}/")),
            );
            continue;
        }
        if depth > 2 {
            continue;
        }
        let Some(stem) = name.strip_suffix(".md") else {
            diags.push(
                Diagnostic::file(
                    &rel,
                    Severity::Warning,
                    format!("`{name}` is not a Markdown (.md) file and is ignored"),
                )
                .with_hint("static files such as images go under static/"),
            );
            continue;
        };
        if !routes::is_slug(stem) {
            let suggestion = crate::markdown::slugify(stem);
            diags.push(
                Diagnostic::file(&rel, Severity::Error, format!("`{stem}` is not a valid slug: file names may use only lowercase letters, digits and `-`"))
                    .with_hint(format!("rename the file to {suggestion}.md")),
            );
            continue;
        }
        let kind = match folder.as_str() {
            "specialties" => Kind::Specialty,
            "hospitals" => Kind::Hospital,
            "programs" => Kind::Program,
            "pages" => Kind::Page,
            _ => Kind::Post,
        };
        found.push((kind, rel));
    }
    found
}

/// Files under `static/`: (source path, output path with `/` separators).
fn discover_static(site_dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(PathBuf, String)> {
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
        let out = e.path().strip_prefix(&dir).unwrap_or(e.path());
        let out = out.to_string_lossy().replace('\\', "/");
        files.push((e.path().to_path_buf(), out));
    }
    files
}

use source::rel_path;

/// Renders Markdown and turns its warnings and links into diagnostics and
/// link checks located in `file`.
///
/// Linear in `body`, however many links share a line: positions are found
/// by one walk through the body (not from its start for each link), and each
/// diagnostic copies only its snippet's window of the line.
pub(crate) fn render_markdown(
    file: &SourceFile,
    body: &str,
    body_line: usize,
    base_path: &str,
    diags: &mut Vec<Diagnostic>,
    links: &mut Vec<LinkCheck>,
) -> Markdown {
    let rendered = markdown::render(body, base_path);
    let mut walk = BodyWalk::new(body, body_line);
    for (offset, message, hint) in rendered.warnings {
        let mut d = walk.diagnostic(file, offset..body.len(), Severity::Warning, message);
        d.hint = Some(hint);
        diags.push(d);
    }
    let mut walk = BodyWalk::new(body, body_line);
    for (target, range) in rendered.internal_links {
        let mut d = walk.diagnostic(
            file,
            range,
            Severity::Error,
            format!("broken link: there is no page or file at `{target}`"),
        );
        d.hint = Some(
            "link to an existing page, e.g. /programs/, /fees/, /faq/, /programs/<slug>/".into(),
        );
        links.push(LinkCheck {
            target,
            diagnostic: d,
        });
    }
    rendered.markdown
}

/// A walk forward through a Markdown body that turns byte offsets into file
/// lines and columns. Offsets asked in increasing order cost, all together,
/// one pass over the body; an earlier offset starts the walk again.
struct BodyWalk<'a> {
    body: &'a str,
    /// The file line the body starts on.
    first_line: usize,
    /// The byte reached, its file line and 1-based column.
    at: usize,
    line: usize,
    column: usize,
    /// Where the current line starts and ends (before its `\n`).
    line_start: usize,
    line_end: usize,
}

impl<'a> BodyWalk<'a> {
    fn new(body: &'a str, body_line: usize) -> Self {
        BodyWalk {
            body,
            first_line: body_line,
            at: 0,
            line: body_line,
            column: 1,
            line_start: 0,
            line_end: line_end(body, 0),
        }
    }

    /// A diagnostic for the text at `range` (its first line is underlined).
    fn diagnostic(
        &mut self,
        file: &SourceFile,
        range: std::ops::Range<usize>,
        severity: Severity,
        message: String,
    ) -> Diagnostic {
        let mut offset = range.start.min(self.body.len());
        while !self.body.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.at {
            *self = BodyWalk::new(self.body, self.first_line);
        }
        self.advance(offset);
        let end = range.end.clamp(offset, self.line_end);
        let length = self
            .body
            .get(offset..end)
            .map_or(1, |s| {
                s.chars().take(crate::diagnostics::SNIPPET_WIDTH).count()
            })
            .max(1);
        let line = &self.body[self.line_start..self.line_end];
        Diagnostic {
            path: file.path.clone(),
            line: self.line,
            column: self.column,
            length,
            severity,
            message,
            hint: None,
            snippet: Some(Snippet::around(line, offset - self.line_start)),
        }
    }

    fn advance(&mut self, to: usize) {
        let passed = &self.body[self.at..to];
        match passed.rfind('\n') {
            Some(last) => {
                self.line += passed.matches('\n').count();
                self.line_start = self.at + last + 1;
                self.line_end = line_end(self.body, self.line_start);
                self.column = self.body[self.line_start..to].chars().count() + 1;
            }
            None => self.column += passed.chars().count(),
        }
        self.at = to;
    }
}

/// The byte where the line starting at `start` ends (its `\n`, or the end).
fn line_end(body: &str, start: usize) -> usize {
    body[start..].find('\n').map_or(body.len(), |i| start + i)
}

/// Builds the fee policy's sorted tier list (used by `items`).
pub(crate) fn tiers_by_name(tiers: BTreeMap<String, String>) -> Vec<(String, String)> {
    tiers.into_iter().collect()
}

/// An empty fee policy and home page, for sites without those files.
pub(crate) fn defaults() -> (FeePolicy, Home) {
    (FeePolicy::default(), Home::default())
}

/// Reads the site's theme folder, if any (`render` lays it over the
/// built-in theme). `themes/default/` in a site overrides single built-in
/// templates; another theme name must exist as a folder.
pub fn load_theme(site_dir: &Path, name: &str, diags: &mut Vec<Diagnostic>) -> Option<ThemeFiles> {
    let origin = format!("themes/{name}");
    let dir = site_dir.join("themes").join(name);
    if !dir.is_dir() {
        if name != "default" {
            diags.push(
                Diagnostic::file(
                    "site.yaml",
                    Severity::Error,
                    format!("theme `{name}` not found: there is no themes/{name}/ folder"),
                )
                .with_hint(
                    "create the folder, or remove `theme:` to use the built-in default theme",
                ),
            );
            return None;
        }
        return Some(ThemeFiles {
            origin,
            ..ThemeFiles::default()
        });
    }
    if let Err(d) = source::inside(site_dir, &dir) {
        diags.push(d);
        return None;
    }
    let mut templates = Vec::new();
    let mut assets = Vec::new();
    for (sub, is_template) in [("templates", true), ("static", false)] {
        let root = dir.join(sub);
        if !root.is_dir() {
            continue;
        }
        for entry in source::walk(site_dir, &root, 1, diags) {
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = rel_path(site_dir, entry.path());
            let rel_name = entry
                .path()
                .strip_prefix(&root)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            if is_template && !rel_name.ends_with(".html") {
                // Editor backups (`macros.html.bak`, `base.html~`) would be
                // compiled as templates and clash with the real ones.
                diags.push(
                    Diagnostic::file(
                        &rel,
                        Severity::Warning,
                        format!("`{rel_name}` is not a template (.html file) and is ignored"),
                    )
                    .with_hint("templates are .html files; remove backups and other files from the templates folder"),
                );
                continue;
            }
            if is_template {
                match read(site_dir, &rel) {
                    Ok(text) => templates.push((rel_name, text)),
                    Err(d) => diags.push(d),
                }
            } else {
                match source::read_bytes(site_dir, &rel, source::ASSET_LIMIT) {
                    Ok(bytes) => assets.push((rel_name, bytes)),
                    Err(d) => diags.push(d),
                }
            }
        }
    }
    Some(ThemeFiles {
        origin,
        templates,
        assets,
    })
}
