//! Subscriptions: the price's plan (made once), the first charge, renewals and failed ones
//! reported twice by Paystack and counted once, and cancelling by disabling.

mod renewals;

use super::{answers, Shop, DAY};
use serde_json::json;
use tagcart::clock::rfc3339;

const EMAIL: &str = "sub@example.com";

fn said(event: &str, status: u16, outcome: &str) -> (String, u16, String) {
    (event.to_string(), status, outcome.to_string())
}

/// Subscribed and granted; the subscription's code at Paystack.
fn subscribed(shop: &Shop, email: &str) -> String {
    let reference = shop.checkout(email, 1);
    let before = shop.paystack.delivered().len();
    shop.paystack.pay(&reference);
    let delivered = answers(&shop.paystack.delivered()[before..]);
    assert_eq!(
        delivered,
        [
            said("charge.success", 200, "applied"),
            said("subscription.create", 200, "ignored")
        ]
    );
    shop.app.drain();
    assert!(shop.has_tag(email));
    let found = shop
        .paystack
        .subscriptions()
        .into_iter()
        .find(|s| shop.paystack.transaction(&reference).customer_id == s.customer_id);
    found.expect("Paystack subscribed the buyer").code
}

#[test]
fn a_paystack_subscription_renews_fails_a_renewal_and_is_disabled_counting_each_change_once() {
    let shop = Shop::open();
    let code = subscribed(&shop, EMAIL);
    let plans = shop.paystack.plans();
    assert_eq!(plans.len(), 1);
    let plan = &plans[0];
    assert_eq!(
        (
            plan.amount,
            plan.currency.as_str(),
            plan.interval.as_str(),
            plan.invoice_limit
        ),
        (1900, "USD", "monthly", None)
    );
    subscribed(&shop, "second@example.com");
    assert_eq!(
        shop.paystack.plans().len(),
        1,
        "the price's plan is found again, not made twice"
    );

    shop.paystack.advance(30 * DAY);
    shop.app.advance(30 * DAY);
    shop.paystack.renew(&code);
    let delivered = answers(&shop.paystack.delivered()[4..]);
    assert_eq!(
        delivered,
        [
            said("charge.success", 200, "applied"),
            said("invoice.update", 200, "duplicate")
        ]
    );
    let order = shop.order(EMAIL);
    assert_eq!(order["status"], "completed");
    let renewed = shop
        .events(EMAIL)
        .into_iter()
        .filter(|(t, _)| t == "charge.success")
        .count();
    assert_eq!(renewed, 2, "the first charge and one renewal");

    shop.paystack.advance(30 * DAY);
    shop.app.advance(30 * DAY);
    let failed_at = shop.app.now();
    shop.paystack.fail_renewal(&code);
    let delivered = answers(&shop.paystack.delivered()[6..]);
    assert_eq!(
        delivered,
        [
            said("invoice.payment_failed", 200, "applied"),
            said("invoice.update", 200, "duplicate")
        ]
    );
    let revoke = |shop: &Shop| {
        let order = shop.order(EMAIL);
        let jobs = order["fulfillment"].as_array().unwrap().clone();
        jobs.into_iter()
            .find(|j| {
                j["action"] == "revoke" && j["state"] == "pending" && j["cancelled_at"].is_null()
            })
            .map(|j| j["due_at"].clone())
    };
    assert_eq!(
        revoke(&shop),
        Some(json!(rfc3339(failed_at + 3 * DAY))),
        "the product's grace days"
    );

    shop.paystack.hold_webhooks();
    let res = shop.act(EMAIL, "cancel", json!({"at_period_end": true}));
    assert_eq!(res.status, 202, "{}", res.body);
    assert_eq!(res.json()["state"], "accepted", "{}", res.body);
    let at_paystack = shop
        .paystack
        .subscriptions()
        .into_iter()
        .find(|s| s.code == code)
        .unwrap();
    assert_eq!(at_paystack.status, "non-renewing");
    assert_eq!(
        answers(&shop.paystack.release()),
        [said("subscription.not_renew", 200, "applied")]
    );
    assert_eq!(shop.order(EMAIL)["status"], "cancelled");
    let disabled = shop.paystack.signed(
        "subscription.disable",
        json!({
        "subscription_code": code, "status": "cancelled", "next_payment_date": null}),
    );
    let again = shop.deliver(&disabled, Some(&disabled.signature));
    assert_eq!(
        again.json()["outcome"],
        "duplicate",
        "one cancellation, counted once"
    );
    assert_eq!(
        shop.order("second@example.com")["status"],
        "completed",
        "the other buyer's is untouched"
    );
}

