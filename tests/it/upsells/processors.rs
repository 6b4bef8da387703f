//! Bumps and upsells at the real processors, with the real binary: localstripe takes the bump
//! in one PaymentIntent and the upsell off-session from the saved card; the strict fake PayPal
//! takes a two-item order and a second approval.

use super::{BUMP_TAG, UPSELL_TAG};
use crate::fake_paypal::FakePayPal;
use crate::harness::{api, Browser, Resp};
use crate::localstripe::LocalStripe;
use crate::processors::{
    approve_and_return, deliver, paypal_shop, stripe_shop, STRIPE_SUBSCRIPTION_EVENTS,
};
use crate::purchase::{Shop, TAG};
use serde_json::{json, Value};

const EMAIL: &str = "pat@example.com";

/// The shop's page `slug` offers a $19 workbook as its bump and $290 coaching as its upsell.
fn offer_both(shop: &Shop, slug: &str) {
    let one_time = |amount| json!([{"kind": "one_time", "currency": "USD", "amount": amount}]);
    let workbook = product(shop, "Workbook", BUMP_TAG, one_time(1900));
    let coaching = product(shop, "Coaching call", UPSELL_TAG, one_time(29000));
    set_page(shop, slug, |page| {
        page["bump"] = add_on(&workbook, "Add the workbook");
        page["upsell"] = add_on(&coaching, "Book a coaching call");
    });
}

/// The shop's page `slug` offers $9 monthly sheets as its bump, beside the $19 monthly course.
fn offer_monthly_sheets(shop: &Shop, slug: &str) {
    let monthly =
        json!([{"kind": "subscription", "currency": "USD", "amount": 900, "interval": "month"}]);
    let sheets = product(shop, "Monthly sheets", BUMP_TAG, monthly);
    set_page(shop, slug, |page| {
        page["bump"] = add_on(&sheets, "Add monthly sheets")
    });
}

fn add_on(product: &Value, headline: &str) -> Value {
    json!({"product_id": product["id"], "price_id": product["prices"][0]["id"], "headline": headline, "text": ""})
}

fn call(shop: &Shop, method: &str, path: &str, body: Value) -> Value {
    let res = api(
        &shop.server.base,
        method,
        path,
        Some(&shop.token),
        Some(&body.to_string()),
    );
    assert!(res.status < 300, "{path}: {}", res.body);
    res.json()
}

fn product(shop: &Shop, name: &str, tag: &str, prices: Value) -> Value {
    shop.kartra.add_tag(tag);
    let body = json!({"name": name, "kartra_tag": tag, "prices": prices});
    call(shop, "POST", "/products", body)
}

/// Changes the page `slug` with `change`, and publishes it.
fn set_page(shop: &Shop, slug: &str, change: impl FnOnce(&mut Value)) {
    let pages = api(&shop.server.base, "GET", "/pages", Some(&shop.token), None).json();
    let mut page = (pages.as_array().unwrap().iter())
        .find(|p| p["slug"] == slug)
        .unwrap()
        .clone();
    change(&mut page);
    page["published"] = json!(true);
    call(shop, "PUT", &format!("/pages/{}", page["id"]), page);
}

fn checkout_with_bump(shop: &Shop, slug: &str, gateway: &str) -> Resp {
    checkout_option_with_bump(shop, slug, gateway, 0, &[])
}

/// The buyer ticks the bump beside the course's option `price` (0: one-time, 1: monthly).
fn checkout_option_with_bump(
    shop: &Shop,
    slug: &str,
    gateway: &str,
    price: usize,
    extra: &[(&str, &str)],
) -> Resp {
    let price = shop.price_id(price);
    let mut fields = vec![
        ("email", EMAIL),
        ("first_name", "Pat"),
        ("last_name", "Lee"),
        ("price_id", price.as_str()),
        ("gateway", gateway),
        ("bump", "1"),
    ];
    fields.extend_from_slice(extra);
    Browser::new(&shop.server.base).post(&format!("/p/{slug}/checkout"), &fields)
}

