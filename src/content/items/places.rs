//! Decoding specialties and hospitals (with their states and images).

use super::*;

pub(super) const SPECIALTY_FIELDS: &[Field] = &[
    ("name", "name: Internal Medicine"),
    ("category", "category: core"),
    (
        "summary",
        "summary: Adult inpatient and outpatient medicine.",
    ),
    (
        "image",
        "image: { src: /images/ward.svg, alt: A drawing of a hospital ward }",
    ),
    ("aliases", "aliases: [general-medicine]"),
];

pub(super) fn specialty(
    ctx: &mut Ctx,
    root: &Node,
    slug: String,
    body: Markdown,
    statics: &Statics,
) -> Item {
    let Some(f) = fields(ctx, root, "specialty", SPECIALTY_FIELDS) else {
        return Item::Nothing;
    };
    let name = f.req(ctx, "name", decode::text);
    let category = f
        .req(ctx, "category", |ctx, n, k| {
            decode::choice(ctx, n, k, Category::SLUGS)
        })
        .and_then(Category::from_slug);
    let summary = f.req(ctx, "summary", decode::text);
    let image = f.get("image").and_then(|n| image(ctx, n, statics));
    let aliases = aliases(ctx, &f);
    match (name, category, summary) {
        (Some(name), Some(category), Some(summary)) => Item::Specialty(Specialty {
            slug,
            name,
            category,
            summary,
            image,
            body,
            aliases,
        }),
        _ => Item::Nothing,
    }
}

pub(super) const HOSPITAL_FIELDS: &[Field] = &[
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
    ("aliases", "aliases: [mercy-hospital-chicago]"),
];

pub(super) fn hospital(
    ctx: &mut Ctx,
    root: &Node,
    slug: String,
    body: Markdown,
    statics: &Statics,
) -> Item {
    let Some(f) = fields(ctx, root, "hospital", HOSPITAL_FIELDS) else {
        return Item::Nothing;
    };
    let name = f.req(ctx, "name", decode::text);
    let city = f.req(ctx, "city", decode::text);
    let state = f.required(ctx, "state").and_then(|n| state(ctx, n));
    let kind = f
        .req(ctx, "kind", |ctx, n, k| {
            decode::choice(ctx, n, k, HospitalKind::SLUGS)
        })
        .and_then(HospitalKind::from_slug);
    let address = f.opt(ctx, "address", decode::text);
    let residency_affiliated = f.opt(ctx, "residency_affiliated", decode::boolean);
    let beds = f.opt(ctx, "beds", |ctx, n, k| {
        decode::integer(ctx, n, k, 1, 10_000)
    });
    let (housing, housing_cost) = match f.get("housing") {
        None => (None, None),
        Some(n) => housing(ctx, n),
    };
    let website = f.opt(ctx, "website", |ctx, n, k| {
        decode::url(ctx, n, k, Schemes::Http)
    });
    let image = f.get("image").and_then(|n| image(ctx, n, statics));
    let aliases = aliases(ctx, &f);
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
            housing_cost,
            website,
            image,
            body,
            aliases,
        }),
        _ => Item::Nothing,
    }
}

pub(super) const HOUSING_FIELDS: &[Field] = &[
    ("per_week", "per_week: 250"),
    ("note", "note: Shared apartment, 10 minutes' walk"),
];

/// `housing`: `true`/`false`, or what it costs (`{ per_week, note }`, which
/// says it is available).
fn housing(ctx: &mut Ctx, node: &Node) -> (Option<bool>, Option<HousingCost>) {
    if !matches!(node.value, Value::Map(_)) {
        if node.as_scalar().is_none() {
            ctx.error(
                node.pos,
                format!(
                    "`housing` should be true, false or `{{ per_week, note }}`, found {}",
                    node.describe()
                ),
                Some("write `housing: true`, or `housing: { per_week: 250, note: Shared apartment }`".to_string()),
            );
            return (None, None);
        }
        return (decode::boolean(ctx, node, "housing"), None);
    }
    let Some(f) = fields(ctx, node, "housing", HOUSING_FIELDS) else {
        return (None, None);
    };
    let per_week = f
        .required(ctx, "per_week")
        .and_then(|n| decode::money(ctx, n, "housing.per_week"));
    let note = f
        .get("note")
        .and_then(|n| decode::text(ctx, n, "housing.note"));
    match per_week {
        Some(per_week) => (Some(true), Some(HousingCost { per_week, note })),
        None => (None, None),
    }
}

pub(super) fn state(ctx: &mut Ctx, node: &Node) -> Option<&'static str> {
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

pub(super) const IMAGE_FIELDS: &[Field] = &[
    ("src", "src: /images/ward.jpg"),
    ("alt", "alt: Students on rounds with an attending"),
];

pub(super) fn image(ctx: &mut Ctx, node: &Node, statics: &Statics) -> Option<Image> {
    let f = fields(ctx, node, "image", IMAGE_FIELDS)?;
    let src = f.required(ctx, "src").and_then(|n| {
        let t = decode::text(ctx, n, "image.src")?;
        if t.starts_with('/')
            && !t.starts_with("//")
            && !t.contains("..")
            && !t.contains(['\\', '"', '<', '>', ' '])
        {
            let published = t.trim_start_matches('/');
            if statics.contains(published) {
                return match statics.size(published) {
                    Ok(size) => Some((t, size)),
                    Err(problem) => {
                        image_problem(ctx, n.pos, &t, problem);
                        None
                    }
                };
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
        .required(ctx, "alt")
        .and_then(|n| decode::text(ctx, n, "image.alt"));
    let (src, (width, height)) = src?;
    Some(Image {
        src,
        alt: alt?,
        width,
        height,
    })
}

/// An image under static/ whose size cannot be read, reported at its `src`.
fn image_problem(ctx: &mut Ctx, pos: Pos, src: &str, problem: image::Problem) {
    use image::Problem;
    let convert =
        "save it as PNG, JPEG, WebP, GIF or AVIF (or SVG) and point `src` at the new file";
    match problem {
        Problem::Unsupported => ctx.error(
            pos,
            format!(
                "`{src}` is not an image a page can show: use PNG, JPEG, WebP, GIF, AVIF or SVG"
            ),
            Some(convert.to_string()),
        ),
        Problem::Damaged => ctx.error(
            pos,
            format!("the image `{src}` is damaged: its width and height cannot be read"),
            Some("export it again from an image editor; the file may be cut short".to_string()),
        ),
        Problem::SvgWithoutSize => ctx.error(
            pos,
            format!("the SVG image `{src}` states no size"),
            Some(
                "give its <svg> element width=\"…\" and height=\"…\" in pixels, or a viewBox"
                    .to_string(),
            ),
        ),
        Problem::Unreadable(why) => ctx.error(
            pos,
            format!("the image `{src}` cannot be read: {why}"),
            Some(convert.to_string()),
        ),
    }
}

// ---------------------------------------------------------------- programs
