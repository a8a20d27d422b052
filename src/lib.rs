//! rotalog turns a catalog of clinical rotation programs (Markdown with YAML
//! front matter, plus YAML data files) into a fast static website.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! content::load     site files -> Catalog + every Diagnostic  (the only reader)
//! render::site_to   Catalog + theme -> pages, streamed        (no I/O)
//! broken_links      page list + Markdown links -> Diagnostics
//! output::Staging   pages -> staging dir -> swapped in        (the only writer)
//! ```
//!
//! Layers (checked by `tests/layers.rs`): `model`, `diagnostics`, `routes`
//! at the bottom; `markdown`, then `content` and `render`; `output`; this
//! pipeline; `serve` and `init` on top.
//!
//! [`check`] runs everything but the write; [`build`] runs it all.
//! [`serve`] runs the same pipeline in memory, again on every save.

/// `&[(name, contents)]` of files built into the binary, each read with
/// `$include` (`include_str` or `include_bytes`) from `$dir` (relative to
/// the calling file) followed by its name. Used for the built-in theme and
/// the starter site.
macro_rules! embed {
    ($include:ident, $dir:literal: $($name:literal),+ $(,)?) => {
        &[$(($name, $include!(concat!($dir, $name)))),+]
    };
}

/// `eprintln!` for rotalog's own lines (the binary's and `serve`'s): what
/// they quote is escaped for the terminal, and a closed stderr is ignored
/// rather than turned into a panic (see [`diagnostics::say`]).
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::diagnostics::say(&format!($($arg)*))
    };
}

pub mod content;
pub mod diagnostics;
pub mod init;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod serve;

use std::collections::HashSet;
use std::path::PathBuf;

use time::Date;

use diagnostics::{Diagnostic, Severity};

/// Checks that `site_dir` is a site folder: it exists and holds `site.yaml`.
/// A mistake here is a usage error (exit code 2), named by its path.
pub fn site_folder(site_dir: &std::path::Path) -> Result<(), Diagnostic> {
    let shown = site_dir.to_string_lossy();
    if !site_dir.is_dir() {
        let message = if site_dir.exists() {
            format!("the site folder `{shown}` is not a folder")
        } else {
            format!("the site folder `{shown}` does not exist")
        };
        return Err(Diagnostic::file(site_dir, Severity::Error, message).with_hint(
            "give the folder that holds site.yaml and content/, or create one with `rotalog init DIR`",
        ));
    }
    if std::fs::symlink_metadata(site_dir.join("site.yaml")).is_err() {
        return Err(Diagnostic::file(
            site_dir.join("site.yaml"),
            Severity::Error,
            format!("no site.yaml in `{shown}`"),
        )
        .with_hint("run rotalog in a site folder, or create one with `rotalog init DIR`"));
    }
    Ok(())
}

/// What to build, from the command line.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub site_dir: PathBuf,
    /// Defaults to `SITE_DIR/output`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    /// The build date; see [`build_date`].
    pub date: Date,
    /// `--strict`: warnings fail the run too, as errors (for CI).
    pub strict: bool,
}

/// A successful run: the files made, and any warnings.
#[derive(Debug)]
pub struct Generated {
    /// The files, in memory ([`check`]); empty after [`build`], which
    /// streams them to disk.
    pub files: Vec<render::OutputFile>,
    /// How many files the site has, static files included.
    pub file_count: usize,
    pub static_files: Vec<(PathBuf, String)>,
    pub warnings: Vec<Diagnostic>,
    pub programs: usize,
}

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// Mistakes in the site (content, templates): exit code 1. All of them,
    /// sorted, with any warnings.
    Site(Vec<Diagnostic>),
    /// The machine let us down (permissions, disk) or a refused destination: exit code 2.
    Io(Vec<Diagnostic>),
}

impl Failure {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Failure::Site(d) | Failure::Io(d) => d,
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Site(_) => 1,
            Failure::Io(_) => 2,
        }
    }
}

