//! Decoding a program file: its fields, fee, starts, preceptor,
//! eligibility and visa.

use super::*;

pub(super) const PROGRAM_FIELDS: &[Field] = &[
    ("title", "title: Internal Medicine Hands-on Rotation"),
    ("specialty", "specialty: internal-medicine"),
    ("hospital", "hospital: mercy-chicago"),
    ("kind", "kind: hands-on"),
    ("weeks", "weeks: [4, 8, 12]"),
    ("fee", "fee: { per_week: 850 }"),
    ("starts", "starts: [2027-01-04, 2027-02-01]"),
    (
        "summary",
        "summary: Four to twelve weeks on the medicine wards.",
    ),
    ("setting", "setting: inpatient"),
    ("refund", "refund: standard"),
    ("seats", "seats: 4"),
    ("hours_per_week", "hours_per_week: 40"),
    (
        "image",
        "image: { src: /images/ward.jpg, alt: Students on rounds }",
    ),
    ("status", "status: open"),
    ("apply_by_days", "apply_by_days: 45"),
    (
        "preceptor",
        "preceptor: { name: Dr. A. Example, role: attending }",
    ),
    ("eligibility", "eligibility: { usmle_step1: recommended }"),
    (
        "visa",
        "visa: { accepted: [B1/B2], invitation_letter: true }",
    ),
    (
        "letter_of_recommendation",
        "letter_of_recommendation: performance-based",
    ),
    ("includes", "includes: [emr-access]"),
    ("requirements", "requirements: [immunization-records]"),
    ("faqs", "faqs: [{ q: Can I extend?, a: Yes. }]"),
    ("last_verified", "last_verified: 2026-11-01"),
    ("apply_url", "apply_url: https://apply.example.org/im"),
    ("aliases", "aliases: [im-chicago-hands-on]"),
    ("balance_due_days", "balance_due_days: 30"),
    (
        "deposit_method",
        "deposit_method: By card within 7 days of acceptance",
    ),
];

pub(super) fn program(
    ctx: &mut Ctx,
    root: &Node,
    slug: String,
    body: Markdown,
    base_path: &str,
    links: &mut Vec<LinkCheck>,
    statics: &Statics,
) -> Item {
    let Some(f) = fields(ctx, root, "program", PROGRAM_FIELDS) else {
        return Item::Nothing;
    };
    let title = f.req(ctx, "title", decode::text);
    let specialty = f
        .required(ctx, "specialty")
        .and_then(|n| slug_ref(ctx, n, "specialty"));
    let hospital = f
        .required(ctx, "hospital")
        .and_then(|n| slug_ref(ctx, n, "hospital"));
    let kind = f
        .req(ctx, "kind", |ctx, n, k| {
            decode::choice(ctx, n, k, ProgramKind::SLUGS)
        })
        .and_then(ProgramKind::from_slug);
    let weeks = f.required(ctx, "weeks").and_then(|n| weeks(ctx, n));
    let fee_node = f.required(ctx, "fee");
    let fee = fee_node.and_then(|n| fee(ctx, n));
    let starts = f.required(ctx, "starts").and_then(|n| starts(ctx, n));

    let refund = f.opt(ctx, "refund", decode::spanned_text);
    let status = match f.get("status") {
        None => Some(Status::Open),
        Some(n) => decode::choice(ctx, n, "status", Status::SLUGS).and_then(Status::from_slug),
    };
    let details = details(ctx, &f, base_path, links, statics);
    let deposit_pos = fee_node
        .and_then(|n| match &n.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_scalar().is_some_and(|(t, _)| t == "deposit"))
                .map(|(_, v)| v.pos),
            _ => None,
        })
        .unwrap_or_default();

    let complete = specialty.is_some() && hospital.is_some();
    let program = match (title, kind, weeks, fee, starts, status) {
        (Some(title), Some(kind), Some(weeks), Some(fee), Some(starts), Some(status))
            if complete =>
        {
            Some(ProgramDraft {
                slug: slug.clone(),
                title,
                kind,
                weeks,
                fee,
                starts,
                status,
                body,
                details,
            })
        }
        _ => None,
    };
    let value_pos = |key: &str| f.get(key).map_or_else(|| f.key_pos(key), |n| n.pos);
    let marks = Marks {
        starts: value_pos("starts"),
        last_verified: value_pos("last_verified"),
    };
    Item::Program(Box::new(RawProgram {
        file: SourceFile::new(ctx.file.path.clone(), ctx.file.text.clone()),
        program,
        slug,
        specialty,
        hospital,
        refund,
        deposit_pos,
        marks,
    }))
}

