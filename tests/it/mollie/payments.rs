//! One-time payments: paid, refused, abandoned; the webhook verified by fetching; Mollie down;
//! the buyer back first; reconciliation; currencies Mollie does not take.

use super::{
    back, check_out, deliver, mollie_shop, notified, order_of, press, reconcile, timeline, SLUG,
};
use crate::fake_mollie::FakeMollie;
use crate::purchase::TAG;
use serde_json::json;

#[test]
fn a_mollie_payment_paid_at_the_hosted_checkout_grants_the_tag_once() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "pat@example.com";
    let payment = check_out(&shop, &mollie, EMAIL, 0);
    let order = order_of(&shop, EMAIL);
    let payment_ref = order["payment_ref"].as_str().unwrap();
    let base = &shop.server.base;
    assert_eq!(
        payment["amount"],
        json!({"currency": "USD", "value": "49.00"})
    );
    assert_eq!(payment["description"], "Pro Course");
    assert_eq!(payment["sequenceType"], "oneoff");
    assert_eq!(payment["metadata"], json!({"payment_ref": payment_ref}));
    assert_eq!(
        payment["redirectUrl"],
        format!("{base}/pay/mollie/return?ref={payment_ref}")
    );
    assert_eq!(payment["cancelUrl"], format!("{base}/p/{SLUG}"));
    assert_eq!(payment["webhookUrl"], format!("{base}/webhooks/mollie"));
    assert_eq!(order["processor_ref"], payment["id"]);
    let created = mollie
        .calls()
        .into_iter()
        .find(|c| c.path == "/v2/payments")
        .unwrap();
    assert_eq!(
        created.idempotency_key,
        Some(format!("{payment_ref}-payment"))
    );

    let id = payment["id"].as_str().unwrap();
    let returned = press(&shop, &mollie, id, "paid");
    assert_eq!(
        returned.header("location"),
        Some("https://example.com/thanks")
    );
    shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert!(shop.has_tag(EMAIL, TAG));
    assert_eq!(order_of(&shop, EMAIL)["status"], "completed");
    assert_eq!(
        notified(&mollie, id),
        "duplicate",
        "Mollie calling again changes nothing"
    );
    assert_eq!(shop.kartra.tag_assignments(EMAIL, TAG), 1);
}

#[test]
fn an_id_mollie_does_not_know_is_acknowledged_and_changes_nothing() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "forger@example.com";
    let payment = check_out(&shop, &mollie, EMAIL, 0);
    let forged = deliver(&shop, "id=tr_ForgedPaid1");
    assert_eq!(forged.status, 200, "{}", forged.body);
    assert_eq!(
        forged.json()["outcome"],
        "ignored",
        "Mollie's advice: reveal nothing"
    );
    for malformed in [
        "",
        "id=",
        "id=tr_1%2F..%2Fv2%2Fmethods",
        "{\"id\": \"tr_1\"}",
    ] {
        let res = deliver(&shop, malformed);
        assert_eq!(res.status, 400, "{malformed}: {}", res.body);
    }
    // The real id of a payment still open: read from Mollie, nothing to act on.
    let open = deliver(&shop, &format!("id={}", payment["id"].as_str().unwrap()));
    assert_eq!(open.json()["outcome"], "ignored", "{}", open.body);
    assert_eq!(order_of(&shop, EMAIL)["status"], "pending");
    assert!(shop.kartra.lead(EMAIL).is_none(), "nothing reached Kartra");
}

#[test]
fn while_mollie_is_down_the_webhook_answers_503_and_mollies_next_call_completes_the_order() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "down@example.com";
    let id = check_out(&shop, &mollie, EMAIL, 0)["id"]
        .as_str()
        .unwrap()
        .to_string();
    mollie.settle(&id, "paid");
    for outage in [503, 429] {
        mollie.outage(Some(outage));
        let (status, body) = mollie.notify(&id);
        assert_eq!(
            status, 503,
            "Mollie {outage}: Mollie is asked to call again: {body}"
        );
        assert_eq!(order_of(&shop, EMAIL)["status"], "pending");
    }
    mollie.outage(None);
    assert_eq!(notified(&mollie, &id), "applied");
    shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert!(shop.has_tag(EMAIL, TAG));
}

