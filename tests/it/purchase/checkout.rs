//! The checkout form: amounts come from the database, bad input is refused with no order, and
//! buyers checking out at once each get one.

use super::*;

#[test]
fn amounts_sent_by_the_buyer_are_ignored() {
    let shop = Shop::open();
    let res = shop.submit(
        "cheap@example.com",
        &[
            ("price_id", &shop.price_id(0)),
            ("amount", "1"),
            ("currency", "JPY"),
        ],
    );
    assert_eq!(res.status, 303);
    let order = &shop.orders("cheap@example.com")[0];
    assert_eq!(
        (order["amount"].as_i64(), order["currency"].as_str()),
        (Some(4900), Some("USD"))
    );
}

#[test]
fn malformed_checkout_input_gets_422_with_the_errors_and_no_order() {
    let shop = Shop::open();
    let cases: Vec<(Vec<(&str, String)>, &str)> = vec![
        (vec![("email", "".into())], "is required"),
        (
            vec![("email", "not-an-email".into())],
            "must be an email address",
        ),
        (
            vec![("price_id", "999999".into())],
            "choose one of the options shown",
        ),
        (
            vec![("gateway", "paypal".into())],
            "choose one of the payment methods shown",
        ),
        (vec![("first_name", "<script>".into())], "must not contain"),
        (vec![("city", "x".repeat(500))], "at most 100 characters"),
    ];
    let price = shop.price_id(0);
    for (overrides, message) in cases {
        let mut fields: Vec<(&str, &str)> = vec![
            ("first_name", "Jane"),
            ("last_name", "Doe"),
            ("email", "ok@example.com"),
            ("price_id", &price),
            ("gateway", "test"),
        ];
        for (k, v) in &overrides {
            fields.retain(|(name, _)| name != k);
            fields.push((k, v));
        }
        let res = Browser::new(&shop.server.base).post("/p/pro/checkout", &fields);
        assert_eq!(res.status, 422, "{overrides:?}");
        assert!(res.body.contains(message), "{overrides:?}: {message}");
        assert!(
            res.body.contains("value=\"Doe\""),
            "the form keeps what was typed"
        );
    }
    assert_eq!(
        api(&shop.server.base, "GET", "/orders", Some(&shop.token), None).json(),
        json!([])
    );
}

#[test]
fn buyers_checking_out_at_once_each_get_an_order_and_the_filtered_lists_find_them() {
    let shop = Shop::open();
    // Placed together, they share commits in the group-commit writer: each must still be its own.
    let refs: Vec<String> = std::thread::scope(|s| {
        let placing: Vec<_> = (0..16)
            .map(|i| {
                let shop = &shop;
                s.spawn(move || shop.place(&format!("crowd{i}@example.com")))
            })
            .collect();
        placing.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let distinct: std::collections::HashSet<_> = refs.iter().collect();
    assert_eq!(distinct.len(), 16, "{refs:?}");
    shop.buy("crowd0@example.com", 0);
    shop.wait_order("crowd0@example.com", "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let list = |query: &str| -> Vec<Value> {
        let res = api(&shop.server.base, "GET", query, Some(&shop.token), None);
        assert_eq!(res.status, 200, "{query}: {}", res.body);
        res.json().as_array().unwrap().clone()
    };
    let pending = list("/orders?status=pending&limit=1000");
    assert_eq!(
        pending.len(),
        16,
        "the 16 placed together; crowd0 paid for a second one"
    );
    let ids: Vec<i64> = pending.iter().map(|o| o["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    assert!(pending.iter().all(|o| o["fulfillment"] == json!([])));
    // The email matches whatever its case; each order comes with its own jobs.
    let crowd0 = list("/orders?email=CROWD0%40Example.com");
    assert_eq!(crowd0.len(), 2, "{crowd0:?}");
    assert_eq!(crowd0[0]["status"], "completed");
    assert_eq!(crowd0[0]["fulfillment"][0]["action"], "grant");
    assert_eq!(crowd0[1]["fulfillment"], json!([]));
    let completed = list("/orders?status=completed&email=crowd0%40example.com");
    assert_eq!(completed.len(), 1);
    assert_eq!(completed[0]["id"], crowd0[0]["id"]);
}