#[test]
fn a_subscription_cancelled_at_period_end_keeps_access_until_paystacks_next_payment_date() {
    let shop = Shop::open();
    let code = subscribed(&shop, EMAIL);
    let next_payment = shop.paystack.subscriptions()[0].next_payment_date;
    assert_eq!(shop.paystack.subscriptions()[0].code, code);
    shop.paystack.hold_webhooks();
    let res = shop.act(EMAIL, "cancel", json!({"at_period_end": true}));
    assert_eq!(res.status, 202, "{}", res.body);
    assert_eq!(
        res.json()["effective_at"],
        json!(rfc3339(next_payment)),
        "{}",
        res.body
    );
    shop.paystack.release();
    let order = shop.order(EMAIL);
    assert_eq!(order["status"], "cancelled");
    shop.app.advance(next_payment - shop.app.now() - 1);
    shop.app.drain();
    assert!(shop.has_tag(EMAIL), "still within the paid period");
    shop.app.advance(1);
    shop.app.drain();
    assert!(!shop.has_tag(EMAIL), "revoked when the period ends");
}

#[test]
fn a_subscription_cancelled_now_loses_access_now() {
    let shop = Shop::open();
    subscribed(&shop, EMAIL);
    shop.paystack.hold_webhooks();
    let res = shop.act(EMAIL, "cancel", json!({"at_period_end": false}));
    assert_eq!(res.status, 202, "{}", res.body);
    assert!(res.json()["effective_at"].is_null(), "{}", res.body);
    assert_eq!(
        shop.order(EMAIL)["status"],
        "completed",
        "until Paystack's event"
    );
    assert_eq!(
        answers(&shop.paystack.release()),
        [said("subscription.not_renew", 200, "applied")]
    );
    assert_eq!(shop.order(EMAIL)["status"], "cancelled");
    shop.app.drain();
    assert!(!shop.has_tag(EMAIL));
}

#[test]
fn prices_paystack_plans_cannot_express_are_refused_before_any_order_exists() {
    let shop = Shop::open();
    let odd = shop.sell("odd", json!([
        {"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month", "interval_count": 2},
        {"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month", "trial_days": 7},
    ]));
    for (price, why) in [(0, "quarterly"), (1, "no free trial")] {
        let res = shop.checkout_on("odd", &odd, EMAIL, price);
        assert_ne!(res.status, 303, "{}", res.body);
        assert!(res.body.contains(why), "{why}: {}", res.body);
    }
    assert!(shop.orders(EMAIL).is_empty());
    assert!(shop.paystack.plans().is_empty() && shop.paystack.transactions().is_empty());
}

#[test]
fn a_payment_plan_ends_at_paystack_after_its_installments_and_keeps_access() {
    let shop = Shop::open();
    let plan = shop.sell("plan", json!([
        {"kind": "payment_plan", "currency": "USD", "amount": 2000, "interval": "month", "installments": 2},
    ]));
    let res = shop.checkout_on("plan", &plan, EMAIL, 0);
    assert_eq!(res.status, 303, "{}", res.body);
    let at_paystack = shop.paystack.plans().remove(0);
    assert_eq!(
        (at_paystack.amount, at_paystack.invoice_limit),
        (2000, Some(2))
    );
    let first = shop.paystack.transactions().remove(0).reference;
    shop.paystack.pay(&first);
    let code = shop.paystack.subscriptions()[0].code.clone();
    shop.paystack.advance(30 * DAY);
    shop.app.advance(30 * DAY);
    let before = shop.paystack.delivered().len();
    shop.paystack.renew(&code);
    let delivered = answers(&shop.paystack.delivered()[before..]);
    assert_eq!(
        delivered,
        [
            said("charge.success", 200, "applied"),
            said("invoice.update", 200, "duplicate"),
            said("subscription.disable", 200, "ignored"),
        ]
    );
    assert_eq!(shop.paystack.subscriptions()[0].status, "completed");
    shop.app.advance(60 * DAY);
    shop.app.scheduler.run_once(shop.app.now());
    shop.app.drain();
    let order = shop.order(EMAIL);
    assert_eq!(order["status"], "completed", "{order}");
    assert!(shop.has_tag(EMAIL), "paid in full: access stays");
}
