//! PayPal's webhook deliveries: verified by asking PayPal (the body carries no signature we
//! could check ourselves), then read in tagcart's words.

use super::client::{Method, PayPal, PayPalError, PayPalHeaders};
use super::currency;
use crate::clock::Timestamp;
use crate::domain::order::PaymentEvent;
use crate::gateways::{Paid, Refund, WebhookError};
use serde_json::Value;

/// The events to select for the webhook in PayPal's developer dashboard.
pub const EVENTS: &[&str] = &[
    "CHECKOUT.ORDER.APPROVED",
    "PAYMENT.CAPTURE.COMPLETED",
    "PAYMENT.CAPTURE.DENIED",
    "PAYMENT.CAPTURE.REFUNDED",
    "BILLING.SUBSCRIPTION.ACTIVATED",
    "BILLING.SUBSCRIPTION.CANCELLED",
    "BILLING.SUBSCRIPTION.EXPIRED",
    "BILLING.SUBSCRIPTION.PAYMENT.FAILED",
    "BILLING.SUBSCRIPTION.SUSPENDED",
    "BILLING.SUBSCRIPTION.RE-ACTIVATED",
    "PAYMENT.SALE.COMPLETED",
    "PAYMENT.SALE.REFUNDED",
];

impl PayPal {
    /// Asks PayPal whether this delivery is genuine: POST /v1/notifications/verify-webhook-signature
    /// with the transmission headers, the webhook id and the event exactly as received. True only
    /// for `verification_status: SUCCESS`; a delivery without the headers is refused unasked.
    pub fn verify_webhook(
        &self,
        webhook_id: &str,
        headers: &PayPalHeaders,
        body: &[u8],
    ) -> Result<bool, PayPalError> {
        let h = headers;
        let fields = [
            ("auth_algo", h.auth_algo.as_str()),
            ("cert_url", h.cert_url.as_str()),
            ("transmission_id", h.transmission_id.as_str()),
            ("transmission_sig", h.transmission_sig.as_str()),
            ("transmission_time", h.transmission_time.as_str()),
            ("webhook_id", webhook_id),
        ];
        let event = std::str::from_utf8(body).unwrap_or("").trim();
        let is_object = serde_json::from_str::<Value>(event).is_ok_and(|v| v.is_object());
        if fields.iter().any(|(_, v)| v.trim().is_empty()) || !is_object {
            return Ok(false);
        }
        // The event goes back byte for byte: re-serialising it can change what PayPal signed.
        let mut request = String::from("{");
        for (name, value) in fields {
            request.push_str(&format!("\"{name}\":{},", Value::from(value)));
        }
        request.push_str(&format!("\"webhook_event\":{event}}}"));
        let path = "/v1/notifications/verify-webhook-signature";
        let answer = self.send(Method::Post, path, None, Some(request))??;
        Ok(answer["verification_status"].as_str() == Some("SUCCESS"))
    }
}

/// A PayPal event in tagcart's words; `kind` None = a type we acknowledge but do not act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayPalEvent {
    pub id: String,
    pub type_name: String,
    pub kind: Option<PaymentEvent>,
    /// Our `payment_ref`, from the resource's `custom_id` (`custom` on a v1 sale).
    pub payment_ref: Option<String>,
    /// The PayPal order id or subscription id we stored on the order.
    pub processor_ref: Option<String>,
    /// CHECKOUT.ORDER.APPROVED: the order id to capture now.
    pub needs_capture: Option<String>,
    /// PAYMENT.SALE.COMPLETED: the sale's id, so that its refund finds the subscription's order;
    /// PAYMENT.CAPTURE.COMPLETED: the capture's, which a refund from tagcart refunds.
    pub payment_id: Option<String>,
    /// What a payment says was paid: a capture's or sale's amount, an activated subscription's
    /// last payment (none yet during a trial).
    pub paid: Paid,
    /// BILLING.SUBSCRIPTION.CANCELLED: the end of the period the buyer paid for.
    pub period_end: Option<Timestamp>,
    /// PAYMENT.CAPTURE.REFUNDED, PAYMENT.SALE.REFUNDED: this refund's id and amount.
    pub refund: Option<Refund>,
}

