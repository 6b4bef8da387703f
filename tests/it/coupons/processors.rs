//! Renewals of a discounted order: at the discounted price while the coupon covers them, at the
//! price after, and matched either way.

use super::{monthly, Shop};
use crate::harness::Browser;
use serde_json::{json, Value};

#[test]
fn the_test_gateways_renewals_are_discounted_while_covered_then_at_full_price() {
    let shop = Shop::open(&[]);
    let product = shop.sell("club", "test", monthly(1900));
    shop.coupon(
        json!({"code": "TWO", "percent_off": 50, "duration": "repeating", "duration_in_months": 2}),
    );
    let res = shop.checkout("club", &product, "member@example.com", "two");
    let page = res.header("location").unwrap().to_string();
    let buyer = Browser::new(&shop.app.base);
    for action in ["complete", "renew", "renew", "renew"] {
        let res = buyer.post(&page, &[("action", action)]);
        assert_eq!(res.status, 303, "{action}: {}", res.body);
    }
    let conn = shop.app.pool.get().unwrap();
    let mut stmt = conn
        .prepare("SELECT payload, outcome FROM processor_events ORDER BY id")
        .unwrap();
    let events: Vec<(Value, String)> = stmt
        .query_map([], |r| {
            let payload: String = r.get(0)?;
            Ok((serde_json::from_str(&payload).unwrap(), r.get(1)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let amounts: Vec<Value> = events
        .iter()
        .map(|(p, _)| p["data"]["amount"].clone())
        .collect();
    assert_eq!(
        amounts,
        vec![json!(950), json!(950), json!(1900), json!(1900)]
    );
    for (_, outcome) in &events {
        assert!(!outcome.starts_with("not applied"), "{outcome}");
    }
    let order = shop.order("member@example.com");
    assert_eq!(
        (order["amount"].clone(), order["subtotal"].clone()),
        (json!(950), json!(1900))
    );
}

#[test]
fn editing_or_deleting_the_coupon_never_changes_an_orders_renewals() {
    let shop = Shop::open(&[]);
    let product = shop.sell("club", "test", monthly(2000));
    let coupon = shop.coupon(json!({"code": "FOREVER", "percent_off": 25, "duration": "forever"}));
    let res = shop.checkout("club", &product, "member@example.com", "forever");
    let page = res.header("location").unwrap().to_string();
    let path = format!("/coupons/{}", coupon["id"]);
    let res = shop.call(
        "PUT",
        &path,
        Some(json!({"code": "FOREVER", "percent_off": 90, "duration": "once"})),
    );
    assert_eq!(res.status, 200);
    assert_eq!(shop.call("DELETE", &path, None).status, 204);
    let buyer = Browser::new(&shop.app.base);
    for action in ["complete", "renew"] {
        buyer.post(&page, &[("action", action)]);
    }
    let conn = shop.app.pool.get().unwrap();
    let renewal: String = conn
        .query_row(
            "SELECT payload FROM processor_events WHERE type = 'subscription.renewed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let renewal: Value = serde_json::from_str(&renewal).unwrap();
    assert_eq!(renewal["data"]["amount"], 1500);
    let order = shop.order("member@example.com");
    assert_eq!(
        (order["status"].clone(), order["coupon_code"].clone()),
        (json!("completed"), json!("FOREVER"))
    );
}
