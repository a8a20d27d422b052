//! Turns the catalog and a theme into in-memory output files. Reads no
//! files and writes none: theme sources come in, bytes go out.

pub mod context;
mod jsonld;
pub mod routes;
pub mod search;
pub mod theme;
mod xml;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Catalog, Program, STATES, Status};
use context::*;
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
}

/// Compiles the theme's templates. A template error is reported against the
/// template's file.
pub fn compile(sources: ThemeSources) -> Result<Theme, Diagnostic> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    if let Err(e) = tera.add_raw_templates(
        sources
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str())),
    ) {
        let mut d = template_error(&sources, &e, "the theme's templates do not compile");
        d.hint = Some("fix the template, or delete your copy to use the built-in one".into());
        return Err(d);
    }
    Ok(Theme { tera, sources })
}

/// A diagnostic located in the template the error came from.
fn template_error(sources: &ThemeSources, e: &tera::Error, what: &str) -> Diagnostic {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let Some(r) = report else {
        return Diagnostic::file(
            format!("{}/templates", sources.origin),
            Severity::Error,
            format!("{what}: {e}"),
        );
    };
    let name = r.filename();
    let path = format!("{}/templates/{name}", sources.origin);
    let span = r.span();
    let source_line = sources
        .templates
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, text)| text.lines().nth(span.start_line.saturating_sub(1)))
        .map(str::to_string);
    let length = if span.end_line == span.start_line {
        span.end_col.saturating_sub(span.start_col).max(1)
    } else {
        1
    };
    Diagnostic {
        path: path.into(),
        line: span.start_line,
        column: span.start_col + 1,
        length,
        severity: Severity::Error,
        message: format!("{what}: {}", r.message()),
        hint: None,
        source_line,
    }
}

