//! The currencies Mollie takes, and amounts in Mollie's format: a decimal string with exactly
//! the currency's decimals ("10.00"; "1000" for JPY), built and read without floats.

use crate::domain::money::Currency;
use crate::domain::payment_match::Paid;
use crate::domain::product::{PriceKind, PriceTerms};
use serde_json::Value;

/// Mollie's multicurrency list with the decimals its `amount.value` must have: JPY and ISK
/// take none, every other two.
const MOLLIE: &[(&str, u8)] = &[
    ("AED", 2),
    ("AUD", 2),
    ("BGN", 2),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("HUF", 2),
    ("ILS", 2),
    ("ISK", 0),
    ("JPY", 0),
    ("MXN", 2),
    ("MYR", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("PHP", 2),
    ("PLN", 2),
    ("RON", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TWD", 2),
    ("USD", 2),
    ("ZAR", 2),
];

fn mollie_decimals(code: &str) -> Option<u32> {
    MOLLIE
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, d)| u32::from(*d))
}

/// Ok when Mollie takes payments in this currency; otherwise a sentence for the buyer and the
/// merchant (shown beside the payment method on the checkout page).
pub fn check_currency(code: &str) -> Result<(), String> {
    match mollie_decimals(code) {
        Some(_) => Ok(()),
        None => Err(crate::gateways::currency_refused(
            "Mollie",
            code,
            MOLLIE.iter().map(|(c, _)| *c),
        )),
    }
}

/// Refuses what Mollie cannot charge: another currency, an amount it cannot write, and a free
/// trial (a Mollie subscription starts with a first payment the buyer makes at checkout).
pub fn check_price(terms: &PriceTerms) -> Result<(), String> {
    amount_value(&terms.currency, terms.amount)?;
    if terms.kind != PriceKind::OneTime && terms.trial_days.unwrap_or(0) > 0 {
        return Err(
            "Mollie cannot start a subscription with a free trial: its first payment \
                    is made at checkout. Please choose another payment method."
                .into(),
        );
    }
    Ok(())
}

/// Minor units to Mollie's `value`: 1000 EUR → "10.00", 1000 JPY → "1000". An amount Mollie
/// cannot write in the currency's decimals, or nothing at all, is refused.
pub fn amount_value(code: &str, minor: i64) -> Result<String, String> {
    check_currency(code)?;
    if minor <= 0 {
        return Err("Mollie only charges amounts above zero.".into());
    }
    let mollie = mollie_decimals(code).unwrap_or(2);
    let ours = Currency::from_code(code).map_or(mollie, |c| u32::from(c.exponent));
    // Both counts come from short tables: the difference is 0 to 2.
    let minor = match ours.checked_sub(mollie) {
        Some(drop) => {
            let scale = 10i64.pow(drop);
            if minor % scale != 0 {
                return Err(format!(
                    "Mollie takes {code} in whole units only, so this amount cannot be paid with Mollie."
                ));
            }
            minor / scale
        }
        None => minor * 10i64.pow(mollie - ours),
    };
    let scale = 10i64.pow(mollie);
    Ok(match mollie {
        0 => minor.to_string(),
        width => format!(
            "{}.{:0width$}",
            minor / scale,
            minor % scale,
            width = width as usize
        ),
    })
}

/// Mollie's `value` back to minor units, exactly: "10.00" EUR → 1000. Mollie always writes the
/// currency's decimals; anything else is not an amount it sent.
pub fn minor_units(code: &str, value: &str) -> Result<i64, String> {
    let currency = Currency::from_code(code).ok_or_else(|| format!("unknown currency {code}"))?;
    let mollie = mollie_decimals(code).ok_or_else(|| format!("Mollie does not take {code}"))?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 15 && s.bytes().all(|b| b.is_ascii_digit());
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if !digits(whole)
        || fraction.len() != mollie as usize
        || !(fraction.is_empty() || digits(fraction))
    {
        return Err(format!(
            "'{value}' is not a {code} amount as Mollie writes it"
        ));
    }
    let not_amount = || format!("'{value}' is not an amount");
    let whole: i64 = whole.parse().map_err(|_| not_amount())?;
    let fraction: i64 = match fraction {
        "" => 0,
        f => f.parse().map_err(|_| not_amount())?,
    };
    let in_mollie = whole
        .checked_mul(10i64.pow(mollie))
        .and_then(|w| w.checked_add(fraction))
        .ok_or_else(not_amount)?;
    let ours = u32::from(currency.exponent);
    match ours.checked_sub(mollie) {
        Some(up) => in_mollie.checked_mul(10i64.pow(up)).ok_or_else(not_amount),
        None => {
            let scale = 10i64.pow(mollie - ours);
            match in_mollie % scale {
                0 => Ok(in_mollie / scale),
                _ => Err(format!("'{value}' has more decimals than {code}")),
            }
        }
    }
}

