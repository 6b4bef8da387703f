//! What a buyer pays for one price option, today and after: the order summary, the pay
//! button and the receipt all read this, so they say the same thing.

use super::discount::{Discount, Duration, Off};
use super::money::Currency;
use super::product::{Interval, PriceKind, PriceTerms};
use super::tax::{BasisPoints, Prices, SaleTax, Treatment};
use crate::clock::Timestamp;

/// One charge at a known time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Charge {
    pub amount: i64,
    pub at: Timestamp,
}

/// A run of equal charges after today's, one per billing interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phase {
    pub amount: i64,
    /// `None`: until the subscription is cancelled.
    pub charges: Option<u32>,
}

/// The applied discount as the summary shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscountLine {
    pub code: String,
    /// Off today's charge (0 during a free trial: it comes off the first charge instead).
    pub off_today: i64,
    pub off: Off,
    pub duration: Duration,
}

/// The order bump's line: its product and price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BumpLine {
    pub product: String,
    /// Per charge: a subscription bump's is billed with each of the subscription's.
    pub amount: i64,
    pub recurring: bool,
}

/// The tax in today's charge, as the summary and the receipt show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxLine {
    pub rate: BasisPoints,
    /// The prices include the tax: the line says how much of the total is tax.
    pub included: bool,
    pub net: i64,
    pub tax: i64,
    /// No VAT charged: the buyer's business accounts for it.
    pub reverse_charge: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub currency: Currency,
    pub kind: PriceKind,
    /// Today's charge for the page's own product before the discount (0 during a free trial).
    pub subtotal: i64,
    pub discount: Option<DiscountLine>,
    /// The tax in what is due today, while tax is on (`with_tax`).
    pub tax: Option<TaxLine>,
    /// The order bump, paid at its full price with the page's own product.
    pub bump: Option<BumpLine>,
    /// What the buyer pays now.
    pub due_today: i64,
    /// When a free trial ends (the first charge is `next_charge`).
    pub trial_ends: Option<Timestamp>,
    /// The first charge after today's, if any.
    pub next_charge: Option<Charge>,
    /// The charges after today's, grouped by amount, in order.
    pub then: Vec<Phase>,
    pub interval: Option<Interval>,
    pub interval_count: u32,
}

const DAY: i64 = 86_400;

impl Quote {
    pub fn new(terms: &PriceTerms, discount: Option<&Discount>, now: Timestamp) -> Quote {
        let currency = terms.currency();
        let trial = match terms.kind {
            PriceKind::Subscription => terms.trial_days.unwrap_or(0),
            _ => 0,
        };
        let charge = |n: u32| discount.map_or(terms.amount, |d| d.charge(terms, n));
        let total = match terms.kind {
            PriceKind::OneTime => Some(1),
            PriceKind::PaymentPlan => Some(terms.installments.unwrap_or(1).max(1)),
            PriceKind::Subscription => None,
        };
        // Charge n falls at `start` plus n intervals; with a trial the first is at its end.
        let start = now + i64::from(trial) * DAY;
        let count = terms.interval_count.unwrap_or(1).max(1);
        let at = |n: u32| after_intervals(start, terms.interval, count * n);
        let first_later = if trial > 0 { 0 } else { 1 };
        let (subtotal, due_today) = match trial {
            0 => (terms.amount, charge(0)),
            _ => (0, 0),
        };
        let next_charge = match total {
            Some(t) if first_later >= t => None,
            _ => Some(Charge {
                amount: charge(first_later),
                at: at(first_later),
            }),
        };
        // Later charges differ at most once (where the discount stops), so two runs suffice.
        let covered = discount.map_or(Some(0), |d| d.charges_covered(terms));
        let mut then = vec![];
        let mut push = |from: u32, to: Option<u32>, amount: i64| match to {
            Some(to) if to <= from => {}
            _ => then.push(Phase {
                amount,
                charges: to.map(|to| to - from),
            }),
        };
        if total != Some(1) {
            match covered {
                None => push(first_later, total, charge(first_later)),
                Some(c) => {
                    let c = c.max(first_later);
                    let end = total.map_or(c, |t| c.min(t));
                    push(first_later, Some(end), charge(first_later));
                    push(end, total, terms.amount);
                }
            }
        }
        Quote {
            currency,
            kind: terms.kind,
            subtotal,
            discount: discount.map(|d| DiscountLine {
                code: d.code.clone(),
                off_today: subtotal - due_today,
                off: d.off,
                duration: d.duration,
            }),
            bump: None,
            tax: None,
            due_today,
            trial_ends: (trial > 0).then_some(start),
            next_charge,
            then,
            interval: terms.interval,
            interval_count: count,
        }
    }

