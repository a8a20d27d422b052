//! The template context: the contract with theme authors (docs/themes.md).
//!
//! Templates get ready-to-print values: formatted money and dates, labels,
//! URLs with the base path, and "Not stated" where an editor left a fact
//! out. They never compute prices or dates themselves. Every type here is
//! plain data built from the model; renaming a field breaks themes.

use serde::Serialize;
use time::Date;

use super::routes;
use crate::model::*;

pub const NOT_STATED: &str = "Not stated";
/// What a program that needs no visa (`visa: not-needed`) says about visas.
pub const NO_VISA_NEEDED: &str = "No visa needed";

/// `site` in every template.
#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// What page links start with: the base path and, on a language's
    /// pages other than the default's, its prefix (`/catalog/es`).
    pub base_path: String,
    /// The base path alone, for files all languages share (the feed).
    pub root_path: String,
    pub language: String,
    /// `rtl` for a language written right to left (Arabic …), else `ltr`.
    pub dir: String,
    pub currency: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub nav: Vec<Link>,
    pub apply_steps: Vec<String>,
    pub build_date: String,
    pub build_date_human: String,
    /// The stylesheet's URL: its fingerprinted name (`style.<hash>.css`).
    pub stylesheet: String,
    /// The catalog script (search, filters, shortlist, compare), fingerprinted.
    pub script: String,
    /// The search index's entry file, versioned; see docs/search-index.md.
    pub search_index: String,
    /// Every asset the theme ships, by its name in the theme (`style.css`)
    /// -> the URL of its fingerprinted file.
    pub assets: std::collections::BTreeMap<String, String>,
    /// The Content-Security-Policy, for `<meta http-equiv>` (docs/security.md).
    pub csp: String,
    /// The scripts' interface strings in the site's language, as JSON for
    /// `<script type="application/json" id="i18n">` (docs/i18n.md).
    pub i18n_json: String,
}

#[derive(Clone, Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
}

/// `page` in every template: what the `<head>` and breadcrumbs need.
#[derive(Serialize)]
pub struct PageMeta {
    /// For `<title>`.
    pub title: String,
    /// The visible `<h1>`.
    pub heading: String,
    pub description: String,
    /// Relative to the host, with the base path: for links.
    pub url: String,
    /// Absolute: for `<link rel=canonical>` and Open Graph.
    pub canonical: String,
    /// Which nav entry is current (its URL), if any.
    pub section: String,
    pub breadcrumbs: Vec<Link>,
    /// JSON-LD, already serialized and safe to put in a `<script>` element.
    pub json_ld: String,
    pub og_type: String,
    /// For `og:image`: the page's picture, when it has one.
    pub image: Option<ImageView>,
    /// This page in each of the site's languages, the default first (for
    /// `hreflang` links and the language switcher); empty when the site has
    /// one language.
    pub alternates: Vec<Alternate>,
    /// False when the page's text has no translation into the page's
    /// language, so the default language's text is shown (with a note).
    pub translated: bool,
    /// The language of the editors' text when it is not the page's (an
    /// untranslated page: `en` on a Spanish page), for a `lang` attribute
    /// on that text; empty otherwise.
    pub text_lang: String,
    /// The name of the language the text is shown in, in that language
    /// ("English"), for the untranslated note; empty when translated.
    pub text_lang_name: String,
}

/// A page in one of the site's languages (`page.alternates`).
#[derive(Clone, Serialize)]
pub struct Alternate {
    /// Its language tag, for `hreflang` and `lang`: `es`.
    pub language: String,
    /// The language's name in that language, from its table's
    /// `language.name`: "Español".
    pub name: String,
    /// The page's URL in that language, relative to the host.
    pub url: String,
    /// The same, absolute, for `<link rel="alternate" hreflang>`.
    pub absolute: String,
    /// Whether it is the page being shown.
    pub current: bool,
}

/// Where a page of the server-rendered program list sits among the others.
#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    /// 1-based positions of the first and last program on this page.
    pub first: usize,
    pub last: usize,
    pub pages: Vec<Link>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// A program as a result card in lists.
