//! The coupon at checkout: applied, refused with its reason, `?coupon=` links, the Apply
//! button, the last use raced for, uses given back, and free orders.

use super::{monthly, one_time, Shop};
use crate::harness::Browser;
use crate::purchase::TAG;
use serde_json::{json, Value};

const EMAIL: &str = "buyer@example.com";

#[test]
fn a_code_in_any_case_takes_its_discount_off_the_order_and_the_payment() {
    let shop = Shop::open(&[]);
    let product = shop.sell("course", "test", one_time(4900));
    shop.coupon(json!({"code": "SAVE10", "amount_off": 1000, "currency": "USD"}));
    let res = shop.checkout("course", &product, EMAIL, " save10 ");
    assert_eq!(res.status, 303, "{}", res.body);
    let order = shop.order(EMAIL);
    for (field, value) in [
        ("amount", json!(3900)),
        ("subtotal", json!(4900)),
        ("discount", json!(1000)),
        ("coupon_code", json!("SAVE10")),
        ("gateway", json!("test")),
        ("parent_order_id", json!(null)),
    ] {
        assert_eq!(order[field], value, "{field}: {order}");
    }
    // One line, the page's product at its price; the discount is the order's.
    let line = json!({"kind": "main", "product_id": product["id"], "product_name": "Course course",
        "price_id": product["prices"][0]["id"], "price_kind": "one_time", "amount": 4900,
        "currency": "USD", "kartra_tag": TAG});
    assert_eq!(order["lines"], json!([line]), "{order}");
    // The test gateway states the discounted amount, which completes the order.
    let page = res.header("location").unwrap().to_string();
    let res = Browser::new(&shop.app.base).post(&page, &[("action", "complete")]);
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(shop.order(EMAIL)["status"], "completed");
    let coupons = shop.call("GET", "/coupons", None).json();
    assert_eq!(coupons[0]["times_redeemed"], 1, "{coupons}");
}

