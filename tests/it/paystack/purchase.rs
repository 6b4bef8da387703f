//! One-time purchases: the hosted page, the signed event, the buyer's return, failures.

use super::{answers, Shop};
use serde_json::json;
use tagcart::gateways::paystack::reference_of;

const EMAIL: &str = "ada@example.com";

#[test]
fn a_paystack_purchase_is_paid_on_the_hosted_page_and_completed_by_its_signed_event() {
    let shop = Shop::open();
    let reference = shop.checkout(EMAIL, 0);
    let order = shop.order(EMAIL);
    let payment_ref = order["payment_ref"].as_str().unwrap();
    assert_eq!(
        reference,
        reference_of(payment_ref),
        "Paystack's characters, our payment_ref"
    );
    assert_eq!(order["processor_ref"].as_str(), Some(reference.as_str()));
    let t = shop.paystack.transaction(&reference);
    assert_eq!(
        (t.amount, t.currency.as_str(), t.email.as_str()),
        (4900, "USD", EMAIL)
    );
    assert_eq!(t.metadata["payment_ref"].as_str(), Some(payment_ref));
    assert_eq!(
        t.metadata["cancel_action"].as_str(),
        Some(format!("{}/p/ps", shop.app.base).as_str())
    );
    let callback = format!("{}/pay/paystack/return?ref={payment_ref}", shop.app.base);
    assert_eq!(t.callback_url.as_deref(), Some(callback.as_str()));

    let back = shop.paystack.pay(&reference);
    assert_eq!(
        back,
        format!("{callback}&trxref={reference}&reference={reference}")
    );
    let delivered = answers(&shop.paystack.delivered());
    assert_eq!(
        delivered,
        [("charge.success".to_string(), 200, "applied".to_string())]
    );
    assert_eq!(shop.app.drain(), 1);
    assert!(shop.has_tag(EMAIL));
    let res = shop.come_back(&back);
    assert_eq!(res.header("location"), Some("https://example.com/thanks"));
    assert_eq!(
        shop.jobs(EMAIL),
        [("grant".to_string(), "done".to_string())]
    );
}

#[test]
fn forged_or_unsigned_events_are_refused_and_a_replayed_one_counts_once() {
    let shop = Shop::open();
    shop.paystack.hold_webhooks();
    let reference = shop.checkout(EMAIL, 0);
    shop.paystack.pay(&reference);
    let genuine = shop.paystack.held().remove(0);
    assert_eq!(genuine.event, "charge.success");

    let forged =
        tagcart::gateways::paystack::sign("sk_test_not_the_merchants", genuine.body.as_bytes());
    for signature in [
        Some(forged.as_str()),
        None,
        Some("not-hex"),
        Some(&genuine.signature[..64]),
    ] {
        let res = shop.deliver(&genuine, signature);
        assert_eq!(
            (res.status, res.json()["error"]["code"].as_str()),
            (400, Some("bad_signature")),
            "{signature:?}: {}",
            res.body
        );
    }
    let mut altered = genuine.clone();
    altered.body = altered.body.replace("4900", "4901");
    assert_eq!(
        shop.deliver(&altered, Some(&genuine.signature)).status,
        400,
        "the body is what is signed"
    );
    assert_eq!(shop.order(EMAIL)["status"], "pending", "nothing changed");
    assert!(shop.order(EMAIL)["events"].as_array().unwrap().is_empty());

    let first = shop.deliver(&genuine, Some(&genuine.signature));
    assert_eq!(
        (first.status, first.json()["outcome"].as_str()),
        (200, Some("applied"))
    );
    let again = shop.deliver(&genuine, Some(&genuine.signature));
    assert_eq!(
        (again.status, again.json()["outcome"].as_str()),
        (200, Some("duplicate"))
    );
    shop.app.drain();
    assert_eq!(
        shop.jobs(EMAIL),
        [("grant".to_string(), "done".to_string())]
    );
    assert_eq!(shop.events(EMAIL).len(), 1);
}

