//! Refunds, recorded per payment (a capture, or a subscription's sale: see `sales`): Payments
//! v2 `POST /v2/payments/captures/{id}/refund`, the resources PayPal shows and sends for
//! refunds, the merchant refunding in PayPal's dashboard, and PayPal failing.

use super::rest::{self, error, invalid, money, not_found, string, unprocessable};
use super::rest::{Checked, BAD_SYNTAX};
use super::{find_order, next_id, now, orders::hundredths, reply};
use super::{Delivery, FakePayPal, OrderRecord, Reply, State};
use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq)]
pub struct RefundRecord {
    pub id: String,
    /// The capture (Payments v2) it gives money back from, or
    pub capture_id: Option<String>,
    /// the sale (Payments v1, a subscription's payment).
    pub sale_id: Option<String>,
    pub currency: String,
    /// PayPal's decimal string, like "10.00".
    pub value: String,
    /// `note_to_payer` (v2) or `description` (v1).
    pub note: Option<String>,
    pub invoice_id: Option<String>,
    /// The refunded payment's `custom_id` (`custom` on a sale): tagcart's payment_ref.
    pub custom_id: Option<String>,
    /// The PayPal-Request-Id it was asked with; None: made in PayPal's dashboard.
    pub request_id: Option<String>,
    /// All refunded from the payment so far, this refund included.
    pub total_refunded: String,
    pub create_time: String,
}

impl FakePayPal {
    /// Refunds made, through the API or the dashboard, in order.
    pub fn refunds(&self) -> Vec<RefundRecord> {
        self.st().refunds.clone()
    }

    /// The merchant refunds all that is left of the order's capture in PayPal's dashboard;
    /// the refund's id.
    pub fn refund(&self, order_id: &str) -> String {
        self.refund_in_dashboard(order_id, None)
    }

    /// The merchant refunds `value` ("20.00") of the order's capture in PayPal's dashboard.
    pub fn refund_part(&self, order_id: &str, value: &str) -> String {
        self.refund_in_dashboard(order_id, Some(value))
    }

    fn refund_in_dashboard(&self, order_id: &str, value: Option<&str>) -> String {
        let mut s = self.st();
        let o = find_order(&s, order_id).clone();
        let capture = o.capture_id.clone().expect("a captured order");
        let left = hundredths(&o.value) - refunded(&s, &capture);
        let part = value.map_or(left, hundredths);
        assert!(
            (1..=left).contains(&part),
            "fake PayPal: {part} of {left} left"
        );
        let value = shown(part, &o.currency_code);
        let r = record(&mut s, Some(&capture), None, &o.currency_code, &value);
        r.custom_id = o.custom_id.clone();
        let id = r.id.clone();
        set_capture_status(&mut s, &capture);
        id
    }

    /// From now on both refund endpoints answer `status`: a 5xx or 429 as PayPal's outage,
    /// any 4xx as PayPal refusing for lack of funds (422 on v2, 400 on v1); `None` ends it.
    pub fn fail_refunds(&self, status: Option<u16>) {
        self.st().refund_failure = status;
    }

    /// The next successful POST is done, but its answer is lost: the caller gets a 503 and
    /// the same PayPal-Request-Id gets the answer that was lost.
    pub fn lose_next_answer(&self) {
        self.st().lose_answers += 1;
    }

    /// A refund as its webhook carries it: a v2 Refund (PAYMENT.CAPTURE.REFUNDED) or a v1
    /// refund (PAYMENT.SALE.REFUNDED).
    pub fn refund_resource_of(&self, refund_id: &str) -> Value {
        let s = self.st();
        let found = s.refunds.iter().find(|r| r.id == refund_id);
        refund_json(
            &s,
            found.unwrap_or_else(|| panic!("fake PayPal: no refund {refund_id}")),
        )
    }

    /// PayPal's signed delivery of this refund: PAYMENT.CAPTURE.REFUNDED or
    /// PAYMENT.SALE.REFUNDED, as the refund was of a capture or a sale.
    pub fn refund_event(&self, refund_id: &str) -> Delivery {
        let resource = self.refund_resource_of(refund_id);
        let event_type = match resource["sale_id"].is_string() {
            true => "PAYMENT.SALE.REFUNDED",
            false => "PAYMENT.CAPTURE.REFUNDED",
        };
        self.event(event_type, resource)
    }

    /// The order's newest refund (PAYMENT.CAPTURE.REFUNDED's resource); without one, a
    /// refund of the whole capture that was never made (a fresh id each call).
    pub fn refund_resource(&self, order_id: &str) -> Value {
        let mut s = self.st();
        let o = find_order(&s, order_id).clone();
        let capture = o.capture_id.clone().expect("a captured order");
        let newest = s
            .refunds
            .iter()
            .rev()
            .find(|r| r.capture_id == Some(capture.clone()));
        if let Some(r) = newest {
            return refund_json(&s, r);
        }
        let id = next_id(&mut s, "", 17);
        let r = RefundRecord {
            id,
            capture_id: Some(capture),
            sale_id: None,
            currency: o.currency_code.clone(),
            value: o.value.clone(),
            note: None,
            invoice_id: None,
            custom_id: o.custom_id.clone(),
            request_id: None,
            total_refunded: o.value.clone(),
            create_time: now(),
        };
        refund_json(&s, &r)
    }
}