/// A subscription's last payment, when it has made one.
fn last_payment(subscription: &Value) -> Paid {
    let last = &subscription["billing_info"]["last_payment"];
    match last.is_object() {
        true => currency::paid(&last["amount"]),
        false => Paid::NotStated,
    }
}

/// When a cancelled subscription's paid period ends: `billing_info.next_billing_time` (RFC 3339).
/// None when PayPal leaves it out or it does not parse (the webhook is still taken), and when
/// payments were failing (`failed_payments_count` above 0): the period it names was never paid.
fn paid_period_end(subscription: &Value) -> Option<Timestamp> {
    let billing = &subscription["billing_info"];
    if billing["failed_payments_count"].as_i64().unwrap_or(0) > 0 {
        return None;
    }
    let next = billing["next_billing_time"].as_str()?;
    let format = time::format_description::well_known::Rfc3339;
    let at = time::OffsetDateTime::parse(next, &format).ok()?;
    Some(at.unix_timestamp()).filter(|t| *t > 0)
}

fn text(v: &Value) -> Option<String> {
    v.as_str().filter(|s| !s.is_empty()).map(str::to_string)
}

/// The order a capture or refund belongs to: `supplementary_data`, else its `up` link.
fn order_of(resource: &Value) -> Option<String> {
    let related = text(&resource["supplementary_data"]["related_ids"]["order_id"]);
    related.or_else(|| {
        let links = resource["links"].as_array()?;
        let up = links.iter().find(|l| l["rel"] == "up")?["href"].as_str()?;
        let (_, id) = up.split_once("/v2/checkout/orders/")?;
        text(&Value::from(id.trim_end_matches('/')))
    })
}

/// The capture a v2 refund gives money back from: its `up` link.
fn captured(refund: &Value) -> Option<String> {
    let links = refund["links"].as_array()?;
    let up = links.iter().find(|l| l["rel"] == "up")?["href"].as_str()?;
    let (_, id) = up.split_once("/v2/payments/captures/")?;
    text(&Value::from(id.trim_end_matches('/')))
}

/// One refund as PayPal states it: each has its own id and amount (v2 `amount.value`, v1
/// `amount.total`); the ledger adds them up. `None` without a readable amount: the refund
/// then counts as the whole payment, as before partial refunds were told apart.
fn refund(resource: &Value, payment_id: Option<String>) -> Option<Refund> {
    let Paid::Stated { amount, currency } = currency::paid(&resource["amount"]) else {
        return None;
    };
    Some(Refund {
        key: text(&resource["id"])?,
        payment_id,
        amount,
        currency: Some(currency),
        full: None,
    })
}