#[derive(Clone, Serialize)]
pub struct ProgramCard {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub specialty: Link,
    pub specialty_slug: String,
    pub category: String,
    pub hospital: Link,
    pub hospital_slug: String,
    pub city: String,
    pub state: String,
    pub state_name: String,
    pub kind: String,
    pub kind_label: String,
    pub setting: String,
    pub weeks: String,
    pub lowest_total: String,
    pub price_basis: String,
    pub status: String,
    pub status_label: String,
    pub next_start: String,
    /// The label of `start`: "Next start" here; the script says "Matching
    /// start" when a chosen month picks another one.
    pub start_label: String,
    /// The start the card shows: `next_start` here, the first start in the
    /// chosen months in the browser.
    pub start: String,
    /// `Apply by <date>` for the start shown, empty when it has no deadline.
    pub apply_by: String,
    /// The label of `total`: "Total from" here, "Total, N weeks" in the
    /// browser when a length or cost range is chosen.
    pub total_label: String,
    /// The total the card shows: `lowest_total` here.
    pub total: String,
    /// `12 per start`, or "Not stated".
    pub seats: String,
    pub apply_url: Option<String>,
    pub letter: String,
    pub usmle_step1: String,
    /// Visa at a glance: "No visa needed", the invitation letter, or "Not stated".
    pub visa: String,
    /// The open dated starts for the page's script, which closes those
    /// whose deadline has passed by the visitor's clock: JSON
    /// `[[start, apply by, start as printed, apply by as printed, apply link], …]`
    /// (ISO dates; the link `""` when there is none). `[]` for rolling admission.
    pub sessions_json: String,
    /// `last_verified` is older than the site's `stale_after_days` (or not given).
    pub stale: bool,
    /// A thumbnail: the program's own image, else its hospital's, else its
    /// specialty's.
    pub image: Option<ImageView>,
}

/// `program` on a program page: every decision fact, in order.
#[derive(Serialize)]
pub struct ProgramView {
    pub card: ProgramCard,
    pub kind_explanation: String,
    pub hours_per_week: String,
    pub eligibility: Vec<Fact>,
    pub costs: Vec<CostView>,
    pub application_fee: String,
    pub deposit: String,
    pub not_included: Vec<String>,
    pub refund: String,
    pub refund_tier: Option<String>,
    pub hospital_kind: String,
    pub hospital_address: String,
    pub preceptor: String,
    pub letter: String,
    pub sessions: Vec<SessionView>,
    pub seats: String,
    /// `no` for a program that needs no visa, `yes` when one is needed, `""`
    /// when not stated.
    pub visa_required: String,
    pub visa_accepted: String,
    pub visa_letter: String,
    /// The visa fact in one sentence: "No visa needed", or the visas accepted
    /// and the invitation letter, or "Not stated".
    pub visa_summary: String,
    pub includes: Vec<String>,
    pub requirements: Vec<String>,
    pub faqs: Vec<FaqView>,
    pub last_verified: String,
    pub body: String,
    pub image: Option<ImageView>,
    pub apply_url: Option<String>,
    /// `From $3,500 for 4 weeks (all fees included)`, or "Not stated".
    pub cost_summary: String,
    /// `With housing, about $4,500 for 4 weeks`, when the hospital gives a
    /// housing cost; an estimate, labelled as one by the template.
    pub housing_estimate: Option<String>,
    /// What the housing figure is: `Housing about $250 a week: Shared apartment.`
    pub housing_note: String,
    /// How the deposit is taken, when the editor said.
    pub deposit_method: Option<String>,
    /// `November 1, 2026 (1 month ago)`, or "Not stated".
    pub verified: String,
    /// The last-verified date is older than `stale_after_days` (or missing).
    pub stale: bool,
    /// The next step panel: the next open start, or the program's state.
    pub next_step: NextStepView,
    /// `/programs/<slug>/dates.ics`, with the base path.
    pub calendar_url: String,
    /// `as of December 2, 2026`: the build date the open/closed states hold for.
    pub as_of: String,
    /// How many starts have a dated timeline (the open dated ones).
    pub timeline_count: usize,
}

/// What the next-step panel (a sticky bar on phones, a side panel on wide
/// screens) says.
#[derive(Serialize)]
pub struct NextStepView {
    /// `open`, `waitlist`, `closed` or `none` (no start open).
    pub state: String,
    /// `Next open start` / `Waitlist` / `Closed` / `No open start`.
    pub heading: String,
    /// The start as printed, or why there is none.
    pub start: String,
    /// `Apply by January 2, 2027`, or empty.
    pub apply_by: String,
    pub apply_url: Option<String>,
    /// `Apply` or `Join the waitlist`.
    pub apply_label: String,
}

/// One dated step of a start's money timeline.
#[derive(Serialize)]
pub struct MilestoneView {
    /// `apply-by`, `deposit`, `balance`, `full-refund`, `partial-refund`.
    pub kind: String,
    /// `Apply by`, `Deposit due`, `Balance due`, `Full refund until`, `50% refund until`.
    pub label: String,
    /// ISO date, empty when it has none (the deposit: on acceptance).
    pub date: String,
    /// `January 2, 2027`, or `On acceptance`.
    pub when: String,
    /// What it is about: amounts, the method, "none after".
    pub note: String,
    /// Before the build date.
    pub passed: bool,
}