/// Hundredths as PayPal writes the currency's amounts ("10.00"; "1000" for JPY).
pub(super) fn shown(hundredths: i64, currency: &str) -> String {
    match rest::decimals(currency) {
        0 => (hundredths / 100).to_string(),
        _ => format!("{}.{:02}", hundredths / 100, hundredths % 100),
    }
}

/// What is refunded of a capture or sale so far, in hundredths.
pub(super) fn refunded(s: &State, payment_id: &str) -> i64 {
    let of = |r: &&RefundRecord| {
        r.capture_id.as_deref() == Some(payment_id) || r.sale_id.as_deref() == Some(payment_id)
    };
    s.refunds
        .iter()
        .filter(of)
        .map(|r| hundredths(&r.value))
        .sum()
}

pub(super) fn record<'a>(
    s: &'a mut State,
    capture_id: Option<&str>,
    sale_id: Option<&str>,
    currency: &str,
    value: &str,
) -> &'a mut RefundRecord {
    let payment = capture_id.or(sale_id).unwrap_or_default();
    let total = refunded(s, payment) + hundredths(value);
    let r = RefundRecord {
        id: next_id(s, "", 17),
        capture_id: capture_id.map(str::to_string),
        sale_id: sale_id.map(str::to_string),
        currency: currency.into(),
        value: value.into(),
        note: None,
        invoice_id: None,
        custom_id: None,
        request_id: None,
        total_refunded: shown(total, currency),
        create_time: now(),
    };
    s.refunds.push(r);
    s.refunds.last_mut().unwrap()
}

fn set_capture_status(s: &mut State, capture_id: &str) {
    let done = refunded(s, capture_id);
    let o = s
        .orders
        .iter_mut()
        .find(|o| o.capture_id.as_deref() == Some(capture_id));
    let o = o.expect("the capture's order");
    o.capture_status = Some(
        match done >= hundredths(&o.value) {
            true => "REFUNDED",
            false => "PARTIALLY_REFUNDED",
        }
        .into(),
    );
}

/// A refund as GET /v2/payments/refunds/{id} (a capture's) or GET /v1/payments/refund/{id}
/// (a sale's) shows it, and as its webhook carries it.
pub(super) fn refund_json(s: &State, r: &RefundRecord) -> Value {
    let (base, id) = (&s.base, &r.id);
    if r.sale_id.is_some() {
        return super::sales::refund_json(s, r);
    }
    let capture = r.capture_id.as_deref().unwrap_or_default();
    let money = |v: &str| json!({"currency_code": r.currency, "value": v});
    let mut refund = json!({
        "id": id, "status": "COMPLETED", "amount": money(&r.value),
        "seller_payable_breakdown": {"gross_amount": money(&r.value),
            "paypal_fee": money(&shown(0, &r.currency)), "net_amount": money(&r.value),
            "total_refunded_amount": money(&r.total_refunded)},
        "create_time": r.create_time, "update_time": r.create_time,
        "links": [
            {"href": format!("{base}/v2/payments/refunds/{id}"), "rel": "self", "method": "GET"},
            {"href": format!("{base}/v2/payments/captures/{capture}"), "rel": "up", "method": "GET"},
        ],
    });
    for (key, value) in [
        ("custom_id", &r.custom_id),
        ("note_to_payer", &r.note),
        ("invoice_id", &r.invoice_id),
    ] {
        if let Some(v) = value {
            refund[key] = json!(v);
        }
    }
    refund
}

/// The refunds of an order's capture, as `purchase_units[].payments.refunds` lists them.
pub(super) fn refunds_of(s: &State, o: &OrderRecord) -> Vec<Value> {
    let capture = o.capture_id.as_deref();
    let of = |r: &&RefundRecord| capture.is_some() && r.capture_id.as_deref() == capture;
    s.refunds
        .iter()
        .filter(of)
        .map(|r| refund_json(s, r))
        .collect()
}

/// A refund call while `fail_refunds` is set: PayPal's outage, or its refusal.
pub(super) fn failure(status: u16, v1: bool) -> Reply {
    let (name, message) = match status {
        429 => (
            "RATE_LIMIT_REACHED",
            "Too many requests. Blocked due to rate limiting.",
        ),
        503 => ("SERVICE_UNAVAILABLE", "Service Unavailable."),
        _ => (
            "INTERNAL_SERVER_ERROR",
            "An internal server error has occurred.",
        ),
    };
    if status >= 500 || status == 429 {
        return error(status, name, message, vec![]);
    }
    let issue = "REFUND_FAILED_INSUFFICIENT_FUNDS";
    match v1 {
        true => {
            let m = "Refund failed due to insufficient funds in your PayPal account.";
            super::sales::v1_error(400, issue, m, vec![])
        }
        false => {
            let d = "Capture could not be refunded due to insufficient funds. Please check to see if you have sufficient funds in your PayPal account or if the bank account linked to your PayPal account is verified and has sufficient funds.";
            unprocessable("", issue, d)
        }
    }
}

