//! Reading Paystack's JSON: amounts in subunits (numbers, or strings in some events), texts,
//! ids that are numbers, metadata that may come back as a string, and dates.

use crate::clock::Timestamp;
use crate::gateways::Paid;
use serde_json::Value;

pub(super) fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An amount in subunits: Paystack sends numbers, and strings of digits in refund events.
pub(super) fn subunits(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()
        }
        _ => None,
    }
}

/// What a transaction says was paid: `amount` in subunits and `currency`.
pub(super) fn paid(transaction: &Value) -> Paid {
    match (
        subunits(&transaction["amount"]),
        transaction["currency"].as_str(),
    ) {
        (Some(amount), Some(currency)) => Paid::stated(amount, currency),
        _ => Paid::Unreadable(format!(
            "'{}' '{}'",
            transaction["amount"], transaction["currency"]
        )),
    }
}

/// The transaction's metadata as an object: Paystack takes it stringified and may hand it
/// back either way.
pub(super) fn metadata(transaction: &Value) -> Value {
    match &transaction["metadata"] {
        Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
        other => other.clone(),
    }
}

/// A plan named on a transaction: an object with `plan_code`, or the code alone.
pub(super) fn plan_code(transaction: &Value) -> Option<String> {
    let plan = &transaction["plan"];
    text(&plan["plan_code"])
        .or_else(|| text(&transaction["plan_object"]["plan_code"]))
        .or_else(|| {
            plan.as_str()
                .filter(|p| p.starts_with("PLN_"))
                .map(str::to_string)
        })
}

/// Paystack's dates (`2016-05-19T07:00:00.000Z`) in Unix seconds.
pub(super) fn timestamp(v: &Value) -> Option<Timestamp> {
    let format = time::format_description::well_known::Rfc3339;
    let at = time::OffsetDateTime::parse(v.as_str()?, &format).ok()?;
    Some(at.unix_timestamp()).filter(|t| *t > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn amounts_are_read_as_numbers_or_digit_strings_only() {
        assert_eq!(subunits(&json!(4900)), Some(4900));
        assert_eq!(subunits(&json!("4900")), Some(4900));
        for bad in [json!("49.00"), json!(49.5), json!(""), json!(null)] {
            assert_eq!(subunits(&bad), None, "{bad}");
        }
        assert_eq!(
            paid(&json!({"amount": 4900, "currency": "NGN"})),
            Paid::stated(4900, "NGN")
        );
        assert!(matches!(
            paid(&json!({"amount": "4,900", "currency": "NGN"})),
            Paid::Unreadable(_)
        ));
    }

    #[test]
    fn metadata_plans_and_dates_are_read_in_either_shape() {
        let t = json!({"metadata": "{\"payment_ref\":\"pay_1\"}", "plan": "PLN_a"});
        assert_eq!(metadata(&t)["payment_ref"], "pay_1");
        assert_eq!(plan_code(&t).as_deref(), Some("PLN_a"));
        let t = json!({"metadata": {"payment_ref": "pay_2"}, "plan": {"plan_code": "PLN_b"}});
        assert_eq!(metadata(&t)["payment_ref"], "pay_2");
        assert_eq!(plan_code(&t).as_deref(), Some("PLN_b"));
        assert_eq!(plan_code(&json!({"plan": {}})), None);
        assert_eq!(timestamp(&json!("1970-01-02T00:00:00.000Z")), Some(86400));
        assert_eq!(timestamp(&json!("soon")), None);
    }
}