#[derive(Clone, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

#[derive(Serialize)]
pub struct CostView {
    pub weeks: u32,
    pub tuition: String,
    pub discount_name: Option<String>,
    pub discount_percent: u32,
    pub discount: String,
    pub application: String,
    pub total: String,
}

#[derive(Serialize)]
pub struct SessionView {
    pub date: String,
    pub date_human: String,
    pub deadline_human: String,
    pub open: bool,
    pub state: String,
    pub apply_url: Option<String>,
    /// The deadline as an ISO date, empty when there is none.
    pub deadline: String,
    /// For open dated starts: apply by, deposit, balance and refund dates.
    pub timeline: Vec<MilestoneView>,
}

#[derive(Clone, Serialize)]
pub struct FaqView {
    pub id: String,
    pub question: String,
    pub answer: String,
}

#[derive(Clone, Serialize)]
pub struct ImageView {
    /// With the base path: for `<img src>`.
    pub src: String,
    /// Absolute, from `base_url`: for `og:image`.
    pub absolute: String,
    pub alt: String,
    /// In pixels, read from the file: for `<img width height>`.
    pub width: u32,
    pub height: u32,
}

#[derive(Serialize)]
pub struct SpecialtyView {
    pub slug: String,
    pub url: String,
    pub name: String,
    pub category: String,
    pub summary: String,
    pub body: String,
    pub image: Option<ImageView>,
    pub program_count: usize,
}

#[derive(Serialize)]
pub struct HospitalView {
    pub slug: String,
    pub url: String,
    pub name: String,
    pub city: String,
    pub state: String,
    pub state_name: String,
    pub state_url: String,
    pub kind: String,
    pub facts: Vec<Fact>,
    pub website: Option<String>,
    pub body: String,
    pub image: Option<ImageView>,
    pub program_count: usize,
}

#[derive(Serialize)]
pub struct StateView {
    pub code: String,
    pub name: String,
    pub url: String,
    pub program_count: usize,
    pub hospital_count: usize,
}

#[derive(Serialize)]
pub struct PostView {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub date: String,
    pub date_human: String,
    pub description: String,
    pub body: String,
}

/// Builds views; holds what every view needs.
pub struct Views<'c> {
    pub catalog: &'c Catalog,
}

impl<'c> Views<'c> {
    /// A page of the language being rendered: the base path, the language
    /// prefix (`/es`, none for the default language), the route.
    pub fn url(&self, route: &str) -> String {
        let c = &self.catalog.config;
        format!("{}{}{}", c.base_path, c.lang_prefix, route)
    }

    /// A file every language shares (assets, static files, downloads,
    /// calendars, the feed): the base path and the route, no language prefix.
    pub fn root_url(&self, route: &str) -> String {
        format!("{}{}", self.catalog.config.base_path, route)
    }

    /// [`Views::url`] with the site's origin.
    pub fn absolute(&self, route: &str) -> String {
        format!("{}{}", self.origin(), self.url(route))
    }

    /// [`Views::root_url`] with the site's origin.
    pub fn absolute_root(&self, route: &str) -> String {
        format!("{}{}", self.origin(), self.root_url(route))
    }

    /// `route` in each of the site's languages (none for a site with one).
    pub fn alternates(&self, route: &str) -> Vec<Alternate> {
        let c = &self.catalog.config;
        if !c.is_multilingual() {
            return Vec::new();
        }
        c.languages
            .iter()
            .map(|l| {
                let url = format!("{}{}{}", c.base_path, c.prefix_of(l), route);
                Alternate {
                    language: l.clone(),
                    name: String::new(),
                    absolute: format!("{}{url}", self.origin()),
                    url,
                    current: *l == c.language,
                }
            })
            .collect()
    }

    fn origin(&self) -> &str {
        let c = &self.catalog.config;
        &c.base_url[..c.base_url.len() - c.base_path.len()]
    }

