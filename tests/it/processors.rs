//! Real processors end to end: the real binary, localstripe as Stripe, the strict fake PayPal,
//! the strict fake Kartra. Each purchase ends with the right Kartra tag state.

use crate::fake_kartra::FakeKartra;
use crate::fake_paypal::{FakePayPal, CLIENT_ID, CLIENT_SECRET, WEBHOOK_ID};
use crate::harness::{api, Browser, Resp, Server};
use crate::localstripe::LocalStripe;
use crate::purchase::{Shop, TAG};
use serde_json::json;

/// What a Stripe subscription's life needs delivered.
pub const STRIPE_SUBSCRIPTION_EVENTS: &[&str] = &[
    "invoice.payment_succeeded",
    "customer.subscription.deleted",
    "payment_intent.succeeded",
];

/// A shop whose page `/p/{slug}` offers only `gateway`.
fn shop_with(flags: &[&str], gateway: &str, keys: serde_json::Value, slug: &str) -> Shop {
    let kartra = FakeKartra::with_tags(&[TAG]);
    let mut all = vec!["--kartra-api-url", kartra.url.as_str()];
    all.extend_from_slice(flags);
    let server = Server::start_with(tempfile::tempdir().unwrap(), &all);
    let shop = Shop::set_up(server, kartra, true);
    let set = api(
        &shop.server.base,
        "PUT",
        &format!("/gateways/{gateway}"),
        Some(&shop.token),
        Some(&keys.to_string()),
    );
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(
        (
            set.json()["enabled"].as_bool(),
            set.json()["configured"].as_bool()
        ),
        (Some(true), Some(true))
    );
    let page = json!({"title": "Pay", "slug": slug, "product_id": shop.product["id"], "gateways": [gateway], "published": true});
    assert_eq!(
        api(
            &shop.server.base,
            "POST",
            "/pages",
            Some(&shop.token),
            Some(&page.to_string())
        )
        .status,
        201
    );
    shop
}

/// A shop whose page `/p/card` offers only Stripe, played by `stripe` (localstripe), which
/// delivers `events` to tagcart's `/webhooks/stripe`, signed with the shop's webhook secret.
pub fn stripe_shop(stripe: &LocalStripe, events: &[&str]) -> Shop {
    let js = stripe.js_url();
    let keys = json!({"enabled": true, "secret_key": "sk_test_tagcart", "publishable_key": "pk_test_tagcart", "webhook_secret": "whsec_tagcart_test"});
    let shop = shop_with(
        &["--stripe-api-url", &stripe.url, "--stripe-js-url", js],
        "stripe",
        keys,
        "card",
    );
    let hook = shop.server.url("/webhooks/stripe");
    let mut form = vec![("url", hook.as_str()), ("secret", "whsec_tagcart_test")];
    form.extend(events.iter().map(|e| ("events[]", *e)));
    let configured =
        ureq::post(&format!("{}/_config/webhooks/tagcart", stripe.url)).send_form(&form);
    assert_eq!(configured.unwrap().status(), 200);
    shop
}

pub fn checkout(shop: &Shop, slug: &str, email: &str, gateway: &str, price: usize) -> Resp {
    let price = shop.price_id(price);
    let buyer = Browser::new(&shop.server.base);
    assert_eq!(buyer.get(&format!("/p/{slug}")).status, 200);
    buyer.post(
        &format!("/p/{slug}/checkout"),
        &[
            ("email", email),
            ("first_name", "Pat"),
            ("last_name", "Lee"),
            ("price_id", &price),
            ("gateway", gateway),
        ],
    )
}

pub fn paypal_shop(paypal: &FakePayPal) -> Shop {
    let keys = json!({"enabled": true, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "webhook_id": WEBHOOK_ID});
    shop_with(&["--paypal-api-url", &paypal.url], "paypal", keys, "pp")
}

