//! Decoding translations (`<slug>.<lang>.md`, `faqs.<lang>.yaml`): text
//! only. A field that states a fact (a fee, a date, a reference) is an
//! error naming the file it belongs in: the facts are written once, in the
//! default-language file, so the languages cannot disagree (docs/i18n.md).

use super::*;
use crate::content::discover::TranslationFile;
use crate::model::translate::{FeesText, Translation};

const TR_PROGRAM: &[Field] = &[
    ("title", "title: Rotación práctica de medicina interna"),
    (
        "summary",
        "summary: De cuatro a doce semanas en las salas de medicina.",
    ),
    (
        "faqs",
        "faqs: [{ q: ¿Puedo extender mi rotación?, a: Sí. }]",
    ),
];
const TR_SPECIALTY: &[Field] = &[
    ("name", "name: Cardiología"),
    (
        "summary",
        "summary: Interconsultas, ecocardiografía y hemodinamia.",
    ),
];
const TR_HOSPITAL: &[Field] = &[("name", "name: Hospital Universitario Mercy")];
const TR_PAGE: &[Field] = &[
    ("title", "title: Quiénes somos"),
    (
        "description",
        "description: Quiénes somos y cómo elegimos nuestros hospitales.",
    ),
];
const TR_FEES: &[Field] = &[
    ("bundles", "bundles: [{ name: Estancia de dos meses }]"),
    (
        "refund_tiers",
        "refund_tiers: { standard: \"Reembolso total hasta 30 días antes del inicio.\" }",
    ),
    (
        "deposit_method",
        "deposit_method: Con tarjeta o transferencia bancaria",
    ),
    (
        "financial_aid",
        "financial_aid: Ofrecemos reducciones según la necesidad.",
    ),
];
const TR_BUNDLE: &[Field] = &[("name", "name: Estancia de dos meses")];
const TR_TIER: &[Field] = &[(
    "text",
    "text: \"Reembolso total hasta 30 días antes del inicio.\"",
)];
const TR_FAQ: &[Field] = &[
    ("q", "q: ¿Se requiere el USMLE Step 1?"),
    ("a", "a: No para la mayoría de los programas."),
];

/// One decoded translation file.
pub struct DecodedTranslation {
    pub file: TranslationFile,
    /// `None` when the file has errors.
    pub text: Option<Translation>,
    /// Where its FAQ list is, with how many questions it holds, for the
    /// check against the original's (`faqs:` of a program, the list of a
    /// `faqs.<lang>.yaml`); the message is filled in if they differ.
    pub faqs_site: Option<(Diagnostic, usize)>,
    /// `fees.<lang>.yaml`: where its bundle list is, with how many names it
    /// gives, and where each refund tier it names is (checked against
    /// fees.yaml's).
    pub bundles_site: Option<(Diagnostic, usize)>,
    pub tier_sites: Vec<(Diagnostic, String)>,
    pub diagnostics: Vec<Diagnostic>,
    pub links: Vec<LinkCheck>,
}

/// The translatable fields of a kind: (title key, summary key, fields).
fn table(
    kind: Kind,
) -> (
    &'static str,
    &'static str,
    &'static [Field],
    &'static [Field],
) {
    match kind {
        Kind::Program => ("title", "summary", TR_PROGRAM, PROGRAM_FIELDS),
        Kind::Specialty => ("name", "summary", TR_SPECIALTY, SPECIALTY_FIELDS),
        Kind::Hospital => ("name", "", TR_HOSPITAL, HOSPITAL_FIELDS),
        Kind::Page => ("title", "description", TR_PAGE, PAGE_FIELDS),
        Kind::Post => ("title", "description", TR_PAGE, POST_FIELDS),
        Kind::Home => ("title", "description", TR_PAGE, HOME_FIELDS),
        Kind::Faqs => ("q", "a", TR_FAQ, FAQ_FIELDS),
        Kind::Fees => ("", "", TR_FEES, FEES_FIELDS),
    }
}

/// The file a translation translates: `content/programs/x.md`.
pub fn original_path(t: &TranslationFile) -> PathBuf {
    let name = match t.kind {
        Kind::Faqs => "faqs.yaml".to_string(),
        Kind::Fees => "fees.yaml".to_string(),
        _ => format!("{}.md", t.slug),
    };
    t.rel.with_file_name(name)
}