/// What a Mollie `amount` object says: `{"currency": "EUR", "value": "10.00"}`.
pub fn paid(amount: &Value) -> Paid {
    match (amount["currency"].as_str(), amount["value"].as_str()) {
        (Some(code), Some(value)) => match minor_units(code, value) {
            Ok(minor) => Paid::stated(minor, code),
            Err(_) => Paid::Unreadable(format!("'{value}' {code}")),
        },
        _ => Paid::Unreadable("no amount".into()),
    }
}

/// A Mollie `amount` object in minor units; `None` when it is absent (Mollie leaves out
/// `amountRefunded` and `amountChargedBack` until there is some).
pub fn minor_of(amount: &Value) -> Result<Option<i64>, String> {
    if amount.is_null() {
        return Ok(None);
    }
    let (Some(code), Some(value)) = (amount["currency"].as_str(), amount["value"].as_str()) else {
        return Err(format!("{amount} is not a Mollie amount"));
    };
    minor_units(code, value).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn amounts_have_exactly_the_decimals_mollie_asks_for() {
        assert_eq!(amount_value("EUR", 1000).as_deref(), Ok("10.00"));
        assert_eq!(amount_value("EUR", 5).as_deref(), Ok("0.05"));
        assert_eq!(
            amount_value("USD", 123_456_789).as_deref(),
            Ok("1234567.89")
        );
        assert_eq!(amount_value("JPY", 1000).as_deref(), Ok("1000"));
        assert_eq!(amount_value("HUF", 490_000).as_deref(), Ok("4900.00"));
        assert!(amount_value("EUR", 0).is_err());
        assert!(amount_value("EUR", -100).is_err());
    }

    #[test]
    fn mollie_values_come_back_to_minor_units_without_floats() {
        assert_eq!(minor_units("EUR", "10.00"), Ok(1000));
        assert_eq!(minor_units("EUR", "0.05"), Ok(5));
        assert_eq!(minor_units("JPY", "1000"), Ok(1000));
        for bad in [
            "", "10", "10.0", "10.000", ".50", "-1.00", "1e3", "10,00", "NaN",
        ] {
            assert!(minor_units("EUR", bad).is_err(), "{bad}");
        }
        assert!(minor_units("JPY", "1000.00").is_err());
        assert!(minor_units("NGN", "10.00").is_err());
        for (code, minor) in [("EUR", 4900), ("JPY", 4900), ("HUF", 490_000), ("ISK", 3)] {
            let value = amount_value(code, minor).unwrap();
            assert_eq!(minor_units(code, &value), Ok(minor), "{code} {value}");
        }
    }

    #[test]
    fn paid_amounts_are_read_and_an_unreadable_one_says_what_it_was() {
        assert_eq!(
            paid(&json!({"currency": "EUR", "value": "10.00"})),
            Paid::stated(1000, "EUR")
        );
        assert_eq!(
            paid(&json!({"currency": "EUR", "value": "10"})),
            Paid::Unreadable("'10' EUR".into())
        );
        assert!(matches!(paid(&Value::Null), Paid::Unreadable(_)));
        assert_eq!(minor_of(&Value::Null), Ok(None));
        assert_eq!(
            minor_of(&json!({"currency": "EUR", "value": "2.50"})),
            Ok(Some(250))
        );
    }

    #[test]
    fn currencies_mollie_does_not_take_are_named_in_a_sentence() {
        let err = check_currency("NGN").unwrap_err();
        assert!(
            err.starts_with("Mollie does not take payments in NGN."),
            "{err}"
        );
        assert!(err.contains("EUR") && err.contains("JPY"), "{err}");
        assert_eq!(check_currency("EUR"), Ok(()));
    }

    #[test]
    fn a_free_trial_is_refused_before_any_order() {
        let terms = PriceTerms {
            kind: PriceKind::Subscription,
            currency: "EUR".into(),
            amount: 1900,
            interval: Some(crate::domain::product::Interval::Month),
            interval_count: Some(1),
            installments: None,
            trial_days: Some(14),
        };
        assert!(check_price(&terms).unwrap_err().contains("free trial"));
        let no_trial = PriceTerms {
            trial_days: Some(0),
            ..terms
        };
        assert_eq!(check_price(&no_trial), Ok(()));
    }

    #[test]
    fn every_mollie_currency_is_one_tagcart_knows() {
        for (code, _) in MOLLIE {
            assert!(Currency::from_code(code).is_some(), "{code}");
        }
    }
}