/// PayPal delivers a webhook it signed.
pub fn deliver(shop: &Shop, (headers, body): (Vec<(String, String)>, Vec<u8>)) -> Resp {
    let mut req =
        ureq::post(&shop.server.url("/webhooks/paypal")).set("Content-Type", "application/json");
    for (k, v) in &headers {
        req = req.set(k, v);
    }
    let res = match req.send_bytes(&body) {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    Resp {
        status: res.status(),
        headers: vec![],
        body: res.into_string().unwrap(),
    }
}

/// The buyer approves at PayPal and comes back to us.
pub fn approve_and_return(shop: &Shop, paypal: &FakePayPal, id: &str) -> Resp {
    let back = paypal.approve(id);
    let path = back
        .split_once(&shop.server.base)
        .map(|(_, p)| p.to_string())
        .expect("PayPal returns to our public URL");
    Browser::new(&shop.server.base).get(&path)
}

#[test]
fn a_paypal_purchase_is_captured_on_return_and_completed_by_its_webhook() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    let res = checkout(&shop, "pp", "pat@example.com", "paypal", 0);
    assert_eq!(res.status, 303, "{}", res.body);
    assert!(
        res.header("location").unwrap().starts_with(&paypal.url),
        "to PayPal to approve"
    );
    let order = paypal.orders().remove(0);
    let ours = &shop.orders("pat@example.com")[0];
    assert_eq!(
        (
            order.custom_id.as_deref(),
            order.value.as_str(),
            order.currency_code.as_str()
        ),
        (ours["payment_ref"].as_str(), "49.00", "USD")
    );
    assert_eq!(ours["processor_ref"].as_str(), Some(order.id.as_str()));

    let back = approve_and_return(&shop, &paypal, &order.id);
    assert_eq!(back.header("location"), Some("https://example.com/thanks"));
    assert_eq!(
        paypal.orders()[0].capture_status.as_deref(),
        Some("COMPLETED"),
        "captured on return"
    );
    assert_eq!(
        shop.orders("pat@example.com")[0]["status"],
        "pending",
        "the browser's return completes nothing"
    );

    let forged = deliver(
        &shop,
        paypal.forged(
            "PAYMENT.CAPTURE.COMPLETED",
            paypal.capture_resource(&order.id),
        ),
    );
    assert_eq!(forged.status, 400, "{}", forged.body);
    let res = deliver(
        &shop,
        paypal.event(
            "PAYMENT.CAPTURE.COMPLETED",
            paypal.capture_resource(&order.id),
        ),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    shop.wait_order("pat@example.com", "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert!(shop.has_tag("pat@example.com", TAG));
    assert_eq!(
        paypal.token_requests(),
        1,
        "one OAuth token across checkout, capture and webhook verification"
    );
}

#[test]
fn a_paypal_subscription_grants_on_activation_and_revokes_on_cancellation() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    let res = checkout(&shop, "pp", "sub@example.com", "paypal", 1);
    assert_eq!(res.status, 303, "{}", res.body);
    let subscription = paypal.subscriptions().remove(0);
    approve_and_return(&shop, &paypal, &subscription.id);
    let res = deliver(
        &shop,
        paypal.event(
            "BILLING.SUBSCRIPTION.ACTIVATED",
            paypal.subscription_resource(&subscription.id),
        ),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    shop.wait_order("sub@example.com", "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert!(shop.has_tag("sub@example.com", TAG));
    paypal.set_status(&subscription.id, "CANCELLED");
    deliver(
        &shop,
        paypal.event(
            "BILLING.SUBSCRIPTION.CANCELLED",
            paypal.subscription_resource(&subscription.id),
        ),
    );
    shop.wait_order("sub@example.com", "the revoke", |o| {
        o["fulfillment"][1]["state"] == "done"
    });
    assert_eq!(shop.orders("sub@example.com")[0]["status"], "cancelled");
    assert!(!shop.has_tag("sub@example.com", TAG));
}

#[test]
fn a_currency_paypal_does_not_take_is_refused_at_checkout() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    let inr = json!({"name": "Rupee", "kartra_tag": TAG, "prices": [{"kind": "one_time", "currency": "INR", "amount": 99900}]});
    let inr = shop.sell(inr, "inr", &["paypal"]);
    let res = shop.order_on("inr", "r@example.com", &inr, "paypal");
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("PayPal does not take payments in INR"),
        "{}",
        res.body
    );
    assert!(paypal.orders().is_empty());
}

#[test]
fn a_payment_whose_webhook_never_came_is_completed_by_reconciliation() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    checkout(&shop, "pp", "lost@example.com", "paypal", 0);
    let order = paypal.orders().remove(0);
    approve_and_return(&shop, &paypal, &order.id);
    // The capture succeeded at PayPal, but no webhook arrives. Run the pass a server runs
    // every minute, as if ten minutes had gone by.
    use clap::Parser;
    let cli = tagcart::cli::Cli::parse_from(["tagcart", "serve", "--paypal-api-url", &paypal.url]);
    let tagcart::cli::Command::Serve(args) = cli.command else {
        unreachable!()
    };
    let config = tagcart::config::Config::from_args(&args, shop.server.data_dir()).unwrap();
    let (pool, key) = tagcart::startup::open_data_dir(shop.server.data_dir()).unwrap();
    let config = std::sync::Arc::new(config);
    let processors = tagcart::gateways::Registry::load(config, &pool.get().unwrap(), &key).unwrap();
    let settled =
        tagcart::orders::reconcile::run(&pool, &processors, crate::purchase::now() + 600).unwrap();
    assert_eq!(settled, 1);
    let id = shop.orders("lost@example.com")[0]["id"].clone();
    let detail = shop.order_detail(&id);
    assert_eq!(detail["status"], "completed");
    assert!(
        detail["events"][0]["type"]
            .as_str()
            .unwrap()
            .contains("webhook never came"),
        "the timeline says so: {detail}"
    );
    assert_eq!(detail["fulfillment"][0]["action"], "grant");
}

