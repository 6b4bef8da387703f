//! The currencies PayPal's REST APIs take, and amounts in PayPal's format: a decimal string
//! with PayPal's own number of decimals ("49.00"; "4900" for JPY), built without floats.

use crate::domain::money::Currency;
use crate::domain::payment_match::Paid;
use crate::domain::product::PriceTerms;
use serde_json::Value;

/// PayPal's documented list (developer.paypal.com/docs/api/reference/currency-codes) with the
/// decimals PayPal accepts: HUF, JPY and TWD take none ("a decimal amount causes an error").
/// BRL, CNY and MYR are accepted for in-country PayPal accounts only; PayPal itself says so
/// when a merchant elsewhere tries them.
const PAYPAL: &[(&str, u8)] = &[
    ("AUD", 2),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("HUF", 0),
    ("ILS", 2),
    ("JPY", 0),
    ("MXN", 2),
    ("MYR", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("PHP", 2),
    ("PLN", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TWD", 0),
    ("USD", 2),
];

fn paypal_decimals(code: &str) -> Option<u8> {
    PAYPAL.iter().find(|(c, _)| *c == code).map(|(_, d)| *d)
}

/// Ok when PayPal takes payments in this currency; otherwise a sentence for the buyer and the
/// merchant (it is shown beside the payment method on the checkout page).
pub fn check_currency(code: &str) -> Result<(), String> {
    match paypal_decimals(code) {
        Some(_) => Ok(()),
        None => Err(crate::gateways::currency_refused(
            "PayPal",
            code,
            PAYPAL.iter().map(|(c, _)| *c),
        )),
    }
}

/// `check_currency`, and an amount PayPal can charge in it (HUF and TWD in whole units only).
pub fn check_price(terms: &PriceTerms) -> Result<(), String> {
    amount_value(&terms.currency, terms.amount).map(|_| ())
}

/// Minor units (as tagcart stores them) to PayPal's `value`: 4900 USD → "49.00", 4900 JPY →
/// "4900", 490000 HUF → "4900". An amount that needs decimals PayPal does not allow is refused.
pub fn amount_value(code: &str, minor: i64) -> Result<String, String> {
    check_currency(code)?;
    let paypal = paypal_decimals(code).unwrap_or(2) as u32;
    let ours = Currency::from_code(code).map_or(paypal, |c| c.exponent as u32);
    if minor <= 0 {
        return Err("PayPal only charges amounts above zero.".into());
    }
    // Both counts come from short tables: the difference is 0 to 2.
    let (minor, exponent) = match ours.checked_sub(paypal) {
        Some(drop) => {
            let scale = 10i64.pow(drop);
            if minor % scale != 0 {
                let shown =
                    Currency::from_code(code).map_or(minor.to_string(), |c| c.format(minor));
                return Err(format!(
                    "PayPal takes {code} in whole units only, so {shown} cannot be paid with PayPal."
                ));
            }
            (minor / scale, paypal)
        }
        None => (minor * 10i64.pow(paypal - ours), paypal),
    };
    let scale = 10i64.pow(exponent);
    Ok(match exponent {
        0 => minor.to_string(),
        width => format!(
            "{}.{:0width$}",
            minor / scale,
            minor % scale,
            width = width as usize
        ),
    })
}

/// PayPal's `value` back to minor units: "49.00" USD → 4900, "4900" JPY → 4900, "4900" HUF →
/// 490000. Decimals past the currency's own are accepted only as zeros ("4900.00" JPY).
pub fn minor_units(code: &str, value: &str) -> Result<i64, String> {
    let currency = Currency::from_code(code).ok_or_else(|| format!("unknown currency {code}"))?;
    let exponent = currency.exponent as usize;
    let digits = |s: &str| !s.is_empty() && s.len() <= 15 && s.bytes().all(|b| b.is_ascii_digit());
    let (whole, fraction) = match value.split_once('.') {
        Some((whole, fraction)) if digits(fraction) => (whole, fraction),
        Some(_) => return Err(format!("'{value}' is not an amount")),
        None => (value, ""),
    };
    if !digits(whole) {
        return Err(format!("'{value}' is not an amount"));
    }
    let (kept, dropped) = fraction.split_at(fraction.len().min(exponent));
    if dropped.bytes().any(|b| b != b'0') {
        return Err(format!("'{value}' has more decimals than {code}"));
    }
    let whole: i64 = whole
        .parse()
        .map_err(|_| format!("'{value}' is too large"))?;
    let fraction: i64 = format!("{kept:0<exponent$}").parse().unwrap_or(0);
    Ok(whole * 10i64.pow(exponent as u32) + fraction)
}

/// What a PayPal amount object says was paid: v2's `{currency_code, value}` or a v1 sale's
/// `{currency, total}`.
pub fn paid(amount: &Value) -> Paid {
    let code = amount["currency_code"]
        .as_str()
        .or(amount["currency"].as_str());
    let value = amount["value"].as_str().or(amount["total"].as_str());
    match (code, value) {
        (Some(code), Some(value)) => match minor_units(code, value) {
            Ok(minor) => Paid::stated(minor, code),
            Err(_) => Paid::Unreadable(format!("'{value}' {code}")),
        },
        _ => Paid::Unreadable("no amount".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_use_paypal_decimals() {
        assert_eq!(amount_value("USD", 4900).as_deref(), Ok("49.00"));
        assert_eq!(amount_value("USD", 5).as_deref(), Ok("0.05"));
        assert_eq!(
            amount_value("EUR", 123_456_789).as_deref(),
            Ok("1234567.89")
        );
        assert_eq!(amount_value("JPY", 4900).as_deref(), Ok("4900"));
        assert_eq!(amount_value("HUF", 490_000).as_deref(), Ok("4900"));
        assert_eq!(amount_value("TWD", 100).as_deref(), Ok("1"));
    }

    #[test]
    fn paypal_values_come_back_to_minor_units_without_floats() {
        assert_eq!(minor_units("USD", "49.00"), Ok(4900));
        assert_eq!(minor_units("USD", "49.1"), Ok(4910));
        assert_eq!(minor_units("USD", "0.05"), Ok(5));
        assert_eq!(minor_units("JPY", "4900"), Ok(4900));
        assert_eq!(minor_units("JPY", "4900.00"), Ok(4900));
        assert_eq!(minor_units("HUF", "4900"), Ok(490_000));
        for bad in ["", "49.", ".5", "-1.00", "4 9", "1e3", "49.001", "NaN"] {
            assert!(minor_units("USD", bad).is_err(), "{bad}");
        }
        assert!(minor_units("JPY", "49.5").is_err());
        assert!(minor_units("XXX", "1.00").is_err());
        for (code, minor) in [("USD", 4900), ("JPY", 4900), ("HUF", 490_000), ("EUR", 5)] {
            let value = amount_value(code, minor).unwrap();
            assert_eq!(minor_units(code, &value), Ok(minor), "{code} {value}");
        }
    }

    #[test]
    fn amounts_are_read_in_both_of_paypals_shapes() {
        use serde_json::json;
        let v2 = json!({"currency_code": "EUR", "value": "1.00"});
        assert_eq!(paid(&v2), Paid::stated(100, "EUR"));
        let v1 = json!({"currency": "USD", "total": "19.00"});
        assert_eq!(paid(&v1), Paid::stated(1900, "USD"));
        let bad = json!({"currency_code": "USD", "value": "49.x"});
        assert_eq!(paid(&bad), Paid::Unreadable("'49.x' USD".into()));
        assert!(matches!(paid(&Value::Null), Paid::Unreadable(_)));
    }

    #[test]
    fn fractions_paypal_cannot_charge_are_refused() {
        let err = amount_value("HUF", 490_050).unwrap_err();
        assert!(err.contains("HUF in whole units only"), "{err}");
        assert!(amount_value("USD", 0).is_err());
        assert!(amount_value("USD", -100).is_err());
    }

    #[test]
    fn currencies_paypal_does_not_take_are_named_in_a_sentence() {
        for code in ["USD", "EUR", "GBP", "JPY", "HUF", "TWD", "BRL", "CHF"] {
            assert_eq!(check_currency(code), Ok(()), "{code}");
        }
        for code in ["INR", "ZAR", "KWD", "NGN", "KRW", "usd"] {
            let err = check_currency(code).unwrap_err();
            assert!(
                err.starts_with(&format!("PayPal does not take payments in {code}.")),
                "{err}"
            );
            assert!(err.contains("USD") && err.contains("JPY"), "{err}");
        }
    }

    #[test]
    fn every_paypal_currency_is_one_tagcart_knows() {
        for (code, _) in PAYPAL {
            assert!(Currency::from_code(code).is_some(), "{code}");
        }
    }
}
