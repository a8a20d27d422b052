//! Every page of a site as a small [`PageId`], and the work shared by many
//! pages ([`Shared`]: cards, listings, views) computed once. A page's
//! context is built only when that page renders, in parallel, so memory
//! stays flat however many programs there are.

use std::collections::BTreeMap;

use rayon::prelude::*;

mod fees;

use super::context::*;
use super::{Job, PROGRAMS_PER_PAGE, jsonld, routes, search};
use crate::model::i18n::Strings;
use crate::model::{Catalog, Program, STATES, Status};

/// The free page whose text /apply/ shows (content/pages/how-to-apply.md).
pub const HOW_TO_APPLY: &str = "how-to-apply";

/// Open programs listed on /apply/, soonest first; the rest are a filter away.
const APPLY_LIST: usize = 24;

/// One page to render. Indexes point into the catalog's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageId {
    Home,
    /// Page `n` (from 1) of the program list.
    Programs(usize),
    Compare,
    Program(usize),
    Specialties,
    Specialty(usize),
    Hospitals,
    Hospital(usize),
    States,
    /// Index into the states that have hospitals, in `STATES` order.
    State(usize),
    Faq,
    Fees,
    Apply,
    Page(usize),
    Posts,
    Post(usize),
    NotFound,
}

/// What many pages use, computed once per build.
pub struct Shared<'c> {
    pub views: Views<'c>,
    /// `cards[i]` is the card of `catalog.programs[i]`.
    pub cards: Vec<ProgramCard>,
    /// `card_html[i]`: the card of `catalog.programs[i]` rendered with the
    /// theme's `card.html`, once, for every listing it appears in.
    pub card_html: Vec<String>,
    /// Program indexes in the default order (soonest open start).
    pub order: Vec<usize>,
    specialties: Vec<SpecialtyView>,
    hospitals: Vec<HospitalView>,
    states: Vec<StateView>,
    /// Program indexes, in the default order, per specialty / hospital / state.
    by_specialty: Vec<Vec<usize>>,
    by_hospital: Vec<Vec<usize>>,
    by_state: Vec<Vec<usize>>,
    open_count: usize,
    posts: Vec<PostView>,
}