#[test]
fn a_stripe_card_purchase_is_completed_by_localstripes_signed_webhook() {
    let stripe = LocalStripe::start();
    let js = stripe.js_url().to_string();
    let shop = stripe_shop(&stripe, &["payment_intent.succeeded"]);

    let res = checkout(&shop, "card", "card@example.com", "stripe", 0);
    assert_eq!(res.status, 303, "{}", res.body);
    let card_page = Browser::new(&shop.server.base).get(res.header("location").unwrap());
    assert_eq!(card_page.status, 200);
    let csp = card_page.header("content-security-policy").unwrap();
    assert!(
        csp.contains(&stripe.url) && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(
        card_page.body.contains(&format!("src=\"{js}\""))
            && card_page
                .body
                .contains("data-publishable-key=\"pk_test_tagcart\"")
    );
    let secret = card_page
        .body
        .split("data-client-secret=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let intent = secret.split("_secret_").next().unwrap();
    let at_stripe = stripe.get(&format!("/v1/payment_intents/{intent}"));
    assert_eq!(
        (at_stripe["amount"].as_i64(), at_stripe["currency"].as_str()),
        (Some(4900), Some("usd")),
        "the amount from our database"
    );

    stripe.pay(intent, "pm_card_visa").unwrap(); // what confirmCardPayment does in the browser
    shop.wait_order(
        "card@example.com",
        "the grant after Stripe's webhook",
        |o| o["fulfillment"][0]["state"] == "done",
    );
    let order = &shop.orders("card@example.com")[0];
    assert_eq!(
        (order["status"].as_str(), order["processor_ref"].as_str()),
        (Some("completed"), Some(intent))
    );
    assert!(shop.has_tag("card@example.com", TAG));
}

#[test]
fn a_stripe_subscription_runs_end_to_end_against_localstripe() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, STRIPE_SUBSCRIPTION_EVENTS);

    const EMAIL: &str = "monthly@example.com";
    let res = checkout(&shop, "card", EMAIL, "stripe", 1); // $19.00 a month
    assert_eq!(res.status, 303, "{}", res.body);
    let card = res.header("location").unwrap().to_string();
    let buyer = Browser::new(&shop.server.base);
    let card_page = buyer.get(&card);
    assert_eq!(card_page.status, 200);
    assert!(
        card_page.body.contains("$19.00 every month"),
        "the card page says the charge repeats"
    );
    let attribute = |name: &str| {
        card_page
            .body
            .split(&format!("{name}=\""))
            .nth(1)
            .unwrap_or_else(|| panic!("no {name} in {}", card_page.body))
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    let secret = attribute("data-client-secret");
    assert!(secret.starts_with("seti_"), "card first: {secret}");
    let subscribe = attribute("data-subscribe");
    assert_eq!(subscribe, format!("{card}/subscribe"));
    let setup = secret.split("_secret_").next().unwrap();
    let order = &shop.orders(EMAIL)[0];
    assert_eq!(
        (order["status"].as_str(), order["processor_ref"].as_str()),
        (Some("pending"), Some(setup))
    );
    let at_stripe = stripe.get(&format!("/v1/setup_intents/{setup}"));
    assert_eq!(
        at_stripe["metadata"]["payment_ref"].as_str(),
        order["payment_ref"].as_str()
    );

    // Before the card is saved there is nothing to subscribe with.
    let early = buyer.post(&subscribe, &[]);
    assert_eq!(early.status, 409, "{}", early.body);

    // What confirmCardSetup does in the browser.
    let confirmed = stripe
        .post(
            &format!("/v1/setup_intents/{setup}/confirm"),
            &[
                ("payment_method", "pm_card_visa"),
                ("client_secret", &secret),
            ],
        )
        .unwrap();
    assert_eq!(confirmed["status"], "succeeded");

    let answer = buyer.post(&subscribe, &[]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    let answer = answer.json();
    assert_eq!(answer["next"], "https://example.com/thanks");
    assert!(answer.get("confirm").is_none(), "{answer}");
    let again = buyer.post(&subscribe, &[]);
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.json(), answer, "the same answer");

    let order = shop.wait_order(EMAIL, "the grant after Stripe's webhook", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(order["status"], "completed");
    let subscription = order["processor_ref"].as_str().unwrap().to_string();
    assert!(subscription.starts_with("sub_"), "{subscription}");
    assert!(shop.has_tag(EMAIL, TAG));
    let customer = at_stripe["customer"].as_str().unwrap();
    let subscriptions = stripe.get(&format!("/v1/subscriptions?customer={customer}"));
    assert_eq!(
        subscriptions["data"].as_array().map(Vec::len),
        Some(1),
        "one subscription despite two calls: {subscriptions}"
    );
    let at_stripe = stripe.get(&format!("/v1/subscriptions/{subscription}"));
    assert_eq!(at_stripe["metadata"]["payment_ref"], order["payment_ref"]);
    assert_eq!(at_stripe["plan"]["amount"], 1900);

    // Completed: the card page and the subscribe call no longer apply.
    assert_eq!(buyer.post(&subscribe, &[]).status, 409);

    // The merchant cancels at Stripe: the access lasts to the end of the period paid for (its
    // end on the test clock is in `renewals`).
    let cancelled = ureq::delete(&format!("{}/v1/subscriptions/{subscription}", stripe.url))
        .set("Authorization", "Bearer sk_test_tagcart")
        .call()
        .unwrap();
    assert_eq!(cancelled.status(), 200);
    let cancelled: serde_json::Value =
        serde_json::from_str(&cancelled.into_string().unwrap()).unwrap();
    let period_end = cancelled["current_period_end"]
        .as_i64()
        .expect("Stripe states the period's end");
    assert!(period_end > crate::purchase::now(), "{period_end}");
    let order = shop.wait_order(EMAIL, "the revoke scheduled", |o| {
        o["fulfillment"][1]["action"] == "revoke"
    });
    assert_eq!(order["status"], "cancelled");
    let revoke = &order["fulfillment"][1];
    assert_eq!(
        (revoke["state"].as_str(), revoke["due_at"].as_str()),
        (
            Some("pending"),
            Some(tagcart::clock::rfc3339(period_end).as_str())
        ),
        "{order}"
    );
    assert!(shop.has_tag(EMAIL, TAG), "paid until then");
}
