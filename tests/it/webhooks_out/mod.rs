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
mod delivery;
mod events;

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

    /// Another product at `price`, sold on `/p/{slug}`; its price's id.
    fn sell(&self, slug: &str, price: Value) -> String {
        let product = json!({"name": slug, "kartra_tag": TAG, "prices": [price]});
        let product = self.call("POST", "/products", product);
        assert_eq!(product.status, 201, "{}", product.body);
        let page = json!({"title": slug, "slug": slug, "product_id": product.json()["id"], "gateways": ["test"], "published": true});
        assert_eq!(self.call("POST", "/pages", page).status, 201);
        product.json()["prices"][0]["id"].to_string()
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
        self.buy_on("course", &self.price_id).0
    }

    /// Buys on `/p/{slug}` at `price_id` and pays; the order's id and its test gateway page
    /// (where the buyer's refund or cancellation is pressed).
    fn buy_on(&self, slug: &str, price_id: &str) -> (i64, String) {
        let buyer = Browser::new(&self.app.base);
        let fields = [
            ("email", "jane@example.com"),
            ("first_name", "Jane"),
            ("last_name", "Doe"),
            ("price_id", price_id),
            ("gateway", "test"),
        ];
        let res = buyer.post(&format!("/p/{slug}/checkout"), &fields);
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