/// Loads, validates and renders the site in memory, and checks every
/// internal link. Writes nothing.
pub fn check(options: &BuildOptions) -> Result<Generated, Failure> {
    let mut timer = Timer::new();
    let prepared = prepare(options, None)?;
    timer.lap("load");
    let files = render::site(&prepared.catalog, &prepared.theme)
        .map_err(|d| Failure::Site(with(prepared.diags.clone(), d)))?;
    timer.lap("render");
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let (warnings, programs, static_files) = prepared.verify(options, &paths)?;
    timer.lap("links");
    Ok(Generated {
        file_count: files.len() + static_files.len(),
        files,
        static_files,
        warnings,
        programs,
    })
}

/// Validates and renders the site straight into a staging folder beside the
/// output (nothing but the pages in flight is held in memory), checks every
/// internal link, then swaps it in. On any mistake the staging folder is
/// removed and the previous output is untouched. `Generated::files` is empty.
/// Refuses at once while another build holds the output's lock.
pub fn build(options: &BuildOptions) -> Result<(Generated, PathBuf), Failure> {
    let out = output_dir(options);
    output::check_destination(&options.site_dir, &out).map_err(|d| Failure::Io(vec![d]))?;
    let lock = output::Lock::take(&out).map_err(|d| Failure::Io(vec![d]))?;
    let mut timer = Timer::new();
    let prepared = prepare(options, None)?;
    timer.lap("load");
    let staging =
        output::Staging::begin(lock).map_err(|d| Failure::Io(with(prepared.diags.clone(), d)))?;
    let write_failed = std::sync::Mutex::new(None);
    let rendered = render::site_to(&prepared.catalog, &prepared.theme, &|f| {
        staging.put(&f.path, &f.bytes).inspect_err(|d| {
            *write_failed
                .lock()
                .expect("no panics while holding the lock") = Some(d.clone());
        })
    });
    let paths = match rendered {
        Ok(paths) => paths,
        Err(d) => {
            let diags = with(prepared.diags.clone(), d);
            return Err(match write_failed.into_inner().ok().flatten() {
                Some(_) => Failure::Io(diags),
                None => Failure::Site(diags),
            });
        }
    };
    timer.lap("render and write");
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (warnings, programs, static_files) = prepared.verify(options, &paths)?;
    staging
        .copy_static(&static_files)
        .and_then(|()| staging.commit())
        .map_err(|d| Failure::Io(with(warnings.clone(), d)))?;
    timer.lap("links, static files and swap");
    Ok((
        Generated {
            files: Vec::new(),
            file_count: paths.len() + static_files.len(),
            static_files,
            warnings,
            programs,
        },
        out,
    ))
}

/// A loaded, valid site and its compiled theme, ready to render.
struct Prepared {
    catalog: model::Catalog,
    theme: render::Theme,
    /// Warnings so far.
    diags: Vec<Diagnostic>,
    links: Vec<content::LinkCheck>,
}

fn prepare(
    options: &BuildOptions,
    cache: Option<&mut content::Cache>,
) -> Result<Prepared, Failure> {
    let load_options = content::LoadOptions {
        today: options.date,
        base_url: options.base_url.clone(),
    };
    let loaded = match cache {
        Some(cache) => content::load_cached(&options.site_dir, &load_options, cache),
        None => content::load(&options.site_dir, &load_options),
    };
    let mut diags = loaded.diagnostics;
    let (theme_name, language, others) = loaded.catalog.as_ref().map_or_else(
        || ("default".to_string(), "en".to_string(), Vec::new()),
        |c| {
            let others = c.config.languages[1..].to_vec();
            (c.config.theme.clone(), c.config.language.clone(), others)
        },
    );
    let theme_sources = content::load_theme(
        &options.site_dir,
        &theme_name,
        &language,
        &others,
        &mut diags,
    );
    let (Some(catalog), Some(theme_sources)) = (loaded.catalog, theme_sources) else {
        diagnostics::sort(&mut diags);
        return Err(Failure::Site(diags));
    };
    if diags.iter().any(Diagnostic::is_error) {
        diagnostics::sort(&mut diags);
        return Err(Failure::Site(diags));
    }
    let theme = render::compile(render::theme::with_site(theme_sources)).map_err(|mut d| {
        d.extend(diags.iter().cloned());
        diagnostics::sort(&mut d);
        Failure::Site(d)
    })?;
    Ok(Prepared {
        catalog,
        theme,
        diags,
        links: loaded.links,
    })
}

