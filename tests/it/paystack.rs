//! Paystack end to end: the app in this process on a test clock, the strict fake Paystack
//! (its hosted page, its signed events delivered to `/webhooks/paystack`), the strict fake
//! Kartra. Each purchase ends with the right Kartra tag state.

mod browser;
mod keys;
mod purchase;
mod refunds;
mod subscriptions;

use crate::app::TestApp;
use crate::fake_kartra::{FakeKartra, API_KEY, API_PASSWORD, APP_ID};
use crate::fake_paystack::{Delivery, FakePaystack, PUBLIC_KEY, SECRET_KEY};
use crate::harness::{api, Browser, Resp};
use crate::purchase::TAG;
use serde_json::{json, Value};

pub const DAY: i64 = 86_400;
const GRACE_DAYS: i64 = 3;

/// A merchant whose page `/p/ps` offers only Paystack: $49.00 once, or $19.00 a month.
pub struct Shop {
    pub app: TestApp,
    pub paystack: FakePaystack,
    pub kartra: FakeKartra,
    pub token: String,
    pub product: Value,
}

impl Shop {
    pub fn open() -> Shop {
        let paystack = FakePaystack::start();
        let kartra = FakeKartra::with_tags(&[TAG]);
        let app = TestApp::start(&[
            "--kartra-api-url",
            &kartra.url,
            "--paystack-api-url",
            &paystack.url,
        ]);
        let token = app.api_token();
        let mut shop = Shop {
            app,
            paystack,
            kartra,
            token,
            product: Value::Null,
        };
        let creds = json!({"app_id": APP_ID, "api_key": API_KEY, "api_password": API_PASSWORD});
        assert_eq!(
            shop.call("PUT", "/integrations/kartra", Some(creds)).status,
            200
        );
        let keys = json!({"enabled": true, "secret_key": SECRET_KEY, "public_key": PUBLIC_KEY});
        let res = shop.call("PUT", "/gateways/paystack", Some(keys));
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(
            (
                res.json()["enabled"].as_bool(),
                res.json()["configured"].as_bool()
            ),
            (Some(true), Some(true))
        );
        shop.product = shop.sell(
            "ps",
            json!([
                {"kind": "one_time", "currency": "USD", "amount": 4900},
                {"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month"},
            ]),
        );
        shop.paystack
            .set_webhook_url(&format!("{}/webhooks/paystack", shop.app.base));
        shop
    }

    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        let body = body.map(|b| b.to_string());
        api(
            &self.app.base,
            method,
            path,
            Some(&self.token),
            body.as_deref(),
        )
    }

    /// A product with `prices` on its own page `/p/{slug}` offering Paystack; its subscriptions
    /// keep access to the period's end and for 3 grace days of failing renewals.
    pub fn sell(&self, slug: &str, prices: Value) -> Value {
        let product = json!({"name": format!("Course {slug}"), "kartra_tag": TAG,
            "thank_you_url": "https://example.com/thanks", "on_cancel": "period_end",
            "grace_days": GRACE_DAYS, "prices": prices});
        let res = self.call("POST", "/products", Some(product));
        assert_eq!(res.status, 201, "{}", res.body);
        let product = res.json();
        let page = json!({"title": slug, "slug": slug, "product_id": product["id"], "gateways": ["paystack"], "published": true});
        assert_eq!(self.call("POST", "/pages", Some(page)).status, 201);
        product
    }

    /// A buyer submits the checkout form on `/p/{slug}` for `price` of `product`.
    pub fn checkout_on(&self, slug: &str, product: &Value, email: &str, price: usize) -> Resp {
        let price = product["prices"][price]["id"].to_string();
        let fields = [
            ("email", email),
            ("first_name", "Ada"),
            ("last_name", "Obi"),
            ("price_id", price.as_str()),
            ("gateway", "paystack"),
        ];
        Browser::new(&self.app.base).post(&format!("/p/{slug}/checkout"), &fields)
    }

    /// Checks out on `/p/ps` and lands on Paystack's hosted page; the transaction's reference.
    pub fn checkout(&self, email: &str, price: usize) -> String {
        let res = self.checkout_on("ps", &self.product, email, price);
        assert_eq!(res.status, 303, "{}", res.body);
        let hosted = res.header("location").unwrap().to_string();
        let code = hosted.strip_prefix(&format!("{}/checkout/", self.paystack.url));
        let code = code.unwrap_or_else(|| panic!("to Paystack's hosted page: {hosted}"));
        let found = self
            .paystack
            .transactions()
            .into_iter()
            .find(|t| t.access_code == code);
        found.expect("the transaction behind the page").reference
    }

    /// The buyer's browser back from Paystack at `location` (our callback_url).
    pub fn come_back(&self, location: &str) -> Resp {
        let path = location
            .strip_prefix(&self.app.base)
            .expect("back to our public URL");
        Browser::new(&self.app.base).get(path)
    }

    /// POSTs a delivery to `/webhooks/paystack` with `signature` (none: no header).
    pub fn deliver(&self, d: &Delivery, signature: Option<&str>) -> Resp {
        let mut req = ureq::post(&format!("{}/webhooks/paystack", self.app.base))
            .set("Content-Type", "application/json");
        if let Some(signature) = signature {
            req = req.set("x-paystack-signature", signature);
        }
        let res = match req.send_string(&d.body) {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{e}"),
        };
        Resp {
            status: res.status(),
            headers: vec![],
            body: res.into_string().unwrap(),
        }
    }

    /// The buyer's only order, with its timeline, jobs and actions.
    pub fn order(&self, email: &str) -> Value {
        let list = self
            .call("GET", &format!("/orders?email={email}"), None)
            .json();
        assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
        let res = self.call("GET", &format!("/orders/{}", list[0]["id"]), None);
        assert_eq!(res.status, 200, "{}", res.body);
        res.json()
    }

    pub fn orders(&self, email: &str) -> Vec<Value> {
        let list = self
            .call("GET", &format!("/orders?email={email}"), None)
            .json();
        list.as_array().cloned().unwrap_or_default()
    }

    /// `POST /orders/{id}/{action}` with `body`.
    pub fn act(&self, email: &str, action: &str, body: Value) -> Resp {
        let id = self.order(email)["id"].clone();
        self.call("POST", &format!("/orders/{id}/{action}"), Some(body))
    }

    pub fn has_tag(&self, email: &str) -> bool {
        self.kartra
            .lead(email)
            .is_some_and(|l| l.tags.iter().any(|t| t == TAG))
    }

    /// The (action, state) of the order's Kartra jobs.
    pub fn jobs(&self, email: &str) -> Vec<(String, String)> {
        let order = self.order(email);
        let jobs = order["fulfillment"].as_array().cloned().unwrap_or_default();
        let word = |v: &Value| v.as_str().unwrap_or_default().to_string();
        jobs.iter()
            .map(|j| (word(&j["action"]), word(&j["state"])))
            .collect()
    }

    /// The order's events as (type, outcome), oldest first.
    pub fn events(&self, email: &str) -> Vec<(String, String)> {
        let order = self.order(email);
        let events = order["events"].as_array().cloned().unwrap_or_default();
        let word = |v: &Value| v.as_str().unwrap_or_default().to_string();
        events
            .iter()
            .map(|e| (word(&e["type"]), word(&e["outcome"])))
            .collect()
    }

    /// A paid one-time order: checked out, paid at Paystack, its event delivered, tag granted.
    pub fn paid(&self, email: &str) -> String {
        let reference = self.checkout(email, 0);
        self.paystack.pay(&reference);
        self.app.drain();
        assert_eq!(self.order(email)["status"], "completed");
        assert!(self.has_tag(email));
        reference
    }
}

/// What tagcart answered to each delivery, as (event, status, outcome).
pub fn answers(delivered: &[crate::fake_paystack::Delivered]) -> Vec<(String, u16, String)> {
    let outcome = |body: &str| {
        let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        v["outcome"].as_str().unwrap_or(body).to_string()
    };
    delivered
        .iter()
        .map(|d| (d.event.clone(), d.status, outcome(&d.body)))
        .collect()
}
