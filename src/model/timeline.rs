//! Derived dates of one start: the last day to apply, when the balance
//! falls due and until when each refund holds, counted back from the start
//! date. Pure date arithmetic (the `time` crate's proleptic Gregorian
//! calendar: month ends and leap days fall where they should); no I/O.

use time::{Date, Duration};

/// One step of a refund schedule: cancel at least `days_before` days before
/// the start and `percent` of what was paid comes back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundStep {
    pub days_before: u32,
    pub percent: u32,
}

/// The money and deadline dates of one start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    /// The last day applications are taken.
    pub apply_by: Option<Date>,
    /// The last day to pay the balance (the total less the deposit).
    pub balance_due: Option<Date>,
    /// The last day a cancellation gets everything back.
    pub full_refund_until: Option<Date>,
    /// `(percent, last day)` for each partial refund, soonest first.
    pub partial_refunds: Vec<(u32, Date)>,
}

/// `days` days before `start`; `None` when that falls before the calendar's
/// first day (it never does for real dates).
pub fn days_before(start: Date, days: u32) -> Option<Date> {
    start.checked_sub(Duration::days(i64::from(days)))
}

/// The timeline of a start on `start`. `apply_by_days` and
/// `balance_due_days` count back from the start; the schedule's steps may
/// come in any order (a step of 0 % refunds nothing and gives no date).
pub fn timeline(
    start: Date,
    apply_by_days: Option<u32>,
    balance_due_days: Option<u32>,
    schedule: &[RefundStep],
) -> Timeline {
    let full_refund_until = schedule
        .iter()
        .filter(|s| s.percent >= 100)
        .map(|s| s.days_before)
        .min()
        .and_then(|d| days_before(start, d));
    let mut partial_refunds: Vec<(u32, Date)> = schedule
        .iter()
        .filter(|s| s.percent > 0 && s.percent < 100)
        .filter_map(|s| Some((s.percent, days_before(start, s.days_before)?)))
        // A partial step that ends before the full refund does is never the better one.
        .filter(|(_, d)| full_refund_until.is_none_or(|full| *d > full))
        .collect();
    partial_refunds.sort_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    Timeline {
        apply_by: days_before(start, apply_by_days.unwrap_or(0)),
        balance_due: balance_due_days.and_then(|d| days_before(start, d)),
        full_refund_until,
        partial_refunds,
    }
}

/// Whether a last day has gone by on `today` (the day itself still counts).
pub fn passed(last_day: Date, today: Date) -> bool {
    last_day < today
}

/// Whole months from `from` to `to` (0 when `to` is not later): a month
/// counts once its day of the month is reached, month ends clamped, so
/// January 31 to February 28 is one month.
pub fn months_between(from: Date, to: Date) -> u32 {
    if to <= from {
        return 0;
    }
    let months = (to.year() - from.year()) * 12
        + (i32::from(u8::from(to.month())) - i32::from(u8::from(from.month())));
    let last_of_to_month = time::util::days_in_month(to.month(), to.year());
    let reached = to.day() >= from.day() || to.day() == last_of_to_month;
    let months = if reached { months } else { months - 1 };
    u32::try_from(months.max(0)).unwrap_or(0)
}

/// Whole days from `from` to `to` (0 when `to` is not later).
pub fn days_between(from: Date, to: Date) -> u32 {
    u32::try_from((to - from).whole_days().max(0)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), day).unwrap()
    }

    fn standard() -> Vec<RefundStep> {
        vec![
            RefundStep {
                days_before: 14,
                percent: 50,
            },
            RefundStep {
                days_before: 30,
                percent: 100,
            },
        ]
    }

    #[test]
    fn dates_count_back_from_the_start() {
        let t = timeline(d(2027, 2, 1), Some(45), Some(30), &standard());
        assert_eq!(t.apply_by, Some(d(2026, 12, 18)));
        assert_eq!(t.balance_due, Some(d(2027, 1, 2)));
        assert_eq!(t.full_refund_until, Some(d(2027, 1, 2)));
        assert_eq!(t.partial_refunds, vec![(50, d(2027, 1, 18))]);
    }

    #[test]
    fn month_ends_are_crossed_correctly() {
        // March 31 less 30 days is March 1; less 31 is February 28 (2027 is no leap year).
        assert_eq!(days_before(d(2027, 3, 31), 30), Some(d(2027, 3, 1)));
        assert_eq!(days_before(d(2027, 3, 31), 31), Some(d(2027, 2, 28)));
        // May 1 less 1 day is April 30; January 1 less 1 is the last day of the year before.
        assert_eq!(days_before(d(2027, 5, 1), 1), Some(d(2027, 4, 30)));
        assert_eq!(days_before(d(2027, 1, 1), 1), Some(d(2026, 12, 31)));
    }

    #[test]
    fn leap_days_are_counted() {
        // 2028 is a leap year: March 1 less a day is February 29.
        assert_eq!(days_before(d(2028, 3, 1), 1), Some(d(2028, 2, 29)));
        let t = timeline(d(2028, 3, 30), Some(30), None, &[]);
        assert_eq!(t.apply_by, Some(d(2028, 2, 29)));
        // 2100 is not (divisible by 100, not by 400); 2000 was.
        assert_eq!(days_before(d(2100, 3, 1), 1), Some(d(2100, 2, 28)));
        assert_eq!(days_before(d(2000, 3, 1), 1), Some(d(2000, 2, 29)));
    }

    #[test]
    fn a_deadline_before_the_build_date_has_passed() {
        let today = d(2027, 1, 10);
        let t = timeline(d(2027, 2, 1), Some(14), Some(30), &standard());
        // Still open to apply (until January 18), but the full refund ended on January 2.
        assert!(!passed(t.apply_by.unwrap(), today));
        assert!(passed(t.full_refund_until.unwrap(), today));
        assert!(passed(t.balance_due.unwrap(), today));
        // The last day itself still counts.
        assert!(!passed(today, today));
    }

    #[test]
    fn no_schedule_gives_no_refund_dates_and_zero_days_is_the_start() {
        let t = timeline(d(2027, 2, 1), None, Some(0), &[]);
        assert_eq!(t.apply_by, Some(d(2027, 2, 1)));
        assert_eq!(t.balance_due, Some(d(2027, 2, 1)));
        assert_eq!(t.full_refund_until, None);
        assert!(t.partial_refunds.is_empty());
        let none = timeline(
            d(2027, 2, 1),
            None,
            None,
            &[RefundStep {
                days_before: 7,
                percent: 0,
            }],
        );
        assert_eq!(none.full_refund_until, None);
        assert!(none.partial_refunds.is_empty());
    }

    #[test]
    fn months_and_days_between() {
        assert_eq!(months_between(d(2026, 11, 1), d(2026, 12, 2)), 1);
        assert_eq!(months_between(d(2026, 1, 31), d(2026, 2, 28)), 1);
        assert_eq!(months_between(d(2026, 1, 15), d(2026, 2, 14)), 0);
        assert_eq!(months_between(d(2024, 12, 2), d(2026, 12, 2)), 24);
        assert_eq!(months_between(d(2027, 1, 1), d(2026, 12, 2)), 0);
        assert_eq!(days_between(d(2028, 2, 1), d(2028, 3, 1)), 29);
    }
}