/// A refund request as checked: hundredths, note_to_payer, invoice_id, custom_id.
type Asked = (i64, Option<String>, Option<String>, Option<String>);

/// POST /v2/payments/captures/{id}/refund: `{}` refunds what is left of the capture, an
/// `amount` part of it; `note_to_payer` (1 to 255), `invoice_id` and `custom_id` (1 to 127)
/// kept. 201 with `{id, status, links}`, the whole Refund with `Prefer: return=representation`.
pub(super) fn refund_capture(
    s: &mut State,
    capture_id: &str,
    body: &Value,
    request_id: Option<&str>,
    full: bool,
) -> Reply {
    let Some(o) = s
        .orders
        .iter()
        .find(|o| o.capture_id.as_deref() == Some(capture_id))
    else {
        return not_found("");
    };
    let o = o.clone();
    if let Some(status) = s.refund_failure {
        return failure(status, false);
    }
    let checked = (|| -> Checked<Asked> {
        let note = string(body, "note_to_payer", "", false, 255)?;
        let invoice_id = string(body, "invoice_id", "", false, 127)?;
        let custom_id = string(body, "custom_id", "", false, 127)?;
        let left = hundredths(&o.value) - refunded(s, capture_id);
        let asked = match &body["amount"] {
            Value::Null => None,
            a if !a.is_object() => {
                return Err(invalid("/amount", "INVALID_PARAMETER_SYNTAX", BAD_SYNTAX))
            }
            a => {
                let (code, value) = money(s, a, "/amount", false)?;
                if code != o.currency_code {
                    let d = "Refund must be in the same currency as the capture.";
                    let at = "/amount/currency_code";
                    return Err(unprocessable(at, "REFUND_CAPTURE_CURRENCY_MISMATCH", d));
                }
                Some(hundredths(&value))
            }
        };
        match o.capture_status.as_deref() {
            Some("COMPLETED" | "PARTIALLY_REFUNDED" | "REFUNDED") => {}
            Some("PENDING") => {
                let d = "Cannot initiate a refund as the capture is pending. Capture is typically pending when the payer has funded the transaction using e-check/bank funded.";
                return Err(unprocessable("", "PENDING_CAPTURE", d));
            }
            _ => {
                let d = "Capture cannot be refunded.";
                return Err(unprocessable("", "REFUND_NOT_ALLOWED", d));
            }
        }
        if left <= 0 || o.capture_status.as_deref() == Some("REFUNDED") {
            let d = "The capture has already been fully refunded";
            return Err(unprocessable("", "CAPTURE_FULLY_REFUNDED", d));
        }
        if asked.is_some_and(|a| a > left) {
            let d = "The refund amount must be less than or equal to the capture amount that has not yet been refunded.";
            return Err(unprocessable("", "REFUND_AMOUNT_EXCEEDED", d));
        }
        let used = |id: &String| s.refunds.iter().any(|r| r.invoice_id.as_ref() == Some(id));
        if invoice_id.as_ref().is_some_and(used) {
            let d = "Invoice ID was previously used to refund a capture.";
            return Err(unprocessable("", "DUPLICATE_INVOICE_ID", d));
        }
        Ok((asked.unwrap_or(left), note, invoice_id, custom_id))
    })();
    let (part, note, invoice_id, custom_id) = match checked {
        Ok(c) => c,
        Err(r) => return r,
    };
    let value = shown(part, &o.currency_code);
    let r = record(s, Some(capture_id), None, &o.currency_code, &value);
    r.note = note;
    r.invoice_id = invoice_id;
    // The refund carries the capture's custom_id unless the request gave its own.
    r.custom_id = custom_id.or(o.custom_id.clone());
    r.request_id = request_id.map(str::to_string);
    let r = r.clone();
    set_capture_status(s, capture_id);
    let refund = refund_json(s, &r);
    match full {
        true => reply(201, refund),
        false => reply(
            201,
            json!({"id": refund["id"], "status": refund["status"], "links": refund["links"]}),
        ),
    }
}

/// GET /v2/payments/captures/{id} and /v2/payments/refunds/{id}.
pub(super) fn show(s: &State, what: &str, id: &str) -> Reply {
    match what {
        "captures" => match s
            .orders
            .iter()
            .find(|o| o.capture_id.as_deref() == Some(id))
        {
            Some(o) => reply(200, super::orders::capture_json(s, o)),
            None => not_found(""),
        },
        _ => match s
            .refunds
            .iter()
            .find(|r| r.id == id && r.capture_id.is_some())
        {
            Some(r) => reply(200, refund_json(s, r)),
            None => not_found(""),
        },
    }
}