#[test]
fn a_buyer_back_before_the_webhook_is_settled_on_return_and_the_webhook_then_counts_once() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "quick@example.com";
    let id = check_out(&shop, &mollie, EMAIL, 0)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let redirect = mollie.settle(&id, "paid");
    let returned = back(&shop, &redirect);
    assert_eq!(
        returned.header("location"),
        Some("https://example.com/thanks")
    );
    let order = order_of(&shop, EMAIL);
    assert_eq!(
        order["status"], "completed",
        "settled from Mollie's answer on return"
    );
    assert!(
        timeline(&shop, &order)[0].contains("buyer came back"),
        "{:?}",
        timeline(&shop, &order)
    );
    notified(&mollie, &id);
    shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let order = order_of(&shop, EMAIL);
    assert_eq!(
        order["fulfillment"].as_array().unwrap().len(),
        1,
        "one grant: {order}"
    );
    assert_eq!(shop.kartra.tag_assignments(EMAIL, TAG), 1);
}

#[test]
fn a_failed_or_cancelled_payment_fails_the_order_and_never_reaches_kartra() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    let failed = check_out(&shop, &mollie, "declined@example.com", 0);
    let after = press(&shop, &mollie, failed["id"].as_str().unwrap(), "failed");
    assert_eq!(after.status, 303, "{}", after.body);
    assert_eq!(order_of(&shop, "declined@example.com")["status"], "failed");

    let cancelled = check_out(&shop, &mollie, "changed.mind@example.com", 0);
    let at_mollie = crate::harness::Browser::new(&mollie.url);
    let id = cancelled["id"].as_str().unwrap();
    let pressed = at_mollie.post(&format!("/checkout/{id}"), &[("action", "canceled")]);
    assert_eq!(
        pressed.header("location"),
        Some(format!("{}/p/{SLUG}", shop.server.base).as_str()),
        "back to the checkout page"
    );
    assert_eq!(
        order_of(&shop, "changed.mind@example.com")["status"],
        "failed"
    );
    for email in ["declined@example.com", "changed.mind@example.com"] {
        assert!(
            shop.kartra.lead(email).is_none(),
            "{email} never reached Kartra"
        );
    }
}

#[test]
fn a_currency_mollie_does_not_take_is_refused_before_any_order() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    let naira = json!({"name": "Naira Course", "kartra_tag": TAG,
        "prices": [{"kind": "one_time", "currency": "NGN", "amount": 500000}]});
    let product = shop.sell(naira, "naira", &["mollie"]);
    let res = shop.order_on("naira", "ngn@example.com", &product, "mollie");
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        res.body.contains("Mollie does not take payments in NGN."),
        "{}",
        res.body
    );
    assert!(shop.orders("ngn@example.com").is_empty(), "no order");
    assert!(
        mollie.calls().iter().all(|c| c.path != "/v2/payments"),
        "nothing asked of Mollie"
    );
}

#[test]
fn a_payment_whose_webhook_never_came_is_completed_by_reconciliation() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "lost@example.com";
    let paid = check_out(&shop, &mollie, EMAIL, 0)["id"]
        .as_str()
        .unwrap()
        .to_string();
    mollie.settle(&paid, "paid");
    let expired = check_out(&shop, &mollie, "gone@example.com", 0)["id"]
        .as_str()
        .unwrap()
        .to_string();
    mollie.settle(&expired, "expired");
    assert_eq!(
        reconcile(&shop, &mollie, 60),
        0,
        "not asked before five minutes"
    );
    assert_eq!(reconcile(&shop, &mollie, 600), 2);
    let order = order_of(&shop, EMAIL);
    assert_eq!(order["status"], "completed");
    assert!(timeline(&shop, &order)[0].contains("webhook never came"));
    assert_eq!(
        order["fulfillment"][0]["action"], "grant",
        "queued for the worker: {order}"
    );
    assert_eq!(order_of(&shop, "gone@example.com")["status"], "failed");
}

#[test]
fn a_free_trial_is_refused_before_any_order_since_mollie_starts_with_a_payment() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    let trial = json!({"name": "Trial Club", "kartra_tag": TAG, "prices": [{"kind": "subscription",
        "currency": "EUR", "amount": 1500, "interval": "month", "trial_days": 14}]});
    let product = shop.sell(trial, "trial", &["mollie"]);
    let res = shop.order_on("trial", "trial@example.com", &product, "mollie");
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        res.body
            .contains("Mollie cannot start a subscription with a free trial"),
        "{}",
        res.body
    );
    assert!(shop.orders("trial@example.com").is_empty(), "no order");
    assert!(mollie.customers().is_empty(), "nothing asked of Mollie");
}
