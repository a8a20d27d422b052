//! Decoding each kind of content file, then resolving references between
//! them and computing the derived facts. Every known field of every kind is
//! listed here, in the `*_FIELDS` tables: a field not listed is a typo.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use time::Date;

use super::config;
use super::decode::{self, Ctx, Field, Schemes, SourceFile, fields};
use super::yaml::{Node, Value};
use super::{Kind, LinkCheck, frontmatter, parse_yaml, read, render_markdown};
use crate::diagnostics::{Diagnostic, Severity, did_you_mean};
use crate::model::config::{Config, fill_template};
use crate::model::*;
use crate::routes;

/// One decoded file.
#[derive(Clone)]
pub struct Decoded {
    pub item: Item,
    pub diagnostics: Vec<Diagnostic>,
    pub links: Vec<LinkCheck>,
}

#[derive(Clone)]
pub enum Item {
    Nothing,
    Home(Home),
    Specialty(Specialty),
    Hospital(Hospital),
    Program(Box<RawProgram>),
    Page(Page),
    Post(Post),
    Faqs(Vec<Faq>),
    Fees(FeePolicy),
}

/// Everything decoded, before references are resolved.
#[derive(Default)]
pub struct Parts {
    home: Option<Home>,
    specialties: Vec<Specialty>,
    hospitals: Vec<Hospital>,
    programs: Vec<RawProgram>,
    pages: Vec<Page>,
    posts: Vec<Post>,
    faqs: Vec<Faq>,
    fees: Option<FeePolicy>,
    /// Files that had errors, by kind and stem: not reported again when referenced.
    pub broken: HashSet<(Kind, String)>,
}

impl Parts {
    pub fn add(&mut self, item: Item) {
        match item {
            Item::Nothing => {}
            Item::Home(h) => self.home = Some(h),
            Item::Specialty(s) => self.specialties.push(s),
            Item::Hospital(h) => self.hospitals.push(h),
            Item::Program(p) => self.programs.push(*p),
            Item::Page(p) => self.pages.push(p),
            Item::Post(p) => self.posts.push(p),
            Item::Faqs(f) => self.faqs = f,
            Item::Fees(f) => self.fees = Some(f),
        }
    }
}

/// A program as written, with the positions of what `resolve` still checks.
#[derive(Clone)]
pub struct RawProgram {
    file: SourceFile,
    program: Program,
    specialty: Spanned<String>,
    hospital: Spanned<String>,
    refund: Option<Spanned<String>>,
    /// Where `fee.deposit` is, checked against the totals once bundles are known.
    deposit_pos: Pos,
}

use super::yaml::Pos;

/// Reads and decodes one content file.
pub fn decode_file(
    site_dir: &Path,
    rel: &Path,
    kind: Kind,
    base_path: &str,
    statics: &HashSet<&str>,
) -> Decoded {
    let mut out = Decoded {
        item: Item::Nothing,
        diagnostics: Vec::new(),
        links: Vec::new(),
    };
    let text = match read(site_dir, rel) {
        Ok(t) => t,
        Err(d) => {
            out.diagnostics.push(d);
            return out;
        }
    };
    let file = SourceFile::new(rel.to_path_buf(), text);
    let slug = rel
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut ctx = Ctx::new(&file);
    let mut links = Vec::new();

    let item = match kind {
        Kind::Faqs | Kind::Fees => {
            let root = parse_yaml(&mut ctx, &file.text, 1);
            match (kind, root) {
                (_, None) => Item::Nothing,
                (Kind::Faqs, Some(root)) => {
                    Item::Faqs(faqs(&mut ctx, &root, base_path, &mut links))
                }
                (_, Some(root)) => {
                    fees(&mut ctx, &root, base_path, &mut links).map_or(Item::Nothing, Item::Fees)
                }
            }
        }
        _ => match frontmatter::split(&file.text) {
            Err((pos, message, hint)) => {
                ctx.error(pos, message, Some(hint));
                Item::Nothing
            }
            Ok(split) => {
                let root = parse_yaml(&mut ctx, split.yaml, split.yaml_line);
                let has_syntax_error = ctx.diags.iter().any(Diagnostic::is_error);
                let mut body_diags = Vec::new();
                let body = render_markdown(
                    &file,
                    split.body,
                    split.body_line,
                    base_path,
                    &mut body_diags,
                    &mut links,
                );
                ctx.diags.extend(body_diags);
                let empty = Node {
                    value: Value::Map(Vec::new()),
                    pos: Pos {
                        line: 1,
                        column: 1,
                        len: 3,
                    },
                };
                let root = match root {
                    Some(r) if r.is_null() => empty,
                    Some(r) => r,
                    None if has_syntax_error => return finish(out, ctx, links, Item::Nothing),
                    None => empty,
                };
                match kind {
                    Kind::Home => home(&mut ctx, &root, body),
                    Kind::Specialty => specialty(&mut ctx, &root, slug, body),
                    Kind::Hospital => hospital(&mut ctx, &root, slug, body, statics),
                    Kind::Program => {
                        program(&mut ctx, &root, slug, body, base_path, &mut links, statics)
                    }
                    Kind::Page => page(&mut ctx, &root, slug, body),
                    Kind::Post => post(&mut ctx, &root, slug, body),
                    Kind::Faqs | Kind::Fees => Item::Nothing,
                }
            }
        },
    };
    finish(out, ctx, links, item)
}