    /// With the order bump ticked. It is never discounted (the coupon is on the page's own
    /// product only). A one-time bump is due today; a subscription bump is billed with the
    /// subscription (same interval, same trial), so it joins today's charge unless a trial
    /// runs, and every charge after.
    pub fn with_bump(self, product: &str, amount: i64, kind: PriceKind) -> Quote {
        let recurring = kind == PriceKind::Subscription && self.kind == PriceKind::Subscription;
        let today = match self.trial_ends {
            Some(_) if recurring => 0,
            _ => amount,
        };
        let later = if recurring { amount } else { 0 };
        Quote {
            due_today: self.due_today + today,
            next_charge: self.next_charge.map(|c| Charge {
                amount: c.amount + later,
                ..c
            }),
            then: (self.then.iter())
                .map(|p| Phase {
                    amount: p.amount + later,
                    ..*p
                })
                .collect(),
            bump: Some(BumpLine {
                product: product.to_string(),
                amount,
                recurring,
            }),
            ..self
        }
    }

    /// Taxed as `sale` says, by `domain::tax`'s rule on each charge: today's, and each one
    /// after it. Apply it last, after the bump: tax is on the whole charge.
    pub fn with_tax(self, sale: &SaleTax) -> Quote {
        // Untaxed (tax off, or no rate for the buyer's country): no tax line at all.
        let Some((treatment, prices)) = sale.applied.filter(|(t, _)| *t != Treatment::NotTaxed)
        else {
            return self;
        };
        let today = sale.taxed(self.due_today);
        Quote {
            due_today: today.total,
            next_charge: self.next_charge.map(|c| Charge {
                amount: sale.gross(c.amount),
                ..c
            }),
            then: (self.then.iter())
                .map(|p| Phase {
                    amount: sale.gross(p.amount),
                    ..*p
                })
                .collect(),
            tax: Some(TaxLine {
                rate: today.rate,
                included: prices == Prices::IncludeTax,
                net: today.net,
                tax: today.tax,
                reverse_charge: treatment == Treatment::ReverseCharge,
            }),
            ..self
        }
    }

    pub fn money(&self, amount: i64) -> String {
        self.currency.format(amount)
    }

    /// What follows today's charge, in English: "then $15.99 for 2 more months, then $19.99
    /// every month"; empty when nothing follows. Buyer pages say it in their language.
    pub fn then_words(&self) -> String {
        crate::i18n::words::then(crate::i18n::Locale::En, self)
    }

    /// The discount in words: "20% off", "$5.00 off for 3 months", "20% off the first payment".
    pub fn discount_words(&self, l: crate::i18n::Locale) -> Option<String> {
        let d = self.discount.as_ref()?;
        Some(crate::i18n::words::discount(
            l,
            d.off,
            d.duration,
            self.kind,
            self.currency,
        ))
    }
}

/// `start` moved on by `n` intervals: calendar months and years (the 31st becomes the
/// month's last day), days and weeks as fixed lengths.
pub fn after_intervals(start: Timestamp, interval: Option<Interval>, n: u32) -> Timestamp {
    match interval {
        None => start,
        Some(Interval::Day) => start + i64::from(n) * DAY,
        Some(Interval::Week) => start + i64::from(n) * 7 * DAY,
        Some(Interval::Month) => add_months(start, n),
        Some(Interval::Year) => add_months(start, n.saturating_mul(12)),
    }
}

/// Calendar months later, at the same time of day, the day clamped to the month's end.
pub fn add_months(ts: Timestamp, months: u32) -> Timestamp {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp(ts) else {
        return ts;
    };
    let total = at.year() * 12 + i32::from(u8::from(at.month())) - 1 + months as i32;
    let (year, month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    let Ok(month) = time::Month::try_from(month) else {
        return ts;
    };
    let day = at.day().min(month.length(year));
    time::Date::from_calendar_date(year, month, day)
        .map(|date| at.replace_date(date).unix_timestamp())
        .unwrap_or(ts)
}

/// "19 Dec 2026": the day a charge falls on (UTC).
pub fn date_words(ts: Timestamp) -> String {
    let format = time::macros::format_description!("[day padding:none] [month repr:short] [year]");
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "quote_tests.rs"]
mod tests;