fn attribute(html: &str, name: &str) -> String {
    html.split(&format!("{name}=\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// Polls until `done` holds: the real binary's worker grants in the background.
fn wait(what: &str, done: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "waited 20 s for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn tags(shop: &Shop) -> Vec<String> {
    let mut tags = shop.kartra.lead(EMAIL).map_or(vec![], |l| l.tags);
    tags.sort();
    tags
}

#[test]
fn stripe_takes_the_bump_in_one_payment_intent_and_the_upsell_off_session() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &["payment_intent.succeeded"]);
    offer_both(&shop, "card");

    let res = checkout_with_bump(&shop, "card", "stripe");
    assert_eq!(res.status, 303, "{}", res.body);
    let buyer = Browser::new(&shop.server.base);
    let card_page = buyer.get(res.header("location").unwrap()).body;
    assert!(
        card_page.contains("Your card is saved with the card processor"),
        "the page says the card is kept for the offer"
    );
    for words in ["Workbook", "$19.00", "$68.00"] {
        assert!(card_page.contains(words), "{words}");
    }
    let secret = attribute(&card_page, "data-client-secret");
    let intent = secret.split("_secret_").next().unwrap().to_string();
    let at_stripe = stripe.get(&format!("/v1/payment_intents/{intent}"));
    assert_eq!(
        (at_stripe["amount"].as_i64(), at_stripe["currency"].as_str()),
        (Some(6800), Some("usd")),
        "the course and the workbook in one payment"
    );
    assert!(
        at_stripe["customer"]
            .as_str()
            .is_some_and(|c| c.starts_with("cus_")),
        "kept on a customer for the upsell: {at_stripe}"
    );
    let next = attribute(&card_page, "data-next");
    assert!(next.starts_with("/upsell/pay_"), "{next}");

    stripe.pay(&intent, "pm_card_visa").unwrap(); // confirmCardPayment in the browser
    let main = shop.wait_order(EMAIL, "the payment", |o| o["status"] == "completed");
    wait("the course and the workbook granted", || {
        tags(&shop).len() == 2
    });
    assert_eq!(tags(&shop), [TAG, BUMP_TAG]);

    let offer = buyer.get(&next);
    assert!(offer
        .body
        .contains("It is charged to the card you just used"));
    let res = super::accept(&buyer, &next);
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.header("location"), Some("https://example.com/thanks"));
    let again = super::accept(&buyer, &next);
    assert_eq!(again.status, 303, "{}", again.body);

    let orders = shop.orders(EMAIL);
    assert_eq!(orders.len(), 2, "{orders:?}");
    let upsell = orders
        .iter()
        .find(|o| o["parent_order_id"] == main["id"])
        .unwrap();
    let upsell_intent = upsell["processor_ref"].as_str().unwrap().to_string();
    let charged = stripe.get(&format!("/v1/payment_intents/{upsell_intent}"));
    assert_eq!(
        (
            charged["amount"].as_i64(),
            charged["status"].as_str(),
            charged["customer"].as_str(),
            charged["payment_method"].as_str()
        ),
        (
            Some(29000),
            Some("succeeded"),
            at_stripe["customer"].as_str(),
            stripe.get(&format!("/v1/payment_intents/{intent}"))["payment_method"].as_str()
        ),
        "the saved card, charged once: {charged}"
    );
    let intents = stripe.get("/v1/payment_intents");
    let charged_here = (intents["data"].as_array().unwrap().iter())
        .filter(|i| i["customer"] == at_stripe["customer"])
        .count();
    assert_eq!(
        charged_here, 2,
        "the course with its bump, then the upsell: {intents}"
    );
    wait("the upsell granted by its own webhook", || {
        tags(&shop).len() == 3
    });
    assert_eq!(tags(&shop), [UPSELL_TAG, TAG, BUMP_TAG]);
}

