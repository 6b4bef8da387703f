//! What goes over the wire for one-time payments, lookups and cancellations, and how Stripe's
//! refusals come back.

use super::fake_api::{fake, stripe_error, taken, terms};
use super::*;
use crate::domain::order::PaymentEvent;
use crate::domain::product::PriceKind;
use crate::gateways::LookedUp;
use serde_json::json;
use std::net::TcpListener;

#[test]
fn a_one_time_payment_intent_carries_the_database_terms_and_a_key_derived_from_payment_ref() {
    let (stripe, calls) = fake(|_| (200, json!({"id": "pi_1", "client_secret": "pi_1_secret_a"})));
    let terms = terms(PriceKind::OneTime, 4900);
    let started = stripe
        .start_one_time("pay_A", &terms, "buyer@example.com", "Course")
        .unwrap();
    assert_eq!(
        started,
        Started {
            processor_ref: "pi_1".into(),
            client_secret: "pi_1_secret_a".into()
        }
    );
    stripe
        .start_one_time("pay_A", &terms, "buyer@example.com", "Course")
        .unwrap();
    stripe
        .start_one_time("pay_B", &terms, "buyer@example.com", "Course")
        .unwrap();
    let calls = taken(&calls);
    let first = &calls[0];
    assert_eq!(
        (first.method.as_str(), first.path.as_str()),
        ("POST", "/v1/payment_intents")
    );
    for (name, value) in [
        ("amount", "4900"),
        ("currency", "eur"),
        ("metadata[payment_ref]", "pay_A"),
        ("receipt_email", "buyer@example.com"),
        ("description", "Course"),
        ("automatic_payment_methods[enabled]", "true"),
    ] {
        assert_eq!(first.field(name), Some(value), "{name}");
    }
    // The Payment Element offers what the merchant enabled in Stripe, not cards alone.
    assert_eq!(first.field("payment_method_types[]"), None);
    assert_eq!(first.header("Authorization"), Some("Bearer sk_test_fake"));
    assert_eq!(first.header("Stripe-Version"), Some(API_VERSION));
    let keys: Vec<_> = calls
        .iter()
        .map(|c| c.header("Idempotency-Key").unwrap())
        .collect();
    assert_eq!(
        keys[0], keys[1],
        "a retry for the same order reuses the key"
    );
    assert_ne!(keys[0], keys[2]);
    assert!(keys[0].contains("pay_A"));
}

#[test]
fn only_localstripes_refusal_of_receipt_email_and_description_is_retried_without_them() {
    let (stripe, calls) = fake(|call| match call.field("description") {
        Some(_) => (
            400,
            json!({"error": {"message": "Unexpected receipt_email, description", "type": "invalid_request_error"}}),
        ),
        None => (200, json!({"id": "pi_2", "client_secret": "s"})),
    });
    assert_eq!(
        stripe
            .start_one_time(
                "pay_A",
                &terms(PriceKind::OneTime, 100),
                "b@example.com",
                "D"
            )
            .unwrap()
            .processor_ref,
        "pi_2"
    );
    let calls = taken(&calls);
    assert_eq!(calls.len(), 2);
    assert_eq!(
        (calls[1].field("receipt_email"), calls[1].field("amount")),
        (None, Some("100"))
    );
    assert_ne!(
        calls[0].header("Idempotency-Key"),
        calls[1].header("Idempotency-Key")
    );

    let (stripe, calls) = fake(|_| {
        stripe_error(
            400,
            "parameter_unknown",
            "Received unknown parameter: description",
        )
    });
    let refused = stripe.start_one_time(
        "pay_A",
        &terms(PriceKind::OneTime, 100),
        "b@example.com",
        "D",
    );
    assert!(
        matches!(refused, Err(StripeError::Api { status: 400, code: Some(c), .. }) if c == "parameter_unknown")
    );
    assert_eq!(taken(&calls).len(), 1);
}
#[test]
fn refusals_keep_stripes_code_and_message_and_unreachable_is_transport() {
    let (stripe, _) = fake(|_| {
        (
            402,
            json!({"error": {"type": "card_error", "code": "card_declined", "message": "Your card was declined."}}),
        )
    });
    match stripe.start_one_time(
        "pay_A",
        &terms(PriceKind::OneTime, 100),
        "b@example.com",
        "D",
    ) {
        Err(StripeError::Api {
            status,
            code,
            message,
        }) => assert_eq!(
            (status, code.as_deref(), message.as_str()),
            (402, Some("card_declined"), "Your card was declined.")
        ),
        other => panic!("{other:?}"),
    }
    let (stripe, _) = fake(|_| {
        (
            401,
            json!({"error": {"type": "invalid_request_error", "message": "Invalid API Key provided: sk_test_****fake"}}),
        )
    });
    assert!(matches!(
        stripe.verify_keys(),
        Err(StripeError::Api { status: 401, .. })
    ));
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let stripe = Stripe::new(
        format!("http://{closed}").parse().unwrap(),
        "sk_test_x".into(),
    );
    assert!(matches!(
        stripe.verify_keys(),
        Err(StripeError::Transport(_))
    ));
    assert!(
        !format!("{stripe:?}").contains("sk_test_x"),
        "the key is masked in Debug"
    );
}

