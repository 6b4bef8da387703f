//! A coupon on a Stripe subscription: the Stripe coupon made once per terms, then named on the
//! subscription (localstripe refuses `coupon` on subscriptions, so this is shown here).

use super::fake_api::{course, fake, taken, terms};
use super::*;
use crate::domain::discount::{Discount, Duration, Off};
use crate::domain::product::PriceKind;
use serde_json::json;

fn launch(off: Off, duration: Duration) -> Discount {
    Discount {
        code: "Launch".into(),
        off,
        duration,
    }
}

/// Stripe as it answers a card-first subscription; `coupon_known`: whether it has the coupon.
fn stripe_with(coupon_known: bool) -> (Stripe, super::fake_api::Calls) {
    fake(
        move |call| match (call.method.as_str(), call.path.as_str()) {
            ("GET", "/v1/setup_intents/seti_1") => (
                200,
                json!({"id": "seti_1", "status": "succeeded", "payment_method": "pm_1", "customer": "cus_1"}),
            ),
            ("GET", "/v1/payment_methods/pm_1") => {
                (200, json!({"id": "pm_1", "customer": "cus_1"}))
            }
            ("GET", path) if path.starts_with("/v1/coupons/") && !coupon_known => (
                404,
                json!({"error": {"type": "invalid_request_error", "code": "resource_missing", "message": "No such coupon"}}),
            ),
            ("GET", _) => (200, json!({"id": "tagcart_x"})),
            (_, "/v1/coupons") => (200, json!({"id": "tagcart_c"})),
            (_, "/v1/customers/cus_1") => (200, json!({"id": "cus_1"})),
            _ => (
                200,
                json!({"id": "sub_1", "status": "active", "latest_invoice": {"payment_intent": {"id": "pi_1", "status": "succeeded"}}}),
            ),
        },
    )
}

#[test]
fn a_discounted_subscription_makes_the_stripe_coupon_and_names_it() {
    let (stripe, calls) = stripe_with(false);
    let terms = terms(PriceKind::Subscription, 1900);
    let d = launch(Off::Percent(20), Duration::Repeating { months: 3 });
    stripe
        .subscribe_with_setup("pay_S", &course(&terms), "seti_1", Some(&d))
        .unwrap();
    let calls = taken(&calls);
    let id = payments::coupon_id(&d, "EUR");
    let made = calls.iter().find(|c| c.path == "/v1/coupons").unwrap();
    for (name, value) in [
        ("id", id.as_str()),
        ("percent_off", "20"),
        ("duration", "repeating"),
        ("duration_in_months", "3"),
    ] {
        assert_eq!(made.field(name), Some(value), "coupon {name}");
    }
    assert_eq!(made.field("amount_off"), None);
    assert_eq!(
        made.header("Idempotency-Key"),
        Some(format!("tagcart-{id}").as_str())
    );
    let subscription = calls.last().unwrap();
    assert_eq!(subscription.path, "/v1/subscriptions");
    assert_eq!(subscription.field("coupon"), Some(id.as_str()));
}

#[test]
fn a_fixed_coupon_carries_its_currency_and_a_known_coupon_is_not_made_again() {
    let (stripe, calls) = stripe_with(true);
    let terms = terms(PriceKind::PaymentPlan, 3300);
    let d = launch(Off::Amount(500), Duration::Forever);
    stripe
        .subscribe_with_setup("pay_S", &course(&terms), "seti_1", Some(&d))
        .unwrap();
    let calls = taken(&calls);
    assert!(calls.iter().all(|c| c.path != "/v1/coupons"), "reused");
    let id = payments::coupon_id(&d, "EUR");
    assert_eq!(calls.last().unwrap().field("coupon"), Some(id.as_str()));

    let (stripe, calls) = stripe_with(false);
    stripe
        .subscribe_with_setup("pay_S", &course(&terms), "seti_1", Some(&d))
        .unwrap();
    let calls = taken(&calls);
    let made = calls.iter().find(|c| c.path == "/v1/coupons").unwrap();
    for (name, value) in [
        ("amount_off", "500"),
        ("currency", "eur"),
        ("duration", "forever"),
    ] {
        assert_eq!(made.field(name), Some(value), "coupon {name}");
    }
    assert_eq!(made.field("duration_in_months"), None);
}

#[test]
fn coupon_ids_follow_the_code_whatever_its_case_and_the_terms() {
    let d = launch(Off::Percent(20), Duration::Once);
    let id = payments::coupon_id(&d, "USD");
    assert!(id.starts_with("tagcart_") && id.len() == "tagcart_".len() + 24);
    let upper = Discount {
        code: "LAUNCH".into(),
        ..d.clone()
    };
    assert_eq!(payments::coupon_id(&upper, "usd"), id);
    let forever = Discount {
        duration: Duration::Forever,
        ..d.clone()
    };
    assert_ne!(payments::coupon_id(&forever, "USD"), id);
    let more = Discount {
        off: Off::Percent(25),
        ..d
    };
    assert_ne!(payments::coupon_id(&more, "USD"), id);
}
