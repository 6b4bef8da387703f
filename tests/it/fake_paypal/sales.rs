//! A subscription's payments are Payments v1 sales: recorded as PayPal bills each cycle,
//! refunded through `POST /v1/payments/sale/{id}/refund`, refused in Payments v1's words.

use super::refunds::{failure, record, refunded, shown};
use super::rest::{self, error};
use super::{
    billing, next_id, now, orders::hundredths, reply, FakePayPal, RefundRecord, Reply, State,
};
use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq)]
pub struct SaleRecord {
    pub id: String,
    pub subscription_id: String,
    pub currency: String,
    pub total: String,
    /// completed, then partially_refunded or refunded.
    pub state: String,
    /// The v1 payment the sale belongs to (named by its refunds).
    pub parent_payment: String,
    pub create_time: String,
}

impl FakePayPal {
    /// Subscriptions' payments, in order.
    pub fn sales(&self) -> Vec<SaleRecord> {
        self.st().sales.clone()
    }

    /// The subscription's newest payment (PAYMENT.SALE.COMPLETED's v1 sale); its id stays
    /// the same however often it is asked for.
    pub fn sale_resource(&self, subscription_id: &str) -> Value {
        let s = self.st();
        let sale = s
            .sales
            .iter()
            .rev()
            .find(|x| x.subscription_id == subscription_id);
        let sale = sale.unwrap_or_else(|| {
            panic!("fake PayPal: {subscription_id} has paid nothing yet (a free trial, or not approved)")
        });
        sale_json(&s, sale)
    }
}

/// A paid cycle of the subscription: a sale at that cycle's price.
pub(super) fn record_sale(s: &mut State, subscription_id: &str) {
    let sub = s.subscriptions.iter().find(|x| x.id == subscription_id);
    let sub = sub.expect("a subscription").clone();
    let price = billing::paid_cycle_price(s, &sub.plan_id, sub.payments).clone();
    let sale = SaleRecord {
        id: next_id(s, "", 17),
        subscription_id: sub.id,
        currency: price["currency_code"].as_str().unwrap_or_default().into(),
        total: price["value"].as_str().unwrap_or_default().into(),
        state: "completed".into(),
        parent_payment: format!("PAYID-{}", next_id(s, "", 24)),
        create_time: now(),
    };
    s.sales.push(sale);
}

pub(super) fn sale_json(s: &State, sale: &SaleRecord) -> Value {
    let (base, id) = (&s.base, &sale.id);
    let sub = s
        .subscriptions
        .iter()
        .find(|x| x.id == sale.subscription_id);
    json!({
        "id": id, "state": sale.state, "payment_mode": "INSTANT_TRANSFER",
        "amount": {"total": sale.total, "currency": sale.currency,
            "details": {"subtotal": sale.total}},
        "protection_eligibility": "ELIGIBLE", "billing_agreement_id": sale.subscription_id,
        "custom": sub.and_then(|x| x.custom_id.clone()),
        "create_time": sale.create_time, "update_time": sale.create_time,
        "links": [
            {"href": format!("{base}/v1/payments/sale/{id}"), "rel": "self", "method": "GET"},
            {"href": format!("{base}/v1/payments/sale/{id}/refund"), "rel": "refund", "method": "POST"},
        ],
    })
}

/// A sale's refund as GET /v1/payments/refund/{id} shows it and PAYMENT.SALE.REFUNDED
/// carries it.
pub(super) fn refund_json(s: &State, r: &RefundRecord) -> Value {
    let (base, id) = (&s.base, &r.id);
    let sale_id = r.sale_id.as_deref().unwrap_or_default();
    {
        let sale = s.sales.iter().find(|x| x.id == sale_id).expect("the sale");
        let money = |v: &str| json!({"value": v, "currency": r.currency});
        let mut refund = json!({
            "id": id, "state": "completed",
            "amount": {"total": r.value, "currency": r.currency},
            "refund_from_received_amount": money(&r.value), "refund_to_payer": money(&r.value),
            "total_refunded_amount": money(&r.total_refunded),
            "sale_id": sale_id, "parent_payment": sale.parent_payment,
            "create_time": r.create_time, "update_time": r.create_time,
            "links": [
                {"href": format!("{base}/v1/payments/refund/{id}"), "rel": "self", "method": "GET"},
                {"href": format!("{base}/v1/payments/payment/{}", sale.parent_payment), "rel": "parent_payment", "method": "GET"},
                {"href": format!("{base}/v1/payments/sale/{sale_id}"), "rel": "sale", "method": "GET"},
            ],
        });
        for (key, value) in [
            ("custom", &r.custom_id),
            ("description", &r.note),
            ("invoice_number", &r.invoice_id),
        ] {
            if let Some(v) = value {
                refund[key] = json!(v);
            }
        }
        refund
    }
}

/// Payments v1's error shape: `{name, message, information_link, debug_id, details}`.
pub(super) fn v1_error(status: u16, name: &str, message: &str, details: Vec<Value>) -> Reply {
    let mut r = error(status, name, message, details);
    let link = format!("https://developer.paypal.com/docs/api/payments/v1/#error-{name}");
    r.body["information_link"] = json!(link);
    r.body.as_object_mut().unwrap().remove("links");
    if r.body["details"].as_array().is_some_and(Vec::is_empty) {
        r.body.as_object_mut().unwrap().remove("details");
    }
    r
}

