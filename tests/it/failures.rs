//! Never a paid buyer without access, against the real binary and the strict fake Kartra: a
//! killed process, Kartra's rate limit, alerts. The queue's timing (outages and backoff,
//! rotated credentials, missing tags, replay) is stepped in-process in `queue`.

use crate::fake_kartra::{FakeKartra, Mode};
use crate::harness::{api, Server};
use crate::purchase::{now, Shop, SECRET, TAG};
use std::time::{Duration, Instant};

fn wait(what: &str, limit: Duration, done: impl Fn() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "waited {limit:?} for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn health(shop: &Shop) -> serde_json::Value {
    api(&shop.server.base, "GET", "/health", Some(&shop.token), None).json()["kartra"].clone()
}

fn complete(shop: &Shop, payment_ref: &str, n: usize) -> Duration {
    let started = Instant::now();
    let res = shop.event(
        &format!("evt_done_{n}"),
        "payment.completed",
        payment_ref,
        now(),
        SECRET,
    );
    assert_eq!(res.status, 200, "{}", res.body);
    started.elapsed()
}

#[test]
fn a_killed_server_grants_every_paid_order_after_restart() {
    let kartra = FakeKartra::with_tags(&[TAG]);
    kartra.set_latency(Duration::from_millis(100));
    let shop = Shop::open_with(kartra, true);
    let refs: Vec<String> = (0..60)
        .map(|i| shop.place(&format!("k{i}@example.com")))
        .collect();
    for (i, r) in refs.iter().enumerate() {
        complete(&shop, r, i);
    }
    let some_done = || {
        (0..60)
            .filter(|i| shop.has_tag(&format!("k{i}@example.com"), TAG))
            .count()
            >= 5
    };
    wait("the drain to start", Duration::from_secs(20), some_done);
    let Shop {
        server,
        kartra,
        token,
        ..
    } = shop;
    let dir = server.kill9();
    let server = Server::start_with(dir, &["--kartra-api-url", &kartra.url]);
    let all = || {
        (0..60).all(|i| {
            kartra
                .lead(&format!("k{i}@example.com"))
                .is_some_and(|l| l.tags.contains(&TAG.to_string()))
        })
    };
    wait(
        "every paid order granted after the restart",
        Duration::from_secs(60),
        all,
    );
    let orders = api(
        &server.base,
        "GET",
        "/orders?status=completed&limit=1000",
        Some(&token),
        None,
    )
    .json();
    assert_eq!(orders.as_array().unwrap().len(), 60);
}

#[test]
fn after_too_many_requests_no_call_goes_out_for_a_second() {
    let shop = Shop::open();
    shop.kartra.set_mode(Mode::TooManyRequests);
    shop.buy("slow@example.com", 0);
    wait("a refused call", Duration::from_secs(20), || {
        shop.kartra.rate_limited() >= 1
    });
    shop.kartra.set_mode(Mode::Up);
    shop.wait_order("slow@example.com", "the grant after the pause", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let calls = shop.kartra.calls();
    let refused = calls.iter().position(|c| c.status == 429).unwrap();
    let gap = calls[refused + 1].at.duration_since(calls[refused].at);
    assert!(
        gap >= Duration::from_millis(1000),
        "waited {gap:?} after a 429"
    );
    assert_eq!(
        shop.orders("slow@example.com")[0]["fulfillment"][0]["attempts"],
        1,
        "a 429 uses up no attempt"
    );
}

/// A measurement, not a check: run with `cargo test --release --test it -- --ignored --nocapture drain_rate`.
#[test]
#[ignore]
fn drain_rate_for_a_backlog_of_2000() {
    let shop = Shop::open();
    shop.kartra.enforce_rate(20);
    shop.kartra.set_mode(Mode::Http503);
    let refs: Vec<String> = (0..2000)
        .map(|i| shop.place(&format!("d{i}@example.com")))
        .collect();
    for (i, r) in refs.iter().enumerate() {
        complete(&shop, r, i);
    }
    wait("the outage to be felt", Duration::from_secs(30), || {
        shop.kartra.calls().iter().any(|c| c.status == 503)
    });
    shop.kartra.set_latency(Duration::from_millis(200));
    let calls_before = shop.kartra.calls().len();
    shop.kartra.set_mode(Mode::Up);
    let start = Instant::now();
    wait("the backlog drained", Duration::from_secs(600), || {
        health(&shop)["queue_depth"] == 0
    });
    let secs = start.elapsed().as_secs_f64();
    let calls = shop.kartra.calls().len() - calls_before;
    eprintln!(
        "backlog 2000: drained in {secs:.1} s; {:.1} Kartra calls/s, {:.1} grants/s; 429s: {}",
        calls as f64 / secs,
        2000.0 / secs,
        shop.kartra.rate_limited()
    );
    assert_eq!(shop.kartra.rate_limited(), 0);
}

#[test]
fn alert_settings_refuse_private_urls_unless_allowed_and_send_a_test_alert() {
    let receiver =
        crate::fake_server::Recorder::start(vec![crate::fake_server::Canned::new(200, "ok")]);
    let url = receiver.url("/hook");
    let server = Server::start();
    let admin = server.admin();
    let refused = admin.submit(
        "/admin/settings/alerts",
        "/admin/settings/alerts",
        &[("url", &url), ("threshold_minutes", "15")],
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("loopback") || refused.body.contains("private"),
        "{}",
        refused.body
    );
    let saved = admin.submit(
        "/admin/settings/alerts",
        "/admin/settings/alerts",
        &[
            ("url", &url),
            ("threshold_minutes", "5"),
            ("allow_private", "on"),
        ],
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(
        saved.body.contains("Saved") && !saved.body.contains("/hook"),
        "the URL is a secret and not shown back"
    );
    let tested = admin.submit(
        "/admin/settings/alerts",
        "/admin/settings/alerts",
        &[("action", "test"), ("threshold_minutes", "5")],
    );
    assert!(tested.body.contains("was delivered"), "{}", tested.body);
    let request = receiver.next();
    let request = format!("{}\r\n{}", request.head(), request.body_text());
    assert!(
        request.starts_with("POST /hook")
            && request.contains("\"text\":\"tagcart: this is a test alert"),
        "{request}"
    );
}
