//! Outgoing webhooks, received over real HTTP by a `Recorder`: Standard Webhooks signatures
//! (checked here and by the `standardwebhooks` package from PyPI), retries and the 3-day
//! give-up on the test clock, deletion, and the address rules shared with alerts.

use crate::app::TestApp;
use crate::fake_kartra::{FakeKartra, API_KEY, API_PASSWORD, APP_ID};
use crate::fake_server::{Canned, Received, Recorder};
use crate::harness::{api, Browser, Resp, Server};
use crate::purchase::{SECRET, TAG};
use serde_json::{json, Value};
use std::process::{Command, Stdio};

mod dashboard;

const HOUR: i64 = 3600;

struct Shop {
    app: TestApp,
    /// Signed in to the dashboard.
    admin: Browser,
    _kartra: FakeKartra,
    token: String,
    price_id: String,
}

impl Shop {
    /// A shop selling on `/p/course`, whose alerts go to `alerts` and which may send to
    /// loopback addresses (the receivers here), as the alerts' setting allows.
    fn open(alerts: &Recorder) -> Shop {
        let kartra = FakeKartra::with_tags(&[TAG]);
        let app = TestApp::start(&["--kartra-api-url", &kartra.url]);
        let token = app.api_token();
        let admin = app.admin();
        let mut shop = Shop {
            app,
            admin,
            _kartra: kartra,
            token,
            price_id: String::new(),
        };
        let creds = json!({"app_id": APP_ID, "api_key": API_KEY, "api_password": API_PASSWORD});
        assert_eq!(shop.call("PUT", "/integrations/kartra", creds).status, 200);
        let test = json!({"enabled": true, "webhook_secret": SECRET});
        assert_eq!(shop.call("PUT", "/gateways/test", test).status, 200);
        let alert_url = alerts.url("/alerts");
        let fields = [
            ("url", alert_url.as_str()),
            ("threshold_minutes", "15"),
            ("allow_private", "on"),
        ];
        let saved = shop
            .admin
            .submit("/admin/settings/alerts", "/admin/settings/alerts", &fields);
        assert_eq!(saved.status, 200, "{}", saved.body);
        let product = json!({"name": "Course", "kartra_tag": TAG, "prices": [{"kind": "one_time", "amount": 4900, "currency": "EUR"}]});
        let product = shop.call("POST", "/products", product);
        assert_eq!(product.status, 201, "{}", product.body);
        shop.price_id = product.json()["prices"][0]["id"].to_string();
        let page = json!({"title": "Course", "slug": "course", "product_id": product.json()["id"], "gateways": ["test"], "published": true});
        assert_eq!(shop.call("POST", "/pages", page).status, 201);
        shop
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Resp {
        let body = body.to_string();
        api(&self.app.base, method, path, Some(&self.token), Some(&body))
    }

    /// A new endpoint at `url` for `events`; its JSON, with the secret.
    fn endpoint(&self, url: &str, events: &[&str]) -> Value {
        let res = self.call(
            "POST",
            "/webhook-endpoints",
            json!({"url": url, "events": events}),
        );
        assert_eq!(res.status, 201, "{}", res.body);
        res.json()
    }

    /// Buys the course and pays on the test gateway's page; the order's id.
    fn buy(&self) -> i64 {
        self.buy_at().0
    }

    /// Buys the course and pays; the order's id and its test gateway page (to refund it).
    fn buy_at(&self) -> (i64, String) {
        let buyer = Browser::new(&self.app.base);
        let fields = [
            ("email", "jane@example.com"),
            ("first_name", "Jane"),
            ("last_name", "Doe"),
            ("price_id", self.price_id.as_str()),
            ("gateway", "test"),
        ];
        let res = buyer.post("/p/course/checkout", &fields);
        assert_eq!(res.status, 303, "{}", res.body);
        let pay = res.header("location").unwrap().to_string();
        assert_eq!(buyer.post(&pay, &[("action", "complete")]).status, 303);
        let orders = api(&self.app.base, "GET", "/orders", Some(&self.token), None).json();
        (orders[0]["id"].as_i64().expect("the order"), pay)
    }

    /// One scheduler pass at the test clock's time.
    fn pass(&self) {
        self.app.scheduler.run_once(self.app.now());
    }

    /// The endpoint's delivery log, newest first.
    fn log(&self, endpoint: &Value) -> Vec<tagcart::db::webhooks::Delivery> {
        let conn = self.app.pool.get().unwrap();
        tagcart::db::webhooks::log(&conn, endpoint["id"].as_i64().unwrap(), 100).unwrap()
    }
}

fn header<'a>(request: &'a Received, name: &str) -> &'a str {
    request
        .header(name)
        .unwrap_or_else(|| panic!("no {name} header"))
}

/// What `tests/verify_webhook.py` (the PyPI `standardwebhooks` package) says of `request`.
fn python_verifies(secret: &str, request: &Received) -> Result<String, String> {
    let mut child = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/verify_webhook.py"
        ))
        .args([
            secret,
            header(request, "webhook-id"),
            header(request, "webhook-timestamp"),
        ])
        .arg(header(request, "webhook-signature"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &request.body).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).trim().to_string();
    if out.status.success() {
        Ok(text(&out.stdout))
    } else {
        Err(text(&out.stderr))
    }
}