/// Reads a verified delivery. The mapping:
/// - CHECKOUT.ORDER.APPROVED → no event, but `needs_capture` (intent CAPTURE): the buyer
///   approved and the money moves only when we capture.
/// - PAYMENT.CAPTURE.COMPLETED → Completed; PAYMENT.CAPTURE.DENIED → Failed; the order id from
///   `supplementary_data.related_ids.order_id`.
/// - PAYMENT.CAPTURE.REFUNDED → Refunded, by the refund's `custom_id`, with the refund's
///   amount: the ledger tells a partial refund from a full one.
/// - BILLING.SUBSCRIPTION.ACTIVATED → Completed (a trial starts access too).
/// - PAYMENT.SALE.COMPLETED with a `billing_agreement_id` → Renewed (each subscription payment,
///   the first included: a renewal also proves the first payment).
/// - BILLING.SUBSCRIPTION.CANCELLED → Cancelled, `period_end` from
///   `billing_info.next_billing_time` (see `paid_period_end`).
/// - BILLING.SUBSCRIPTION.EXPIRED → no event: a payment plan that ran all its installments
///   expires, and that is no reason to revoke.
/// - BILLING.SUBSCRIPTION.PAYMENT.FAILED → RenewalFailed; BILLING.SUBSCRIPTION.SUSPENDED →
///   RenewalFailed too (PayPal suspends after too many failed payments; a streak already
///   failing keeps its start, so access follows the product's grace days from the first).
/// - BILLING.SUBSCRIPTION.RE-ACTIVATED → Recovered; a later PAYMENT.SALE.COMPLETED also ends a
///   failing streak (it is a renewal).
/// - anything else → no event.
pub fn parse_event(body: &[u8]) -> Result<PayPalEvent, WebhookError> {
    let bad = |m: &str| WebhookError::BadBody(m.to_string());
    let event: Value = serde_json::from_slice(body).map_err(|e| bad(&e.to_string()))?;
    let id = text(&event["id"]).filter(|id| id.len() <= 200);
    let id = id.ok_or_else(|| bad("the event has no id"))?;
    let type_name = text(&event["event_type"]).ok_or_else(|| bad("the event has no event_type"))?;
    let r = &event["resource"];
    let mut parsed = PayPalEvent {
        id,
        type_name,
        kind: None,
        payment_ref: None,
        processor_ref: None,
        needs_capture: None,
        payment_id: None,
        paid: Paid::NotStated,
        period_end: None,
        refund: None,
    };
    use PaymentEvent as E;
    let (kind, payment_ref, processor_ref) = match parsed.type_name.as_str() {
        "CHECKOUT.ORDER.APPROVED" => {
            let unit = &r["purchase_units"][0];
            let capture = r["intent"].as_str().is_none_or(|i| i == "CAPTURE");
            parsed.needs_capture = text(&r["id"]).filter(|_| capture);
            (None, text(&unit["custom_id"]), text(&r["id"]))
        }
        "PAYMENT.CAPTURE.COMPLETED" => {
            parsed.paid = currency::paid(&r["amount"]);
            // Remembered as the order's payment: its refund goes to this capture.
            parsed.payment_id = text(&r["id"]);
            (Some(E::Completed), text(&r["custom_id"]), order_of(r))
        }
        "PAYMENT.CAPTURE.DENIED" => (Some(E::Failed), text(&r["custom_id"]), order_of(r)),
        "PAYMENT.CAPTURE.REFUNDED" => {
            parsed.refund = refund(r, captured(r));
            (Some(E::Refunded), text(&r["custom_id"]), order_of(r))
        }
        "BILLING.SUBSCRIPTION.ACTIVATED" => {
            parsed.paid = last_payment(r);
            (Some(E::Completed), text(&r["custom_id"]), text(&r["id"]))
        }
        "BILLING.SUBSCRIPTION.CANCELLED" => {
            parsed.period_end = paid_period_end(r);
            (Some(E::Cancelled), text(&r["custom_id"]), text(&r["id"]))
        }
        "BILLING.SUBSCRIPTION.PAYMENT.FAILED" | "BILLING.SUBSCRIPTION.SUSPENDED" => (
            Some(E::RenewalFailed),
            text(&r["custom_id"]),
            text(&r["id"]),
        ),
        "BILLING.SUBSCRIPTION.RE-ACTIVATED" => {
            (Some(E::Recovered), text(&r["custom_id"]), text(&r["id"]))
        }
        "BILLING.SUBSCRIPTION.EXPIRED" => (None, text(&r["custom_id"]), text(&r["id"])),
        // A subscription payment's refund names only the sale: its order is found through it.
        "PAYMENT.SALE.REFUNDED" => {
            parsed.refund = refund(r, text(&r["sale_id"]));
            (Some(E::Refunded), text(&r["custom"]), text(&r["sale_id"]))
        }
        "PAYMENT.SALE.COMPLETED" => {
            parsed.payment_id = text(&r["id"]);
            parsed.paid = currency::paid(&r["amount"]);
            let subscription = text(&r["billing_agreement_id"]);
            // A sale outside a subscription is not one of ours.
            (
                subscription.as_ref().map(|_| E::Renewed),
                text(&r["custom"]),
                subscription,
            )
        }
        _ => (None, None, None),
    };
    if kind.is_some() && payment_ref.is_none() && processor_ref.is_none() {
        let why = format!(
            "{} names neither a custom_id nor an order or subscription id",
            parsed.type_name
        );
        return Err(bad(&why));
    }
    parsed.kind = kind;
    parsed.payment_ref = payment_ref;
    parsed.processor_ref = processor_ref;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(event_type: &str, resource: Value) -> PayPalEvent {
        let body = json!({"id": "WH-1", "event_version": "1.0", "event_type": event_type,
            "resource_type": "x", "summary": "s", "resource": resource});
        parse_event(body.to_string().as_bytes()).unwrap()
    }

    fn refs(e: &PayPalEvent) -> (Option<PaymentEvent>, Option<&str>, Option<&str>) {
        (e.kind, e.payment_ref.as_deref(), e.processor_ref.as_deref())
    }

    #[test]
    fn an_approved_order_asks_for_its_capture() {
        let e = parse(
            "CHECKOUT.ORDER.APPROVED",
            json!({"id": "5O1", "intent": "CAPTURE",
            "status": "APPROVED", "purchase_units": [{"reference_id": "default", "custom_id": "pay_1"}]}),
        );
        assert_eq!(refs(&e), (None, Some("pay_1"), Some("5O1")));
        assert_eq!(e.needs_capture.as_deref(), Some("5O1"));
        let authorize = parse(
            "CHECKOUT.ORDER.APPROVED",
            json!({"id": "5O2", "intent": "AUTHORIZE"}),
        );
        assert_eq!(authorize.needs_capture, None);
    }

    #[test]
    fn a_completed_capture_completes_by_custom_id_and_order_id() {
        let e = parse(
            "PAYMENT.CAPTURE.COMPLETED",
            json!({"id": "CAP1", "status": "COMPLETED",
            "custom_id": "pay_1", "supplementary_data": {"related_ids": {"order_id": "5O1"}}}),
        );
        assert_eq!(
            refs(&e),
            (Some(PaymentEvent::Completed), Some("pay_1"), Some("5O1"))
        );
        assert_eq!(
            (e.id.as_str(), e.type_name.as_str()),
            ("WH-1", "PAYMENT.CAPTURE.COMPLETED")
        );
        let by_link = parse(
            "PAYMENT.CAPTURE.COMPLETED",
            json!({"id": "CAP2", "links": [
            {"rel": "up", "href": "https://api-m.paypal.com/v2/checkout/orders/5O2", "method": "GET"}]}),
        );
        assert_eq!(
            refs(&by_link),
            (Some(PaymentEvent::Completed), None, Some("5O2"))
        );
    }

    #[test]
    fn denied_and_refunded_captures() {
        let denied = parse(
            "PAYMENT.CAPTURE.DENIED",
            json!({"id": "CAP1", "status": "DECLINED",
            "custom_id": "pay_1", "supplementary_data": {"related_ids": {"order_id": "5O1"}}}),
        );
        assert_eq!(
            refs(&denied),
            (Some(PaymentEvent::Failed), Some("pay_1"), Some("5O1"))
        );
        let refunded = parse(
            "PAYMENT.CAPTURE.REFUNDED",
            json!({"id": "RF1", "status": "COMPLETED",
            "custom_id": "pay_1", "links": [{"rel": "up", "href": "https://x/v2/payments/captures/CAP1"}]}),
        );
        assert_eq!(
            refs(&refunded),
            (Some(PaymentEvent::Refunded), Some("pay_1"), None)
        );
    }

    #[test]
    fn subscription_lifecycle_events() {
        let sub = json!({"id": "I-BW452GLLEP1G", "status": "ACTIVE", "custom_id": "pay_2"});
        let activated = parse("BILLING.SUBSCRIPTION.ACTIVATED", sub.clone());
        assert_eq!(
            refs(&activated),
            (
                Some(PaymentEvent::Completed),
                Some("pay_2"),
                Some("I-BW452GLLEP1G")
            )
        );
        let cancelled = parse("BILLING.SUBSCRIPTION.CANCELLED", sub.clone());
        assert_eq!(cancelled.kind, Some(PaymentEvent::Cancelled));
        let expired = parse("BILLING.SUBSCRIPTION.EXPIRED", sub);
        assert_eq!(
            refs(&expired),
            (None, Some("pay_2"), Some("I-BW452GLLEP1G"))
        );
    }

    #[test]
    fn failed_payments_and_suspensions_fail_the_renewal_and_a_reactivation_recovers_it() {
        let sub = json!({"id": "I-BW452GLLEP1G", "status": "ACTIVE", "custom_id": "pay_2",
            "billing_info": {"outstanding_balance": {"currency_code": "USD", "value": "19.00"},
                "failed_payments_count": 1, "next_billing_time": "2024-02-01T10:00:00Z"}});
        for (event_type, kind) in [
            (
                "BILLING.SUBSCRIPTION.PAYMENT.FAILED",
                PaymentEvent::RenewalFailed,
            ),
            (
                "BILLING.SUBSCRIPTION.SUSPENDED",
                PaymentEvent::RenewalFailed,
            ),
            ("BILLING.SUBSCRIPTION.RE-ACTIVATED", PaymentEvent::Recovered),
        ] {
            let e = parse(event_type, sub.clone());
            assert_eq!(
                refs(&e),
                (Some(kind), Some("pay_2"), Some("I-BW452GLLEP1G")),
                "{event_type}"
            );
            assert_eq!((e.paid.clone(), e.period_end), (Paid::NotStated, None));
        }
        let by_id = parse(
            "BILLING.SUBSCRIPTION.SUSPENDED",
            json!({"id": "I-1", "status": "SUSPENDED"}),
        );
        assert_eq!(
            refs(&by_id),
            (Some(PaymentEvent::RenewalFailed), None, Some("I-1"))
        );
    }

    fn cancelled(billing_info: Value) -> PayPalEvent {
        let sub = json!({"id": "I-1", "status": "CANCELLED", "custom_id": "pay_2",
            "billing_info": billing_info});
        parse("BILLING.SUBSCRIPTION.CANCELLED", sub)
    }

    #[test]
    fn a_cancellation_keeps_the_paid_period_paypal_states() {
        let e = cancelled(json!({"failed_payments_count": 0,
            "last_payment": {"amount": {"currency_code": "USD", "value": "19.00"}, "time": "2024-01-01T10:00:00Z"},
            "next_billing_time": "2024-02-01T10:00:00Z"}));
        assert_eq!(e.kind, Some(PaymentEvent::Cancelled));
        assert_eq!(e.period_end, Some(1_706_781_600), "2024-02-01T10:00:00Z");
        let offset = cancelled(json!({"next_billing_time": "2024-02-01T12:00:00+02:00"}));
        assert_eq!(offset.period_end, Some(1_706_781_600));
    }

    #[test]
    fn a_cancellation_without_a_readable_paid_period_ends_access_now() {
        for billing_info in [
            json!({"failed_payments_count": 0}),
            json!({"next_billing_time": "next tuesday"}),
            json!({"next_billing_time": "2024-02-01"}),
            json!({"next_billing_time": 1706781600}),
            Value::Null,
        ] {
            let e = cancelled(billing_info.clone());
            assert_eq!(
                (e.kind, e.period_end),
                (Some(PaymentEvent::Cancelled), None),
                "{billing_info}"
            );
        }
        let failing = cancelled(json!({"failed_payments_count": 2,
            "next_billing_time": "2024-02-01T10:00:00Z"}));
        assert_eq!(failing.period_end, None, "a period never paid for");
    }

    #[test]
    fn a_sale_remembers_its_id_and_its_refund_names_it() {
        let sale = parse(
            "PAYMENT.SALE.COMPLETED",
            json!({"id": "S1", "state": "completed", "billing_agreement_id": "I-BW452GLLEP1G"}),
        );
        assert_eq!(sale.payment_id.as_deref(), Some("S1"));
        let refund = parse(
            "PAYMENT.SALE.REFUNDED",
            json!({"id": "R1", "state": "completed", "sale_id": "S1"}),
        );
        assert_eq!(
            refs(&refund),
            (Some(PaymentEvent::Refunded), None, Some("S1"))
        );
    }

    #[test]
    fn a_subscription_sale_is_a_renewal_and_other_sales_are_ignored() {
        let sale = parse(
            "PAYMENT.SALE.COMPLETED",
            json!({"id": "S1", "state": "completed",
            "amount": {"total": "19.00", "currency": "USD"}, "billing_agreement_id": "I-BW452GLLEP1G"}),
        );
        assert_eq!(
            refs(&sale),
            (Some(PaymentEvent::Renewed), None, Some("I-BW452GLLEP1G"))
        );
        let other = parse(
            "PAYMENT.SALE.COMPLETED",
            json!({"id": "S2", "state": "completed"}),
        );
        assert_eq!(other.kind, None);
    }

    #[test]
    fn payments_state_their_amount_in_minor_units() {
        let capture = parse(
            "PAYMENT.CAPTURE.COMPLETED",
            json!({"id": "CAP1", "custom_id": "pay_1",
            "amount": {"currency_code": "USD", "value": "49.00"}}),
        );
        assert_eq!(capture.paid, Paid::stated(4900, "USD"));
        let sale = parse(
            "PAYMENT.SALE.COMPLETED",
            json!({"id": "S1", "amount": {"total": "19.00", "currency": "EUR"},
            "billing_agreement_id": "I-1"}),
        );
        assert_eq!(sale.paid, Paid::stated(1900, "EUR"));
        let paid = json!({"id": "I-1", "custom_id": "pay_2", "billing_info": {"last_payment":
            {"amount": {"currency_code": "USD", "value": "19.00"}, "time": "2024-01-01T00:00:00Z"}}});
        let activated = parse("BILLING.SUBSCRIPTION.ACTIVATED", paid);
        assert_eq!(activated.paid, Paid::stated(1900, "USD"));
        let trial = json!({"id": "I-1", "custom_id": "pay_2", "billing_info": {"failed_payments_count": 0}});
        let trial = parse("BILLING.SUBSCRIPTION.ACTIVATED", trial);
        assert_eq!(trial.paid, Paid::NotStated, "a trial has paid nothing yet");
        let unreadable = parse(
            "PAYMENT.CAPTURE.COMPLETED",
            json!({"id": "CAP1", "custom_id": "pay_1"}),
        );
        assert!(matches!(unreadable.paid, Paid::Unreadable(_)));
    }

    #[test]
    fn unknown_types_are_acknowledged_without_an_event() {
        let e = parse("CUSTOMER.DISPUTE.CREATED", json!({"dispute_id": "PP-1"}));
        assert_eq!(refs(&e), (None, None, None));
        assert_eq!(e.needs_capture, None);
    }

    #[test]
    fn malformed_events_are_refused() {
        for body in [
            "not json".to_string(),
            json!({"event_type": "PAYMENT.CAPTURE.COMPLETED", "resource": {}}).to_string(),
            json!({"id": "WH-1", "resource": {}}).to_string(),
            json!({"id": "WH-1", "event_type": "PAYMENT.CAPTURE.COMPLETED", "resource": {"id": "C"}}).to_string(),
        ] {
            assert!(matches!(parse_event(body.as_bytes()), Err(WebhookError::BadBody(_))), "{body}");
        }
    }

    #[test]
    fn the_dashboard_list_matches_the_gateway_list() {
        let listed =
            crate::gateways::registry::kind(crate::gateways::Gateway::Paypal).webhook_events;
        assert_eq!(EVENTS, listed);
    }
}
