//! The fees page: discount bundles, refund tiers, financial aid, and every
//! program's price table.

use rayon::prelude::*;
use serde::Serialize;

use super::Shared;
use crate::render::context::{Fact, tier_label};
use crate::render::{Job, routes};

impl Shared<'_> {
    pub(super) fn fees(&self) -> Job {
        let views = &self.views;
        let cat = views.catalog;
        let bundles: Vec<Fact> = cat
            .fees
            .bundles
            .iter()
            .map(|b| Fact {
                label: b.name.clone(),
                value: views.t(
                    "fees.bundle",
                    Some(i64::from(b.min_weeks)),
                    &[("pct", &b.discount_percent.to_string())],
                ),
            })
            .collect();
        let tiers: Vec<Fact> = cat
            .fees
            .refund_tiers
            .iter()
            .map(|(n, t)| Fact {
                label: tier_label(n),
                value: t.clone(),
            })
            .collect();
        Job::new(
            views,
            routes::fees(),
            "fees.html",
            &views.label("page.fees"),
            &views.label("page.fees_about"),
            vec![],
        )
        .with("bundles", &bundles)
        .with("refund_tiers", &tiers)
        .with(
            "financial_aid",
            &cat.fees.financial_aid.as_ref().map(|m| m.html.clone()),
        )
        .with("prices", &self.prices())
    }

    /// Every program's row in the price table on /fees/.
    fn prices(&self) -> Vec<PriceRow<'_>> {
        let views = &self.views;
        views
            .catalog
            .programs
            .par_iter()
            .zip(&self.cards)
            .map(|(p, card)| PriceRow {
                program: PriceProgram {
                    url: &card.url,
                    title: &card.title,
                    price_basis: &card.price_basis,
                },
                costs: p
                    .costs
                    .iter()
                    .map(|c| PriceCost {
                        weeks: c.weeks,
                        total: views.money(c.total),
                    })
                    .collect(),
            })
            .collect()
    }
}

// Only what the price table shows: the fees page lists every program.
#[derive(Serialize)]
struct PriceProgram<'a> {
    url: &'a str,
    title: &'a str,
    price_basis: &'a str,
}

#[derive(Serialize)]
struct PriceCost {
    weeks: u32,
    total: String,
}

#[derive(Serialize)]
struct PriceRow<'a> {
    program: PriceProgram<'a>,
    costs: Vec<PriceCost>,
}
