//! Checkout to Kartra access, end to end: the real binary, the test gateway, a strict fake Kartra.

use crate::fake_kartra::{FakeKartra, API_KEY, API_PASSWORD, APP_ID};
use crate::harness::{api, Browser, Server};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};

mod access;
mod checkout;
mod operations;
mod search;
mod stats;

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

    /// One order with its timeline (`events`, `attempts`), as `GET /orders/{id}` answers.
    pub fn order_detail(&self, id: &Value) -> Value {
        let path = format!("/orders/{id}");
        api(&self.server.base, "GET", &path, Some(&self.token), None).json()
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
