//! What goes over the wire to start subscriptions and payment plans.

use super::fake_api::{course, fake, taken, terms};
use super::*;
use crate::domain::product::{Interval, PriceKind};
use serde_json::json;

#[test]
fn plan_ids_follow_the_product_and_the_billing_terms() {
    let monthly = terms(PriceKind::Subscription, 1900);
    let id = payments::plan_id("Course", &monthly);
    assert!(id.starts_with("tagcart_") && id.len() == "tagcart_".len() + 24);
    assert_eq!(id, payments::plan_id("Course", &monthly));
    assert_ne!(id, payments::plan_id("Other", &monthly));
    assert_ne!(
        id,
        payments::plan_id("Course", &terms(PriceKind::Subscription, 2900))
    );
    let mut yearly = monthly.clone();
    yearly.interval = Some(Interval::Year);
    assert_ne!(id, payments::plan_id("Course", &yearly));
}

#[test]
fn card_first_saves_the_card_with_a_setup_intent_before_any_subscription() {
    let (stripe, calls) = fake(|call| match call.path.as_str() {
        "/v1/customers" => (200, json!({"id": "cus_1"})),
        _ => (
            200,
            json!({"id": "seti_1", "status": "requires_payment_method", "client_secret": "seti_1_secret_s"}),
        ),
    });
    let started = stripe.start_card_setup("pay_C", "b@example.com").unwrap();
    assert_eq!(
        started,
        Started {
            processor_ref: "seti_1".into(),
            client_secret: "seti_1_secret_s".into()
        }
    );
    let calls = taken(&calls);
    let paths: Vec<_> = calls.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["/v1/customers", "/v1/setup_intents"]);
    let setup = &calls[1];
    for (name, value) in [
        ("customer", "cus_1"),
        ("usage", "off_session"),
        ("payment_method_types[]", "card"),
        ("metadata[payment_ref]", "pay_C"),
    ] {
        assert_eq!(setup.field(name), Some(value), "setup intent {name}");
    }
    assert_eq!(
        setup.header("Idempotency-Key"),
        Some("tagcart-pay_C-setup_intent")
    );
    assert_eq!(stripe.lookup("seti_1").unwrap(), None, "no payment yet");
}

#[test]
fn the_saved_card_becomes_the_default_and_pays_the_subscription() {
    let (stripe, calls) = fake(|call| {
        let needs_3ds = json!({"id": "sub_1", "status": "incomplete", "latest_invoice": {"payment_intent": {"id": "pi_1", "status": "requires_action", "client_secret": "pi_1_secret_3ds"}}});
        subscribing(call, needs_3ds)
    });
    let terms = terms(PriceKind::PaymentPlan, 3300);
    let subscribed = stripe
        .subscribe_with_setup("pay_S", &course(&terms), "seti_1", None)
        .unwrap();
    assert_eq!(
        subscribed,
        Subscribed {
            processor_ref: "sub_1".into(),
            confirm: Some("pi_1_secret_3ds".into())
        }
    );
    let calls = taken(&calls);
    let posts: Vec<_> = calls
        .iter()
        .filter(|c| c.method == "POST")
        .map(|c| c.path.as_str())
        .collect();
    assert_eq!(
        posts,
        ["/v1/customers/cus_1", "/v1/subscriptions"],
        "a card Stripe attached already is not attached again"
    );
    let (customer, subscription) = (&calls[2], calls.last().unwrap());
    assert_eq!(
        customer.field("invoice_settings[default_payment_method]"),
        Some("pm_1")
    );
    for (name, value) in [
        ("customer", "cus_1"),
        ("default_payment_method", "pm_1"),
        ("payment_behavior", "allow_incomplete"),
        ("metadata[payment_ref]", "pay_S"),
        ("metadata[installments]", "3"),
    ] {
        assert_eq!(subscription.field(name), Some(value), "subscription {name}");
    }
    assert_eq!(
        subscription.header("Idempotency-Key"),
        Some("tagcart-pay_S-subscription")
    );
}

#[test]
fn no_subscription_before_the_card_is_saved() {
    let (stripe, calls) = fake(|_| {
        (
            200,
            json!({"id": "seti_1", "status": "requires_payment_method", "payment_method": null, "customer": "cus_1"}),
        )
    });
    let terms = terms(PriceKind::Subscription, 1900);
    let refused = stripe
        .subscribe_with_setup("pay_S", &course(&terms), "seti_1", None)
        .unwrap_err();
    assert!(
        matches!(refused, StripeError::Api { status: 409, .. }),
        "{refused:?}"
    );
    assert!(taken(&calls).iter().all(|c| c.method == "GET"));
}