#[test]
fn lookup_reads_payment_intent_and_subscription_statuses() {
    let (stripe, calls) = fake(|call| {
        let status = call.path.rsplit('_').next().unwrap().to_string();
        (200, json!({"id": "x", "status": status.replace("-", "_")}))
    });
    let cases = [
        ("pi_succeeded", Some(PaymentEvent::Completed)),
        ("pi_canceled", Some(PaymentEvent::Failed)),
        ("pi_requires-payment-method", None),
        ("pi_processing", Some(PaymentEvent::Processing)),
        ("sub_active", Some(PaymentEvent::Completed)),
        ("sub_trialing", Some(PaymentEvent::Completed)),
        ("sub_incomplete", None),
        ("sub_incomplete-expired", Some(PaymentEvent::Failed)),
    ];
    for (processor_ref, expected) in cases {
        assert_eq!(
            stripe.lookup(processor_ref).unwrap(),
            expected,
            "{processor_ref}"
        );
    }
    assert_eq!(stripe.lookup("ch_1").unwrap(), None);
    assert_eq!(
        taken(&calls).len(),
        cases.len(),
        "a reference of another kind is not looked up"
    );
    stripe.lookup("pi_../../v1/charges").unwrap();
    assert_eq!(
        taken(&calls).last().unwrap().path,
        "/v1/payment_intents/pi_..%2F..%2Fv1%2Fcharges"
    );
}

#[test]
fn a_buyer_back_from_a_refused_redirect_has_a_failed_payment_where_reconciliation_waits() {
    let (stripe, _) = fake(|call| {
        let error = match call.path.ends_with("declined") {
            true => json!({"code": "payment_method_provider_decline"}),
            false => Value::Null,
        };
        let intent =
            json!({"id": "pi_x", "status": "requires_payment_method", "last_payment_error": error});
        (200, intent)
    });
    let kind = |looked: Option<LookedUp>| looked.map(|l| l.kind);
    assert_eq!(
        kind(stripe.returned_payment("pi_declined").unwrap()),
        Some(PaymentEvent::Failed)
    );
    assert_eq!(kind(stripe.lookup_payment("pi_declined").unwrap()), None);
    // Never tried (the buyer came back without paying): still open.
    assert_eq!(kind(stripe.returned_payment("pi_fresh").unwrap()), None);
}

#[test]
fn cancelling_an_ended_subscription_succeeds_and_a_live_one_that_refuses_does_not() {
    let (stripe, calls) = fake(|call| match call.method.as_str() {
        "DELETE" => stripe_error(404, "resource_missing", "No such subscription"),
        _ => (
            200,
            json!({"id": "sub_1", "status": if call.path.ends_with("gone") { "canceled" } else { "active" }}),
        ),
    });
    stripe.cancel_subscription("sub_gone").unwrap();
    assert!(matches!(
        stripe.cancel_subscription("sub_live"),
        Err(StripeError::Api { status: 404, .. })
    ));
    assert_eq!(taken(&calls)[0].path, "/v1/subscriptions/sub_gone");
}