    /// The header's menu: `site.yaml`'s `menu`, else the generated sections
    /// (News when there are posts) and then every free page but
    /// `how-to-apply`, whose text /apply/ shows.
    pub fn menu(&self) -> Vec<Link> {
        use crate::model::config::{DEFAULT_SECTIONS, MenuEntry, SECTIONS};
        let cat = self.catalog;
        let has = |slug: &str| slug != "posts" || !cat.posts.is_empty();
        let page = |slug: &str, title: Option<&String>| -> Option<Link> {
            if let Some((_, name, route)) = SECTIONS.iter().find(|(s, _, _)| *s == slug) {
                return has(slug).then(|| Link {
                    name: title.map_or(name.to_string(), String::clone),
                    url: self.url(route),
                });
            }
            let p = cat.pages.iter().find(|p| p.slug == slug)?;
            Some(Link {
                name: title.unwrap_or(&p.title).clone(),
                url: self.url(&routes::page(&p.slug)),
            })
        };
        match &cat.config.menu {
            Some(entries) => entries
                .iter()
                .filter_map(|e| match e {
                    MenuEntry::Page { slug, title } => page(slug, title.as_ref()),
                    MenuEntry::Link { title, url } => Some(Link {
                        name: title.clone(),
                        url: if url.starts_with('/') {
                            self.url(url)
                        } else {
                            url.clone()
                        },
                    }),
                })
                .collect(),
            None => SECTIONS[..DEFAULT_SECTIONS]
                .iter()
                .filter_map(|(slug, _, _)| page(slug, None))
                .chain(
                    cat.pages
                        .iter()
                        .filter(|p| p.slug != super::pages::HOW_TO_APPLY)
                        .filter_map(|p| page(&p.slug, None)),
                )
                .collect(),
        }
    }

    pub fn money(&self, amount: Cents) -> String {
        let c = &self.catalog.config;
        pricing::format_money(amount, c.currency_symbol, c.currency)
    }

    pub fn card(&self, p: &Program) -> ProgramCard {
        let s = &self.catalog.specialties[p.specialty];
        let h = &self.catalog.hospitals[p.hospital];
        let next = p.next_open();
        let next_start = match (p.status, next) {
            (Status::Closed, _) => "Not accepting applications".to_string(),
            (_, Some(Session { date: None, .. })) => "Rolling admission".to_string(),
            (_, Some(Session { date: Some(d), .. })) => human_date(*d),
            (_, None) => "No open start dates".to_string(),
        };
        let lowest_total = p
            .lowest_total()
            .map_or(NOT_STATED.to_string(), |c| self.money(c));
        ProgramCard {
            slug: p.slug.clone(),
            url: self.url(&routes::program(&p.slug)),
            title: p.title.clone(),
            summary: p
                .summary
                .clone()
                .unwrap_or_else(|| first_sentences(&p.body.first_paragraph, 200)),
            specialty: Link {
                name: s.name.clone(),
                url: self.url(&routes::specialty(&s.slug)),
            },
            specialty_slug: s.slug.clone(),
            category: s.category.label().to_string(),
            hospital: Link {
                name: h.name.clone(),
                url: self.url(&routes::hospital(&h.slug)),
            },
            hospital_slug: h.slug.clone(),
            city: h.city.clone(),
            state: h.state.to_string(),
            state_name: state_name(h.state).to_string(),
            kind: p.kind.slug().to_string(),
            kind_label: p.kind.label().to_string(),
            setting: p.setting.map_or(NOT_STATED, |s| s.label()).to_string(),
            weeks: weeks_label(&p.weeks),
            lowest_total: lowest_total.clone(),
            price_basis: match p.fee.price {
                Price::PerWeek(c) => format!("{} per week", self.money(c)),
                Price::Total(c) => format!("{} fixed price", self.money(c)),
            },
            status: p.status.slug().to_string(),
            status_label: p.status.label().to_string(),
            next_start: next_start.clone(),
            start_label: "Next start".to_string(),
            start: next_start,
            apply_by: next
                .and_then(|s| s.deadline)
                .map_or(String::new(), |d| format!("Apply by {}", human_date(d))),
            total_label: "Total from".to_string(),
            total: lowest_total,
            seats: seats(p.seats),
            apply_url: next.and_then(|s| s.apply_url.clone()),
            letter: p.letter.map_or(NOT_STATED, |l| l.label()).to_string(),
            usmle_step1: p
                .eligibility
                .usmle_step1
                .map_or(NOT_STATED, |r| r.label())
                .to_string(),
            visa: visa_card(&p.visa),
            sessions_json: sessions_json(p),
            stale: self.stale(p),
            image: p
                .image
                .as_ref()
                .or(h.image.as_ref())
                .or(s.image.as_ref())
                .map(|i| self.image(i)),
        }
    }

    /// Whether a program's facts are older than the site's `stale_after_days`.
    pub fn stale(&self, p: &Program) -> bool {
        let days = self.catalog.config.stale_after_days;
        p.last_verified
            .is_none_or(|v| timeline::days_between(v, self.catalog.today) > days)
    }

    pub fn program(&self, p: &Program) -> ProgramView {
        self.program_with_card(p, self.card(p))
    }