fn v1_invalid(field: &str, issue: &str) -> Reply {
    let details = vec![json!({"field": field, "issue": issue})];
    v1_error(
        400,
        "VALIDATION_ERROR",
        "Invalid request - see details.",
        details,
    )
}

pub(super) fn v1_not_found() -> Reply {
    v1_error(
        404,
        "INVALID_RESOURCE_ID",
        "The requested resource ID was not found.",
        vec![],
    )
}

/// A v1 `{total, currency}`: three capital letters, and at most seven digits, a point and
/// the currency's decimals, above zero.
fn v1_money(amount: &Value) -> Result<(String, String), Reply> {
    let currency = amount["currency"].as_str().unwrap_or_default();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(v1_invalid("amount.currency", "Currency code is invalid"));
    }
    let total = amount["total"].as_str().unwrap_or_default();
    let (whole, fraction) = total.split_once('.').unwrap_or((total, ""));
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let places = rest::decimals(currency);
    let shaped = !whole.is_empty()
        && whole.len() <= 7
        && digits(whole)
        && digits(fraction)
        && (total.contains('.') != fraction.is_empty())
        && fraction.len() <= places;
    if !shaped {
        let issue = match places {
            0 => "Currency does not support decimals.",
            _ => "Cannot have more than 2 decimal places and 10 characters (7 digits before the decimal point).",
        };
        return Err(v1_invalid("amount.total", issue));
    }
    if hundredths(total) == 0 {
        return Err(v1_invalid(
            "amount.total",
            "Amount must be greater than zero.",
        ));
    }
    Ok((currency.into(), total.into()))
}

/// POST /v1/payments/sale/{id}/refund: `{}` refunds the whole sale, and only while none of
/// it is refunded (FULL_REFUND_NOT_ALLOWED_AFTER_PARTIAL_REFUND, as Payments v1 documents);
/// `amount {total, currency}` a part of what is left; `description` (at most 255), `reason`
/// (30) and `invoice_number` (127) kept. 201 with the refund.
pub(super) fn refund_sale(
    s: &mut State,
    sale_id: &str,
    body: &Value,
    request_id: Option<&str>,
) -> Reply {
    let Some(sale) = s.sales.iter().find(|x| x.id == sale_id).cloned() else {
        return v1_not_found();
    };
    if let Some(status) = s.refund_failure {
        return failure(status, true);
    }
    let text = |key: &str, max: usize| match &body[key] {
        Value::Null => Ok(None),
        Value::String(t) if t.chars().count() <= max => Ok(Some(t.clone())),
        _ => Err(v1_invalid(
            key,
            &format!("Must be a string of at most {max} characters"),
        )),
    };
    let fields = (
        text("description", 255),
        text("reason", 30),
        text("invoice_number", 127),
    );
    let (description, invoice_number) = match fields {
        (Ok(d), Ok(_), Ok(i)) => (d, i),
        (Err(r), _, _) | (_, Err(r), _) | (_, _, Err(r)) => return r,
    };
    let left = hundredths(&sale.total) - refunded(s, sale_id);
    let asked = match &body["amount"] {
        Value::Null => None,
        a if !a.is_object() => return v1_invalid("amount", "Incorrect JSON format"),
        a => match v1_money(a) {
            Ok((currency, _)) if currency != sale.currency => {
                let m = "Currency provided in the request must match the currency of the parent order or authorization.";
                return v1_error(400, "CURRENCY_MISMATCH", m, vec![]);
            }
            Ok((_, total)) => Some(hundredths(&total)),
            Err(r) => return r,
        },
    };
    if left <= 0 {
        let m = "Refund transaction refused - this transaction has already been refunded.";
        return v1_error(400, "TRANSACTION_ALREADY_REFUNDED", m, vec![]);
    }
    if asked.is_none() && left < hundredths(&sale.total) {
        let m = "Full refund refused - partial refund has already been done on this payment.";
        return v1_error(
            400,
            "FULL_REFUND_NOT_ALLOWED_AFTER_PARTIAL_REFUND",
            m,
            vec![],
        );
    }
    if asked.is_some_and(|a| a > left) {
        let m = "Refund refused - the requested refund amount would exceed the amount of transaction being refunded.";
        return v1_error(400, "REFUND_EXCEEDED_TRANSACTION_AMOUNT", m, vec![]);
    }
    let value = shown(asked.unwrap_or(left), &sale.currency);
    let sub = s
        .subscriptions
        .iter()
        .find(|x| x.id == sale.subscription_id);
    let custom = sub.and_then(|x| x.custom_id.clone());
    let r = record(s, None, Some(sale_id), &sale.currency, &value);
    r.note = description;
    r.invoice_id = invoice_number;
    r.custom_id = custom;
    r.request_id = request_id.map(str::to_string);
    let r = r.clone();
    let done = refunded(s, sale_id) >= hundredths(&sale.total);
    let stored = s.sales.iter_mut().find(|x| x.id == sale_id).unwrap();
    stored.state = if done {
        "refunded"
    } else {
        "partially_refunded"
    }
    .into();
    reply(201, super::refunds::refund_json(s, &r))
}

/// GET /v1/payments/sale/{id} and /v1/payments/refund/{id}.
pub(super) fn show(s: &State, what: &str, id: &str) -> Reply {
    let found = match what {
        "sale" => s.sales.iter().find(|x| x.id == id).map(|x| sale_json(s, x)),
        _ => (s.refunds.iter())
            .find(|r| r.id == id && r.sale_id.is_some())
            .map(|r| refund_json(s, r)),
    };
    found.map_or_else(v1_not_found, |v| reply(200, v))
}
