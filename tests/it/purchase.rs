//! Checkout to Kartra access, end to end: the real binary, the test gateway, a strict fake Kartra.

use crate::fake_kartra::{FakeKartra, API_KEY, API_PASSWORD, APP_ID};
use crate::harness::{api, Browser, Server};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};

pub const TAG: &str = "pro-course-buyer";
pub const SECRET: &str = "whsec_tests_0123456789";

/// A merchant's setup: Kartra connected, the test gateway on, a product on a published page.
pub struct Shop {
    pub server: Server,
    pub kartra: FakeKartra,
    pub token: String,
    pub product: Value,
}

impl Shop {
    pub fn open() -> Shop {
        Shop::open_with(FakeKartra::with_tags(&[TAG, "bonus-buyer"]), true)
    }

    pub fn open_with(kartra: FakeKartra, revoke_on_refund: bool) -> Shop {
        let server = Server::start_with(
            tempfile::tempdir().unwrap(),
            &["--kartra-api-url", &kartra.url],
        );
        Shop::set_up(server, kartra, revoke_on_refund)
    }

    /// Connects Kartra, enables the test gateway, creates the product and its page.
    pub fn set_up(server: Server, kartra: FakeKartra, revoke_on_refund: bool) -> Shop {
        let token = server.api_token();
        let creds =
            json!({"app_id": APP_ID, "api_key": API_KEY, "api_password": API_PASSWORD}).to_string();
        assert_eq!(
            api(
                &server.base,
                "PUT",
                "/integrations/kartra",
                Some(&token),
                Some(&creds)
            )
            .status,
            200
        );
        let gateway = json!({"enabled": true, "webhook_secret": SECRET}).to_string();
        assert_eq!(
            api(
                &server.base,
                "PUT",
                "/gateways/test",
                Some(&token),
                Some(&gateway)
            )
            .status,
            200
        );
        let product = json!({"name": "Pro Course", "kartra_tag": TAG, "thank_you_url": "https://example.com/thanks",
            "revoke_on_refund": revoke_on_refund,
            "prices": [{"kind": "one_time", "currency": "USD", "amount": 4900},
                       {"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month"}]});
        let product = api(
            &server.base,
            "POST",
            "/products",
            Some(&token),
            Some(&product.to_string()),
        )
        .json();
        let page = json!({"title": "Pro", "slug": "pro", "product_id": product["id"], "gateways": ["test"], "published": true});
        assert_eq!(
            api(
                &server.base,
                "POST",
                "/pages",
                Some(&token),
                Some(&page.to_string())
            )
            .status,
            201
        );
        Shop {
            server,
            kartra,
            token,
            product,
        }
    }

    pub fn price_id(&self, index: usize) -> String {
        self.product["prices"][index]["id"].to_string()
    }

    /// Fills in and submits the checkout form as a buyer; returns the test gateway's payment page path.
    pub fn checkout(&self, email: &str, price: usize) -> String {
        let res = self.submit(email, &[("price_id", &self.price_id(price))]);
        assert_eq!(res.status, 303, "{}", res.body);
        let location = res.header("location").unwrap().to_string();
        assert!(location.starts_with("/pay/test/pay_"), "{location}");
        location
    }

    pub fn submit(&self, email: &str, extra: &[(&str, &str)]) -> crate::harness::Resp {
        let buyer = Browser::new(&self.server.base);
        assert_eq!(buyer.get("/p/pro").status, 200);
        let mut fields = vec![
            ("email", email),
            ("first_name", "Jane"),
            ("last_name", "Doe"),
            ("phone", "+1 555 0100"),
            ("address", "1 Main St"),
            ("city", "Springfield"),
            ("zip", "12345"),
            ("state", "IL"),
            ("country", "US"),
            ("gateway", "test"),
        ];
        fields.extend_from_slice(extra);
        if !extra.iter().any(|(k, _)| *k == "price_id") {
            fields.push(("price_id", "0"));
        }
        buyer.post("/p/pro/checkout", &fields)
    }