/// Renders every page of the site. Pages render in parallel; the result is
/// sorted by path, so output is deterministic.
pub fn site(catalog: &Catalog, theme: &Theme) -> Result<Vec<OutputFile>, Diagnostic> {
    let views = Views { catalog };
    let mut site = site_view(&views, theme);
    let cards: Vec<ProgramCard> = catalog.programs.par_iter().map(|p| views.card(p)).collect();
    let order = search::soonest_order(catalog);
    let t = std::time::Instant::now();
    let index = search::build(&views, &cards, &order);
    if std::env::var_os("ROTALOG_TIMINGS").is_some() {
        eprintln!("  search index: {} ms", t.elapsed().as_millis());
    }
    site.search_index = index.entry_url.clone();
    let jobs = jobs(&views, &cards, &order);
    let mut files: Vec<OutputFile> = jobs
        .into_par_iter()
        .map(|job| {
            let mut ctx = Context::new();
            ctx.insert("site", &site);
            ctx.extend(job.context);
            ctx.insert("page", &job.meta);
            let html = theme.tera.render(job.template, &ctx).map_err(|e| {
                let mut d = template_error(
                    &theme.sources,
                    &e,
                    &format!("rendering {} failed", job.meta.url),
                );
                d.hint = Some(
                    "check the template against the context documented in docs/themes.md".into(),
                );
                d
            })?;
            Ok(OutputFile {
                path: routes::file_for(&job.route),
                bytes: html.into_bytes(),
            })
        })
        .collect::<Result<_, Diagnostic>>()?;
    files.extend(index.files);
    for (name, bytes) in &theme.sources.assets {
        files.push(OutputFile {
            path: format!("assets/{name}"),
            bytes: bytes.clone(),
        });
    }
    let page_routes: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with("index.html"))
        .map(|f| format!("/{}", f.path.trim_end_matches("index.html")))
        .collect();
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml::sitemap(&views, &page_routes).into_bytes(),
    });
    files.push(OutputFile {
        path: "feed.xml".into(),
        bytes: xml::feed(&views).into_bytes(),
    });
    files.push(OutputFile {
        path: "robots.txt".into(),
        bytes: xml::robots(&views).into_bytes(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Programs per page of the server-rendered list.
pub const PROGRAMS_PER_PAGE: usize = 50;

struct Job {
    route: String,
    template: &'static str,
    meta: PageMeta,
    context: Context,
}

impl Job {
    fn new(
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
            name: "Home".into(),
            url: views.url("/"),
        }];
        if route != "/" {
            breadcrumbs.extend(crumbs);
            breadcrumbs.push(Link {
                name: heading.to_string(),
                url: views.url(&route),
            });
        }
        let json_ld = jsonld::breadcrumbs(views, &breadcrumbs);
        Job {
            meta: PageMeta {
                title,
                heading: heading.to_string(),
                description: description.to_string(),
                url: views.url(&route),
                canonical: views.absolute(&route),
                section: section.map(|s| views.url(&s)).unwrap_or_default(),
                breadcrumbs,
                json_ld: jsonld::to_script(&json_ld),
                og_type: "website".into(),
            },
            route,
            template,
            context: Context::new(),
        }
    }

    fn with<T: Serialize + ?Sized>(mut self, key: &'static str, value: &T) -> Job {
        self.context.insert(key, value);
        self
    }

    /// Replaces the breadcrumb JSON-LD with a graph holding it and `extra`.
    fn json_ld(mut self, views: &Views, extra: serde_json::Value) -> Job {
        let crumbs = jsonld::breadcrumbs(views, &self.meta.breadcrumbs);
        self.meta.json_ld = jsonld::to_script(&jsonld::graph(vec![extra, crumbs]));
        self
    }
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
    let mut nav = vec![
        Link {
            name: "Programs".into(),
            url: views.url(&routes::programs()),
        },
        Link {
            name: "Specialties".into(),
            url: views.url(&routes::specialties()),
        },
        Link {
            name: "Hospitals".into(),
            url: views.url(&routes::hospitals()),
        },
        Link {
            name: "Fees".into(),
            url: views.url(&routes::fees()),
        },
        Link {
            name: "FAQ".into(),
            url: views.url(&routes::faq()),
        },
        Link {
            name: "How to apply".into(),
            url: views.url(&routes::apply()),
        },
    ];
    if !views.catalog.posts.is_empty() {
        nav.push(Link {
            name: "News".into(),
            url: views.url(&routes::posts()),
        });
    }
    let assets: BTreeMap<String, String> = theme
        .sources
        .assets
        .iter()
        .map(|(name, bytes)| {
            let url = views.url(&routes::asset(name));
            (
                name.clone(),
                format!("{url}?v={}", search::content_hash(bytes)),
            )
        })
        .collect();
    SiteView {
        title: c.title.clone(),
        description: c.description.clone().unwrap_or_default(),
        base_url: c.base_url.clone(),
        base_path: c.base_path.clone(),
        language: c.language.clone(),
        currency: c.currency.to_string(),
        contact_email: c.contact.email.clone(),
        contact_phone: c.contact.phone.clone(),
        nav,
        apply_steps: c.apply.steps.clone(),
        build_date: views.catalog.today.to_string(),
        build_date_human: human_date(views.catalog.today),
        stylesheet: assets.get("style.css").cloned().unwrap_or_default(),
        script: assets.get("catalog.js").cloned().unwrap_or_default(),
        search_index: String::new(),
        assets,
    }
}

/// Every page to render.
fn jobs(views: &Views, cards: &[ProgramCard], order: &[usize]) -> Vec<Job> {
    let cat = views.catalog;
    let open_count = cat
        .programs
        .iter()
        .filter(|p| p.status != Status::Closed && p.next_open().is_some())
        .count();
    let mut jobs = Vec::new();

    // Home
    let specialties: Vec<SpecialtyView> = cat
        .specialties
        .iter()
        .enumerate()
        .map(|(i, s)| views.specialty(s, cat.programs.iter().filter(|p| p.specialty == i).count()))
        .collect();
    let hospitals: Vec<HospitalView> = cat
        .hospitals
        .iter()
        .enumerate()
        .map(|(i, h)| views.hospital(h, cat.programs.iter().filter(|p| p.hospital == i).count()))
        .collect();
    let states = state_views(views);
    let home_title = cat
        .home
        .title
        .clone()
        .unwrap_or_else(|| cat.config.title.clone());
    let home_description = cat
        .home
        .description
        .clone()
        .or_else(|| cat.config.description.clone())
        .unwrap_or_else(|| first_sentences(&cat.home.body.first_paragraph, 160));
    let soonest: Vec<&ProgramCard> = order
        .iter()
        .filter(|&&i| cat.programs[i].next_open().is_some())
        .take(6)
        .map(|&i| &cards[i])
        .collect();
    let provider = jsonld::organization(views);
    jobs.push(
        Job::new(
            views,
            routes::home(),
            "index.html",
            &home_title,
            &home_description,
            vec![],
        )
        .with("body", &cat.home.body.html)
        .with("featured", &soonest)
        .with("specialties", &specialties)
        .with("program_count", &cat.programs.len())
        .with("open_count", &open_count)
        .with("hospital_count", &cat.hospitals.len())
        .with("state_count", &states.len())
        .json_ld(views, provider),
    );

    // Programs: the search page, and the same list paginated for readers
    // without JavaScript.
    let pages: Vec<&[usize]> = order.chunks(PROGRAMS_PER_PAGE).collect();
    let page_count = pages.len().max(1);
    let page_links: Vec<Link> = (1..=page_count)
        .map(|n| Link {
            name: n.to_string(),
            url: views.url(&routes::programs_page(n)),
        })
        .collect();
    for n in 1..=page_count {
        let list: Vec<&ProgramCard> = pages
            .get(n - 1)
            .map_or(&[][..], |ids| *ids)
            .iter()
            .map(|&i| &cards[i])
            .collect();
        let heading = if n == 1 {
            "All programs".to_string()
        } else {
            format!("All programs, page {n} of {page_count}")
        };
        let first = (n - 1) * PROGRAMS_PER_PAGE;
        jobs.push(
            Job::new(
                views,
                routes::programs_page(n),
                "programs.html",
                &heading,
                &format!(
                    "All {} clinical rotation programs, with total costs, dates and eligibility.",
                    cards.len()
                ),
                if n == 1 {
                    vec![]
                } else {
                    vec![Link {
                        name: "Programs".into(),
                        url: views.url(&routes::programs()),
                    }]
                },
            )
            .with("programs", &list)
            .with("program_count", &cards.len())
            .with(
                "pagination",
                &Pagination {
                    current: n,
                    first: first + 1,
                    last: first + list.len(),
                    pages: page_links.clone(),
                    previous: (n > 1).then(|| page_links[n - 2].url.clone()),
                    next: (n < page_count).then(|| page_links[n].url.clone()),
                },
            )
            .with("specialties", &specialties)
            .with("states", &states),
        );
    }
    jobs.push(Job::new(
        views,
        routes::compare(),
        "compare.html",
        "Compare programs",
        "Your shortlisted programs side by side, one row per decision fact.",
        vec![Link {
            name: "Programs".into(),
            url: views.url(&routes::programs()),
        }],
    ));
    let programs_crumb = vec![Link {
        name: "Programs".into(),
        url: views.url(&routes::programs()),
    }];
    let program_jobs: Vec<Job> = cat
        .programs
        .par_iter()
        .map(|p| {
            let view = views.program(p);
            let description = format!(
                "{} at {}, {}. {} · {} · from {}.",
                view.card.kind_label,
                view.card.hospital.name,
                view.card.state,
                view.card.specialty.name,
                view.card.weeks,
                view.card.lowest_total
            );
            let ld = jsonld::program(views, p);
            let mut job = Job::new(
                views,
                routes::program(&p.slug),
                "program.html",
                &p.title,
                &description,
                programs_crumb.clone(),
            )
            .with("program", &view)
            .json_ld(views, ld);
            job.meta.og_type = "article".into();
            job
        })
        .collect();
    jobs.extend(program_jobs);

    // Specialties
    jobs.push(
        Job::new(
            views,
            routes::specialties(),
            "specialties.html",
            "Specialties",
            "Core and elective specialties offered, with their programs.",
            vec![],
        )
        .with("specialties", &specialties),
    );
    let crumb = vec![Link {
        name: "Specialties".into(),
        url: views.url(&routes::specialties()),
    }];
    for (i, s) in cat.specialties.iter().enumerate() {
        let list = cards_where(cards, cat, |p| p.specialty == i);
        jobs.push(
            Job::new(
                views,
                routes::specialty(&s.slug),
                "specialty.html",
                &s.name,
                &s.summary,
                crumb.clone(),
            )
            .with("specialty", &specialties[i])
            .with("programs", &list),
        );
    }

    // Hospitals and states
    jobs.push(
        Job::new(
            views,
            routes::hospitals(),
            "hospitals.html",
            "Hospitals and clinics",
            "The affiliated hospitals and clinics where rotations take place.",
            vec![],
        )
        .with("hospitals", &hospitals)
        .with("states", &states),
    );
    let crumb = vec![Link {
        name: "Hospitals".into(),
        url: views.url(&routes::hospitals()),
    }];
    for (i, h) in cat.hospitals.iter().enumerate() {
        let list = cards_where(cards, cat, |p| p.hospital == i);
        let ld = jsonld::hospital(views, h);
        jobs.push(
            Job::new(
                views,
                routes::hospital(&h.slug),
                "hospital.html",
                &h.name,
                &format!(
                    "{}, {} {}: clinical rotations for IMGs.",
                    h.kind.label(),
                    h.city,
                    h.state
                ),
                crumb.clone(),
            )
            .with("hospital", &hospitals[i])
            .with("programs", &list)
            .json_ld(views, ld),
        );
    }
    jobs.push(
        Job::new(
            views,
            routes::states(),
            "states.html",
            "Rotations by state",
            "Clinical rotation programs by U.S. state.",
            vec![],
        )
        .with("states", &states),
    );
    let crumb = vec![Link {
        name: "States".into(),
        url: views.url(&routes::states()),
    }];
    for st in &states {
        let list = cards_where(cards, cat, |p| cat.hospitals[p.hospital].state == st.code);
        let hs: Vec<&HospitalView> = hospitals.iter().filter(|h| h.state == st.code).collect();
        jobs.push(
            Job::new(
                views,
                routes::state(&st.code),
                "state.html",
                &format!("Rotations in {}", st.name),
                &format!("Clinical rotation programs in {}.", st.name),
                crumb.clone(),
            )
            .with("state", st)
            .with("programs", &list)
            .with("hospitals", &hs),
        );
    }

    // FAQ, fees, apply
    let faqs = faq_views(&cat.faqs);
    let faq_ld = jsonld::faq_page(&cat.faqs);
    jobs.push(
        Job::new(
            views,
            routes::faq(),
            "faq.html",
            "Frequently asked questions",
            "Answers to the questions IMGs ask most about our rotations.",
            vec![],
        )
        .with("faqs", &faqs)
        .json_ld(views, faq_ld),
    );
    let bundles: Vec<Fact> = cat
        .fees
        .bundles
        .iter()
        .map(|b| Fact {
            label: b.name.clone(),
            value: format!(
                "{}% off tuition for {} weeks or more",
                b.discount_percent, b.min_weeks
            ),
        })
        .collect();
    let tiers: Vec<Fact> = cat
        .fees
        .refund_tiers
        .iter()
        .map(|(n, t)| Fact {
            label: n.clone(),
            value: t.clone(),
        })
        .collect();
    let price_rows: Vec<(ProgramCard, Vec<CostView>)> = cat
        .programs
        .iter()
        .map(|p| {
            let v = views.program(p);
            (v.card, v.costs)
        })
        .collect();
    let price_rows: Vec<serde_json::Value> = price_rows
        .into_iter()
        .map(|(card, costs)| serde_json::json!({ "program": card, "costs": costs }))
        .collect();
    jobs.push(
        Job::new(
            views,
            routes::fees(),
            "fees.html",
            "Fees and refunds",
            "Tuition, discounts, refund terms and financial aid, in full.",
            vec![],
        )
        .with("bundles", &bundles)
        .with("refund_tiers", &tiers)
        .with(
            "financial_aid",
            &cat.fees.financial_aid.as_ref().map(|m| m.html.clone()),
        )
        .with("prices", &price_rows),
    );
    let open_cards: Vec<&ProgramCard> = cards.iter().filter(|c| c.apply_url.is_some()).collect();
    jobs.push(
        Job::new(
            views,
            routes::apply(),
            "apply.html",
            "How to apply",
            "The steps from application to your first day.",
            vec![],
        )
        .with("steps", &cat.config.apply.steps)
        .with("programs", &open_cards),
    );

    // Pages and posts
    for p in &cat.pages {
        let description = p
            .description
            .clone()
            .unwrap_or_else(|| first_sentences(&p.body.first_paragraph, 160));
        jobs.push(
            Job::new(
                views,
                routes::page(&p.slug),
                "page.html",
                &p.title,
                &description,
                vec![],
            )
            .with("body", &p.body.html),
        );
    }
    if !cat.posts.is_empty() {
        let posts: Vec<PostView> = cat.posts.iter().map(|p| views.post(p)).collect();
        jobs.push(
            Job::new(
                views,
                routes::posts(),
                "posts.html",
                "News",
                "News and announcements.",
                vec![],
            )
            .with("posts", &posts),
        );
        let crumb = vec![Link {
            name: "News".into(),
            url: views.url(&routes::posts()),
        }];
        for (p, view) in cat.posts.iter().zip(&posts) {
            let ld = jsonld::article(views, p);
            let mut job = Job::new(
                views,
                routes::post(&p.slug),
                "post.html",
                &p.title,
                &view.description,
                crumb.clone(),
            )
            .with("post", view)
            .json_ld(views, ld);
            job.meta.og_type = "article".into();
            jobs.push(job);
        }
    }

    // 404
    jobs.push(Job::new(
        views,
        routes::not_found(),
        "404.html",
        "Page not found",
        "This page does not exist.",
        vec![],
    ));
    jobs
}

fn cards_where(
    cards: &[ProgramCard],
    cat: &Catalog,
    keep: impl Fn(&Program) -> bool,
) -> Vec<ProgramCard> {
    cards
        .iter()
        .zip(&cat.programs)
        .filter(|(_, p)| keep(p))
        .map(|(c, _)| c.clone())
        .collect()
}

fn state_views(views: &Views) -> Vec<StateView> {
    let cat = views.catalog;
    STATES
        .iter()
        .filter_map(|(code, name)| {
            let hospital_count = cat.hospitals.iter().filter(|h| h.state == *code).count();
            (hospital_count > 0).then(|| StateView {
                code: code.to_string(),
                name: name.to_string(),
                url: views.url(&routes::state(code)),
                program_count: cat
                    .programs
                    .iter()
                    .filter(|p| cat.hospitals[p.hospital].state == *code)
                    .count(),
                hospital_count,
            })
        })
        .collect()
}
