//! The receipt at `/thank-you/{payment_ref}`: what was bought, the amounts, what follows, who
//! sold it and what happens next; and products that show it before their own thank-you URL.

use crate::app::TestApp;
use crate::fake_kartra::{FakeKartra, API_KEY, API_PASSWORD, APP_ID};
use crate::harness::{api, Browser, Resp};
use crate::purchase::{SECRET, TAG};
use serde_json::{json, Value};
use tagcart::domain::quote::add_months;
use tagcart::domain::shop::ShopProfile;
use tagcart::i18n::{self, Locale};

const DAY: i64 = 86_400;

struct Shop {
    app: TestApp,
    _kartra: FakeKartra,
    token: String,
}

impl Shop {
    fn open() -> Shop {
        let kartra = FakeKartra::with_tags(&[TAG]);
        let app = TestApp::start(&["--kartra-api-url", &kartra.url]);
        let token = app.api_token();
        let shop = Shop {
            app,
            _kartra: kartra,
            token,
        };
        let creds = json!({"app_id": APP_ID, "api_key": API_KEY, "api_password": API_PASSWORD});
        assert_eq!(shop.call("PUT", "/integrations/kartra", creds).status, 200);
        let test = json!({"enabled": true, "webhook_secret": SECRET});
        assert_eq!(shop.call("PUT", "/gateways/test", test).status, 200);
        shop
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Resp {
        let body = body.to_string();
        api(&self.app.base, method, path, Some(&self.token), Some(&body))
    }

    /// A product with `extra` fields and `price`, on the published page `/p/{slug}`.
    fn sell(&self, slug: &str, price: Value, extra: Value) -> Value {
        let mut product =
            json!({"name": format!("Course {slug}"), "kartra_tag": TAG, "prices": [price]});
        for (k, v) in extra.as_object().unwrap() {
            product[k] = v.clone();
        }
        let res = self.call("POST", "/products", product);
        assert_eq!(res.status, 201, "{}", res.body);
        let product = res.json();
        let page = json!({"title": slug, "slug": slug, "product_id": product["id"], "gateways": ["test"], "published": true});
        assert_eq!(self.call("POST", "/pages", page).status, 201);
        product
    }

    /// Checks out on `/p/{slug}` and presses `action` on the test gateway's page; returns the
    /// payment_ref and where the buyer was sent.
    fn buy(&self, slug: &str, product: &Value, action: &str) -> (String, String) {
        let buyer = Browser::new(&self.app.base);
        let price = product["prices"][0]["id"].to_string();
        let fields = [
            ("email", "jane@example.com"),
            ("first_name", "Jane"),
            ("last_name", "Doe"),
            ("price_id", price.as_str()),
            ("gateway", "test"),
        ];
        let res = buyer.post(&format!("/p/{slug}/checkout"), &fields);
        assert_eq!(res.status, 303, "{}", res.body);
        let pay = res.header("location").unwrap().to_string();
        let res = buyer.post(&pay, &[("action", action)]);
        assert_eq!(res.status, 303, "{}", res.body);
        let payment_ref = pay.trim_start_matches("/pay/test/").to_string();
        (payment_ref, res.header("location").unwrap().to_string())
    }

    fn receipt(&self, payment_ref: &str) -> Resp {
        Browser::new(&self.app.base).get(&format!("/thank-you/{payment_ref}"))
    }
}

fn one_time() -> Value {
    json!({"kind": "one_time", "currency": "USD", "amount": 4900})
}

#[test]
fn a_completed_order_gets_a_receipt_with_its_number_amount_and_what_happens_next() {
    let shop = Shop::open();
    let product = shop.sell("solo", one_time(), json!({}));
    let (payment_ref, next) = shop.buy("solo", &product, "complete");
    assert_eq!(next, format!("/thank-you/{payment_ref}"));
    let res = shop.receipt(&payment_ref);
    assert_eq!(res.status, 200);
    let body = &res.body;
    assert!(
        body.contains("Thank you!") && body.contains("Order number"),
        "{body}"
    );
    let order = &shop
        .call("GET", "/orders?email=jane@example.com", json!(null))
        .json()[0];
    assert!(body.contains(&format!("#{}", order["id"])), "{body}");
    assert!(
        body.contains("Course solo") && body.contains("<dt>Paid</dt><dd><strong>$49.00</strong>")
    );
    assert!(body.contains("Kartra will email your login to <strong>jane@example.com</strong>"));
    assert!(!body.contains("Next charge"), "a one-time price has none");
    assert!(
        !body.contains("Questions about your order"),
        "no shop profile, no contact line"
    );
    assert!(!body.contains("Continue</a>"));
    assert!(res.header("refresh").is_none());
}

#[test]
fn a_pending_order_says_it_is_being_confirmed_and_refreshes_itself() {
    let shop = Shop::open();
    let product = shop.sell("wait", one_time(), json!({}));
    let (payment_ref, next) = shop.buy("wait", &product, "pending");
    assert_eq!(next, format!("/thank-you/{payment_ref}"));
    let res = shop.receipt(&payment_ref);
    assert!(res.body.contains("Confirming your payment"), "{}", res.body);
    assert!(res.body.contains("<dt>Due today</dt>") && !res.body.contains("Kartra will email"));
    assert_eq!(res.header("refresh"), Some("5"));
}

#[test]
fn a_subscription_receipt_names_the_next_charge_and_its_date() {
    let shop = Shop::open();
    let monthly =
        json!({"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month"});
    let product = shop.sell("club", monthly, json!({}));
    let (payment_ref, _) = shop.buy("club", &product, "complete");
    let body = shop.receipt(&payment_ref).body;
    let next = day(add_months(shop.app.now(), 1));
    assert!(
        body.contains(&format!("Next charge: <strong>$19.00</strong> on {next}.")),
        "{body}"
    );
    assert!(body.contains("$19.00 every month") && !body.contains("subscription"));
    // Read again after that date, it announces no charge in the past.
    shop.app.advance(32 * DAY);
    let later = shop.receipt(&payment_ref).body;
    assert!(
        later.contains("$19.00 every month") && !later.contains("Next charge"),
        "{later}"
    );
}

#[test]
fn a_trial_receipt_says_nothing_was_charged_and_when_the_first_charge_comes() {
    let shop = Shop::open();
    let trial = json!({"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month", "trial_days": 14});
    let product = shop.sell("try", trial, json!({}));
    let (payment_ref, _) = shop.buy("try", &product, "complete");
    let body = shop.receipt(&payment_ref).body;
    assert!(body.contains("Your free trial has started"), "{body}");
    assert!(body.contains("<dt>Paid</dt><dd><strong>$0.00</strong>"));
    let ends = day(shop.app.now() + 14 * DAY);
    assert!(
        body.contains(&format!(
            "Your free trial ends on {ends}, with the first charge of <strong>$19.00</strong>."
        )),
        "{body}"
    );
    assert!(!body.contains("payment went through"));

    // The dashboard says the same words, never the raw kind.
    let admin = shop.app.admin();
    let order = &shop
        .call("GET", "/orders?email=jane@example.com", json!(null))
        .json()[0];
    for path in [
        "/admin/orders".to_string(),
        format!("/admin/orders/{}", order["id"]),
        "/admin/buyers/jane@example.com".into(),
    ] {
        let page = admin.get(&path).body;
        assert!(
            page.contains("free for 14 days, then $19.00 every month"),
            "{path}: {page}"
        );
        assert!(!page.contains("(subscription)"), "{path}");
    }
}

#[test]
fn the_receipt_names_the_merchant_and_their_support_email_once_set() {
    let shop = Shop::open();
    let product = shop.sell("brand", one_time(), json!({}));
    let profile = ShopProfile {
        name: "Acme Courses".into(),
        support_email: Some("help@acme.test".into()),
        ..Default::default()
    };
    tagcart::settings::save_shop_profile(&shop.app.pool.get().unwrap(), &profile).unwrap();
    let (payment_ref, _) = shop.buy("brand", &product, "complete");
    let body = shop.receipt(&payment_ref).body;
    assert!(body.contains("Acme Courses"), "{body}");
    assert!(body.contains(
        "Write to Acme Courses at <a href=\"mailto:help@acme.test\">help@acme.test</a>."
    ));
}

#[test]
fn a_product_may_show_the_receipt_first_with_a_link_on_to_its_thank_you_url() {
    let shop = Shop::open();
    let own = json!({"thank_you_url": "https://example.com/welcome"});
    let plain = shop.sell("own", one_time(), own);
    assert_eq!(plain["show_receipt"], false, "{plain}");
    let (_, next) = shop.buy("own", &plain, "complete");
    assert_eq!(
        next, "https://example.com/welcome",
        "today's behaviour by default"
    );

    let first = json!({"thank_you_url": "https://example.com/welcome", "show_receipt": true});
    let product = shop.sell("first", one_time(), first);
    assert_eq!(product["show_receipt"], true);
    let (payment_ref, next) = shop.buy("first", &product, "complete");
    assert_eq!(next, format!("/thank-you/{payment_ref}"));
    let body = shop.receipt(&payment_ref).body;
    assert!(
        body.contains("href=\"https://example.com/welcome\">Continue</a>"),
        "{body}"
    );
    // The API turns it off again.
    let path = format!("/products/{}", product["id"]);
    let back = json!({"name": product["name"], "kartra_tag": TAG, "thank_you_url": "https://example.com/welcome",
        "show_receipt": false, "prices": [one_time()]});
    let res = shop.call("PUT", &path, back);
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["show_receipt"], false);
}

