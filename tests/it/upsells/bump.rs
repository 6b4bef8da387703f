//! The order bump on the test gateway: offered beside the options it fits, paid in the same
//! payment, each line granting its own tag; refused where it does not fit.

use super::{line_tags, Store, BUMP_TAG, BUYER};
use crate::harness::Browser;
use crate::purchase::TAG;
use serde_json::json;

#[test]
fn a_ticked_bump_is_paid_with_the_course_and_grants_both_tags() {
    let store = Store::open();
    let res = store.offer(
        Store::add_on(&store.workbook, "Add the workbook"),
        json!(null),
    );
    assert_eq!(res.status, 200, "{}", res.body);

    let page = Browser::new(&store.shop.app.base).get("/p/course").body;
    let one_time = store.course["prices"][0]["id"].to_string();
    for words in [
        "type=\"checkbox\" name=\"bump\" value=\"1\"",
        "Add the workbook",
        "Yes, add it to my order for $19.00",
        "Worksheets for every lesson.",
        // Only beside the one-time option: a monthly price has no place for a one-off charge.
        &format!("data-prices=\"{one_time}\""),
        // The summary and the button, with and without it.
        "Pay $49.00",
        "Pay $68.00",
    ] {
        assert!(page.contains(words), "{words}");
    }

    let next = store.buy(BUYER, &[("bump", "1")]);
    assert!(next.starts_with("/thank-you/"), "{next}");
    let order = &store.orders(BUYER)[0];
    assert_eq!(
        (
            order["status"].as_str(),
            order["subtotal"].as_i64(),
            order["amount"].as_i64()
        ),
        (Some("completed"), Some(6800), Some(6800))
    );
    assert_eq!(
        line_tags(order),
        [
            ("main".to_string(), TAG.to_string()),
            ("bump".to_string(), BUMP_TAG.to_string())
        ]
    );
    assert_eq!(order["lines"][1]["amount"], 1900);
    assert_eq!(store.tags(BUYER), [TAG, BUMP_TAG]);

    // The receipt lists both products and what was paid.
    let receipt = Browser::new(&store.shop.app.base).get(&next).body;
    for words in ["Course course", "Workbook", "$19.00", "$68.00"] {
        assert!(receipt.contains(words), "{words}: {receipt}");
    }
}

#[test]
fn an_unticked_bump_is_not_charged_and_a_refund_ends_both_lines_access() {
    let store = Store::open();
    store.offer(
        Store::add_on(&store.workbook, "Add the workbook"),
        json!(null),
    );
    store.buy("plain@example.com", &[]);
    let plain = &store.orders("plain@example.com")[0];
    assert_eq!(plain["amount"], 4900);
    assert_eq!(plain["lines"].as_array().unwrap().len(), 1);

    store.buy(BUYER, &[("bump", "1")]);
    assert_eq!(store.tags(BUYER), [TAG, BUMP_TAG]);
    let payment_ref = store.orders(BUYER)[0]["payment_ref"]
        .as_str()
        .unwrap()
        .to_string();
    let res = Browser::new(&store.shop.app.base)
        .post(&format!("/pay/test/{payment_ref}"), &[("action", "refund")]);
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(store.tags(BUYER), Vec::<String>::new());
    assert_eq!(store.tags("plain@example.com"), [TAG]);
}

#[test]
fn a_bump_is_refused_with_a_subscription_or_on_a_page_without_one_and_nothing_is_placed() {
    let store = Store::open();
    // No bump on the page: a crafted bump=1 is refused.
    let res = store.checkout(BUYER, 0, &[("bump", "1")]);
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res
        .body
        .contains("This offer cannot be added to the option chosen"));

    store.offer(
        Store::add_on(&store.workbook, "Add the workbook"),
        json!(null),
    );
    let res = store.checkout(BUYER, 1, &[("bump", "1")]);
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(store.shop.orders(BUYER).is_empty());

    // The monthly option without the bump is fine.
    assert_eq!(store.checkout(BUYER, 1, &[]).status, 303);
}

/// The workbook's monthly price as the page's bump.
fn monthly_sheets(store: &Store) {
    let bump = json!({"product_id": store.workbook["id"], "price_id": store.workbook["prices"][1]["id"],
        "headline": "Add monthly sheets", "text": ""});
    let res = store.offer(bump, json!(null));
    assert_eq!(res.status, 200, "{}", res.body);
}

#[test]
fn a_subscription_bump_renews_with_the_course_and_only_the_course_is_discounted() {
    let store = Store::open();
    monthly_sheets(&store);
    let page = Browser::new(&store.shop.app.base).get("/p/course").body;
    let monthly = store.course["prices"][1]["id"].to_string();
    for words in [
        format!("data-prices=\"{monthly}\""),
        "Yes, add it to my order for $9.00 every month".into(),
        "Pay $19.00".into(),
        "Pay $28.00".into(),
        "Then $28.00 every month.".into(),
    ] {
        assert!(page.contains(&words), "{words}");
    }
    // Beside the one-time option there is nothing to renew it with.
    let res = store.checkout(BUYER, 0, &[("bump", "1")]);
    assert_eq!(res.status, 422, "{}", res.body);

    store.shop.coupon(
        json!({"code": "HALF", "percent_off": 50, "duration": "repeating", "duration_in_months": 2}),
    );
    let res = store.checkout(BUYER, 1, &[("bump", "1"), ("coupon", "HALF")]);
    assert_eq!(res.status, 303, "{}", res.body);
    let pay = res.header("location").unwrap().to_string();
    let buyer = Browser::new(&store.shop.app.base);
    for action in ["complete", "renew", "renew", "renew"] {
        let res = buyer.post(&pay, &[("action", action)]);
        assert_eq!(res.status, 303, "{action}: {}", res.body);
    }
    let order = &store.orders(BUYER)[0];
    assert_eq!(
        (
            order["subtotal"].as_i64(),
            order["discount"].as_i64(),
            order["amount"].as_i64()
        ),
        (Some(2800), Some(950), Some(1850)),
        "half off the course's $19, the sheets' $9 in full"
    );
    assert_eq!(order["lines"][1]["price_kind"], "subscription");
    // Each charge: the course discounted for two months, then both in full; all matched.
    let conn = store.shop.app.pool.get().unwrap();
    let mut stmt = conn
        .prepare("SELECT payload, outcome FROM processor_events ORDER BY id")
        .unwrap();
    let events: Vec<(i64, String)> = stmt
        .query_map([], |r| {
            let payload: serde_json::Value = serde_json::from_str(&r.get::<_, String>(0)?).unwrap();
            Ok((payload["data"]["amount"].as_i64().unwrap(), r.get(1)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let paid: Vec<i64> = events.iter().map(|(amount, _)| *amount).collect();
    assert_eq!(paid, [1850, 1850, 2800, 2800]);
    assert!(
        events
            .iter()
            .all(|(_, outcome)| !outcome.starts_with("not applied")),
        "every charge is the order's: {events:?}"
    );
    assert_eq!(store.tags(BUYER), [TAG, BUMP_TAG]);
    let listed = store.shop.app.admin().get("/admin/orders").body;
    let words = "$19.00 every month + Workbook $9.00 every month · coupon HALF −$9.50";
    assert!(listed.contains(words), "{listed}");

    // One subscription: a refund or cancellation ends both lines, each by its product's rules.
    let res = buyer.post(&pay, &[("action", "refund")]);
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(store.tags(BUYER), Vec::<String>::new());
}
