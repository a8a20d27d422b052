//! Turns the catalog and a theme into in-memory output files. Reads no
//! files and writes none: theme sources come in, bytes go out.

mod admin;
pub mod assets;
mod compile;
pub mod context;
pub mod csp;
pub mod data;
pub mod i18n;
mod ics;
mod jsonld;
pub mod pages;
pub mod redirects;
pub use crate::routes;
pub mod search;
pub mod theme;
mod xml;

use std::collections::BTreeMap;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::Diagnostic;
use crate::model::Catalog;
pub use compile::compile;
use compile::template_error;
use context::*;
use pages::{PageId, Shared};
pub use theme::ThemeSources;

/// One generated file: its path under the output directory and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A compiled theme, ready to render many pages.
pub struct Theme {
    tera: Tera,
    /// The sources, for assets and for locating template errors.
    sources: ThemeSources,
    /// The assets as published: fingerprinted names, references rewritten.
    assets: Vec<assets::Asset>,
    /// `'sha256-…'` of each inline `<style>` in the templates, for the CSP.
    style_hashes: Vec<String>,
}

impl Theme {
    /// The theme with its interface strings (`t()`, the scripts' table) in
    /// `language`: each of a multilingual site's languages renders with its own.
    pub fn in_language(&self, language: &str) -> Theme {
        let mut sources = self.sources.clone();
        sources.strings.language = language.to_string();
        let mut tera = self.tera.clone();
        i18n::register(&mut tera, &sources.strings);
        Theme {
            tera,
            sources,
            assets: self.assets.clone(),
            style_hashes: self.style_hashes.clone(),
        }
    }
}

/// Renders every file of the site in memory, sorted by path.
pub fn site(catalog: &Catalog, theme: &Theme) -> Result<Vec<OutputFile>, Diagnostic> {
    let files = Mutex::new(Vec::new());
    site_to(catalog, theme, &|f| {
        files
            .lock()
            .expect("no panics while holding the lock")
            .push(f);
        Ok(())
    })?;
    let mut files = files
        .into_inner()
        .expect("no panics while holding the lock");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders every file of the site, handing each to `sink` as soon as it is
/// made. Pages render in parallel, so nothing but the pages in flight is held
/// in memory. Returns every path written, sorted.
pub fn site_to(
    catalog: &Catalog,
    theme: &Theme,
    sink: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
) -> Result<Vec<String>, Diagnostic> {
    let mut paths = pages_to(catalog, theme, sink)?;
    let page_routes: Vec<String> = paths
        .iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
        .collect();
    for f in extras(catalog, theme, &page_routes) {
        paths.push(f.path.clone());
        sink(f)?;
    }
    // Each other language: its pages and search index under its prefix
    // (`es/…`); the assets, downloads and calendars are the default's.
    for language in &catalog.config.languages[1..] {
        let theme = theme.in_language(language);
        paths.extend(pages_to(&catalog.localized(language), &theme, sink)?);
    }
    paths.sort();
    Ok(paths)
}

/// The pages of `catalog`'s language and its search index, under its
/// prefix (`es/…`), handed to `sink`; returns their paths.
fn pages_to(
    catalog: &Catalog,
    theme: &Theme,
    sink: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
) -> Result<Vec<String>, Diagnostic> {
    let build = Build::new(catalog, theme)?;
    let prefix = match catalog.config.lang_prefix.as_str() {
        "" => String::new(),
        p => format!("{}/", p.trim_start_matches('/')),
    };
    let paths: Vec<Result<String, Diagnostic>> = build
        .shared
        .pages()
        .into_par_iter()
        .map(|page| {
            let mut file = build.page(theme, page)?;
            file.path.insert_str(0, &prefix);
            let path = file.path.clone();
            sink(file)?;
            Ok(path)
        })
        .collect::<Vec<_>>();
    let mut paths = first_error(paths)?;
    for mut f in build.index.files {
        f.path.insert_str(0, &prefix);
        paths.push(f.path.clone());
        sink(f)?;
    }
    Ok(paths)
}

/// The files that are not pages or the search index: the theme's assets,
/// the sitemap (of `page_routes`), the feed, robots.txt, the calendars and
/// the data downloads (`data.rs`).
pub fn extras(catalog: &Catalog, theme: &Theme, page_routes: &[String]) -> Vec<OutputFile> {
    let views = &Views::new(catalog, &theme.sources.strings);
    let mut files = Vec::new();
    let moved = redirects::all(views);
    let meta_policy = csp::policy(&theme.style_hashes, true);
    for r in &moved {
        files.push(redirects::page(
            views,
            r,
            &catalog.config.language,
            &meta_policy,
        ));
    }
    files.push(redirects::file(views, &moved));
    // Old URLs are not pages to index.
    let page_routes: Vec<String> = page_routes
        .iter()
        .filter(|r| moved.binary_search_by(|m| m.from.as_str().cmp(r)).is_err())
        .cloned()
        .collect();
    let page_routes = page_routes.as_slice();
    for asset in &theme.assets {
        files.push(OutputFile {
            path: format!("assets/{}", asset.file),
            bytes: asset.bytes.clone(),
        });
    }
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml::sitemap(views, page_routes).into_bytes(),
    });
    files.push(OutputFile {
        path: "feed.xml".into(),
        bytes: xml::feed(views).into_bytes(),
    });
    files.push(OutputFile {
        path: "robots.txt".into(),
        bytes: xml::robots(views).into_bytes(),
    });
    files.push(OutputFile {
        path: routes::file_for(&routes::calendar()),
        bytes: ics::catalog(views).into_bytes(),
    });
    files.extend(catalog.programs.iter().map(|p| program_calendar(views, p)));
    if let Some(cms) = &catalog.config.cms {
        files.push(OutputFile {
            path: routes::file_for(&routes::admin()),
            bytes: admin::index_html(catalog, cms).into_bytes(),
        });
        files.push(OutputFile {
            path: routes::file_for(&routes::admin_config()),
            bytes: admin::config_yml(catalog, cms).into_bytes(),
        });
    }
    files.push(OutputFile {
        path: routes::file_for(&routes::data_json()),
        bytes: data::json(views).into_bytes(),
    });
    files.push(OutputFile {
        path: routes::file_for(&routes::data_csv()),
        bytes: data::csv(views).into_bytes(),
    });
    files.push(headers(catalog, theme, page_routes, &files));
    files
}

