//! The catalog as open data: `/data/programs.json` (format version 1,
//! docs/data.md, JSON Schema docs/programs.schema.json) and
//! `/data/programs.csv` (RFC 4180, one row per program and open start).
//! Built from the model, programs sorted by id, so the bytes are the same
//! for the same inputs and build date. Does no I/O.

use serde::Serialize;

use super::context::Views;
use super::routes;
use crate::model::{Program, Refund, Requirement, Starts};

/// The version of the JSON format; bumped only for changes that would break
/// a reader (removing or retyping a field). New fields keep the version.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    site: Site<'a>,
    /// The build date: which starts are open, as of this day.
    built_on: String,
    /// ISO 4217 code of every `*_cents` amount.
    currency: &'a str,
    programs: Vec<ProgramData<'a>>,
}

#[derive(Serialize)]
struct Site<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ProgramData<'a> {
    id: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    url: String,
    status: &'static str,
    experience: Experience,
    specialty: SpecialtyRef<'a>,
    hospital: HospitalRef<'a>,
    eligibility: Eligibility,
    weeks: &'a [u32],
    fees: Fees<'a>,
    totals: Vec<Total<'a>>,
    refund: Option<RefundData<'a>>,
    letter: Option<&'static str>,
    seats: Option<u32>,
    starts: StartsData,
    open_starts: Vec<OpenStart<'a>>,
    apply_url: Option<&'a str>,
    visa: VisaData<'a>,
    includes: &'a [String],
    requirements: &'a [String],
    last_verified: Option<String>,
}

#[derive(Serialize)]
struct Experience {
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'static str,
    setting: Option<&'static str>,
    hours_per_week: Option<u32>,
}

#[derive(Serialize)]
struct SpecialtyRef<'a> {
    id: &'a str,
    name: &'a str,
    category: &'static str,
    url: String,
}

#[derive(Serialize)]
struct HospitalRef<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    city: &'a str,
    state: &'a str,
    state_name: &'static str,
    url: String,
}

#[derive(Serialize)]
struct Eligibility {
    usmle_step1: Option<&'static str>,
    usmle_step2ck: Option<&'static str>,
    ecfmg_certified: Option<&'static str>,
    graduates_accepted: Option<bool>,
    max_years_since_graduation: Option<u32>,
}

#[derive(Serialize)]
struct Fees<'a> {
    price_per_week_cents: Option<i64>,
    price_total_cents: Option<i64>,
    application_cents: Option<i64>,
    deposit_cents: Option<i64>,
    deposit_method: Option<&'a str>,
    balance_due_days: Option<u32>,
    not_included: &'a [String],
}

#[derive(Serialize)]
struct Total<'a> {
    weeks: u32,
    tuition_cents: i64,
    discount: Option<Discount<'a>>,
    application_cents: i64,
    total_cents: i64,
    deposit_cents: Option<i64>,
}

#[derive(Serialize)]
struct Discount<'a> {
    name: &'a str,
    percent: u32,
    amount_cents: i64,
}

#[derive(Serialize)]
struct RefundData<'a> {
    tier: Option<&'a str>,
    terms: &'a str,
    schedule: Vec<RefundStep>,
}

#[derive(Serialize)]
struct RefundStep {
    days_before: u32,
    percent: u32,
}

#[derive(Serialize)]
struct StartsData {
    rolling: bool,
    dates: Vec<String>,
}

#[derive(Serialize)]
struct OpenStart<'a> {
    /// None for rolling admission.
    start: Option<String>,
    apply_by: Option<String>,
    apply_url: Option<&'a str>,
}

#[derive(Serialize)]
struct VisaData<'a> {
    required: Option<bool>,
    accepted: &'a [String],
    invitation_letter: Option<bool>,
}

fn requirement(r: Option<Requirement>) -> Option<&'static str> {
    r.map(|r| r.slug())
}

/// The programs, sorted by id (their slugs are unique).
fn sorted<'c>(views: &Views<'c>) -> Vec<&'c Program> {
    let mut programs: Vec<&Program> = views.catalog.programs.iter().collect();
    programs.sort_by(|a, b| a.slug.cmp(&b.slug));
    programs
}

