//! Rebuilding for `serve`: turns a [`Change`] into the next in-memory
//! [`Site`], or every diagnostic. Reads through `content`, renders through
//! `render`; writes nothing.
//!
//! Two paths:
//!
//! - **Everything** (site.yaml, a template, a hospital, a static file…):
//!   the whole pipeline, like `rotalog check`, but with unchanged content
//!   files' decodes taken from a [`content::Cache`].
//! - **Programs only**, when the last build was good: the changed program
//!   files are decoded and resolved against the kept catalog, and
//!   re-rendered at once ([`Builder::rebuild`]); what lists them (their
//!   specialty, hospital and state pages, the catalog pages, the search
//!   index, home, fees, apply, the sitemap) is redone right after, on
//!   another thread ([`Listings`]), so the edited page shows first and the
//!   next save is not kept waiting.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use time::Date;

use super::watch::Change;
use super::{Site, StaticFile};
use crate::BuildOptions;
use crate::content::{self, LinkCheck};
use crate::diagnostics::{self, Diagnostic};
use crate::model::{Catalog, Program};
use crate::render::{self, Theme, routes};

/// Above this many changed programs (a `git checkout`), rebuilding
/// everything from the cache is quicker than one program at a time.
const FAST_PATH_LIMIT: usize = 100;

/// Keeps what the next rebuild can reuse.
pub struct Builder {
    site_dir: PathBuf,
    date: Date,
    /// `127.0.0.1:1111`: the site's base URL while serving.
    authority: String,
    cache: content::Cache,
    /// The last good build, if the site has not changed since but for the
    /// programs in `pending`.
    last: Option<Last>,
    /// Programs changed since `last` (their files had errors, or their
    /// listings are not redone yet).
    pending: BTreeSet<String>,
    /// Listing pages to redo: the specialties, hospitals and states that
    /// changed programs were or are in.
    dependents: Option<Dependents>,
    /// Counts changes to the kept catalog (and full builds), so listings
    /// made from an older one are known to be stale.
    generation: u64,
    /// The generation of the last full build.
    full_generation: u64,
}

struct Last {
    catalog: Catalog,
    theme: Arc<Theme>,
    links: Vec<LinkCheck>,
}

#[derive(Default)]
struct Dependents {
    specialties: HashSet<String>,
    hospitals: HashSet<String>,
    states: HashSet<String>,
}

impl Dependents {
    /// Notes the pages that list `p`: its specialty, hospital and state.
    fn note(&mut self, catalog: &Catalog, p: &Program) {
        self.specialties
            .insert(catalog.specialties[p.specialty].slug.clone());
        let h = &catalog.hospitals[p.hospital];
        self.hospitals.insert(h.slug.clone());
        self.states.insert(h.state.to_ascii_lowercase());
    }

    fn extend(&mut self, other: Dependents) {
        self.specialties.extend(other.specialties);
        self.hospitals.extend(other.hospitals);
        self.states.extend(other.states);
    }
}

/// Redoing the pages that list changed programs, off the rebuild thread, so
/// the next save is not kept waiting.
pub struct Listings {
    catalog: Catalog,
    theme: Arc<Theme>,
    dependents: Dependents,
    /// The served site when the work began.
    current: Arc<Site>,
    generation: u64,
}

/// What a [`Listings`] made; hand it to [`Builder::accept`].
pub struct Listed {
    generation: u64,
    dependents: Dependents,
    result: Result<Site, Diagnostic>,
    programs: usize,
    pub took: Duration,
}

impl Listings {
    pub fn run(self) -> Listed {
        let started = Instant::now();
        let result = listings(&self.catalog, &self.theme, &self.dependents, &self.current);
        Listed {
            generation: self.generation,
            dependents: self.dependents,
            result,
            programs: self.catalog.programs.len(),
            took: started.elapsed(),
        }
    }
}

/// A successful (re)build.
pub struct Built {
    pub site: Site,
    pub warnings: Vec<Diagnostic>,
    pub programs: usize,
}

impl Builder {
    pub fn new(site_dir: &Path, date: Date, host: String, port: u16) -> Builder {
        Builder {
            site_dir: site_dir.to_path_buf(),
            date,
            authority: format!("{host}:{port}"),
            cache: content::Cache::default(),
            last: None,
            pending: BTreeSet::new(),
            dependents: None,
            generation: 0,
            full_generation: 0,
        }
    }

    pub fn site_dir(&self) -> &Path {
        &self.site_dir
    }

