//! Refunds: asked of Paystack (which has no idempotency key: tagcart's goes in the refund's
//! merchant_note and is looked for before refunding again), applied when refund.processed
//! arrives.

use super::{answers, Shop};
use serde_json::{json, Value};

const EMAIL: &str = "ada@example.com";

/// The order's `status` and `refunded`.
fn figures(shop: &Shop) -> (String, i64) {
    let order = shop.order(EMAIL);
    (
        order["status"].as_str().unwrap().to_string(),
        order["refunded"].as_i64().unwrap_or(-1),
    )
}

fn action(shop: &Shop, index: usize) -> Value {
    shop.order(EMAIL)["actions"][index].clone()
}

#[test]
fn a_paystack_payment_is_refunded_in_part_then_in_full_when_its_events_arrive() {
    let shop = Shop::open();
    let reference = shop.paid(EMAIL);
    let part = shop.act(
        EMAIL,
        "refund",
        json!({"amount": 1000, "reason": "Late delivery"}),
    );
    assert_eq!(part.status, 202, "{}", part.body);
    let refunds = shop.paystack.refunds();
    assert_eq!(refunds.len(), 1);
    let r = &refunds[0];
    let key = format!("tagcart-action-{} {reference}", part.json()["id"]);
    assert_eq!(
        (
            r.transaction_reference.as_str(),
            r.amount,
            r.currency.as_str(),
            r.merchant_note.as_deref(),
            r.customer_note.as_deref()
        ),
        (
            reference.as_str(),
            1000,
            "USD",
            Some(key.as_str()),
            Some("Late delivery")
        )
    );
    assert_eq!(
        (
            part.json()["state"].as_str(),
            part.json()["processor_ref"].as_str()
        ),
        (Some("accepted"), Some(r.id.to_string().as_str()))
    );
    assert_eq!(
        figures(&shop),
        ("completed".into(), 0),
        "nothing changes before Paystack's event"
    );

    shop.paystack.process_refunds();
    assert_eq!(
        answers(&shop.paystack.delivered()[1..]),
        [("refund.processed".to_string(), 200, "applied".to_string())]
    );
    assert_eq!(figures(&shop), ("completed".into(), 1000));
    shop.app.drain();
    assert!(shop.has_tag(EMAIL), "a partial refund keeps access");

    let rest = shop.act(EMAIL, "refund", json!({}));
    assert_eq!(rest.status, 202, "{}", rest.body);
    assert_eq!(rest.json()["amount"], 3900, "all that was left");
    assert_eq!(shop.paystack.refunds()[1].amount, 3900);
    shop.paystack.process_refunds();
    assert_eq!(figures(&shop), ("refunded".into(), 4900));
    shop.app.drain();
    assert!(!shop.has_tag(EMAIL));
    let states: Vec<Value> = (0..2).map(|i| action(&shop, i)["state"].clone()).collect();
    assert_eq!(states, [json!("done"), json!("done")]);
}

#[test]
fn a_refund_whose_answer_was_lost_is_asked_again_and_made_once() {
    let shop = Shop::open();
    shop.paid(EMAIL);
    shop.paystack.lose_next_answer();
    let res = shop.act(EMAIL, "refund", json!({"amount": 2000}));
    assert_eq!(res.status, 202, "{}", res.body);
    assert_ne!(res.json()["state"], "accepted", "{}", res.body);
    assert_eq!(
        shop.paystack.refunds().len(),
        1,
        "Paystack refunded, its answer was lost"
    );

    shop.app.advance(3600);
    shop.app.scheduler.run_once(shop.app.now());
    let retried = action(&shop, 0);
    assert_eq!(retried["state"], "accepted", "{retried}");
    let refunds = shop.paystack.refunds();
    assert_eq!(refunds.len(), 1, "refunded once");
    assert_eq!(
        retried["processor_ref"].as_str(),
        Some(refunds[0].id.to_string().as_str())
    );
    let asked = shop
        .paystack
        .calls()
        .into_iter()
        .filter(|c| c.0 == "POST" && c.1 == "/refund")
        .count();
    assert_eq!(
        asked, 1,
        "the retry found the refund by its note and did not ask again"
    );
}

#[test]
fn a_refund_during_an_outage_is_asked_again_once_paystack_is_back() {
    let shop = Shop::open();
    shop.paid(EMAIL);
    shop.paystack.set_outage(Some(503));
    let res = shop.act(EMAIL, "refund", json!({}));
    assert_eq!(res.status, 202, "{}", res.body);
    let waiting = |shop: &Shop, said: &str| {
        let waiting = action(shop, 0);
        assert_ne!(waiting["state"], "accepted", "{waiting}");
        let error = waiting["last_error"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(error.contains(said), "{waiting}");
    };
    waiting(&shop, "Paystack answered 503");
    shop.paystack.set_outage(Some(429));
    shop.app.advance(3600);
    shop.app.scheduler.run_once(shop.app.now());
    waiting(&shop, "Paystack answered 429");
    assert!(shop.paystack.refunds().is_empty());

    shop.paystack.set_outage(None);
    shop.app.advance(3 * 3600);
    shop.app.scheduler.run_once(shop.app.now());
    assert_eq!(action(&shop, 0)["state"], "accepted");
    assert_eq!(shop.paystack.refunds()[0].amount, 4900);
}

#[test]
fn a_subscriptions_refund_takes_back_its_newest_charge() {
    let shop = Shop::open();
    let first = shop.checkout(EMAIL, 1);
    shop.paystack.pay(&first);
    let code = shop.paystack.subscriptions()[0].code.clone();
    shop.paystack.advance(30 * super::DAY);
    shop.app.advance(30 * super::DAY);
    let renewal = shop.paystack.renew(&code);
    let res = shop.act(EMAIL, "refund", json!({}));
    assert_eq!(res.status, 202, "{}", res.body);
    assert_eq!(shop.paystack.refunds()[0].transaction_reference, renewal);
    shop.paystack.process_refunds();
    let delivered = shop.paystack.delivered();
    let said = answers(&delivered[delivered.len() - 1..]);
    assert_eq!(
        said,
        [("refund.processed".to_string(), 200, "applied".to_string())]
    );
    assert_eq!(shop.order(EMAIL)["refunded"], 1900);
}

#[test]
fn a_refund_event_without_a_readable_amount_is_refused_and_revokes_nothing() {
    let shop = Shop::open();
    let reference = shop.paid(EMAIL);
    let unreadable = shop.paystack.signed(
        "refund.processed",
        json!({"status": "processed", "transaction_reference": reference,
               "refund_reference": "TRF1", "amount": "10.00", "currency": "USD"}),
    );
    let res = shop.deliver(&unreadable, Some(&unreadable.signature));
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(figures(&shop), ("completed".into(), 0));
    shop.app.drain();
    assert!(shop.has_tag(EMAIL));
}
