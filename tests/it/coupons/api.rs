//! `/api/v1/coupons`: create, read, PUT back what GET gave, delete, and every 4xx.

use super::{one_time, Shop};
use crate::harness::api;
use serde_json::json;

#[test]
fn a_coupon_is_created_read_put_back_unchanged_listed_and_deleted() {
    let shop = Shop::open(&[]);
    let product = shop.sell("launch", "test", one_time(4900));
    let created = shop.coupon(json!({"code": "Launch-20", "percent_off": 20, "product_ids": [product["id"]],
        "expires_at": "2030-01-01T00:00:00Z", "max_redemptions": 5, "duration": "repeating", "duration_in_months": 3}));
    for (field, value) in [
        ("code", json!("Launch-20")),
        ("percent_off", json!(20)),
        ("amount_off", json!(null)),
        ("currency", json!(null)),
        ("product_ids", json!([product["id"]])),
        ("expires_at", json!("2030-01-01T00:00:00Z")),
        ("max_redemptions", json!(5)),
        ("duration", json!("repeating")),
        ("duration_in_months", json!(3)),
        ("paused", json!(false)),
        ("times_redeemed", json!(0)),
    ] {
        assert_eq!(created[field], value, "{field}: {created}");
    }
    let path = format!("/coupons/{}", created["id"]);
    let got = shop.call("GET", &path, None);
    assert_eq!((got.status, got.json()), (200, created.clone()));

    let put = shop.call("PUT", &path, Some(created.clone()));
    assert_eq!(
        put.status, 200,
        "a GET answer is accepted back: {}",
        put.body
    );
    let mut changed = created.clone();
    changed["paused"] = json!(true);
    let put = shop.call("PUT", &path, Some(changed));
    assert_eq!(
        (put.status, put.json()["paused"].clone()),
        (200, json!(true))
    );

    let list = shop.call("GET", "/coupons", None).json();
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(shop.call("DELETE", &path, None).status, 204);
    assert_eq!(shop.call("GET", &path, None).status, 404);
    assert_eq!(shop.call("DELETE", &path, None).status, 404);
}

#[test]
fn the_apis_refusals_are_json_errors_with_their_status() {
    let shop = Shop::open(&[]);
    shop.coupon(json!({"code": "SAVE10", "amount_off": 1000, "currency": "USD"}));
    // Codes match whatever their case: the same code again is a conflict.
    let taken = shop.call(
        "POST",
        "/coupons",
        Some(json!({"code": "save10", "percent_off": 5})),
    );
    assert_eq!(
        (taken.status, taken.error_code()),
        (409, "code_taken".to_string()),
        "{}",
        taken.body
    );

    let invalid = shop.call(
        "POST",
        "/coupons",
        Some(json!({"code": "X", "percent_off": 10, "amount_off": 5})),
    );
    assert_eq!(invalid.status, 422, "{}", invalid.body);
    let no_currency = shop.call(
        "POST",
        "/coupons",
        Some(json!({"code": "X", "amount_off": 5})),
    );
    assert!(
        no_currency.body.contains("currency"),
        "{}",
        no_currency.body
    );
    let no_product = shop.call(
        "POST",
        "/coupons",
        Some(json!({"code": "X", "percent_off": 10, "product_ids": [999]})),
    );
    assert_eq!(no_product.status, 422, "{}", no_product.body);
    assert!(
        no_product.body.contains("product_ids[0]"),
        "{}",
        no_product.body
    );
    let unknown_field = shop.call(
        "POST",
        "/coupons",
        Some(json!({"code": "X", "percent_off": 10, "colour": "red"})),
    );
    assert_eq!(unknown_field.status, 400, "{}", unknown_field.body);

    assert_eq!(shop.call("GET", "/coupons/999", None).status, 404);
    assert_eq!(shop.call("GET", "/coupons/abc", None).status, 404);
    let put = shop.call(
        "PUT",
        "/coupons/999",
        Some(json!({"code": "Y", "percent_off": 10})),
    );
    assert_eq!(put.status, 404);
    let anonymous = api(&shop.app.base, "GET", "/coupons", None, None);
    assert_eq!(anonymous.status, 401);
    let coupons = shop.call("GET", "/coupons", None).json();
    assert_eq!(
        coupons.as_array().map(Vec::len),
        Some(1),
        "nothing refused was stored"
    );
}