    /// Builds everything (reusing unchanged files' decodes).
    pub fn full(&mut self) -> Result<Built, Vec<Diagnostic>> {
        self.last = None;
        self.pending.clear();
        self.dependents = None;
        self.generation += 1;
        self.full_generation = self.generation;
        let load_options = content::LoadOptions {
            today: self.date,
            base_url: None,
        };
        // The site's own base path, on this server: absolute links in the
        // preview (canonical, feed, sitemap) then point at the preview.
        let base_path = content::config(&self.site_dir, &load_options).map(|c| c.base_path);
        let options = BuildOptions {
            site_dir: self.site_dir.clone(),
            output: None,
            base_url: base_path
                .as_ref()
                .map(|p| format!("http://{}{p}", self.authority)),
            date: self.date,
            strict: false,
        };
        let checked =
            crate::check_cached(&options, &mut self.cache).map_err(|f| f.diagnostics().to_vec())?;
        let generated = checked.generated;
        let built = Built {
            site: Site {
                base_path: checked.catalog.config.base_path.clone(),
                files: generated
                    .files
                    .into_iter()
                    .map(|f| (f.path, Arc::new(f.bytes)))
                    .collect(),
                statics: generated
                    .static_files
                    .into_iter()
                    .map(|(src, rel)| (rel, StaticFile::new(src)))
                    .collect(),
            },
            warnings: generated.warnings,
            programs: generated.programs,
        };
        self.last = Some(Last {
            catalog: checked.catalog,
            theme: Arc::new(checked.theme),
            links: checked.links,
        });
        Ok(built)
    }

    /// Rebuilds after `change`, from `current` (what is served). `paths`
    /// are the changed files, decoded again whatever their stamps say.
    pub fn rebuild(
        &mut self,
        change: &Change,
        paths: &[PathBuf],
        current: &Site,
    ) -> Result<Built, Vec<Diagnostic>> {
        for p in paths {
            if let Ok(rel) = p.strip_prefix(&self.site_dir) {
                self.cache.forget(rel);
            }
        }
        match change {
            Change::Programs(slugs)
                if self.last.is_some()
                    && self.pending.len() + slugs.len() <= FAST_PATH_LIMIT
                    && slugs.iter().all(|s| crate::routes::is_slug(s)) =>
            {
                self.pending.extend(slugs.iter().cloned());
                self.programs(current)
            }
            _ => self.full(),
        }
    }

    /// The work of redoing the pages that list the programs changed by
    /// the last [`rebuild`](Self::rebuild)s, if any is owed, from `current`
    /// (what is served now).
    pub fn listings(&mut self, current: Arc<Site>) -> Option<Listings> {
        let last = self.last.as_ref()?;
        let dependents = self.dependents.take()?;
        Some(Listings {
            // Its own copy, made now: the next save then patches the kept
            // catalog at once, however long the listings take.
            catalog: last.catalog.clone(),
            theme: last.theme.clone(),
            dependents,
            current,
            generation: self.generation,
        })
    }

    /// A finished [`Listings`]: the site to serve, if the catalog has not
    /// changed since it began. Otherwise its work is owed again (with the
    /// newer changes), unless a full build has done it.
    pub fn accept(&mut self, listed: Listed) -> Option<Result<Built, Vec<Diagnostic>>> {
        if listed.generation == self.generation {
            return Some(
                listed
                    .result
                    .map(|site| Built {
                        site,
                        warnings: Vec::new(),
                        programs: listed.programs,
                    })
                    .map_err(|d| vec![d]),
            );
        }
        if listed.generation > self.full_generation && self.last.is_some() {
            self.dependents
                .get_or_insert_with(Dependents::default)
                .extend(listed.dependents);
        }
        None
    }

    /// The fast path: decode and resolve the changed programs, patch the
    /// kept catalog, render their pages.
    fn programs(&mut self, current: &Site) -> Result<Built, Vec<Diagnostic>> {
        let Some(last) = self.last.as_mut() else {
            return self.full();
        };
        if last.catalog.config.is_multilingual() {
            // A program's text shows in every language's pages, each with
            // its own translation: the whole pipeline renders them all.
            return self.full();
        }
        let slugs: Vec<String> = self.pending.iter().cloned().collect();
        let reloaded = content::reload_programs(&self.site_dir, &last.catalog, &slugs);
        if reloaded.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(reloaded.diagnostics);
        }
        if aliases_affected(&last.catalog, &slugs, &reloaded.programs) {
            // Aliases are checked against every slug, and make `_redirects`
            // and pages of their own: the whole pipeline does both.
            return self.full();
        }
        // The output after the change, to check links against.
        let removed_files: HashSet<String> = slugs
            .iter()
            .filter(|s| !reloaded.programs.iter().any(|p| &p.slug == *s))
            .flat_map(|s| {
                [
                    routes::file_for(&routes::program(s)),
                    routes::file_for(&routes::program_calendar(s)),
                ]
            })
            .collect();
        let added_files: HashSet<String> = reloaded
            .programs
            .iter()
            .map(|p| routes::file_for(&routes::program(&p.slug)))
            .collect();
        let links = links_after(&last.links, &slugs, reloaded.links);
        let exists =
            |p: &str| added_files.contains(p) || (!removed_files.contains(p) && current.exists(p));
        let mut problems = crate::broken_links(&links, exists);
        if problems.iter().any(Diagnostic::is_error) {
            problems.extend(reloaded.diagnostics);
            diagnostics::sort(&mut problems);
            return Err(problems);
        }