#[test]
fn a_buyer_back_before_the_webhook_is_settled_by_verify_and_the_late_webhook_changes_nothing() {
    let shop = Shop::open();
    shop.paystack.hold_webhooks();
    let reference = shop.checkout(EMAIL, 0);
    let back = shop.paystack.pay(&reference);
    let res = shop.come_back(&back);
    assert_eq!(res.header("location"), Some("https://example.com/thanks"));
    let order = shop.order(EMAIL);
    assert_eq!(order["status"], "completed", "verified on return");
    assert!(
        order["events"][0]["type"]
            .as_str()
            .unwrap()
            .contains("buyer came back"),
        "{order}"
    );
    let verified = shop
        .paystack
        .calls()
        .into_iter()
        .filter(|c| c.1 == format!("/transaction/verify/{reference}"));
    assert_eq!(verified.count(), 1);

    let late = answers(&shop.paystack.release());
    assert_eq!(
        late,
        [("charge.success".to_string(), 200, "applied".to_string())]
    );
    shop.app.drain();
    assert_eq!(shop.order(EMAIL)["status"], "completed");
    assert_eq!(
        shop.jobs(EMAIL),
        [("grant".to_string(), "done".to_string())],
        "one grant"
    );
    assert!(shop.has_tag(EMAIL));
}

#[test]
fn a_declined_payment_fails_on_return_and_an_abandoned_one_in_reconciliation() {
    let shop = Shop::open();
    let declined = shop.checkout("declined@example.com", 0);
    let back = shop.paystack.fail(&declined);
    assert!(
        shop.paystack.delivered().is_empty(),
        "Paystack sends no event for a declined card"
    );
    shop.come_back(&back);
    assert_eq!(shop.order("declined@example.com")["status"], "failed");

    // The buyer leaves the hosted page: it stays `abandoned`, and the return settles nothing.
    let abandoned = shop.checkout("gone@example.com", 0);
    let payment_ref = shop.order("gone@example.com")["payment_ref"]
        .as_str()
        .unwrap()
        .to_string();
    shop.come_back(&format!(
        "{}/pay/paystack/return?ref={payment_ref}",
        shop.app.base
    ));
    assert_eq!(shop.order("gone@example.com")["status"], "pending");
    assert_eq!(shop.paystack.transaction(&abandoned).status, "abandoned");
    shop.app.advance(10 * 60);
    shop.app.scheduler.run_once(shop.app.now());
    assert_eq!(shop.order("gone@example.com")["status"], "failed");
    shop.app.drain();
    assert!(!shop.has_tag("gone@example.com") && !shop.has_tag("declined@example.com"));
}

#[test]
fn a_slow_bank_transfer_failed_by_reconciliation_is_completed_by_its_later_charge() {
    let shop = Shop::open();
    let email = "transfer@example.com";
    let reference = shop.checkout(email, 0);
    shop.app.advance(10 * 60);
    shop.app.scheduler.run_once(shop.app.now());
    assert_eq!(shop.order(email)["status"], "failed", "still abandoned");
    // The transfer arrives at Paystack later than reconciliation's delay.
    shop.paystack.pay(&reference);
    assert_eq!(shop.order(email)["status"], "completed");
    shop.app.drain();
    assert!(shop.has_tag(email));
}

#[test]
fn a_payment_whose_webhook_never_came_is_completed_by_reconciliation() {
    let shop = Shop::open();
    shop.paystack.hold_webhooks();
    let reference = shop.checkout(EMAIL, 0);
    shop.paystack.pay(&reference);
    shop.app.scheduler.run_once(shop.app.now());
    assert_eq!(
        shop.order(EMAIL)["status"],
        "pending",
        "asked only after five minutes"
    );
    shop.app.advance(6 * 60);
    shop.app.scheduler.run_once(shop.app.now());
    let order = shop.order(EMAIL);
    assert_eq!(order["status"], "completed");
    assert!(
        order["events"][0]["type"]
            .as_str()
            .unwrap()
            .contains("webhook never came"),
        "{order}"
    );
    shop.app.drain();
    assert!(shop.has_tag(EMAIL));
}

#[test]
fn a_price_in_a_currency_paystack_does_not_take_is_refused_before_any_order_exists() {
    let shop = Shop::open();
    let euros = shop.sell(
        "eur",
        json!([{"kind": "one_time", "currency": "EUR", "amount": 4900}]),
    );
    let res = shop.checkout_on("eur", &euros, EMAIL, 0);
    assert_ne!(res.status, 303, "{}", res.body);
    assert!(
        res.body.contains("Paystack does not take payments in EUR"),
        "{}",
        res.body
    );
    assert!(shop.orders(EMAIL).is_empty());
    assert!(shop.paystack.transactions().is_empty());
}