/// Reads and decodes one translation file.
pub fn decode_translation(
    site_dir: &Path,
    t: &TranslationFile,
    base_path: &str,
) -> DecodedTranslation {
    let mut out = DecodedTranslation {
        file: t.clone(),
        text: None,
        faqs_site: None,
        bundles_site: None,
        tier_sites: Vec::new(),
        diagnostics: Vec::new(),
        links: Vec::new(),
    };
    let text = match read(site_dir, &t.rel) {
        Ok(text) => text,
        Err(d) => {
            out.diagnostics.push(d);
            return out;
        }
    };
    let file = SourceFile::new(t.rel.clone(), text);
    let mut ctx = Ctx::new(&file);
    let mut links = Vec::new();
    match t.kind {
        Kind::Fees => {
            if let Some((fees, bundles, tiers)) = fees_file(&mut ctx, t, base_path, &mut links) {
                out.text = Some(Translation {
                    fees: Some(fees),
                    ..Translation::default()
                });
                out.bundles_site = bundles;
                out.tier_sites = tiers;
            }
        }
        kind => {
            let decoded = match kind {
                Kind::Faqs => faqs_file(&mut ctx, base_path, &mut links),
                _ => markdown(&mut ctx, t, base_path, &mut links),
            };
            if let Some((tr, site)) = decoded {
                out.text = Some(tr);
                out.faqs_site = site;
            }
        }
    }
    if ctx.diags.iter().any(Diagnostic::is_error) {
        // A fees translation's bundles and tiers are still checked against fees.yaml.
        out.text = None;
        out.faqs_site = None;
    }
    out.diagnostics = ctx.diags;
    out.links = links;
    out
}

type Decoded = (Translation, Option<(Diagnostic, usize)>);

fn markdown(
    ctx: &mut Ctx,
    t: &TranslationFile,
    base_path: &str,
    links: &mut Vec<LinkCheck>,
) -> Option<Decoded> {
    let FrontMatter {
        root, body, blank, ..
    } = front_matter_and_body(ctx, base_path, links)?;
    let mut tr = Translation {
        body: (!blank).then_some(body),
        ..Translation::default()
    };
    let mut site = None;
    let Some(root) = root.filter(|r| !r.is_null()) else {
        return Some((tr, site));
    };
    let (title_key, summary_key, known, original) = table(t.kind);
    let from = original_path(t).display().to_string();
    let root = text_only(ctx, &root, known, original, &from, true);
    let f = fields(ctx, &root, "translation", known)?;
    tr.title = f.opt(ctx, title_key, decode::text);
    if !summary_key.is_empty() {
        tr.summary = f.opt(ctx, summary_key, decode::text);
    }
    if let Some(n) = f.get("faqs") {
        let list = faq_list(ctx, n, base_path, links);
        site = list.map(|(faqs, site)| {
            let count = faqs.len();
            tr.faqs = faqs;
            (site, count)
        });
    }
    Some((tr, site))
}

/// `faqs.<lang>.yaml`: the questions and answers, in faqs.yaml's order.
fn faqs_file(ctx: &mut Ctx, base_path: &str, links: &mut Vec<LinkCheck>) -> Option<Decoded> {
    let root = parse_yaml(ctx, &ctx.file.text, 1)?;
    let (faqs, site) = faq_list(ctx, &root, base_path, links)?;
    let count = faqs.len();
    Some((
        Translation {
            faqs,
            ..Translation::default()
        },
        Some((site, count)),
    ))
}

type FeesDecoded = (
    FeesText,
    Option<(Diagnostic, usize)>,
    Vec<(Diagnostic, String)>,
);

/// `fees.<lang>.yaml`: bundle names (in fees.yaml's order), refund tiers'
/// sentences (by tier), the deposit method and the financial aid text.
fn fees_file(
    ctx: &mut Ctx,
    t: &TranslationFile,
    base_path: &str,
    links: &mut Vec<LinkCheck>,
) -> Option<FeesDecoded> {
    let root = parse_yaml(ctx, &ctx.file.text, 1)?;
    let from = original_path(t).display().to_string();
    let root = text_only(ctx, &root, TR_FEES, FEES_FIELDS, &from, false);
    let f = fields(ctx, &root, "translation", TR_FEES)?;
    let mut text = FeesText::default();
    let mut bundles_site = None;
    let mut tier_sites = Vec::new();
    if let Some(n) = f.get("bundles") {
        let site = ctx.file.diagnostic(n.pos, Severity::Error, String::new());
        let names = decode::seq(ctx, n, "bundles", |ctx, item| {
            let item = text_only(ctx, item, TR_BUNDLE, BUNDLE_FIELDS, &from, false);
            let b = fields(ctx, &item, "translated bundle", TR_BUNDLE)?;
            b.req(ctx, "name", decode::text)
        });
        if let Some(names) = names {
            bundles_site = Some((site, names.len()));
            text.bundles = names;
        }
    }
    if let Some(n) = f.get("refund_tiers") {
        match &n.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    let Some(name) = decode::text(ctx, k, "refund tier name") else {
                        continue;
                    };
                    let sentence = if matches!(v.value, Value::Map(_)) {
                        let v = text_only(ctx, v, TR_TIER, REFUND_TIER_FIELDS, &from, false);
                        let Some(tier) = fields(ctx, &v, "translated refund tier", TR_TIER) else {
                            continue;
                        };
                        tier.req(ctx, "text", decode::text)
                    } else {
                        decode::text(ctx, v, "refund tier")
                    };
                    if let Some(sentence) = sentence {
                        let site = ctx.file.diagnostic(k.pos, Severity::Error, String::new());
                        tier_sites.push((site, name.clone()));
                        text.refund_tiers.insert(name, sentence);
                    }
                }
            }
            _ => ctx.error(
                n.pos,
                format!(
                    "`refund_tiers` should map tier names to sentences, found {}",
                    n.describe()
                ),
                Some("write `refund_tiers:` then lines like `  standard: \"Reembolso total hasta 30 días antes del inicio.\"`".to_string()),
            ),
        }
    }
    text.deposit_method = f.opt(ctx, "deposit_method", decode::text);
    text.financial_aid = f.get("financial_aid").and_then(|n| {
        let t = decode::text(ctx, n, "financial_aid")?;
        Some(answer_markdown(ctx, &t, n, base_path, links))
    });
    Some((text, bundles_site, tier_sites))
}

