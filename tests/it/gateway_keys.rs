//! A processor's keys follow one rule on Settings → Payment gateways and in the API: what
//! one refuses, the other refuses too, and what one saves, the other saves.

use crate::harness::{api, Server};
use serde_json::json;

const PAGE: &str = "/admin/settings/gateways";

#[test]
fn the_dashboard_refuses_the_stripe_keys_the_api_refuses() {
    let server = Server::start();
    let browser = server.admin();
    let token = server.api_token();
    let put = |body: serde_json::Value| {
        api(
            &server.base,
            "PUT",
            "/gateways/stripe",
            Some(&token),
            Some(&body.to_string()),
        )
    };
    let refused = [
        ("secret_key", "pk_test_the_wrong_key"),
        ("publishable_key", "sk_test_the_wrong_key"),
        ("webhook_secret", "we_not_a_signing_secret"),
        ("secret_key", "sk_test with_a_space"),
    ];
    for (field, value) in refused {
        let by_api = put(json!({ field: value }));
        assert_eq!(
            (by_api.status, by_api.error_code()),
            (422, "validation_failed".to_string()),
            "API, {field} = {value}: {}",
            by_api.body
        );
        let fields = [("gateway", "stripe"), (field, value), ("action", "save")];
        let by_dashboard = browser.submit(PAGE, PAGE, &fields);
        assert_eq!(
            by_dashboard.status, 422,
            "dashboard, {field} = {value}: {}",
            by_dashboard.body
        );
        assert!(
            by_dashboard.body.contains("Not saved."),
            "{}",
            by_dashboard.body
        );
        assert!(
            by_dashboard.body.contains(field),
            "names the field: {}",
            by_dashboard.body
        );
    }
    // Nothing refused was kept: Stripe still lacks every key, so it cannot be switched on.
    let enable = put(json!({"enabled": true}));
    assert_eq!(enable.status, 422, "{}", enable.body);
    assert!(!browser.get(PAGE).body.contains("wrong_key"));

    // Keys both accept: the dashboard saves them and switches Stripe on.
    let fields = [
        ("gateway", "stripe"),
        ("publishable_key", "pk_test_accepted"),
        ("secret_key", "sk_test_accepted"),
        ("webhook_secret", "whsec_accepted"),
        ("enabled", "on"),
        ("action", "save"),
    ];
    let saved = browser.submit(PAGE, PAGE, &fields);
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.body.contains("Saved."), "{}", saved.body);
    assert!(saved.body.contains("pk_test_accepted"));
    let by_api = put(
        json!({"publishable_key": "pk_test_accepted", "secret_key": "sk_test_accepted", "webhook_secret": "whsec_accepted"}),
    );
    assert_eq!(by_api.status, 200, "{}", by_api.body);
    assert_eq!(
        (
            by_api.json()["enabled"].as_bool(),
            by_api.json()["configured"].as_bool()
        ),
        (Some(true), Some(true))
    );
}