fn finish(mut out: Decoded, ctx: Ctx, links: Vec<LinkCheck>, item: Item) -> Decoded {
    let has_errors = ctx.diags.iter().any(Diagnostic::is_error);
    out.diagnostics = ctx.diags;
    out.links = links;
    out.item = if has_errors { Item::Nothing } else { item };
    out
}

// ---------------------------------------------------------------- home, pages, posts

const HOME_FIELDS: &[Field] = &[
    ("title", "title: Clinical rotations for IMGs"),
    (
        "description",
        "description: U.S. clinical experience for international medical graduates",
    ),
];

fn home(ctx: &mut Ctx, root: &Node, body: Markdown) -> Item {
    let Some(f) = fields(ctx, root, "home page", HOME_FIELDS) else {
        return Item::Nothing;
    };
    let title = f.get("title").and_then(|n| decode::text(ctx, n, "title"));
    let description = f
        .get("description")
        .and_then(|n| decode::text(ctx, n, "description"));
    Item::Home(Home {
        title,
        description,
        body,
    })
}

const PAGE_FIELDS: &[Field] = &[
    ("title", "title: About us"),
    (
        "description",
        "description: Who we are and how we choose our hospitals",
    ),
];

fn page(ctx: &mut Ctx, root: &Node, slug: String, body: Markdown) -> Item {
    let Some(f) = fields(ctx, root, "page", PAGE_FIELDS) else {
        return Item::Nothing;
    };
    let title = f
        .required(ctx, PAGE_FIELDS[0])
        .and_then(|n| decode::text(ctx, n, "title"));
    let description = f
        .get("description")
        .and_then(|n| decode::text(ctx, n, "description"));
    match title {
        Some(title) => Item::Page(Page {
            slug,
            title,
            description,
            body,
        }),
        None => Item::Nothing,
    }
}

const POST_FIELDS: &[Field] = &[
    ("title", "title: New rotations in Texas"),
    ("date", "date: 2026-11-01"),
    (
        "description",
        "description: Two new hospitals join our network",
    ),
];

fn post(ctx: &mut Ctx, root: &Node, slug: String, body: Markdown) -> Item {
    let Some(f) = fields(ctx, root, "post", POST_FIELDS) else {
        return Item::Nothing;
    };
    let title = f
        .required(ctx, POST_FIELDS[0])
        .and_then(|n| decode::text(ctx, n, "title"));
    let date = f
        .required(ctx, POST_FIELDS[1])
        .and_then(|n| decode::date(ctx, n, "date"));
    let description = f
        .get("description")
        .and_then(|n| decode::text(ctx, n, "description"));
    match (title, date) {
        (Some(title), Some(date)) => Item::Post(Post {
            slug,
            title,
            date,
            description,
            body,
        }),
        _ => Item::Nothing,
    }
}

// ---------------------------------------------------------------- specialties, hospitals

const SPECIALTY_FIELDS: &[Field] = &[
    ("name", "name: Internal Medicine"),
    ("category", "category: core"),
    (
        "summary",
        "summary: Adult inpatient and outpatient medicine.",
    ),
];

fn specialty(ctx: &mut Ctx, root: &Node, slug: String, body: Markdown) -> Item {
    let Some(f) = fields(ctx, root, "specialty", SPECIALTY_FIELDS) else {
        return Item::Nothing;
    };
    let name = f
        .required(ctx, SPECIALTY_FIELDS[0])
        .and_then(|n| decode::text(ctx, n, "name"));
    let category = f
        .required(ctx, SPECIALTY_FIELDS[1])
        .and_then(|n| decode::choice(ctx, n, "category", Category::SLUGS))
        .and_then(Category::from_slug);
    let summary = f
        .required(ctx, SPECIALTY_FIELDS[2])
        .and_then(|n| decode::text(ctx, n, "summary"));
    match (name, category, summary) {
        (Some(name), Some(category), Some(summary)) => Item::Specialty(Specialty {
            slug,
            name,
            category,
            summary,
            body,
        }),
        _ => Item::Nothing,
    }
}