/// The optional facts of a program, decoded.
fn details(
    ctx: &mut Ctx,
    f: &decode::Fields,
    base_path: &str,
    links: &mut Vec<LinkCheck>,
    statics: &Statics,
) -> Details {
    let summary = f.opt(ctx, "summary", decode::text);
    let setting = f
        .opt(ctx, "setting", |ctx, n, k| {
            decode::choice(ctx, n, k, Setting::SLUGS)
        })
        .and_then(Setting::from_slug);
    let seats = f.opt(ctx, "seats", |ctx, n, k| {
        decode::integer(ctx, n, k, 0, 1000)
    });
    let hours_per_week = f.opt(ctx, "hours_per_week", |ctx, n, k| {
        decode::integer(ctx, n, k, 1, 100)
    });
    let image = f.get("image").and_then(|n| image(ctx, n, statics));
    let apply_by_days = f.opt(ctx, "apply_by_days", |ctx, n, k| {
        decode::integer(ctx, n, k, 0, 365)
    });
    let preceptor = f.get("preceptor").and_then(|n| preceptor(ctx, n));
    let eligibility = f
        .get("eligibility")
        .map(|n| eligibility(ctx, n))
        .unwrap_or_default();
    let visa = f.get("visa").map(|n| visa(ctx, n)).unwrap_or_default();
    let letter = f
        .opt(ctx, "letter_of_recommendation", |ctx, n, k| {
            decode::choice(ctx, n, k, Letter::SLUGS)
        })
        .and_then(Letter::from_slug);
    let includes = f
        .opt(ctx, "includes", |ctx, n, k| {
            decode::closed_texts(ctx, n, k, "inclusion", vocab::INCLUDES)
        })
        .unwrap_or_default();
    let requirements = f
        .opt(ctx, "requirements", |ctx, n, k| {
            decode::closed_texts(ctx, n, k, "requirement", vocab::REQUIREMENTS)
        })
        .unwrap_or_default();
    let faqs = f
        .get("faqs")
        .map(|n| faqs(ctx, n, base_path, links))
        .unwrap_or_default();
    let last_verified = f.opt(ctx, "last_verified", decode::date);
    let apply_url = f.opt(ctx, "apply_url", config::apply_template);
    let balance_due_days = f.opt(ctx, "balance_due_days", |ctx, n, k| {
        decode::integer(ctx, n, k, 0, 365)
    });
    let deposit_method = f.opt(ctx, "deposit_method", decode::text);
    let aliases = aliases(ctx, f);
    Details {
        summary,
        setting,
        seats,
        hours_per_week,
        image,
        apply_by_days,
        preceptor,
        eligibility,
        visa,
        letter,
        includes,
        requirements,
        faqs,
        last_verified,
        apply_url,
        balance_due_days,
        deposit_method,
        aliases,
    }
}

pub(super) fn slug_ref(ctx: &mut Ctx, node: &Node, field: &str) -> Option<Spanned<String>> {
    let t = decode::spanned_text(ctx, node, field)?;
    // A slug but for case is checked against the known ones (E008 when it
    // matches one) once they are all known.
    if routes::is_slug(&t.value.to_ascii_lowercase()) {
        Some(t)
    } else {
        ctx.error(
            node.pos,
            format!(
                "`{field}` must be a slug (a file name without .md), found `{}`",
                t.value
            ),
            Some(format!(
                "write the file name of the {field}, e.g. `{field}: {}`",
                crate::markdown::slugify(&t.value)
            )),
        );
        None
    }
}