/// A list of `{ q, a }`: the questions and answers of FAQs whose topics
/// stay the original's.
fn faq_list(
    ctx: &mut Ctx,
    node: &Node,
    base_path: &str,
    links: &mut Vec<LinkCheck>,
) -> Option<(Vec<(String, Markdown)>, Diagnostic)> {
    let site = ctx
        .file
        .diagnostic(node.pos, Severity::Error, String::new());
    let Value::Seq(items) = &node.value else {
        ctx.error(
            node.pos,
            format!(
                "expected a list of questions (`- q: …` / `  a: …`), found {}",
                node.describe()
            ),
            Some("give each question of the original, in its order, as `- q:` with its answer as `  a:`".to_string()),
        );
        return None;
    };
    let mut out = Vec::new();
    for item in items {
        let item = text_only(
            ctx,
            item,
            TR_FAQ,
            FAQ_FIELDS,
            "the original question",
            false,
        );
        // One question that is not a `q`/`a` map (reported) leaves the others checked.
        let Some(f) = fields(ctx, &item, "translated FAQ", TR_FAQ) else {
            continue;
        };
        let q = f.req(ctx, "q", decode::text);
        let a = f
            .required(ctx, "a")
            .and_then(|n| decode::text(ctx, n, "a").map(|t| (t, n)));
        if let (Some(q), Some((a, a_node))) = (q, a) {
            out.push((q, answer_markdown(ctx, &a, a_node, base_path, links)));
        }
    }
    Some((out, site))
}

/// `node` with only its translatable fields (`known`): a field of the
/// original (`original`) that states a fact is reported as taken `from`
/// there, and left out so that the unknown-field check does not report it
/// again. `markdown`: the translation has a body (its hint says so).
fn text_only(
    ctx: &mut Ctx,
    node: &Node,
    known: &[Field],
    original: &[Field],
    from: &str,
    markdown: bool,
) -> Node {
    let Value::Map(entries) = &node.value else {
        return node.clone();
    };
    let texts: Vec<String> = known.iter().map(|(n, _)| format!("`{n}`")).collect();
    let texts = match markdown {
        true => format!("{} and the Markdown text", texts.join(", ")),
        false => texts.join(", "),
    };
    let kept = entries
        .iter()
        .filter(|(k, _)| {
            let Some((name, _)) = k.as_scalar() else {
                return true;
            };
            let fact = !known.iter().any(|(n, _)| *n == name)
                && original.iter().any(|(n, _)| *n == name);
            if fact {
                ctx.error(
                    k.pos,
                    format!("`{name}` is a fact, which a translation does not repeat: it is taken from {from}"),
                    Some(format!("remove this field; a translation gives only text: {texts}")),
                );
            }
            !fact
        })
        .cloned()
        .collect();
    Node {
        value: Value::Map(kept),
        pos: node.pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::TRANSLATABLE;

    #[test]
    fn the_decoder_and_the_field_table_translate_the_same_fields() {
        for (kind, name) in [
            (Kind::Program, "program"),
            (Kind::Hospital, "hospital"),
            (Kind::Specialty, "specialty"),
            (Kind::Page, "page"),
            (Kind::Post, "post"),
        ] {
            let decoder: Vec<&str> = table(kind).2.iter().map(|(n, _)| *n).collect();
            let listed = TRANSLATABLE.iter().find(|(k, _)| *k == name).unwrap().1;
            assert_eq!(
                decoder, listed,
                "{name}: translation.rs and model::schema::TRANSLATABLE differ"
            );
        }
    }
}
