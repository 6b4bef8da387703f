//! parse_webhook on signed fixtures shaped like Stripe's documented event payloads (trimmed).

use super::*;
use crate::domain::order::PaymentEvent;
use crate::gateways::Gateway;
use crate::gateways::{signature::sign, WebhookError};
use serde_json::{json, Value};

const SECRET: &str = "whsec_test_secret";
const NOW: i64 = 1_700_000_000;

fn envelope(id: &str, type_name: &str, object: Value) -> Vec<u8> {
    json!({
        "id": id, "object": "event", "api_version": "2024-06-20", "created": NOW - 2,
        "data": {"object": object}, "livemode": false, "pending_webhooks": 1,
        "request": {"id": "req_1", "idempotency_key": "tagcart-pay_1-payment_intent"}, "type": type_name,
    })
    .to_string()
    .into_bytes()
}

fn parse(type_name: &str, object: Value) -> StripeEvent {
    let body = envelope("evt_1", type_name, object);
    parse_webhook(SECRET, &sign(SECRET, NOW - 2, &body), &body, NOW).expect("a signed event parses")
}

fn payment_intent(invoice: Value, metadata: Value) -> Value {
    json!({
        "id": "pi_3Mtw", "object": "payment_intent", "amount": 4900, "amount_received": 4900,
        "currency": "usd", "customer": null, "invoice": invoice, "latest_charge": "ch_3Mtw",
        "metadata": metadata, "status": "succeeded", "client_secret": "pi_3Mtw_secret_x",
    })
}

fn invoice(billing_reason: &str) -> Value {
    json!({
        "id": "in_1MtH", "object": "invoice", "amount_paid": 1900, "billing_reason": billing_reason,
        "charge": "ch_1MtH", "currency": "usd", "customer": "cus_NeZw", "payment_intent": "pi_1MtH",
        "status": "paid", "subscription": "sub_1MowQ",
        "subscription_details": {"metadata": {"payment_ref": "pay_sub"}},
    })
}

fn charge(refunded: bool, metadata: Value) -> Value {
    json!({
        "id": "ch_3MmlLr", "object": "charge", "amount": 4900, "amount_refunded": if refunded { 4900 } else { 1000 },
        "currency": "usd", "metadata": metadata, "paid": true, "payment_intent": "pi_3MmlLr",
        "refunded": refunded, "status": "succeeded",
    })
}

#[test]
fn a_one_time_payment_intent_succeeding_completes_its_order() {
    let event = parse(
        "payment_intent.succeeded",
        payment_intent(Value::Null, json!({"payment_ref": "pay_1"})),
    );
    assert_eq!(event.id, "evt_1");
    assert_eq!(event.type_name, "payment_intent.succeeded");
    assert_eq!(event.kind, Some(PaymentEvent::Completed));
    assert_eq!(event.payment_ref.as_deref(), Some("pay_1"));
    assert_eq!(event.processor_ref.as_deref(), Some("pi_3Mtw"));
}

#[test]
fn a_failed_one_time_payment_intent_fails_its_order() {
    let mut object = payment_intent(Value::Null, json!({"payment_ref": "pay_1"}));
    object["status"] = json!("requires_payment_method");
    let event = parse("payment_intent.payment_failed", object);
    assert_eq!(event.kind, Some(PaymentEvent::Failed));
    assert_eq!(event.payment_ref.as_deref(), Some("pay_1"));
}

#[test]
fn payment_intents_of_invoices_are_left_to_the_invoice_events() {
    let with_invoice = parse(
        "payment_intent.succeeded",
        payment_intent(json!("in_1MtH"), json!({})),
    );
    assert_eq!(with_invoice.kind, None);
    // API versions from 2025-03-31.basil drop `invoice`: no payment_ref tells it is not ours.
    let without_ref = parse(
        "payment_intent.payment_failed",
        payment_intent(Value::Null, json!({})),
    );
    assert_eq!((without_ref.kind, without_ref.processor_ref), (None, None));
}

#[test]
fn the_first_subscription_invoice_completes_and_later_ones_renew() {
    let first = parse("invoice.payment_succeeded", invoice("subscription_create"));
    assert_eq!(first.kind, Some(PaymentEvent::Completed));
    assert_eq!(first.processor_ref.as_deref(), Some("sub_1MowQ"));
    assert_eq!(first.payment_ref.as_deref(), Some("pay_sub"));
    let cycle = parse("invoice.payment_succeeded", invoice("subscription_cycle"));
    assert_eq!(cycle.kind, Some(PaymentEvent::Renewed));
    assert_eq!(cycle.processor_ref.as_deref(), Some("sub_1MowQ"));
}