const HOSPITAL_FIELDS: &[Field] = &[
    ("name", "name: Mercy Teaching Hospital"),
    ("city", "city: Chicago"),
    ("state", "state: IL"),
    ("kind", "kind: teaching-hospital"),
    ("address", "address: 2525 S Michigan Ave, Chicago, IL 60616"),
    ("residency_affiliated", "residency_affiliated: true"),
    ("beds", "beds: 400"),
    ("housing", "housing: true"),
    ("website", "website: https://mercy.example.org"),
    (
        "image",
        "image: { src: /images/mercy.jpg, alt: The main entrance }",
    ),
];

fn hospital(
    ctx: &mut Ctx,
    root: &Node,
    slug: String,
    body: Markdown,
    statics: &HashSet<&str>,
) -> Item {
    let Some(f) = fields(ctx, root, "hospital", HOSPITAL_FIELDS) else {
        return Item::Nothing;
    };
    let name = f
        .required(ctx, HOSPITAL_FIELDS[0])
        .and_then(|n| decode::text(ctx, n, "name"));
    let city = f
        .required(ctx, HOSPITAL_FIELDS[1])
        .and_then(|n| decode::text(ctx, n, "city"));
    let state = f
        .required(ctx, HOSPITAL_FIELDS[2])
        .and_then(|n| state(ctx, n));
    let kind = f
        .required(ctx, HOSPITAL_FIELDS[3])
        .and_then(|n| decode::choice(ctx, n, "kind", HospitalKind::SLUGS))
        .and_then(HospitalKind::from_slug);
    let address = f
        .get("address")
        .and_then(|n| decode::text(ctx, n, "address"));
    let residency_affiliated = f
        .get("residency_affiliated")
        .and_then(|n| decode::boolean(ctx, n, "residency_affiliated"));
    let beds = f
        .get("beds")
        .and_then(|n| decode::integer(ctx, n, "beds", 1, 10_000));
    let housing = f
        .get("housing")
        .and_then(|n| decode::boolean(ctx, n, "housing"));
    let website = f
        .get("website")
        .and_then(|n| decode::url(ctx, n, "website", Schemes::Http));
    let image = f.get("image").and_then(|n| image(ctx, n, statics));
    match (name, city, state, kind) {
        (Some(name), Some(city), Some(state), Some(kind)) => Item::Hospital(Hospital {
            slug,
            name,
            city,
            state,
            kind,
            address,
            residency_affiliated,
            beds,
            housing,
            website,
            image,
            body,
        }),
        _ => Item::Nothing,
    }
}

fn state(ctx: &mut Ctx, node: &Node) -> Option<&'static str> {
    let t = decode::text(ctx, node, "state")?;
    let upper = t.to_ascii_uppercase();
    if let Some((code, _)) = STATES.iter().find(|(c, _)| *c == t) {
        return Some(code);
    }
    let hint = if let Some((code, _)) = STATES.iter().find(|(c, _)| *c == upper) {
        format!("write the code in capitals: `{code}`")
    } else if let Some((code, name)) = STATES.iter().find(|(_, n)| n.eq_ignore_ascii_case(&t)) {
        format!("write the two-letter code for {name}: `{code}`")
    } else {
        "write the USPS two-letter code, e.g. IL, NY, TX".to_string()
    };
    ctx.error(node.pos, format!("`{t}` is not a U.S. state code"), hint);
    None
}

const IMAGE_FIELDS: &[Field] = &[
    ("src", "src: /images/ward.jpg"),
    ("alt", "alt: Students on rounds with an attending"),
];

fn image(ctx: &mut Ctx, node: &Node, statics: &HashSet<&str>) -> Option<Image> {
    let f = fields(ctx, node, "image", IMAGE_FIELDS)?;
    let src = f.required(ctx, IMAGE_FIELDS[0]).and_then(|n| {
        let t = decode::text(ctx, n, "image.src")?;
        if t.starts_with('/')
            && !t.starts_with("//")
            && !t.contains("..")
            && !t.contains(['\\', '"', '<', '>', ' '])
        {
            if statics.contains(t.trim_start_matches('/')) {
                return Some(t);
            }
            ctx.error(
                n.pos,
                format!("image not found: there is no static{t}"),
                Some("put the file under static/ or correct `src`".to_string()),
            );
            None
        } else {
            ctx.error(
                n.pos,
                format!(
                    "`image.src` must be a file under static/, written from the site root: `{t}`"
                ),
                Some(
                    "put the image in static/images/ and write `src: /images/name.jpg`".to_string(),
                ),
            );
            None
        }
    });
    let alt = f
        .required(ctx, IMAGE_FIELDS[1])
        .and_then(|n| decode::text(ctx, n, "image.alt"));
    Some(Image {
        src: src?,
        alt: alt?,
    })
}

// ---------------------------------------------------------------- programs

const PROGRAM_FIELDS: &[Field] = &[
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
];