    /// The cost table of a program: one row per offered duration.
    pub fn costs(&self, p: &Program) -> Vec<CostView> {
        p.costs
            .iter()
            .map(|c| CostView {
                weeks: c.weeks,
                tuition: self.money(c.tuition),
                discount_name: c.discount.as_ref().map(|d| d.name.clone()),
                discount_percent: c.discount.as_ref().map_or(0, |d| d.percent),
                discount: c
                    .discount
                    .as_ref()
                    .map_or(String::new(), |d| self.money(d.amount)),
                application: self.money(c.application),
                total: self.money(c.total),
            })
            .collect()
    }

    /// [`Views::program`] with its card already made.
    pub fn program_with_card(&self, p: &Program, card: ProgramCard) -> ProgramView {
        let h = &self.catalog.hospitals[p.hospital];
        ProgramView {
            card,
            kind_explanation: p.kind.explanation().to_string(),
            hours_per_week: p
                .hours_per_week
                .map_or(NOT_STATED.to_string(), |h| format!("{h} hours a week")),
            eligibility: eligibility(&p.eligibility),
            costs: self.costs(p),
            application_fee: p.fee.application.map_or("None".to_string(), |c| {
                format!("{} (non-refundable)", self.money(c))
            }),
            deposit: p.fee.deposit.map_or(NOT_STATED.to_string(), |c| {
                format!("{} due on acceptance, part of the total", self.money(c))
            }),
            not_included: p.fee.not_included.iter().map(|i| item_label(i)).collect(),
            refund: match &p.refund {
                Some(Refund::Tier { text, .. }) | Some(Refund::Text(text)) => text.clone(),
                None => NOT_STATED.to_string(),
            },
            refund_tier: match &p.refund {
                Some(Refund::Tier { name, .. }) => Some(tier_label(name)),
                _ => None,
            },
            hospital_kind: h.kind.label().to_string(),
            hospital_address: h
                .address
                .clone()
                .unwrap_or_else(|| format!("{}, {}", h.city, h.state)),
            preceptor: preceptor(p.preceptor.as_ref()),
            letter: p.letter.map_or(NOT_STATED, |l| l.label()).to_string(),
            sessions: self.sessions(p),
            seats: p
                .seats
                .map_or(NOT_STATED.to_string(), |s| format!("{s} per start")),
            visa_required: match p.visa.required {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            }
            .to_string(),
            visa_accepted: match (p.visa.required, p.visa.accepted.is_empty()) {
                (Some(false), _) => NO_VISA_NEEDED.to_string(),
                (_, true) => NOT_STATED.to_string(),
                (_, false) => p.visa.accepted.join(", "),
            },
            visa_letter: match p.visa.required {
                Some(false) => "No invitation letter needed".to_string(),
                _ => visa_letter(p.visa.invitation_letter),
            },
            visa_summary: visa_summary(&p.visa),
            includes: p.includes.iter().map(|i| item_label(i)).collect(),
            requirements: p.requirements.iter().map(|i| item_label(i)).collect(),
            faqs: faq_views(&p.faqs),
            last_verified: p.last_verified.map_or(NOT_STATED.to_string(), human_date),
            body: p.body.html.clone(),
            image: p.image.as_ref().map(|i| self.image(i)),
            apply_url: p.next_open().and_then(|s| s.apply_url.clone()),
            cost_summary: self.cost_summary(p),
            housing_estimate: self.housing(p).map(|(estimate, _)| estimate),
            housing_note: self.housing(p).map_or(String::new(), |(_, note)| note),
            deposit_method: p.deposit_method.clone(),
            verified: self.verified(p),
            stale: self.stale(p),
            next_step: next_step(p),
            calendar_url: self.root_url(&routes::program_calendar(&p.slug)),
            as_of: format!("as of {}", human_date(self.catalog.today)),
            timeline_count: p
                .sessions
                .iter()
                .filter(|s| s.open && s.date.is_some())
                .count(),
        }
    }

    /// `From $3,500 for 4 weeks (all fees included)`: the cheapest length.
    pub fn cost_summary(&self, p: &Program) -> String {
        match p.costs.iter().min_by_key(|c| (c.total, c.weeks)) {
            Some(c) => format!(
                "From {} for {} (all fees included)",
                self.money(c.total),
                weeks_label(&[c.weeks])
            ),
            None => NOT_STATED.to_string(),
        }
    }

