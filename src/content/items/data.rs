//! Decoding the data files: `faqs.yaml` and `fees.yaml` (and a program's own FAQs).

use super::*;

pub(super) const FAQ_FIELDS: &[Field] = &[
    ("q", "q: Do I need USMLE Step 1 to apply?"),
    ("a", "a: Not necessarily, but it helps."),
    ("topics", "topics: [eligibility]"),
];

pub(super) fn faqs(
    ctx: &mut Ctx,
    node: &Node,
    base_path: &str,
    links: &mut Vec<LinkCheck>,
) -> Vec<Faq> {
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
        let q = f.req(ctx, "q", decode::text);
        let a = f
            .required(ctx, "a")
            .and_then(|n| decode::text(ctx, n, "a").map(|t| (t, n)));
        let topics = f.opt(ctx, "topics", decode::texts).unwrap_or_default();
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
pub(super) fn answer_markdown(
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

pub(super) const FEES_FIELDS: &[Field] = &[
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
    ("balance_due_days", "balance_due_days: 30"),
    (
        "deposit_method",
        "deposit_method: By card or bank transfer within 7 days of acceptance",
    ),
];

pub(super) const REFUND_TIER_FIELDS: &[Field] = &[
    (
        "text",
        "text: \"Full refund up to 30 days before the start; 50% up to 14 days before.\"",
    ),
    (
        "schedule",
        "schedule: [{ days_before: 30, percent: 100 }, { days_before: 14, percent: 50 }]",
    ),
];

pub(super) const REFUND_STEP_FIELDS: &[Field] = &[
    ("days_before", "days_before: 30"),
    ("percent", "percent: 100"),
];

pub(super) const BUNDLE_FIELDS: &[Field] = &[
    ("name", "name: Long-term placement"),
    ("min_weeks", "min_weeks: 12"),
    ("discount_percent", "discount_percent: 10"),
];

pub(super) fn fees(
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
            let name = b.req(ctx, "name", decode::text);
            let min_weeks = b.req(ctx, "min_weeks", |ctx, n, k| {
                decode::integer(ctx, n, k, 1, 52)
            });
            let pct = b.req(ctx, "discount_percent", |ctx, n, k| {
                decode::integer(ctx, n, k, 0, 100)
            });
            Some(Bundle {
                name: name?,
                min_weeks: min_weeks?,
                discount_percent: pct?,
            })
        })
        .unwrap_or_default();
    }
    let mut tiers = BTreeMap::new();
    let mut schedules = BTreeMap::new();
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
                    if matches!(v.value, Value::Map(_)) {
                        // `{ text, schedule }`: the sentence shown, and the steps dated per start.
                        let Some(t) = fields(ctx, v, "refund tier", REFUND_TIER_FIELDS) else { continue };
                        let text = t.req(ctx, "text", decode::text);
                        let steps = t.opt(ctx, "schedule", |ctx, n, _| refund_schedule(ctx, n, &name));
                        if let Some(text) = text {
                            if let Some(steps) = steps {
                                schedules.insert(name.clone(), steps);
                            }
                            tiers.insert(name, text);
                        }
                    } else if let Some(text) = decode::text(ctx, v, "refund tier") {
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
    let balance_due_days = f.opt(ctx, "balance_due_days", |ctx, n, k| {
        decode::integer(ctx, n, k, 0, 365)
    });
    let deposit_method = f.opt(ctx, "deposit_method", decode::text);
    Some(FeePolicy {
        bundles,
        refund_tiers: tiers.into_iter().collect(),
        financial_aid,
        refund_schedules: schedules.into_iter().collect(),
        balance_due_days,
        deposit_method,
    })
}

/// A refund tier's `schedule`: steps of `days_before` and `percent`, each
/// day count once, refunding no more nearer the start. Sorted, furthest
/// from the start first.
fn refund_schedule(ctx: &mut Ctx, node: &Node, tier: &str) -> Option<Vec<RefundStep>> {
    let mut ok = true;
    let mut steps: Vec<(RefundStep, Pos)> = decode::seq(ctx, node, "schedule", |ctx, item| {
        let f = fields(ctx, item, "refund step", REFUND_STEP_FIELDS);
        let Some(f) = f else {
            ok = false;
            return None;
        };
        let days_before = f.req(ctx, "days_before", |ctx, n, k| {
            decode::integer(ctx, n, k, 0, 365)
        });
        let percent = f.req(ctx, "percent", |ctx, n, k| {
            decode::integer(ctx, n, k, 0, 100)
        });
        match (days_before, percent) {
            (Some(days_before), Some(percent)) => Some((
                RefundStep {
                    days_before,
                    percent,
                },
                item.pos,
            )),
            _ => {
                ok = false;
                None
            }
        }
    })?;
    steps.sort_by_key(|s| std::cmp::Reverse(s.0.days_before));
    for pair in steps.windows(2) {
        let ((far, _), (near, pos)) = (&pair[0], &pair[1]);
        if far.days_before == near.days_before {
            ctx.error(
                *pos,
                format!(
                    "the refund schedule of `{tier}` lists {} days before twice",
                    near.days_before
                ),
                Some("give each number of days once".to_string()),
            );
            ok = false;
        } else if near.percent > far.percent {
            ctx.error(
                *pos,
                format!(
                    "the refund schedule of `{tier}` refunds more nearer the start: {}% at {} days before, but {}% at {}",
                    near.percent, near.days_before, far.percent, far.days_before
                ),
                Some("a later cancellation gets back the same or less; check the percentages".to_string()),
            );
            ok = false;
        }
    }
    ok.then(|| steps.into_iter().map(|(s, _)| s).collect())
}

// ---------------------------------------------------------------- resolve
