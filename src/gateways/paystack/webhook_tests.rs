//! Paystack's signature and its events as Paystack documents them, read in tagcart's words.

use super::subscriptions::RenewalCharge;
use super::webhook::{parse_event, sign, verify, SubscriptionOf};
use crate::domain::order::PaymentEvent;
use crate::gateways::{Paid, WebhookError};
use serde_json::json;

const KEY: &str = "sk_test_0123456789abcdef";

#[test]
fn a_signed_body_verifies_and_any_change_breaks_it() {
    let body = br#"{"event":"charge.success","data":{}}"#;
    let signature = sign(KEY, body);
    assert_eq!(signature.len(), 128, "hex of a SHA-512 HMAC");
    assert_eq!(verify(KEY, &signature, body), Ok(()));
    assert_eq!(
        verify("sk_test_other", &signature, body),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        verify(KEY, &signature, br#"{"event":"charge.success","data":{} }"#),
        Err(WebhookError::BadSignature)
    );
    let flipped = format!(
        "{}{}",
        if signature.starts_with('0') { '1' } else { '0' },
        &signature[1..]
    );
    assert_eq!(verify(KEY, &flipped, body), Err(WebhookError::BadSignature));
}

#[test]
fn missing_or_malformed_signatures_are_told_apart_from_wrong_ones() {
    let body = b"{}";
    for malformed in ["", "zz", "abcd", &"0".repeat(127), &"g".repeat(128)] {
        assert_eq!(
            verify(KEY, malformed, body),
            Err(WebhookError::MalformedSignature),
            "{malformed}"
        );
    }
    assert_eq!(
        verify(KEY, &"0".repeat(128), body),
        Err(WebhookError::BadSignature)
    );
}

fn event(name: &str, data: serde_json::Value) -> Vec<u8> {
    json!({"event": name, "data": data})
        .to_string()
        .into_bytes()
}

#[test]
fn a_first_charge_completes_its_order_by_the_payment_ref_in_metadata() {
    let body = event(
        "charge.success",
        json!({
            "id": 302961, "status": "success", "reference": "pay.abc", "amount": 490000, "currency": "NGN",
            "paid_at": "2026-01-01T10:00:00.000Z", "metadata": {"payment_ref": "pay_abc"},
            "customer": {"id": 68324, "customer_code": "CUS_x", "email": "pat@example.com"}, "plan": {},
        }),
    );
    let e = parse_event(&body).unwrap();
    assert_eq!(e.id, "paystack:charge:pay.abc");
    assert_eq!(e.kind, Some(PaymentEvent::Completed));
    assert_eq!(e.payment_ref.as_deref(), Some("pay_abc"));
    assert_eq!(e.processor_ref.as_deref(), Some("pay.abc"));
    assert_eq!(e.payment_id.as_deref(), Some("pay.abc"));
    assert_eq!(e.paid, Paid::stated(490000, "NGN"));
    assert_eq!(e.find_order, None);
}

#[test]
fn a_renewal_charge_is_found_through_the_subscription_of_its_customer_plan_and_card() {
    let body = event(
        "charge.success",
        json!({
            "id": 302962, "status": "success", "reference": "T4r3n3w4l", "amount": 1900, "currency": "USD",
            "paid_at": "2026-02-01T10:00:00.000Z", "metadata": "",
            "customer": {"id": 68324}, "plan": {"id": 49122, "plan_code": "PLN_gx2wn530m0i3w3m", "interval": "monthly"},
            "authorization": {"authorization_code": "AUTH_8dfhjjdt", "reusable": true},
        }),
    );
    let e = parse_event(&body).unwrap();
    assert_eq!(
        (e.kind, e.payment_ref.clone(), e.processor_ref.clone()),
        (Some(PaymentEvent::Renewed), None, None)
    );
    assert_eq!(e.id, "paystack:charge:T4r3n3w4l");
    assert_eq!(
        e.find_order,
        Some(SubscriptionOf::Charge(RenewalCharge {
            customer_id: "68324".into(),
            plan_code: "PLN_gx2wn530m0i3w3m".into(),
            plan_id: Some("49122".into()),
            authorization: Some("AUTH_8dfhjjdt".into()),
        }))
    );
}

#[test]
fn a_renewal_carrying_the_first_charges_metadata_is_still_a_renewal() {
    let body = event(
        "charge.success",
        json!({
            "id": 302963, "status": "success", "reference": "T7r3n3w4l", "amount": 1900, "currency": "USD",
            "paid_at": "2026-03-01T10:00:00.000Z", "metadata": {"payment_ref": "pay_abc"},
            "customer": {"id": 68324}, "plan": {"plan_code": "PLN_gx2wn530m0i3w3m"},
        }),
    );
    let e = parse_event(&body).unwrap();
    assert_eq!(
        (e.kind, e.payment_ref.clone(), e.processor_ref.clone()),
        (Some(PaymentEvent::Renewed), None, None),
        "only pay.abc is the first charge of pay_abc"
    );
}

#[test]
fn a_paid_invoice_is_the_same_renewal_as_its_charge() {
    let body = event(
        "invoice.update",
        json!({
            "invoice_code": "INV_1", "status": "success", "paid": true, "amount": 1900,
            "subscription": {"subscription_code": "SUB_1", "email_token": "tok", "status": "active"},
            "transaction": {"reference": "T4r3n3w4l", "status": "success", "amount": 1900, "currency": "USD"},
        }),
    );
    let e = parse_event(&body).unwrap();
    assert_eq!(
        e.id, "paystack:charge:T4r3n3w4l",
        "one id with the charge.success"
    );
    assert_eq!(e.kind, Some(PaymentEvent::Renewed));
    assert_eq!(e.paid, Paid::stated(1900, "USD"));
    assert_eq!(e.find_order, Some(SubscriptionOf::Code("SUB_1".into())));
}

#[test]
fn a_failed_invoice_fails_the_renewal_once_whichever_event_says_so() {
    let data = json!({
        "invoice_code": "INV_2", "status": "failed", "paid": false,
        "subscription": {"subscription_code": "SUB_1"},
        "transaction": {"reference": "T5", "status": "failed"},
    });
    let failed = parse_event(&event("invoice.payment_failed", data.clone())).unwrap();
    let updated = parse_event(&event("invoice.update", data)).unwrap();
    assert_eq!(failed.kind, Some(PaymentEvent::RenewalFailed));
    assert_eq!(
        (failed.id.as_str(), updated.id.as_str()),
        (
            "paystack:invoice_failed:INV_2",
            "paystack:invoice_failed:INV_2"
        )
    );
}

#[test]
fn a_subscription_that_will_not_renew_is_cancelled_at_its_next_payment_date() {
    let data = json!({"subscription_code": "SUB_1", "email_token": "tok", "status": "non-renewing",
                      "next_payment_date": "2026-03-01T00:00:00.000Z"});
    let not_renew = parse_event(&event("subscription.not_renew", data.clone())).unwrap();
    let disabled = parse_event(&event("subscription.disable", data)).unwrap();
    assert_eq!(not_renew.kind, Some(PaymentEvent::Cancelled));
    assert_eq!(not_renew.period_end, Some(1772323200));
    assert_eq!(not_renew.id, disabled.id, "one cancellation, counted once");
    let paid_in_full = json!({"subscription_code": "SUB_2", "status": "complete"});
    let finished = parse_event(&event("subscription.disable", paid_in_full)).unwrap();
    assert_eq!(
        finished.kind, None,
        "a payment plan paid in full is not cancelled"
    );
}

#[test]
fn a_processed_refund_carries_its_amount_even_as_a_string() {
    // Paystack's documented sample: no `id`, the refund named by its refund_reference.
    let body = event(
        "refund.processed",
        json!({
            "status": "processed", "transaction_reference": "pay.abc", "refund_reference": "TRFSBXRH6XRPOBN",
            "amount": "10000", "currency": "NGN", "processor": "mpgs_zen", "integration": 463433, "domain": "live",
        }),
    );
    let e = parse_event(&body).unwrap();
    assert_eq!(
        (e.id.as_str(), e.kind),
        (
            "paystack:refund:TRFSBXRH6XRPOBN",
            Some(PaymentEvent::Refunded)
        )
    );
    assert_eq!(e.processor_ref.as_deref(), Some("pay.abc"));
    let refund = e.refund.unwrap();
    assert_eq!(
        (
            refund.key.as_str(),
            refund.amount,
            refund.currency.as_deref()
        ),
        ("TRFSBXRH6XRPOBN", 10000, Some("NGN"))
    );
}

#[test]
fn a_processed_refund_without_a_readable_amount_is_refused_not_taken_as_the_whole() {
    for amount in [json!(null), json!("100.50"), json!("")] {
        let body = event(
            "refund.processed",
            json!({"status": "processed", "transaction_reference": "pay.abc",
                   "refund_reference": "TRF1", "amount": amount, "currency": "NGN"}),
        );
        assert!(
            matches!(parse_event(&body), Err(WebhookError::BadBody(_))),
            "{amount}"
        );
    }
}

#[test]
fn other_events_are_acknowledged_and_broken_bodies_refused() {
    for name in [
        "subscription.create",
        "invoice.create",
        "refund.failed",
        "transfer.success",
    ] {
        let e = parse_event(&event(name, json!({"id": 1, "subscription_code": "SUB_1"}))).unwrap();
        assert_eq!(e.kind, None, "{name}");
    }
    assert!(matches!(
        parse_event(b"not json"),
        Err(WebhookError::BadBody(_))
    ));
    assert!(matches!(
        parse_event(br#"{"event":"charge.success"}"#),
        Err(WebhookError::BadBody(_))
    ));
    assert!(matches!(
        parse_event(br#"{"event":"charge.success","data":{}}"#),
        Err(WebhookError::BadBody(_))
    ));
}