    /// The cheapest length's total with the hospital's housing estimate
    /// added, and what that estimate is.
    fn housing(&self, p: &Program) -> Option<(String, String)> {
        let h = self.catalog.hospitals[p.hospital].housing_cost.as_ref()?;
        let c = p.costs.iter().min_by_key(|c| (c.total, c.weeks))?;
        let with = Cents(c.total.0 + h.per_week.0 * i64::from(c.weeks));
        let mut note = format!("Housing about {} a week", self.money(h.per_week));
        if let Some(n) = &h.note {
            note.push_str(": ");
            note.push_str(n.trim_end_matches('.'));
        }
        note.push('.');
        Some((
            format!(
                "With housing, about {} for {}",
                self.money(with),
                weeks_label(&[c.weeks])
            ),
            note,
        ))
    }

    /// `November 1, 2026 (1 month ago)`.
    fn verified(&self, p: &Program) -> String {
        let Some(v) = p.last_verified else {
            return NOT_STATED.to_string();
        };
        let today = self.catalog.today;
        let months = timeline::months_between(v, today);
        let age = match (months, timeline::days_between(v, today)) {
            (_, 0) if v >= today => "today".to_string(),
            (0, 1) => "yesterday".to_string(),
            (0, d) => format!("{d} days ago"),
            (1, _) => "1 month ago".to_string(),
            (m, _) => format!("{m} months ago"),
        };
        let age = if v > today {
            "a date after this build".to_string()
        } else {
            age
        };
        format!("{} ({age})", human_date(v))
    }

    /// A program's start dates, each with what an IMG can do about it and,
    /// for open dated starts, the dated money timeline.
    fn sessions(&self, p: &Program) -> Vec<SessionView> {
        let mut views = sessions(p);
        for (view, s) in views.iter_mut().zip(&p.sessions) {
            view.deadline = s.deadline.map_or(String::new(), |d| d.to_string());
            if let (true, Some(start)) = (s.open, s.date) {
                view.timeline = self.milestones(p, start);
            }
        }
        views
    }

    /// The money timeline of one start, in date order (the deposit, due on
    /// acceptance, right after applying).
    fn milestones(&self, p: &Program, start: Date) -> Vec<MilestoneView> {
        let today = self.catalog.today;
        let t = p.timeline(start);
        let dated = |kind: &str, label: String, d: Date, note: String| MilestoneView {
            kind: kind.into(),
            label,
            date: d.to_string(),
            when: human_date(d),
            note,
            passed: timeline::passed(d, today),
        };
        let mut out = Vec::new();
        if let Some(d) = t.apply_by {
            out.push(dated("apply-by", "Apply by".into(), d, String::new()));
        }
        if let Some(dep) = p.fee.deposit {
            let mut note = format!("{}, part of the total", self.money(dep));
            if let Some(m) = &p.deposit_method {
                note.push_str(". ");
                note.push_str(m.trim_end_matches('.'));
            }
            out.push(MilestoneView {
                kind: "deposit".into(),
                label: "Deposit due".into(),
                date: String::new(),
                when: "On acceptance".into(),
                note,
                passed: false,
            });
        }
        let mut later = Vec::new();
        if let Some(d) = t.balance_due {
            let note = if p.fee.deposit.is_some() {
                "The total less the deposit"
            } else {
                "The total"
            };
            later.push(dated("balance", "Balance due".into(), d, note.into()));
        }
        if let Some(d) = t.full_refund_until {
            later.push(dated(
                "full-refund",
                "Full refund until".into(),
                d,
                if p.fee.application.is_some() {
                    "Cancel by this day to get back what you paid but the application fee".into()
                } else {
                    "Cancel by this day to get back what you paid".into()
                },
            ));
        }
        let last_partial = t.partial_refunds.last().map(|(_, d)| *d);
        for (pct, d) in &t.partial_refunds {
            let note = if Some(*d) == last_partial {
                "No refund after this day".to_string()
            } else {
                String::new()
            };
            later.push(dated(
                "partial-refund",
                format!("{pct}% refund until"),
                *d,
                note,
            ));
        }
        later.sort_by(|a, b| a.date.cmp(&b.date));
        out.extend(later);
        out
    }

    pub fn image(&self, i: &Image) -> ImageView {
        ImageView {
            src: self.root_url(&i.src),
            absolute: self.absolute_root(&i.src),
            alt: i.alt.clone(),
            width: i.width,
            height: i.height,
        }
    }

    pub fn specialty(&self, s: &Specialty, program_count: usize) -> SpecialtyView {
        SpecialtyView {
            slug: s.slug.clone(),
            url: self.url(&routes::specialty(&s.slug)),
            name: s.name.clone(),
            category: s.category.label().to_string(),
            summary: s.summary.clone(),
            body: s.body.html.clone(),
            image: s.image.as_ref().map(|i| self.image(i)),
            program_count,
        }
    }

