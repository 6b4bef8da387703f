//! What Paystack can charge: its currencies (amounts in subunits, 100 to the unit, as tagcart
//! stores them), its minimums, and the plan intervals it has names for.

use crate::domain::product::{Interval, PriceKind, PriceTerms};

/// Paystack's currencies with their documented minimum charge, in subunits.
const CURRENCIES: &[(&str, i64)] = &[
    ("NGN", 50_00),
    ("GHS", 10),
    ("ZAR", 1_00),
    ("KES", 3_00),
    ("USD", 2_00),
];

/// A plan's `interval`: Paystack names six, and a recurring price must be one of them.
pub fn plan_interval(interval: Interval, count: u32) -> Option<&'static str> {
    Some(match (interval, count) {
        (Interval::Day, 1) => "daily",
        (Interval::Week, 1) => "weekly",
        (Interval::Month, 1) => "monthly",
        (Interval::Month, 3) => "quarterly",
        (Interval::Month, 6) => "biannually",
        (Interval::Month, 12) | (Interval::Year, 1) => "annually",
        _ => return None,
    })
}

/// Ok when Paystack can take this price; otherwise a sentence for the buyer and the merchant
/// (shown beside the payment method on the checkout page).
pub fn check_price(terms: &PriceTerms) -> Result<(), String> {
    let code = terms.currency.as_str();
    let Some((_, minimum)) = CURRENCIES.iter().find(|(c, _)| *c == code) else {
        let taken = CURRENCIES.iter().map(|(c, _)| *c);
        return Err(crate::gateways::currency_refused("Paystack", code, taken));
    };
    if terms.amount < *minimum {
        return Err(format!(
            "Paystack charges at least {}.{:02} {code}.",
            minimum / 100,
            minimum % 100
        ));
    }
    if terms.kind == PriceKind::OneTime {
        return Ok(());
    }
    if terms.trial_days.unwrap_or(0) > 0 {
        return Err(
            "Paystack plans have no free trial: please choose another payment method.".into(),
        );
    }
    let interval = terms
        .interval
        .ok_or("a recurring price needs an interval")?;
    match plan_interval(interval, terms.interval_count.unwrap_or(1)) {
        Some(_) => Ok(()),
        None => Err(
            "Paystack plans renew daily, weekly, monthly, quarterly, every six months or yearly \
             only: please choose another payment method."
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(kind: PriceKind, currency: &str, amount: i64) -> PriceTerms {
        PriceTerms {
            kind,
            currency: currency.into(),
            amount,
            interval: (kind != PriceKind::OneTime).then_some(Interval::Month),
            interval_count: Some(1),
            installments: (kind == PriceKind::PaymentPlan).then_some(3),
            trial_days: None,
        }
    }

    #[test]
    fn paystacks_currencies_above_their_minimum_are_taken() {
        assert_eq!(check_price(&terms(PriceKind::OneTime, "NGN", 5000)), Ok(()));
        assert_eq!(check_price(&terms(PriceKind::OneTime, "USD", 4900)), Ok(()));
        // Ghana's cedi: a currency tagcart prices in, too.
        assert_eq!(check_price(&terms(PriceKind::OneTime, "GHS", 10)), Ok(()));
        assert!(crate::domain::money::Currency::from_code("GHS").is_some());
        assert_eq!(
            check_price(&terms(PriceKind::Subscription, "KES", 300)),
            Ok(())
        );
        assert_eq!(
            check_price(&terms(PriceKind::PaymentPlan, "ZAR", 100)),
            Ok(())
        );
    }

    #[test]
    fn other_currencies_and_smaller_amounts_are_refused_in_words() {
        let eur = check_price(&terms(PriceKind::OneTime, "EUR", 4900)).unwrap_err();
        assert!(
            eur.starts_with("Paystack does not take payments in EUR."),
            "{eur}"
        );
        assert!(eur.contains("NGN, GHS, ZAR, KES, USD"), "{eur}");
        let small = check_price(&terms(PriceKind::OneTime, "NGN", 4999)).unwrap_err();
        assert_eq!(small, "Paystack charges at least 50.00 NGN.");
        let small = check_price(&terms(PriceKind::OneTime, "USD", 199)).unwrap_err();
        assert_eq!(small, "Paystack charges at least 2.00 USD.");
    }

    #[test]
    fn only_paystacks_intervals_and_no_trials_are_taken_for_plans() {
        let mut every_two_months = terms(PriceKind::Subscription, "USD", 1900);
        every_two_months.interval_count = Some(2);
        assert!(check_price(&every_two_months)
            .unwrap_err()
            .contains("quarterly"));
        let mut trial = terms(PriceKind::Subscription, "USD", 1900);
        trial.trial_days = Some(7);
        assert!(check_price(&trial).unwrap_err().contains("no free trial"));
        assert_eq!(plan_interval(Interval::Month, 6), Some("biannually"));
        assert_eq!(plan_interval(Interval::Year, 1), Some("annually"));
        assert_eq!(plan_interval(Interval::Month, 12), Some("annually"));
        assert_eq!(plan_interval(Interval::Week, 2), None);
        assert_eq!(plan_interval(Interval::Year, 2), None);
    }
}