#[test]
fn a_completed_order_and_its_granted_access_are_posted_signed_as_standard_webhooks() {
    let (alerts, receiver) = (
        Recorder::always(Canned::new(200, "ok")),
        Recorder::always(Canned::new(204, "")),
    );
    let shop = Shop::open(&alerts);
    let endpoint = shop.endpoint(
        &receiver.url("/hooks"),
        &["order.completed", "access.granted"],
    );
    let secret = endpoint["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let order_id = shop.buy();
    shop.pass();
    let request = receiver.next();
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/hooks");
    let (id, timestamp) = (
        header(&request, "webhook-id"),
        header(&request, "webhook-timestamp"),
    );
    assert!(id.starts_with("msg_"), "{id}");
    assert_eq!(timestamp, shop.app.now().to_string());
    let body = request.body_text();
    let ours = tagcart::webhooks_out::sign(&secret, id, shop.app.now(), &body).unwrap();
    assert_eq!(header(&request, "webhook-signature"), ours);
    assert_eq!(
        python_verifies(&secret, &request),
        Ok("order.completed".into())
    );
    let forged = Received {
        body: body.replace("4900", "1").into_bytes(),
        ..request.clone()
    };
    assert!(
        python_verifies(&secret, &forged).is_err(),
        "a changed body fails"
    );
    let payload: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(payload["type"], "order.completed");
    assert_eq!(
        payload["timestamp"],
        tagcart::clock::rfc3339(shop.app.now())
    );
    assert_eq!(payload["data"]["id"], order_id);
    assert_eq!(payload["data"]["status"], "completed");
    assert_eq!(payload["data"]["amount"], 4900);

    assert_eq!(shop.app.drain(), 1, "the grant ran at Kartra");
    shop.pass();
    let granted = receiver.next();
    assert_eq!(
        python_verifies(&secret, &granted),
        Ok("access.granted".into())
    );
    let payload: Value = serde_json::from_str(&granted.body_text()).unwrap();
    assert_eq!(payload["data"]["order_id"], order_id);
    assert_eq!(payload["data"]["kartra_tag"], TAG);
    assert_eq!(payload["data"]["email"], "jane@example.com");
    assert_ne!(
        header(&granted, "webhook-id"),
        id,
        "each delivery its own id"
    );
    let log = shop.log(&endpoint);
    assert!(
        log.iter()
            .all(|d| d.state == "delivered" && d.last_status == Some(204)),
        "{log:?}"
    );
}

#[test]
fn a_refund_and_the_revoke_it_causes_are_posted_and_unchosen_events_are_not() {
    let (alerts, receiver) = (
        Recorder::always(Canned::new(200, "ok")),
        Recorder::always(Canned::new(200, "")),
    );
    let shop = Shop::open(&alerts);
    let endpoint = shop.endpoint(
        &receiver.url("/hooks"),
        &["order.refunded", "access.revoked"],
    );
    let secret = endpoint["secret"].as_str().unwrap();
    let (order_id, pay) = shop.buy_at();
    assert_eq!(shop.app.drain(), 1, "the grant");
    shop.pass();
    assert!(
        receiver.taken().is_empty(),
        "order.completed and access.granted were not chosen"
    );
    let refunded = Browser::new(&shop.app.base).post(&pay, &[("action", "refund")]);
    assert_eq!(refunded.status, 303, "{}", refunded.body);
    shop.pass();
    let request = receiver.next();
    assert_eq!(
        python_verifies(secret, &request),
        Ok("order.refunded".into())
    );
    let payload: Value = serde_json::from_str(&request.body_text()).unwrap();
    assert_eq!(
        (payload["data"]["id"].as_i64(), &payload["data"]["status"]),
        (Some(order_id), &json!("refunded"))
    );
    assert_eq!(shop.app.drain(), 1, "the revoke");
    shop.pass();
    let request = receiver.next();
    assert_eq!(
        python_verifies(secret, &request),
        Ok("access.revoked".into())
    );
    let payload: Value = serde_json::from_str(&request.body_text()).unwrap();
    assert_eq!(payload["data"]["order_id"], order_id);
}

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
fn an_endpoint_needs_a_public_https_url_and_known_events_unless_private_addresses_are_allowed() {
    let server = Server::start();
    let token = server.api_token();
    let post = |body: Value| {
        api(
            &server.base,
            "POST",
            "/webhook-endpoints",
            Some(&token),
            Some(&body.to_string()),
        )
    };
    let res = post(json!({"url": "http://127.0.0.1:9/hook", "events": []}));
    assert_eq!(res.status, 422, "{}", res.body);
    let fields = &res.json()["error"]["fields"];
    assert!(
        fields["url"].as_str().unwrap().contains("https://"),
        "{fields}"
    );
    assert!(
        fields["events"].as_str().unwrap().contains("at least one"),
        "{fields}"
    );
    for (url, why) in [
        ("https://10.0.0.1/hook", "a private network address"),
        ("https://169.254.169.254/latest", "a link-local address"),
        ("https://localhost/hook", "this server itself"),
    ] {
        let res = post(json!({"url": url, "events": ["order.refunded"]}));
        assert_eq!(res.status, 422, "{}", res.body);
        assert!(
            res.json()["error"]["fields"]["url"]
                .as_str()
                .unwrap()
                .contains(why),
            "{}",
            res.body
        );
    }
    let res = post(
        json!({"url": "https://93.184.216.34/hook", "events": ["subscription.cancelled", "order.paid"]}),
    );
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("\\\"order.paid\\\" is not an event"),
        "{}",
        res.body
    );

    let created = post(json!({"url": "https://93.184.216.34/hook", "events": ["access.revoked"]}));
    assert_eq!(created.status, 201, "{}", created.body);
    let secret = created.json()["secret"].as_str().unwrap().to_string();
    let listed = api(
        &server.base,
        "GET",
        "/webhook-endpoints",
        Some(&token),
        None,
    );
    assert_eq!(listed.json()[0]["events"], json!(["access.revoked"]));
    assert!(listed.json()[0].get("secret").is_none(), "{}", listed.body);
    assert!(!listed.body.contains(&secret[6..]));
    assert!(
        !server.log().contains(&secret[6..]),
        "the secret is never logged"
    );
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