    pub fn hospital(&self, h: &Hospital, program_count: usize) -> HospitalView {
        let yes_no = |b: Option<bool>, yes: &str, no: &str| match b {
            Some(true) => yes.to_string(),
            Some(false) => no.to_string(),
            None => NOT_STATED.to_string(),
        };
        HospitalView {
            slug: h.slug.clone(),
            url: self.url(&routes::hospital(&h.slug)),
            name: h.name.clone(),
            city: h.city.clone(),
            state: h.state.to_string(),
            state_name: state_name(h.state).to_string(),
            state_url: self.url(&routes::state(h.state)),
            kind: h.kind.label().to_string(),
            facts: vec![
                Fact {
                    label: "Type".into(),
                    value: h.kind.label().into(),
                },
                Fact {
                    label: "Address".into(),
                    value: h
                        .address
                        .clone()
                        .unwrap_or_else(|| format!("{}, {}", h.city, h.state)),
                },
                Fact {
                    label: "Residency programs".into(),
                    value: yes_no(
                        h.residency_affiliated,
                        "Hosts ACGME-accredited residency programs",
                        "No residency programs",
                    ),
                },
                Fact {
                    label: "Beds".into(),
                    value: h.beds.map_or(NOT_STATED.to_string(), |b| b.to_string()),
                },
                Fact {
                    label: "Housing".into(),
                    value: yes_no(h.housing, "Available or arranged nearby", "Not arranged"),
                },
            ],
            website: h.website.clone(),
            body: h.body.html.clone(),
            image: h.image.as_ref().map(|i| self.image(i)),
            program_count,
        }
    }

    pub fn post(&self, p: &Post) -> PostView {
        PostView {
            slug: p.slug.clone(),
            url: self.url(&routes::post(&p.slug)),
            title: p.title.clone(),
            date: p.date.to_string(),
            date_human: human_date(p.date),
            description: p
                .description
                .clone()
                .unwrap_or_else(|| first_sentences(&p.body.first_paragraph, 200)),
            body: p.body.html.clone(),
        }
    }
}

/// A program's eligibility, one fact per requirement.
fn eligibility(e: &Eligibility) -> Vec<Fact> {
    let req = |r: Option<Requirement>| r.map_or(NOT_STATED, |r| r.label()).to_string();
    vec![
        Fact {
            label: "USMLE Step 1".into(),
            value: req(e.usmle_step1),
        },
        Fact {
            label: "USMLE Step 2 CK".into(),
            value: req(e.usmle_step2ck),
        },
        Fact {
            label: "ECFMG certification".into(),
            value: req(e.ecfmg_certified),
        },
        Fact {
            label: "Graduates".into(),
            value: match (e.graduates, e.max_years_since_graduation) {
                (Some(true), Some(y)) => format!("Accepted, up to {y} years after graduation"),
                (Some(true), None) => "Accepted".into(),
                (Some(false), _) => "Students only".into(),
                (None, _) => NOT_STATED.into(),
            },
        },
    ]
}

/// A program's start dates, each with what an IMG can do about it.
fn sessions(p: &Program) -> Vec<SessionView> {
    p.sessions
        .iter()
        .map(|s| SessionView {
            date: s.date.map_or("rolling".into(), |d| d.to_string()),
            date_human: s.date.map_or("Rolling admission".into(), human_date),
            deadline_human: s.deadline.map_or(String::new(), human_date),
            open: s.open,
            state: match (p.status, s.open, s.deadline) {
                (Status::Closed, _, _) => "Closed".into(),
                (Status::Waitlist, true, Some(dl)) => {
                    format!("Waitlist — apply by {}", human_date(dl))
                }
                (Status::Waitlist, true, None) => "Waitlist".into(),
                (_, true, Some(dl)) => format!("Open — apply by {}", human_date(dl)),
                (_, true, None) => "Open".into(),
                (_, false, _) => "Applications closed".into(),
            },
            apply_url: s.apply_url.clone(),
            deadline: String::new(),
            timeline: Vec::new(),
        })
        .collect()
}

/// The panel with the next step: the next open start and its Apply link,
/// or the program's state.
fn next_step(p: &Program) -> NextStepView {
    let waitlist = p.status == Status::Waitlist;
    let apply_label = if waitlist {
        "Join the waitlist"
    } else {
        "Apply"
    }
    .to_string();
    let (state, heading, start, apply_by) = match (p.status, p.next_open()) {
        (Status::Closed, _) => (
            "closed",
            "Closed",
            "Not accepting applications".to_string(),
            String::new(),
        ),
        (_, None) => (
            "none",
            "No open start",
            "No start date is open for applications right now".to_string(),
            String::new(),
        ),
        (_, Some(s)) => (
            if waitlist { "waitlist" } else { "open" },
            if waitlist {
                "Waitlist: next start"
            } else {
                "Next open start"
            },
            s.date.map_or("Rolling admission".to_string(), human_date),
            s.deadline
                .map_or(String::new(), |d| format!("Apply by {}", human_date(d))),
        ),
    };
    NextStepView {
        state: state.into(),
        heading: heading.into(),
        start,
        apply_by,
        apply_url: p.next_open().and_then(|s| s.apply_url.clone()),
        apply_label,
    }
}

