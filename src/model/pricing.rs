//! Derived money facts: what each offered duration costs in total, with the
//! bundle discount and the one-off fees itemized. Integer cents throughout.

use super::{Bundle, Cents, Fee, Price};

/// The cost of one offered duration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cost {
    pub weeks: u32,
    /// per_week × weeks, or the fixed total.
    pub tuition: Cents,
    /// The best bundle that applies.
    pub discount: Option<Discount>,
    pub application: Cents,
    /// tuition − discount + application: what the trainee pays in all.
    pub total: Cents,
    /// The part of the tuition due on acceptance.
    pub deposit: Option<Cents>,
}

/// A bundle discount as applied to one duration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discount {
    /// The bundle's name.
    pub name: String,
    pub percent: u32,
    /// What it takes off the tuition.
    pub amount: Cents,
}

/// Costs for each duration, in the order offered. Bundles apply to per-week
/// prices only; a fixed total is the price whatever the length.
pub fn costs(fee: &Fee, weeks: &[u32], bundles: &[Bundle]) -> Vec<Cost> {
    weeks
        .iter()
        .map(|&w| {
            let (tuition, discount) = match fee.price {
                Price::PerWeek(per_week) => {
                    let tuition = Cents(per_week.0 * i64::from(w));
                    let best = bundles
                        .iter()
                        .filter(|b| w >= b.min_weeks && b.discount_percent > 0)
                        .max_by_key(|b| (b.discount_percent, std::cmp::Reverse(b.name.clone())));
                    let discount = best.map(|b| Discount {
                        name: b.name.clone(),
                        percent: b.discount_percent,
                        amount: percent_of(tuition, b.discount_percent),
                    });
                    (tuition, discount)
                }
                Price::Total(total) => (total, None),
            };
            let application = fee.application.unwrap_or_default();
            let off = discount.as_ref().map_or(0, |d| d.amount.0);
            Cost {
                weeks: w,
                tuition,
                discount,
                application,
                total: Cents(tuition.0 - off + application.0),
                deposit: fee.deposit,
            }
        })
        .collect()
}

/// `percent`% of an amount, rounded half up to the cent.
pub fn percent_of(amount: Cents, percent: u32) -> Cents {
    Cents((amount.0 * i64::from(percent) + 50) / 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fee(per_week: i64) -> Fee {
        Fee {
            price: Price::PerWeek(Cents(per_week * 100)),
            application: Some(Cents(10_000)),
            deposit: Some(Cents(30_000)),
            not_included: vec![],
        }
    }

    fn bundles() -> Vec<Bundle> {
        vec![
            Bundle {
                name: "Two months".into(),
                min_weeks: 8,
                discount_percent: 5,
            },
            Bundle {
                name: "Long-term".into(),
                min_weeks: 12,
                discount_percent: 10,
            },
        ]
    }

    #[test]
    fn totals_apply_the_best_bundle_and_add_the_application_fee() {
        let c = costs(&fee(850), &[4, 8, 12], &bundles());
        assert_eq!(c[0].tuition, Cents(340_000));
        assert_eq!(c[0].discount, None);
        assert_eq!(c[0].total, Cents(350_000));
        assert_eq!(
            c[1].discount,
            Some(Discount {
                name: "Two months".into(),
                percent: 5,
                amount: Cents(34_000)
            })
        );
        assert_eq!(c[1].total, Cents(680_000 - 34_000 + 10_000));
        assert_eq!(c[2].discount.as_ref().unwrap().name, "Long-term");
        assert_eq!(c[2].total, Cents(1_020_000 - 102_000 + 10_000));
    }

    #[test]
    fn fixed_totals_get_no_bundle() {
        let f = Fee {
            price: Price::Total(Cents(150_000)),
            application: None,
            deposit: None,
            not_included: vec![],
        };
        let c = costs(&f, &[12], &bundles());
        assert_eq!(c[0].total, Cents(150_000));
        assert_eq!(c[0].discount, None);
    }

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(percent_of(Cents(333), 10), Cents(33));
        assert_eq!(percent_of(Cents(335), 10), Cents(34));
    }

    #[test]
    fn money_is_grouped() {
        let money = |c, code| crate::model::locale::locale("en").money(c, code);
        assert_eq!(money(Cents(123_456_700), "USD"), "$1,234,567");
        assert_eq!(money(Cents(99_950), "USD"), "$999.50");
        assert_eq!(money(Cents(5), "XYZ"), "0.05 XYZ");
    }
}