        // Good: patch the catalog, note what lists the old and new versions.
        self.generation += 1;
        let catalog = &mut last.catalog;
        let dependents = self.dependents.get_or_insert_with(Dependents::default);
        patch(catalog, dependents, &slugs, reloaded.programs);
        last.links = links;
        let slug_refs: Vec<&str> = slugs.iter().map(String::as_str).collect();
        let files = render::program_pages(catalog, &last.theme, &slug_refs).map_err(|d| vec![d])?;
        let mut site = current.clone();
        for f in &removed_files {
            site.files.remove(f);
        }
        for f in files {
            insert(&mut site, f);
        }
        self.pending.clear();
        Ok(Built {
            site,
            warnings: reloaded.diagnostics,
            programs: catalog.programs.len(),
        })
    }
}

/// Whether changing the programs `slugs` (to `new`, a removed one absent)
/// touches aliases: one's aliases changed, or a program came or went while
/// programs have aliases (its slug may be one).
fn aliases_affected(catalog: &Catalog, slugs: &[String], new: &[Program]) -> bool {
    let old = |slug: &str| {
        catalog
            .programs
            .binary_search_by(|p| p.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &catalog.programs[i])
    };
    let names = |p: Option<&Program>| -> Vec<String> {
        p.map(|p| p.aliases.iter().map(|a| a.value.clone()).collect())
            .unwrap_or_default()
    };
    let any_alias = catalog.programs.iter().any(|p| !p.aliases.is_empty())
        || new.iter().any(|p| !p.aliases.is_empty());
    slugs.iter().any(|slug| {
        let before = old(slug);
        let after = new.iter().find(|p| &p.slug == slug);
        names(before) != names(after) || (any_alias && before.is_some() != after.is_some())
    })
}

/// The links to check after the programs `slugs` changed: the kept ones
/// of other files, and the changed files' `new` ones.
fn links_after(kept: &[LinkCheck], slugs: &[String], new: Vec<LinkCheck>) -> Vec<LinkCheck> {
    let changed_files: HashSet<PathBuf> = slugs
        .iter()
        .map(|s| Path::new("content/programs").join(format!("{s}.md")))
        .collect();
    let mut links: Vec<LinkCheck> = kept
        .iter()
        .filter(|l| !changed_files.contains(&l.diagnostic.path))
        .cloned()
        .collect();
    links.extend(new);
    links
}

/// Replaces the programs `slugs` in `catalog` by `programs` (their new
/// versions; a removed one is absent), noting in `dependents` what listed
/// the old versions and lists the new ones.
fn patch(
    catalog: &mut Catalog,
    dependents: &mut Dependents,
    slugs: &[String],
    programs: Vec<Program>,
) {
    for slug in slugs {
        if let Ok(i) = catalog.programs.binary_search_by(|p| p.slug.cmp(slug)) {
            dependents.note(catalog, &catalog.programs[i]);
            catalog.programs.remove(i);
        }
    }
    for p in programs {
        dependents.note(catalog, &p);
        let at = catalog
            .programs
            .binary_search_by(|q| q.slug.cmp(&p.slug))
            .unwrap_or_else(|i| i);
        catalog.programs.insert(at, p);
    }
}

/// `current` with the pages that show the changed programs (`dependents`)
/// rendered again, listing pages that no longer exist removed, and the
/// sitemap, feed and search index made again.
fn listings(
    catalog: &Catalog,
    theme: &Theme,
    dependents: &Dependents,
    current: &Site,
) -> Result<Site, Diagnostic> {
    // The pages that show programs; the FAQ, pages, posts, compare and 404
    // pages do not.
    let in_listing = |route: &str| {
        let parts: Vec<&str> = route.trim_matches('/').split('/').collect();
        match parts[..] {
            [""] | ["programs"] | ["programs", "page", _] => true,
            ["specialties" | "hospitals" | "states" | "fees" | "apply"] => true,
            // Program pages: made by `rebuild` already.
            ["programs", _] => false,
            ["specialties", s] => dependents.specialties.contains(s),
            ["hospitals", h] => dependents.hospitals.contains(h),
            ["states", st] => dependents.states.contains(st),
            _ => false,
        }
    };
    let files = render::pages_matching(catalog, theme, &in_listing)?;
    let mut site = current.clone();
    let made: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    site.files.retain(|path, _| {
        made.contains(path.as_str())
            || !(path.starts_with("search/")
                || path
                    .strip_suffix("index.html")
                    .is_some_and(|r| in_listing(&format!("/{r}"))))
    });
    for f in files {
        insert(&mut site, f);
    }
    let mut page_routes: Vec<String> = site
        .files
        .keys()
        .filter_map(|p| p.strip_suffix("index.html"))
        .map(|r| format!("/{r}"))
        .collect();
    page_routes.sort();
    for f in render::extras(catalog, theme, &page_routes) {
        insert(&mut site, f);
    }
    Ok(site)
}

/// Puts a file in the site, keeping the old bytes' allocation when they
/// are the same (so comparing versions is a pointer check).
fn insert(site: &mut Site, f: render::OutputFile) {
    match site.files.get(&f.path) {
        Some(old) if **old == f.bytes => {}
        _ => {
            site.files.insert(f.path, Arc::new(f.bytes));
        }
    }
}