/// [`ProgramCard::sessions_json`].
fn sessions_json(p: &Program) -> String {
    let rows: Vec<serde_json::Value> = p
        .sessions
        .iter()
        .filter(|s| s.open)
        .filter_map(|s| {
            let (d, dl) = (s.date?, s.deadline?);
            Some(serde_json::json!([
                d.to_string(),
                dl.to_string(),
                human_date(d),
                human_date(dl),
                s.apply_url.clone().unwrap_or_default()
            ]))
        })
        .collect();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into())
}

/// The preceptor: name, role, and whether board certified.
fn preceptor(preceptor: Option<&Preceptor>) -> String {
    match preceptor {
        None => NOT_STATED.to_string(),
        Some(pr) => {
            let mut s = pr.name.clone();
            if let Some(role) = &pr.role {
                s.push_str(&format!(", {role}"));
            }
            if pr.board_certified == Some(true) {
                s.push_str(" (board certified)");
            }
            s
        }
    }
}

pub fn faq_views(faqs: &[Faq]) -> Vec<FaqView> {
    let mut used = std::collections::HashSet::new();
    faqs.iter()
        .map(|f| {
            let base = crate::markdown::slugify(&f.question);
            let mut id = base.clone();
            let mut n = 1;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            FaqView {
                id,
                question: f.question.clone(),
                answer: f.answer.html.clone(),
            }
        })
        .collect()
}

/// A card's visa fact: whether one is needed, else the invitation letter.
fn visa_card(v: &Visa) -> String {
    match v.required {
        Some(false) => NO_VISA_NEEDED.into(),
        _ => visa_letter(v.invitation_letter),
    }
}

/// The visa fact of a program page and /compare/, in one sentence; "Not
/// stated" only when the editor gave none of it.
fn visa_summary(v: &Visa) -> String {
    if v.required == Some(false) {
        return format!("{NO_VISA_NEEDED}.");
    }
    if v.required.is_none() && v.accepted.is_empty() && v.invitation_letter.is_none() {
        return NOT_STATED.into();
    }
    let mut s = String::new();
    if v.required == Some(true) {
        s.push_str("A visa is needed. ");
    }
    s.push_str("Accepted: ");
    s.push_str(&if v.accepted.is_empty() {
        NOT_STATED.to_string()
    } else {
        v.accepted.join(", ")
    });
    s.push_str(". ");
    s.push_str(&visa_letter(v.invitation_letter));
    s.push('.');
    s
}

fn visa_letter(b: Option<bool>) -> String {
    match b {
        Some(true) => "Invitation letter provided".into(),
        Some(false) => "No invitation letter".into(),
        None => NOT_STATED.into(),
    }
}

/// `12 per start`, or "Not stated".
/// A refund tier's name as visitors read it: `non-refundable` → "Non-refundable".
pub fn tier_label(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn seats(seats: Option<u32>) -> String {
    seats.map_or(NOT_STATED.to_string(), |s| format!("{s} per start"))
}

/// `4, 8 or 12 weeks`.
pub fn weeks_label(weeks: &[u32]) -> String {
    match weeks {
        [] => NOT_STATED.to_string(),
        [one] => format!("{one} week{}", if *one == 1 { "" } else { "s" }),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(u32::to_string).collect();
            format!("{} or {last} weeks", init.join(", "))
        }
    }
}

/// `January 4, 2027`.
pub fn human_date(d: Date) -> String {
    format!("{} {}, {}", d.month(), d.day(), d.year())
}

/// The start of a text, cut at a sentence or word boundary near `max` characters.
pub fn first_sentences(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    if let Some(i) = cut.rfind(". ") {
        return cut[..=i].to_string();
    }
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(weeks_label(&[4]), "4 weeks");
        assert_eq!(weeks_label(&[4, 8, 12]), "4, 8 or 12 weeks");
        assert_eq!(
            human_date(Date::from_calendar_date(2027, time::Month::January, 4).unwrap()),
            "January 4, 2027"
        );
        assert_eq!(first_sentences("One. Two three four.", 10), "One.");
        assert_eq!(tier_label("non-refundable"), "Non-refundable");
        assert_eq!(tier_label("standard"), "Standard");
    }
}