impl<'c> Shared<'c> {
    pub fn new(catalog: &'c Catalog, strings: &'c Strings) -> Shared<'c> {
        let views = Views::new(catalog, strings);
        let cards: Vec<ProgramCard> = catalog.programs.par_iter().map(|p| views.card(p)).collect();
        let order = search::soonest_order(catalog);
        let mut by_specialty = vec![Vec::new(); catalog.specialties.len()];
        let mut by_hospital = vec![Vec::new(); catalog.hospitals.len()];
        let state_codes: Vec<&str> = STATES
            .iter()
            .map(|(code, _)| *code)
            .filter(|code| catalog.hospitals.iter().any(|h| h.state == *code))
            .collect();
        let state_of: BTreeMap<&str, usize> = state_codes
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i))
            .collect();
        let mut by_state = vec![Vec::new(); state_codes.len()];
        for &i in &order {
            let p = &catalog.programs[i];
            by_specialty[p.specialty.0].push(i);
            by_hospital[p.hospital.0].push(i);
            by_state[state_of[catalog.hospitals[p.hospital].state]].push(i);
        }
        let specialties = catalog
            .specialties
            .iter()
            .zip(&by_specialty)
            .map(|(s, list)| views.specialty(s, list.len()))
            .collect();
        let hospitals = catalog
            .hospitals
            .iter()
            .zip(&by_hospital)
            .map(|(h, list)| views.hospital(h, list.len()))
            .collect();
        let states = state_codes
            .iter()
            .zip(&by_state)
            .map(|(code, list)| StateView {
                code: code.to_string(),
                name: crate::model::state_name(code).to_string(),
                url: views.url(&routes::state(code)),
                program_count: list.len(),
                hospital_count: catalog
                    .hospitals
                    .iter()
                    .filter(|h| h.state == *code)
                    .count(),
            })
            .collect();
        let open_count = catalog
            .programs
            .iter()
            // A waitlisted program takes names for its waitlist, not applications.
            .filter(|p| p.status == Status::Open && p.next_open().is_some())
            .count();
        let posts = catalog.posts.iter().map(|p| views.post(p)).collect();
        Shared {
            views,
            cards,
            card_html: Vec::new(),
            order,
            specialties,
            hospitals,
            states,
            by_specialty,
            by_hospital,
            by_state,
            open_count,
            posts,
        }
    }

    /// Every page of the site, in a fixed order.
    pub fn pages(&self) -> Vec<PageId> {
        let cat = self.views.catalog;
        let mut pages = vec![PageId::Home];
        pages.extend((1..=self.list_pages()).map(PageId::Programs));
        pages.push(PageId::Compare);
        pages.extend((0..cat.programs.len()).map(PageId::Program));
        pages.push(PageId::Specialties);
        pages.extend((0..cat.specialties.len()).map(PageId::Specialty));
        pages.push(PageId::Hospitals);
        pages.extend((0..cat.hospitals.len()).map(PageId::Hospital));
        pages.push(PageId::States);
        pages.extend((0..self.states.len()).map(PageId::State));
        pages.extend([PageId::Faq, PageId::Fees, PageId::Apply]);
        pages.extend((0..cat.pages.len()).map(PageId::Page));
        if !cat.posts.is_empty() {
            pages.push(PageId::Posts);
            pages.extend((0..cat.posts.len()).map(PageId::Post));
        }
        pages.push(PageId::NotFound);
        pages
    }

    fn list_pages(&self) -> usize {
        self.order.len().div_ceil(PROGRAMS_PER_PAGE).max(1)
    }

    fn cards_of(&self, ids: &[usize]) -> Vec<&str> {
        ids.iter().map(|&i| self.card_html[i].as_str()).collect()
    }

    /// The ItemList JSON-LD of a listing showing `ids` (the whole list when
    /// `total` is their number).
    fn item_list(
        &self,
        name: &str,
        ids: &[usize],
        first: usize,
        total: usize,
    ) -> serde_json::Value {
        let programs: Vec<&Program> = ids
            .iter()
            .map(|&i| &self.views.catalog.programs[i])
            .collect();
        jsonld::item_list(&self.views, name, &programs, first, total)
    }

    /// A breadcrumb to the generated section `slug` (`programs`).
    fn crumb(&self, slug: &str, route: &str) -> Vec<Link> {
        vec![Link {
            name: self.views.section(slug),
            url: self.views.url(route),
        }]
    }

    /// The route of a page, without making its context.
    pub fn route(&self, page: PageId) -> String {
        let cat = self.views.catalog;
        match page {
            PageId::Home => routes::home(),
            PageId::Programs(n) => routes::programs_page(n),
            PageId::Compare => routes::compare(),
            PageId::Program(i) => routes::program(&cat.programs[i].slug),
            PageId::Specialties => routes::specialties(),
            PageId::Specialty(i) => routes::specialty(&cat.specialties[i].slug),
            PageId::Hospitals => routes::hospitals(),
            PageId::Hospital(i) => routes::hospital(&cat.hospitals[i].slug),
            PageId::States => routes::states(),
            PageId::State(i) => routes::state(&self.states[i].code),
            PageId::Faq => routes::faq(),
            PageId::Fees => routes::fees(),
            PageId::Apply => routes::apply(),
            PageId::Page(i) => routes::page(&cat.pages[i].slug),
            PageId::Posts => routes::posts(),
            PageId::Post(i) => routes::post(&cat.posts[i].slug),
            PageId::NotFound => routes::not_found(),
        }
    }

    /// The route, template and context of one page.
    pub fn job(&self, page: PageId) -> Job {
        match page {
            PageId::Home => self.home(),
            PageId::Programs(n) => self.programs(n),
            PageId::Compare => self.compare(),
            PageId::Program(i) => {
                let p = &self.views.catalog.programs[i];
                program_job(&self.views, p, self.cards[i].clone())
            }
            PageId::Specialties => self.specialties(),
            PageId::Specialty(i) => self.specialty(i),
            PageId::Hospitals => self.hospitals(),
            PageId::Hospital(i) => self.hospital(i),
            PageId::States => self.states(),
            PageId::State(i) => self.state(i),
            PageId::Faq => self.faq(),
            PageId::Fees => self.fees(),
            PageId::Apply => self.apply(),
            PageId::Page(i) => self.page(i),
            PageId::Posts => self.posts(),
            PageId::Post(i) => self.post(i),
            PageId::NotFound => self.not_found(),
        }
    }

    fn home(&self) -> Job {
        let views = &self.views;
        let cat = views.catalog;
        let title = cat
            .home
            .title
            .clone()
            .unwrap_or_else(|| cat.config.title.clone());
        let description = cat
            .home
            .description
            .clone()
            .or_else(|| cat.config.description.clone())
            .unwrap_or_else(|| first_sentences(&cat.home.body.first_paragraph, 160));
        let soonest: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|&i| cat.programs[i].next_open().is_some())
            .take(6)
            .collect();
        Job::new(
            views,
            routes::home(),
            "index.html",
            &title,
            &description,
            vec![],
        )
        .with("body", &cat.home.body.html)
        .with("cards", &self.cards_of(&soonest))
        .with("specialties", &self.specialties)
        .with("program_count", &cat.programs.len())
        .with("open_count", &self.open_count)
        .with("hospital_count", &cat.hospitals.len())
        .with("state_count", &self.states.len())
        .json_ld(views, jsonld::organization(views))
    }

    /// Page `n` (from 1) of the program list.
    fn programs(&self, n: usize) -> Job {
        let views = &self.views;
        let count = self.list_pages();
        let first = (n - 1) * PROGRAMS_PER_PAGE;
        let ids = &self.order
            [first.min(self.order.len())..(first + PROGRAMS_PER_PAGE).min(self.order.len())];
        let links: Vec<Link> = (1..=count)
            .map(|k| Link {
                name: k.to_string(),
                url: views.url(&routes::programs_page(k)),
            })
            .collect();
        let heading = if n == 1 {
            views.label("page.programs")
        } else {
            views.t(
                "page.programs_n",
                Some(n as i64),
                &[("count", &count.to_string())],
            )
        };
        let crumbs = if n == 1 {
            vec![]
        } else {
            self.crumb("programs", &routes::programs())
        };
        Job::new(
            views,
            routes::programs_page(n),
            "programs.html",
            &heading,
            &views.t("page.programs_about", Some(self.cards.len() as i64), &[]),
            crumbs,
        )
        .with("cards", &self.cards_of(ids))
        .with("program_count", &self.cards.len())
        .with(
            "pagination",
            &Pagination {
                current: n,
                first: first + 1,
                last: first + ids.len(),
                previous: (n > 1).then(|| links[n - 2].url.clone()),
                next: (n < count).then(|| links[n].url.clone()),
                pages: links,
            },
        )
        .with("specialties", &self.specialties)
        .with("states", &self.states)
        .with("data_json", &views.root_url(&routes::data_json()))
        .with("data_csv", &views.root_url(&routes::data_csv()))
        .json_ld_all(views, {
            let mut extra = vec![self.item_list(&heading, ids, first + 1, self.order.len())];
            if n == 1 {
                extra.push(jsonld::dataset(views));
            }
            extra
        })
    }

    fn compare(&self) -> Job {
        Job::new(
            &self.views,
            routes::compare(),
            "compare.html",
            &self.views.label("page.compare"),
            &self.views.label("page.compare_about"),
            self.crumb("programs", &routes::programs()),
        )
    }

    fn specialties(&self) -> Job {
        Job::new(
            &self.views,
            routes::specialties(),
            "specialties.html",
            &self.views.label("page.specialties"),
            &self.views.label("page.specialties_about"),
            vec![],
        )
        .with("specialties", &self.specialties)
    }

    fn specialty(&self, i: usize) -> Job {
        let s = &self.views.catalog.specialties[i];
        Job::new(
            &self.views,
            routes::specialty(&s.slug),
            "specialty.html",
            &s.name,
            &s.summary,
            self.crumb("specialties", &routes::specialties()),
        )
        .with("specialty", &self.specialties[i])
        .with("cards", &self.cards_of(&self.by_specialty[i]))
        .json_ld(&self.views, {
            let list = &self.by_specialty[i];
            self.item_list(&s.name, list, 1, list.len())
        })
        .image(self.specialties[i].image.clone())
    }

    fn hospitals(&self) -> Job {
        Job::new(
            &self.views,
            routes::hospitals(),
            "hospitals.html",
            &self.views.label("page.hospitals"),
            &self.views.label("page.hospitals_about"),
            vec![],
        )
        .with("hospitals", &self.hospitals)
        .with("states", &self.states)
    }

    fn hospital(&self, i: usize) -> Job {
        let views = &self.views;
        let h = &views.catalog.hospitals[i];
        Job::new(
            views,
            routes::hospital(&h.slug),
            "hospital.html",
            &h.name,
            &views.t(
                "page.hospital_about",
                None,
                &[
                    ("kind", &self.hospitals[i].kind),
                    ("city", &h.city),
                    ("state", h.state),
                ],
            ),
            self.crumb("hospitals", &routes::hospitals()),
        )
        .with("hospital", &self.hospitals[i])
        .with("cards", &self.cards_of(&self.by_hospital[i]))
        .json_ld_all(views, {
            let list = &self.by_hospital[i];
            vec![
                jsonld::hospital(views, h),
                self.item_list(&h.name, list, 1, list.len()),
            ]
        })
        .image(self.hospitals[i].image.clone())
    }

    fn states(&self) -> Job {
        Job::new(
            &self.views,
            routes::states(),
            "states.html",
            &self.views.label("page.states"),
            &self.views.label("page.states_about"),
            vec![],
        )
        .with("states", &self.states)
    }

    fn state(&self, i: usize) -> Job {
        let st = &self.states[i];
        let hospitals: Vec<&HospitalView> = self
            .hospitals
            .iter()
            .filter(|h| h.state == st.code)
            .collect();
        let heading = self.views.t("page.state", None, &[("name", &st.name)]);
        Job::new(
            &self.views,
            routes::state(&st.code),
            "state.html",
            &heading,
            &self
                .views
                .t("page.state_about", None, &[("name", &st.name)]),
            self.crumb("states", &routes::states()),
        )
        .with("state", st)
        .with("cards", &self.cards_of(&self.by_state[i]))
        .with("hospitals", &hospitals)
        .json_ld(&self.views, {
            let list = &self.by_state[i];
            self.item_list(&heading, list, 1, list.len())
        })
    }

    fn faq(&self) -> Job {
        let views = &self.views;
        let faqs = &views.catalog.faqs;
        Job::new(
            views,
            routes::faq(),
            "faq.html",
            &views.label("page.faq"),
            &views.label("page.faq_about"),
            vec![],
        )
        .with("faqs", &faq_views(faqs))
        .json_ld(views, jsonld::faq_page(faqs))
    }

    fn apply(&self) -> Job {
        let cat = self.views.catalog;
        let with_link = |status: Status| -> Vec<usize> {
            self.order
                .iter()
                .copied()
                .filter(|&i| cat.programs[i].status == status && self.cards[i].apply_url.is_some())
                .collect()
        };
        // Waitlisted programs are not "accepting applications"; they are counted apart.
        let open = with_link(Status::Open);
        let open_count = open.len();
        let waitlist_count = with_link(Status::Waitlist).len();
        let soonest = self.cards_of(&open[..open.len().min(APPLY_LIST)]);
        // The provider's own how-to-apply page, when there is one, opens /apply/.
        let own = cat.pages.iter().find(|p| p.slug == HOW_TO_APPLY);
        let description = own
            .and_then(|p| p.description.clone())
            .unwrap_or_else(|| self.views.label("page.apply_about"));
        Job::new(
            &self.views,
            routes::apply(),
            "apply.html",
            &self.views.label("page.apply"),
            &description,
            vec![],
        )
        .with("body", own.map_or("", |p| p.body.html.as_str()))
        .with("steps", &cat.config.apply.steps)
        .with("cards", &soonest)
        .with("open_count", &open_count)
        .with("waitlist_count", &waitlist_count)
    }

    fn page(&self, i: usize) -> Job {
        let p = &self.views.catalog.pages[i];
        let description = p
            .description
            .clone()
            .unwrap_or_else(|| first_sentences(&p.body.first_paragraph, 160));
        Job::new(
            &self.views,
            routes::page(&p.slug),
            "page.html",
            &p.title,
            &description,
            vec![],
        )
        .with("body", &p.body.html)
    }

    fn posts(&self) -> Job {
        Job::new(
            &self.views,
            routes::posts(),
            "posts.html",
            &self.views.label("page.posts"),
            &self.views.label("page.posts_about"),
            vec![],
        )
        .with("posts", &self.posts)
    }

    fn post(&self, i: usize) -> Job {
        let views = &self.views;
        let (p, view) = (&views.catalog.posts[i], &self.posts[i]);
        let mut job = Job::new(
            views,
            routes::post(&p.slug),
            "post.html",
            &p.title,
            &view.description,
            self.crumb("posts", &routes::posts()),
        )
        .with("post", view)
        .json_ld(views, jsonld::article(views, p));
        job.meta.og_type = "article".into();
        job
    }

    fn not_found(&self) -> Job {
        Job::new(
            &self.views,
            routes::not_found(),
            "404.html",
            &self.views.label("page.not_found"),
            &self.views.label("page.not_found_about"),
            vec![],
        )
    }
}

/// One program's page; `card` is its card. Also rendered on its own, by
/// `serve`, when only that program changed.
pub fn program_job(views: &Views, p: &Program, card: ProgramCard) -> Job {
    let image = card.image.clone();
    let view = views.program_with_card(p, card);
    let description = views.t(
        "page.program_about",
        None,
        &[
            ("kind", &view.card.kind_label),
            ("hospital", &view.card.hospital.name),
            ("state", &view.card.state),
            ("specialty", &view.card.specialty.name),
            ("weeks", &view.card.weeks),
            ("total", &view.card.lowest_total),
        ],
    );
    let mut job = Job::new(
        views,
        routes::program(&p.slug),
        "program.html",
        &p.title,
        &description,
        vec![Link {
            name: views.section("programs"),
            url: views.url(&routes::programs()),
        }],
    )
    .with("program", &view)
    .json_ld(views, jsonld::program(views, p))
    .image(image);
    job.meta.og_type = "article".into();
    job
}
