//! A processor's "paid" completes an order only when it is this order's payment: the same
//! amount, the same currency and the processor reference the order was started with.

/// What a processor's payment event says was paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paid {
    /// The event names no amount: a test gateway event without one, a PayPal subscription
    /// activated before its first payment (a trial), and every event that is no payment.
    NotStated,
    /// In minor units, with the upper-case ISO 4217 code.
    Stated { amount: i64, currency: String },
    /// A payment event whose amount is missing or cannot be read; what it carried instead.
    Unreadable(String),
}

impl Paid {
    pub fn stated(amount: i64, currency: &str) -> Paid {
        Paid::Stated {
            amount,
            currency: currency.to_ascii_uppercase(),
        }
    }
}

/// The outcome of an event that did not match its order starts with this, on the timeline
/// and in the database (Needs attention lists them by it; they count as never applied).
pub const NOT_APPLIED: &str = "not applied: ";

/// What the order was started with.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub amount: i64,
    pub currency: &'a str,
    /// The processor's reference stored on the order; `None` while it is not known yet (the
    /// test gateway has none; a Stripe subscription's id is stored once Stripe answers).
    pub processor_ref: Option<&'a str>,
    /// The price starts with a free trial: a first payment of 0 is this order's.
    pub trial: bool,
    /// A renewal of an order a coupon discounted may also be at the full price (once the
    /// coupon's covered charges are over); `None` without a coupon or for a first payment.
    pub full_price: Option<i64>,
}

/// What the processor's event says.
#[derive(Debug, Clone, Copy)]
pub struct Reported<'a> {
    pub paid: &'a Paid,
    /// The processor's own reference the event names (PaymentIntent, subscription, order).
    pub processor_ref: Option<&'a str>,
}

/// `None` when the event is this order's payment; otherwise what did not match, in words.
pub fn mismatch(expected: &Expected, reported: &Reported) -> Option<String> {
    let mut problems = vec![];
    match reported.paid {
        Paid::NotStated => {}
        Paid::Stated { amount, currency } => {
            let same_currency = currency == expected.currency;
            let same_amount = *amount == expected.amount
                || *amount == 0 && expected.trial
                || Some(*amount) == expected.full_price;
            if !same_currency || !same_amount {
                problems.push(format!(
                    "amount {amount} {currency} does not match the order's {} {}",
                    expected.amount, expected.currency
                ));
            }
        }
        Paid::Unreadable(what) => problems.push(format!(
            "the payment's amount ({what}) cannot be checked against the order's {} {}",
            expected.amount, expected.currency
        )),
    }
    if let (Some(ours), Some(theirs)) = (expected.processor_ref, reported.processor_ref) {
        if ours != theirs {
            problems.push(format!(
                "reference {theirs} does not match the order's {ours}"
            ));
        }
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: Expected = Expected {
        amount: 4900,
        currency: "USD",
        processor_ref: Some("pi_1"),
        trial: false,
        full_price: None,
    };

    fn check(expected: &Expected, paid: Paid, processor_ref: Option<&str>) -> Option<String> {
        mismatch(
            expected,
            &Reported {
                paid: &paid,
                processor_ref,
            },
        )
    }

    #[test]
    fn the_orders_own_payment_matches() {
        assert_eq!(check(&ORDER, Paid::stated(4900, "usd"), Some("pi_1")), None);
        assert_eq!(check(&ORDER, Paid::stated(4900, "USD"), None), None);
    }

    #[test]
    fn another_amount_or_currency_is_named_with_the_orders() {
        assert_eq!(
            check(&ORDER, Paid::stated(100, "eur"), Some("pi_1")).as_deref(),
            Some("amount 100 EUR does not match the order's 4900 USD")
        );
        assert_eq!(
            check(&ORDER, Paid::stated(4800, "USD"), Some("pi_1")).as_deref(),
            Some("amount 4800 USD does not match the order's 4900 USD")
        );
        assert_eq!(
            check(&ORDER, Paid::stated(4900, "EUR"), Some("pi_1")).as_deref(),
            Some("amount 4900 EUR does not match the order's 4900 USD")
        );
    }

    #[test]
    fn another_reference_does_not_match() {
        assert_eq!(
            check(&ORDER, Paid::stated(4900, "USD"), Some("pi_2")).as_deref(),
            Some("reference pi_2 does not match the order's pi_1")
        );
        let all = check(&ORDER, Paid::stated(100, "EUR"), Some("pi_2")).unwrap();
        assert!(
            all.contains("amount 100 EUR") && all.contains("reference pi_2"),
            "{all}"
        );
    }

    #[test]
    fn a_reference_not_known_yet_is_not_checked() {
        let starting = Expected {
            processor_ref: None,
            ..ORDER
        };
        assert_eq!(
            check(&starting, Paid::stated(4900, "USD"), Some("sub_9")),
            None
        );
    }

    #[test]
    fn an_unstated_amount_is_bound_by_the_reference_alone() {
        assert_eq!(check(&ORDER, Paid::NotStated, Some("pi_1")), None);
        assert!(check(&ORDER, Paid::NotStated, Some("pi_2")).is_some());
    }

    #[test]
    fn an_unreadable_amount_never_matches() {
        let why = check(&ORDER, Paid::Unreadable("'49.x' USD".into()), Some("pi_1")).unwrap();
        assert_eq!(
            why,
            "the payment's amount ('49.x' USD) cannot be checked against the order's 4900 USD"
        );
    }

    #[test]
    fn nothing_paid_matches_only_a_price_with_a_trial() {
        let trial = Expected {
            trial: true,
            ..ORDER
        };
        assert_eq!(check(&trial, Paid::stated(0, "USD"), Some("pi_1")), None);
        assert_eq!(check(&trial, Paid::stated(4900, "USD"), Some("pi_1")), None);
        assert!(check(&trial, Paid::stated(0, "EUR"), Some("pi_1")).is_some());
        assert!(check(&trial, Paid::stated(100, "USD"), Some("pi_1")).is_some());
        assert!(check(&ORDER, Paid::stated(0, "USD"), Some("pi_1")).is_some());
    }

    #[test]
    fn a_renewal_of_a_discounted_order_matches_the_discounted_or_the_full_price() {
        let renewal = Expected {
            amount: 3920,
            full_price: Some(4900),
            ..ORDER
        };
        assert_eq!(
            check(&renewal, Paid::stated(3920, "USD"), Some("pi_1")),
            None
        );
        assert_eq!(
            check(&renewal, Paid::stated(4900, "USD"), Some("pi_1")),
            None
        );
        assert!(check(&renewal, Paid::stated(100, "USD"), Some("pi_1")).is_some());
    }
}
