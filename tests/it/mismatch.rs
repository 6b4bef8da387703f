//! A processor's signed "paid" completes an order only when it is that order's payment: its
//! amount, currency and processor reference. One that is not completes nothing, is on the
//! order's timeline saying what did not match, and is listed under Needs attention.

use crate::fake_paypal::FakePayPal;
use crate::harness::{api, Resp};
use crate::localstripe::LocalStripe;
use crate::processors::{approve_and_return, checkout, deliver, paypal_shop, stripe_shop};
use crate::purchase::{now, post_signed, signature, Shop, SECRET, TAG};
use serde_json::{json, Value};

const STRIPE_SECRET: &str = "whsec_tagcart_test";

/// The order as the API shows it, with its timeline (`events`).
fn detail(shop: &Shop, email: &str) -> Value {
    let id = shop.orders(email)[0]["id"].clone();
    let res = api(
        &shop.server.base,
        "GET",
        &format!("/orders/{id}"),
        Some(&shop.token),
        None,
    );
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

fn outcomes(order: &Value) -> Vec<String> {
    let events = order["events"].as_array().cloned().unwrap_or_default();
    events
        .iter()
        .map(|e| e["outcome"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Still pending, nothing queued for Kartra, and `why` on its timeline.
fn assert_not_applied(shop: &Shop, email: &str, why: &str) {
    let order = detail(shop, email);
    assert_eq!(order["status"], "pending", "{order}");
    assert_eq!(order["fulfillment"], json!([]), "no grant: {order}");
    let expected = format!("not applied: {why}");
    assert!(
        outcomes(&order).contains(&expected),
        "the timeline says what did not match ({expected}): {order}"
    );
}

/// Needs attention lists every one of `whys` with its order.
fn assert_needs_attention(shop: &Shop, email: &str, whys: &[&str]) {
    let page = shop.server.admin().get("/admin/attention");
    assert_eq!(page.status, 200);
    let body = page.body.replace("&#39;", "'");
    assert!(
        body.contains("Payments that do not match their order"),
        "{body}"
    );
    assert!(body.contains(email), "{body}");
    for why in whys {
        assert!(body.contains(why), "{why} in {body}");
    }
}

fn stripe_event(shop: &Shop, id: &str, type_name: &str, object: Value) -> Resp {
    let t = now();
    let body = json!({"id": id, "object": "event", "api_version": "2024-06-20", "created": t,
        "type": type_name, "data": {"object": object}})
    .to_string();
    let res = ureq::post(&shop.server.url("/webhooks/stripe"))
        .set("Content-Type", "application/json")
        .set("Stripe-Signature", &signature(STRIPE_SECRET, t, &body))
        .send_string(&body);
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

fn succeeded(intent: &str, amount: i64, currency: &str, payment_ref: &str) -> Value {
    json!({"id": intent, "object": "payment_intent", "amount": amount, "amount_received": amount,
        "currency": currency, "invoice": null, "metadata": {"payment_ref": payment_ref},
        "status": "succeeded"})
}

fn outcome(res: &Resp) -> String {
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["outcome"].as_str().unwrap_or("").to_string()
}

#[test]
fn a_signed_stripe_payment_of_another_amount_currency_or_intent_completes_nothing() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &["customer.subscription.deleted"]);
    const EMAIL: &str = "card@example.com";
    assert_eq!(checkout(&shop, "card", EMAIL, "stripe", 0).status, 303);
    let order = &shop.orders(EMAIL)[0];
    let (payment_ref, intent) = (
        order["payment_ref"].as_str().unwrap().to_string(),
        order["processor_ref"].as_str().unwrap().to_string(),
    );

    let cases = [
        (
            "evt_amount",
            succeeded(&intent, 4800, "usd", &payment_ref),
            "amount 4800 USD does not match the order's 4900 USD".to_string(),
        ),
        (
            "evt_currency",
            succeeded(&intent, 4900, "eur", &payment_ref),
            "amount 4900 EUR does not match the order's 4900 USD".to_string(),
        ),
        (
            "evt_reference",
            succeeded("pi_someone_elses", 4900, "usd", &payment_ref),
            format!("reference pi_someone_elses does not match the order's {intent}"),
        ),
    ];
    for (id, object, why) in &cases {
        let res = stripe_event(&shop, id, "payment_intent.succeeded", object.clone());
        assert_eq!(outcome(&res), "mismatch", "{id}");
        assert_not_applied(&shop, EMAIL, why);
    }
    let whys: Vec<&str> = cases.iter().map(|(_, _, why)| why.as_str()).collect();
    assert_needs_attention(&shop, EMAIL, &whys);

    let right = succeeded(&intent, 4900, "usd", &payment_ref);
    let res = stripe_event(
        &shop,
        "evt_right",
        "payment_intent.succeeded",
        right.clone(),
    );
    assert_eq!(outcome(&res), "applied");
    let again = stripe_event(&shop, "evt_right_again", "payment_intent.succeeded", right);
    assert_eq!(outcome(&again), "applied");
    let order = shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(order["status"], "completed");
    assert_eq!(
        order["fulfillment"].as_array().map(Vec::len),
        Some(1),
        "completed once: {order}"
    );
    assert!(shop.has_tag(EMAIL, TAG));
}

#[test]
fn a_stripe_trials_free_first_invoice_completes_its_subscription_before_its_id_is_stored() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &["customer.subscription.deleted"]);
    let trial = json!({"name": "Club", "kartra_tag": TAG, "prices": [{"kind": "subscription",
        "currency": "USD", "amount": 1900, "interval": "month", "trial_days": 14}]});
    let trial = shop.sell(trial, "club", &["stripe"]);
    const EMAIL: &str = "trial@example.com";
    assert_eq!(shop.order_on("club", EMAIL, &trial, "stripe").status, 303);
    let order = &shop.orders(EMAIL)[0];
    let payment_ref = order["payment_ref"].as_str().unwrap().to_string();
    assert!(order["processor_ref"]
        .as_str()
        .unwrap()
        .starts_with("seti_"));
    // Stripe's webhook can overtake its answer to the subscription's creation.
    let invoice = |amount: i64| {
        json!({"id": "in_1", "object": "invoice", "amount_paid": amount, "currency": "usd",
            "billing_reason": "subscription_create", "subscription": "sub_trial", "status": "paid",
            "subscription_details": {"metadata": {"payment_ref": payment_ref}}})
    };
    let cheap = stripe_event(
        &shop,
        "evt_cheap",
        "invoice.payment_succeeded",
        invoice(500),
    );
    assert_eq!(outcome(&cheap), "mismatch");
    assert_not_applied(
        &shop,
        EMAIL,
        "amount 500 USD does not match the order's 1900 USD",
    );
    let free = stripe_event(&shop, "evt_free", "invoice.payment_succeeded", invoice(0));
    assert_eq!(outcome(&free), "applied");
    assert_eq!(detail(&shop, EMAIL)["status"], "completed");
}

#[test]
fn a_signed_paypal_capture_of_another_amount_currency_or_order_completes_nothing() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    const EMAIL: &str = "pp@example.com";
    assert_eq!(checkout(&shop, "pp", EMAIL, "paypal", 0).status, 303);
    let order = paypal.orders().remove(0);
    approve_and_return(&shop, &paypal, &order.id);
    let capture = paypal.capture_resource(&order.id);
    let with = |path: &[&str], value: &str| {
        let mut resource = capture.clone();
        let mut at = &mut resource;
        for key in path {
            at = &mut at[*key];
        }
        *at = json!(value);
        resource
    };

    let cases = [
        (
            with(&["amount", "value"], "48.00"),
            "amount 4800 USD does not match the order's 4900 USD".to_string(),
        ),
        (
            with(&["amount", "currency_code"], "EUR"),
            "amount 4900 EUR does not match the order's 4900 USD".to_string(),
        ),
        (
            with(
                &["supplementary_data", "related_ids", "order_id"],
                "9ZZ99999ZZ9999999",
            ),
            format!(
                "reference 9ZZ99999ZZ9999999 does not match the order's {}",
                order.id
            ),
        ),
    ];
    for (resource, why) in &cases {
        let res = deliver(
            &shop,
            paypal.event("PAYMENT.CAPTURE.COMPLETED", resource.clone()),
        );
        assert_eq!(outcome(&res), "mismatch", "{why}");
        assert_not_applied(&shop, EMAIL, why);
    }
    let whys: Vec<&str> = cases.iter().map(|(_, why)| why.as_str()).collect();
    assert_needs_attention(&shop, EMAIL, &whys);

    for _ in 0..2 {
        let res = deliver(
            &shop,
            paypal.event("PAYMENT.CAPTURE.COMPLETED", capture.clone()),
        );
        assert_eq!(outcome(&res), "applied");
    }
    let order = shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(order["status"], "completed");
    assert_eq!(
        order["fulfillment"].as_array().map(Vec::len),
        Some(1),
        "{order}"
    );
}

