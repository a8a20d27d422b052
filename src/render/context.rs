//! The template context: the contract with theme authors (docs/themes.md).
//!
//! Templates get ready-to-print values: formatted money and dates, labels,
//! URLs with the base path, and "Not stated" where an editor left a fact
//! out. They never compute prices or dates themselves. Every type here is
//! plain data built from the model; renaming a field breaks themes.

use serde::Serialize;
use time::Date;

use super::routes;
use crate::model::i18n::Strings;
use crate::model::locale::{self, Locale};
use crate::model::*;

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

/// Builds views; holds what every view needs: the catalog, and the
/// interface strings of the pages' language, through which every label the
/// views make is looked up ([`Views::t`]).
pub struct Views<'c> {
    pub catalog: &'c Catalog,
    /// The pages' strings: their `language` is the catalog's
    /// `config.language`.
    pub strings: &'c Strings,
}

impl<'c> Views<'c> {
    pub fn new(catalog: &'c Catalog, strings: &'c Strings) -> Views<'c> {
        Views { catalog, strings }
    }

    /// The one way the views look a string up: the text of `key` in the
    /// pages' language (English when its table lacks it), the plural form
    /// for `n`, `{name}` placeholders filled from `args` (docs/i18n.md).
    pub fn t(&self, key: &str, n: Option<i64>, args: &[(&str, &str)]) -> String {
        self.strings.text(&self.strings.language, key, n, args)
    }

    /// [`Views::t`] of a key with no count and no placeholders.
    pub fn label(&self, key: &str) -> String {
        self.t(key, None, &[])
    }

    /// The label of a closed vocabulary's value: `vocab.<name>.<slug>`
    /// (`vocab.kind.hands-on`); the names are [`crate::model::vocab::LABEL_KEYS`]'.
    pub fn vocab(&self, name: &str, slug: &str) -> String {
        self.label(&format!("vocab.{name}.{slug}"))
    }

    /// "Not stated": what a view says for a fact the editor left out.
    pub fn not_stated(&self) -> String {
        self.label("label.not_stated")
    }

    /// How the pages' language writes dates and money.
    pub fn locale(&self) -> &'static Locale {
        locale::locale(&self.catalog.config.language)
    }

    /// `February 1, 2027`, `1 de febrero de 2027`.
    pub fn date(&self, d: Date) -> String {
        self.locale().date(d)
    }

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
    /// `how-to-apply`, whose text /apply/ shows. A section's name is
    /// `nav.<slug>` in the pages' language.
    pub fn menu(&self) -> Vec<Link> {
        use crate::model::config::{DEFAULT_SECTIONS, MenuEntry, SECTIONS};
        let cat = self.catalog;
        let has = |slug: &str| slug != "posts" || !cat.posts.is_empty();
        let page = |slug: &str, title: Option<&String>| -> Option<Link> {
            if let Some((_, _, route)) = SECTIONS.iter().find(|(s, _, _)| *s == slug) {
                return has(slug).then(|| Link {
                    name: title.map_or_else(|| self.section(slug), String::clone),
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

    /// A generated section's name (`programs` -> "Programs"): `nav.<slug>`.
    pub fn section(&self, slug: &str) -> String {
        self.label(&format!("nav.{slug}"))
    }

    /// An amount in the site's currency, as the pages' language writes it.
    pub fn money(&self, amount: Cents) -> String {
        self.locale().money(amount, self.catalog.config.currency)
    }

    pub fn card(&self, p: &Program) -> ProgramCard {
        let s = &self.catalog.specialties[p.specialty];
        let h = &self.catalog.hospitals[p.hospital];
        let next = p.next_open();
        let next_start = match (p.status, next) {
            (Status::Closed, _) => self.label("label.not_accepting"),
            (_, Some(Session { date: None, .. })) => self.label("label.rolling"),
            (_, Some(Session { date: Some(d), .. })) => self.date(*d),
            (_, None) => self.label("label.no_open_dates"),
        };
        let lowest_total = p
            .lowest_total()
            .map_or_else(|| self.not_stated(), |c| self.money(c));
        let money = |key: &str, c: Cents| self.t(key, None, &[("money", &self.money(c))]);
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
            category: self.vocab("category", s.category.slug()),
            hospital: Link {
                name: h.name.clone(),
                url: self.url(&routes::hospital(&h.slug)),
            },
            hospital_slug: h.slug.clone(),
            city: h.city.clone(),
            state: h.state.to_string(),
            state_name: state_name(h.state).to_string(),
            kind: p.kind.slug().to_string(),
            kind_label: self.vocab("kind", p.kind.slug()),
            setting: p
                .setting
                .map_or_else(|| self.not_stated(), |s| self.vocab("setting", s.slug())),
            weeks: self.weeks_label(&p.weeks),
            lowest_total: lowest_total.clone(),
            price_basis: match p.fee.price {
                Price::PerWeek(c) => money("label.per_week", c),
                Price::Total(c) => money("label.fixed_price", c),
            },
            status: p.status.slug().to_string(),
            status_label: self.vocab("status", p.status.slug()),
            next_start: next_start.clone(),
            start_label: self.label("label.next_start"),
            start: next_start,
            apply_by: next
                .and_then(|s| s.deadline)
                .map_or(String::new(), |d| self.apply_by(d)),
            total_label: self.label("label.total_from"),
            total: lowest_total,
            seats: self.seats(p.seats),
            apply_url: next.and_then(|s| s.apply_url.clone()),
            letter: p
                .letter
                .map_or_else(|| self.not_stated(), |l| self.vocab("letter", l.slug())),
            usmle_step1: self.requirement(p.eligibility.usmle_step1),
            visa: self.visa_card(&p.visa),
            sessions_json: self.sessions_json(p),
            stale: self.stale(p),
            image: p
                .image
                .as_ref()
                .or(h.image.as_ref())
                .or(s.image.as_ref())
                .map(|i| self.image(i)),
        }
    }

    /// `Apply by January 2, 2027`.
    fn apply_by(&self, d: Date) -> String {
        self.t("label.apply_by", None, &[("date", &self.date(d))])
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
        let money = |key: &str, c: Cents| self.t(key, None, &[("money", &self.money(c))]);
        ProgramView {
            card,
            kind_explanation: self.vocab("kind_about", p.kind.slug()),
            hours_per_week: p.hours_per_week.map_or_else(
                || self.not_stated(),
                |h| self.t("label.hours_per_week", Some(i64::from(h)), &[]),
            ),
            eligibility: self.eligibility(&p.eligibility),
            costs: self.costs(p),
            application_fee: p.fee.application.map_or_else(
                || self.label("label.none"),
                |c| money("label.application_fee", c),
            ),
            deposit: p
                .fee
                .deposit
                .map_or_else(|| self.not_stated(), |c| money("label.deposit", c)),
            not_included: p
                .fee
                .not_included
                .iter()
                .map(|i| self.item("not_included", NOT_INCLUDED, i))
                .collect(),
            refund: match &p.refund {
                Some(Refund::Tier { text, .. }) | Some(Refund::Text(text)) => text.clone(),
                None => self.not_stated(),
            },
            refund_tier: match &p.refund {
                Some(Refund::Tier { name, .. }) => Some(tier_label(name)),
                _ => None,
            },
            hospital_kind: self.vocab("hospital_kind", h.kind.slug()),
            hospital_address: h
                .address
                .clone()
                .unwrap_or_else(|| format!("{}, {}", h.city, h.state)),
            preceptor: self.preceptor(p.preceptor.as_ref()),
            letter: p
                .letter
                .map_or_else(|| self.not_stated(), |l| self.vocab("letter", l.slug())),
            sessions: self.sessions(p),
            seats: self.seats(p.seats),
            visa_required: match p.visa.required {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            }
            .to_string(),
            visa_accepted: match (p.visa.required, p.visa.accepted.is_empty()) {
                (Some(false), _) => self.label("label.no_visa_needed"),
                (_, true) => self.not_stated(),
                (_, false) => p.visa.accepted.join(", "),
            },
            visa_letter: match p.visa.required {
                Some(false) => self.label("visa.letter_not_needed"),
                _ => self.visa_letter(p.visa.invitation_letter),
            },
            visa_summary: self.visa_summary(&p.visa),
            includes: p
                .includes
                .iter()
                .map(|i| self.item("includes", INCLUDES, i))
                .collect(),
            requirements: p
                .requirements
                .iter()
                .map(|i| self.item("requirements", REQUIREMENTS, i))
                .collect(),
            faqs: faq_views(&p.faqs),
            last_verified: p
                .last_verified
                .map_or_else(|| self.not_stated(), |d| self.date(d)),
            body: p.body.html.clone(),
            image: p.image.as_ref().map(|i| self.image(i)),
            apply_url: p.next_open().and_then(|s| s.apply_url.clone()),
            cost_summary: self.cost_summary(p),
            housing_estimate: self.housing(p).map(|(estimate, _)| estimate),
            housing_note: self.housing(p).map_or(String::new(), |(_, note)| note),
            deposit_method: p.deposit_method.clone(),
            verified: self.verified(p),
            stale: self.stale(p),
            next_step: self.next_step(p),
            calendar_url: self.root_url(&routes::program_calendar(&p.slug)),
            as_of: self.t(
                "label.as_of",
                None,
                &[("date", &self.date(self.catalog.today))],
            ),
            timeline_count: p
                .sessions
                .iter()
                .filter(|s| s.open && s.date.is_some())
                .count(),
        }
    }

    /// A list item's label: a known one (`emr-access`) from
    /// `vocab.<name>.<slug>`, an editor's own humanised or as written.
    fn item(&self, name: &str, known: &[(&str, &str)], item: &str) -> String {
        if known.iter().any(|(slug, _)| *slug == item) {
            self.vocab(name, item)
        } else {
            item_label(item)
        }
    }

    /// `From $3,500 for 4 weeks (all fees included)`: the cheapest length.
    pub fn cost_summary(&self, p: &Program) -> String {
        match p.costs.iter().min_by_key(|c| (c.total, c.weeks)) {
            Some(c) => self.t(
                "label.cost_summary",
                None,
                &[
                    ("money", &self.money(c.total)),
                    ("weeks", &self.weeks_label(&[c.weeks])),
                ],
            ),
            None => self.not_stated(),
        }
    }

    /// The cheapest length's total with the hospital's housing estimate
    /// added, and what that estimate is.
    fn housing(&self, p: &Program) -> Option<(String, String)> {
        let h = self.catalog.hospitals[p.hospital].housing_cost.as_ref()?;
        let c = p.costs.iter().min_by_key(|c| (c.total, c.weeks))?;
        let with = Cents(c.total.0 + h.per_week.0 * i64::from(c.weeks));
        let mut note = self.t(
            "label.housing_note",
            None,
            &[("money", &self.money(h.per_week))],
        );
        if let Some(n) = &h.note {
            note.push_str(": ");
            note.push_str(n.trim_end_matches('.'));
        }
        note.push('.');
        Some((
            self.t(
                "label.housing_estimate",
                None,
                &[
                    ("money", &self.money(with)),
                    ("weeks", &self.weeks_label(&[c.weeks])),
                ],
            ),
            note,
        ))
    }

    /// `November 1, 2026 (1 month ago)`.
    fn verified(&self, p: &Program) -> String {
        let Some(v) = p.last_verified else {
            return self.not_stated();
        };
        let today = self.catalog.today;
        let months = timeline::months_between(v, today);
        let age = match (months, timeline::days_between(v, today)) {
            _ if v > today => self.label("verified.future"),
            (_, 0) => self.label("verified.today"),
            (0, 1) => self.label("verified.yesterday"),
            (0, d) => self.t("verified.days_ago", Some(i64::from(d)), &[]),
            (m, _) => self.t("verified.months_ago", Some(i64::from(m)), &[]),
        };
        self.t(
            "verified.when",
            None,
            &[("date", &self.date(v)), ("age", &age)],
        )
    }

    /// A program's start dates, each with what an IMG can do about it and,
    /// for open dated starts, the dated money timeline.
    fn sessions(&self, p: &Program) -> Vec<SessionView> {
        p.sessions
            .iter()
            .map(|s| SessionView {
                date: s.date.map_or("rolling".into(), |d| d.to_string()),
                date_human: s
                    .date
                    .map_or_else(|| self.label("label.rolling"), |d| self.date(d)),
                deadline_human: s.deadline.map_or(String::new(), |d| self.date(d)),
                open: s.open,
                state: match (p.status, s.open, s.deadline) {
                    (Status::Closed, _, _) => self.label("session.closed"),
                    (Status::Waitlist, true, Some(dl)) => {
                        self.t("session.waitlist_by", None, &[("date", &self.date(dl))])
                    }
                    (Status::Waitlist, true, None) => self.label("session.waitlist"),
                    (_, true, Some(dl)) => {
                        self.t("session.open_by", None, &[("date", &self.date(dl))])
                    }
                    (_, true, None) => self.label("session.open"),
                    (_, false, _) => self.label("session.applications_closed"),
                },
                apply_url: s.apply_url.clone(),
                deadline: s.deadline.map_or(String::new(), |d| d.to_string()),
                timeline: match (s.open, s.date) {
                    (true, Some(start)) => self.milestones(p, start),
                    _ => Vec::new(),
                },
            })
            .collect()
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
            when: self.date(d),
            note,
            passed: timeline::passed(d, today),
        };
        let mut out = Vec::new();
        if let Some(d) = t.apply_by {
            out.push(dated(
                "apply-by",
                self.label("milestone.apply_by"),
                d,
                String::new(),
            ));
        }
        if let Some(dep) = p.fee.deposit {
            let mut note = self.t(
                "milestone.deposit_note",
                None,
                &[("money", &self.money(dep))],
            );
            if let Some(m) = &p.deposit_method {
                note.push_str(". ");
                note.push_str(m.trim_end_matches('.'));
            }
            out.push(MilestoneView {
                kind: "deposit".into(),
                label: self.label("milestone.deposit"),
                date: String::new(),
                when: self.label("milestone.on_acceptance"),
                note,
                passed: false,
            });
        }
        let mut later = Vec::new();
        if let Some(d) = t.balance_due {
            let note = if p.fee.deposit.is_some() {
                "milestone.balance_less_deposit"
            } else {
                "milestone.balance_total"
            };
            later.push(dated(
                "balance",
                self.label("milestone.balance"),
                d,
                self.label(note),
            ));
        }
        if let Some(d) = t.full_refund_until {
            later.push(dated(
                "full-refund",
                self.label("milestone.full_refund"),
                d,
                self.label(if p.fee.application.is_some() {
                    "milestone.full_refund_note_fee"
                } else {
                    "milestone.full_refund_note"
                }),
            ));
        }
        let last_partial = t.partial_refunds.last().map(|(_, d)| *d);
        for (pct, d) in &t.partial_refunds {
            let note = if Some(*d) == last_partial {
                self.label("milestone.no_refund_after")
            } else {
                String::new()
            };
            later.push(dated(
                "partial-refund",
                self.t(
                    "milestone.partial_refund",
                    None,
                    &[("pct", &pct.to_string())],
                ),
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
            category: self.vocab("category", s.category.slug()),
            summary: s.summary.clone(),
            body: s.body.html.clone(),
            image: s.image.as_ref().map(|i| self.image(i)),
            program_count,
        }
    }

    pub fn hospital(&self, h: &Hospital, program_count: usize) -> HospitalView {
        let yes_no = |b: Option<bool>, yes: &str, no: &str| match b {
            Some(true) => self.label(yes),
            Some(false) => self.label(no),
            None => self.not_stated(),
        };
        let kind = self.vocab("hospital_kind", h.kind.slug());
        let fact = |key: &str, value: String| Fact {
            label: self.label(key),
            value,
        };
        HospitalView {
            slug: h.slug.clone(),
            url: self.url(&routes::hospital(&h.slug)),
            name: h.name.clone(),
            city: h.city.clone(),
            state: h.state.to_string(),
            state_name: state_name(h.state).to_string(),
            state_url: self.url(&routes::state(h.state)),
            kind: kind.clone(),
            facts: vec![
                fact("hospital.fact.type", kind),
                fact(
                    "hospital.fact.address",
                    h.address
                        .clone()
                        .unwrap_or_else(|| format!("{}, {}", h.city, h.state)),
                ),
                fact(
                    "hospital.fact.residency",
                    yes_no(
                        h.residency_affiliated,
                        "hospital.residency_yes",
                        "hospital.residency_no",
                    ),
                ),
                fact(
                    "hospital.fact.beds",
                    h.beds
                        .map_or_else(|| self.not_stated(), |b| self.locale().number(i64::from(b))),
                ),
                fact(
                    "hospital.fact.housing",
                    yes_no(h.housing, "hospital.housing_yes", "hospital.housing_no"),
                ),
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
            date_human: self.date(p.date),
            description: p
                .description
                .clone()
                .unwrap_or_else(|| first_sentences(&p.body.first_paragraph, 200)),
            body: p.body.html.clone(),
        }
    }

    /// `Required`, or "Not stated".
    fn requirement(&self, r: Option<Requirement>) -> String {
        r.map_or_else(
            || self.not_stated(),
            |r| self.vocab("requirement", r.slug()),
        )
    }

    /// A program's eligibility, one fact per requirement.
    fn eligibility(&self, e: &Eligibility) -> Vec<Fact> {
        let fact = |key: &str, value: String| Fact {
            label: self.label(key),
            value,
        };
        vec![
            fact("eligibility.step1", self.requirement(e.usmle_step1)),
            fact("eligibility.step2ck", self.requirement(e.usmle_step2ck)),
            fact("eligibility.ecfmg", self.requirement(e.ecfmg_certified)),
            fact(
                "eligibility.graduates",
                match (e.graduates, e.max_years_since_graduation) {
                    (Some(true), Some(y)) => {
                        self.t("eligibility.graduates_up_to", Some(i64::from(y)), &[])
                    }
                    (Some(true), None) => self.label("eligibility.accepted"),
                    (Some(false), _) => self.label("eligibility.students_only"),
                    (None, _) => self.not_stated(),
                },
            ),
        ]
    }

    /// The panel with the next step: the next open start and its Apply link,
    /// or the program's state.
    fn next_step(&self, p: &Program) -> NextStepView {
        let waitlist = p.status == Status::Waitlist;
        let apply_label = self.label(if waitlist {
            "common.join_waitlist"
        } else {
            "common.apply"
        });
        let (state, heading, start, apply_by) = match (p.status, p.next_open()) {
            (Status::Closed, _) => (
                "closed",
                "next.closed",
                self.label("label.not_accepting"),
                String::new(),
            ),
            (_, None) => (
                "none",
                "next.none",
                self.label("next.none_open"),
                String::new(),
            ),
            (_, Some(s)) => (
                if waitlist { "waitlist" } else { "open" },
                if waitlist {
                    "next.waitlist"
                } else {
                    "next.open"
                },
                s.date
                    .map_or_else(|| self.label("label.rolling"), |d| self.date(d)),
                s.deadline.map_or(String::new(), |d| self.apply_by(d)),
            ),
        };
        NextStepView {
            state: state.into(),
            heading: self.label(heading),
            start,
            apply_by,
            apply_url: p.next_open().and_then(|s| s.apply_url.clone()),
            apply_label,
        }
    }

    /// [`ProgramCard::sessions_json`].
    fn sessions_json(&self, p: &Program) -> String {
        let rows: Vec<serde_json::Value> = p
            .sessions
            .iter()
            .filter(|s| s.open)
            .filter_map(|s| {
                let (d, dl) = (s.date?, s.deadline?);
                Some(serde_json::json!([
                    d.to_string(),
                    dl.to_string(),
                    self.date(d),
                    self.date(dl),
                    s.apply_url.clone().unwrap_or_default()
                ]))
            })
            .collect();
        serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into())
    }

    /// The preceptor: name, role, and whether board certified.
    fn preceptor(&self, preceptor: Option<&Preceptor>) -> String {
        match preceptor {
            None => self.not_stated(),
            Some(pr) => {
                let mut s = pr.name.clone();
                if let Some(role) = &pr.role {
                    s.push_str(&format!(", {role}"));
                }
                if pr.board_certified == Some(true) {
                    s.push(' ');
                    s.push_str(&self.label("label.board_certified"));
                }
                s
            }
        }
    }

    /// A card's visa fact: whether one is needed, else the invitation letter.
    fn visa_card(&self, v: &Visa) -> String {
        match v.required {
            Some(false) => self.label("label.no_visa_needed"),
            _ => self.visa_letter(v.invitation_letter),
        }
    }

    /// The visa fact of a program page and /compare/, in one sentence; "Not
    /// stated" only when the editor gave none of it.
    fn visa_summary(&self, v: &Visa) -> String {
        if v.required == Some(false) {
            return format!("{}.", self.label("label.no_visa_needed"));
        }
        if v.required.is_none() && v.accepted.is_empty() && v.invitation_letter.is_none() {
            return self.not_stated();
        }
        let mut s = String::new();
        if v.required == Some(true) {
            s.push_str(&self.label("visa.needed"));
            s.push(' ');
        }
        let accepted = if v.accepted.is_empty() {
            self.not_stated()
        } else {
            v.accepted.join(", ")
        };
        s.push_str(&self.t("visa.accepted", None, &[("list", &accepted)]));
        s.push(' ');
        s.push_str(&self.visa_letter(v.invitation_letter));
        s.push('.');
        s
    }

    fn visa_letter(&self, b: Option<bool>) -> String {
        match b {
            Some(true) => self.label("visa.letter_yes"),
            Some(false) => self.label("visa.letter_no"),
            None => self.not_stated(),
        }
    }

    /// `12 per start`, or "Not stated".
    pub fn seats(&self, seats: Option<u32>) -> String {
        seats.map_or_else(
            || self.not_stated(),
            |s| self.t("label.seats", Some(i64::from(s)), &[]),
        )
    }

    /// `4 weeks`, `4, 8 or 12 weeks`.
    pub fn weeks_label(&self, weeks: &[u32]) -> String {
        match weeks {
            [] => self.not_stated(),
            [one] => self.t("common.weeks", Some(i64::from(*one)), &[]),
            [init @ .., last] => {
                let init: Vec<String> = init.iter().map(u32::to_string).collect();
                self.t(
                    "label.weeks_list",
                    Some(i64::from(*last)),
                    &[("list", &init.join(", "))],
                )
            }
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

/// A refund tier's name as visitors read it: `non-refundable` → "Non-refundable".
pub fn tier_label(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
        assert_eq!(first_sentences("One. Two three four.", 10), "One.");
        assert_eq!(tier_label("non-refundable"), "Non-refundable");
        assert_eq!(tier_label("standard"), "Standard");
    }
}
