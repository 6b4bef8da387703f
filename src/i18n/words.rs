//! Prices and discounts in words, in a buyer's language. The domain works out the amounts
//! and dates (`PriceTerms`, `Quote`); these only say them, from the `every-`, `price-`,
//! `then-`, `duration-` and `discount-` messages. The dashboard reads them in English.

use super::{money, t_with, Arg, Locale};
use crate::domain::discount::{Duration, Off};
use crate::domain::money::Currency;
use crate::domain::product::{Interval, PriceKind, PriceTerms};
use crate::domain::quote::Quote;

/// "every month", "every 2 years"; empty without an interval.
pub fn every(l: Locale, interval: Option<Interval>, count: u32) -> String {
    match interval {
        Some(i) => t_with(
            l,
            &format!("every-{}", i.as_str()),
            &[("count", count.max(1).into())],
        ),
        None => String::new(),
    }
}

/// The option in words: `$49.00`, `$19.00 every month`, `free for 14 days, then $19.00
/// every month`, `3 × $20.00 every month`.
pub fn price(l: Locale, terms: &PriceTerms) -> String {
    let amount = money(l, terms.amount, terms.currency());
    let every = every(l, terms.interval, terms.interval_count.unwrap_or(1));
    let mut args: Vec<(&str, Arg)> = vec![("amount", (&amount).into()), ("every", (&every).into())];
    let id = match (terms.kind, terms.trial_days.unwrap_or(0)) {
        (PriceKind::OneTime, _) => return amount,
        (PriceKind::Subscription, 0) => "price-recurring",
        (PriceKind::Subscription, days) => {
            args.push(("days", days.into()));
            "price-trial"
        }
        (PriceKind::PaymentPlan, _) => {
            args.push(("count", terms.installments.unwrap_or(0).into()));
            "price-plan"
        }
    };
    t_with(l, id, &args)
}

/// What follows today's charge: "then $15.99 for 2 more months, then $19.99 every month";
/// empty when nothing follows.
pub fn then(l: Locale, q: &Quote) -> String {
    let every = every(l, q.interval, q.interval_count);
    // After a charge today, a run is "more"; after a free trial it is the first.
    let mut fresh = q.trial_ends.is_some();
    let mut parts = vec![];
    for phase in &q.then {
        let amount = money(l, phase.amount, q.currency);
        let more = if fresh { "" } else { "more-" };
        let text = match (q.kind, phase.charges, q.interval) {
            (_, None, _) => t_with(
                l,
                "then-forever",
                &[("amount", (&amount).into()), ("every", (&every).into())],
            ),
            (PriceKind::PaymentPlan, Some(n), _) => t_with(
                l,
                &format!("then-{more}payments"),
                &[
                    ("count", n.into()),
                    ("amount", (&amount).into()),
                    ("every", (&every).into()),
                ],
            ),
            (_, Some(n), Some(unit)) if q.interval_count == 1 => {
                let duration = t_with(
                    l,
                    &format!("duration-{more}{}", unit.as_str()),
                    &[("count", n.into())],
                );
                t_with(
                    l,
                    "then-for",
                    &[
                        ("amount", (&amount).into()),
                        ("duration", (&duration).into()),
                    ],
                )
            }
            (_, Some(n), _) => t_with(
                l,
                &format!("then-{more}times"),
                &[
                    ("amount", (&amount).into()),
                    ("every", (&every).into()),
                    ("count", n.into()),
                ],
            ),
        };
        parts.push(text);
        fresh = false;
    }
    parts.join(", ")
}

/// "20% off", "$5.00 off", and for a recurring price which charges: "for 3 months".
pub fn discount(
    l: Locale,
    off: Off,
    duration: Duration,
    kind: PriceKind,
    currency: Currency,
) -> String {
    let off = match off {
        Off::Percent(p) => t_with(l, "discount-percent", &[("percent", u32::from(p).into())]),
        Off::Amount(a) => t_with(
            l,
            "discount-amount",
            &[("amount", (&money(l, a, currency)).into())],
        ),
    };
    let id = match (kind, duration) {
        (PriceKind::OneTime, _) => return off,
        (_, Duration::Once) => "discount-once",
        (_, Duration::Forever) => "discount-forever",
        (_, Duration::Repeating { .. }) => "discount-months",
    };
    let months = match duration {
        Duration::Repeating { months } => months,
        _ => 0,
    };
    t_with(l, id, &[("off", (&off).into()), ("months", months.into())])
}
