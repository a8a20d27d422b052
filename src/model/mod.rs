//! The catalog as plain data: specialties, hospitals, programs, fees, FAQs,
//! pages and posts, with references resolved and derived facts computed.
//! Does no I/O; `content` builds it, `render` and `search` read it.

pub mod config;
pub mod i18n;
pub mod locale;
pub mod pricing;
pub mod schema;
pub mod timeline;
pub mod translate;
pub mod vocab;

use std::path::PathBuf;

use time::Date;

pub use config::Config;
pub use vocab::*;

/// What a static host accepts in one deploy; `check` and `build` warn past
/// it (W008). A parameter, so tests can reach it with a small site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostLimits {
    /// Files in one deploy.
    pub files: usize,
    /// Redirects in `_redirects` (all of rotalog's are static ones).
    pub redirects: usize,
    /// Bytes of one file.
    pub file_bytes: u64,
}

impl HostLimits {
    /// Cloudflare Pages on its Free plan, the strictest of the common hosts
    /// (docs/errors.md, W008): 20,000 files, 2,000 static redirects, 25 MiB a file.
    pub const CLOUDFLARE_PAGES: HostLimits = HostLimits {
        files: 20_000,
        redirects: 2_000,
        file_bytes: 25 << 20,
    };
}

/// Money in whole cents of the site currency. No floating point anywhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cents(pub i64);

/// Where a node starts (1-based line and column, in characters) and how many
/// characters it spans on that line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

/// A value with the position it was written at, for later diagnostics.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

/// Rendered Markdown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Markdown {
    pub html: String,
    /// Plain text, for descriptions and search.
    pub text: String,
    /// The first paragraph as plain text, for summaries.
    pub first_paragraph: String,
}

/// The whole site, ready to render.
#[derive(Clone, Debug)]
pub struct Catalog {
    pub config: Config,
    /// The build date: decides which starts are still open.
    pub today: Date,
    pub home: Home,
    pub specialties: Vec<Specialty>,
    pub hospitals: Vec<Hospital>,
    pub programs: Vec<Program>,
    pub faqs: Vec<Faq>,
    pub fees: FeePolicy,
    pub pages: Vec<Page>,
    pub posts: Vec<Post>,
    /// Files under `static/`, copied verbatim: (source path, output path).
    pub static_files: Vec<(PathBuf, String)>,
    /// The translations into each of the site's other languages, by
    /// language (empty in a catalog made by [`Catalog::localized`]).
    pub translations: std::collections::BTreeMap<String, translate::Translations>,
    /// In a catalog made by [`Catalog::localized`]: the texts still in the
    /// default language.
    pub untranslated: std::collections::BTreeSet<translate::Text>,
}

#[derive(Clone, Debug, Default)]
pub struct Home {
    pub title: Option<String>,
    pub description: Option<String>,
    pub body: Markdown,
}

#[derive(Clone, Debug)]
pub struct Specialty {
    pub slug: String,
    pub name: String,
    pub category: Category,
    pub summary: String,
    pub image: Option<Image>,
    pub body: Markdown,
    /// Earlier slugs (`aliases:`), whose URLs redirect here.
    pub aliases: Vec<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct Hospital {
    pub slug: String,
    pub name: String,
    pub city: String,
    pub state: &'static str,
    pub kind: HospitalKind,
    pub address: Option<String>,
    pub residency_affiliated: Option<bool>,
    pub beds: Option<u32>,
    pub housing: Option<bool>,
    /// What housing costs, when the editor gave it (`housing: { per_week, note }`):
    /// shown as an estimate beside the total.
    pub housing_cost: Option<HousingCost>,
    pub website: Option<String>,
    pub image: Option<Image>,
    pub body: Markdown,
    /// Earlier slugs (`aliases:`), whose URLs redirect here.
    pub aliases: Vec<Spanned<String>>,
}

/// The cost of housing near a hospital, as an editor estimates it.
#[derive(Clone, Debug, PartialEq)]
pub struct HousingCost {
    pub per_week: Cents,
    /// What the figure covers, shown beside it: "Shared apartment, 10 minutes' walk".
    pub note: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Image {
    pub src: String,
    pub alt: String,
    /// In pixels, read from the file's header.
    pub width: u32,
    pub height: u32,
}

#[derive(Clone, Debug)]
pub struct Program {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub specialty: SpecialtyId,
    pub hospital: HospitalId,
    pub kind: ProgramKind,
    pub setting: Option<Setting>,
    pub weeks: Vec<u32>,
    pub fee: Fee,
    pub refund: Option<Refund>,
    pub starts: Starts,
    pub seats: Option<u32>,
    pub hours_per_week: Option<u32>,
    pub image: Option<Image>,
    pub status: Status,
    pub apply_by_days: Option<u32>,
    pub preceptor: Option<Preceptor>,
    pub eligibility: Eligibility,
    pub visa: Visa,
    pub letter: Option<Letter>,
    pub includes: Vec<String>,
    pub requirements: Vec<String>,
    pub faqs: Vec<Faq>,
    pub last_verified: Option<Date>,
    pub apply_url: Option<String>,
    /// Earlier slugs (`aliases:`), whose URLs redirect here.
    pub aliases: Vec<Spanned<String>>,
    pub body: Markdown,
    /// Derived: the cost of each offered duration.
    pub costs: Vec<pricing::Cost>,
    /// Derived: each start with its deadline, whether it is open and its link.
    pub sessions: Vec<Session>,
    /// Days before a start the balance is due: the program's own
    /// `balance_due_days`, else the fee policy's.
    pub balance_due_days: Option<u32>,
    /// How the deposit is taken: the program's `deposit_method`, else the fee policy's.
    pub deposit_method: Option<String>,
    /// The refund schedule of the program's tier, when fees.yaml gives one.
    pub refund_schedule: Vec<timeline::RefundStep>,
}

/// A specialty of the catalog: its place in `Catalog::specialties`
/// (`catalog.specialties[id]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpecialtyId(pub usize);

/// A hospital of the catalog: its place in `Catalog::hospitals`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HospitalId(pub usize);

macro_rules! index_by {
    ($id:ty => $item:ty) => {
        impl std::ops::Index<$id> for [$item] {
            type Output = $item;
            fn index(&self, id: $id) -> &$item {
                &self[id.0]
            }
        }
        impl std::ops::Index<$id> for Vec<$item> {
            type Output = $item;
            fn index(&self, id: $id) -> &$item {
                &self[id.0]
            }
        }
    };
}
index_by!(SpecialtyId => Specialty);
index_by!(HospitalId => Hospital);

impl Program {
    /// The cheapest total over the offered durations.
    pub fn lowest_total(&self) -> Option<Cents> {
        self.costs.iter().map(|c| c.total).min()
    }

