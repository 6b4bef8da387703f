//! The one-click upsell on the test gateway: offered after the payment, bought once as its
//! own order, declined, expired; refunds of either order leave the other's access alone.

use super::{accept, line_tags, shown, Store, BUYER, UPSELL_TAG};
use crate::harness::Browser;
use crate::purchase::TAG;
use serde_json::json;

fn upsell_store() -> Store {
    let store = Store::open();
    let res = store.offer(
        json!(null),
        Store::add_on(&store.coaching, "Book a coaching call"),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    store
}

/// The buyer's own reference, from the upsell's address.
fn parent_ref(offer: &str) -> &str {
    offer
        .strip_prefix("/upsell/")
        .expect("the upsell's address")
}

#[test]
fn after_paying_the_buyer_is_offered_the_upsell_and_one_click_buys_it_once() {
    let store = upsell_store();
    let offer = store.buy(BUYER, &[]);
    assert!(offer.starts_with("/upsell/pay_"), "{offer}");
    let buyer = Browser::new(&store.shop.app.base);
    let page = buyer.get(&offer);
    assert_eq!(page.status, 200);
    for words in [
        "Your payment went through.",
        "Book a coaching call",
        "Coaching call",
        "$290.00",
        "Yes, add it · $290.00",
        "No thanks",
    ] {
        assert!(page.body.contains(words), "{words}: {}", page.body);
    }

    let res = accept(&buyer, &offer);
    assert_eq!(res.status, 303, "{}", res.body);
    let receipt = format!("/thank-you/{}", parent_ref(&offer));
    assert_eq!(res.header("location"), Some(receipt.as_str()));
    // A second click, a reload of the form: the same order, charged once.
    let again = accept(&buyer, &offer);
    assert_eq!(again.status, 303, "{}", again.body);

    let orders = store.orders(BUYER);
    assert_eq!(orders.len(), 2, "{orders:?}");
    let (main, upsell) = (&orders[0], &orders[1]);
    assert_eq!(upsell["parent_order_id"], main["id"]);
    assert_eq!(
        (upsell["status"].as_str(), upsell["amount"].as_i64()),
        (Some("completed"), Some(29000))
    );
    assert_eq!(
        upsell["payment_ref"].as_str(),
        Some(format!("{}-upsell", parent_ref(&offer)).as_str())
    );
    assert_eq!(
        line_tags(upsell),
        [("upsell".to_string(), UPSELL_TAG.to_string())]
    );
    let completions = (upsell["events"].as_array().unwrap().iter())
        .filter(|e| e["type"] == "payment.completed")
        .count();
    assert_eq!(completions, 1, "{}", upsell["events"]);
    assert_eq!(store.tags(BUYER), [UPSELL_TAG, TAG]);

    // The receipt shows it beside the course; the offer is not shown again.
    let page = buyer.get(&receipt).body;
    assert!(
        page.contains("Added after checkout") && page.contains("$290.00"),
        "{page}"
    );
    assert_eq!(buyer.get(&offer).header("location"), Some(receipt.as_str()));

    // The dashboard links the two orders both ways.
    let admin = store.shop.app.admin();
    let page = admin.get(&format!("/admin/orders/{}", main["id"])).body;
    let link = format!(
        "<dt>Upsell</dt><dd><a href=\"/admin/orders/{0}\">Order #{0}</a>",
        upsell["id"]
    );
    assert!(page.contains(&link), "{page}");
    let page = admin.get(&format!("/admin/orders/{}", upsell["id"])).body;
    assert!(page.contains("<dt>Upsell of</dt>"), "{page}");
}

#[test]
fn two_accepts_at_once_place_one_order() {
    let store = upsell_store();
    let offer = store.buy(BUYER, &[]);
    let base = store.shop.app.base.clone();
    let mut form = vec![("action", "accept".to_string())];
    form.extend(shown(&Browser::new(&base).get(&offer).body));
    let racers: Vec<_> = (0..4)
        .map(|_| {
            let (base, offer, form) = (base.clone(), offer.clone(), form.clone());
            std::thread::spawn(move || {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                Browser::new(&base).post(&offer, &form).status
            })
        })
        .collect();
    for racer in racers {
        assert_eq!(racer.join().unwrap(), 303);
    }
    assert_eq!(store.orders(BUYER).len(), 2);
}

#[test]
fn no_thanks_goes_to_the_receipt_and_places_nothing() {
    let store = upsell_store();
    let offer = store.buy(BUYER, &[]);
    let res = Browser::new(&store.shop.app.base).post(&offer, &[("action", "decline")]);
    assert_eq!(
        res.header("location"),
        Some(format!("/thank-you/{}", parent_ref(&offer)).as_str())
    );
    assert_eq!(store.orders(BUYER).len(), 1);
    let res = Browser::new(&store.shop.app.base).post(&offer, &[("action", "maybe")]);
    assert_eq!(res.status, 400, "{}", res.body);
}

#[test]
fn the_offer_expires_thirty_minutes_after_the_payment() {
    let store = upsell_store();
    let offer = store.buy(BUYER, &[]);
    let buyer = Browser::new(&store.shop.app.base);
    store.shop.app.advance(29 * 60);
    assert_eq!(buyer.get(&offer).status, 200);
    store.shop.app.advance(2 * 60);
    let receipt = format!("/thank-you/{}", parent_ref(&offer));
    assert_eq!(buyer.get(&offer).header("location"), Some(receipt.as_str()));
    let res = buyer.post(&offer, &[("action", "accept")]);
    assert_eq!(res.status, 200);
    assert!(res.body.contains("This offer has expired."), "{}", res.body);
    assert_eq!(store.orders(BUYER).len(), 1);
}

#[test]
fn while_the_payment_is_unconfirmed_the_offer_waits_and_reloads() {
    let store = upsell_store();
    let res = store.checkout(BUYER, 0, &[]);
    let pay = res.header("location").unwrap().to_string();
    let payment_ref = pay.rsplit('/').next().unwrap();
    let offer = format!("/upsell/{payment_ref}");
    let page = Browser::new(&store.shop.app.base).get(&offer);
    assert_eq!(page.status, 200);
    assert!(page.header("refresh").is_some());
    assert!(
        page.body.contains("Confirming your payment"),
        "{}",
        page.body
    );
    let res = Browser::new(&store.shop.app.base).post(&offer, &[("action", "accept")]);
    assert_eq!(
        res.status, 200,
        "nothing is bought before the payment: {}",
        res.body
    );
    assert_eq!(store.orders(BUYER).len(), 1);
    assert_eq!(
        Browser::new(&store.shop.app.base)
            .get("/upsell/pay_unknown")
            .status,
        404
    );
}

#[test]
fn refunding_either_order_leaves_the_others_access_alone() {
    let store = upsell_store();
    let offer = store.buy(BUYER, &[]);
    buyer_accepts(&store, &offer);
    assert_eq!(store.tags(BUYER), [UPSELL_TAG, TAG]);
    refund_at(&store, parent_ref(&offer));
    assert_eq!(store.tags(BUYER), [UPSELL_TAG]);

    let store = upsell_store();
    let offer = store.buy(BUYER, &[]);
    buyer_accepts(&store, &offer);
    refund_at(&store, &format!("{}-upsell", parent_ref(&offer)));
    assert_eq!(store.tags(BUYER), [TAG]);
}

fn buyer_accepts(store: &Store, offer: &str) {
    let res = accept(&Browser::new(&store.shop.app.base), offer);
    assert_eq!(res.status, 303, "{}", res.body);
}

fn refund_at(store: &Store, payment_ref: &str) {
    let res = Browser::new(&store.shop.app.base)
        .post(&format!("/pay/test/{payment_ref}"), &[("action", "refund")]);
    assert_eq!(res.status, 303, "{}", res.body);
}

#[test]
fn the_overview_counts_how_many_buyers_took_the_bump_and_the_upsell() {
    let store = Store::open();
    let add_on = Store::add_on(&store.workbook, "Add the workbook");
    let upsell = Store::add_on(&store.coaching, "Book a coaching call");
    assert_eq!(store.offer(add_on, upsell).status, 200);
    let admin = store.shop.app.admin();
    assert!(admin.get("/admin").body.contains("not offered yet"));

    let offer = store.buy(BUYER, &[("bump", "1")]);
    buyer_accepts(&store, &offer);
    let other = store.buy("other@example.com", &[]);
    Browser::new(&store.shop.app.base).get(&other); // shown, then left
    store.buy("third@example.com", &[]); // never opened the offer

    let page = admin.get("/admin").body;
    assert!(
        page.contains("<dt>Order bump</dt><dd>1 of 3 took it (33%)</dd>"),
        "{page}"
    );
    assert!(
        page.contains("<dt>Upsell</dt><dd>1 of 2 took it (50%)</dd>"),
        "{page}"
    );
}

#[test]
fn an_offer_repriced_after_the_buyer_saw_it_is_shown_again_not_charged() {
    let store = upsell_store();
    let offer = store.buy(BUYER, &[]);
    let buyer = Browser::new(&store.shop.app.base);
    let mut form = vec![("action", "accept".to_string())];
    form.extend(shown(&buyer.get(&offer).body));
    // The merchant raises the coaching call to $350 meanwhile.
    let mut coaching = store.coaching.clone();
    coaching["prices"][0]["amount"] = serde_json::json!(35000);
    let path = format!("/products/{}", coaching["id"]);
    assert_eq!(store.shop.call("PUT", &path, Some(coaching)).status, 200);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = buyer.post(&offer, &form);
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("Yes, add it · $350.00"), "{}", res.body);
    assert_eq!(
        store.orders(BUYER).len(),
        1,
        "nothing placed at a price not shown"
    );
    assert_eq!(accept(&buyer, &offer).status, 303);
    assert_eq!(store.orders(BUYER)[1]["amount"], 35000);
}
