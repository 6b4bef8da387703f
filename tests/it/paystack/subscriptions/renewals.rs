//! Renewals found through their own subscription: one buyer with two subscriptions to one
//! plan, a first charge buried under newer ones, and a renewal whose subscription Paystack
//! does not list yet.

use super::{answers, said, Shop, DAY};
use serde_json::{json, Value};

const EMAIL: &str = "twice@example.com";

/// Checks out the monthly price, pays, and returns (the order's id, its subscription's code).
fn subscribe(shop: &Shop, email: &str) -> (Value, String) {
    let reference = shop.checkout(email, 1);
    shop.paystack.pay(&reference);
    shop.app.drain();
    let orders = shop.orders(email);
    let order = orders
        .iter()
        .find(|o| o["processor_ref"] == reference.as_str());
    // Paystack subscribes the buyer as the first charge is paid, at the fake's time.
    let paid_at = shop.paystack.now();
    let subscriptions = shop.paystack.subscriptions();
    let subscription = subscriptions.iter().find(|s| s.created_at == paid_at);
    let subscription = subscription.expect("Paystack subscribed the buyer");
    (
        order.expect("the order paid by it")["id"].clone(),
        subscription.code.clone(),
    )
}

fn order(shop: &Shop, id: &Value) -> Value {
    shop.call("GET", &format!("/orders/{id}"), None).json()
}

/// The order's events as (type, outcome).
fn events(shop: &Shop, id: &Value) -> Vec<(String, String)> {
    let order = order(shop, id);
    let word = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let events = order["events"].as_array().cloned().unwrap_or_default();
    events
        .iter()
        .map(|e| (word(&e["type"]), word(&e["outcome"])))
        .collect()
}

fn month(shop: &Shop) {
    shop.paystack.advance(30 * DAY);
    shop.app.advance(30 * DAY);
}

#[test]
fn one_buyer_with_two_subscriptions_to_one_plan_has_each_renewal_on_its_own_order() {
    let shop = Shop::open();
    let (first, first_code) = subscribe(&shop, EMAIL);
    shop.paystack.advance(DAY);
    shop.app.advance(DAY);
    let (second, second_code) = subscribe(&shop, EMAIL);
    assert_ne!(first, second);
    assert_ne!(first_code, second_code);

    month(&shop);
    let before = shop.paystack.delivered().len();
    shop.paystack.renew(&first_code);
    // One card pays both: the charge alone cannot say which; its invoice names the subscription.
    assert_eq!(
        answers(&shop.paystack.delivered()[before..]),
        [
            said("charge.success", 200, "ignored"),
            said("invoice.update", 200, "applied")
        ]
    );
    let renewed = |id: &Value| {
        events(&shop, id)
            .iter()
            .filter(|(t, o)| t == "invoice.update" && o.starts_with("renewal payment received"))
            .count()
    };
    assert_eq!(
        (renewed(&first), renewed(&second)),
        (1, 0),
        "{:?}",
        events(&shop, &first)
    );

    // Access is the buyer's over both orders, so the failure shows on the order's timeline.
    month(&shop);
    shop.paystack.fail_renewal(&first_code);
    let failed = |id: &Value| {
        let events = events(&shop, id);
        events
            .iter()
            .filter(|(t, _)| t == "invoice.payment_failed")
            .count()
    };
    assert_eq!((failed(&first), failed(&second)), (1, 0));
    shop.paystack.renew(&first_code);
    assert_eq!(
        (renewed(&first), renewed(&second)),
        (2, 0),
        "paid up again on its own order"
    );
    shop.app.drain();
    assert!(shop.has_tag(EMAIL));

    shop.paystack.renew(&second_code);
    assert_eq!((renewed(&first), renewed(&second)), (2, 1));
}

#[test]
fn a_renewal_is_found_after_more_than_a_hundred_newer_charges_of_its_buyer() {
    let shop = Shop::open();
    let (id, code) = subscribe(&shop, EMAIL);
    shop.paystack.advance(DAY);
    shop.paystack.charges_elsewhere(EMAIL, 150);
    month(&shop);
    let before = shop.paystack.delivered().len();
    shop.paystack.renew(&code);
    assert_eq!(
        answers(&shop.paystack.delivered()[before..]),
        [
            said("charge.success", 200, "applied"),
            said("invoice.update", 200, "duplicate")
        ]
    );
    let renewals = events(&shop, &id);
    let renewals = renewals.iter().filter(|(t, _)| t == "charge.success");
    assert_eq!(renewals.count(), 2, "the first charge and its renewal");
    let paged = shop.paystack.calls().into_iter().any(|(method, path, _)| {
        method == "GET" && path.starts_with("/transaction?") && path.contains("page=2")
    });
    assert!(paged, "the first charge was on the second page");
}

#[test]
fn a_renewal_whose_subscription_paystack_does_not_list_yet_is_asked_again() {
    let shop = Shop::open();
    let (id, _) = subscribe(&shop, EMAIL);
    let plan = shop.paystack.plans().remove(0);
    let unlisted = shop.paystack.signed(
        "charge.success",
        json!({
            "id": 5999, "status": "success", "reference": "T9unlisted", "amount": 1900, "currency": "USD",
            "paid_at": "2026-02-01T10:00:00.000Z", "metadata": null, "customer": {"id": 4242},
            "plan": {"id": plan.id, "plan_code": plan.plan_code},
            "authorization": {"authorization_code": "AUTH_elsewhere"},
        }),
    );
    let res = shop.deliver(&unlisted, Some(&unlisted.signature));
    assert_eq!(res.status, 503, "Paystack delivers it again: {}", res.body);
    assert_eq!(events(&shop, &id).len(), 1, "nothing applied");
}