/// `_headers`: the policy and caching rules for every top-level entry of
/// the output (pages, the extras made so far, the search index, static files).
fn headers(
    catalog: &Catalog,
    theme: &Theme,
    page_routes: &[String],
    extras: &[OutputFile],
) -> OutputFile {
    let top = |path: &str| -> String {
        let path = path.trim_start_matches('/');
        match path.find('/') {
            Some(i) => path[..=i].to_string(),
            None => path.to_string(),
        }
    };
    let mut entries: std::collections::BTreeSet<String> = page_routes
        .iter()
        .map(|r| top(&routes::file_for(r)))
        .chain(extras.iter().map(|f| top(&f.path)))
        .chain(catalog.static_files.iter().map(|(_, rel)| top(rel)))
        .collect();
    entries.insert("search/".into());
    entries.insert(routes::file_for(&routes::not_found()));
    for language in &catalog.config.languages[1..] {
        entries.insert(format!(
            "{}/",
            catalog.config.prefix_of(language).trim_start_matches('/')
        ));
    }
    let policy = csp::policy(&theme.style_hashes, false);
    let admin = catalog
        .config
        .cms
        .as_ref()
        .map(|c| csp::admin_policy(c.backend, &c.script, c.auth_url.as_deref(), false));
    OutputFile {
        path: "_headers".into(),
        bytes: csp::headers_file(
            &catalog.config.base_path,
            &entries,
            &policy,
            admin.as_deref(),
        )
        .into_bytes(),
    }
}

/// A program's `dates.ics`.
fn program_calendar(views: &Views, p: &crate::model::Program) -> OutputFile {
    OutputFile {
        path: routes::file_for(&routes::program_calendar(&p.slug)),
        bytes: ics::program(views, p).into_bytes(),
    }
}

/// Which routes to render, for [`pages_matching`].
pub type Want<'a> = dyn Fn(&str) -> bool + Sync + 'a;

/// Renders the pages whose route `want` accepts, and the search index; not
/// the [`extras`]. For `serve`, which re-renders what an edit touched:
/// pages not wanted cost nothing (the work many pages share is still done).
pub fn pages_matching(
    catalog: &Catalog,
    theme: &Theme,
    want: &Want,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let build = Build::new(catalog, theme)?;
    let files: Vec<Result<OutputFile, Diagnostic>> = build
        .shared
        .pages()
        .into_par_iter()
        .filter(|&page| want(&build.shared.route(page)))
        .map(|page| build.page(theme, page))
        .collect();
    let mut files = first_error(files)?;
    files.extend(build.index.files);
    Ok(files)
}

/// The work a render of the whole site does once, before its pages: what the
/// pages share, every card's HTML, the site variables and the search index.
struct Build<'c> {
    shared: Shared<'c>,
    site: SiteView,
    index: search::Index,
}

