//! What a coupon takes off a price, and which charges it covers. The checkout charges with
//! this, the summary and receipt show it, and renewals are matched against it, so the three
//! always agree.

use super::product::{Interval, PriceKind, PriceTerms};

/// How much comes off each covered charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Off {
    /// Whole percent, 1 to 100.
    Percent(u8),
    /// Minor units of the price's own currency (a fixed coupon applies only in its currency).
    Amount(i64),
}

/// Which charges of a subscription or payment plan the discount covers (Stripe's words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duration {
    Once,
    Forever,
    /// Charges made within this many months of the first one.
    Repeating {
        months: u32,
    },
}

/// A coupon as it applies to one checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discount {
    /// As the merchant wrote it (codes match case-insensitively).
    pub code: String,
    pub off: Off,
    pub duration: Duration,
}

impl Discount {
    /// What comes off one charge of `amount`: never more than the charge itself. Percentages
    /// round half up to the minor unit, as Stripe does.
    pub fn off_amount(&self, amount: i64) -> i64 {
        let off = match self.off {
            Off::Percent(p) => (amount * i64::from(p) + 50) / 100,
            Off::Amount(a) => a,
        };
        off.clamp(0, amount.max(0))
    }

    /// Whether charge `n` (0 is the first, after any trial) of these terms is discounted.
    pub fn covers_charge(&self, terms: &PriceTerms, n: u32) -> bool {
        match (terms.kind, self.duration) {
            (PriceKind::OneTime, _) => n == 0,
            (_, Duration::Once) => n == 0,
            (_, Duration::Forever) => true,
            (_, Duration::Repeating { months }) => months_after_first(terms, n) < months,
        }
    }

    /// The discounted charges a processor is asked to take, beside the full price: the first
    /// charge (unless it is free: a free one-time order needs no processor, a free first
    /// period is a free trial cycle), and for a coupon on every charge the price it leaves.
    pub fn charges_to_check(&self, terms: &PriceTerms) -> Vec<PriceTerms> {
        let at = |amount| PriceTerms {
            amount,
            ..terms.clone()
        };
        let first = self.charge(terms, 0);
        let mut charges: Vec<PriceTerms> = (first > 0).then(|| at(first)).into_iter().collect();
        if terms.kind != PriceKind::OneTime && self.duration == Duration::Forever && first == 0 {
            charges.push(at(0)); // nothing to charge, ever: a processor refuses it
        }
        charges
    }

    /// The amount of charge `n` once discounted (the full price when not covered).
    pub fn charge(&self, terms: &PriceTerms, n: u32) -> i64 {
        match self.covers_charge(terms, n) {
            true => terms.amount - self.off_amount(terms.amount),
            false => terms.amount,
        }
    }

    /// How many charges in a row from the first are discounted; `None` for all of them.
    pub fn charges_covered(&self, terms: &PriceTerms) -> Option<u32> {
        let total = match terms.kind {
            PriceKind::OneTime => return Some(1),
            PriceKind::PaymentPlan => terms.installments,
            PriceKind::Subscription => None,
        };
        let covered = match self.duration {
            Duration::Once => Some(1),
            Duration::Forever => None,
            Duration::Repeating { .. } => {
                // Charges come in order, so the covered ones are a prefix: at most a daily price's
                // charges over the longest coupon.
                let longest = (super::coupon::MAX_MONTHS * 31 + 1) as u32;
                let limit = total.unwrap_or(u32::MAX).min(longest);
                Some(
                    (0..limit)
                        .take_while(|&n| self.covers_charge(terms, n))
                        .count() as u32,
                )
            }
        };
        match (covered, total) {
            (Some(c), Some(t)) => Some(c.min(t)),
            (None, Some(t)) => Some(t),
            (c, None) => c,
        }
    }
}

