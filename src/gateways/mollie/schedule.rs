//! When a recurring price's later charges happen and at what amount, as Mollie subscriptions
//! (pure: no calls). The first payment is charge 0; the subscriptions take the rest, one per
//! amount ("phase"): a coupon covering some charges makes a discounted phase and then one at
//! the full price, since a Mollie subscription charges one fixed amount.

use crate::clock::Timestamp;
use crate::domain::discount::Discount;
use crate::domain::product::{Interval, PriceKind, PriceTerms};
use crate::gateways::test::period_after;
use serde::{Deserialize, Serialize};

/// One Mollie subscription to create after the first payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    /// Its place in the order's schedule (1: discounted, 2: full price): kept in its
    /// metadata to find it again.
    pub number: u32,
    /// In minor units.
    pub amount: i64,
    /// How many charges it makes; `None`: until cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Its first charge is this many intervals after the first payment.
    pub after: u32,
}

/// Mollie's `interval`: "1 month", "2 weeks", "14 days" (a year is 12 months).
pub fn interval(terms: &PriceTerms) -> Result<String, String> {
    let interval = terms
        .interval
        .ok_or("a recurring price needs an interval")?;
    let count = terms.interval_count.unwrap_or(1).max(1);
    let (count, unit) = match interval {
        Interval::Day => (count, "day"),
        Interval::Week => (count, "week"),
        Interval::Month => (count, "month"),
        Interval::Year => (count * 12, "month"),
    };
    Ok(match count {
        1 => format!("1 {unit}"),
        n => format!("{n} {unit}s"),
    })
}

/// The subscriptions that charge what follows the first payment.
pub fn phases(terms: &PriceTerms, discount: Option<&Discount>) -> Result<Vec<Phase>, String> {
    // Charges after the first one, in all; `None`: until cancelled.
    let later = match terms.kind {
        PriceKind::OneTime => return Ok(vec![]),
        PriceKind::PaymentPlan => {
            let total = terms
                .installments
                .ok_or("a payment plan needs installments")?;
            Some(total.saturating_sub(1))
        }
        PriceKind::Subscription => None,
    };
    // (amount, times) of the discounted phase, and (first charge, times) of the full-price one.
    let (discounted, full) = match discount.map(|d| (d, d.charges_covered(terms))) {
        // Every charge discounted.
        Some((d, None)) => (Some((d.charge(terms, 1), later)), None),
        // The first `n` charges discounted: the first payment and `n - 1` more.
        Some((d, Some(n))) if n > 1 => {
            let first_phase = n - 1;
            let first_phase = later.map_or(first_phase, |l| first_phase.min(l));
            let rest = later.map(|l| l - first_phase);
            (
                Some((d.charge(terms, 1), Some(first_phase))),
                Some((first_phase + 1, rest)),
            )
        }
        // No coupon, or one on the first payment only.
        _ => (None, Some((1, later))),
    };
    let mut phases = vec![];
    if let Some((amount, times)) = discounted.filter(|(_, t)| *t != Some(0)) {
        phases.push(Phase {
            number: 1,
            amount,
            times,
            after: 1,
        });
    }
    if let Some((after, times)) = full.filter(|(_, t)| *t != Some(0)) {
        phases.push(Phase {
            number: 2,
            amount: terms.amount,
            times,
            after,
        });
    }
    if phases.iter().any(|p| p.amount <= 0) {
        return Err("Mollie cannot charge a subscription of nothing".into());
    }
    Ok(phases)
}

/// `YYYY-MM-DD` (UTC), as Mollie writes dates.
pub fn date(at: Timestamp) -> String {
    let at =
        time::OffsetDateTime::from_unix_timestamp(at).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let d = at.date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A Mollie date (`YYYY-MM-DD`) as the start of that day, UTC.
pub fn parse_date(text: &str) -> Option<Timestamp> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = time::Date::parse(text, &format).ok()?;
    Some(day.midnight().assume_utc().unix_timestamp())
}

/// An RFC 3339 time as Mollie writes `paidAt`, `canceledAt`.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    let format = time::format_description::well_known::Rfc3339;
    Some(
        time::OffsetDateTime::parse(text, &format)
            .ok()?
            .unix_timestamp(),
    )
}

/// The day a phase starts: `after` intervals (Mollie's `interval`) from the first payment.
pub fn start_of(first_paid: Timestamp, interval: &str, after: u32) -> Option<Timestamp> {
    let (unit, count) = parse_interval(interval)?;
    Some((0..after).fold(first_paid, |at, _| period_after(at, unit, count)))
}

/// Mollie's `interval` back to a unit and count ("12 months" → 12 months).
fn parse_interval(text: &str) -> Option<(Interval, u32)> {
    let (count, unit) = text.trim().split_once(' ')?;
    let count: u32 = count.parse().ok().filter(|c| *c > 0)?;
    let unit = match unit.trim_end_matches('s') {
        "day" => Interval::Day,
        "week" => Interval::Week,
        "month" => Interval::Month,
        _ => return None,
    };
    Some((unit, count))
}