#[test]
fn invoices_in_the_basil_shape_name_their_subscription_under_parent() {
    let object = json!({
        "id": "in_1", "object": "invoice", "billing_reason": "subscription_cycle", "status": "paid",
        "parent": {"type": "subscription_details", "quote_details": null,
            "subscription_details": {"metadata": {"payment_ref": "pay_new"}, "subscription": "sub_new"}},
    });
    let event = parse("invoice.payment_succeeded", object);
    assert_eq!(event.kind, Some(PaymentEvent::Renewed));
    assert_eq!(event.processor_ref.as_deref(), Some("sub_new"));
    assert_eq!(event.payment_ref.as_deref(), Some("pay_new"));
}

#[test]
fn an_invoice_of_no_subscription_is_not_acted_on() {
    let mut object = invoice("manual");
    object["subscription"] = Value::Null;
    object["subscription_details"] = Value::Null;
    assert_eq!(parse("invoice.payment_succeeded", object).kind, None);
}

#[test]
fn a_deleted_subscription_cancels_its_order() {
    let object = json!({
        "id": "sub_1MowQ", "object": "subscription", "customer": "cus_NeZw", "status": "canceled",
        "canceled_at": NOW - 10, "ended_at": NOW - 10, "metadata": {"payment_ref": "pay_sub", "installments": "3"},
    });
    let event = parse("customer.subscription.deleted", object);
    assert_eq!(event.kind, Some(PaymentEvent::Cancelled));
    assert_eq!(event.processor_ref.as_deref(), Some("sub_1MowQ"));
    assert_eq!(event.payment_ref.as_deref(), Some("pay_sub"));
}

#[test]
fn a_failed_renewal_invoice_is_a_renewal_failure_and_a_failed_first_invoice_a_failure() {
    let mut failed = invoice("subscription_cycle");
    failed["status"] = json!("open");
    failed["amount_paid"] = json!(0);
    failed["attempt_count"] = json!(1);
    failed["next_payment_attempt"] = json!(NOW + 3 * 86_400);
    let renewal = parse("invoice.payment_failed", failed.clone());
    assert_eq!(renewal.kind, Some(PaymentEvent::RenewalFailed));
    assert_eq!(renewal.processor_ref.as_deref(), Some("sub_1MowQ"));
    assert_eq!(renewal.payment_ref.as_deref(), Some("pay_sub"));
    assert_eq!(
        (renewal.paid, renewal.payment_id, renewal.period_end),
        (crate::gateways::Paid::NotStated, None, None),
        "a failure pays nothing"
    );
    failed["billing_reason"] = json!("subscription_create");
    let first = parse("invoice.payment_failed", failed);
    assert_eq!(first.kind, Some(PaymentEvent::Failed));
    assert_eq!(first.processor_ref.as_deref(), Some("sub_1MowQ"));
}

#[test]
fn a_failed_invoice_in_the_basil_shape_names_its_subscription_under_parent() {
    let object = json!({
        "id": "in_2", "object": "invoice", "billing_reason": "subscription_cycle", "status": "open",
        "amount_paid": 0, "currency": "usd",
        "parent": {"type": "subscription_details", "quote_details": null,
            "subscription_details": {"metadata": {"payment_ref": "pay_new"}, "subscription": "sub_new"}},
    });
    let event = parse("invoice.payment_failed", object);
    assert_eq!(event.kind, Some(PaymentEvent::RenewalFailed));
    assert_eq!(event.processor_ref.as_deref(), Some("sub_new"));
    assert_eq!(event.payment_ref.as_deref(), Some("pay_new"));
}

#[test]
fn a_failed_invoice_of_no_subscription_is_not_acted_on() {
    let mut object = invoice("manual");
    object["subscription"] = Value::Null;
    object["subscription_details"] = Value::Null;
    assert_eq!(parse("invoice.payment_failed", object).kind, None);
}

fn deleted(extra: Value) -> Value {
    let mut object = json!({
        "id": "sub_1MowQ", "object": "subscription", "customer": "cus_NeZw", "status": "canceled",
        "canceled_at": NOW - 10, "ended_at": NOW - 10, "metadata": {"payment_ref": "pay_sub"},
    });
    for (key, value) in extra.as_object().unwrap() {
        object[key] = value.clone();
    }
    object
}