#[test]
fn a_receipt_is_found_only_by_its_payment_ref() {
    let shop = Shop::open();
    let product = shop.sell("guess", one_time(), json!({}));
    shop.buy("guess", &product, "complete");
    for guess in ["1", "pay_", "pay_0000000000000000"] {
        let res = shop.receipt(guess);
        assert_eq!(res.status, 404, "{guess}");
        assert!(!res.body.contains("jane@example.com"));
    }
}

#[test]
fn a_plan_receipt_names_the_installments_left_and_keeps_what_was_paid_after_an_edit() {
    let shop = Shop::open();
    let plan = json!({"kind": "payment_plan", "currency": "USD", "amount": 2000, "interval": "month", "installments": 3});
    let product = shop.sell("plan", plan, json!({}));
    let (payment_ref, _) = shop.buy("plan", &product, "complete");
    let next = day(add_months(shop.app.now(), 1));
    let said = [
        "<dt>Paid</dt><dd><strong>$20.00</strong>".to_string(),
        format!("Next charge: <strong>$20.00</strong> on {next}."),
        "Then 2 more payments of $20.00 every month.".into(),
    ];
    let body = shop.receipt(&payment_ref).body;
    for words in &said {
        assert!(body.contains(words.as_str()), "{words}: {body}");
    }

    // The merchant raises the same option's price: this order's receipt still says what it paid.
    let path = format!("/products/{}", product["id"]);
    let price = &product["prices"][0];
    let edited = json!({"name": product["name"], "kartra_tag": TAG, "prices": [{"id": price["id"],
        "kind": "payment_plan", "currency": "USD", "amount": 2500, "interval": "month", "installments": 3}]});
    let res = shop.call("PUT", &path, edited);
    assert_eq!(res.status, 200, "{}", res.body);
    let body = shop.receipt(&payment_ref).body;
    for words in &said {
        assert!(body.contains(words.as_str()), "{words}: {body}");
    }
    assert!(!body.contains("$25.00"), "{body}");
}

/// A day as the English receipt writes it.
fn day(ts: i64) -> String {
    i18n::date(Locale::En, ts)
}
