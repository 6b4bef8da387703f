//! Refunds and cancellations asked through tagcart's API, made at Mollie, applied when Mollie's
//! webhook (or, for a cancellation Mollie sends none for, tagcart's own reading of it) arrives.

use super::subscriptions::subscribed;
use super::{check_out, mollie_shop, notified, order_of, press};
use crate::fake_mollie::FakeMollie;
use crate::purchase::TAG;
use crate::self_service::act;

/// The scheduler's pass over refunds and cancellations, `secs_later` from now (after any
/// backoff): how many the processor answered.
fn send_due(shop: &crate::purchase::Shop, mollie: &FakeMollie, secs_later: i64) -> usize {
    use clap::Parser;
    let cli = tagcart::cli::Cli::parse_from(["tagcart", "serve", "--mollie-api-url", &mollie.url]);
    let tagcart::cli::Command::Serve(args) = cli.command else {
        unreachable!()
    };
    let config = tagcart::config::Config::from_args(&args, shop.server.data_dir()).unwrap();
    let (pool, key) = tagcart::startup::open_data_dir(shop.server.data_dir()).unwrap();
    let processors =
        tagcart::gateways::Registry::load(std::sync::Arc::new(config), &pool.get().unwrap(), &key)
            .unwrap();
    let now = crate::purchase::now() + secs_later;
    tagcart::orders::actions::send_due(&pool, &processors, now).unwrap()
}

/// The order's one refund or cancellation once it is `state` (the server's scheduler may be
/// the one that retried it): its processor_ref.
fn action_once(shop: &crate::purchase::Shop, order: &serde_json::Value, state: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let action = shop.order_detail(&order["id"])["actions"][0].clone();
        if action["state"] == state {
            return action["processor_ref"].as_str().unwrap_or_default().into();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never {state}: {action}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn figures(order: &serde_json::Value) -> (String, i64) {
    (
        order["status"].as_str().unwrap().to_string(),
        order["refunded"].as_i64().unwrap_or(-1),
    )
}

#[test]
fn a_mollie_payment_is_refunded_in_part_then_in_full_when_mollies_webhook_says_so() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "refund@example.com";
    let id = check_out(&shop, &mollie, EMAIL, 0)["id"]
        .as_str()
        .unwrap()
        .to_string();
    press(&shop, &mollie, &id, "paid");
    let order = shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });

    let part = act(
        &shop,
        &order,
        "refund",
        r#"{"amount": 1000, "reason": "Late delivery"}"#,
    );
    assert_eq!(part.status, 202, "{}", part.body);
    let refund = mollie.refunds().remove(0);
    assert_eq!(refund["amount"]["value"], "10.00");
    assert_eq!(refund["description"], "Late delivery");
    assert_eq!(part.json()["processor_ref"], refund["id"]);
    let call = mollie
        .calls()
        .into_iter()
        .find(|c| c.path.ends_with("/refunds"))
        .unwrap();
    assert_eq!(
        call.idempotency_key,
        Some(format!("tagcart-action-{}", part.json()["id"]))
    );
    assert_eq!(
        figures(&order_of(&shop, EMAIL)),
        ("completed".into(), 0),
        "nothing before Mollie's word"
    );
    assert_eq!(notified(&mollie, &id), "applied");
    assert_eq!(figures(&order_of(&shop, EMAIL)), ("completed".into(), 1000));
    assert!(shop.has_tag(EMAIL, TAG), "a partial refund keeps access");
    assert_eq!(notified(&mollie, &id), "duplicate");

    let rest = act(&shop, &order, "refund", "");
    assert_eq!(rest.status, 202, "{}", rest.body);
    assert_eq!(
        mollie.refunds()[1]["amount"]["value"],
        "39.00",
        "all that was left"
    );
    assert_eq!(notified(&mollie, &id), "applied");
    shop.wait_order(EMAIL, "the revoke", |o| {
        o["status"] == "refunded" && o["fulfillment"][1]["state"] == "done"
    });
    assert_eq!(figures(&order_of(&shop, EMAIL)), ("refunded".into(), 4900));
    assert!(!shop.has_tag(EMAIL, TAG));
}

#[test]
fn a_refund_mollie_cannot_reach_is_asked_again_with_the_same_key() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "later@example.com";
    let id = check_out(&shop, &mollie, EMAIL, 0)["id"]
        .as_str()
        .unwrap()
        .to_string();
    press(&shop, &mollie, &id, "paid");
    let order = shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    // Done at Mollie, the answer lost; the client sends it again with the same key.
    mollie.lose_next_answer();
    let res = act(&shop, &order, "refund", r#"{"amount": 500}"#);
    assert_eq!(res.status, 202, "{}", res.body);
    assert_eq!(mollie.refunds().len(), 1, "refunded once");
    let keys: Vec<_> = (mollie.calls().into_iter())
        .filter(|c| c.path.ends_with("/refunds"))
        .map(|c| (c.status, c.idempotency_key.unwrap()))
        .collect();
    let key = format!("tagcart-action-{}", res.json()["id"]);
    assert_eq!(keys, [(503, key.clone()), (201, key)]);
}

