//! `GET /api/v1/stats`: every figure of a hand-computed day of sales, empty days as zeros, and
//! bad ranges refused naming their field.

use super::*;

/// Today and the day before yesterday, in UTC, as the server's clock sees them.
fn days() -> (String, String) {
    let day = |t: i64| {
        time::OffsetDateTime::from_unix_timestamp(t)
            .unwrap()
            .date()
            .to_string()
    };
    (day(now()), day(now() - 2 * 86_400))
}

fn stats(shop: &Shop, query: &str) -> crate::harness::Resp {
    let path = format!("/stats?{query}");
    api(&shop.server.base, "GET", &path, Some(&shop.token), None)
}

/// Four orders today over two pages and two currencies: on `pro` a USD 49.00 purchase refunded
/// 10.00 and a USD 19.00 monthly subscription; on `bonus` a EUR 19.99 purchase and one never paid.
#[test]
fn a_days_sales_add_up_per_currency_order_and_page() {
    let shop = Shop::open();
    let bonus = shop.sell(
        json!({"name": "Bonus", "kartra_tag": "bonus-buyer",
            "prices": [{"kind": "one_time", "currency": "EUR", "amount": 1999}]}),
        "bonus",
        &["test"],
    );
    shop.buy("ada@example.com", 0);
    shop.buy("sub@example.com", 1);
    let bonus_price = bonus["prices"][0]["id"].to_string();
    let on_bonus = |email: &str| {
        let fields = [
            ("email", email),
            ("first_name", "B"),
            ("last_name", "Buyer"),
            ("price_id", &bonus_price),
            ("gateway", "test"),
        ];
        let res = Browser::new(&shop.server.base).post("/p/bonus/checkout", &fields);
        assert_eq!(res.status, 303, "{}", res.body);
        res.header("location").unwrap().to_string()
    };
    let paid = shop.press(&on_bonus("alan@example.com"), "complete");
    assert_eq!(paid.status, 303, "{}", paid.body);
    on_bonus("grace@example.com");
    let ada = &shop.orders("ada@example.com")[0];
    let path = format!("/orders/{}/refund", ada["id"]);
    let body = r#"{"amount": 1000, "reason": "a chapter was missing"}"#;
    let refund = api(
        &shop.server.base,
        "POST",
        &path,
        Some(&shop.token),
        Some(body),
    );
    assert_eq!(refund.status, 202, "{}", refund.body);

    let (today, _) = days();
    let query = format!("from={today}&to={today}");
    // Access is granted by the worker in the background: wait for all three grants.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let answer = loop {
        let res = stats(&shop, &query);
        assert_eq!(res.status, 200, "{}", res.body);
        let answer = res.json();
        let granted: i64 = (answer["pages"].as_array().unwrap().iter())
            .map(|p| p["access_granted"].as_i64().unwrap())
            .sum();
        if granted == 3 || std::time::Instant::now() > deadline {
            break answer;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let pages = api(&shop.server.base, "GET", "/pages", Some(&shop.token), None).json();
    let page_id = |slug: &str| {
        let pages = pages.as_array().unwrap();
        pages.iter().find(|p| p["slug"] == slug).unwrap()["id"].clone()
    };
    assert_eq!(
        answer,
        json!({
            "from": today, "to": today,
            "currencies": {
                "EUR": {"revenue": 1999, "refunded": 0, "net": 1999, "orders_paid": 1,
                    "by_day": [{"date": today, "revenue": 1999, "orders_paid": 1}]},
                "USD": {"revenue": 6800, "refunded": 1000, "net": 5800, "orders_paid": 2,
                    "by_day": [{"date": today, "revenue": 6800, "orders_paid": 2}]},
            },
            "orders": {"placed": 4, "paid": 3, "refunded": 0, "failed": 0},
            "subscriptions": {"active": 1, "mrr": {"USD": 1900}},
            "pages": [
                {"page_id": page_id("pro"), "slug": "pro", "title": "Pro", "views": 0,
                    "checkouts_started": 2, "paid": 2, "access_granted": 2},
                {"page_id": page_id("bonus"), "slug": "bonus", "title": "bonus", "views": 0,
                    "checkouts_started": 2, "paid": 1, "access_granted": 1},
            ],
            "take_rates": {"bump": {"offered": 0, "taken": 0}, "upsell": {"shown": 0, "taken": 0}},
        })
    );

    // The days before had nothing: zeros, every day listed.
    let (today, before) = days();
    let wider = stats(&shop, &format!("from={before}&to={today}")).json();
    let by_day = wider["currencies"]["EUR"]["by_day"].as_array().unwrap();
    assert_eq!(by_day.len(), 3);
    assert_eq!(
        (
            &by_day[0]["revenue"],
            &by_day[0]["orders_paid"],
            &by_day[1]["revenue"]
        ),
        (&json!(0), &json!(0), &json!(0))
    );
    assert_eq!(by_day[2]["revenue"], 1999);
    let empty = stats(&shop, &format!("from={before}&to={before}")).json();
    assert_eq!(empty["currencies"], json!({}));
    assert_eq!(
        empty["orders"],
        json!({"placed": 0, "paid": 0, "refunded": 0, "failed": 0})
    );
    assert_eq!(empty["pages"][0]["checkouts_started"], 0);
    assert_eq!(
        empty["subscriptions"]["active"], 1,
        "active is now, not in the range"
    );
}

#[test]
fn bad_ranges_are_refused_naming_their_field() {
    let shop = Shop::open();
    for (query, field) in [
        ("from=2026-02-30", "from"),
        ("to=yesterday", "to"),
        ("from=2026-12-02&to=2026-12-01", "from"),
        ("from=2025-01-01&to=2026-01-02", "to"),
    ] {
        let res = stats(&shop, query);
        assert_eq!(res.status, 422, "{query}: {}", res.body);
        assert!(
            res.json()["error"]["fields"][field].is_string(),
            "{query}: {}",
            res.body
        );
    }
    assert_eq!(
        stats(&shop, "from=2025-01-01&to=2026-01-01").status,
        200,
        "366 days"
    );
    assert_eq!(stats(&shop, "since=2026-01-01").status, 400);
    let default = stats(&shop, "").json();
    let day = |t: i64| {
        time::OffsetDateTime::from_unix_timestamp(t)
            .unwrap()
            .date()
            .to_string()
    };
    assert_eq!(
        (&default["from"], &default["to"]),
        (&json!(day(now() - 29 * 86_400)), &json!(day(now()))),
        "the last 30 days, today included"
    );
}
