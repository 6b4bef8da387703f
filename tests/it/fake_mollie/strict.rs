//! What Mollie checks in a request body, with its own 422 sentences.

use super::{unprocessable, Reply};
use serde_json::Value;

/// Mollie's currencies and the decimals `amount.value` must have.
const CURRENCIES: &[(&str, usize)] = &[
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

fn decimals(currency: &str) -> Option<usize> {
    CURRENCIES
        .iter()
        .find(|(c, _)| *c == currency)
        .map(|(_, d)| *d)
}

/// The body as a JSON object with only `allowed` fields.
pub fn fields<'a>(
    body: &'a Value,
    allowed: &[&str],
) -> Result<&'a serde_json::Map<String, Value>, Reply> {
    let Some(object) = body.as_object() else {
        return Err(super::error(
            400,
            "Bad Request",
            "The request body is not valid JSON.",
            None,
        ));
    };
    match object.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(unknown) => Err(unprocessable(
            &format!("Non-existent body parameter \"{unknown}\" for this API call."),
            unknown,
        )),
        None => Ok(object),
    }
}

/// A required non-empty string field.
pub fn text<'a>(body: &'a Value, field: &str) -> Result<&'a str, Reply> {
    match body[field].as_str() {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(unprocessable(
            &format!("The '{field}' field is required."),
            field,
        )),
    }
}

/// An optional string field: absent, or a non-empty string.
pub fn optional_text<'a>(body: &'a Value, field: &str) -> Result<Option<&'a str>, Reply> {
    match &body[field] {
        Value::Null => Ok(None),
        Value::String(v) if !v.trim().is_empty() => Ok(Some(v)),
        _ => Err(unprocessable(
            &format!("The '{field}' field must be a string."),
            field,
        )),
    }
}

/// `{"currency", "value"}` with exactly the currency's decimals: (currency, minor units).
pub fn amount(body: &Value, field: &str) -> Result<(String, i64), Reply> {
    let a = &body[field];
    let invalid = |detail: &str| Err(unprocessable(detail, &format!("{field}.value")));
    let Some(object) = a.as_object() else {
        return Err(unprocessable(
            &format!("The amount is required for '{field}'."),
            field,
        ));
    };
    if let Some(k) = object
        .keys()
        .find(|k| !["currency", "value"].contains(&k.as_str()))
    {
        return Err(unprocessable(
            &format!("Non-existent body parameter \"{field}.{k}\"."),
            k,
        ));
    }
    let currency = a["currency"].as_str().unwrap_or_default();
    let Some(places) = decimals(currency) else {
        return Err(unprocessable(
            &format!("The currency '{currency}' is not supported."),
            &format!("{field}.currency"),
        ));
    };
    let Some(value) = a["value"].as_str() else {
        return invalid("The amount value must be a string.");
    };
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let exact = digits(whole) && fraction.len() == places && (places == 0 || digits(fraction));
    if !exact {
        return invalid(&format!(
            "The amount contains an invalid value: {currency} takes exactly {places} decimals."
        ));
    }
    let minor: i64 = format!("{whole}{fraction}").parse().unwrap();
    if minor <= 0 {
        return invalid("The amount is lower than the minimum.");
    }
    Ok((currency.to_string(), minor))
}

/// Minor units as Mollie writes them.
pub fn value_of(currency: &str, minor: i64) -> String {
    match decimals(currency).unwrap_or(2) {
        0 => minor.to_string(),
        places => {
            let scale = 10i64.pow(places as u32);
            format!("{}.{:0places$}", minor / scale, minor % scale)
        }
    }
}

/// Mollie's `amount` object.
pub fn amount_of(currency: &str, minor: i64) -> Value {
    serde_json::json!({"currency": currency, "value": value_of(currency, minor)})
}

/// Minor units of an `amount` object this fake wrote.
pub fn minor(amount: &Value) -> i64 {
    let value = amount["value"].as_str().unwrap_or("0");
    value.replace('.', "").parse().unwrap_or(0)
}

/// A URL Mollie would call or send a browser to.
pub fn url(body: &Value, field: &str) -> Result<Option<String>, Reply> {
    match optional_text(body, field)? {
        None => Ok(None),
        Some(u) if u.starts_with("http://") || u.starts_with("https://") => Ok(Some(u.to_string())),
        Some(_) => Err(unprocessable(
            &format!("The '{field}' is not a valid URL."),
            field,
        )),
    }
}