impl Prepared {
    /// The checks that need the list of generated files: static files that
    /// would replace a page, and links in Markdown to pages that do not
    /// exist. Returns the warnings, the program count and the static files.
    #[allow(clippy::type_complexity)]
    fn verify(
        self,
        options: &BuildOptions,
        paths: &[&str],
    ) -> Result<(Vec<Diagnostic>, usize, Vec<(PathBuf, String)>), Failure> {
        let mut diags = self.problems(options, paths);
        let Prepared { catalog, .. } = self;
        diagnostics::sort(&mut diags);
        if options.strict {
            for d in &mut diags {
                d.severity = Severity::Error;
            }
        }
        if diags.iter().any(Diagnostic::is_error) {
            return Err(Failure::Site(diags));
        }
        Ok((diags, catalog.programs.len(), catalog.static_files))
    }

    /// The diagnostics so far, plus static files that would replace a page
    /// and broken links, given the generated `paths`. Unsorted.
    fn problems(&self, options: &BuildOptions, paths: &[&str]) -> Vec<Diagnostic> {
        let mut diags = self.diags.clone();
        let generated: HashSet<&str> = paths.iter().copied().collect();
        let mut known = generated.clone();
        known.extend(self.catalog.static_files.iter().map(|(_, p)| p.as_str()));
        for (src, rel) in &self.catalog.static_files {
            if generated.contains(rel.as_str()) {
                let shown = src.strip_prefix(&options.site_dir).unwrap_or(src);
                diags.push(
                    Diagnostic::file(
                        shown,
                        Severity::Error,
                        format!("static file would replace the generated /{rel}"),
                    )
                    .with_hint("rename or move the static file"),
                );
            }
        }
        diags.extend(broken_links(&self.links, |p| known.contains(p)));
        diags.extend(host_limits(
            &model::HostLimits::CLOUDFLARE_PAGES,
            paths.len() + self.catalog.static_files.len(),
            &self.catalog,
        ));
        diags
    }
}

/// Warnings (W008) when the site has more files (`file_count`) or more
/// redirects (aliases) than `limits` allow; the redirect warning points at
/// the first alias past the limit.
pub fn host_limits(
    limits: &model::HostLimits,
    file_count: usize,
    catalog: &model::Catalog,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if file_count > limits.files {
        diags.push(
            Diagnostic::file(
                "site.yaml",
                Severity::Warning,
                format!(
                    "the site has {file_count} files, more than Cloudflare Pages takes in one deploy ({})",
                    limits.files
                ),
            )
            .with_hint("on Cloudflare Pages' Free plan the deploy fails: see docs/errors.md (W008) for other hosts"),
        );
    }
    let aliases = catalog
        .programs
        .iter()
        .map(|p| ("programs", &p.slug, &p.aliases))
        .chain(
            catalog
                .hospitals
                .iter()
                .map(|h| ("hospitals", &h.slug, &h.aliases)),
        )
        .chain(
            catalog
                .specialties
                .iter()
                .map(|s| ("specialties", &s.slug, &s.aliases)),
        )
        .flat_map(|(folder, slug, aliases)| aliases.iter().map(move |a| (folder, slug, a)));
    let count = aliases.clone().count();
    if count > limits.redirects
        && let Some((folder, slug, alias)) = aliases.clone().nth(limits.redirects)
    {
        let mut d = Diagnostic::file(
            format!("content/{folder}/{slug}.md"),
            Severity::Warning,
            format!(
                "the site has {count} redirects (aliases), more than Cloudflare Pages applies ({}); this is one past it",
                limits.redirects
            ),
        )
        .with_hint("remove aliases whose old URLs are no longer linked from anywhere");
        d.line = alias.pos.line;
        d.column = alias.pos.column;
        d.length = alias.pos.len.max(1);
        diags.push(d);
    }
    diags
}

