//! More per buyer (issue 15): the order bump paid with the main product, the one-click
//! upsell after payment as its own order, each line granting its own product's tag. Here on
//! the test gateway in this process (a test clock for the offer's 30 minutes); `processors`
//! runs them at localstripe and the strict fake PayPal with the real binary.

mod bump;
mod pages;
mod processors;
mod upsell;

use crate::coupons::Shop;
use crate::harness::{Browser, Resp};
use serde_json::{json, Value};

pub const BUMP_TAG: &str = "workbook-buyer";
pub const UPSELL_TAG: &str = "coaching-buyer";
pub const BUYER: &str = "jane@example.com";

/// A shop selling the course on `/p/course` (one-time $49 and monthly $19, test gateway),
/// a $19 workbook and $290 coaching, each product with its own tag.
pub struct Store {
    pub shop: Shop,
    pub course: Value,
    pub workbook: Value,
    pub coaching: Value,
    pub page: Value,
}

impl Store {
    pub fn open() -> Store {
        let shop = Shop::open(&[]);
        for tag in [BUMP_TAG, UPSELL_TAG] {
            shop.kartra.add_tag(tag);
        }
        let course = json!([{"kind": "one_time", "currency": "USD", "amount": 4900},
            {"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month"}]);
        let course = shop.sell("course", "test", course);
        let product = |name: &str, tag: &str, amount: i64| {
            let body = json!({"name": name, "kartra_tag": tag, "revoke_on_refund": true,
                "prices": [{"kind": "one_time", "currency": "USD", "amount": amount},
                           {"kind": "subscription", "currency": "USD", "amount": 900, "interval": "month"}]});
            let res = shop.call("POST", "/products", Some(body));
            assert_eq!(res.status, 201, "{}", res.body);
            res.json()
        };
        let workbook = product("Workbook", BUMP_TAG, 1900);
        let coaching = product("Coaching call", UPSELL_TAG, 29000);
        let page = shop.call("GET", "/pages", None).json()[0].clone();
        Store {
            shop,
            course,
            workbook,
            coaching,
            page,
        }
    }

    /// Sets the page's bump and upsell (`null` for none) and publishes it.
    pub fn offer(&self, bump: Value, upsell: Value) -> Resp {
        let mut page = self.page.clone();
        page["bump"] = bump;
        page["upsell"] = upsell;
        page["published"] = json!(true);
        self.shop
            .call("PUT", &format!("/pages/{}", page["id"]), Some(page))
    }

    /// The add-on for `product`'s one-time price.
    pub fn add_on(product: &Value, headline: &str) -> Value {
        json!({"product_id": product["id"], "price_id": product["prices"][0]["id"],
            "headline": headline, "text": "Worksheets for every lesson."})
    }

    /// The buyer submits the checkout form for the course's option `price` (0: one-time).
    pub fn checkout(&self, email: &str, price: usize, extra: &[(&str, &str)]) -> Resp {
        let price = self.course["prices"][price]["id"].to_string();
        let mut fields = vec![
            ("email", email),
            ("first_name", "Jane"),
            ("last_name", "Doe"),
            ("price_id", price.as_str()),
            ("gateway", "test"),
        ];
        fields.extend_from_slice(extra);
        Browser::new(&self.shop.app.base).post("/p/course/checkout", &fields)
    }

    /// Checks out and pays on the test gateway's page; returns where the buyer goes next.
    pub fn buy(&self, email: &str, extra: &[(&str, &str)]) -> String {
        let res = self.checkout(email, 0, extra);
        assert_eq!(res.status, 303, "{}", res.body);
        let pay = res.header("location").unwrap().to_string();
        let res = Browser::new(&self.shop.app.base).post(&pay, &[("action", "complete")]);
        assert_eq!(res.status, 303, "{}", res.body);
        res.header("location").unwrap().to_string()
    }

    /// The buyer's orders with their timelines, oldest first.
    pub fn orders(&self, email: &str) -> Vec<Value> {
        let mut list = self.shop.orders(email);
        list.reverse();
        list.iter()
            .map(|o| {
                self.shop
                    .call("GET", &format!("/orders/{}", o["id"]), None)
                    .json()
            })
            .collect()
    }

    pub fn tags(&self, email: &str) -> Vec<String> {
        self.shop.app.drain();
        let mut tags = self.shop.kartra.lead(email).map_or(vec![], |l| l.tags);
        tags.sort();
        tags
    }
}

/// The tags of each line of an order, in order.
pub fn line_tags(order: &Value) -> Vec<(String, String)> {
    (order["lines"].as_array().unwrap().iter())
        .map(|l| {
            (
                l["kind"].as_str().unwrap().to_string(),
                l["kartra_tag"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// "Yes, add it" as the buyer's browser sends it: the offer's form with the price option and
/// amount the page shows.
/// Once the offer is taken the page leads on, and a form sent again carries only the action.
pub fn accept(buyer: &Browser, offer: &str) -> Resp {
    let page = buyer.get(offer);
    let fields = match page.status {
        200 => shown(&page.body),
        _ => vec![],
    };
    let mut form = vec![("action", "accept")];
    form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    buyer.post(offer, &form)
}

/// The offer form's hidden `price_id` and `amount`.
pub fn shown(page: &str) -> Vec<(&'static str, String)> {
    ["price_id", "amount"]
        .into_iter()
        .map(|name| {
            let value = page
                .split(&format!("name=\"{name}\" value=\""))
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("the offer shows no {name}: {page}"));
            (name, value.to_string())
        })
        .collect()
}
