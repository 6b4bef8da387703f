//! `PUT /api/v1/gateways/paystack`: the keys' prefixes, then proving them at Paystack from the
//! settings page; and the webhook URL the settings page gives the merchant.

use crate::app::TestApp;
use crate::fake_paystack::{FakePaystack, PUBLIC_KEY, SECRET_KEY};
use crate::harness::api;
use serde_json::json;

const PAGE: &str = "/admin/settings/gateways";

#[test]
fn paystack_keys_are_refused_without_their_prefixes_and_saved_with_them() {
    let paystack = FakePaystack::start();
    let app = TestApp::start(&["--paystack-api-url", &paystack.url]);
    let token = app.api_token();
    let put = |body: serde_json::Value| {
        api(
            &app.base,
            "PUT",
            "/gateways/paystack",
            Some(&token),
            Some(&body.to_string()),
        )
    };
    let refused = [
        json!({"secret_key": PUBLIC_KEY}),
        json!({"public_key": SECRET_KEY}),
        json!({"secret_key": "sk_test with_a_space"}),
        json!({"secret_key": "rk_live_restricted"}),
    ];
    for body in refused {
        let res = put(body.clone());
        assert_eq!(
            (res.status, res.error_code()),
            (422, "validation_failed".to_string()),
            "{body}: {}",
            res.body
        );
    }
    let enable = put(json!({"enabled": true}));
    assert_eq!(enable.status, 422, "no keys saved yet: {}", enable.body);

    let res = put(json!({"enabled": true, "secret_key": SECRET_KEY, "public_key": PUBLIC_KEY}));
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        (
            res.json()["enabled"].as_bool(),
            res.json()["configured"].as_bool()
        ),
        (Some(true), Some(true))
    );
    assert!(
        !res.body.contains(SECRET_KEY),
        "the secret key is never shown back: {}",
        res.body
    );
}

#[test]
fn the_settings_page_proves_the_keys_at_paystack_and_gives_the_webhook_url() {
    let paystack = FakePaystack::start();
    let app = TestApp::start(&["--paystack-api-url", &paystack.url]);
    let token = app.api_token();
    let put = |body: serde_json::Value| {
        api(
            &app.base,
            "PUT",
            "/gateways/paystack",
            Some(&token),
            Some(&body.to_string()),
        )
    };
    assert_eq!(
        put(json!({"enabled": true, "secret_key": SECRET_KEY, "public_key": PUBLIC_KEY})).status,
        200
    );
    let admin = app.admin();
    let page = admin.get(PAGE);
    assert!(
        page.body
            .contains(&format!("{}/webhooks/paystack", app.base)),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("API Keys &amp; Webhooks"),
        "{}",
        page.body
    );

    let verify = [("gateway", "paystack"), ("action", "verify")];
    let res = admin.submit(PAGE, PAGE, &verify);
    assert!(
        res.body.contains("Paystack accepted the keys."),
        "{}",
        res.body
    );
    let asked = paystack
        .calls()
        .into_iter()
        .filter(|c| c.1 == "/balance")
        .collect::<Vec<_>>();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].2, 200);

    assert_eq!(
        put(json!({"secret_key": "sk_test_revoked0000"})).status,
        200
    );
    let res = admin.submit(PAGE, PAGE, &verify);
    assert!(
        res.body
            .contains("The keys were refused: Paystack answered 401: Invalid key"),
        "{}",
        res.body
    );
}
