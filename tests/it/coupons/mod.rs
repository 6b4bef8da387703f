//! Coupons: the API, the checkout's coupon field and `?coupon=` links, the use counted with
//! the order (and the race for the last one), free orders, and renewals at the discounted
//! price. The app runs in this process on a test clock (`app`).

mod api;
mod checkout;
mod dashboard;
mod one_time;
mod processors;
mod stripe;

use crate::app::TestApp;
use crate::fake_kartra::{FakeKartra, API_KEY, API_PASSWORD, APP_ID};
use crate::harness::{api, Browser, Resp};
use crate::purchase::{SECRET, TAG};
use serde_json::{json, Value};

pub struct Shop {
    pub app: TestApp,
    pub kartra: FakeKartra,
    pub token: String,
}

impl Shop {
    pub fn open(flags: &[&str]) -> Shop {
        let kartra = FakeKartra::with_tags(&[TAG]);
        let mut all = vec!["--kartra-api-url", kartra.url.as_str()];
        all.extend_from_slice(flags);
        let app = TestApp::start(&all);
        let token = app.api_token();
        let shop = Shop { app, kartra, token };
        let creds = json!({"app_id": APP_ID, "api_key": API_KEY, "api_password": API_PASSWORD});
        assert_eq!(
            shop.call("PUT", "/integrations/kartra", Some(creds)).status,
            200
        );
        let test = json!({"enabled": true, "webhook_secret": SECRET});
        assert_eq!(shop.call("PUT", "/gateways/test", Some(test)).status, 200);
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

    /// A product with `prices` on its published page `/p/{slug}`, paid with `gateway`.
    pub fn sell(&self, slug: &str, gateway: &str, prices: Value) -> Value {
        let product =
            json!({"name": format!("Course {slug}"), "kartra_tag": TAG, "prices": prices});
        let res = self.call("POST", "/products", Some(product));
        assert_eq!(res.status, 201, "{}", res.body);
        let product = res.json();
        let page = json!({"title": slug, "slug": slug, "product_id": product["id"], "gateways": [gateway], "published": true});
        let res = self.call("POST", "/pages", Some(page));
        assert_eq!(res.status, 201, "{}", res.body);
        product
    }

    pub fn coupon(&self, body: Value) -> Value {
        let res = self.call("POST", "/coupons", Some(body));
        assert_eq!(res.status, 201, "{}", res.body);
        res.json()
    }

    /// A buyer submits the checkout form for the product's first price with `coupon`.
    pub fn checkout(&self, slug: &str, product: &Value, email: &str, coupon: &str) -> Resp {
        let price = product["prices"][0]["id"].to_string();
        let gateway = "test";
        let fields = [
            ("email", email),
            ("first_name", "Pat"),
            ("last_name", "Lee"),
            ("price_id", price.as_str()),
            ("gateway", gateway),
            ("coupon", coupon),
        ];
        Browser::new(&self.app.base).post(&format!("/p/{slug}/checkout"), &fields)
    }

    pub fn orders(&self, email: &str) -> Vec<Value> {
        let list = self
            .call("GET", &format!("/orders?email={email}"), None)
            .json();
        list.as_array().unwrap().clone()
    }

    /// The buyer's only order with its timeline.
    pub fn order(&self, email: &str) -> Value {
        let list = self.orders(email);
        assert_eq!(list.len(), 1, "{list:?}");
        self.call("GET", &format!("/orders/{}", list[0]["id"]), None)
            .json()
    }

    pub fn has_tag(&self, email: &str) -> bool {
        self.kartra
            .lead(email)
            .is_some_and(|l| l.tags.iter().any(|t| t == TAG))
    }
}

pub fn one_time(amount: i64) -> Value {
    json!([{"kind": "one_time", "currency": "USD", "amount": amount}])
}

pub fn monthly(amount: i64) -> Value {
    json!([{"kind": "subscription", "currency": "USD", "amount": amount, "interval": "month"}])
}