impl<'c> Build<'c> {
    fn new(catalog: &'c Catalog, theme: &'c Theme) -> Result<Build<'c>, Diagnostic> {
        let mut shared = Shared::new(catalog, &theme.sources.strings);
        shared.card_html = card_html(theme, &shared.cards)?;
        let mut site = site_view(&shared.views, theme);
        let index = search::build(&shared.views, &shared.cards, &shared.order);
        site.search_index = index.entry_url.clone();
        Ok(Build {
            shared,
            site,
            index,
        })
    }

    fn page(&self, theme: &Theme, page: PageId) -> Result<OutputFile, Diagnostic> {
        let job = self.shared.job(page);
        let path = routes::file_for(&job.route);
        let bytes = render_job(&self.shared.views, theme, &self.site, job)?;
        Ok(OutputFile { path, bytes })
    }
}

/// Renders only the pages (and calendars) of the programs with these slugs, without the
/// work every listing shares (for `serve`: the page being edited shows
/// before the lists it is in are redone). Byte for byte what [`site`]
/// makes for them.
pub fn program_pages(
    catalog: &Catalog,
    theme: &Theme,
    slugs: &[&str],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let views = &Views::new(catalog, &theme.sources.strings);
    let site = site_view(views, theme);
    // A few pages: not worth the thread pool, which may be busy with the
    // listings of an earlier save.
    catalog
        .programs
        .iter()
        .filter(|p| slugs.contains(&p.slug.as_str()))
        .map(|p| {
            let job = pages::program_job(views, p, views.card(p));
            let path = routes::file_for(&job.route);
            let bytes = render_job(views, theme, &site, job)?;
            Ok([OutputFile { path, bytes }, program_calendar(views, p)])
        })
        .collect::<Result<Vec<_>, Diagnostic>>()
        .map(|pairs| pairs.into_iter().flatten().collect())
}

/// Every program's card, rendered once with the theme's `card.html`.
fn card_html(theme: &Theme, cards: &[ProgramCard]) -> Result<Vec<String>, Diagnostic> {
    let cards = cards
        .par_iter()
        .map(|card| {
            let mut ctx = Context::new();
            ctx.insert("program", card);
            theme.tera.render("card.html", &ctx).map_err(|e| {
                let mut d = template_error(
                    &theme.sources,
                    &e,
                    &format!("rendering the card of {} failed", card.url),
                );
                d.hint = Some(
                    "check the template against the context documented in docs/themes.md".into(),
                );
                d
            })
        })
        .collect::<Vec<_>>();
    first_error(cards)
}

/// The values, or the error of the first one that failed, in their order:
/// pages render in parallel, and the one reported must not depend on which
/// thread failed first (the same site gives the same message).
fn first_error<T>(results: Vec<Result<T, Diagnostic>>) -> Result<Vec<T>, Diagnostic> {
    results.into_iter().collect()
}

/// Renders one page with the theme.
fn render_job(
    views: &Views,
    theme: &Theme,
    site: &SiteView,
    mut job: Job,
) -> Result<Vec<u8>, Diagnostic> {
    if job.meta.json_ld.is_empty() {
        job.meta.json_ld = jsonld::to_script(&jsonld::breadcrumbs(views, &job.meta.breadcrumbs));
    }
    let strings = &theme.sources.strings;
    // A language's own name, from its own table only (English's would be wrong).
    let name = |l: &str| {
        let own = |t: &str| strings.tables.get(t).and_then(|t| t.get("language.name"));
        match own(l).or_else(|| own(crate::model::i18n::primary(l))) {
            Some(crate::model::i18n::Message::Text(t)) => t.clone(),
            _ => l.to_string(),
        }
    };
    for a in &mut job.meta.alternates {
        a.name = name(&a.language);
    }
    if !job.meta.text_lang.is_empty() {
        job.meta.text_lang_name = name(&job.meta.text_lang);
    }
    let mut ctx = Context::new();
    ctx.insert("site", site);
    ctx.extend(job.context);
    ctx.insert("page", &job.meta);
    let html = theme.tera.render(job.template, &ctx).map_err(|e| {
        let mut d = template_error(
            &theme.sources,
            &e,
            &format!("rendering {} failed", job.meta.url),
        );
        d.hint = Some("check the template against the context documented in docs/themes.md".into());
        d
    })?;
    Ok(html.into_bytes())
}

/// Programs per page of the server-rendered list.
pub const PROGRAMS_PER_PAGE: usize = 50;

pub struct Job {
    route: String,
    template: &'static str,
    meta: PageMeta,
    context: Context,
}

