//! The one table of every field an editor can write: its type, whether it is
//! required, a one-line description and an example. From it come the JSON
//! Schemas for editors' tools (`rotalog schema`, [`json_schemas`]), the
//! browser editor's configuration (`/admin/config.yml`) and the files that
//! `rotalog new` writes; the decoders' `*_FIELDS` lists are tested against
//! it (a drift test in `content::items`), so a field added to one and not
//! the other fails the tests.

use serde_json::{Map, Value, json};

use super::config::{CMS_BACKENDS, SECTIONS};
use super::vocab::{
    CURRENCIES, Category, HospitalKind, INCLUDES, Letter, NOT_INCLUDED, ProgramKind, REQUIREMENTS,
    Requirement, STATES, Setting, Status, VISA_TYPES,
};

/// One field of a file or of an object inside it.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub required: bool,
    pub ty: Ty,
    /// One line for editors: what the field says, shown as a tooltip.
    pub doc: &'static str,
    /// A valid value as written after `name: `.
    pub example: &'static str,
}

/// The shape of an object: its fields, and names of which exactly one must
/// be given (a fee's `per_week` or `total`).
#[derive(Clone, Copy, Debug)]
pub struct Object {
    pub fields: &'static [Field],
    pub exactly_one_of: &'static [&'static str],
}