#[test]
fn a_refund_retried_after_mollie_forgot_its_key_is_found_by_its_metadata_and_made_once() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "hours@example.com";
    let id = check_out(&shop, &mollie, EMAIL, 0)["id"]
        .as_str()
        .unwrap()
        .to_string();
    press(&shop, &mollie, &id, "paid");
    let order = shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    // Made at Mollie, and both answers (the call and the client's retry) lost; when the
    // scheduler asks again, Mollie no longer knows the key.
    mollie.forget_keys_once_replayed();
    mollie.lose_next_answer();
    mollie.lose_next_answer();
    let res = act(&shop, &order, "refund", r#"{"amount": 500}"#);
    assert_eq!(res.json()["state"], "requested", "{}", res.body);
    let refund = mollie.refunds().remove(0);
    let key = format!("tagcart-action-{}", res.json()["id"]);
    assert_eq!(refund["metadata"]["idempotency_key"], key.as_str());

    send_due(&shop, &mollie, 6 * 3600);
    assert_eq!(
        action_once(&shop, &order, "accepted"),
        refund["id"].as_str().unwrap()
    );
    assert_eq!(mollie.refunds().len(), 1, "refunded once");
    let posts = (mollie.calls().into_iter())
        .filter(|c| c.method == "POST" && c.path.ends_with("/refunds"))
        .count();
    assert_eq!(posts, 2, "the first attempt's two; none after the list");
}

#[test]
fn a_cancellation_whose_answer_was_lost_is_accepted_on_retry_and_cancels_the_order() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "lost.cancel@example.com";
    let (order, sub) = subscribed(&shop, &mollie, EMAIL);
    mollie.lose_next_answer();
    let res = act(&shop, &order, "cancel", r#"{"at_period_end": false}"#);
    assert_eq!(res.json()["state"], "requested", "{}", res.body);
    assert_eq!(
        mollie.subscriptions()[0]["status"],
        "canceled",
        "done at Mollie"
    );
    assert_eq!(order_of(&shop, EMAIL)["status"], "completed");

    send_due(&shop, &mollie, 3600);
    assert_eq!(
        action_once(&shop, &order, "done"),
        sub["id"].as_str().unwrap()
    );
    let cancelled = order_of(&shop, EMAIL);
    assert_eq!(cancelled["status"], "cancelled", "{cancelled}");
    assert_eq!(cancelled["fulfillment"][1]["action"], "revoke");
}

#[test]
fn a_cancellation_mollie_could_not_be_read_back_for_is_asked_again_until_its_event_applies() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "unread@example.com";
    let (order, _) = subscribed(&shop, &mollie, EMAIL);
    // The DELETE goes through; reading the cancelled subscription back answers 503.
    mollie.fail("GET", "/subscriptions/sub_", 503, 1);
    let res = act(&shop, &order, "cancel", r#"{"at_period_end": false}"#);
    assert_eq!(res.json()["state"], "requested", "{}", res.body);
    assert_eq!(
        res.json()["attempts"],
        1,
        "one call answered, counted once: {}",
        res.body
    );
    assert_eq!(mollie.subscriptions()[0]["status"], "canceled");
    assert_eq!(order_of(&shop, EMAIL)["status"], "completed");

    send_due(&shop, &mollie, 3600);
    action_once(&shop, &order, "done");
    let cancelled = order_of(&shop, EMAIL);
    assert_eq!(cancelled["status"], "cancelled", "{cancelled}");
    assert_eq!(cancelled["fulfillment"][1]["action"], "revoke");
}

#[test]
fn a_subscription_cancelled_at_period_end_keeps_access_until_the_charge_mollie_will_not_make() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "month@example.com";
    let (order, sub) = subscribed(&shop, &mollie, EMAIL);
    let res = act(&shop, &order, "cancel", r#"{"at_period_end": true}"#);
    assert_eq!(res.status, 202, "{}", res.body);
    assert_eq!(
        mollie.subscriptions()[0]["status"],
        "canceled",
        "Mollie cancels at once"
    );
    let start = sub["startDate"].as_str().unwrap();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let end = time::Date::parse(start, &format)
        .unwrap()
        .midnight()
        .assume_utc()
        .unix_timestamp();
    let end = tagcart::clock::rfc3339(end);
    assert_eq!(
        res.json()["effective_at"].as_str(),
        Some(end.as_str()),
        "{}",
        res.body
    );
    let order = shop.wait_order(EMAIL, "the revoke scheduled", |o| {
        o["fulfillment"][1]["action"] == "revoke"
    });
    assert_eq!(order["status"], "cancelled");
    let revoke = &order["fulfillment"][1];
    assert_eq!(
        (revoke["state"].as_str(), revoke["due_at"].as_str()),
        (Some("pending"), Some(end.as_str()))
    );
    assert!(shop.has_tag(EMAIL, TAG), "paid until then");
    let again = act(&shop, &order, "cancel", "{}");
    assert_eq!(again.status, 409, "{}", again.body);
}

#[test]
fn a_subscription_cancelled_now_loses_access_now() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "now@example.com";
    let (order, _) = subscribed(&shop, &mollie, EMAIL);
    let res = act(&shop, &order, "cancel", r#"{"at_period_end": false}"#);
    assert_eq!(res.status, 202, "{}", res.body);
    assert_eq!(res.json()["state"], "done", "{}", res.body);
    shop.wait_order(EMAIL, "the revoke", |o| {
        o["status"] == "cancelled" && o["fulfillment"][1]["state"] == "done"
    });
    assert!(!shop.has_tag(EMAIL, TAG));
    assert_eq!(mollie.subscriptions()[0]["status"], "canceled");
}

#[test]
fn a_one_time_payment_has_no_subscription_to_cancel() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    let id = check_out(&shop, &mollie, "once@example.com", 0)["id"]
        .as_str()
        .unwrap()
        .to_string();
    press(&shop, &mollie, &id, "paid");
    let order = order_of(&shop, "once@example.com");
    let res = act(&shop, &order, "cancel", "{}");
    assert_eq!(res.error_code(), "not_a_subscription", "{}", res.body);
}