/// Whole months between the first charge and charge `n`, as a calendar counts them.
fn months_after_first(terms: &PriceTerms, n: u32) -> u32 {
    let count = terms.interval_count.unwrap_or(1);
    let steps = n.saturating_mul(count);
    match terms.interval {
        Some(Interval::Year) => steps.saturating_mul(12),
        Some(Interval::Month) | None => steps,
        // 30-day months for the short intervals: day 30 is the first day of month two.
        Some(Interval::Week) => steps.saturating_mul(7) / 30,
        Some(Interval::Day) => steps / 30,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(kind: PriceKind, interval: Option<Interval>, installments: Option<u32>) -> PriceTerms {
        PriceTerms {
            kind,
            currency: "USD".into(),
            amount: 1999,
            interval,
            interval_count: interval.map(|_| 1),
            installments,
            trial_days: None,
        }
    }

    fn discount(off: Off, duration: Duration) -> Discount {
        Discount {
            code: "LAUNCH".into(),
            off,
            duration,
        }
    }

    #[test]
    fn percentages_round_half_up_and_fixed_amounts_never_exceed_the_charge() {
        let ten = discount(Off::Percent(10), Duration::Once);
        assert_eq!(ten.off_amount(1999), 200); // 199.9
        assert_eq!(ten.off_amount(1995), 200); // 199.5 rounds up
        assert_eq!(ten.off_amount(1994), 199);
        assert_eq!(
            discount(Off::Percent(100), Duration::Once).off_amount(4900),
            4900
        );
        assert_eq!(
            discount(Off::Amount(5000), Duration::Once).off_amount(4900),
            4900
        );
        assert_eq!(
            discount(Off::Amount(500), Duration::Once).off_amount(4900),
            500
        );
    }

    #[test]
    fn the_charges_a_processor_is_asked_to_take_are_the_discounted_ones() {
        let amounts = |d: Discount, t: &PriceTerms| -> Vec<i64> {
            d.charges_to_check(t).iter().map(|c| c.amount).collect()
        };
        let once = terms(PriceKind::OneTime, None, None);
        let monthly = terms(PriceKind::Subscription, Some(Interval::Month), None);
        let ten = || discount(Off::Percent(10), Duration::Forever);
        assert_eq!(amounts(ten(), &once), [1799]);
        assert_eq!(amounts(ten(), &monthly), [1799]);
        // Free today: no processor for a one-time price, a free first period for a subscription.
        let free = |duration| discount(Off::Percent(100), duration);
        assert!(amounts(free(Duration::Once), &once).is_empty());
        assert!(amounts(free(Duration::Once), &monthly).is_empty());
        // Free for ever: a subscription of nothing, which a processor may refuse.
        assert_eq!(amounts(free(Duration::Forever), &monthly), [0]);
    }

    #[test]
    fn once_forever_and_repeating_cover_the_charges_they_name() {
        let monthly = terms(PriceKind::Subscription, Some(Interval::Month), None);
        let once = discount(Off::Percent(50), Duration::Once);
        let forever = discount(Off::Percent(50), Duration::Forever);
        let three = discount(Off::Percent(50), Duration::Repeating { months: 3 });
        assert_eq!(
            (once.charge(&monthly, 0), once.charge(&monthly, 1)),
            (999, 1999)
        );
        assert_eq!(forever.charge(&monthly, 40), 999);
        assert!(three.covers_charge(&monthly, 2) && !three.covers_charge(&monthly, 3));
        assert_eq!(three.charges_covered(&monthly), Some(3));
        assert_eq!(forever.charges_covered(&monthly), None);
        let yearly = terms(PriceKind::Subscription, Some(Interval::Year), None);
        assert_eq!(three.charges_covered(&yearly), Some(1));
        let weekly = terms(PriceKind::Subscription, Some(Interval::Week), None);
        assert_eq!(
            discount(Off::Percent(5), Duration::Repeating { months: 1 }).charges_covered(&weekly),
            Some(5)
        );
    }

    #[test]
    fn a_payment_plan_is_covered_at_most_for_its_installments_and_one_time_once() {
        let plan = terms(PriceKind::PaymentPlan, Some(Interval::Month), Some(3));
        assert_eq!(
            discount(Off::Amount(100), Duration::Forever).charges_covered(&plan),
            Some(3)
        );
        assert_eq!(
            discount(Off::Amount(100), Duration::Repeating { months: 12 }).charges_covered(&plan),
            Some(3)
        );
        let once = terms(PriceKind::OneTime, None, None);
        assert_eq!(
            discount(Off::Amount(100), Duration::Forever).charges_covered(&once),
            Some(1)
        );
    }
}