    /// Presses a button on the test gateway's payment page.
    pub fn press(&self, payment_page: &str, action: &str) -> crate::harness::Resp {
        let buyer = Browser::new(&self.server.base);
        assert_eq!(buyer.get(payment_page).status, 200);
        buyer.post(payment_page, &[("action", action)])
    }

    /// Another product, sold on its own published page `/p/{slug}` offering `gateways`.
    pub fn sell(&self, product: Value, slug: &str, gateways: &[&str]) -> Value {
        let res = api(
            &self.server.base,
            "POST",
            "/products",
            Some(&self.token),
            Some(&product.to_string()),
        );
        assert_eq!(res.status, 201, "{}", res.body);
        let product = res.json();
        let page = json!({"title": slug, "slug": slug, "product_id": product["id"], "gateways": gateways, "published": true});
        let res = api(
            &self.server.base,
            "POST",
            "/pages",
            Some(&self.token),
            Some(&page.to_string()),
        );
        assert_eq!(res.status, 201, "{}", res.body);
        product
    }

    /// A buyer posts the checkout form on `/p/{slug}` for the product's first price.
    pub fn order_on(
        &self,
        slug: &str,
        email: &str,
        product: &Value,
        gateway: &str,
    ) -> crate::harness::Resp {
        let price = product["prices"][0]["id"].to_string();
        let fields = [
            ("email", email),
            ("first_name", "Jane"),
            ("last_name", "Doe"),
            ("price_id", &price),
            ("gateway", gateway),
        ];
        Browser::new(&self.server.base).post(&format!("/p/{slug}/checkout"), &fields)
    }

    /// Places an order straight through the checkout form and returns its payment_ref.
    pub fn place(&self, email: &str) -> String {
        let price = self.price_id(0);
        let fields = [
            ("email", email),
            ("first_name", "Jane"),
            ("last_name", "Doe"),
            ("price_id", &price),
            ("gateway", "test"),
        ];
        let res = Browser::new(&self.server.base).post("/p/pro/checkout", &fields);
        assert_eq!(res.status, 303, "{}", res.body);
        res.header("location")
            .unwrap()
            .trim_start_matches("/pay/test/")
            .to_string()
    }

    pub fn buy(&self, email: &str, price: usize) -> String {
        let page = self.checkout(email, price);
        let res = self.press(&page, "complete");
        assert_eq!(res.status, 303, "{}", res.body);
        page.trim_start_matches("/pay/test/").to_string()
    }

    pub fn orders(&self, email: &str) -> Vec<Value> {
        let res = api(
            &self.server.base,
            "GET",
            &format!("/orders?email={email}"),
            Some(&self.token),
            None,
        );
        res.json().as_array().unwrap().clone()
    }

