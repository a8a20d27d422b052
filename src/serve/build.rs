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
//!   index, home, fees, apply, the sitemap) is redone right after
//!   ([`Builder::follow_up`]), so the edited page shows first.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use time::Date;

use super::watch::Change;
use super::{Site, StaticFile};
use crate::content::{self, LinkCheck};
use crate::diagnostics::{self, Diagnostic};
use crate::model::Catalog;
use crate::render::{self, Theme, routes};
use crate::{BuildOptions, config};

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
}

struct Last {
    catalog: Catalog,
    theme: Theme,
    links: Vec<LinkCheck>,
}

#[derive(Default)]
struct Dependents {
    specialties: HashSet<String>,
    hospitals: HashSet<String>,
    states: HashSet<String>,
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
            theme: checked.theme,
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
                    && slugs.iter().all(|s| config::is_slug(s)) =>
            {
                self.pending.extend(slugs.iter().cloned());
                self.programs(current)
            }
            _ => self.full(),
        }
    }

    /// The pages that list the programs changed by the last
    /// [`rebuild`](Self::rebuild), if any are still to redo.
    pub fn follow_up(&mut self, current: &Site) -> Option<Result<Built, Vec<Diagnostic>>> {
        let dependents = self.dependents.take()?;
        let last = self.last.as_ref()?;
        Some(
            listings(last, &dependents, current)
                .map(|site| Built {
                    site,
                    warnings: Vec::new(),
                    programs: last.catalog.programs.len(),
                })
                .map_err(|d| vec![d]),
        )
    }

    /// The fast path: decode and resolve the changed programs, patch the
    /// kept catalog, render their pages.
    fn programs(&mut self, current: &Site) -> Result<Built, Vec<Diagnostic>> {
        let Some(last) = self.last.as_mut() else {
            return self.full();
        };
        let slugs: Vec<String> = self.pending.iter().cloned().collect();
        let reloaded = content::reload_programs(&self.site_dir, &last.catalog, &slugs);
        if reloaded.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(reloaded.diagnostics);
        }
        // The output after the change, to check links against.
        let removed: Vec<&String> = slugs
            .iter()
            .filter(|s| !reloaded.programs.iter().any(|p| &p.slug == *s))
            .collect();
        let removed_files: HashSet<String> = removed
            .iter()
            .map(|s| routes::file_for(&routes::program(s)))
            .collect();
        let added_files: HashSet<String> = reloaded
            .programs
            .iter()
            .map(|p| routes::file_for(&routes::program(&p.slug)))
            .collect();
        let changed_files: HashSet<PathBuf> = slugs
            .iter()
            .map(|s| Path::new("content/programs").join(format!("{s}.md")))
            .collect();
        let mut links: Vec<LinkCheck> = last
            .links
            .iter()
            .filter(|l| !changed_files.contains(&l.diagnostic.path))
            .cloned()
            .collect();
        links.extend(reloaded.links);
        let exists =
            |p: &str| added_files.contains(p) || (!removed_files.contains(p) && current.exists(p));
        let mut problems = crate::broken_links(&links, exists);
        if problems.iter().any(Diagnostic::is_error) {
            problems.extend(reloaded.diagnostics);
            diagnostics::sort(&mut problems);
            return Err(problems);
        }

        // Good: patch the catalog, note what lists the old and new versions.
        let catalog = &mut last.catalog;
        let dependents = self.dependents.get_or_insert_with(Dependents::default);
        let mut note = |catalog: &Catalog, p: &crate::model::Program| {
            dependents
                .specialties
                .insert(catalog.specialties[p.specialty].slug.clone());
            let h = &catalog.hospitals[p.hospital];
            dependents.hospitals.insert(h.slug.clone());
            dependents.states.insert(h.state.to_ascii_lowercase());
        };
        for slug in &slugs {
            if let Ok(i) = catalog.programs.binary_search_by(|p| p.slug.cmp(slug)) {
                note(catalog, &catalog.programs[i]);
                catalog.programs.remove(i);
            }
        }
        for p in reloaded.programs {
            note(catalog, &p);
            let at = catalog
                .programs
                .binary_search_by(|q| q.slug.cmp(&p.slug))
                .unwrap_or_else(|i| i);
            catalog.programs.insert(at, p);
        }
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

/// `current` with the pages that show the changed programs (`dependents`)
/// rendered again, listing pages that no longer exist removed, and the
/// sitemap, feed and search index made again.
fn listings(last: &Last, dependents: &Dependents, current: &Site) -> Result<Site, Diagnostic> {
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
    let files = render::pages_matching(&last.catalog, &last.theme, &in_listing)?;
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
    for f in render::extras(&last.catalog, &last.theme, &page_routes) {
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
