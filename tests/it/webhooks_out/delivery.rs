//! Delivery over time on the test clock: retries with the same webhook-id, the 3-day give-up
//! that disables the endpoint and tells the merchant (alert, Needs attention), deletion, and send-time address rules.

use super::{header, Shop, HOUR};
use crate::fake_server::{Canned, Received, Recorder};
use crate::harness::{api, Browser, PASSWORD};

#[test]
fn a_failing_receiver_is_retried_on_the_clock_with_the_same_webhook_id_until_it_answers() {
    let alerts = Recorder::always(Canned::new(200, "ok"));
    let receiver = Recorder::start(vec![
        Canned::new(500, "down for maintenance"),
        Canned::new(503, ""),
        Canned::new(200, "thanks"),
    ]);
    let shop = Shop::open(&alerts);
    let endpoint = shop.endpoint(&receiver.url("/hooks"), &["order.completed"]);
    shop.buy();
    shop.pass();
    let first = receiver.next();
    let log = shop.log(&endpoint);
    assert_eq!(
        (log[0].state.as_str(), log[0].attempts, log[0].last_status),
        ("pending", 1, Some(500))
    );
    assert_eq!(log[0].last_answer.as_deref(), Some("down for maintenance"));
    shop.app.advance(4);
    shop.pass();
    assert!(receiver.taken().is_empty(), "not before the 5 s backoff");
    shop.app.advance(1);
    shop.pass();
    let second = receiver.next();
    shop.app.advance(299);
    shop.pass();
    assert!(receiver.taken().is_empty(), "the next wait is 5 minutes");
    shop.app.advance(1);
    shop.pass();
    let third = receiver.next();
    for retry in [&second, &third] {
        assert_eq!(header(retry, "webhook-id"), header(&first, "webhook-id"));
        assert_eq!(retry.body, first.body, "the same event");
    }
    assert_ne!(
        header(&third, "webhook-timestamp"),
        header(&first, "webhook-timestamp"),
        "signed when sent"
    );
    let secret = endpoint["secret"].as_str().unwrap();
    let log = shop.log(&endpoint);
    assert_eq!(
        (log[0].state.as_str(), log[0].attempts, log[0].last_status),
        ("delivered", 3, Some(200))
    );
    assert!(log[0].last_duration_ms.is_some());
    let signed = tagcart::webhooks_out::sign(
        secret,
        header(&third, "webhook-id"),
        shop.app.now(),
        &third.body_text(),
    );
    assert_eq!(
        Some(header(&third, "webhook-signature").to_string()),
        signed
    );
}

#[test]
fn after_three_days_of_failures_the_delivery_fails_the_endpoint_is_disabled_and_the_merchant_told()
{
    let alerts = Recorder::always(Canned::new(200, "ok"));
    let receiver = Recorder::always(Canned::new(500, "broken"));
    let shop = Shop::open(&alerts);
    let endpoint = shop.endpoint(&receiver.url("/hooks"), &["order.completed"]);
    shop.buy();
    shop.app.drain();
    let started = shop.app.now();
    shop.pass();
    while shop.app.now() < started + 80 * HOUR {
        shop.app.advance(HOUR);
        shop.app.drain();
        shop.pass();
    }
    // Stepped hourly: at 0, 1, 2, 3 h (the 5 s, 5 min and 30 min waits), 5 h (2 h), 10 h (5 h),
    // then every 10 h up to 70 h, and a last try at the 3-day mark.
    let tries = receiver.taken();
    assert_eq!(tries.len(), 13);
    assert!(tries
        .iter()
        .all(|t| t.header("webhook-id") == tries[0].header("webhook-id")));
    let log = shop.log(&endpoint);
    assert_eq!(log[0].state, "failed", "{log:?}");
    let listed = api(
        &shop.app.base,
        "GET",
        "/webhook-endpoints",
        Some(&shop.token),
        None,
    )
    .json();
    assert!(listed[0]["disabled_at"].is_string(), "{listed}");
    let told: Vec<String> = alerts.taken().iter().map(Received::body_text).collect();
    assert!(
        told.iter()
            .any(|t| t.contains("webhook endpoint at 127.0.0.1 has been disabled")),
        "{told:?}"
    );
    // Three days on, the first session has expired: sign in again.
    let admin = Browser::new(&shop.app.base);
    assert_eq!(admin.sign_in("admin@example.com", PASSWORD).status, 303);
    let attention = admin.get("/admin/attention");
    assert!(
        attention.body.contains("Webhook endpoints disabled"),
        "{}",
        attention.body
    );
    assert!(attention.body.contains(&receiver.url("/hooks")));
    // A disabled endpoint gets nothing more, though its events are still queued for it.
    shop.buy();
    shop.pass();
    assert!(receiver.taken().is_empty());
}

#[test]
fn deleting_an_endpoint_cancels_its_pending_deliveries() {
    let alerts = Recorder::always(Canned::new(200, "ok"));
    let receiver = Recorder::always(Canned::new(500, "broken"));
    let shop = Shop::open(&alerts);
    let endpoint = shop.endpoint(&receiver.url("/hooks"), &["order.completed"]);
    shop.buy();
    shop.pass();
    receiver.next();
    let path = format!("/webhook-endpoints/{}", endpoint["id"]);
    assert_eq!(
        api(&shop.app.base, "DELETE", &path, Some(&shop.token), None).status,
        204
    );
    assert_eq!(
        api(&shop.app.base, "DELETE", &path, Some(&shop.token), None).status,
        404
    );
    shop.app.advance(HOUR);
    shop.pass();
    assert!(receiver.taken().is_empty(), "nothing more sent");
    assert!(shop.log(&endpoint).is_empty());
}

#[test]
fn once_private_addresses_are_no_longer_allowed_nothing_is_sent_to_one() {
    let alerts = Recorder::always(Canned::new(200, "ok"));
    let receiver = Recorder::always(Canned::new(200, "ok"));
    let shop = Shop::open(&alerts);
    let local = format!("https://127.0.0.1:{}/hooks", receiver.port);
    let endpoint = shop.endpoint(&local, &["order.completed"]);
    let fields = [("url", ""), ("threshold_minutes", "15")];
    let saved = shop
        .admin
        .submit("/admin/settings/alerts", "/admin/settings/alerts", &fields);
    assert_eq!(saved.status, 200, "{}", saved.body);
    shop.buy();
    shop.pass();
    assert!(receiver.taken().is_empty(), "refused before connecting");
    let log = shop.log(&endpoint);
    let error = log[0].last_error.as_deref().unwrap_or_default();
    assert!(error.contains("127.0.0.1, a loopback address"), "{error}");
    assert_eq!(
        (log[0].state.as_str(), log[0].last_status),
        ("pending", None)
    );
}