fn program(
    ctx: &mut Ctx,
    root: &Node,
    slug: String,
    body: Markdown,
    base_path: &str,
    links: &mut Vec<LinkCheck>,
    statics: &HashSet<&str>,
) -> Item {
    let Some(f) = fields(ctx, root, "program", PROGRAM_FIELDS) else {
        return Item::Nothing;
    };
    let req = |ctx: &mut Ctx, i: usize| f.required(ctx, PROGRAM_FIELDS[i]);
    let title = req(ctx, 0).and_then(|n| decode::text(ctx, n, "title"));
    let specialty = req(ctx, 1).and_then(|n| slug_ref(ctx, n, "specialty"));
    let hospital = req(ctx, 2).and_then(|n| slug_ref(ctx, n, "hospital"));
    let kind = req(ctx, 3)
        .and_then(|n| decode::choice(ctx, n, "kind", ProgramKind::SLUGS))
        .and_then(ProgramKind::from_slug);
    let weeks = req(ctx, 4).and_then(|n| weeks(ctx, n));
    let fee_node = req(ctx, 5);
    let fee = fee_node.and_then(|n| fee(ctx, n));
    let starts = req(ctx, 6).and_then(|n| starts(ctx, n));

    let summary = f
        .get("summary")
        .and_then(|n| decode::text(ctx, n, "summary"));
    let setting = f
        .get("setting")
        .and_then(|n| decode::choice(ctx, n, "setting", Setting::SLUGS))
        .and_then(Setting::from_slug);
    let refund = f
        .get("refund")
        .and_then(|n| decode::spanned_text(ctx, n, "refund"));
    let seats = f
        .get("seats")
        .and_then(|n| decode::integer(ctx, n, "seats", 0, 1000));
    let hours_per_week = f
        .get("hours_per_week")
        .and_then(|n| decode::integer(ctx, n, "hours_per_week", 1, 100));
    let image = f.get("image").and_then(|n| image(ctx, n, statics));
    let status = match f.get("status") {
        None => Some(Status::Open),
        Some(n) => decode::choice(ctx, n, "status", Status::SLUGS).and_then(Status::from_slug),
    };
    let apply_by_days = f
        .get("apply_by_days")
        .and_then(|n| decode::integer(ctx, n, "apply_by_days", 0, 365));
    let preceptor = f.get("preceptor").and_then(|n| preceptor(ctx, n));
    let eligibility = f
        .get("eligibility")
        .map(|n| eligibility(ctx, n))
        .unwrap_or_default();
    let visa = f.get("visa").map(|n| visa(ctx, n)).unwrap_or_default();
    let letter = f
        .get("letter_of_recommendation")
        .and_then(|n| decode::choice(ctx, n, "letter_of_recommendation", Letter::SLUGS))
        .and_then(Letter::from_slug);
    let includes = f
        .get("includes")
        .and_then(|n| decode::texts(ctx, n, "includes"))
        .unwrap_or_default();
    let requirements = f
        .get("requirements")
        .and_then(|n| decode::texts(ctx, n, "requirements"))
        .unwrap_or_default();
    let faqs = f
        .get("faqs")
        .map(|n| faqs(ctx, n, base_path, links))
        .unwrap_or_default();
    let last_verified = f
        .get("last_verified")
        .and_then(|n| decode::date(ctx, n, "last_verified"));
    let apply_url = f.get("apply_url").and_then(|n| {
        let t = decode::text(ctx, n, "apply_url")?;
        match config::check_template(&t) {
            Ok(()) => Some(t),
            Err((why, hint)) => {
                ctx.error(n.pos, format!("`apply_url` {why}"), Some(hint));
                None
            }
        }
    });
    let deposit_pos = fee_node
        .and_then(|n| match &n.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_scalar().is_some_and(|(t, _)| t == "deposit"))
                .map(|(_, v)| v.pos),
            _ => None,
        })
        .unwrap_or_default();

    let (
        Some(title),
        Some(specialty),
        Some(hospital),
        Some(kind),
        Some(weeks),
        Some(fee),
        Some(starts),
        Some(status),
    ) = (title, specialty, hospital, kind, weeks, fee, starts, status)
    else {
        return Item::Nothing;
    };
    let program = Program {
        slug,
        title,
        summary,
        specialty: usize::MAX,
        hospital: usize::MAX,
        kind,
        setting,
        weeks,
        fee,
        refund: None,
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
        body,
        costs: Vec::new(),
        sessions: Vec::new(),
    };
    Item::Program(Box::new(RawProgram {
        file: SourceFile::new(ctx.file.path.clone(), ctx.file.text.clone()),
        program,
        specialty,
        hospital,
        refund,
        deposit_pos,
    }))
}