/// A monthly course and a monthly coaching bump, as one order bills them.
fn course_and_coaching() -> Vec<super::PlanItem> {
    let mut items = course(&terms(PriceKind::Subscription, 1900));
    items.push(super::PlanItem {
        product_name: "Coaching".into(),
        terms: terms(PriceKind::Subscription, 900),
    });
    items
}

/// Stripe as it answers the card-first subscription's calls: the SetupIntent succeeded with
/// card `pm_1` of customer `cus_1`, known plans and coupons, and `subscription` for the POST.
fn subscribing(call: &fake_api::Call, subscription: serde_json::Value) -> (u16, serde_json::Value) {
    match (call.method.as_str(), call.path.as_str()) {
        ("GET", "/v1/setup_intents/seti_1") => (
            200,
            json!({"id": "seti_1", "status": "succeeded", "payment_method": "pm_1", "customer": "cus_1"}),
        ),
        ("GET", "/v1/payment_methods/pm_1") => (200, json!({"id": "pm_1", "customer": "cus_1"})),
        ("GET", _) => (200, json!({"id": "tagcart_x"})),
        (_, "/v1/customers/cus_1") => (200, json!({"id": "cus_1"})),
        _ => (200, subscription),
    }
}

fn paid(call: &fake_api::Call) -> (u16, serde_json::Value) {
    let active = json!({"id": "sub_1", "status": "active", "latest_invoice": {"payment_intent": {"id": "pi_1", "status": "succeeded"}}});
    subscribing(call, active)
}

#[test]
fn a_subscription_bump_is_a_second_item_of_the_same_subscription() {
    let (stripe, calls) = fake(paid);
    stripe
        .subscribe_with_setup("pay_S", &course_and_coaching(), "seti_1", None)
        .unwrap();
    let calls = taken(&calls);
    let subscription = calls.last().unwrap();
    assert_eq!(subscription.path, "/v1/subscriptions");
    let course = payments::plan_id("Course", &terms(PriceKind::Subscription, 1900));
    let coaching = payments::plan_id("Coaching", &terms(PriceKind::Subscription, 900));
    assert_eq!(subscription.field("items[0][plan]"), Some(course.as_str()));
    assert_eq!(
        subscription.field("items[1][plan]"),
        Some(coaching.as_str())
    );
    let posts = calls.iter().filter(|c| c.path == "/v1/subscriptions");
    assert_eq!(posts.count(), 1, "one subscription for both lines");
}

#[test]
fn an_emulator_billing_one_item_gets_one_plan_for_both_lines() {
    let (stripe, calls) = fake(|call| match call.path.as_str() {
        "/v1/subscriptions" if call.field("items[1][plan]").is_some() => (
            500,
            json!({"error": {"type": "api_error", "message": "Not implemented"}}),
        ),
        _ => paid(call),
    });
    stripe
        .subscribe_with_setup("pay_S", &course_and_coaching(), "seti_1", None)
        .unwrap();
    let calls = taken(&calls);
    let together = calls.last().unwrap();
    let both = payments::plan_id("Course + Coaching", &terms(PriceKind::Subscription, 2800));
    assert_eq!(together.field("items[0][plan]"), Some(both.as_str()));
    assert_eq!(together.field("items[1][plan]"), None);
    assert_eq!(
        together.header("Idempotency-Key"),
        Some("tagcart-pay_S-subscription-together")
    );
}

#[test]
fn any_other_refusal_of_two_items_is_not_retried() {
    let (stripe, calls) = fake(|call| match call.path.as_str() {
        "/v1/subscriptions" => (
            500,
            json!({"error": {"type": "api_error", "message": "An unknown error occurred"}}),
        ),
        _ => paid(call),
    });
    let refused = stripe.subscribe_with_setup("pay_S", &course_and_coaching(), "seti_1", None);
    assert!(refused.is_err());
    let posts = taken(&calls);
    assert_eq!(
        posts
            .iter()
            .filter(|c| c.path == "/v1/subscriptions")
            .count(),
        1,
        "a real Stripe error may have created it: never a second subscription"
    );
}

#[test]
fn a_subscription_with_two_items_is_looked_up_at_their_sum() {
    let (stripe, _) = fake(|_| {
        (
            200,
            json!({"id": "sub_1", "status": "active", "plan": null, "items": {"data": [
                {"plan": {"amount": 1900, "currency": "eur"}, "quantity": 1},
                {"price": {"unit_amount": 900, "currency": "eur"}}
            ]}}),
        )
    });
    let found = stripe.lookup_payment("sub_1").unwrap().unwrap();
    assert_eq!(found.paid, crate::gateways::Paid::stated(2800, "EUR"));
}
