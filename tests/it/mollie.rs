//! Mollie end to end: the real binary, the strict fake Mollie, the strict fake Kartra. The
//! buyer pays on the fake's hosted checkout; Mollie's webhook calls, its subscriptions'
//! charges and its outages are the test's to make.

mod actions;
mod browser;
mod payments;
mod settings;
mod subscriptions;

use crate::fake_kartra::FakeKartra;
use crate::fake_mollie::{FakeMollie, API_KEY};
use crate::harness::{api, Browser, Resp, Server};
use crate::purchase::{Shop, TAG};
use serde_json::{json, Value};

/// The page that offers only Mollie.
pub const SLUG: &str = "mo";

/// A shop (Kartra connected, the Pro Course at $49.00 once or $19.00 a month) whose page
/// `/p/mo` offers only Mollie, played by `mollie`.
pub fn mollie_shop(mollie: &FakeMollie) -> Shop {
    let kartra = FakeKartra::with_tags(&[TAG]);
    let flags = [
        "--kartra-api-url",
        kartra.url.as_str(),
        "--mollie-api-url",
        mollie.url.as_str(),
    ];
    let server = Server::start_with(tempfile::tempdir().unwrap(), &flags);
    let shop = Shop::set_up(server, kartra, true);
    let keys = json!({"enabled": true, "api_key": API_KEY}).to_string();
    let set = api(
        &shop.server.base,
        "PUT",
        "/gateways/mollie",
        Some(&shop.token),
        Some(&keys),
    );
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(
        (
            set.json()["enabled"].as_bool(),
            set.json()["configured"].as_bool()
        ),
        (Some(true), Some(true))
    );
    let page = json!({"title": "Pay", "slug": SLUG, "product_id": shop.product["id"], "gateways": ["mollie"], "published": true});
    let created = api(
        &shop.server.base,
        "POST",
        "/pages",
        Some(&shop.token),
        Some(&page.to_string()),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    shop
}

/// The buyer checks out with Mollie for the product's price `price`: sent to Mollie's
/// checkout. Returns the payment Mollie made for it.
pub fn check_out(shop: &Shop, mollie: &FakeMollie, email: &str, price: usize) -> Value {
    let res = crate::processors::checkout(shop, SLUG, email, "mollie", price);
    assert_eq!(res.status, 303, "{}", res.body);
    let payment = mollie.payments().pop().expect("a payment at Mollie");
    let checkout = payment["_links"]["checkout"]["href"].as_str().unwrap();
    assert_eq!(
        res.header("location"),
        Some(checkout),
        "to Mollie's hosted checkout"
    );
    payment
}

/// The buyer presses `action` (paid, failed, canceled) on Mollie's checkout page, which calls
/// the webhook and sends the browser back; returns where our return page sends it next.
pub fn press(shop: &Shop, mollie: &FakeMollie, payment_id: &str, action: &str) -> Resp {
    let at_mollie = Browser::new(&mollie.url);
    let page = at_mollie.get(&format!("/checkout/{payment_id}"));
    assert_eq!(page.status, 200, "{}", page.body);
    let pressed = at_mollie.post(&format!("/checkout/{payment_id}"), &[("action", action)]);
    assert_eq!(pressed.status, 303, "{}", pressed.body);
    back(shop, pressed.header("location").unwrap())
}

/// The browser arrives at `url` on our side (Mollie's redirect).
pub fn back(shop: &Shop, url: &str) -> Resp {
    let path = url
        .strip_prefix(&shop.server.base)
        .expect("back to our public URL");
    Browser::new(&shop.server.base).get(path)
}

/// A POST to `/webhooks/mollie` with this form body, as Mollie (or anyone) sends it.
pub fn deliver(shop: &Shop, form: &str) -> Resp {
    let res = ureq::post(&shop.server.url("/webhooks/mollie"))
        .set("Content-Type", "application/x-www-form-urlencoded")
        .send_string(form);
    let res = match res {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    Resp {
        status: res.status(),
        headers: vec![],
        body: res.into_string().unwrap(),
    }
}

/// Mollie calls the webhook for this payment: the outcome tagcart answered.
pub fn notified(mollie: &FakeMollie, payment_id: &str) -> String {
    let (status, body) = mollie.notify(payment_id);
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    answer["outcome"].as_str().unwrap_or_default().to_string()
}

/// The buyer's only order.
pub fn order_of(shop: &Shop, email: &str) -> Value {
    let orders = shop.orders(email);
    assert_eq!(orders.len(), 1, "one order for {email}: {orders:?}");
    orders[0].clone()
}

/// The `type`s on the order's timeline, newest first.
pub fn timeline(shop: &Shop, order: &Value) -> Vec<String> {
    let detail = shop.order_detail(&order["id"]);
    let events = detail["events"].as_array().cloned().unwrap_or_default();
    events
        .iter()
        .map(|e| e["type"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Runs the reconciliation pass a server runs every minute, `secs_later` from now.
pub fn reconcile(shop: &Shop, mollie: &FakeMollie, secs_later: i64) -> usize {
    use clap::Parser;
    let cli = tagcart::cli::Cli::parse_from(["tagcart", "serve", "--mollie-api-url", &mollie.url]);
    let tagcart::cli::Command::Serve(args) = cli.command else {
        unreachable!()
    };
    let config = tagcart::config::Config::from_args(&args, shop.server.data_dir()).unwrap();
    let (pool, key) = tagcart::startup::open_data_dir(shop.server.data_dir()).unwrap();
    let processors =
        tagcart::gateways::Registry::load(std::sync::Arc::new(config), &pool.get().unwrap(), &key)
            .unwrap();
    tagcart::orders::reconcile::run(&pool, &processors, crate::purchase::now() + secs_later)
        .unwrap()
}