#[test]
fn a_deleted_subscription_states_the_end_of_its_paid_period_in_either_shape() {
    let old = parse(
        "customer.subscription.deleted",
        deleted(
            json!({"current_period_start": NOW - 86_400, "current_period_end": NOW + 29 * 86_400}),
        ),
    );
    assert_eq!(
        (old.kind, old.period_end),
        (Some(PaymentEvent::Cancelled), Some(NOW + 29 * 86_400))
    );
    // 2025-03-31.basil moved the period onto the subscription's items.
    let basil = parse(
        "customer.subscription.deleted",
        deleted(
            json!({"items": {"object": "list", "data": [{"id": "si_1", "object": "subscription_item",
            "current_period_start": NOW - 86_400, "current_period_end": NOW + 6 * 86_400}]}}),
        ),
    );
    assert_eq!(
        (basil.kind, basil.period_end),
        (Some(PaymentEvent::Cancelled), Some(NOW + 6 * 86_400))
    );
    let unstated = parse("customer.subscription.deleted", deleted(json!({})));
    assert_eq!(
        (unstated.kind, unstated.period_end),
        (Some(PaymentEvent::Cancelled), None)
    );
    let garbled = parse(
        "customer.subscription.deleted",
        deleted(json!({"current_period_end": "soon"})),
    );
    assert_eq!(garbled.period_end, None);
}

#[test]
fn a_subscription_stripe_ended_for_want_of_payment_has_no_paid_period_left() {
    for reason in ["payment_failed", "payment_disputed"] {
        let object = deleted(json!({"current_period_end": NOW + 29 * 86_400,
            "cancellation_details": {"comment": null, "feedback": null, "reason": reason}}));
        let event = parse("customer.subscription.deleted", object);
        assert_eq!(
            (event.kind, event.period_end),
            (Some(PaymentEvent::Cancelled), None),
            "{reason}"
        );
    }
    let asked = deleted(json!({"current_period_end": NOW + 29 * 86_400,
        "cancellation_details": {"comment": null, "feedback": null, "reason": "cancellation_requested"}}));
    assert_eq!(
        parse("customer.subscription.deleted", asked).period_end,
        Some(NOW + 29 * 86_400)
    );
}

#[test]
fn only_a_cancellation_states_a_period_end() {
    let mut object = invoice("subscription_cycle");
    object["current_period_end"] = json!(NOW + 100);
    assert_eq!(parse("invoice.payment_succeeded", object).period_end, None);
}

#[test]
fn a_refund_names_the_payment_intent_and_says_how_much_of_the_charge_it_gave_back() {
    let full = parse("charge.refunded", charge(true, json!({})));
    assert_eq!(full.kind, Some(PaymentEvent::Refunded));
    let figures = full.refund.clone().unwrap();
    assert_eq!(
        (
            figures.key.as_str(),
            figures.payment_id.as_deref(),
            figures.amount,
            figures.currency.as_deref(),
            figures.full
        ),
        (
            "ch_3MmlLr",
            Some("pi_3MmlLr"),
            4900,
            Some("USD"),
            Some(true)
        )
    );
    assert_eq!(full.processor_ref.as_deref(), Some("pi_3MmlLr"));
    assert_eq!(full.payment_ref, None);
    let with_ref = parse(
        "charge.refunded",
        charge(true, json!({"payment_ref": "pay_1"})),
    );
    assert_eq!(with_ref.payment_ref.as_deref(), Some("pay_1"));
    let part = parse("charge.refunded", charge(false, json!({})));
    assert_eq!(part.kind, Some(PaymentEvent::Refunded));
    let figures = part.refund.unwrap();
    assert_eq!((figures.amount, figures.full), (1000, Some(false)));
    // Part of the charge with no figure to count: nothing to act on.
    let mut unstated = charge(false, json!({}));
    unstated["amount_refunded"] = Value::Null;
    assert_eq!(parse("charge.refunded", unstated).kind, None);
}

#[test]
fn other_event_types_are_verified_but_not_acted_on() {
    let event = parse(
        "customer.created",
        json!({"id": "cus_1", "object": "customer", "metadata": {"payment_ref": "p"}}),
    );
    assert_eq!(
        (event.kind, event.payment_ref, event.processor_ref),
        (None, None, None)
    );
    assert_eq!(event.type_name, "customer.created");
}