/// The day a subscription would next have charged after `after`: the first of its schedule
/// (`startDate`, then every `interval`) past that moment. A cancelled Mollie subscription no
/// longer states its `nextPaymentDate`; this is the end of the period its payments paid for.
pub fn next_charge(start_date: &str, interval: &str, after: Timestamp) -> Option<Timestamp> {
    let mut at = parse_date(start_date)?;
    let (unit, count) = parse_interval(interval)?;
    // Bounded: daily charges for well over a decade.
    for _ in 0..10_000 {
        if at > after {
            return Some(at);
        }
        at = period_after(at, unit, count);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::discount::{Duration, Off};

    const JAN_15: Timestamp = 1_736_899_200; // 2025-01-15T00:00:00Z

    fn terms(kind: PriceKind, installments: Option<u32>) -> PriceTerms {
        PriceTerms {
            kind,
            currency: "EUR".into(),
            amount: 2000,
            interval: Some(Interval::Month),
            interval_count: Some(1),
            installments,
            trial_days: None,
        }
    }

    fn coupon(duration: Duration) -> Discount {
        Discount {
            code: "HALF".into(),
            off: Off::Percent(50),
            duration,
        }
    }

    /// (number, amount, times, first charge's day for a first payment on January 15th)
    fn shape(phases: &[Phase]) -> Vec<(u32, i64, Option<u32>, String)> {
        let start = |p: &Phase| date(start_of(JAN_15 + 3600, "1 month", p.after).unwrap());
        phases
            .iter()
            .map(|p| (p.number, p.amount, p.times, start(p)))
            .collect()
    }

    #[test]
    fn intervals_are_written_as_mollie_reads_them() {
        let mut t = terms(PriceKind::Subscription, None);
        assert_eq!(interval(&t).as_deref(), Ok("1 month"));
        t.interval_count = Some(3);
        assert_eq!(interval(&t).as_deref(), Ok("3 months"));
        t.interval = Some(Interval::Year);
        t.interval_count = Some(1);
        assert_eq!(interval(&t).as_deref(), Ok("12 months"));
        t.interval = Some(Interval::Week);
        t.interval_count = Some(2);
        assert_eq!(interval(&t).as_deref(), Ok("2 weeks"));
    }

    #[test]
    fn a_subscription_charges_from_one_interval_after_the_first_payment_until_cancelled() {
        let phases = phases(&terms(PriceKind::Subscription, None), None).unwrap();
        assert_eq!(shape(&phases), [(2, 2000, None, "2025-02-15".to_string())]);
    }

    #[test]
    fn a_payment_plan_charges_its_remaining_installments() {
        let phases = phases(&terms(PriceKind::PaymentPlan, Some(3)), None).unwrap();
        assert_eq!(
            shape(&phases),
            [(2, 2000, Some(2), "2025-02-15".to_string())]
        );
    }

    #[test]
    fn a_coupon_for_some_months_is_a_discounted_phase_then_the_full_price() {
        let d = coupon(Duration::Repeating { months: 3 });
        let phases = phases(&terms(PriceKind::Subscription, None), Some(&d)).unwrap();
        assert_eq!(
            shape(&phases),
            [
                (1, 1000, Some(2), "2025-02-15".to_string()),
                (2, 2000, None, "2025-04-15".to_string())
            ]
        );
        let plan = phases_of(PriceKind::PaymentPlan, Some(4), &d);
        assert_eq!(
            shape(&plan),
            [
                (1, 1000, Some(2), "2025-02-15".to_string()),
                (2, 2000, Some(1), "2025-04-15".to_string())
            ]
        );
    }

    fn phases_of(kind: PriceKind, installments: Option<u32>, d: &Discount) -> Vec<Phase> {
        phases(&terms(kind, installments), Some(d)).unwrap()
    }

    #[test]
    fn a_coupon_once_discounts_only_the_first_payment_and_forever_every_charge() {
        let once = phases_of(PriceKind::Subscription, None, &coupon(Duration::Once));
        assert_eq!(shape(&once), [(2, 2000, None, "2025-02-15".to_string())]);
        let forever = phases_of(PriceKind::Subscription, None, &coupon(Duration::Forever));
        assert_eq!(shape(&forever), [(1, 1000, None, "2025-02-15".to_string())]);
        let plan = phases_of(PriceKind::PaymentPlan, Some(3), &coupon(Duration::Forever));
        assert_eq!(shape(&plan), [(1, 1000, Some(2), "2025-02-15".to_string())]);
    }

    #[test]
    fn a_cancelled_subscriptions_paid_period_ends_at_its_next_charge() {
        let jan_20 = JAN_15 + 5 * 86_400;
        let next = next_charge("2025-02-15", "1 month", jan_20).unwrap();
        assert_eq!(date(next), "2025-02-15");
        let later = next_charge(
            "2025-02-15",
            "1 month",
            parse_time("2025-03-16T10:00:00+00:00").unwrap(),
        );
        assert_eq!(date(later.unwrap()), "2025-04-15");
        assert_eq!(
            date(next_charge("2025-02-15", "2 weeks", next).unwrap()),
            "2025-03-01"
        );
        assert_eq!(next_charge("15-02-2025", "1 month", 0), None);
        assert_eq!(next_charge("2025-02-15", "monthly", 0), None);
    }
}