pub(super) fn weeks(ctx: &mut Ctx, node: &Node) -> Option<Vec<u32>> {
    // A single number is accepted as a one-duration list.
    let mut weeks = match &node.value {
        Value::Scalar { .. } => vec![decode::integer(ctx, node, "weeks", 1, 52)?],
        _ => {
            let Value::Seq(items) = &node.value else {
                ctx.error(
                    node.pos,
                    format!(
                        "`weeks` should be a list of numbers of weeks, found {}",
                        node.describe()
                    ),
                    Some("write `weeks: [4, 8, 12]`".to_string()),
                );
                return None;
            };
            let mut seen = HashMap::new();
            let mut out = Vec::new();
            let mut ok = true;
            for item in items {
                match decode::integer(ctx, item, "weeks", 1, 52) {
                    Some(w) => {
                        if let Some(first) = seen.insert(w, item.pos.column) {
                            let _ = first;
                            ctx.error(
                                item.pos,
                                format!("`weeks` lists {w} twice"),
                                Some("list each duration once".to_string()),
                            );
                            ok = false;
                        }
                        out.push(w);
                    }
                    None => ok = false,
                }
            }
            if out.is_empty() && ok {
                ctx.error(
                    node.pos,
                    "`weeks` is empty",
                    Some("list the durations offered, e.g. `weeks: [4, 8]`".to_string()),
                );
                return None;
            }
            if !ok {
                return None;
            }
            out
        }
    };
    weeks.sort_unstable();
    Some(weeks)
}

pub(super) const FEE_FIELDS: &[Field] = &[
    ("per_week", "per_week: 850"),
    ("total", "total: 3200"),
    ("application", "application: 100"),
    ("deposit", "deposit: 300"),
    ("not_included", "not_included: [housing, travel]"),
];

pub(super) fn fee(ctx: &mut Ctx, node: &Node) -> Option<Fee> {
    let f = fields(ctx, node, "fee", FEE_FIELDS)?;
    let per_week = f
        .get("per_week")
        .and_then(|n| decode::money(ctx, n, "fee.per_week"));
    let total = f
        .get("total")
        .and_then(|n| decode::money(ctx, n, "fee.total"));
    let application = f
        .get("application")
        .and_then(|n| decode::money(ctx, n, "fee.application"));
    let deposit = f
        .get("deposit")
        .and_then(|n| decode::money(ctx, n, "fee.deposit"));
    let not_included = f
        .get("not_included")
        .and_then(|n| decode::closed_texts(ctx, n, "fee.not_included", "cost", vocab::NOT_INCLUDED))
        .unwrap_or_default();
    let price = match (f.get("per_week"), f.get("total")) {
        (Some(_), Some(_)) => {
            ctx.error(
                f.key_pos("total"),
                "give either `per_week` or `total`, not both",
                Some("use `per_week` for a weekly fee, or `total` for a fixed price".to_string()),
            );
            return None;
        }
        (None, None) => {
            ctx.error(
                f.pos(),
                "missing required fee field `per_week` (or `total` for a fixed price)",
                Some("add a line like `per_week: 850`".to_string()),
            );
            return None;
        }
        (Some(_), None) => Price::PerWeek(per_week?),
        (None, Some(_)) => Price::Total(total?),
    };
    Some(Fee {
        price,
        application,
        deposit,
        not_included,
    })
}

/// How `starts` is written: its two forms.
const STARTS_HINT: &str = "write start dates as YYYY-MM-DD, `starts: [2027-01-04, 2027-02-01]`, or the one word `starts: rolling` for starts at any time";