/// What [`check_cached`] made, for a caller that builds on it again (`serve`).
pub struct Checked {
    pub generated: Generated,
    pub catalog: model::Catalog,
    pub theme: render::Theme,
    /// Every root-relative link in Markdown, to check again after a change.
    pub links: Vec<content::LinkCheck>,
}

/// [`check`], reusing decoded files from `cache`, and keeping the catalog,
/// compiled theme and links.
pub fn check_cached(
    options: &BuildOptions,
    cache: &mut content::Cache,
) -> Result<Checked, Failure> {
    let prepared = prepare(options, Some(cache))?;
    let files = render::site(&prepared.catalog, &prepared.theme)
        .map_err(|d| Failure::Site(with(prepared.diags.clone(), d)))?;
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut warnings = prepared.problems(options, &paths);
    diagnostics::sort(&mut warnings);
    if warnings.iter().any(Diagnostic::is_error) {
        return Err(Failure::Site(warnings));
    }
    let Prepared {
        catalog,
        theme,
        links,
        ..
    } = prepared;
    Ok(Checked {
        generated: Generated {
            file_count: files.len() + catalog.static_files.len(),
            files,
            static_files: catalog.static_files.clone(),
            warnings,
            programs: catalog.programs.len(),
        },
        catalog,
        theme,
        links,
    })
}

/// The links whose target is not an output file (`exists` says which
/// output paths exist), as diagnostics.
pub fn broken_links(
    links: &[content::LinkCheck],
    exists: impl Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    links
        .iter()
        .filter(|link| {
            let file = routes::link_target_file(&link.target);
            let as_dir = format!("{}/index.html", file.trim_end_matches('/'));
            !exists(&file) && !exists(&as_dir)
        })
        .map(|link| link.diagnostic.clone())
        .collect()
}

/// The output directory: `--output`, else `SITE_DIR/output`.
pub fn output_dir(options: &BuildOptions) -> PathBuf {
    options
        .output
        .clone()
        .unwrap_or_else(|| options.site_dir.join("output"))
}

/// The build date: `--date`, else `SOURCE_DATE_EPOCH`, else today (UTC).
pub fn build_date(flag: Option<Date>, source_date_epoch: Option<&str>) -> Result<Date, String> {
    if let Some(d) = flag {
        return Ok(d);
    }
    let seconds = match source_date_epoch {
        Some(s) => s
            .trim()
            .parse::<i64>()
            .map_err(|_| format!("SOURCE_DATE_EPOCH must be a number of seconds, found `{s}`"))?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0),
    };
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .map(|t| t.date())
        .map_err(|_| format!("SOURCE_DATE_EPOCH is out of range: {seconds}"))
}

fn with(mut diags: Vec<Diagnostic>, d: Diagnostic) -> Vec<Diagnostic> {
    diags.push(d);
    diagnostics::sort(&mut diags);
    diags
}

/// Phase timings on stderr when `ROTALOG_TIMINGS` is set, for profiling.
struct Timer {
    on: bool,
    last: std::time::Instant,
}

impl Timer {
    fn new() -> Timer {
        Timer {
            on: std::env::var_os("ROTALOG_TIMINGS").is_some(),
            last: std::time::Instant::now(),
        }
    }

    fn lap(&mut self, phase: &str) {
        if self.on {
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "{phase}: {} ms",
                self.last.elapsed().as_millis()
            );
        }
        self.last = std::time::Instant::now();
    }
}
