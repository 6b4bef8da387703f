//! Which changes are posted: refunds and the revokes they cause, cancelled subscriptions; and
//! events an endpoint did not choose are not.

use super::{python_verifies, Shop};
use crate::fake_server::{Canned, Recorder};
use crate::harness::Browser;
use serde_json::{json, Value};

#[test]
fn a_refund_and_the_revoke_it_causes_are_posted_and_unchosen_events_are_not() {
    let (alerts, receiver) = (
        Recorder::always(Canned::new(200, "ok")),
        Recorder::always(Canned::new(200, "")),
    );
    let shop = Shop::open(&alerts);
    let endpoint = shop.endpoint(
        &receiver.url("/hooks"),
        &["order.refunded", "access.revoked"],
    );
    let secret = endpoint["secret"].as_str().unwrap();
    let (order_id, pay) = shop.buy_on("course", &shop.price_id);
    assert_eq!(shop.app.drain(), 1, "the grant");
    shop.pass();
    assert!(
        receiver.taken().is_empty(),
        "order.completed and access.granted were not chosen"
    );
    let refunded = Browser::new(&shop.app.base).post(&pay, &[("action", "refund")]);
    assert_eq!(refunded.status, 303, "{}", refunded.body);
    shop.pass();
    let request = receiver.next();
    assert_eq!(
        python_verifies(secret, &request),
        Ok("order.refunded".into())
    );
    let payload: Value = serde_json::from_str(&request.body_text()).unwrap();
    assert_eq!(
        (payload["data"]["id"].as_i64(), &payload["data"]["status"]),
        (Some(order_id), &json!("refunded"))
    );
    assert_eq!(shop.app.drain(), 1, "the revoke");
    shop.pass();
    let request = receiver.next();
    assert_eq!(
        python_verifies(secret, &request),
        Ok("access.revoked".into())
    );
    let payload: Value = serde_json::from_str(&request.body_text()).unwrap();
    assert_eq!(payload["data"]["order_id"], order_id);
}

#[test]
fn a_cancelled_subscription_is_posted_with_the_order() {
    let (alerts, receiver) = (
        Recorder::always(Canned::new(200, "ok")),
        Recorder::always(Canned::new(200, "")),
    );
    let shop = Shop::open(&alerts);
    let price =
        json!({"kind": "subscription", "currency": "EUR", "amount": 1900, "interval": "month"});
    let price_id = shop.sell("club", price);
    let endpoint = shop.endpoint(&receiver.url("/hooks"), &["subscription.cancelled"]);
    let (order_id, pay) = shop.buy_on("club", &price_id);
    shop.pass();
    assert!(
        receiver.taken().is_empty(),
        "order.completed was not chosen"
    );
    let cancelled = Browser::new(&shop.app.base).post(&pay, &[("action", "cancel")]);
    assert_eq!(cancelled.status, 303, "{}", cancelled.body);
    shop.pass();
    let request = receiver.next();
    let secret = endpoint["secret"].as_str().unwrap();
    assert_eq!(
        python_verifies(secret, &request),
        Ok("subscription.cancelled".into())
    );
    let payload: Value = serde_json::from_str(&request.body_text()).unwrap();
    assert_eq!(payload["data"]["id"], order_id);
    assert_eq!(payload["data"]["status"], "cancelled");
}
