//! PayPal subscriptions: cancelled through the API (PayPal cancels at once; access ends as
//! asked), and their payments, v1 sales, refunded.

use super::{figures, outcome};
use crate::fake_paypal::FakePayPal;
use crate::processors::{approve_and_return, checkout, deliver, paypal_shop};
use crate::purchase::{Shop, TAG};
use crate::self_service::act;
use serde_json::{json, Value};

/// A $19.00 monthly PayPal subscription, activated, access granted; its id.
fn subscribed(shop: &Shop, paypal: &FakePayPal, email: &str) -> (Value, String) {
    assert_eq!(checkout(shop, "pp", email, "paypal", 1).status, 303);
    let sub = paypal.subscriptions().last().unwrap().id.clone();
    approve_and_return(shop, paypal, &sub);
    let activated = paypal.subscription_resource(&sub);
    let res = deliver(
        shop,
        paypal.event("BILLING.SUBSCRIPTION.ACTIVATED", activated),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    let order = shop.wait_order(email, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    (order, sub)
}

#[test]
fn a_paypal_subscription_cancelled_now_through_the_api_ends_when_paypal_says_so() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    const EMAIL: &str = "sub@example.com";
    let (order, sub) = subscribed(&shop, &paypal, EMAIL);

    let res = act(&shop, &order, "cancel", r#"{"at_period_end": false}"#);
    assert_eq!(res.status, 202, "{}", res.body);
    assert_eq!(res.json()["state"], "accepted", "{}", res.body);
    let at_paypal = paypal.subscriptions().remove(0);
    assert_eq!(
        (
            at_paypal.status.as_str(),
            at_paypal.cancel_reason.as_deref()
        ),
        ("CANCELLED", Some("Cancelled by the merchant"))
    );
    assert_eq!(
        shop.orders(EMAIL)[0]["status"],
        "completed",
        "until PayPal's event"
    );
    let again = act(&shop, &order, "cancel", "{}");
    assert_eq!(again.error_code(), "already_requested", "{}", again.body);

    let cancelled = paypal.subscription_resource(&sub);
    let res = deliver(
        &shop,
        paypal.event("BILLING.SUBSCRIPTION.CANCELLED", cancelled),
    );
    assert_eq!(outcome(&res), "applied");
    shop.wait_order(EMAIL, "the revoke", |o| {
        o["status"] == "cancelled" && o["fulfillment"][1]["state"] == "done"
    });
    assert!(!shop.has_tag(EMAIL, TAG));
    let detail = shop.order_detail(&order["id"]);
    assert_eq!(detail["actions"][0]["state"], "done", "{detail}");
}

#[test]
fn a_paypal_subscription_cancelled_at_period_end_keeps_access_to_the_end_paypal_states() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    const EMAIL: &str = "month@example.com";
    let (order, sub) = subscribed(&shop, &paypal, EMAIL);
    let res = act(&shop, &order, "cancel", r#"{"at_period_end": true}"#);
    assert_eq!(res.status, 202, "{}", res.body);
    assert_eq!(
        paypal.subscriptions()[0].status,
        "CANCELLED",
        "PayPal cancels at once"
    );

    let period_end = crate::purchase::now() + 30 * 86_400;
    let mut cancelled = paypal.subscription_resource(&sub);
    cancelled["billing_info"]["next_billing_time"] = json!(tagcart::clock::rfc3339(period_end));
    let res = deliver(
        &shop,
        paypal.event("BILLING.SUBSCRIPTION.CANCELLED", cancelled),
    );
    assert_eq!(outcome(&res), "applied");
    let order = shop.wait_order(EMAIL, "the revoke scheduled", |o| {
        o["fulfillment"][1]["action"] == "revoke"
    });
    assert_eq!(order["status"], "cancelled");
    let revoke = &order["fulfillment"][1];
    assert_eq!(
        (revoke["state"].as_str(), revoke["due_at"].as_str()),
        (
            Some("pending"),
            Some(tagcart::clock::rfc3339(period_end).as_str())
        ),
        "{order}"
    );
    assert!(shop.has_tag(EMAIL, TAG), "paid until then");
}

/// A subscription whose first payment (a v1 sale) PayPal reported.
fn paid_subscription(shop: &Shop, paypal: &FakePayPal, email: &str) -> (Value, String) {
    let (order, sub) = subscribed(shop, paypal, email);
    let sale = paypal.sale_resource(&sub);
    assert_eq!(
        outcome(&deliver(
            shop,
            paypal.event("PAYMENT.SALE.COMPLETED", sale.clone())
        )),
        "applied"
    );
    (order, sale["id"].as_str().unwrap().to_string())
}

#[test]
fn a_paypal_subscription_payment_is_refunded_in_parts_through_its_sale() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    const EMAIL: &str = "sale@example.com";
    let (order, _) = subscribed(&shop, &paypal, EMAIL);
    let early = act(&shop, &order, "refund", r#"{"amount": 500}"#);
    assert_eq!(early.error_code(), "processor_refused", "{}", early.body);
    assert!(
        early.body.contains("no payment of this subscription"),
        "{}",
        early.body
    );
    assert!(paypal.refunds().is_empty());

    let sub = paypal.subscriptions()[0].id.clone();
    let sale = paypal.sale_resource(&sub);
    assert_eq!(
        outcome(&deliver(
            &shop,
            paypal.event("PAYMENT.SALE.COMPLETED", sale.clone())
        )),
        "applied"
    );
    let sale = sale["id"].as_str().unwrap().to_string();
    for (amount, total) in [(500, 500), (1000, 1500)] {
        let body = json!({"amount": amount, "reason": "Outage credit"}).to_string();
        let res = act(&shop, &order, "refund", &body);
        assert_eq!(res.status, 202, "{}", res.body);
        let r = paypal.refunds().pop().unwrap();
        assert_eq!(
            (
                r.sale_id.as_deref(),
                r.capture_id.as_deref(),
                r.note.as_deref()
            ),
            (Some(sale.as_str()), None, Some("Outage credit"))
        );
        assert_eq!(
            r.request_id,
            Some(format!("tagcart-action-{}", res.json()["id"]))
        );
        assert_eq!(
            outcome(&deliver(&shop, paypal.refund_event(&r.id))),
            "applied"
        );
        assert_eq!(figures(&shop, EMAIL), ("completed".into(), total));
    }
    let values: Vec<String> = paypal.refunds().into_iter().map(|r| r.value).collect();
    assert_eq!(values, ["5.00", "10.00"]);
    assert_eq!(paypal.sales()[0].state, "partially_refunded");
    assert!(shop.has_tag(EMAIL, TAG), "partial refunds keep access");
}

#[test]
fn a_paypal_subscription_payment_refunded_whole_refunds_the_order() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    const EMAIL: &str = "whole@example.com";
    let (order, sale) = paid_subscription(&shop, &paypal, EMAIL);
    let res = act(&shop, &order, "refund", "");
    assert_eq!(res.status, 202, "{}", res.body);
    let r = paypal.refunds().remove(0);
    assert_eq!(
        (r.sale_id.as_deref(), r.value.as_str()),
        (Some(sale.as_str()), "19.00")
    );
    assert_eq!(paypal.sales()[0].state, "refunded");
    assert_eq!(
        outcome(&deliver(&shop, paypal.refund_event(&r.id))),
        "applied"
    );
    let refunded = shop.wait_order(EMAIL, "the revoke", |o| {
        o["fulfillment"][1]["state"] == "done"
    });
    assert_eq!(
        (refunded["status"].as_str(), refunded["refunded"].as_i64()),
        (Some("refunded"), Some(1900))
    );
    assert!(!shop.has_tag(EMAIL, TAG));
}

/// Payments v1 refunds a whole sale only while none of it is refunded
/// (FULL_REFUND_NOT_ALLOWED_AFTER_PARTIAL_REFUND): the rest is asked by its amount.
#[test]
fn the_rest_of_a_partly_refunded_paypal_subscription_payment_is_refunded_by_its_amount() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    const EMAIL: &str = "rest@example.com";
    let (order, sale) = paid_subscription(&shop, &paypal, EMAIL);
    let part = act(&shop, &order, "refund", r#"{"amount": 500}"#);
    assert_eq!(part.status, 202, "{}", part.body);
    deliver(&shop, paypal.refund_event(&paypal.refunds()[0].id));
    let rest = act(&shop, &order, "refund", "");
    assert_eq!(rest.status, 202, "{}", rest.body);
    let made = paypal.refunds().pop().unwrap();
    assert_eq!((made.sale_id, made.value.as_str()), (Some(sale), "14.00"));
    assert_eq!(paypal.sales()[0].state, "refunded");
    assert_eq!(
        outcome(&deliver(&shop, paypal.refund_event(&made.id))),
        "applied"
    );
    let refunded = shop.wait_order(EMAIL, "the revoke", |o| {
        o["fulfillment"][1]["state"] == "done"
    });
    assert_eq!(
        (refunded["status"].as_str(), refunded["refunded"].as_i64()),
        (Some("refunded"), Some(1900))
    );
    assert!(!shop.has_tag(EMAIL, TAG));
}

/// After a partial refund of one payment and a renewal, what is left is counted on the
/// newest payment, the one a refund goes to: all of the renewal, whatever an earlier payment
/// had refunded.
#[test]
fn a_renewal_after_a_partly_refunded_payment_is_refunded_whole() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    const EMAIL: &str = "renewed@example.com";
    let (order, _) = paid_subscription(&shop, &paypal, EMAIL);
    let sub = paypal.subscriptions()[0].id.clone();
    let part = act(&shop, &order, "refund", r#"{"amount": 500}"#);
    assert_eq!(part.status, 202, "{}", part.body);
    deliver(&shop, paypal.refund_event(&paypal.refunds()[0].id));
    paypal.charge(&sub);
    let renewal = paypal.sale_resource(&sub);
    let renewal_id = renewal["id"].as_str().unwrap().to_string();
    let res = deliver(&shop, paypal.event("PAYMENT.SALE.COMPLETED", renewal));
    assert_eq!(outcome(&res), "applied");

    let rest = act(&shop, &order, "refund", "");
    assert_eq!(rest.status, 202, "{}", rest.body);
    assert_eq!(
        rest.json()["amount"],
        1900,
        "all of the renewal: the 5.00 refunded was of the first payment"
    );
    let made = paypal.refunds().pop().unwrap();
    assert_eq!(
        (made.sale_id, made.value.as_str()),
        (Some(renewal_id), "19.00")
    );
    assert_eq!(paypal.sales()[1].state, "refunded");
    deliver(&shop, paypal.refund_event(&made.id));
    let (status, refunded) = figures(&shop, EMAIL);
    assert_eq!(
        (status.as_str(), refunded),
        ("refunded", 2400),
        "the renewal refunded whole"
    );
}