#[test]
fn paypal_takes_a_two_item_order_and_approves_the_upsell_once_more() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    offer_both(&shop, "pp");

    let res = checkout_with_bump(&shop, "pp", "paypal");
    assert_eq!(res.status, 303, "{}", res.body);
    let order = paypal.orders().remove(0);
    assert_eq!(order.value, "68.00");
    let items: Vec<(&str, &str)> = (order.items.iter())
        .map(|i| {
            (
                i["name"].as_str().unwrap(),
                i["unit_amount"]["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(items, [("Pro Course", "49.00"), ("Workbook", "19.00")]);

    let back = approve_and_return(&shop, &paypal, &order.id);
    let offer = back.header("location").unwrap().to_string();
    assert!(offer.starts_with("/upsell/pay_"), "{offer}");
    let capture = paypal.capture_resource(&order.id);
    let res = deliver(&shop, paypal.event("PAYMENT.CAPTURE.COMPLETED", capture));
    assert_eq!(res.status, 200, "{}", res.body);
    shop.wait_order(EMAIL, "the course completed", |o| {
        o["status"] == "completed"
    });

    let buyer = Browser::new(&shop.server.base);
    assert!(buyer
        .get(&offer)
        .body
        .contains("You approve this payment once more"));
    let res = super::accept(&buyer, &offer);
    assert_eq!(res.status, 303, "{}", res.body);
    assert!(
        res.header("location").unwrap().starts_with(&paypal.url),
        "to PayPal to approve it"
    );
    let upsell = paypal.orders().remove(1);
    assert_eq!(upsell.value, "290.00");
    let main_ref = offer.strip_prefix("/upsell/").unwrap();
    assert_eq!(
        upsell.custom_id.as_deref(),
        Some(format!("{main_ref}-upsell").as_str())
    );
    let back = approve_and_return(&shop, &paypal, &upsell.id);
    assert_eq!(back.header("location"), Some("https://example.com/thanks"));
    let capture = paypal.capture_resource(&upsell.id);
    let res = deliver(&shop, paypal.event("PAYMENT.CAPTURE.COMPLETED", capture));
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(shop.orders(EMAIL).len(), 2);
    wait("every line's tag", || tags(&shop).len() == 3);
    assert_eq!(tags(&shop), [UPSELL_TAG, TAG, BUMP_TAG]);
}

#[test]
fn when_the_bank_asks_for_3d_secure_the_upsell_is_confirmed_on_the_card_page() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &["payment_intent.succeeded"]);
    offer_both(&shop, "card");
    let price = shop.price_id(0);
    let fields = [
        ("email", EMAIL),
        ("first_name", "Pat"),
        ("last_name", "Lee"),
        ("price_id", price.as_str()),
        ("gateway", "stripe"),
    ];
    let buyer = Browser::new(&shop.server.base);
    let res = buyer.post("/p/card/checkout", &fields);
    let card_page = buyer.get(res.header("location").unwrap()).body;
    let secret = attribute(&card_page, "data-client-secret");
    let intent = secret.split("_secret_").next().unwrap().to_string();

    // A card whose bank wants 3-D Secure for every payment, confirmed by the buyer.
    let card = stripe
        .post(
            "/v1/payment_methods",
            &[
                ("type", "card"),
                ("card[number]", "4000002760003184"),
                ("card[exp_month]", "12"),
                ("card[exp_year]", "2030"),
                ("card[cvc]", "123"),
            ],
        )
        .unwrap();
    let asked = stripe.pay(&intent, card["id"].as_str().unwrap()).unwrap();
    assert_eq!(asked["status"], "requires_action");
    let authenticate = |intent: &str, secret: &str| {
        let path = format!("/v1/payment_intents/{intent}/_authenticate");
        let done = stripe
            .post(&path, &[("client_secret", secret), ("success", "true")])
            .unwrap();
        assert_eq!(done["status"], "succeeded", "{done}");
    };
    authenticate(&intent, &secret);
    shop.wait_order(EMAIL, "the payment", |o| o["status"] == "completed");

    let offer = attribute(&card_page, "data-next");
    let res = super::accept(&buyer, &offer);
    assert_eq!(res.status, 303, "{}", res.body);
    let confirm = res.header("location").unwrap().to_string();
    assert!(
        confirm.starts_with("/pay/stripe/pay_") && confirm.ends_with("-upsell"),
        "{confirm}"
    );
    let page = buyer.get(&confirm).body;
    assert!(page.contains("data-saved-card=\"pm_") && !page.contains("payment-element"));
    assert!(page.contains("Your bank asks you to confirm this payment"));
    let upsell_secret = attribute(&page, "data-client-secret");
    let upsell_intent = upsell_secret.split("_secret_").next().unwrap().to_string();
    assert_eq!(
        stripe.get(&format!("/v1/payment_intents/{upsell_intent}"))["amount"],
        29000
    );
    // What confirmCardPayment does in the browser with the saved card.
    authenticate(&upsell_intent, &upsell_secret);
    wait("the upsell granted", || tags(&shop).len() == 2);
    assert_eq!(tags(&shop), [UPSELL_TAG, TAG]);
}

#[test]
fn stripe_bills_a_subscription_bump_in_the_courses_subscription() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, STRIPE_SUBSCRIPTION_EVENTS);
    offer_monthly_sheets(&shop, "card");
    let res = checkout_option_with_bump(&shop, "card", "stripe", 1, &[]);
    assert_eq!(res.status, 303, "{}", res.body);
    let buyer = Browser::new(&shop.server.base);
    let card_page = buyer.get(res.header("location").unwrap()).body;
    for words in ["Monthly sheets", "$9.00", "$28.00"] {
        assert!(card_page.contains(words), "{words}: {card_page}");
    }
    let secret = attribute(&card_page, "data-client-secret");
    let setup = secret.split("_secret_").next().unwrap();
    let confirm = format!("/v1/setup_intents/{setup}/confirm");
    let form = [
        ("payment_method", "pm_card_visa"),
        ("client_secret", &secret),
    ];
    stripe.post(&confirm, &form).unwrap(); // confirmCardSetup in the browser
    let answer = buyer.post(&attribute(&card_page, "data-subscribe"), &[]);
    assert_eq!(answer.status, 200, "{}", answer.body);

    let order = shop.wait_order(EMAIL, "the first invoice's webhook", |o| {
        o["status"] == "completed"
    });
    wait("the course and the sheets granted", || {
        tags(&shop).len() == 2
    });
    assert_eq!(tags(&shop), [TAG, BUMP_TAG]);
    let subscription = order["processor_ref"].as_str().unwrap();
    let at_stripe = stripe.get(&format!("/v1/subscriptions/{subscription}"));
    // Stripe gets two items; localstripe bills one, so tagcart gives it one plan for both.
    assert_eq!(at_stripe["plan"]["amount"], 2800, "{at_stripe}");
    let customer = at_stripe["customer"].as_str().unwrap();
    let invoices = stripe.get(&format!("/v1/invoices?customer={customer}"));
    let paid: Vec<_> = (invoices["data"].as_array().unwrap().iter())
        .map(|i| i["amount_paid"].as_i64())
        .collect();
    assert_eq!(paid, [Some(2800)], "one charge for both lines: {invoices}");
    assert_eq!(
        shop.orders(EMAIL).len(),
        1,
        "one order, one subscription, two lines"
    );
}