    /// The soonest start that is still open.
    pub fn next_open(&self) -> Option<&Session> {
        self.sessions.iter().find(|s| s.open)
    }

    /// The dated money timeline of a start on `start`.
    pub fn timeline(&self, start: Date) -> timeline::Timeline {
        timeline::timeline(
            start,
            self.apply_by_days,
            self.balance_due_days,
            &self.refund_schedule,
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Price {
    PerWeek(Cents),
    Total(Cents),
}

#[derive(Clone, Debug)]
pub struct Fee {
    pub price: Price,
    pub application: Option<Cents>,
    pub deposit: Option<Cents>,
    pub not_included: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Refund {
    /// A tier from fees.yaml: its name and sentence.
    Tier { name: String, text: String },
    /// A sentence of the program's own.
    Text(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Starts {
    Dates(Vec<Date>),
    Rolling,
}

/// One start of a program, with what the build date makes of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// None for rolling admission.
    pub date: Option<Date>,
    /// The last day to apply, when known.
    pub deadline: Option<Date>,
    pub open: bool,
    /// The application link, for open starts.
    pub apply_url: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Preceptor {
    pub name: String,
    pub role: Option<String>,
    pub board_certified: Option<bool>,
}

#[derive(Clone, Debug, Default)]
pub struct Eligibility {
    pub usmle_step1: Option<Requirement>,
    pub usmle_step2ck: Option<Requirement>,
    pub ecfmg_certified: Option<Requirement>,
    pub graduates: Option<bool>,
    pub max_years_since_graduation: Option<u32>,
}

#[derive(Clone, Debug, Default)]
pub struct Visa {
    /// Whether visitors need a visa: `Some(false)` for remote or telehealth
    /// programs (`visa: not-needed`), `None` when the editor did not say.
    pub required: Option<bool>,
    pub accepted: Vec<String>,
    pub invitation_letter: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct Faq {
    pub question: String,
    pub answer: Markdown,
    pub topics: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct FeePolicy {
    pub bundles: Vec<Bundle>,
    /// Sorted by name.
    pub refund_tiers: Vec<(String, String)>,
    pub financial_aid: Option<Markdown>,
    /// The refund schedule of each tier that gives one, sorted by name.
    pub refund_schedules: Vec<(String, Vec<timeline::RefundStep>)>,
    /// Days before the start the balance is due, for every program that does not say.
    pub balance_due_days: Option<u32>,
    /// How the deposit is taken, for every program that does not say.
    pub deposit_method: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Bundle {
    pub name: String,
    pub min_weeks: u32,
    pub discount_percent: u32,
}

#[derive(Clone, Debug)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub body: Markdown,
}

#[derive(Clone, Debug)]
pub struct Post {
    pub slug: String,
    pub title: String,
    pub date: Date,
    pub description: Option<String>,
    pub body: Markdown,
}

/// A site's own theme files, as read from `themes/NAME/` (the built-in
/// theme is `render`'s; it overlays these on it).
#[derive(Clone, Debug, Default)]
pub struct ThemeFiles {
    /// Where they came from, for diagnostics: `themes/default`.
    pub origin: String,
    /// (name under templates/, text).
    pub templates: Vec<(String, String)>,
    /// (name under static/, bytes).
    pub assets: Vec<(String, Vec<u8>)>,
    /// The interface strings: the built-in tables with the theme's and
    /// the site's laid over them (`content::i18n`).
    pub strings: i18n::Strings,
}
