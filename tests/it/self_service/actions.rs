//! The merchant's refund and cancel on the test gateway, through the API.

use super::*;
use crate::purchase::TAG;

#[test]
fn a_partial_refund_keeps_access_and_the_rest_refunds_the_order() {
    let shop = Shop::open();
    shop.buy("ann@example.com", 0);
    let order = shop.wait_order("ann@example.com", "access", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    // Bad requests change nothing.
    for (body, code) in [
        (r#"{"amount": 0}"#, "invalid_amount"),
        (r#"{"amount": 5000}"#, "invalid_amount"),
        (r#"{"amount": "12"}"#, "invalid_body"),
        (r#"{"amount": 100, "extra": 1}"#, "invalid_body"),
        ("{", "invalid_json"),
    ] {
        let res = act(&shop, &order, "refund", body);
        assert!(
            res.status == 400 || res.status == 422,
            "{body}: {}",
            res.body
        );
        assert_eq!(res.json()["error"]["code"], code, "{body}: {}", res.body);
    }
    let one_time = act(&shop, &order, "cancel", "{}");
    assert_eq!(
        one_time.error_code(),
        "not_a_subscription",
        "{}",
        one_time.body
    );

    let part = act(
        &shop,
        &order,
        "refund",
        r#"{"amount": 1000, "reason": "Late delivery"}"#,
    );
    assert_eq!(part.status, 202, "{}", part.body);
    let action = part.json();
    assert_eq!(
        (action["state"].as_str(), action["amount"].as_i64()),
        (Some("done"), Some(1000))
    );
    assert_eq!(action["requested_by"], "token tests");
    let order = shop.orders("ann@example.com").remove(0);
    assert_eq!(
        (order["status"].as_str(), order["refunded"].as_i64()),
        (Some("completed"), Some(1000))
    );
    assert!(
        shop.has_tag("ann@example.com", TAG),
        "a partial refund keeps access"
    );

    let rest = act(&shop, &order, "refund", "");
    assert_eq!(rest.status, 202, "{}", rest.body);
    assert_eq!(rest.json()["amount"], 3900, "all that was left");
    let order = shop.wait_order("ann@example.com", "the revoke", |o| {
        o["fulfillment"]
            .as_array()
            .is_some_and(|j| j.len() == 2 && j[1]["state"] == "done")
    });
    assert_eq!(
        (order["status"].as_str(), order["refunded"].as_i64()),
        (Some("refunded"), Some(4900))
    );
    assert!(!shop.has_tag("ann@example.com", TAG));
    let again = act(&shop, &order, "refund", "{}");
    assert_eq!(again.error_code(), "not_refundable", "{}", again.body);
    let detail = shop.order_detail(&order["id"]);
    let actions = detail["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 2, "{detail}");
    assert_eq!(actions[0]["reason"], "Late delivery");
    let kinds: Vec<&str> = (detail["events"].as_array().unwrap().iter())
        .filter_map(|e| e["outcome"].as_str())
        .collect();
    assert!(
        kinds.iter().any(|o| o.starts_with("partly refunded")),
        "{kinds:?}"
    );
}

#[test]
fn a_subscription_cancelled_at_period_end_keeps_access_until_then() {
    let shop = Shop::open();
    shop.buy("sam@example.com", 1);
    let order = shop.wait_order("sam@example.com", "access", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let res = act(&shop, &order, "cancel", r#"{"at_period_end": true}"#);
    assert_eq!(res.status, 202, "{}", res.body);
    assert_eq!(res.json()["state"], "done", "{}", res.body);
    let again = act(&shop, &order, "cancel", "{}");
    assert_eq!(again.error_code(), "not_cancellable", "{}", again.body);
    let order = shop.orders("sam@example.com").remove(0);
    assert_eq!(order["status"], "cancelled");
    assert!(
        shop.has_tag("sam@example.com", TAG),
        "paid until the period's end"
    );
    let path = "/access?email=sam@example.com";
    let access = api(&shop.server.base, "GET", path, Some(&shop.token), None).json();
    let revoke_at = access[0]["revoke_at"].as_str().unwrap_or_default();
    let revoke_at =
        time::OffsetDateTime::parse(revoke_at, &time::format_description::well_known::Rfc3339)
            .map_or(0, |t| t.unix_timestamp());
    let month = crate::purchase::now() + 28 * 86_400;
    assert!(revoke_at >= month, "access ends a month from now: {access}");
}

#[test]
fn a_subscription_cancelled_now_loses_access_now() {
    let shop = Shop::open();
    shop.buy("nia@example.com", 1);
    let order = shop.wait_order("nia@example.com", "access", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let res = act(&shop, &order, "cancel", r#"{"at_period_end": false}"#);
    assert_eq!(res.status, 202, "{}", res.body);
    shop.wait_order("nia@example.com", "the revoke", |o| {
        o["status"] == "cancelled"
            && o["fulfillment"]
                .as_array()
                .is_some_and(|j| j.len() == 2 && j[1]["state"] == "done")
    });
    assert!(!shop.has_tag("nia@example.com", TAG));
}

#[test]
fn unknown_orders_and_tokens_are_refused() {
    let shop = Shop::open();
    let nobody = serde_json::json!({"id": 999});
    assert_eq!(act(&shop, &nobody, "refund", "{}").status, 404);
    let res = api(
        &shop.server.base,
        "POST",
        "/orders/1/refund",
        Some("tc_wrong"),
        Some("{}"),
    );
    assert_eq!(res.status, 401);
}

#[test]
fn the_order_page_confirms_a_refund_before_asking_and_records_who_asked() {
    let shop = Shop::open();
    shop.buy("liv@example.com", 0);
    let order = shop.wait_order("liv@example.com", "access", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let admin = shop.server.admin();
    let page = format!("/admin/orders/{}", order["id"]);
    let shown = admin.get(&page);
    assert!(shown.body.contains("Refund or cancel"), "{}", shown.body);
    assert!(
        !shown.body.contains("Cancel now"),
        "a one-time payment has nothing to cancel"
    );
    let csrf = crate::harness::csrf_of(&shown.body);
    let refund = format!("{page}/refund");
    let forged = admin.post(&refund, &[("amount", "10.00"), ("confirm", "yes")]);
    assert_eq!(forged.status, 403, "no CSRF token: {}", forged.body);
    let asked = admin.post(
        &refund,
        &[("csrf", &csrf), ("amount", "10.00"), ("reason", "Goodwill")],
    );
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert!(
        asked.body.contains("Refund $10.00 of order"),
        "{}",
        asked.body
    );
    assert!(
        asked.body.contains("the buyer keeps access"),
        "{}",
        asked.body
    );
    assert_eq!(
        shop.orders("liv@example.com")[0]["refunded"],
        0,
        "nothing before the confirmation"
    );
    let bad = admin.post(
        &refund,
        &[("csrf", &csrf), ("amount", "ten"), ("confirm", "yes")],
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
    let done = admin.post(
        &refund,
        &[
            ("csrf", &csrf),
            ("amount", "10.00"),
            ("reason", "Goodwill"),
            ("confirm", "yes"),
        ],
    );
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(shop.orders("liv@example.com")[0]["refunded"], 1000);
    let shown = admin.get(&page);
    assert!(
        shown.body.contains("admin admin@example.com"),
        "{}",
        shown.body
    );
    assert!(
        shown.body.contains("refund $10.00: Goodwill"),
        "{}",
        shown.body
    );
    let too_much = admin.post(
        &refund,
        &[("csrf", &csrf), ("amount", "45.00"), ("confirm", "yes")],
    );
    assert_eq!(too_much.status, 422, "{}", too_much.body);
}

#[test]
fn a_switched_off_test_gateway_refunds_nothing() {
    let shop = Shop::open();
    shop.buy("off@example.com", 0);
    let order = shop.wait_order("off@example.com", "access", |o| o["status"] == "completed");
    let off = serde_json::json!({"enabled": false, "webhook_secret": crate::purchase::SECRET})
        .to_string();
    let res = api(
        &shop.server.base,
        "PUT",
        "/gateways/test",
        Some(&shop.token),
        Some(&off),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    let refused = act(&shop, &order, "refund", "{}");
    assert_eq!(
        refused.error_code(),
        "processor_refused",
        "{}",
        refused.body
    );
    assert!(refused.body.contains("switched off"), "{}", refused.body);
    let order = shop.orders("off@example.com").remove(0);
    assert_eq!(
        (order["status"].as_str(), order["refunded"].as_i64()),
        (Some("completed"), Some(0))
    );
}

/// While Stripe cannot answer, a refund waits in the queue and the scheduler asks again after
/// its backoff, on the test's clock, with the same idempotency key, until Stripe takes it.
#[test]
fn a_refund_stripe_cannot_take_yet_is_asked_again_after_its_backoff_with_the_same_key() {
    use crate::fake_server::{Canned, Recorder};
    let busy = || {
        Canned::new(
            503,
            r#"{"error": {"type": "api_error", "message": "busy"}}"#,
        )
    };
    let refund = Canned::new(200, r#"{"id": "re_1", "object": "refund", "amount": 1000}"#);
    let stripe = Recorder::start(vec![busy(), busy(), refund]);
    let app = crate::app::TestApp::start(&["--stripe-api-url", &stripe.url("")]);
    let token = app.api_token();
    let keys = serde_json::json!({"enabled": true, "secret_key": "sk_test_x", "publishable_key": "pk_test_x",
        "webhook_secret": "whsec_x"});
    let res = api(
        &app.base,
        "PUT",
        "/gateways/stripe",
        Some(&token),
        Some(&keys.to_string()),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    app.pool
        .get()
        .unwrap()
        .execute_batch(
            "INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at) VALUES ('P', 't', 1, 0, 0);
             INSERT INTO orders (status, product_id, price_id, price_kind, amount, subtotal, currency, email, first_name,
               last_name, gateway, payment_ref, processor_ref, created_at, completed_at, updated_at)
             VALUES ('completed', 1, 1, 'one_time', 4900, 4900, 'USD', 'a@x.co', 'A', 'B', 'stripe', 'pay_1', 'pi_1', 0, 0, 0);",
        )
        .unwrap();
    let state = || {
        let detail = api(&app.base, "GET", "/orders/1", Some(&token), None).json();
        let a = detail["actions"][0].clone();
        (
            a["state"].as_str().unwrap_or_default().to_string(),
            a["attempts"].as_i64().unwrap_or(0),
        )
    };
    let asked = api(
        &app.base,
        "POST",
        "/orders/1/refund",
        Some(&token),
        Some(r#"{"amount": 1000}"#),
    );
    assert_eq!(asked.status, 202, "{}", asked.body);
    assert_eq!(state(), ("requested".into(), 1));
    let key = format!("tagcart-action-{}", asked.json()["id"]);
    assert_eq!(stripe.next().header("idempotency-key"), Some(key.as_str()));

    app.scheduler.run_once(app.now());
    assert_eq!(state(), ("requested".into(), 1), "not before its backoff");
    assert!(stripe.taken().is_empty());
    app.advance(2);
    app.scheduler.run_once(app.now());
    assert_eq!(state(), ("requested".into(), 2), "asked again, still busy");
    app.advance(3600);
    app.scheduler.run_once(app.now());
    assert_eq!(state(), ("accepted".into(), 3));
    let again: Vec<_> = stripe.taken();
    assert_eq!(again.len(), 2);
    for request in again {
        assert_eq!(
            request.header("idempotency-key"),
            Some(key.as_str()),
            "the same refund"
        );
        assert!(request.form().contains(&("amount".into(), "1000".into())));
    }
    let detail = api(&app.base, "GET", "/orders/1", Some(&token), None).json();
    assert_eq!(detail["actions"][0]["processor_ref"], "re_1");
    assert_eq!(
        detail["status"], "completed",
        "until Stripe's event arrives"
    );
}
