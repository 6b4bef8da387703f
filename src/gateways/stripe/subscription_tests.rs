//! What goes over the wire to start subscriptions and payment plans.

use super::fake_api::{fake, stripe_error, taken, terms};
use super::*;
use crate::domain::product::{Interval, PriceKind};
use serde_json::json;

#[test]
fn a_subscription_waits_incomplete_for_the_browser_and_a_plan_carries_its_installments() {
    let (stripe, calls) = fake(|call| match (call.method.as_str(), call.path.as_str()) {
        ("GET", _) => stripe_error(404, "resource_missing", "No such plan"),
        (_, "/v1/plans") => (200, json!({"id": call.field("id")})),
        (_, "/v1/customers") => (200, json!({"id": "cus_1"})),
        _ => (
            200,
            json!({"id": "sub_1", "status": "incomplete", "latest_invoice": {"id": "in_1", "payment_intent": {"id": "pi_9", "client_secret": "pi_9_secret_b"}}}),
        ),
    });
    let terms = terms(PriceKind::PaymentPlan, 3300);
    let started = stripe
        .start_subscription("pay_P", &terms, "b@example.com", "Course")
        .unwrap();
    assert_eq!(
        started,
        Started {
            processor_ref: "sub_1".into(),
            client_secret: "pi_9_secret_b".into()
        }
    );
    let calls = taken(&calls);
    let paths: Vec<_> = calls
        .iter()
        .map(|c| format!("{} {}", c.method, c.path))
        .collect();
    let plan_id = payments::plan_id("Course", &terms);
    assert_eq!(
        paths,
        [
            format!("GET /v1/plans/{plan_id}"),
            "POST /v1/plans".into(),
            "POST /v1/customers".into(),
            "POST /v1/subscriptions".into()
        ]
    );
    let (plan, customer, subscription) = (&calls[1], &calls[2], &calls[3]);
    for (name, value) in [
        ("id", plan_id.as_str()),
        ("amount", "3300"),
        ("currency", "eur"),
        ("interval", "month"),
        ("interval_count", "1"),
        ("product[name]", "Course"),
    ] {
        assert_eq!(plan.field(name), Some(value), "plan {name}");
    }
    assert_eq!(
        (
            customer.field("email"),
            customer.field("metadata[payment_ref]")
        ),
        (Some("b@example.com"), Some("pay_P"))
    );
    for (name, value) in [
        ("customer", "cus_1"),
        ("items[0][plan]", plan_id.as_str()),
        ("metadata[payment_ref]", "pay_P"),
        ("metadata[installments]", "3"),
        ("payment_behavior", "default_incomplete"),
        (
            "payment_settings[save_default_payment_method]",
            "on_subscription",
        ),
    ] {
        assert_eq!(subscription.field(name), Some(value), "subscription {name}");
    }
    assert_eq!(
        subscription.fields("expand[]"),
        ["latest_invoice.payment_intent", "pending_setup_intent"]
    );
    assert_eq!(subscription.field("trial_period_days"), None);
    assert!(calls
        .iter()
        .filter(|c| c.method == "POST")
        .all(|c| c.header("Idempotency-Key").is_some()));
}

#[test]
fn a_trial_reuses_the_plan_and_hands_back_the_setup_intents_secret() {
    let (stripe, calls) = fake(|call| match call.path.as_str() {
        "/v1/customers" => (200, json!({"id": "cus_1"})),
        "/v1/subscriptions" => (
            200,
            json!({"id": "sub_2", "status": "trialing", "latest_invoice": {"id": "in_0", "payment_intent": null}, "pending_setup_intent": {"id": "seti_1", "client_secret": "seti_1_secret_c"}}),
        ),
        _ => (200, json!({"id": "tagcart_x"})),
    });
    let mut terms = terms(PriceKind::Subscription, 1900);
    terms.trial_days = Some(14);
    let started = stripe
        .start_subscription("pay_T", &terms, "b@example.com", "Course")
        .unwrap();
    assert_eq!(started.client_secret, "seti_1_secret_c");
    let calls = taken(&calls);
    assert!(
        calls.iter().all(|c| c.path != "/v1/plans"),
        "an existing plan is not created again"
    );
    assert_eq!(calls.last().unwrap().field("trial_period_days"), Some("14"));
    assert_eq!(calls.last().unwrap().field("metadata[installments]"), None);
}

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
    let (stripe, calls) = fake(|call| match (call.method.as_str(), call.path.as_str()) {
        ("GET", "/v1/setup_intents/seti_1") => (
            200,
            json!({"id": "seti_1", "status": "succeeded", "payment_method": "pm_1", "customer": "cus_1"}),
        ),
        ("GET", "/v1/payment_methods/pm_1") => (200, json!({"id": "pm_1", "customer": "cus_1"})),
        ("GET", _) => (200, json!({"id": "tagcart_x"})),
        (_, "/v1/customers/cus_1") => (200, json!({"id": "cus_1"})),
        _ => (
            200,
            json!({"id": "sub_1", "status": "incomplete", "latest_invoice": {"payment_intent": {"id": "pi_1", "status": "requires_action", "client_secret": "pi_1_secret_3ds"}}}),
        ),
    });
    let terms = terms(PriceKind::PaymentPlan, 3300);
    let subscribed = stripe
        .subscribe_with_setup("pay_S", &terms, "Course", "seti_1")
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
        .subscribe_with_setup("pay_S", &terms, "Course", "seti_1")
        .unwrap_err();
    assert!(
        matches!(refused, StripeError::Api { status: 409, .. }),
        "{refused:?}"
    );
    assert!(taken(&calls).iter().all(|c| c.method == "GET"));
}