fn program<'a>(views: &Views<'a>, p: &'a Program) -> ProgramData<'a> {
    let cat = views.catalog;
    let s = &cat.specialties[p.specialty];
    let h = &cat.hospitals[p.hospital];
    let (per_week, total) = match p.fee.price {
        crate::model::Price::PerWeek(c) => (Some(c.0), None),
        crate::model::Price::Total(c) => (None, Some(c.0)),
    };
    ProgramData {
        id: &p.slug,
        title: &p.title,
        summary: p.summary.as_deref(),
        url: views.absolute(&routes::program(&p.slug)),
        status: p.status.slug(),
        experience: Experience {
            kind: p.kind.slug(),
            label: p.kind.label(),
            setting: p.setting.map(|s| s.slug()),
            hours_per_week: p.hours_per_week,
        },
        specialty: SpecialtyRef {
            id: &s.slug,
            name: &s.name,
            category: s.category.slug(),
            url: views.absolute(&routes::specialty(&s.slug)),
        },
        hospital: HospitalRef {
            id: &h.slug,
            name: &h.name,
            kind: h.kind.slug(),
            city: &h.city,
            state: h.state,
            state_name: crate::model::state_name(h.state),
            url: views.absolute(&routes::hospital(&h.slug)),
        },
        eligibility: Eligibility {
            usmle_step1: requirement(p.eligibility.usmle_step1),
            usmle_step2ck: requirement(p.eligibility.usmle_step2ck),
            ecfmg_certified: requirement(p.eligibility.ecfmg_certified),
            graduates_accepted: p.eligibility.graduates,
            max_years_since_graduation: p.eligibility.max_years_since_graduation,
        },
        weeks: &p.weeks,
        fees: Fees {
            price_per_week_cents: per_week,
            price_total_cents: total,
            application_cents: p.fee.application.map(|c| c.0),
            deposit_cents: p.fee.deposit.map(|c| c.0),
            deposit_method: p.deposit_method.as_deref(),
            balance_due_days: p.balance_due_days,
            not_included: &p.fee.not_included,
        },
        totals: p
            .costs
            .iter()
            .map(|c| Total {
                weeks: c.weeks,
                tuition_cents: c.tuition.0,
                discount: c.discount.as_ref().map(|d| Discount {
                    name: &d.name,
                    percent: d.percent,
                    amount_cents: d.amount.0,
                }),
                application_cents: c.application.0,
                total_cents: c.total.0,
                deposit_cents: c.deposit.map(|d| d.0),
            })
            .collect(),
        refund: p.refund.as_ref().map(|r| {
            let (tier, terms) = match r {
                Refund::Tier { name, text } => (Some(name.as_str()), text.as_str()),
                Refund::Text(text) => (None, text.as_str()),
            };
            RefundData {
                tier,
                terms,
                schedule: p
                    .refund_schedule
                    .iter()
                    .map(|s| RefundStep {
                        days_before: s.days_before,
                        percent: s.percent,
                    })
                    .collect(),
            }
        }),
        letter: p.letter.map(|l| l.slug()),
        seats: p.seats,
        starts: match &p.starts {
            Starts::Rolling => StartsData {
                rolling: true,
                dates: vec![],
            },
            Starts::Dates(dates) => StartsData {
                rolling: false,
                dates: dates.iter().map(|d| d.to_string()).collect(),
            },
        },
        open_starts: p
            .sessions
            .iter()
            .filter(|s| s.open)
            .map(|s| OpenStart {
                start: s.date.map(|d| d.to_string()),
                apply_by: s.deadline.map(|d| d.to_string()),
                apply_url: s.apply_url.as_deref(),
            })
            .collect(),
        apply_url: p.next_open().and_then(|s| s.apply_url.as_deref()),
        visa: VisaData {
            required: p.visa.required,
            accepted: &p.visa.accepted,
            invitation_letter: p.visa.invitation_letter,
        },
        includes: &p.includes,
        requirements: &p.requirements,
        last_verified: p.last_verified.map(|d| d.to_string()),
    }
}

/// `/data/programs.json`: one JSON document, a newline at the end.
pub fn json(views: &Views) -> String {
    let cat = views.catalog;
    let doc = Document {
        version: FORMAT_VERSION,
        site: Site {
            title: &cat.config.title,
            url: views.absolute("/"),
        },
        built_on: cat.today.to_string(),
        currency: cat.config.currency,
        programs: sorted(views)
            .into_iter()
            .map(|p| program(views, p))
            .collect(),
    };
    let mut out = serde_json::to_string(&doc).expect("plain data serializes");
    out.push('\n');
    out
}

/// The CSV's columns, in order (docs/data.md explains each).
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "title",
    "url",
    "status",
    "experience_type",
    "setting",
    "specialty",
    "specialty_id",
    "hospital",
    "hospital_id",
    "city",
    "state",
    "usmle_step1",
    "usmle_step2ck",
    "ecfmg_certified",
    "graduates_accepted",
    "max_years_since_graduation",
    "currency",
    "weeks",
    "totals",
    "lowest_total",
    "application_fee",
    "deposit",
    "refund_terms",
    "letter",
    "seats",
    "rolling_admission",
    "start",
    "apply_by",
    "apply_url",
    "visa_required",
    "visas_accepted",
    "invitation_letter",
    "last_verified",
];

fn yes_no(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

/// An amount as a plain decimal a spreadsheet reads as a number: `2400.00`.
fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

/// One field, quoted when RFC 4180 needs it (a comma, a quote, CR or LF),
/// quotes doubled. Text that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`: content is
/// untrusted, and a downloaded catalog must not run anything when opened.
fn field(out: &mut String, value: &str, text: bool) {
    let guarded;
    let value = if text && value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{value}");
        guarded.as_str()
    } else {
        value
    };
    if value.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn row(out: &mut String, fields: &[(&str, bool)]) {
    for (i, (value, text)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, value, *text);
    }
    out.push_str("\r\n");
}

