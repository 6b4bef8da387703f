//! Mollie's key on Settings → Payment gateways and through `PUT /api/v1/gateways/mollie`.

use super::mollie_shop;
use crate::fake_mollie::FakeMollie;
use crate::harness::api;
use serde_json::json;

const PAGE: &str = "/admin/settings/gateways";

#[test]
fn the_api_takes_only_a_mollie_api_key() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    let put = |body: serde_json::Value| {
        api(
            &shop.server.base,
            "PUT",
            "/gateways/mollie",
            Some(&shop.token),
            Some(&body.to_string()),
        )
    };
    for (key, said) in [
        (
            "sk_test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM",
            "must start with live_ or test_",
        ),
        ("test_short", "at least 30 characters"),
        ("test_dHar4XY7LxsDOtmnk VtjNVWXLSlXsM", "without spaces"),
    ] {
        let res = put(json!({"api_key": key}));
        assert_eq!(
            (res.status, res.error_code()),
            (422, "validation_failed".into()),
            "{key}: {}",
            res.body
        );
        assert!(res.body.contains(said), "{key}: {}", res.body);
    }
    let unknown = put(json!({"api_key": crate::fake_mollie::API_KEY, "profile_id": "pfl_1"}));
    assert_eq!(unknown.status, 400, "{}", unknown.body);
    let live = put(json!({"api_key": "live_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"}));
    assert_eq!(live.status, 200, "{}", live.body);
    assert!(
        !live.body.contains("dHar4XY7"),
        "the key is never shown back: {}",
        live.body
    );
}

#[test]
fn the_settings_page_verifies_the_key_with_mollie_and_says_what_to_set_up() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    let admin = shop.server.admin();
    let page = admin.get(PAGE);
    assert!(
        page.body
            .contains(&format!("{}/webhooks/mollie", shop.server.base)),
        "the webhook URL"
    );
    assert!(
        page.body.contains("Nothing to set up in Mollie"),
        "{}",
        page.body
    );
    let fields = [("gateway", "mollie"), ("action", "verify")];
    let verified = admin.submit(PAGE, PAGE, &fields);
    assert!(
        verified.body.contains("Mollie accepted the keys."),
        "{}",
        verified.body
    );
    assert!(mollie
        .calls()
        .iter()
        .any(|c| c.method == "GET" && c.path == "/v2/methods" && c.status == 200));

    let wrong = json!({"api_key": "test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}).to_string();
    let saved = api(
        &shop.server.base,
        "PUT",
        "/gateways/mollie",
        Some(&shop.token),
        Some(&wrong),
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    let refused = admin.submit(PAGE, PAGE, &fields);
    assert!(
        refused
            .body
            .contains("The keys were refused: Mollie refused the API key"),
        "{}",
        refused.body
    );
}