fn slug_ref(ctx: &mut Ctx, node: &Node, field: &str) -> Option<Spanned<String>> {
    let t = decode::spanned_text(ctx, node, field)?;
    if routes::is_slug(&t.value) {
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

fn weeks(ctx: &mut Ctx, node: &Node) -> Option<Vec<u32>> {
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

const FEE_FIELDS: &[Field] = &[
    ("per_week", "per_week: 850"),
    ("total", "total: 3200"),
    ("application", "application: 100"),
    ("deposit", "deposit: 300"),
    ("not_included", "not_included: [housing, travel]"),
];

fn fee(ctx: &mut Ctx, node: &Node) -> Option<Fee> {
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
        .and_then(|n| decode::texts(ctx, n, "fee.not_included"))
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

fn starts(ctx: &mut Ctx, node: &Node) -> Option<Starts> {
    if let Some((t, _)) = node.as_scalar() {
        if t == "rolling" {
            return Some(Starts::Rolling);
        }
        // A single date is a one-start list.
        return decode::date(ctx, node, "starts").map(|d| Starts::Dates(vec![d]));
    }
    let Value::Seq(items) = &node.value else {
        ctx.error(
            node.pos,
            format!(
                "`starts` should be a list of dates or the word `rolling`, found {}",
                node.describe()
            ),
            Some("write `starts: [2027-01-04, 2027-02-01]` or `starts: rolling`".to_string()),
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

const PRECEPTOR_FIELDS: &[Field] = &[
    ("name", "name: Dr. A. Example"),
    ("role", "role: attending"),
    ("board_certified", "board_certified: true"),
];

fn preceptor(ctx: &mut Ctx, node: &Node) -> Option<Preceptor> {
    let f = fields(ctx, node, "preceptor", PRECEPTOR_FIELDS)?;
    let name = f
        .required(ctx, PRECEPTOR_FIELDS[0])
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

const ELIGIBILITY_FIELDS: &[Field] = &[
    ("usmle_step1", "usmle_step1: recommended"),
    ("usmle_step2ck", "usmle_step2ck: not-required"),
    ("ecfmg_certified", "ecfmg_certified: not-required"),
    ("graduates", "graduates: true"),
    (
        "max_years_since_graduation",
        "max_years_since_graduation: 5",
    ),
];

fn eligibility(ctx: &mut Ctx, node: &Node) -> Eligibility {
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
        graduates: f
            .get("graduates")
            .and_then(|n| decode::boolean(ctx, n, "graduates")),
        max_years_since_graduation: f
            .get("max_years_since_graduation")
            .and_then(|n| decode::integer(ctx, n, "max_years_since_graduation", 0, 60)),
    }
}

const VISA_FIELDS: &[Field] = &[
    ("accepted", "accepted: [B1/B2]"),
    ("invitation_letter", "invitation_letter: true"),
];

fn visa(ctx: &mut Ctx, node: &Node) -> Visa {
    let Some(f) = fields(ctx, node, "visa", VISA_FIELDS) else {
        return Visa::default();
    };
    Visa {
        accepted: f
            .get("accepted")
            .and_then(|n| decode::texts(ctx, n, "visa.accepted"))
            .unwrap_or_default(),
        invitation_letter: f
            .get("invitation_letter")
            .and_then(|n| decode::boolean(ctx, n, "visa.invitation_letter")),
    }
}

// ---------------------------------------------------------------- faqs.yaml, fees.yaml

const FAQ_FIELDS: &[Field] = &[
    ("q", "q: Do I need USMLE Step 1 to apply?"),
    ("a", "a: Not necessarily, but it helps."),
    ("topics", "topics: [eligibility]"),
];

fn faqs(ctx: &mut Ctx, node: &Node, base_path: &str, links: &mut Vec<LinkCheck>) -> Vec<Faq> {
    let Value::Seq(items) = &node.value else {
        ctx.error(
            node.pos,
            format!(
                "expected a list of questions (`- q: …` / `  a: …`), found {}",
                node.describe()
            ),
            Some(
                "start each question with `- q:` and put its answer on the next line as `  a:`"
                    .to_string(),
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(f) = fields(ctx, item, "FAQ", FAQ_FIELDS) else {
            continue;
        };
        let q = f
            .required(ctx, FAQ_FIELDS[0])
            .and_then(|n| decode::text(ctx, n, "q"));
        let a = f
            .required(ctx, FAQ_FIELDS[1])
            .and_then(|n| decode::text(ctx, n, "a").map(|t| (t, n)));
        let topics = f
            .get("topics")
            .and_then(|n| decode::texts(ctx, n, "topics"))
            .unwrap_or_default();
        if let (Some(question), Some((answer, a_node))) = (q, a) {
            let answer = answer_markdown(ctx, &answer, a_node, base_path, links);
            out.push(Faq {
                question,
                answer,
                topics,
            });
        }
    }
    out
}

/// Renders a Markdown value that sits inside YAML. Its text is not laid out
/// as in the file (quotes, folding, indentation), so problems point at the value.
fn answer_markdown(
    ctx: &mut Ctx,
    text: &str,
    node: &Node,
    base_path: &str,
    links: &mut Vec<LinkCheck>,
) -> Markdown {
    let mut diags = Vec::new();
    let mut found = Vec::new();
    let md = render_markdown(
        ctx.file,
        text,
        node.pos.line,
        base_path,
        &mut diags,
        &mut found,
    );
    let relocate = |d: &Diagnostic| {
        let mut moved = ctx.file.diagnostic(node.pos, d.severity, d.message.clone());
        moved.hint = d.hint.clone();
        moved
    };
    for d in &diags {
        let moved = relocate(d);
        ctx.diags.push(moved);
    }
    for l in found {
        let diagnostic = relocate(&l.diagnostic);
        links.push(LinkCheck {
            target: l.target,
            diagnostic,
        });
    }
    md
}

const FEES_FIELDS: &[Field] = &[
    (
        "bundles",
        "bundles: [{ name: Long-term placement, min_weeks: 12, discount_percent: 10 }]",
    ),
    (
        "refund_tiers",
        "refund_tiers: { standard: \"Full refund up to 30 days before the start.\" }",
    ),
    (
        "financial_aid",
        "financial_aid: We offer need-based reductions.",
    ),
];

const BUNDLE_FIELDS: &[Field] = &[
    ("name", "name: Long-term placement"),
    ("min_weeks", "min_weeks: 12"),
    ("discount_percent", "discount_percent: 10"),
];

fn fees(
    ctx: &mut Ctx,
    root: &Node,
    base_path: &str,
    links: &mut Vec<LinkCheck>,
) -> Option<FeePolicy> {
    let f = fields(ctx, root, "fees.yaml", FEES_FIELDS)?;
    let mut bundles = Vec::new();
    if let Some(n) = f.get("bundles") {
        bundles = decode::seq(ctx, n, "bundles", |ctx, item| {
            let b = fields(ctx, item, "bundle", BUNDLE_FIELDS)?;
            let name = b
                .required(ctx, BUNDLE_FIELDS[0])
                .and_then(|n| decode::text(ctx, n, "name"));
            let min_weeks = b
                .required(ctx, BUNDLE_FIELDS[1])
                .and_then(|n| decode::integer(ctx, n, "min_weeks", 1, 52));
            let pct = b
                .required(ctx, BUNDLE_FIELDS[2])
                .and_then(|n| decode::integer(ctx, n, "discount_percent", 0, 100));
            Some(Bundle {
                name: name?,
                min_weeks: min_weeks?,
                discount_percent: pct?,
            })
        })
        .unwrap_or_default();
    }
    let mut tiers = BTreeMap::new();
    if let Some(n) = f.get("refund_tiers") {
        match &n.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    let Some(name) = decode::text(ctx, k, "refund tier name") else { continue };
                    if !routes::is_slug(&name) {
                        ctx.error(k.pos, format!("refund tier name `{name}` must be one lowercase word (letters, digits, `-`)"), Some(format!("rename it, e.g. `{}`", crate::markdown::slugify(&name))));
                        continue;
                    }
                    if v.is_null() {
                        ctx.error(k.pos, format!("refund tier `{name}` has no text"), Some("write the refund terms as one sentence after the colon".to_string()));
                        continue;
                    }
                    if let Some(text) = decode::text(ctx, v, "refund tier") {
                        tiers.insert(name, text);
                    }
                }
            }
            _ => ctx.error(n.pos, format!("`refund_tiers` should map tier names to sentences, found {}", n.describe()), Some("write `refund_tiers:` then lines like `  standard: \"Full refund up to 30 days before the start.\"`".to_string())),
        }
    }
    let financial_aid = f.get("financial_aid").and_then(|n| {
        let t = decode::text(ctx, n, "financial_aid")?;
        Some(answer_markdown(ctx, &t, n, base_path, links))
    });
    Some(FeePolicy {
        bundles,
        refund_tiers: super::tiers_by_name(tiers),
        financial_aid,
    })
}

// ---------------------------------------------------------------- resolve

/// Resolves references, computes derived facts and sorts everything into a
/// deterministic order.
pub fn resolve(
    parts: Parts,
    config: Config,
    today: Date,
    static_files: Vec<(PathBuf, String)>,
    diags: &mut Vec<Diagnostic>,
) -> Catalog {
    let Parts {
        home,
        mut specialties,
        mut hospitals,
        programs: raw_programs,
        mut pages,
        mut posts,
        faqs,
        fees,
        broken,
    } = parts;
    let (default_fees, default_home) = super::defaults();
    let fees = fees.unwrap_or(default_fees);
    let home = home.unwrap_or(default_home);
    specialties.sort_by(|a, b| a.slug.cmp(&b.slug));
    hospitals.sort_by(|a, b| a.slug.cmp(&b.slug));
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));

    // Pages must not take the URL of a generated section.
    for p in &pages {
        if routes::RESERVED.contains(&p.slug.as_str()) {
            diags.push(
                Diagnostic::file(
                    format!("content/pages/{}.md", p.slug),
                    Severity::Error,
                    format!(
                        "the page `{}` would replace the generated /{}/ page",
                        p.slug, p.slug
                    ),
                )
                .with_hint("rename the file"),
            );
        }
    }

    let refs = Refs::new(&specialties, &hospitals, &fees, &broken, &config);
    let mut programs: Vec<Program> = raw_programs
        .into_iter()
        .filter_map(|raw| resolve_program(raw, &refs, diags))
        .collect();
    programs.sort_by(|a, b| a.slug.cmp(&b.slug));
    for p in &mut programs {
        p.sessions = schedule(p, &config, today, &specialties, &hospitals);
    }

    Catalog {
        config,
        today,
        home,
        specialties,
        hospitals,
        programs,
        faqs,
        fees,
        pages,
        posts,
        static_files,
    }
}

/// What a program's references are resolved against.
struct Refs<'a> {
    specialties: &'a [Specialty],
    hospitals: &'a [Hospital],
    specialty_index: HashMap<&'a str, usize>,
    hospital_index: HashMap<&'a str, usize>,
    fees: &'a FeePolicy,
    fees_broken: bool,
    broken: &'a HashSet<(Kind, String)>,
    /// The site's currency symbol and code, for messages about money.
    currency: (String, String),
}

impl<'a> Refs<'a> {
    fn new(
        specialties: &'a [Specialty],
        hospitals: &'a [Hospital],
        fees: &'a FeePolicy,
        broken: &'a HashSet<(Kind, String)>,
        config: &Config,
    ) -> Refs<'a> {
        Refs {
            specialties,
            hospitals,
            specialty_index: specialties
                .iter()
                .enumerate()
                .map(|(i, s)| (s.slug.as_str(), i))
                .collect(),
            hospital_index: hospitals
                .iter()
                .enumerate()
                .map(|(i, h)| (h.slug.as_str(), i))
                .collect(),
            fees,
            fees_broken: broken.contains(&(Kind::Fees, "fees".to_string())),
            broken,
            currency: (
                config.currency_symbol.to_string(),
                config.currency.to_string(),
            ),
        }
    }

    fn is_broken(&self, kind: Kind, slug: &str) -> bool {
        self.broken.contains(&(kind, slug.to_string()))
    }
}

/// Resolves one program's references and prices; `None` (with diagnostics)
/// when a reference is wrong. Its sessions are computed by the caller.
fn resolve_program(raw: RawProgram, refs: &Refs, diags: &mut Vec<Diagnostic>) -> Option<Program> {
    // `/programs/page/N/` holds the pages of the program list.
    if raw.program.slug == "page" {
        diags.push(
            Diagnostic::file(
                "content/programs/page.md",
                Severity::Error,
                "the program slug `page` is reserved: /programs/page/ holds the pages of the program list",
            )
            .with_hint("rename the file, e.g. to the specialty and hospital: cardiology-chicago.md"),
        );
    }
    let RawProgram {
        file,
        mut program,
        specialty,
        hospital,
        refund,
        deposit_pos,
    } = raw;
    let mut ctx = Ctx::new(&file);
    let mut ok = true;
    match refs.specialty_index.get(specialty.value.as_str()) {
        Some(&i) => program.specialty = i,
        None if refs.is_broken(Kind::Specialty, &specialty.value) => ok = false,
        None => {
            unknown_ref(
                &mut ctx,
                "specialty",
                &specialty,
                refs.specialties.iter().map(|s| s.slug.as_str()),
                "content/specialties/",
            );
            ok = false;
        }
    }
    match refs.hospital_index.get(hospital.value.as_str()) {
        Some(&i) => program.hospital = i,
        None if refs.is_broken(Kind::Hospital, &hospital.value) => ok = false,
        None => {
            unknown_ref(
                &mut ctx,
                "hospital",
                &hospital,
                refs.hospitals.iter().map(|h| h.slug.as_str()),
                "content/hospitals/",
            );
            ok = false;
        }
    }
    if let Some(refund) = refund {
        let is_tier_name = !refund.value.contains(char::is_whitespace)
            && refund
                .value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if is_tier_name {
            match refs
                .fees
                .refund_tiers
                .iter()
                .find(|(n, _)| *n == refund.value)
            {
                Some((name, text)) => {
                    program.refund = Some(Refund::Tier {
                        name: name.clone(),
                        text: text.clone(),
                    })
                }
                None if refs.fees_broken => ok = false,
                None => {
                    let hint = match did_you_mean(&refund.value, refs.fees.refund_tiers.iter().map(|(n, _)| n.as_str())) {
                        Some(s) => format!("did you mean `{s}`? Or write the refund terms as a sentence"),
                        None if refs.fees.refund_tiers.is_empty() => "content/fees.yaml defines no refund_tiers; add one, or write the refund terms as a sentence".to_string(),
                        None => format!(
                            "the tiers in content/fees.yaml are {}; or write the refund terms as a sentence",
                            refs.fees.refund_tiers.iter().map(|(n, _)| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    ctx.error(
                        refund.pos,
                        format!("unknown refund tier `{}`", refund.value),
                        hint,
                    );
                    ok = false;
                }
            }
        } else {
            program.refund = Some(Refund::Text(refund.value));
        }
    }
    program.costs = pricing::costs(&program.fee, &program.weeks, &refs.fees.bundles);
    // The deposit is part of what is paid: it cannot exceed the lowest total
    // of any offered length, bundle discounts included (unknown while
    // fees.yaml is broken, so not checked then).
    let lowest = program.costs.iter().min_by_key(|c| (c.total, c.weeks));
    if let (Some(deposit), Some(lowest), false) = (program.fee.deposit, lowest, refs.fees_broken)
        && deposit > lowest.total
    {
        let money = |c| pricing::format_money(c, &refs.currency.0, &refs.currency.1);
        ctx.error(
            deposit_pos,
            format!(
                "the deposit ({}) is more than the lowest total of an offered rotation ({} for {} weeks)",
                money(deposit),
                money(lowest.total),
                lowest.weeks
            ),
            Some("the deposit is part of the total (after bundle discounts); lower it or check the fee".to_string()),
        );
        ok = false;
    }
    diags.append(&mut ctx.diags);
    ok.then_some(program)
}

/// Decodes program files again into a resolved catalog (for `serve`): each
/// is resolved against the catalog's specialties, hospitals and fees, as
/// [`resolve`] would. `None` for a file with errors (in `diags`).
pub fn resolve_into(
    raw: RawProgram,
    catalog: &Catalog,
    diags: &mut Vec<Diagnostic>,
) -> Option<Program> {
    let broken = HashSet::new();
    let refs = Refs::new(
        &catalog.specialties,
        &catalog.hospitals,
        &catalog.fees,
        &broken,
        &catalog.config,
    );
    let mut program = resolve_program(raw, &refs, diags)?;
    program.sessions = schedule(
        &program,
        &catalog.config,
        catalog.today,
        &catalog.specialties,
        &catalog.hospitals,
    );
    Some(program)
}

fn unknown_ref<'a>(
    ctx: &mut Ctx,
    what: &str,
    r: &Spanned<String>,
    known: impl Iterator<Item = &'a str> + Clone,
    folder: &str,
) {
    let hint = match did_you_mean(&r.value, known.clone()) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None if known.clone().next().is_none() => format!("there are no files in {folder} yet"),
        None => format!("it must be the name of a file in {folder} without .md"),
    };
    ctx.error(r.pos, format!("unknown {what} \"{}\"", r.value), hint);
}

/// Each start with its deadline, open state and apply link, given the build date.
fn schedule(
    p: &Program,
    config: &Config,
    today: Date,
    specialties: &[Specialty],
    hospitals: &[Hospital],
) -> Vec<Session> {
    let template = p.apply_url.as_deref().or(config.apply.url.as_deref());
    let accepting = p.status != Status::Closed;
    let link = |start: &str| {
        template.map(|t| {
            fill_template(t, &|name| match name {
                "program" => p.slug.clone(),
                "specialty" => specialties[p.specialty].slug.clone(),
                "hospital" => hospitals[p.hospital].slug.clone(),
                "start" => start.to_string(),
                "weeks" => p.weeks.first().map(|w| w.to_string()).unwrap_or_default(),
                _ => String::new(),
            })
        })
    };
    match &p.starts {
        Starts::Rolling => vec![Session {
            date: None,
            deadline: None,
            open: accepting,
            apply_url: if accepting { link("rolling") } else { None },
        }],
        Starts::Dates(dates) => dates
            .iter()
            .map(|&d| {
                let deadline = d.checked_sub(time::Duration::days(i64::from(
                    p.apply_by_days.unwrap_or(0),
                )));
                let open = accepting && deadline.is_some_and(|dl| today <= dl);
                Session {
                    date: Some(d),
                    deadline,
                    open,
                    apply_url: if open { link(&d.to_string()) } else { None },
                }
            })
            .collect(),
    }
}
