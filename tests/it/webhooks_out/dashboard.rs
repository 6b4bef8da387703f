//! Settings → Webhooks: adding shows the secret once, the delivery log shows each try, and
//! Resend (with CSRF) sends the same message again and enables a disabled endpoint.

use super::{header, Shop, HOUR};
use crate::fake_server::{Canned, Recorder};
use crate::harness::{api, Browser, PASSWORD};

const PAGE: &str = "/admin/settings/webhooks";

#[test]
fn an_endpoint_added_on_the_dashboard_shows_its_secret_once_and_its_delivery_log() {
    let alerts = Recorder::always(Canned::new(200, "ok"));
    let receiver = Recorder::always(Canned::new(202, "queued on our side"));
    let shop = Shop::open(&alerts);
    let url = receiver.url("/hooks");
    let refused = shop.admin.submit(PAGE, PAGE, &[("url", url.as_str())]);
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("choose at least one of"),
        "{}",
        refused.body
    );
    let fields = [
        ("url", url.as_str()),
        ("events", "order.completed"),
        ("events", "order.refunded"),
    ];
    let added = shop.admin.submit(PAGE, PAGE, &fields);
    assert_eq!(added.status, 200, "{}", added.body);
    let secret = added
        .body
        .split("value=\"whsec_")
        .nth(1)
        .expect("the secret is shown");
    let secret = format!("whsec_{}", &secret[..secret.find('"').unwrap()]);
    let listed = api(
        &shop.app.base,
        "GET",
        "/webhook-endpoints",
        Some(&shop.token),
        None,
    )
    .json();
    assert_eq!(
        listed[0]["events"],
        serde_json::json!(["order.completed", "order.refunded"])
    );
    let page = shop.admin.get(PAGE);
    assert!(!page.body.contains("whsec_"), "shown once only");
    assert!(page.body.contains("Nothing sent yet."));

    shop.buy();
    shop.pass();
    let request = receiver.next();
    assert_eq!(
        super::python_verifies(&secret, &request),
        Ok("order.completed".into())
    );
    let page = shop.admin.get(PAGE);
    for shown in [
        "order.completed",
        header(&request, "webhook-id"),
        "delivered",
        "202",
        "queued on our side",
        " ms",
    ] {
        assert!(page.body.contains(shown), "{shown}: {}", page.body);
    }
}

#[test]
fn resend_needs_csrf_sends_the_same_message_again_and_enables_a_disabled_endpoint() {
    let alerts = Recorder::always(Canned::new(200, "ok"));
    let mut answers = vec![Canned::new(500, "broken"); 13];
    answers.push(Canned::new(200, "back"));
    let receiver = Recorder::start(answers);
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
    let tries = receiver.taken();
    assert_eq!(tries.len(), 13);
    // Three days on, the first session has expired: sign in again.
    let admin = Browser::new(&shop.app.base);
    assert_eq!(admin.sign_in("admin@example.com", PASSWORD).status, 303);
    let page = admin.get(PAGE);
    assert!(page.body.contains("Disabled on"), "{}", page.body);
    let delivery = shop.log(&endpoint)[0].id;
    let resend = format!("{PAGE}/deliveries/{delivery}/resend");

    let forged = admin.post(&resend, &[]);
    assert_ne!(forged.status, 303, "refused without the CSRF token");
    shop.pass();
    assert!(receiver.taken().is_empty());

    let pressed = admin.submit(PAGE, &resend, &[]);
    assert_eq!(pressed.status, 303, "{}", pressed.body);
    shop.pass();
    let again = receiver.next();
    assert_eq!(
        header(&again, "webhook-id"),
        header(&tries[0], "webhook-id")
    );
    assert_eq!(again.body, tries[0].body);
    let log = shop.log(&endpoint);
    assert_eq!(
        (log[0].state.as_str(), log[0].last_status),
        ("delivered", Some(200))
    );
    let listed = api(
        &shop.app.base,
        "GET",
        "/webhook-endpoints",
        Some(&shop.token),
        None,
    )
    .json();
    assert!(
        listed[0]["disabled_at"].is_null(),
        "enabled again: {listed}"
    );
}

/// The README's pictures of Settings → Webhooks: two endpoints with their delivery logs (one
/// delivered, one failing and to be retried), at a phone's and a desktop's size.
#[test]
#[ignore = "writes examples/screenshots/settings-webhooks-*.png; run it by name to refresh them"]
fn screenshots_of_the_webhooks_settings() {
    crate::browser::require_tools();
    let alerts = Recorder::always(Canned::new(200, "ok"));
    let receiver = Recorder::always(Canned::new(202, "queued on our side"));
    let failing = Recorder::always(Canned::new(500, "Internal Server Error"));
    let shop = Shop::open(&alerts);
    let events = ["order.completed", "access.granted"];
    shop.endpoint(&receiver.url("/hooks/tagcart"), &events);
    shop.endpoint(&failing.url("/zapier/catch"), &["order.completed"]);
    shop.buy();
    shop.pass();
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/screenshots");
    let args = [
        shop.app.base.as_str(),
        "admin@example.com",
        PASSWORD,
        out.to_str().unwrap(),
        "settings-webhooks=/admin/settings/webhooks",
    ];
    let limit = std::time::Duration::from_secs(120);
    let run = crate::browser::node("dashboard.mjs", &args, limit);
    assert_eq!(run.summary["ok"], true, "{}\n{}", run.summary, run.stderr);
}