#[test]
fn a_paypal_subscription_payment_of_another_amount_or_subscription_completes_nothing() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    const EMAIL: &str = "monthly@example.com";
    assert_eq!(checkout(&shop, "pp", EMAIL, "paypal", 1).status, 303);
    let subscription = paypal.subscriptions().remove(0);
    approve_and_return(&shop, &paypal, &subscription.id);
    let sale = paypal.sale_resource(&subscription.id);
    let mut cheap = sale.clone();
    cheap["amount"]["total"] = json!("1.00");
    let res = deliver(&shop, paypal.event("PAYMENT.SALE.COMPLETED", cheap));
    assert_eq!(outcome(&res), "mismatch");
    assert_not_applied(
        &shop,
        EMAIL,
        "amount 100 USD does not match the order's 1900 USD",
    );
    let mut other = paypal.subscription_resource(&subscription.id);
    other["id"] = json!("I-SOMEONEELSES");
    let res = deliver(&shop, paypal.event("BILLING.SUBSCRIPTION.ACTIVATED", other));
    assert_eq!(outcome(&res), "mismatch");
    let why = format!(
        "reference I-SOMEONEELSES does not match the order's {}",
        subscription.id
    );
    assert_not_applied(&shop, EMAIL, &why);

    let res = deliver(&shop, paypal.event("PAYMENT.SALE.COMPLETED", sale));
    assert_eq!(outcome(&res), "applied");
    let order = shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(order["status"], "completed");
}

