//! What the merchant sees and sets: Kartra settings, orders in the dashboard and the API, and
//! the request limits.

use super::*;

#[test]
fn kartra_settings_never_show_the_secrets_and_the_connection_test_lists_tags() {
    let shop = Shop::open();
    let got = api(
        &shop.server.base,
        "GET",
        "/integrations/kartra",
        Some(&shop.token),
        None,
    );
    assert_eq!(got.json()["app_id"], APP_ID);
    assert!(!got.body.contains(API_KEY) && !got.body.contains(API_PASSWORD));
    let tested = api(
        &shop.server.base,
        "POST",
        "/integrations/kartra/test",
        Some(&shop.token),
        None,
    )
    .json();
    assert_eq!(tested["ok"], true);
    assert!(tested["tags"].as_array().unwrap().contains(&json!(TAG)));
    shop.kartra
        .set_credentials(APP_ID, "rotated-key", API_PASSWORD);
    let rejected = api(
        &shop.server.base,
        "POST",
        "/integrations/kartra/test",
        Some(&shop.token),
        None,
    )
    .json();
    assert_eq!(
        (rejected["ok"].as_bool(), rejected["error"]["code"].as_str()),
        (Some(false), Some("credentials_rejected"))
    );
    let bad = api(
        &shop.server.base,
        "PUT",
        "/integrations/kartra",
        Some(&shop.token),
        Some(r#"{"app_id": "", "api_key": "k"}"#),
    );
    assert_eq!(bad.status, 422);
    let db = std::fs::read(shop.server.data_dir().join("tagcart.db")).unwrap();
    let wal = std::fs::read(shop.server.data_dir().join("tagcart.db-wal")).unwrap_or_default();
    for secret in [API_KEY, API_PASSWORD, SECRET] {
        let found = |bytes: &[u8]| bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
        assert!(!found(&db) && !found(&wal), "{secret} stored in clear");
    }
}

#[test]
fn the_dashboard_shows_orders_and_each_orders_timeline() {
    let shop = Shop::open();
    shop.buy("jane@example.com", 0);
    shop.wait_order("jane@example.com", "the grant recorded", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let admin = shop.server.admin();
    let list = admin.get("/admin/orders?status=completed");
    assert!(
        list.body.contains("jane@example.com") && list.body.contains("grant done"),
        "{}",
        list.body
    );
    assert!(!admin
        .get("/admin/orders?status=failed")
        .body
        .contains("jane@example.com"));
    let id = shop.orders("jane@example.com")[0]["id"].clone();
    let page = admin.get(&format!("/admin/orders/{id}"));
    for text in [
        "payment.completed",
        "grant: done",
        "assign_tag",
        TAG,
        "1 Main St",
    ] {
        assert!(page.body.contains(text), "order page shows {text}");
    }
}

#[test]
fn a_product_with_orders_cannot_be_deleted_and_bad_queries_get_json_errors() {
    let shop = Shop::open();
    shop.checkout("someone@example.com", 0);
    let page_id =
        api(&shop.server.base, "GET", "/pages", Some(&shop.token), None).json()[0]["id"].clone();
    assert_eq!(
        api(
            &shop.server.base,
            "DELETE",
            &format!("/pages/{page_id}"),
            Some(&shop.token),
            None
        )
        .status,
        204
    );
    let res = api(
        &shop.server.base,
        "DELETE",
        &format!("/products/{}", shop.product["id"]),
        Some(&shop.token),
        None,
    );
    assert_eq!(
        (res.status, res.error_code().as_str()),
        (409, "product_has_orders")
    );
    for query in [
        "/orders?colour=red",
        "/orders?limit=lots",
        "/orders?status=paid",
    ] {
        let res = api(&shop.server.base, "GET", query, Some(&shop.token), None);
        assert!(
            res.status == 400 || res.status == 422,
            "{query}: {}",
            res.status
        );
        assert!(
            res.json()["error"]["code"].is_string(),
            "{query}: JSON error"
        );
    }
}

#[test]
fn a_large_webhook_event_is_accepted_while_forms_keep_their_small_limit() {
    let shop = Shop::open();
    let page = shop.checkout("big@example.com", 0);
    let payment_ref = page.trim_start_matches("/pay/test/");
    let t = now();
    let body = json!({"id": "evt_big", "type": "payment.completed", "created": t,
        "data": {"payment_ref": payment_ref}, "padding": "x".repeat(200_000)})
    .to_string();
    let res = post_signed(&shop.server.base, &body, &signature(SECRET, t, &body));
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(shop.orders("big@example.com")[0]["status"], "completed");
}