#[test]
fn paypal_bills_a_subscription_bump_in_one_plan_with_the_coupon_on_the_course_only() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    offer_monthly_sheets(&shop, "pp");
    call(
        &shop,
        "POST",
        "/coupons",
        json!({"code": "HALF", "percent_off": 50, "duration": "repeating", "duration_in_months": 2}),
    );
    let res = checkout_option_with_bump(&shop, "pp", "paypal", 1, &[("coupon", "HALF")]);
    assert_eq!(res.status, 303, "{}", res.body);
    let plan = paypal.plans().pop().unwrap();
    let cycles: Vec<(&str, &str)> = (plan["billing_cycles"].as_array().unwrap().iter())
        .map(|c| {
            (
                c["tenure_type"].as_str().unwrap(),
                c["pricing_scheme"]["fixed_price"]["value"]
                    .as_str()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cycles,
        [("TRIAL", "18.50"), ("REGULAR", "28.00")],
        "half off the course's $19.00, the sheets' $9.00 in full: {plan}"
    );

    let subscription = paypal.subscriptions().remove(0).id;
    approve_and_return(&shop, &paypal, &subscription);
    let activated = paypal.subscription_resource(&subscription);
    let res = deliver(
        &shop,
        paypal.event("BILLING.SUBSCRIPTION.ACTIVATED", activated),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    wait("the course and the sheets granted", || {
        tags(&shop).len() == 2
    });
    // Each cycle PayPal bills is the order's: 18.50 twice, then 28.00.
    for _ in 0..3 {
        paypal.charge(&subscription);
        let sale = paypal.sale_resource(&subscription);
        let res = deliver(&shop, paypal.event("PAYMENT.SALE.COMPLETED", sale));
        assert_eq!(res.status, 200, "{}", res.body);
    }
    let order = shop.order_detail(&shop.orders(EMAIL)[0]["id"]);
    let outcomes: Vec<&str> = (order["events"].as_array().unwrap().iter())
        .filter_map(|e| e["outcome"].as_str())
        .collect();
    assert!(
        outcomes.iter().all(|o| !o.starts_with("not applied")),
        "{outcomes:?}"
    );
    assert_eq!(
        (order["subtotal"].as_i64(), order["amount"].as_i64()),
        (Some(2800), Some(1850))
    );
}
