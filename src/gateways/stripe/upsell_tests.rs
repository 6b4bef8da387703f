//! The upsell's wire format: the card a payment saved, charged off-session once per order;
//! Stripe's decline and its request for 3-D Secure come back as what the buyer sees next.

use super::fake_api::{fake, stripe_error, taken, terms};
use super::*;
use crate::domain::product::PriceKind;
use serde_json::json;

/// Stripe answering the parent PaymentIntent's GET with its customer and card, and the new
/// PaymentIntent's POST with `created`.
fn stripe_with(created: (u16, serde_json::Value)) -> (Stripe, super::fake_api::Calls) {
    fake(move |call| match call.method.as_str() {
        "GET" => (
            200,
            json!({"id": "pi_main", "customer": "cus_1", "payment_method": "pm_1", "status": "succeeded"}),
        ),
        _ => created.clone(),
    })
}

#[test]
fn the_upsell_is_charged_off_session_to_the_card_the_main_payment_saved() {
    let (stripe, calls) = stripe_with((
        200,
        json!({"id": "pi_up", "client_secret": "pi_up_secret", "status": "succeeded"}),
    ));
    let charged = stripe
        .charge_saved_card(
            "pay_A-upsell",
            "pi_main",
            &terms(PriceKind::OneTime, 29000),
            "Coaching",
        )
        .unwrap();
    assert_eq!(
        charged,
        OffSession::Charged(Started {
            processor_ref: "pi_up".into(),
            client_secret: "pi_up_secret".into()
        })
    );
    let calls = taken(&calls);
    assert_eq!(calls[0].path, "/v1/payment_intents/pi_main");
    let post = &calls[1];
    for (name, value) in [
        ("amount", "29000"),
        ("currency", "eur"),
        ("customer", "cus_1"),
        ("payment_method", "pm_1"),
        ("confirm", "true"),
        ("off_session", "true"),
        ("metadata[payment_ref]", "pay_A-upsell"),
    ] {
        assert_eq!(post.field(name), Some(value), "{name}");
    }
    assert_eq!(
        post.header("Idempotency-Key"),
        Some("tagcart-pay_A-upsell-payment_intent"),
        "a second accept is the same charge"
    );
}

#[test]
fn a_decline_and_a_request_for_3d_secure_say_what_the_buyer_sees_next() {
    let (stripe, _) = stripe_with(stripe_error(
        402,
        "card_declined",
        "Your card was declined.",
    ));
    let terms = terms(PriceKind::OneTime, 29000);
    assert_eq!(
        stripe
            .charge_saved_card("pay_A-upsell", "pi_main", &terms, "Coaching")
            .unwrap(),
        OffSession::Declined("Your card was declined.".into())
    );
    let (stripe, _) = stripe_with((
        200,
        json!({"id": "pi_up", "client_secret": "pi_up_secret", "status": "requires_action"}),
    ));
    assert!(matches!(
        stripe.charge_saved_card("pay_A-upsell", "pi_main", &terms, "Coaching").unwrap(),
        OffSession::NeedsBuyer(s) if s.client_secret == "pi_up_secret"
    ));
    // Stripe down: an error, not a decline (the buyer may try again; nothing was charged).
    let (stripe, _) = stripe_with(stripe_error(500, "api_error", "Something went wrong."));
    assert!(stripe
        .charge_saved_card("pay_A-upsell", "pi_main", &terms, "Coaching")
        .is_err());
}

#[test]
fn a_payment_that_saved_no_card_cannot_be_charged_again() {
    let (stripe, calls) = fake(|_| (200, json!({"id": "pi_main", "status": "succeeded"})));
    let refused = stripe.charge_saved_card(
        "pay_A-upsell",
        "pi_main",
        &terms(PriceKind::OneTime, 29000),
        "Coaching",
    );
    assert!(
        matches!(&refused, Err(StripeError::Api { status: 409, .. })),
        "{refused:?}"
    );
    assert_eq!(taken(&calls).len(), 1, "nothing is created");
}

#[test]
fn a_page_with_an_upsell_keeps_the_card_on_a_customer() {
    let (stripe, calls) = fake(|call| match call.path.as_str() {
        "/v1/customers" => (200, json!({"id": "cus_1"})),
        _ => (200, json!({"id": "pi_1", "client_secret": "pi_1_secret"})),
    });
    stripe
        .start_one_time_saving_card(
            "pay_A",
            &terms(PriceKind::OneTime, 6800),
            "b@example.com",
            "Course + Workbook",
        )
        .unwrap();
    let calls = taken(&calls);
    assert_eq!(calls[0].field("email"), Some("b@example.com"));
    let intent = &calls[1];
    assert_eq!(
        (
            intent.field("customer"),
            intent.field("setup_future_usage"),
            intent.field("amount")
        ),
        (Some("cus_1"), Some("off_session"), Some("6800"))
    );
}

#[test]
fn stripes_402_authentication_required_names_the_payment_intent_the_buyer_confirms() {
    // Stripe's answer to an off-session charge the bank wants confirmed: a card error whose
    // body carries the PaymentIntent it made (left requiring a payment method).
    let (stripe, _) = stripe_with((
        402,
        json!({"error": {"type": "card_error", "code": "authentication_required",
            "message": "This payment required an authentication action to complete, but `error_on_requires_action` was set.",
            "payment_intent": {"id": "pi_up", "client_secret": "pi_up_secret", "status": "requires_payment_method",
                "last_payment_error": {"code": "authentication_required", "payment_method": {"id": "pm_1"}}}}}),
    ));
    let terms = terms(PriceKind::OneTime, 29000);
    assert_eq!(
        stripe
            .charge_saved_card("pay_A-upsell", "pi_main", &terms, "Coaching")
            .unwrap(),
        OffSession::NeedsBuyer(Started {
            processor_ref: "pi_up".into(),
            client_secret: "pi_up_secret".into()
        })
    );
}