/// What a field holds.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// One line of text.
    Text,
    /// Markdown text, possibly several paragraphs.
    Markdown,
    /// A whole number in a range.
    Int {
        min: i64,
        max: i64,
    },
    /// An amount in the site's currency: a plain number, up to two decimals.
    Money,
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// A link: `https://…` (or a template with `{placeholders}`).
    Url,
    Email,
    /// One of a closed vocabulary's slugs.
    Choice(&'static [(&'static str, &'static str)]),
    /// Exactly this word.
    Word(&'static str),
    /// The slug of one of the site's files of this kind.
    Ref(RefKind),
    /// A refund tier of fees.yaml, or the refund terms as text.
    Tier,
    /// A list whose one-word items must be known; a phrase with a space is free text.
    Tags(&'static [(&'static str, &'static str)]),
    /// A list of lines of text.
    Texts,
    /// A list of values of one type.
    List(&'static Ty),
    Object(&'static Object),
    /// A list of objects.
    Objects(&'static Object),
    /// A mapping from slugs (e.g. tier names) to values of one type.
    Map(&'static Ty),
    /// Any of these forms.
    OneOf(&'static [Ty]),
    /// A USPS state code.
    State,
    /// An ISO 4217 code of [`CURRENCIES`].
    Currency,
    /// A BCP 47 language tag.
    Language,
    /// A folder name under themes/.
    Slug,
}

/// What a [`Ty::Ref`] names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    Specialty,
    Hospital,
    /// A free page, or a generated section (site.yaml's `menu`).
    MenuPage,
}

const fn req(name: &'static str, ty: Ty, doc: &'static str, example: &'static str) -> Field {
    Field {
        name,
        required: true,
        ty,
        doc,
        example,
    }
}

const fn opt(name: &'static str, ty: Ty, doc: &'static str, example: &'static str) -> Field {
    Field {
        name,
        required: false,
        ty,
        doc,
        example,
    }
}

const fn obj(fields: &'static [Field]) -> Object {
    Object {
        fields,
        exactly_one_of: &[],
    }
}

// ------------------------------------------------------------------ shared parts

pub const IMAGE: Object = obj(&[
    req(
        "src",
        Ty::Text,
        "The image's path under static/, starting with /.",
        "/images/ward.jpg",
    ),
    req(
        "alt",
        Ty::Text,
        "What the image shows, for people who cannot see it.",
        "Students on rounds with an attending",
    ),
]);

pub const FAQ: Object = obj(&[
    req(
        "q",
        Ty::Text,
        "The question, as an applicant would ask it.",
        "Can I extend my rotation?",
    ),
    req(
        "a",
        Ty::Markdown,
        "The answer (Markdown).",
        "Yes, in 4-week steps.",
    ),
    opt(
        "topics",
        Ty::Texts,
        "Words that group the question on the FAQ page.",
        "[eligibility]",
    ),
]);

// ------------------------------------------------------------------ programs

pub const FEE: Object = Object {
    fields: &[
        opt(
            "per_week",
            Ty::Money,
            "The fee per week (give this or `total`).",
            "850",
        ),
        opt(
            "total",
            Ty::Money,
            "A fixed price for the whole rotation (instead of `per_week`).",
            "3200",
        ),
        opt(
            "application",
            Ty::Money,
            "A non-refundable fee paid when applying.",
            "100",
        ),
        opt(
            "deposit",
            Ty::Money,
            "The deposit that confirms a seat, part of the fee.",
            "300",
        ),
        opt(
            "not_included",
            Ty::Tags(NOT_INCLUDED),
            "Costs the fee does not cover.",
            "[housing, travel]",
        ),
    ],
    exactly_one_of: &["per_week", "total"],
};

pub const PRECEPTOR: Object = obj(&[
    req(
        "name",
        Ty::Text,
        "The supervising physician's name.",
        "Dr. A. Example",
    ),
    opt("role", Ty::Text, "Their role.", "attending physician"),
    opt(
        "board_certified",
        Ty::Bool,
        "Whether they are board certified.",
        "true",
    ),
]);

pub const ELIGIBILITY: Object = obj(&[
    opt(
        "usmle_step1",
        Ty::Choice(Requirement::ENTRIES),
        "Whether USMLE Step 1 is needed.",
        "recommended",
    ),
    opt(
        "usmle_step2ck",
        Ty::Choice(Requirement::ENTRIES),
        "Whether USMLE Step 2 CK is needed.",
        "not-required",
    ),
    opt(
        "ecfmg_certified",
        Ty::Choice(Requirement::ENTRIES),
        "Whether ECFMG certification is needed.",
        "not-required",
    ),
    opt(
        "graduates",
        Ty::Bool,
        "Whether graduates (not only students) may apply.",
        "true",
    ),
    opt(
        "max_years_since_graduation",
        Ty::Int { min: 0, max: 60 },
        "The most years since graduation accepted.",
        "5",
    ),
]);

pub const VISA: Object = obj(&[
    opt(
        "required",
        Ty::Bool,
        "Whether visitors need a visa (false: none needed).",
        "true",
    ),
    opt(
        "accepted",
        Ty::Tags(VISA_TYPES),
        "The visas visitors may come on.",
        "[B1/B2]",
    ),
    opt(
        "invitation_letter",
        Ty::Bool,
        "Whether the program sends an invitation letter for the visa.",
        "true",
    ),
]);

/// The word for a program that needs no visa (`visa: not-needed`).
pub const VISA_NOT_NEEDED: &str = "not-needed";

pub const PROGRAM: Object = obj(&[
    req(
        "title",
        Ty::Text,
        "The program's name as applicants see it.",
        "Internal Medicine Hands-on Rotation",
    ),
    req(
        "specialty",
        Ty::Ref(RefKind::Specialty),
        "The specialty: a file name in content/specialties/, without .md.",
        "internal-medicine",
    ),
    req(
        "hospital",
        Ty::Ref(RefKind::Hospital),
        "The hospital: a file name in content/hospitals/, without .md.",
        "mercy-chicago",
    ),
    req(
        "kind",
        Ty::Choice(ProgramKind::ENTRIES),
        "The type of experience.",
        "hands-on",
    ),
    req(
        "weeks",
        Ty::OneOf(&[
            Ty::Int { min: 1, max: 52 },
            Ty::List(&Ty::Int { min: 1, max: 52 }),
        ]),
        "The durations offered, in weeks.",
        "[4, 8, 12]",
    ),
    req(
        "fee",
        Ty::Object(&FEE),
        "What it costs: `per_week` or `total`, and any application fee and deposit.",
        "{ per_week: 850 }",
    ),
    req(
        "starts",
        Ty::OneOf(&[Ty::Word("rolling"), Ty::Date, Ty::List(&Ty::Date)]),
        "The start dates (YYYY-MM-DD), or `rolling` for starts at any time.",
        "[2027-01-04, 2027-02-01]",
    ),
    opt(
        "summary",
        Ty::Text,
        "One sentence for lists and search results.",
        "Four to twelve weeks on the medicine wards.",
    ),
    opt(
        "setting",
        Ty::Choice(Setting::ENTRIES),
        "Where the work happens.",
        "inpatient",
    ),
    opt(
        "refund",
        Ty::Tier,
        "A refund tier of fees.yaml, or the refund terms in a sentence.",
        "standard",
    ),
    opt(
        "seats",
        Ty::Int { min: 0, max: 1000 },
        "How many trainees per start.",
        "4",
    ),
    opt(
        "hours_per_week",
        Ty::Int { min: 1, max: 100 },
        "Hours of work per week.",
        "40",
    ),
    opt(
        "image",
        Ty::Object(&IMAGE),
        "A picture for the program's page.",
        "{ src: /images/ward.jpg, alt: Students on rounds }",
    ),
    opt(
        "status",
        Ty::Choice(Status::ENTRIES),
        "Whether applications are taken (default open).",
        "open",
    ),
    opt(
        "apply_by_days",
        Ty::Int { min: 0, max: 365 },
        "How many days before a start applications close.",
        "45",
    ),
    opt(
        "preceptor",
        Ty::Object(&PRECEPTOR),
        "The supervising physician.",
        "{ name: Dr. A. Example, role: attending }",
    ),
    opt(
        "eligibility",
        Ty::Object(&ELIGIBILITY),
        "Who may apply: exams, certification, graduation.",
        "{ usmle_step1: recommended }",
    ),
    opt(
        "visa",
        Ty::OneOf(&[Ty::Word(VISA_NOT_NEEDED), Ty::Object(&VISA)]),
        "Visa facts, or `not-needed` when no visa is needed.",
        "{ accepted: [B1/B2], invitation_letter: true }",
    ),
    opt(
        "letter_of_recommendation",
        Ty::Choice(Letter::ENTRIES),
        "Whether trainees get a letter of recommendation.",
        "performance-based",
    ),
    opt(
        "includes",
        Ty::Tags(INCLUDES),
        "What the program includes.",
        "[emr-access]",
    ),
    opt(
        "requirements",
        Ty::Tags(REQUIREMENTS),
        "What an applicant must provide.",
        "[immunization-records]",
    ),
    opt(
        "faqs",
        Ty::Objects(&FAQ),
        "Questions about this program only.",
        "[{ q: Can I extend?, a: Yes. }]",
    ),
    opt(
        "last_verified",
        Ty::Date,
        "When these facts were last checked with the hospital.",
        "2026-11-01",
    ),
    opt(
        "apply_url",
        Ty::Url,
        "This program's own application link (instead of site.yaml's).",
        "https://apply.example.org/im",
    ),
    opt(
        "balance_due_days",
        Ty::Int { min: 0, max: 365 },
        "Days before the start the balance is due (instead of fees.yaml's).",
        "30",
    ),
    opt(
        "deposit_method",
        Ty::Text,
        "How and when the deposit is paid (instead of fees.yaml's).",
        "By card within 7 days of acceptance",
    ),
    opt(
        "aliases",
        Ty::List(&Ty::Slug),
        "Former file names; their old addresses redirect here.",
        "[old-name]",
    ),
]);

// ------------------------------------------------------------------ places

pub const SPECIALTY: Object = obj(&[
    req(
        "name",
        Ty::Text,
        "The specialty's name.",
        "Internal Medicine",
    ),
    req(
        "category",
        Ty::Choice(Category::ENTRIES),
        "Core or elective.",
        "core",
    ),
    req(
        "summary",
        Ty::Text,
        "One sentence about the specialty.",
        "Adult inpatient and outpatient medicine.",
    ),
    opt(
        "image",
        Ty::Object(&IMAGE),
        "A picture of the specialty's work, for its page and its programs' cards.",
        "{ src: /images/ward.jpg, alt: Students on rounds }",
    ),
    opt(
        "aliases",
        Ty::List(&Ty::Slug),
        "Former file names; their old addresses redirect here.",
        "[old-name]",
    ),
]);

pub const HOUSING: Object = obj(&[
    req("per_week", Ty::Money, "What housing costs per week.", "250"),
    opt(
        "note",
        Ty::Text,
        "What the housing is.",
        "Shared apartment, 10 minutes' walk",
    ),
]);

pub const HOSPITAL: Object = obj(&[
    req(
        "name",
        Ty::Text,
        "The hospital's name.",
        "Mercy Teaching Hospital",
    ),
    req("city", Ty::Text, "The city.", "Chicago"),
    req("state", Ty::State, "The USPS two-letter state code.", "IL"),
    req(
        "kind",
        Ty::Choice(HospitalKind::ENTRIES),
        "The type of hospital.",
        "teaching-hospital",
    ),
    opt(
        "address",
        Ty::Text,
        "The street address.",
        "2525 S Michigan Ave, Chicago, IL 60616",
    ),
    opt(
        "residency_affiliated",
        Ty::Bool,
        "Whether it has residency programs.",
        "true",
    ),
    opt(
        "beds",
        Ty::Int {
            min: 1,
            max: 10_000,
        },
        "The number of beds.",
        "400",
    ),
    opt(
        "housing",
        Ty::OneOf(&[Ty::Bool, Ty::Object(&HOUSING)]),
        "Whether housing is offered: true, false, or what it costs.",
        "true",
    ),
    opt(
        "website",
        Ty::Url,
        "The hospital's website.",
        "https://mercy.example.org",
    ),
    opt(
        "image",
        Ty::Object(&IMAGE),
        "A picture for the hospital's page.",
        "{ src: /images/mercy.jpg, alt: The main entrance }",
    ),
    opt(
        "aliases",
        Ty::List(&Ty::Slug),
        "Former file names; their old addresses redirect here.",
        "[old-name]",
    ),
]);

// ------------------------------------------------------------------ pages

pub const HOME: Object = obj(&[
    opt(
        "title",
        Ty::Text,
        "The home page's heading.",
        "Clinical rotations for IMGs",
    ),
    opt(
        "description",
        Ty::Text,
        "One sentence for search engines.",
        "U.S. clinical experience for international medical graduates",
    ),
]);

pub const PAGE: Object = obj(&[
    req("title", Ty::Text, "The page's heading.", "About us"),
    opt(
        "description",
        Ty::Text,
        "One sentence for search engines.",
        "Who we are and how we choose our hospitals",
    ),
]);

pub const POST: Object = obj(&[
    req(
        "title",
        Ty::Text,
        "The post's heading.",
        "New rotations in Texas",
    ),
    req("date", Ty::Date, "The publication date.", "2026-11-01"),
    opt(
        "description",
        Ty::Text,
        "One sentence for lists and search engines.",
        "Two new hospitals join our network",
    ),
]);

// ------------------------------------------------------------------ data files

pub const REFUND_STEP: Object = obj(&[
    req(
        "days_before",
        Ty::Int { min: 0, max: 365 },
        "Up to this many days before the start…",
        "30",
    ),
    req(
        "percent",
        Ty::Int { min: 0, max: 100 },
        "…this percentage is refunded.",
        "100",
    ),
]);

pub const REFUND_TIER: Object = obj(&[
    req(
        "text",
        Ty::Text,
        "The refund terms in a sentence.",
        "\"Full refund up to 30 days before the start.\"",
    ),
    opt(
        "schedule",
        Ty::Objects(&REFUND_STEP),
        "The same terms as steps, to date them for each start.",
        "[{ days_before: 30, percent: 100 }]",
    ),
]);

pub const BUNDLE: Object = obj(&[
    req(
        "name",
        Ty::Text,
        "The discount's name.",
        "Long-term placement",
    ),
    req(
        "min_weeks",
        Ty::Int { min: 1, max: 52 },
        "The fewest weeks it applies to.",
        "12",
    ),
    req(
        "discount_percent",
        Ty::Int { min: 0, max: 100 },
        "The discount, in percent.",
        "10",
    ),
]);

pub const FEES: Object = obj(&[
    opt(
        "bundles",
        Ty::Objects(&BUNDLE),
        "Discounts for longer stays.",
        "[{ name: Long-term placement, min_weeks: 12, discount_percent: 10 }]",
    ),
    opt(
        "refund_tiers",
        Ty::Map(&Ty::OneOf(&[Ty::Text, Ty::Object(&REFUND_TIER)])),
        "Named refund terms that programs refer to with `refund:`.",
        "{ standard: \"Full refund up to 30 days before the start.\" }",
    ),
    opt(
        "financial_aid",
        Ty::Markdown,
        "What financial help there is (Markdown).",
        "We offer need-based reductions.",
    ),
    opt(
        "balance_due_days",
        Ty::Int { min: 0, max: 365 },
        "Days before the start the balance is due.",
        "30",
    ),
    opt(
        "deposit_method",
        Ty::Text,
        "How and when the deposit is paid.",
        "By card or bank transfer within 7 days of acceptance",
    ),
]);

// ------------------------------------------------------------------ site.yaml

pub const APPLY: Object = obj(&[
    opt(
        "url",
        Ty::Url,
        "The application link; may hold {program}, {specialty}, {hospital}, {start}.",
        "\"https://apply.example.org/?program={program}\"",
    ),
    opt(
        "steps",
        Ty::Texts,
        "The steps of applying, in order.",
        "[Submit the form, Upload your CV]",
    ),
]);

pub const CONTACT: Object = obj(&[
    opt(
        "email",
        Ty::Email,
        "The admissions email address.",
        "admissions@example.org",
    ),
    opt(
        "phone",
        Ty::Text,
        "The admissions phone number.",
        "+1 312 555 0100",
    ),
]);

pub const MENU_ENTRY: Object = Object {
    fields: &[
        opt(
            "page",
            Ty::Ref(RefKind::MenuPage),
            "A section or free page of the site, by slug.",
            "about",
        ),
        opt(
            "title",
            Ty::Text,
            "The entry's text (required with `url`).",
            "About us",
        ),
        opt(
            "url",
            Ty::Url,
            "A link, absolute or starting with /.",
            "https://blog.example.org",
        ),
    ],
    exactly_one_of: &["page", "url"],
};

pub const CMS: Object = obj(&[
    req(
        "backend",
        Ty::Choice(CMS_BACKENDS),
        "Where the site's repository is hosted.",
        "github",
    ),
    req(
        "repo",
        Ty::Text,
        "The repository, as `owner/name`.",
        "owner/site",
    ),
    opt(
        "branch",
        Ty::Text,
        "The branch the editor commits to (default main).",
        "main",
    ),
    req(
        "script",
        Ty::Url,
        "The CMS's script: an https:// address (a pinned version, or your own copy).",
        "\"https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js\"",
    ),
    opt(
        "auth_url",
        Ty::Url,
        "The sign-in helper (OAuth) the CMS uses, if not the host's default.",
        "https://cms-auth.example.org",
    ),
]);

pub const SITE: Object = obj(&[
    req(
        "title",
        Ty::Text,
        "The site's name.",
        "Clinical Rotations for IMGs",
    ),
    opt(
        "description",
        Ty::Text,
        "One sentence about the site.",
        "Hands-on U.S. clinical rotations for IMGs",
    ),
    req(
        "base_url",
        Ty::Url,
        "The address of the site's root.",
        "https://rotations.example.org",
    ),
    opt(
        "language",
        Ty::Language,
        "The pages' language (default en).",
        "en",
    ),
    opt(
        "languages",
        Ty::List(&Ty::Language),
        "The site's other languages: each has its pages under /<language>/ (docs/i18n.md).",
        "[es]",
    ),
    opt(
        "currency",
        Ty::Currency,
        "The currency of every fee (default USD).",
        "USD",
    ),
    opt(
        "theme",
        Ty::Slug,
        "A folder under themes/ (default default).",
        "default",
    ),
    opt(
        "apply",
        Ty::Object(&APPLY),
        "How to apply: the link and the steps.",
        "{ url: \"https://apply.example.org/?program={program}\" }",
    ),
    opt(
        "contact",
        Ty::Object(&CONTACT),
        "How to reach admissions.",
        "{ email: admissions@example.org }",
    ),
    opt(
        "menu",
        Ty::List(&Ty::OneOf(&[
            Ty::Ref(RefKind::MenuPage),
            Ty::Object(&MENU_ENTRY),
        ])),
        "The header's menu: sections, pages and links, in order.",
        "[programs, fees, about]",
    ),
    opt(
        "stale_after_days",
        Ty::Int { min: 1, max: 3650 },
        "Days after `last_verified` a program's facts count as stale (default 180).",
        "180",
    ),
    opt(
        "cms",
        Ty::Object(&CMS),
        "The browser editor at /admin/ (see docs/editing.md).",
        "{ backend: github, repo: owner/site, script: \"https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js\" }",
    ),
]);

/// A file the schemas describe: its schema's name, what it is, where it
/// lives, and its shape. FAQs are a list, not an object: see [`FAQS_FILE`].
#[derive(Clone, Copy, Debug)]
pub struct FileKind {
    /// The schema's file name without `.json`.
    pub name: &'static str,
    pub title: &'static str,
    /// A glob from the site folder.
    pub glob: &'static str,
    pub shape: &'static Object,
    /// Whether the fields are the front matter of a Markdown file.
    pub front_matter: bool,
}

pub const FAQS_FILE: &str = "faqs";

/// Every file kind with a schema, in the order `rotalog schema` lists them
/// (faqs, a list, is made from [`FAQ`]).
pub const FILES: &[FileKind] = &[
    FileKind {
        name: "site",
        title: "site.yaml",
        glob: "site.yaml",
        shape: &SITE,
        front_matter: false,
    },
    FileKind {
        name: "fees",
        title: "content/fees.yaml",
        glob: "content/fees.yaml",
        shape: &FEES,
        front_matter: false,
    },
    FileKind {
        name: "program",
        title: "a program (content/programs/*.md)",
        glob: "content/programs/*.md",
        shape: &PROGRAM,
        front_matter: true,
    },
    FileKind {
        name: "hospital",
        title: "a hospital (content/hospitals/*.md)",
        glob: "content/hospitals/*.md",
        shape: &HOSPITAL,
        front_matter: true,
    },
    FileKind {
        name: "specialty",
        title: "a specialty (content/specialties/*.md)",
        glob: "content/specialties/*.md",
        shape: &SPECIALTY,
        front_matter: true,
    },
    FileKind {
        name: "page",
        title: "a page (content/pages/*.md)",
        glob: "content/pages/*.md",
        shape: &PAGE,
        front_matter: true,
    },
    FileKind {
        name: "post",
        title: "a post (content/posts/*.md)",
        glob: "content/posts/*.md",
        shape: &POST,
        front_matter: true,
    },
];

/// What a site holds that the schemas offer as values: its specialties',
/// hospitals' and free pages' slugs and its refund tiers.
#[derive(Clone, Debug, Default)]
pub struct Known {
    pub specialties: Vec<String>,
    pub hospitals: Vec<String>,
    pub pages: Vec<String>,
    pub tiers: Vec<String>,
}

const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const SLUG_PATTERN: &str = r"^[a-z0-9]+(-[a-z0-9]+)*$";

fn enum_doc(entries: &[(&str, &str)]) -> String {
    entries
        .iter()
        .map(|(s, l)| format!("`{s}`: {l}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The JSON Schema of one type.
fn ty_schema(ty: &Ty, known: &Known) -> Value {
    match ty {
        Ty::Text | Ty::Markdown => json!({ "type": "string", "minLength": 1 }),
        Ty::Int { min, max } => json!({ "type": "integer", "minimum": min, "maximum": max }),
        Ty::Money => json!({ "type": "number", "minimum": 0 }),
        Ty::Bool => json!({ "type": "boolean" }),
        Ty::Date => json!({ "type": "string", "pattern": DATE_PATTERN, "format": "date" }),
        Ty::Url => json!({ "type": "string", "minLength": 1 }),
        Ty::Email => json!({ "type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$" }),
        Ty::Choice(entries) => json!({
            "enum": entries.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
            "markdownDescription": enum_doc(entries),
        }),
        Ty::Word(w) => json!({ "const": w }),
        Ty::Ref(kind) => {
            let slugs: Vec<String> = match kind {
                RefKind::Specialty => known.specialties.clone(),
                RefKind::Hospital => known.hospitals.clone(),
                RefKind::MenuPage => SECTIONS
                    .iter()
                    .map(|(s, _, _)| (*s).to_string())
                    .chain(known.pages.iter().cloned())
                    .collect(),
            };
            if slugs.is_empty() {
                json!({ "type": "string", "pattern": SLUG_PATTERN })
            } else {
                json!({ "enum": slugs })
            }
        }
        Ty::Tier => {
            let mut s = json!({ "type": "string", "minLength": 1 });
            if !known.tiers.is_empty() {
                s["examples"] = json!(known.tiers);
                // A single word must be one of the tiers; a sentence is free text.
                s = json!({ "anyOf": [ { "enum": known.tiers }, { "type": "string", "pattern": "\\s" } ] });
            }
            s
        }
        Ty::Tags(entries) => json!({
            "type": "array",
            "items": {
                "anyOf": [
                    { "enum": entries.iter().map(|(s, _)| *s).collect::<Vec<_>>() },
                    { "type": "string", "pattern": "\\s", "description": "A phrase with a space is free text, shown as written." }
                ]
            },
            "markdownDescription": format!("Known values: {}. A phrase with a space is free text.", enum_doc(entries)),
        }),
        Ty::Texts => json!({ "type": "array", "items": { "type": "string", "minLength": 1 } }),
        Ty::List(item) => {
            json!({ "type": "array", "minItems": 1, "uniqueItems": true, "items": ty_schema(item, known) })
        }
        Ty::Object(o) => object_schema(o, known),
        Ty::Objects(o) => json!({ "type": "array", "items": object_schema(o, known) }),
        Ty::Map(value) => json!({
            "type": "object",
            "propertyNames": { "pattern": SLUG_PATTERN },
            "additionalProperties": ty_schema(value, known),
        }),
        Ty::OneOf(tys) => {
            json!({ "anyOf": tys.iter().map(|t| ty_schema(t, known)).collect::<Vec<_>>() })
        }
        Ty::State => json!({
            "enum": STATES.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            "markdownDescription": enum_doc(STATES),
        }),
        Ty::Currency => json!({ "enum": CURRENCIES.iter().map(|(c, _)| *c).collect::<Vec<_>>() }),
        Ty::Language => {
            json!({ "type": "string", "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$" })
        }
        Ty::Slug => json!({ "type": "string", "pattern": SLUG_PATTERN }),
    }
}

fn field_schema(f: &Field, known: &Known) -> Value {
    let mut s = ty_schema(&f.ty, known);
    let map = s.as_object_mut().expect("a schema is an object");
    map.insert("description".into(), json!(f.doc));
    map.insert(
        "markdownDescription".into(),
        json!(
            match map.get("markdownDescription").and_then(Value::as_str) {
                Some(values) => format!(
                    "{}\n\n{values}\n\nExample: `{}: {}`",
                    f.doc, f.name, f.example
                ),
                None => format!("{}\n\nExample: `{}: {}`", f.doc, f.name, f.example),
            }
        ),
    );
    s
}

fn object_schema(o: &Object, known: &Known) -> Value {
    let mut properties = Map::new();
    for f in o.fields {
        properties.insert(f.name.into(), field_schema(f, known));
    }
    let required: Vec<&str> = o
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let mut s = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        s["required"] = json!(required);
    }
    if !o.exactly_one_of.is_empty() {
        s["oneOf"] = json!(
            o.exactly_one_of
                .iter()
                .map(|name| json!({ "required": [name] }))
                .collect::<Vec<_>>()
        );
    }
    s
}

fn document(name: &str, title: &str, mut schema: Value) -> String {
    let map = schema.as_object_mut().expect("a schema is an object");
    map.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    map.insert(
        "$id".into(),
        json!(format!("https://rotalog.invalid/schema/{name}.json")),
    );
    map.insert(
        "title".into(),
        json!(format!("rotalog: {title} (generated by `rotalog schema`)")),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("JSON always serialises");
    text.push('\n');
    text
}

/// The fields a translation (`<slug>.<lang>.md`, docs/i18n.md) may give,
/// by the [`FILES`] name of the kind it translates: its text, never a fact.
/// A program's `faqs` are its questions and answers only (`q`, `a`).
pub const TRANSLATABLE: &[(&str, &[&str])] = &[
    ("program", &["title", "summary", "faqs"]),
    ("hospital", &["name"]),
    ("specialty", &["name", "summary"]),
    ("page", &["title", "description"]),
    ("post", &["title", "description"]),
];

/// A translated FAQ list: each question and answer, in the original's order.
fn translated_faqs(known: &Known) -> Value {
    let q_and_a: Vec<&Field> = FAQ.fields.iter().filter(|f| f.name != "topics").collect();
    let mut properties = Map::new();
    for f in &q_and_a {
        properties.insert(f.name.into(), field_schema(f, known));
    }
    json!({
        "type": "array",
        "description": "The questions and answers in this language: as many as the original has, in its order (its topics are not repeated).",
        "items": {
            "type": "object",
            "properties": properties,
            "required": q_and_a.iter().map(|f| f.name).collect::<Vec<_>>(),
            "additionalProperties": false,
        },
    })
}

/// The schema of a translation of `kind`: its translatable fields only, none required.
fn translation_schema(kind: &FileKind, fields: &[&str], known: &Known) -> Value {
    let mut properties = Map::new();
    for f in kind
        .shape
        .fields
        .iter()
        .filter(|f| fields.contains(&f.name))
    {
        let schema = match f.name {
            "faqs" => translated_faqs(known),
            _ => field_schema(f, known),
        };
        properties.insert(f.name.into(), schema);
    }
    json!({
        "type": "object",
        "description": "A translation gives only text; every fact stays in the default-language file.",
        "properties": properties,
        "additionalProperties": false,
    })
}

/// The JSON Schema (draft-07) of every kind of file, for a site holding
/// `known`: `(file name, text)`, e.g. `("program.json", "{…}")`.
pub fn json_schemas(known: &Known) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = FILES
        .iter()
        .map(|k| {
            (
                format!("{}.json", k.name),
                document(k.name, k.title, object_schema(k.shape, known)),
            )
        })
        .collect();
    let faqs = json!({
        "type": "array",
        "description": "The site's questions and answers: a list of `q` and `a`.",
        "items": object_schema(&FAQ, known),
    });
    out.push((
        format!("{FAQS_FILE}.json"),
        document(FAQS_FILE, "content/faqs.yaml", faqs),
    ));
    for (name, fields) in TRANSLATABLE {
        let kind = FILES
            .iter()
            .find(|k| k.name == *name)
            .expect("TRANSLATABLE names a file kind");
        let glob = kind.glob.replace("*.md", "<slug>.<language>.md");
        out.push((
            format!("{name}-translation.json"),
            document(
                &format!("{name}-translation"),
                &format!("a translation of {} ({glob})", kind.name),
                translation_schema(kind, fields, known),
            ),
        ));
    }
    let text = json!({ "type": "string", "minLength": 1 });
    let fees_text = json!({
        "type": "object",
        "description": "fees.yaml's text in another language: bundle names (as many as fees.yaml has, in its order), refund terms by tier, the deposit method, the financial aid text; the amounts, weeks, days and percentages stay fees.yaml's.",
        "properties": {
            "bundles": { "type": "array", "items": { "type": "object", "properties": { "name": text }, "required": ["name"], "additionalProperties": false } },
            "refund_tiers": {
                "type": "object",
                "propertyNames": { "pattern": SLUG_PATTERN },
                "additionalProperties": { "anyOf": [ text, { "type": "object", "properties": { "text": text }, "required": ["text"], "additionalProperties": false } ] },
            },
            "deposit_method": text,
            "financial_aid": text,
        },
        "additionalProperties": false,
    });
    out.push((
        "fees-translation.json".to_string(),
        document(
            "fees-translation",
            "content/fees.<language>.yaml",
            fees_text,
        ),
    ));
    out.push((
        format!("{FAQS_FILE}-translation.json"),
        document(
            &format!("{FAQS_FILE}-translation"),
            "content/faqs.<language>.yaml",
            translated_faqs(known),
        ),
    ));
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_object_has_unique_field_names_and_examples() {
        let objects: &[&Object] = &[
            &PROGRAM,
            &FEE,
            &PRECEPTOR,
            &ELIGIBILITY,
            &VISA,
            &SPECIALTY,
            &HOSPITAL,
            &HOUSING,
            &IMAGE,
            &HOME,
            &PAGE,
            &POST,
            &FEES,
            &REFUND_TIER,
            &REFUND_STEP,
            &BUNDLE,
            &FAQ,
            &SITE,
            &APPLY,
            &CONTACT,
            &MENU_ENTRY,
            &CMS,
        ];
        for o in objects {
            let mut names: Vec<&str> = o.fields.iter().map(|f| f.name).collect();
            names.sort_unstable();
            let n = names.len();
            names.dedup();
            assert_eq!(n, names.len(), "duplicate field in {names:?}");
            for f in o.fields {
                assert!(!f.doc.is_empty() && !f.example.is_empty(), "{}", f.name);
            }
            for name in o.exactly_one_of {
                assert!(o.fields.iter().any(|f| f.name == *name), "{name}");
            }
        }
    }

    #[test]
    fn schemas_are_json_with_the_site_slugs() {
        let known = Known {
            specialties: vec!["cardiology".into()],
            ..Known::default()
        };
        let schemas = json_schemas(&known);
        let names: Vec<&str> = schemas.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "faqs-translation.json",
                "faqs.json",
                "fees-translation.json",
                "fees.json",
                "hospital-translation.json",
                "hospital.json",
                "page-translation.json",
                "page.json",
                "post-translation.json",
                "post.json",
                "program-translation.json",
                "program.json",
                "site.json",
                "specialty-translation.json",
                "specialty.json"
            ]
        );
        let program: Value = serde_json::from_str(&schemas[11].1).unwrap();
        assert_eq!(
            program["properties"]["specialty"]["enum"],
            json!(["cardiology"])
        );
        assert_eq!(
            program["required"],
            json!([
                "title",
                "specialty",
                "hospital",
                "kind",
                "weeks",
                "fee",
                "starts"
            ])
        );
    }
}