    /// Polls the buyer's newest order until `done` holds (the worker runs in the background).
    pub fn wait_order(&self, email: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let order = self.orders(email).into_iter().next().unwrap_or(Value::Null);
            if done(&order) {
                return order;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "waited 20 s for {what}: {order}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn has_tag(&self, email: &str, tag: &str) -> bool {
        self.kartra
            .lead(email)
            .is_some_and(|l| l.tags.iter().any(|t| t == tag))
    }

    /// Signs and posts a test gateway event, as the processor would.
    pub fn event(
        &self,
        id: &str,
        kind: &str,
        payment_ref: &str,
        t: i64,
        secret: &str,
    ) -> crate::harness::Resp {
        let body =
            json!({"id": id, "type": kind, "created": t, "data": {"payment_ref": payment_ref}})
                .to_string();
        post_signed(&self.server.base, &body, &signature(secret, t, &body))
    }
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Written here from the documented scheme rather than borrowed from tagcart.
pub fn signature(secret: &str, t: i64, body: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

pub fn post_signed(base: &str, body: &str, signature: &str) -> crate::harness::Resp {
    let res = ureq::post(&format!("{base}/webhooks/test"))
        .set("Content-Type", "application/json")
        .set("Tagcart-Signature", signature)
        .send_string(body);
    let res = match res {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    crate::harness::Resp {
        status: res.status(),
        headers: vec![],
        body: res.into_string().unwrap(),
    }
}

#[test]
fn a_test_purchase_tags_the_buyers_lead_in_kartra() {
    let shop = Shop::open();
    let page = shop.checkout("jane@example.com", 0);
    let pay = Browser::new(&shop.server.base).get(&page);
    assert!(pay.body.contains("$49.00") && pay.body.contains("jane@example.com"));
    let done = shop.press(&page, "complete");
    assert_eq!(
        done.header("location"),
        Some("https://example.com/thanks"),
        "the product's thank-you URL"
    );

    shop.kartra.wait_for("the tag on the lead", |k| {
        k.lead("jane@example.com")
            .is_some_and(|l| l.tags.contains(&TAG.to_string()))
    });
    let lead = shop.kartra.lead("jane@example.com").unwrap();
    for (field, value) in [
        ("first_name", "Jane"),
        ("last_name", "Doe"),
        ("phone", "+1 555 0100"),
        ("address", "1 Main St"),
        ("city", "Springfield"),
        ("zip", "12345"),
        ("state", "IL"),
        ("country", "US"),
    ] {
        assert_eq!(
            lead.fields.get(field).map(String::as_str),
            Some(value),
            "lead {field}"
        );
    }
    // The fake has the tag before the worker records Kartra's answer: wait for that too.
    let order = &shop.wait_order("jane@example.com", "the grant recorded", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(
        (
            order["status"].as_str(),
            order["amount"].as_i64(),
            order["currency"].as_str()
        ),
        (Some("completed"), Some(4900), Some("USD"))
    );
    let job = &order["fulfillment"][0];
    assert_eq!(
        (job["action"].as_str(), job["state"].as_str()),
        (Some("grant"), Some("done"))
    );
    assert_eq!(job["kartra_lead_id"].as_str(), Some(lead.id.as_str()));
    assert_eq!(shop.kartra.tag_assignments("jane@example.com", TAG), 1);

    let detail = api(
        &shop.server.base,
        "GET",
        &format!("/orders/{}", order["id"]),
        Some(&shop.token),
        None,
    )
    .json();
    assert_eq!(detail["events"][0]["type"], "payment.completed");
    assert!(
        detail["attempts"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("assign_tag"),
        "{detail}"
    );
}

#[test]
fn pending_and_declined_orders_never_reach_kartra() {
    let shop = Shop::open();
    let pending = shop.checkout("waiting@example.com", 0);
    assert_eq!(shop.press(&pending, "pending").status, 303);
    let declined = shop.checkout("declined@example.com", 0);
    let res = shop.press(&declined, "decline");
    let thank_you = Browser::new(&shop.server.base).get(res.header("location").unwrap());
    assert!(thank_you.body.contains("Payment declined"));
    shop.buy("paid@example.com", 0);
    shop.kartra.wait_for("the paid buyer's tag", |k| {
        k.lead("paid@example.com").is_some()
    });
    assert_eq!(shop.orders("waiting@example.com")[0]["status"], "pending");
    assert_eq!(shop.orders("declined@example.com")[0]["status"], "failed");
    for email in ["waiting@example.com", "declined@example.com"] {
        assert_eq!(
            shop.orders(email)[0]["fulfillment"],
            json!([]),
            "{email} has no jobs"
        );
        assert!(
            shop.kartra.lead(email).is_none(),
            "{email} never reached Kartra"
        );
    }
    assert!(shop.kartra.calls().iter().all(|c| c
        .pairs
        .iter()
        .all(|(_, v)| !v.contains("waiting@") && !v.contains("declined@"))));
}

#[test]
fn forged_stale_and_replayed_events_change_nothing() {
    let shop = Shop::open();
    let page = shop.checkout("jane@example.com", 0);
    let payment_ref = page.trim_start_matches("/pay/test/");
    let forged = shop.event(
        "evt_forged",
        "payment.completed",
        payment_ref,
        now(),
        "whsec_wrong_secret_00000",
    );
    assert_eq!(forged.status, 400, "{}", forged.body);
    let stale = shop.event(
        "evt_stale",
        "payment.completed",
        payment_ref,
        now() - 600,
        SECRET,
    );
    assert_eq!(stale.status, 400, "{}", stale.body);
    let unsigned = post_signed(&shop.server.base, "{}", "");
    assert_eq!(unsigned.status, 400);
    assert_eq!(
        shop.orders("jane@example.com")[0]["status"],
        "pending",
        "refused events changed nothing"
    );

    let t = now();
    assert_eq!(
        shop.event("evt_1", "payment.completed", payment_ref, t, SECRET)
            .status,
        200
    );
    let replay = shop.event("evt_1", "payment.completed", payment_ref, t, SECRET);
    assert_eq!(replay.status, 200);
    assert!(replay.body.contains("duplicate"));
    assert_eq!(
        shop.event("evt_2", "payment.completed", payment_ref, now(), SECRET)
            .status,
        200,
        "a second completion is a no-op"
    );
    shop.kartra.wait_for("the grant", |k| {
        k.tag_assignments("jane@example.com", TAG) == 1
    });
    let order = &shop.orders("jane@example.com")[0];
    assert_eq!(
        order["fulfillment"].as_array().unwrap().len(),
        1,
        "exactly one grant job"
    );
}

#[test]
fn a_returning_buyer_gets_a_second_tag_on_the_same_lead() {
    let shop = Shop::open();
    shop.buy("jane@example.com", 0);
    shop.kartra.wait_for("first tag", |k| {
        k.lead("jane@example.com")
            .is_some_and(|l| l.tags.len() == 1)
    });
    let bonus = json!({"name": "Bonus", "kartra_tag": "bonus-buyer", "prices": [{"kind": "one_time", "currency": "USD", "amount": 900}]});
    let bonus = shop.sell(bonus, "bonus", &["test"]);
    let res = shop.order_on("bonus", "JANE@example.com", &bonus, "test");
    assert_eq!(res.status, 303, "{}", res.body);
    shop.press(res.header("location").unwrap(), "complete");
    shop.kartra.wait_for("second tag", |k| {
        k.lead("jane@example.com")
            .is_some_and(|l| l.tags.len() == 2)
    });
    let cmds: Vec<Vec<String>> = shop
        .kartra
        .calls()
        .iter()
        .map(|c| c.cmds.clone())
        .filter(|c| !c.is_empty())
        .collect();
    assert!(
        cmds.contains(&vec!["edit_lead".to_string(), "assign_tag".to_string()]),
        "the existing lead was edited: {cmds:?}"
    );
}

#[test]
fn cancellation_and_refund_remove_the_tag() {
    let shop = Shop::open();
    let subscription = shop.buy("sub@example.com", 1);
    shop.kartra.wait_for("subscriber tagged", |k| {
        k.lead("sub@example.com")
            .is_some_and(|l| !l.tags.is_empty())
    });
    assert_eq!(
        shop.press(&format!("/pay/test/{subscription}"), "cancel")
            .status,
        303
    );
    shop.kartra.wait_for("subscriber untagged", |k| {
        k.lead("sub@example.com").is_some_and(|l| l.tags.is_empty())
    });
    assert_eq!(shop.orders("sub@example.com")[0]["status"], "cancelled");

    let one_time = shop.buy("refund@example.com", 0);
    shop.kartra.wait_for("buyer tagged", |k| {
        k.lead("refund@example.com")
            .is_some_and(|l| !l.tags.is_empty())
    });
    shop.press(&format!("/pay/test/{one_time}"), "refund");
    shop.kartra.wait_for("refunded buyer untagged", |k| {
        k.lead("refund@example.com")
            .is_some_and(|l| l.tags.is_empty())
    });
    let order = &shop.orders("refund@example.com")[0];
    assert_eq!(order["status"], "refunded");
    assert_eq!(order["fulfillment"][1]["action"], "revoke");
}

#[test]
fn a_refund_keeps_access_when_the_product_says_so() {
    let shop = Shop::open_with(FakeKartra::with_tags(&[TAG]), false);
    let payment = shop.buy("keep@example.com", 0);
    shop.kartra
        .wait_for("tagged", |k| k.lead("keep@example.com").is_some());
    shop.press(&format!("/pay/test/{payment}"), "refund");
    let order = &shop.orders("keep@example.com")[0];
    assert_eq!(order["status"], "refunded");
    assert_eq!(
        order["fulfillment"].as_array().unwrap().len(),
        1,
        "no revoke queued"
    );
    assert!(shop.has_tag("keep@example.com", TAG));
}

#[test]
fn a_cancellation_that_arrives_before_the_completion_leaves_no_access() {
    let shop = Shop::open();
    let page = shop.checkout("early@example.com", 1);
    let payment_ref = page.trim_start_matches("/pay/test/");
    assert_eq!(
        shop.event(
            "evt_cancel",
            "subscription.cancelled",
            payment_ref,
            now(),
            SECRET
        )
        .status,
        200
    );
    assert_eq!(shop.orders("early@example.com")[0]["status"], "pending");
    assert_eq!(
        shop.event("evt_paid", "payment.completed", payment_ref, now(), SECRET)
            .status,
        200
    );
    let order = &shop.orders("early@example.com")[0];
    assert_eq!(order["status"], "cancelled");
    assert_eq!(order["fulfillment"], json!([]));
    shop.buy("later@example.com", 0);
    shop.kartra.wait_for("a later buyer's grant", |k| {
        k.lead("later@example.com").is_some()
    });
    assert!(
        shop.kartra.lead("early@example.com").is_none(),
        "no access for the cancelled order"
    );
}

#[test]
fn amounts_sent_by_the_buyer_are_ignored() {
    let shop = Shop::open();
    let res = shop.submit(
        "cheap@example.com",
        &[
            ("price_id", &shop.price_id(0)),
            ("amount", "1"),
            ("currency", "JPY"),
        ],
    );
    assert_eq!(res.status, 303);
    let order = &shop.orders("cheap@example.com")[0];
    assert_eq!(
        (order["amount"].as_i64(), order["currency"].as_str()),
        (Some(4900), Some("USD"))
    );
}

#[test]
fn malformed_checkout_input_gets_422_with_the_errors_and_no_order() {
    let shop = Shop::open();
    let cases: Vec<(Vec<(&str, String)>, &str)> = vec![
        (vec![("email", "".into())], "is required"),
        (
            vec![("email", "not-an-email".into())],
            "must be an email address",
        ),
        (
            vec![("price_id", "999999".into())],
            "choose one of the options shown",
        ),
        (
            vec![("gateway", "paypal".into())],
            "choose one of the payment methods shown",
        ),
        (vec![("first_name", "<script>".into())], "must not contain"),
        (vec![("city", "x".repeat(500))], "at most 100 characters"),
    ];
    let price = shop.price_id(0);
    for (overrides, message) in cases {
        let mut fields: Vec<(&str, &str)> = vec![
            ("first_name", "Jane"),
            ("last_name", "Doe"),
            ("email", "ok@example.com"),
            ("price_id", &price),
            ("gateway", "test"),
        ];
        for (k, v) in &overrides {
            fields.retain(|(name, _)| name != k);
            fields.push((k, v));
        }
        let res = Browser::new(&shop.server.base).post("/p/pro/checkout", &fields);
        assert_eq!(res.status, 422, "{overrides:?}");
        assert!(res.body.contains(message), "{overrides:?}: {message}");
        assert!(
            res.body.contains("value=\"Doe\""),
            "the form keeps what was typed"
        );
    }
    assert_eq!(
        api(&shop.server.base, "GET", "/orders", Some(&shop.token), None).json(),
        json!([])
    );
}

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
fn buyers_checking_out_at_once_each_get_an_order_and_the_filtered_lists_find_them() {
    let shop = Shop::open();
    // Placed together, they share commits in the group-commit writer: each must still be its own.
    let refs: Vec<String> = std::thread::scope(|s| {
        let placing: Vec<_> = (0..16)
            .map(|i| {
                let shop = &shop;
                s.spawn(move || shop.place(&format!("crowd{i}@example.com")))
            })
            .collect();
        placing.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let distinct: std::collections::HashSet<_> = refs.iter().collect();
    assert_eq!(distinct.len(), 16, "{refs:?}");
    shop.buy("crowd0@example.com", 0);
    shop.wait_order("crowd0@example.com", "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let list = |query: &str| -> Vec<Value> {
        let res = api(&shop.server.base, "GET", query, Some(&shop.token), None);
        assert_eq!(res.status, 200, "{query}: {}", res.body);
        res.json().as_array().unwrap().clone()
    };
    let pending = list("/orders?status=pending&limit=1000");
    assert_eq!(
        pending.len(),
        16,
        "the 16 placed together; crowd0 paid for a second one"
    );
    let ids: Vec<i64> = pending.iter().map(|o| o["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    assert!(pending.iter().all(|o| o["fulfillment"] == json!([])));
    // The email matches whatever its case; each order comes with its own jobs.
    let crowd0 = list("/orders?email=CROWD0%40Example.com");
    assert_eq!(crowd0.len(), 2, "{crowd0:?}");
    assert_eq!(crowd0[0]["status"], "completed");
    assert_eq!(crowd0[0]["fulfillment"][0]["action"], "grant");
    assert_eq!(crowd0[1]["fulfillment"], json!([]));
    let completed = list("/orders?status=completed&email=crowd0%40example.com");
    assert_eq!(completed.len(), 1);
    assert_eq!(completed[0]["id"], crowd0[0]["id"]);
}

#[test]
fn a_payment_plan_paid_in_full_keeps_access_when_it_ends() {
    let shop = Shop::open();
    let plan = json!({"name": "Plan", "kartra_tag": TAG, "prices": [{"kind": "payment_plan", "currency": "USD", "amount": 3000, "interval": "month", "installments": 3}]});
    let plan = shop.sell(plan, "plan", &["test"]);
    let res = shop.order_on("plan", "plan@example.com", &plan, "test");
    let pay = res.header("location").unwrap().to_string();
    shop.press(&pay, "complete");
    shop.press(&pay, "renew");
    shop.press(&pay, "renew");
    let order = shop.wait_order("plan@example.com", "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let detail = api(
        &shop.server.base,
        "GET",
        &format!("/orders/{}", order["id"]),
        Some(&shop.token),
        None,
    )
    .json();
    assert!(
        detail["events"][2]["outcome"]
            .as_str()
            .unwrap()
            .contains("installment 3 of 3 paid"),
        "{detail}"
    );
    shop.press(&pay, "cancel");
    let order = &shop.orders("plan@example.com")[0];
    assert_eq!(
        order["status"], "completed",
        "a finished plan's end is not a cancellation"
    );
    assert_eq!(
        order["fulfillment"].as_array().unwrap().len(),
        1,
        "no revoke"
    );
    assert!(shop.has_tag("plan@example.com", TAG));
}

#[test]
fn a_switched_off_test_gateway_completes_nothing_even_for_earlier_orders() {
    let shop = Shop::open();
    let page = shop.checkout("late@example.com", 0);
    let off = api(
        &shop.server.base,
        "PUT",
        "/gateways/test",
        Some(&shop.token),
        Some(r#"{"enabled": false}"#),
    );
    assert_eq!(off.json()["enabled"], false);
    assert_eq!(shop.press(&page, "complete").status, 400);
    let payment_ref = page.trim_start_matches("/pay/test/");
    let res = shop.event(
        "evt_after_off",
        "payment.completed",
        payment_ref,
        now(),
        SECRET,
    );
    assert_eq!(
        (res.status, res.json()["error"]["code"].as_str()),
        (400, Some("gateway_off"))
    );
    assert_eq!(shop.orders("late@example.com")[0]["status"], "pending");
    assert!(
        !Browser::new(&shop.server.base)
            .get("/p/pro")
            .body
            .contains("<form"),
        "the page stops offering it"
    );
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