/// `/data/programs.csv`: UTF-8 with a byte order mark (so spreadsheet apps
/// read it as UTF-8), CRLF line ends, a header row, then one row per
/// program and open start; a program with no open start has one row with
/// empty start fields. Programs by id, starts by date.
pub fn csv(views: &Views) -> String {
    let cat = views.catalog;
    let mut out = String::from("\u{feff}");
    let header: Vec<(&str, bool)> = CSV_COLUMNS.iter().map(|c| (*c, false)).collect();
    row(&mut out, &header);
    for p in sorted(views) {
        let s = &cat.specialties[p.specialty];
        let h = &cat.hospitals[p.hospital];
        let req = |r: Option<Requirement>| r.map_or("", |r| r.label());
        let weeks = p
            .weeks
            .iter()
            .map(|w| w.to_string())
            .collect::<Vec<_>>()
            .join("; ");
        let totals = p
            .costs
            .iter()
            .map(|c| format!("{} weeks: {}", c.weeks, decimal(c.total.0)))
            .collect::<Vec<_>>()
            .join("; ");
        let lowest = p.lowest_total().map(|c| decimal(c.0)).unwrap_or_default();
        let application = p.fee.application.map(|c| decimal(c.0)).unwrap_or_default();
        let deposit = p.fee.deposit.map(|c| decimal(c.0)).unwrap_or_default();
        let refund = match &p.refund {
            Some(Refund::Tier { name, text }) => format!("{name}: {text}"),
            Some(Refund::Text(text)) => text.clone(),
            None => String::new(),
        };
        let url = views.absolute(&routes::program(&p.slug));
        let max_years = p
            .eligibility
            .max_years_since_graduation
            .map(|y| y.to_string())
            .unwrap_or_default();
        let seats = p.seats.map(|n| n.to_string()).unwrap_or_default();
        let accepted = p.visa.accepted.join("; ");
        let verified = p.last_verified.map(|d| d.to_string()).unwrap_or_default();
        let rolling = yes_no(Some(p.starts == Starts::Rolling));
        let open: Vec<_> = p.sessions.iter().filter(|s| s.open).collect();
        let starts: Vec<(String, String, &str)> = if open.is_empty() {
            vec![(String::new(), String::new(), "")]
        } else {
            open.iter()
                .map(|s| {
                    (
                        s.date.map(|d| d.to_string()).unwrap_or_default(),
                        s.deadline.map(|d| d.to_string()).unwrap_or_default(),
                        s.apply_url.as_deref().unwrap_or(""),
                    )
                })
                .collect()
        };
        for (start, apply_by, apply_url) in &starts {
            row(
                &mut out,
                &[
                    (&p.slug, true),
                    (&p.title, true),
                    (&url, true),
                    (p.status.label(), false),
                    (p.kind.label(), false),
                    (p.setting.map_or("", |s| s.label()), false),
                    (&s.name, true),
                    (&s.slug, true),
                    (&h.name, true),
                    (&h.slug, true),
                    (&h.city, true),
                    (h.state, false),
                    (req(p.eligibility.usmle_step1), false),
                    (req(p.eligibility.usmle_step2ck), false),
                    (req(p.eligibility.ecfmg_certified), false),
                    (yes_no(p.eligibility.graduates), false),
                    (&max_years, false),
                    (cat.config.currency, false),
                    (&weeks, false),
                    (&totals, false),
                    (&lowest, false),
                    (&application, false),
                    (&deposit, false),
                    (&refund, true),
                    (p.letter.map_or("", |l| l.label()), false),
                    (&seats, false),
                    (rolling, false),
                    (start, false),
                    (apply_by, false),
                    (apply_url, true),
                    (yes_no(p.visa.required), false),
                    (&accepted, true),
                    (yes_no(p.visa.invitation_letter), false),
                    (&verified, false),
                ],
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(value: &str, text: bool) -> String {
        let mut out = String::new();
        field(&mut out, value, text);
        out
    }

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(one("plain", true), "plain");
        assert_eq!(one("a, b", true), "\"a, b\"");
        assert_eq!(one("say \"hi\"", true), "\"say \"\"hi\"\"\"");
        assert_eq!(one("two\nlines", true), "\"two\nlines\"");
        assert_eq!(one("cr\rhere", true), "\"cr\rhere\"");
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_is_defused() {
        assert_eq!(one("=HYPERLINK(\"x\")", true), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(one("+1", true), "'+1");
        assert_eq!(one("@SUM(A1)", true), "'@SUM(A1)");
        assert_eq!(one("-2", true), "'-2");
        // Numbers and dates are ours, never guarded.
        assert_eq!(one("-2", false), "-2");
    }

    #[test]
    fn amounts_are_plain_decimals() {
        assert_eq!(decimal(240000), "2400.00");
        assert_eq!(decimal(5), "0.05");
        assert_eq!(decimal(-150), "-1.50");
    }
}