#[test]
fn tampered_unsigned_stale_and_unconfigured_deliveries_are_refused() {
    let body = envelope(
        "evt_1",
        "payment_intent.succeeded",
        payment_intent(Value::Null, json!({"payment_ref": "pay_1"})),
    );
    let header = sign(SECRET, NOW, &body);
    let tampered = String::from_utf8(body.clone())
        .unwrap()
        .replace("4900", "1");
    assert_eq!(
        parse_webhook(SECRET, &header, tampered.as_bytes(), NOW),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        parse_webhook("whsec_other", &header, &body, NOW),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        parse_webhook(SECRET, "", &body, NOW),
        Err(WebhookError::MalformedSignature)
    );
    assert_eq!(
        parse_webhook(SECRET, &header, &body, NOW + 301),
        Err(WebhookError::Stale(300))
    );
    assert_eq!(
        parse_webhook("", &header, &body, NOW),
        Err(WebhookError::NotConfigured)
    );
}

#[test]
fn a_rolled_secret_still_verifies_when_any_v1_matches() {
    let body = envelope(
        "evt_2",
        "customer.subscription.deleted",
        json!({"id": "sub_1", "metadata": {}}),
    );
    let good = sign(SECRET, NOW, &body);
    let header = format!(
        "t={NOW},v1={},{}",
        "0".repeat(64),
        good.split_once(',').unwrap().1
    );
    assert_eq!(
        parse_webhook(SECRET, &header, &body, NOW).unwrap().kind,
        Some(PaymentEvent::Cancelled)
    );
}

#[test]
fn signed_bodies_that_are_not_stripe_events_are_refused() {
    for body in [
        &b"not json"[..],
        br#"{"type":"charge.refunded","data":{"object":{}}}"#,
        br#"{"id":"evt_1","type":"x","data":{}}"#,
    ] {
        let header = sign(SECRET, NOW, body);
        assert!(
            matches!(
                parse_webhook(SECRET, &header, body, NOW),
                Err(WebhookError::BadBody(_))
            ),
            "{body:?}"
        );
    }
}

#[test]
fn the_dashboard_list_names_every_mapped_event() {
    assert_eq!(
        EVENTS,
        crate::gateways::registry::kind(Gateway::Stripe).webhook_events
    );
    let objects = [
        payment_intent(Value::Null, json!({"payment_ref": "p"})),
        payment_intent(Value::Null, json!({"payment_ref": "p"})),
        payment_intent(Value::Null, json!({"payment_ref": "p"})),
        invoice("subscription_create"),
        invoice("subscription_cycle"),
        json!({"id": "sub_1", "metadata": {}}),
        charge(true, json!({})),
    ];
    for (type_name, object) in EVENTS.iter().zip(objects) {
        assert!(parse(type_name, object).kind.is_some(), "{type_name}");
    }
}

#[test]
fn a_subscription_invoice_remembers_the_payment_intent_that_paid_it() {
    let mut paid = invoice("subscription_cycle");
    paid["payment_intent"] = json!("pi_invoice_1");
    assert_eq!(
        parse("invoice.payment_succeeded", paid)
            .payment_id
            .as_deref(),
        Some("pi_invoice_1")
    );
    let refund = parse("charge.refunded", {
        let mut c = charge(true, json!({}));
        c["payment_intent"] = json!("pi_invoice_1");
        c
    });
    assert_eq!(
        (refund.kind, refund.processor_ref.as_deref()),
        (Some(PaymentEvent::Refunded), Some("pi_invoice_1"))
    );
}

#[test]
fn payments_state_what_was_paid_in_minor_units_with_an_upper_case_currency() {
    let intent = parse(
        "payment_intent.succeeded",
        payment_intent(Value::Null, json!({"payment_ref": "pay_1"})),
    );
    assert_eq!(intent.paid, crate::gateways::Paid::stated(4900, "USD"));
    let first = parse("invoice.payment_succeeded", invoice("subscription_create"));
    assert_eq!(first.paid, crate::gateways::Paid::stated(1900, "USD"));
    let renewal = parse("invoice.payment_succeeded", invoice("subscription_cycle"));
    assert_eq!(renewal.paid, crate::gateways::Paid::stated(1900, "USD"));
    let refund = parse(
        "charge.refunded",
        charge(true, json!({"payment_ref": "pay_1"})),
    );
    assert_eq!(refund.paid, crate::gateways::Paid::NotStated);
}

#[test]
fn a_payment_without_its_amount_cannot_be_checked() {
    let mut object = payment_intent(Value::Null, json!({"payment_ref": "pay_1"}));
    object.as_object_mut().unwrap().remove("amount");
    object.as_object_mut().unwrap().remove("amount_received");
    let event = parse("payment_intent.succeeded", object);
    assert!(
        matches!(event.paid, crate::gateways::Paid::Unreadable(_)),
        "{:?}",
        event.paid
    );
}