pub(super) fn starts(ctx: &mut Ctx, node: &Node) -> Option<Starts> {
    if let Some((t, _)) = node.as_scalar() {
        if t == "rolling" {
            return Some(Starts::Rolling);
        }
        if t.eq_ignore_ascii_case("rolling") {
            decode::case_only(ctx, node.pos, "starts", t, "rolling", false);
            return None;
        }
        // A single date is a one-start list.
        return match decode::parse_date(t) {
            Ok(d) => Some(Starts::Dates(vec![d])),
            Err(why) => {
                ctx.error(
                    node.pos,
                    format!("`starts`: `{t}` is not a valid date ({why})"),
                    Some(STARTS_HINT.to_string()),
                );
                None
            }
        };
    }
    let Value::Seq(items) = &node.value else {
        ctx.error(
            node.pos,
            format!(
                "`starts` should be a list of dates or the word `rolling`, found {}",
                node.describe()
            ),
            Some(STARTS_HINT.to_string()),
        );
        return None;
    };
    let mut dates: Vec<Date> = Vec::new();
    let mut ok = true;
    for item in items {
        match decode::date(ctx, item, "starts") {
            Some(d) if dates.contains(&d) => {
                ctx.error(
                    item.pos,
                    format!("`starts` lists {d} twice"),
                    Some("list each start date once".to_string()),
                );
                ok = false;
            }
            Some(d) => dates.push(d),
            None => ok = false,
        }
    }
    if ok && dates.is_empty() {
        ctx.error(
            node.pos,
            "`starts` is empty",
            Some("list start dates, or write `starts: rolling`".to_string()),
        );
        return None;
    }
    dates.sort();
    ok.then_some(Starts::Dates(dates))
}

pub(super) const PRECEPTOR_FIELDS: &[Field] = &[
    ("name", "name: Dr. A. Example"),
    ("role", "role: attending"),
    ("board_certified", "board_certified: true"),
];

pub(super) fn preceptor(ctx: &mut Ctx, node: &Node) -> Option<Preceptor> {
    let f = fields(ctx, node, "preceptor", PRECEPTOR_FIELDS)?;
    let name = f
        .required(ctx, "name")
        .and_then(|n| decode::text(ctx, n, "preceptor.name"));
    let role = f
        .get("role")
        .and_then(|n| decode::text(ctx, n, "preceptor.role"));
    let board_certified = f
        .get("board_certified")
        .and_then(|n| decode::boolean(ctx, n, "preceptor.board_certified"));
    Some(Preceptor {
        name: name?,
        role,
        board_certified,
    })
}

pub(super) const ELIGIBILITY_FIELDS: &[Field] = &[
    ("usmle_step1", "usmle_step1: recommended"),
    ("usmle_step2ck", "usmle_step2ck: not-required"),
    ("ecfmg_certified", "ecfmg_certified: not-required"),
    ("graduates", "graduates: true"),
    (
        "max_years_since_graduation",
        "max_years_since_graduation: 5",
    ),
];

pub(super) fn eligibility(ctx: &mut Ctx, node: &Node) -> Eligibility {
    let Some(f) = fields(ctx, node, "eligibility", ELIGIBILITY_FIELDS) else {
        return Eligibility::default();
    };
    let requirement = |ctx: &mut Ctx, key: &str| {
        f.get(key)
            .and_then(|n| decode::choice(ctx, n, key, Requirement::SLUGS))
            .and_then(Requirement::from_slug)
    };
    Eligibility {
        usmle_step1: requirement(ctx, "usmle_step1"),
        usmle_step2ck: requirement(ctx, "usmle_step2ck"),
        ecfmg_certified: requirement(ctx, "ecfmg_certified"),
        graduates: f.opt(ctx, "graduates", decode::boolean),
        max_years_since_graduation: f.opt(ctx, "max_years_since_graduation", |ctx, n, k| {
            decode::integer(ctx, n, k, 0, 60)
        }),
    }
}

pub(super) const VISA_FIELDS: &[Field] = &[
    ("required", "required: false"),
    ("accepted", "accepted: [B1/B2]"),
    ("invitation_letter", "invitation_letter: true"),
];

/// The word that says no visa is needed: `visa: not-needed`, the short form
/// of `visa: { required: false }`.
pub(super) const VISA_NOT_NEEDED: &str = "not-needed";