#[test]
fn a_test_gateway_event_stating_another_amount_completes_nothing_and_the_pay_page_completes() {
    let shop = Shop::open();
    const EMAIL: &str = "rehearsal@example.com";
    let page = shop.checkout(EMAIL, 0);
    let payment_ref = page.trim_start_matches("/pay/test/");
    let t = now();
    let body = json!({"id": "evt_cheap", "type": "payment.completed", "created": t,
        "data": {"payment_ref": payment_ref, "amount": 100, "currency": "EUR"}})
    .to_string();
    let res = post_signed(&shop.server.base, &body, &signature(SECRET, t, &body));
    assert_eq!(outcome(&res), "mismatch");
    assert_not_applied(
        &shop,
        EMAIL,
        "amount 100 EUR does not match the order's 4900 USD",
    );
    assert_needs_attention(
        &shop,
        EMAIL,
        &["amount 100 EUR does not match the order's 4900 USD"],
    );

    // The pay page states the order's own amount.
    assert_eq!(shop.press(&page, "complete").status, 303);
    let order = shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(order["status"], "completed");
    let payload = detail(&shop, EMAIL);
    assert!(
        outcomes(&payload)
            .iter()
            .any(|o| o.starts_with("payment completed")),
        "{payload}"
    );
}

#[test]
fn a_payment_reconciliation_finds_for_another_amount_completes_nothing() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    const EMAIL: &str = "lost@example.com";
    checkout(&shop, "pp", EMAIL, "paypal", 0);
    let order = paypal.orders().remove(0);
    approve_and_return(&shop, &paypal, &order.id);
    let (pool, key) = tagcart::startup::open_data_dir(shop.server.data_dir()).unwrap();
    // PayPal holds 49.00 USD; the order now asks 50.00 (as if the two had drifted apart).
    pool.get()
        .unwrap()
        .execute("UPDATE orders SET amount = 5000", [])
        .unwrap();
    use clap::Parser;
    let cli = tagcart::cli::Cli::parse_from(["tagcart", "serve", "--paypal-api-url", &paypal.url]);
    let tagcart::cli::Command::Serve(args) = cli.command else {
        unreachable!()
    };
    let config = tagcart::config::Config::from_args(&args, shop.server.data_dir()).unwrap();
    let later = now() + 600;
    let config = std::sync::Arc::new(config);
    let processors = tagcart::gateways::Registry::load(config, &pool.get().unwrap(), &key).unwrap();
    let settled = tagcart::orders::reconcile::run(&pool, &processors, later).unwrap();
    assert_eq!(settled, 0);
    let why = "amount 4900 USD does not match the order's 5000 USD";
    assert_not_applied(&shop, EMAIL, why);
    assert_needs_attention(&shop, EMAIL, &[why]);
}
