//! Refunds and cancellations on PayPal: asked through the API, made by the strict fake PayPal
//! (v2 capture refunds, v1 sale refunds, subscription cancels), applied when its signed event
//! arrives.

mod subscriptions;

use super::act;
use crate::fake_paypal::FakePayPal;
use crate::processors::{approve_and_return, checkout, deliver, paypal_shop};
use crate::purchase::{Shop, TAG};
use serde_json::Value;

/// A one-time $49.00 PayPal order, captured and completed by its webhook, access granted.
fn paid_order(shop: &Shop, paypal: &FakePayPal, email: &str) -> Value {
    assert_eq!(checkout(shop, "pp", email, "paypal", 0).status, 303);
    let id = paypal.orders().last().unwrap().id.clone();
    approve_and_return(shop, paypal, &id);
    let capture = paypal.capture_resource(&id);
    let res = deliver(shop, paypal.event("PAYMENT.CAPTURE.COMPLETED", capture));
    assert_eq!(res.status, 200, "{}", res.body);
    let order = shop.wait_order(email, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert!(shop.has_tag(email, TAG));
    order
}

pub(super) fn outcome(res: &crate::harness::Resp) -> String {
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["outcome"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The order's `status` and `refunded`.
pub(super) fn figures(shop: &Shop, email: &str) -> (String, i64) {
    let order = shop.orders(email).remove(0);
    let status = order["status"].as_str().unwrap_or_default().to_string();
    (status, order["refunded"].as_i64().unwrap_or(-1))
}

#[test]
fn a_paypal_order_is_refunded_in_part_then_in_full_when_paypals_events_arrive() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    const EMAIL: &str = "pat@example.com";
    let order = paid_order(&shop, &paypal, EMAIL);
    let capture = paypal.orders()[0].capture_id.clone();

    let part = act(
        &shop,
        &order,
        "refund",
        r#"{"amount": 1000, "reason": "Late delivery"}"#,
    );
    assert_eq!(part.status, 202, "{}", part.body);
    let action = part.json();
    let refunds = paypal.refunds();
    assert_eq!(refunds.len(), 1);
    let r = &refunds[0];
    assert_eq!(
        (
            r.capture_id.clone(),
            r.value.as_str(),
            r.currency.as_str(),
            r.note.as_deref()
        ),
        (capture.clone(), "10.00", "USD", Some("Late delivery"))
    );
    assert_eq!(
        r.request_id,
        Some(format!("tagcart-action-{}", action["id"]))
    );
    assert_eq!(
        (action["state"].as_str(), action["processor_ref"].as_str()),
        (Some("accepted"), Some(r.id.as_str()))
    );
    assert_eq!(
        figures(&shop, EMAIL),
        ("completed".into(), 0),
        "nothing changes before PayPal's event"
    );

    let partly = paypal.refund_event(&r.id);
    assert_eq!(outcome(&deliver(&shop, partly.clone())), "applied");
    assert_eq!(figures(&shop, EMAIL), ("completed".into(), 1000));
    assert!(shop.has_tag(EMAIL, TAG), "a partial refund keeps access");
    assert_eq!(outcome(&deliver(&shop, partly)), "duplicate");
    let resent = paypal.refund_event(&r.id);
    deliver(&shop, resent);
    assert_eq!(
        figures(&shop, EMAIL),
        ("completed".into(), 1000),
        "one refund counted once, whatever event brings it"
    );

    let rest = act(&shop, &order, "refund", "");
    assert_eq!(rest.status, 202, "{}", rest.body);
    assert_eq!(rest.json()["amount"], 3900, "all that was left");
    let refunds = paypal.refunds();
    assert_eq!(refunds.len(), 2);
    assert_eq!(
        (refunds[1].value.as_str(), refunds[1].note.as_deref()),
        ("39.00", None)
    );
    assert_eq!(
        paypal.orders()[0].capture_status.as_deref(),
        Some("REFUNDED")
    );

    let fully = paypal.refund_event(&refunds[1].id);
    assert_eq!(outcome(&deliver(&shop, fully.clone())), "applied");
    let refunded = shop.wait_order(EMAIL, "the revoke", |o| {
        o["fulfillment"]
            .as_array()
            .is_some_and(|j| j.len() == 2 && j[1]["state"] == "done")
    });
    assert_eq!(
        (refunded["status"].as_str(), refunded["refunded"].as_i64()),
        (Some("refunded"), Some(4900))
    );
    assert!(!shop.has_tag(EMAIL, TAG));
    assert_eq!(outcome(&deliver(&shop, fully)), "duplicate");
    let again = shop.orders(EMAIL).remove(0);
    assert_eq!(
        (again["status"].as_str(), again["refunded"].as_i64()),
        (Some("refunded"), Some(4900))
    );
    assert_eq!(
        again["fulfillment"].as_array().map(Vec::len),
        Some(2),
        "{again}"
    );

    let detail = shop.order_detail(&order["id"]);
    let states: Vec<(&str, i64)> = (detail["actions"].as_array().unwrap().iter())
        .map(|a| (a["state"].as_str().unwrap(), a["amount"].as_i64().unwrap()))
        .collect();
    assert_eq!(states, [("done", 1000), ("done", 3900)], "{detail}");
    let nothing_left = act(&shop, &order, "refund", "{}");
    assert_eq!(
        nothing_left.error_code(),
        "not_refundable",
        "{}",
        nothing_left.body
    );
    assert_eq!(paypal.refunds().len(), 2);
}

#[test]
fn a_refund_paypal_refuses_is_a_422_with_its_words_and_changes_nothing() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    const EMAIL: &str = "dash@example.com";
    let order = paid_order(&shop, &paypal, EMAIL);
    // The merchant refunded $20.00 in PayPal's dashboard; its event has not come yet.
    let dashboard = paypal.refund_part(&order_id(&paypal), "20.00");

    let over = act(&shop, &order, "refund", r#"{"amount": 4000}"#);
    assert_eq!(over.status, 422, "{}", over.body);
    assert_eq!(over.error_code(), "processor_refused");
    assert!(
        over.body.contains("REFUND_AMOUNT_EXCEEDED"),
        "{}",
        over.body
    );
    let detail = shop.order_detail(&order["id"]);
    let action = &detail["actions"][0];
    assert_eq!(action["state"], "refused", "{detail}");
    let error = action["last_error"].as_str().unwrap_or_default();
    assert!(
        error.contains("REFUND_AMOUNT_EXCEEDED") && error.contains("422"),
        "{error}"
    );
    assert_eq!(
        (detail["status"].as_str(), detail["refunded"].as_i64()),
        (Some("completed"), Some(0))
    );
    assert!(shop.has_tag(EMAIL, TAG));
    assert_eq!(paypal.refunds().len(), 1, "only the dashboard's refund");

    // Then the rest in the dashboard: PayPal has nothing left to refund.
    let rest = paypal.refund(&order_id(&paypal));
    let none_left = act(&shop, &order, "refund", "{}");
    assert_eq!(
        none_left.error_code(),
        "processor_refused",
        "{}",
        none_left.body
    );
    assert!(
        none_left.body.contains("CAPTURE_FULLY_REFUNDED"),
        "{}",
        none_left.body
    );
    assert_eq!(figures(&shop, EMAIL), ("completed".into(), 0));

    // The dashboard's refunds arrive: the order follows PayPal, the refused asks stay refused.
    for refund in [dashboard, rest] {
        assert_eq!(
            outcome(&deliver(&shop, paypal.refund_event(&refund))),
            "applied"
        );
    }
    let refunded = shop.wait_order(EMAIL, "the revoke", |o| {
        o["fulfillment"][1]["state"] == "done"
    });
    assert_eq!(
        (refunded["status"].as_str(), refunded["refunded"].as_i64()),
        (Some("refunded"), Some(4900))
    );
    assert!(!shop.has_tag(EMAIL, TAG));
    let detail = shop.order_detail(&order["id"]);
    let states: Vec<&str> = (detail["actions"].as_array().unwrap().iter())
        .map(|a| a["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["refused", "refused"]);
}

fn order_id(paypal: &FakePayPal) -> String {
    paypal.orders()[0].id.clone()
}

#[test]
fn a_refund_whose_answer_was_lost_is_sent_again_and_made_once() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    const EMAIL: &str = "lost@example.com";
    let order = paid_order(&shop, &paypal, EMAIL);

    paypal.fail_refunds(Some(503));
    let down = act(&shop, &order, "refund", r#"{"amount": 900}"#);
    assert_eq!(down.status, 202, "{}", down.body);
    let action = down.json();
    assert_eq!(
        (action["state"].as_str(), action["attempts"].as_i64()),
        (Some("requested"), Some(1))
    );
    assert!(
        action["last_error"]
            .as_str()
            .unwrap_or_default()
            .contains("503"),
        "{action}"
    );
    assert!(paypal.refunds().is_empty());

    // PayPal is back, refunds, and its answer is lost: the scheduler asks again with the same
    // PayPal-Request-Id and gets that refund, not a second one.
    paypal.lose_next_answer();
    paypal.fail_refunds(None);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let accepted = loop {
        let detail = shop.order_detail(&order["id"]);
        if detail["actions"][0]["state"] == "accepted" {
            break detail["actions"][0].clone();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "waited 20 s for the retry: {detail}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let refunds = paypal.refunds();
    assert_eq!(refunds.len(), 1, "refunded once");
    assert_eq!(
        accepted["processor_ref"].as_str(),
        Some(refunds[0].id.as_str())
    );
    assert!(accepted["attempts"].as_i64() >= Some(3), "{accepted}");
    let key = format!("tagcart-action-{}", action["id"]);
    let asked: Vec<_> = (paypal.calls().into_iter())
        .filter(|c| c.path.ends_with("/refund"))
        .map(|c| (c.request_id.unwrap_or_default(), c.status))
        .collect();
    assert!(asked.iter().all(|(k, _)| *k == key), "{asked:?}");
    assert_eq!(asked.first().map(|a| a.1), Some(503));
    assert_eq!(asked.last().map(|a| a.1), Some(201), "{asked:?}");

    deliver(&shop, paypal.refund_event(&refunds[0].id));
    assert_eq!(figures(&shop, EMAIL), ("completed".into(), 900));
}