pub(super) fn visa(ctx: &mut Ctx, node: &Node) -> Visa {
    if let Some((t, _)) = node.as_scalar() {
        if t == VISA_NOT_NEEDED {
            return Visa {
                required: Some(false),
                ..Visa::default()
            };
        }
        let hint = match crate::diagnostics::did_you_mean(t, [VISA_NOT_NEEDED]) {
            Some(s) => format!("did you mean `visa: {s}`?"),
            None => "write `visa: not-needed` for a program that needs no visa, or `visa: { accepted: [B1/B2], invitation_letter: true }`".to_string(),
        };
        ctx.error(
            node.pos,
            format!("`visa` should be `not-needed` or the visa fields, found `{t}`"),
            Some(hint),
        );
        return Visa::default();
    }
    let Some(f) = fields(ctx, node, "visa", VISA_FIELDS) else {
        return Visa::default();
    };
    let required = f
        .get("required")
        .and_then(|n| decode::boolean(ctx, n, "visa.required"));
    let accepted = f
        .get("accepted")
        .and_then(|n| decode::closed_texts(ctx, n, "visa.accepted", "visa type", vocab::VISA_TYPES))
        .unwrap_or_default();
    let invitation_letter = f
        .get("invitation_letter")
        .and_then(|n| decode::boolean(ctx, n, "visa.invitation_letter"));
    if required == Some(false) {
        // What a visitor needs no visa for has no visas to accept nor a letter for one.
        let contradicts = [
            ("accepted", !accepted.is_empty()),
            ("invitation_letter", invitation_letter == Some(true)),
        ];
        for (key, present) in contradicts {
            if present {
                ctx.error(
                    f.key_pos(key),
                    format!("`visa.{key}` contradicts `required: false` (no visa needed)"),
                    Some(format!(
                        "remove `{key}`, or write `required: true` if visitors need a visa"
                    )),
                );
            }
        }
    }
    Visa {
        required,
        accepted,
        invitation_letter,
    }
}

// ---------------------------------------------------------------- faqs.yaml, fees.yaml

/// A program as its file says it, before its references are resolved: every
/// field of [`Program`] but the specialty, hospital and refund terms (which
/// name other files) and the derived costs and sessions.
#[derive(Clone)]
pub struct ProgramDraft {
    pub slug: String,
    pub title: String,
    pub kind: ProgramKind,
    pub weeks: Vec<u32>,
    pub fee: Fee,
    pub starts: Starts,
    pub status: Status,
    pub body: Markdown,
    pub details: Details,
}

/// The optional facts of a program.
#[derive(Clone)]
pub struct Details {
    pub summary: Option<String>,
    pub setting: Option<Setting>,
    pub seats: Option<u32>,
    pub hours_per_week: Option<u32>,
    pub image: Option<Image>,
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
    pub balance_due_days: Option<u32>,
    pub deposit_method: Option<String>,
    pub aliases: Vec<Spanned<String>>,
}

impl ProgramDraft {
    /// The program, once its references are resolved and its costs known.
    /// Destructured field by field: a new field does not compile until it
    /// is decided where it goes.
    pub(super) fn resolved(
        self,
        specialty: SpecialtyId,
        hospital: HospitalId,
        refund: Option<Refund>,
        costs: Vec<pricing::Cost>,
    ) -> Program {
        let ProgramDraft {
            slug,
            title,
            kind,
            weeks,
            fee,
            starts,
            status,
            body,
            details:
                Details {
                    summary,
                    setting,
                    seats,
                    hours_per_week,
                    image,
                    apply_by_days,
                    preceptor,
                    eligibility,
                    visa,
                    letter,
                    includes,
                    requirements,
                    faqs,
                    last_verified,
                    apply_url,
                    balance_due_days,
                    deposit_method,
                    aliases,
                },
        } = self;
        Program {
            slug,
            title,
            summary,
            specialty,
            hospital,
            kind,
            setting,
            weeks,
            fee,
            refund,
            starts,
            seats,
            hours_per_week,
            image,
            status,
            apply_by_days,
            preceptor,
            eligibility,
            visa,
            letter,
            includes,
            requirements,
            faqs,
            last_verified,
            apply_url,
            aliases,
            body,
            costs,
            sessions: Vec::new(),
            // The fee policy's defaults and the tier's schedule are filled in by `resolve`.
            balance_due_days,
            deposit_method,
            refund_schedule: Vec::new(),
        }
    }
}