impl Job {
    pub(crate) fn new(
        views: &Views,
        route: String,
        template: &'static str,
        heading: &str,
        description: &str,
        crumbs: Vec<Link>,
    ) -> Job {
        let site_title = &views.catalog.config.title;
        let title = if route == "/" {
            site_title.clone()
        } else {
            format!("{heading} | {site_title}")
        };
        let section = nav_section(&route);
        let mut breadcrumbs = vec![Link {
            name: views.section("home"),
            url: views.url("/"),
        }];
        if route != "/" {
            breadcrumbs.extend(crumbs);
            breadcrumbs.push(Link {
                name: heading.to_string(),
                url: views.url(&route),
            });
        }
        Job {
            meta: PageMeta {
                title,
                heading: heading.to_string(),
                description: description.to_string(),
                url: views.url(&route),
                canonical: views.absolute(&route),
                section: section.map(|s| views.url(&s)).unwrap_or_default(),
                breadcrumbs,
                // Breadcrumbs only, unless `json_ld` adds more; made at render time.
                json_ld: String::new(),
                og_type: "website".into(),
                image: None,
                alternates: views.alternates(&route),
                translated: !untranslated(views.catalog, &route),
                text_lang: match untranslated(views.catalog, &route) {
                    true => views.catalog.config.default_language().to_string(),
                    false => String::new(),
                },
                text_lang_name: String::new(),
            },
            route,
            template,
            context: Context::new(),
        }
    }

    pub(crate) fn with<T: Serialize + ?Sized>(mut self, key: &'static str, value: &T) -> Job {
        self.context.insert(key, value);
        self
    }

    /// The page's picture, for `og:image`.
    pub(crate) fn image(mut self, image: Option<ImageView>) -> Job {
        self.meta.image = image;
        self
    }

    /// Replaces the breadcrumb JSON-LD with a graph holding it and `extra`.
    pub(crate) fn json_ld(self, views: &Views, extra: serde_json::Value) -> Job {
        self.json_ld_all(views, vec![extra])
    }

    /// Replaces the breadcrumb JSON-LD with a graph holding `extra` and it.
    pub(crate) fn json_ld_all(mut self, views: &Views, mut extra: Vec<serde_json::Value>) -> Job {
        extra.push(jsonld::breadcrumbs(views, &self.meta.breadcrumbs));
        self.meta.json_ld = jsonld::to_script(&jsonld::graph(extra));
        self
    }
}

/// Whether the page at `route` shows an editor's text that has no
/// translation into the catalog's language (`Catalog::untranslated`).
fn untranslated(catalog: &Catalog, route: &str) -> bool {
    use crate::model::translate::Text;
    if catalog.untranslated.is_empty() {
        return false;
    }
    let parts: Vec<&str> = route.trim_matches('/').split('/').collect();
    let text = match parts.as_slice() {
        [""] => Text::Home,
        ["faq"] => Text::Faqs,
        ["fees"] => Text::Fees,
        ["specialties", s] => Text::Specialty(s.to_string()),
        ["hospitals", s] => Text::Hospital(s.to_string()),
        ["programs", s] => Text::Program(s.to_string()),
        ["posts", s] => Text::Post(s.to_string()),
        [s] => Text::Page(s.to_string()),
        _ => return false,
    };
    catalog.untranslated.contains(&text)
}

fn nav_section(route: &str) -> Option<String> {
    let first = route
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    match first {
        "programs" | "specialties" | "hospitals" | "faq" | "fees" | "apply" | "posts" => {
            Some(format!("/{first}/"))
        }
        "states" => Some("/hospitals/".into()),
        _ => None,
    }
}

fn site_view(views: &Views, theme: &Theme) -> SiteView {
    let c = &views.catalog.config;
    let nav = views.menu();
    let assets: BTreeMap<String, String> = theme
        .assets
        .iter()
        .map(|a| (a.name.clone(), views.root_url(&routes::asset(&a.file))))
        .collect();
    SiteView {
        title: c.title.clone(),
        description: c.description.clone().unwrap_or_default(),
        base_url: c.base_url.clone(),
        base_path: format!("{}{}", c.base_path, c.lang_prefix),
        root_path: c.base_path.clone(),
        language: c.language.clone(),
        dir: crate::model::i18n::direction(&c.language).to_string(),
        currency: c.currency.to_string(),
        contact_email: c.contact.email.clone(),
        contact_phone: c.contact.phone.clone(),
        nav,
        apply_steps: c.apply.steps.clone(),
        build_date: views.catalog.today.to_string(),
        build_date_human: views.date(views.catalog.today),
        stylesheet: assets.get("style.css").cloned().unwrap_or_default(),
        script: assets.get("catalog.js").cloned().unwrap_or_default(),
        search_index: String::new(),
        assets,
        csp: csp::policy(&theme.style_hashes, true),
        i18n_json: i18n::script_table(&theme.sources.strings, views.locale(), c.currency),
    }
}