#[test]
fn each_refused_code_gets_the_page_again_with_its_reason_and_no_order() {
    let shop = Shop::open(&[]);
    let product = shop.sell("course", "test", one_time(4900));
    let other = shop.sell("other", "test", one_time(900));
    let soon = tagcart::clock::rfc3339(shop.app.now() + 60);
    shop.coupon(json!({"code": "PAUSED", "percent_off": 10, "paused": true}));
    shop.coupon(json!({"code": "SOON", "percent_off": 10, "expires_at": soon}));
    shop.coupon(json!({"code": "ONCE", "percent_off": 10, "max_redemptions": 1}));
    shop.coupon(json!({"code": "OTHER", "percent_off": 10, "product_ids": [other["id"]]}));
    shop.coupon(json!({"code": "EUROS", "amount_off": 500, "currency": "EUR"}));
    assert_eq!(
        shop.checkout("course", &product, "first@example.com", "once")
            .status,
        303
    );
    assert_eq!(
        shop.checkout("course", &product, "early@example.com", "soon")
            .status,
        303
    );
    shop.app.advance(60);
    for (code, reason) in [
        ("NOPE", "The coupon code NOPE is not known"),
        ("paused", "The coupon paused is paused"),
        ("soon", "The coupon soon has expired."),
        ("once", "The coupon once has been used up."),
        ("other", "The coupon other is not for this product."),
        (
            "euros",
            "The coupon euros is only for prices in EUR, not in this price's currency.",
        ),
    ] {
        let res = shop.checkout("course", &product, EMAIL, code);
        assert_eq!(res.status, 422, "{code}: {}", res.body);
        assert!(
            res.body.contains(reason),
            "{code}: {reason} in {}",
            res.body
        );
        assert!(
            res.body.contains(r#"id="f-coupon-error""#),
            "beside the field: {code}"
        );
        assert!(
            res.body.contains(r#"<details class="coupon" open"#),
            "opened: {code}"
        );
        assert!(shop.orders(EMAIL).is_empty(), "no order for {code}");
    }
}

#[test]
fn a_coupon_link_shows_the_page_with_it_applied_or_with_the_reason() {
    let shop = Shop::open(&[]);
    shop.sell("course", "test", one_time(4900));
    shop.coupon(json!({"code": "Launch", "percent_off": 20, "duration": "repeating", "duration_in_months": 3}));
    let buyer = Browser::new(&shop.app.base);
    let plain = buyer.get("/p/course");
    assert_eq!(plain.status, 200);
    assert!(plain.body.contains("Have a coupon?") && !plain.body.contains("applied"));
    let linked = buyer.get("/p/course?coupon=LAUNCH");
    assert_eq!(linked.status, 200, "{}", linked.body);
    assert!(
        linked
            .body
            .contains("Coupon <strong>Launch</strong> applied: 20% off"),
        "{}",
        linked.body
    );
    assert!(
        linked.body.contains(r#"name="coupon" value="LAUNCH""#),
        "{}",
        linked.body
    );
    let unknown = buyer.get("/p/course?coupon=NOPE");
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("The coupon code NOPE is not known"));
    // The link's page is the buyer's own: the cached page stays without a coupon.
    assert!(!buyer.get("/p/course").body.contains("applied"));
}

/// A fixed amount in dollars on a page that also sells in euros: only the dollar option's
/// summary and button take it off.
#[test]
fn a_fixed_amount_shows_only_on_the_options_in_its_currency() {
    let shop = Shop::open(&[]);
    let prices = json!([{"kind": "one_time", "currency": "USD", "amount": 4900},
        {"kind": "one_time", "currency": "EUR", "amount": 4500}]);
    let product = shop.sell("course", "test", prices);
    shop.coupon(json!({"code": "TENOFF", "amount_off": 1000, "currency": "USD"}));
    let page = Browser::new(&shop.app.base)
        .get("/p/course?coupon=tenoff")
        .body;
    let block = |id: &Value| {
        let start = page
            .find(&format!("<div class=\"quote\" data-price=\"{id}\""))
            .unwrap();
        page[start..].split("</dl>").next().unwrap().to_string()
    };
    let (dollars, euros) = (
        block(&product["prices"][0]["id"]),
        block(&product["prices"][1]["id"]),
    );
    assert!(
        dollars.contains("<code>TENOFF</code>") && dollars.contains("$39.00"),
        "{dollars}"
    );
    assert!(
        !euros.contains("TENOFF") && euros.contains("€45.00"),
        "{euros}"
    );
    assert!(
        page.contains(">Pay $39.00<") && page.contains(">Pay €45.00<"),
        "{page}"
    );
}

#[test]
fn the_apply_button_shows_the_coupon_applied_and_places_no_order() {
    let shop = Shop::open(&[]);
    let product = shop.sell("course", "test", one_time(4900));
    shop.coupon(json!({"code": "HALF", "percent_off": 50}));
    let page = Browser::new(&shop.app.base).get("/p/course").body;
    assert!(page.contains(r#"<button class="apply" type="submit" name="apply_coupon" value="1" formnovalidate>Apply</button>"#), "{page}");
    let price = product["prices"][0]["id"].to_string();
    let fields = [
        ("coupon", "half"),
        ("apply_coupon", "1"),
        ("price_id", price.as_str()),
    ];
    let res = Browser::new(&shop.app.base).post("/p/course/checkout", &fields);
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(
        res.body
            .contains("Coupon <strong>HALF</strong> applied: 50% off<"),
        "{}",
        res.body
    );
    assert!(
        !res.body.contains("is required"),
        "applying needs no buyer details yet"
    );
    let refused = [("coupon", "nope"), ("apply_coupon", "1")];
    let res = Browser::new(&shop.app.base).post("/p/course/checkout", &refused);
    assert_eq!(res.status, 422);
    assert!(res.body.contains("The coupon code nope is not known"));
    let orders = shop.call("GET", "/orders", None).json();
    assert_eq!(orders.as_array().map(Vec::len), Some(0), "{orders}");
}

#[test]
fn two_buyers_racing_for_the_last_use_get_exactly_one_order() {
    let shop = Shop::open(&[]);
    let product = shop.sell("course", "test", one_time(4900));
    shop.coupon(json!({"code": "LAST", "percent_off": 30, "max_redemptions": 1}));
    for round in 0..5 {
        let code = format!("LAST{round}");
        shop.coupon(json!({"code": code, "percent_off": 30, "max_redemptions": 1}));
        let barrier = std::sync::Barrier::new(2);
        let statuses: Vec<u16> = std::thread::scope(|s| {
            let racers: Vec<_> = ["a", "b"]
                .into_iter()
                .map(|who| {
                    let (shop, product, barrier, code) = (&shop, &product, &barrier, &code);
                    s.spawn(move || {
                        barrier.wait();
                        let email = format!("{who}{round}@example.com");
                        shop.checkout("course", product, &email, code).status
                    })
                })
                .collect();
            racers.into_iter().map(|r| r.join().unwrap()).collect()
        });
        let mut sorted = statuses.clone();
        sorted.sort();
        assert_eq!(sorted, vec![303, 422], "round {round}");
        let placed = shop.orders(&format!("a{round}@example.com")).len()
            + shop.orders(&format!("b{round}@example.com")).len();
        assert_eq!(placed, 1, "round {round}");
    }
}

#[test]
fn an_abandoned_checkout_holds_its_use_for_an_hour_and_a_declined_one_gives_it_back_at_once() {
    let shop = Shop::open(&[]);
    let product = shop.sell("course", "test", one_time(4900));
    shop.coupon(json!({"code": "ONE", "percent_off": 10, "max_redemptions": 1}));
    assert_eq!(
        shop.checkout("course", &product, "a@example.com", "ONE")
            .status,
        303
    );
    assert_eq!(
        shop.checkout("course", &product, "b@example.com", "ONE")
            .status,
        422
    );
    shop.app.advance(3600);
    let res = shop.checkout("course", &product, "b@example.com", "ONE");
    assert_eq!(res.status, 303, "the hour is over: {}", res.body);
    let page = res.header("location").unwrap().to_string();
    assert_eq!(
        shop.checkout("course", &product, "c@example.com", "ONE")
            .status,
        422
    );
    Browser::new(&shop.app.base).post(&page, &[("action", "decline")]);
    assert_eq!(
        shop.checkout("course", &product, "c@example.com", "ONE")
            .status,
        303
    );
}

#[test]
fn a_coupon_that_makes_a_one_time_total_zero_completes_the_order_and_grants_it() {
    let shop = Shop::open(&[]);
    let product = shop.sell("course", "test", one_time(4900));
    shop.coupon(json!({"code": "FREE", "percent_off": 100}));
    let res = shop.checkout("course", &product, EMAIL, "free");
    assert_eq!(res.status, 303, "{}", res.body);
    let order = shop.order(EMAIL);
    let location = res.header("location").unwrap();
    assert_eq!(
        location,
        format!("/thank-you/{}", order["payment_ref"].as_str().unwrap())
    );
    for (field, value) in [
        ("status", json!("completed")),
        ("gateway", json!("none")),
        ("amount", json!(0)),
        ("subtotal", json!(4900)),
        ("discount", json!(4900)),
        ("processor_ref", json!(null)),
    ] {
        assert_eq!(order[field], value, "{field}: {order}");
    }
    assert_eq!(order["events"][0]["type"], "coupon.free_order", "{order}");
    let jobs = order["fulfillment"].as_array().unwrap();
    assert_eq!(
        (jobs.len(), jobs[0]["action"].clone()),
        (1, json!("grant")),
        "{order}"
    );
    assert_eq!(Browser::new(&shop.app.base).get(location).status, 200);
    shop.app.drain();
    assert!(shop.has_tag(EMAIL), "granted at Kartra");

    // A product that shows the receipt first shows it for a free order too.
    let mut shown = shop
        .call("GET", &format!("/products/{}", product["id"]), None)
        .json();
    shown["thank_you_url"] = json!("https://example.com/welcome");
    shown["show_receipt"] = json!(true);
    for field in ["id", "created_at", "updated_at"] {
        shown.as_object_mut().unwrap().remove(field);
    }
    let path = format!("/products/{}", product["id"]);
    let saved = shop.call("PUT", &path, Some(shown));
    assert_eq!(saved.status, 200, "{}", saved.body);
    let res = shop.checkout("course", &product, "second@example.com", "FREE");
    let order = shop.order("second@example.com");
    let location = res.header("location").unwrap();
    assert_eq!(
        location,
        format!("/thank-you/{}", order["payment_ref"].as_str().unwrap())
    );
    let receipt = Browser::new(&shop.app.base).get(location).body;
    assert!(receipt.contains("https://example.com/welcome"), "{receipt}");
}

#[test]
fn a_subscription_made_free_today_still_goes_to_the_processor() {
    let shop = Shop::open(&[]);
    let product = shop.sell("club", "test", monthly(1900));
    shop.coupon(json!({"code": "FIRSTFREE", "percent_off": 100}));
    let res = shop.checkout("club", &product, EMAIL, "firstfree");
    assert_eq!(res.status, 303);
    assert!(res.header("location").unwrap().starts_with("/pay/test/"));
    let order = shop.order(EMAIL);
    assert_eq!(
        (order["amount"].clone(), order["status"].clone()),
        (json!(0), json!("pending"))
    );
}
