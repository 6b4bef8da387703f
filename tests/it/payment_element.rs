//! Stripe's Payment Element against localstripe: what tagcart does server-side (the
//! PaymentIntent it makes, the buyer's return, a delayed method's `processing`) and the Apple
//! Pay domain file. The browser side is in `browser::a_buyer_pays_through_the_payment_element`.

use crate::harness::{api, Browser, Resp, PASSWORD};
use crate::localstripe::LocalStripe;
use crate::processors::{checkout, stripe_shop};
use crate::purchase::{now, signature, Shop, TAG};
use serde_json::{json, Value};

/// A one-time $49.00 order on `/p/card`, and its PaymentIntent's id at localstripe.
fn placed(shop: &Shop, email: &str) -> (String, String) {
    let res = checkout(shop, "card", email, "stripe", 0);
    assert_eq!(res.status, 303, "{}", res.body);
    let page = Browser::new(&shop.server.base).get(res.header("location").unwrap());
    assert_eq!(page.status, 200);
    let attribute = |name: &str| {
        let after = page.body.split(&format!("{name}=\"")).nth(1);
        after
            .unwrap_or_else(|| panic!("no {name}"))
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    let secret = attribute("data-client-secret");
    let back = attribute("data-return");
    assert_eq!(
        back,
        shop.server
            .url(&format!("/pay/stripe/return?ref={}", ref_of(shop, email)))
    );
    (secret.split("_secret_").next().unwrap().to_string(), back)
}

fn ref_of(shop: &Shop, email: &str) -> String {
    shop.orders(email)[0]["payment_ref"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Where Stripe sends the buyer after `confirmPayment`, as Stripe.js adds its parameters.
fn come_back(shop: &Shop, back: &str, intent: &str, status: &str) -> Resp {
    let query =
        format!("&payment_intent={intent}&payment_intent_client_secret=x&redirect_status={status}");
    let path = back.strip_prefix(&shop.server.base).unwrap();
    Browser::new(&shop.server.base).get(&format!("{path}{query}"))
}

#[test]
fn a_card_payment_is_settled_when_the_buyer_comes_back_even_without_its_webhook() {
    let stripe = LocalStripe::start();
    // No webhooks at all: only the return can complete the order.
    let shop = stripe_shop(&stripe, &[]);
    let (intent, back) = placed(&shop, "back@example.com");
    let at_stripe = stripe.get(&format!("/v1/payment_intents/{intent}"));
    assert_eq!(at_stripe["amount"].as_i64(), Some(4900));

    stripe.pay(&intent, "pm_card_visa").unwrap(); // what confirmPayment does in the browser
    let back = come_back(&shop, &back, &intent, "succeeded");
    assert_eq!(back.status, 303, "{}", back.body);
    // On to the product's own thank-you page, as after any payment.
    assert_eq!(back.header("location"), Some("https://example.com/thanks"));
    let order = shop.wait_order("back@example.com", "the grant after the return", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(order["status"], "completed");
    assert!(shop.has_tag("back@example.com", TAG));
    let detail = shop.order_detail(&order["id"]);
    assert!(
        (detail["events"][0]["type"].as_str().unwrap()).contains("when the buyer came back"),
        "the timeline says how it was settled: {detail}"
    );
}

#[test]
fn a_sepa_debit_is_processing_until_stripe_says_it_succeeded() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &["payment_intent.succeeded"]);
    let (intent, _) = placed(&shop, "sepa@example.com");
    // localstripe sends no payment_intent.processing: Stripe's, built from the real
    // PaymentIntent, as Stripe sends it once a SEPA debit is submitted.
    let mut processing = stripe.get(&format!("/v1/payment_intents/{intent}"));
    processing["status"] = "processing".into();
    let outcome = deliver(
        &shop,
        "evt_processing",
        "payment_intent.processing",
        &processing,
    );
    assert_eq!(outcome, "applied");
    let order = &shop.orders("sepa@example.com")[0];
    assert_eq!(
        (order["status"].as_str(), order["processing"].as_bool()),
        (Some("pending"), Some(true))
    );
    let receipt = Browser::new(&shop.server.base)
        .get(&format!("/thank-you/{}", ref_of(&shop, "sepa@example.com")));
    assert!(
        receipt.body.contains("Your payment is processing"),
        "{}",
        receipt.body
    );
    assert!(receipt.header("refresh").is_none(), "no reloads for days");
    assert!(
        !shop.has_tag("sepa@example.com", TAG),
        "no access before the money is there"
    );

    // The debit clears (localstripe: half a second after the confirmation).
    let iban = [
        ("type", "sepa_debit"),
        ("sepa_debit[iban]", "DE89370400440532013000"),
    ];
    let method = stripe.post("/v1/payment_methods", &iban).unwrap();
    stripe.pay(&intent, method["id"].as_str().unwrap()).unwrap();
    let order = shop.wait_order("sepa@example.com", "payment_intent.succeeded", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(
        (order["status"].as_str(), order["processing"].as_bool()),
        (Some("completed"), Some(false))
    );
    assert!(shop.has_tag("sepa@example.com", TAG));
}

/// Stripe's event of `type_name` about `object`, signed with the shop's webhook secret and
/// posted to `/webhooks/stripe`; the webhook's `outcome`.
fn deliver(shop: &Shop, event_id: &str, type_name: &str, object: &Value) -> String {
    let t = now();
    let body = json!({"id": event_id, "object": "event", "api_version": "2024-06-20",
        "created": t, "type": type_name, "data": {"object": object}, "livemode": false})
    .to_string();
    let res = ureq::post(&shop.server.url("/webhooks/stripe"))
        .set("Content-Type", "application/json")
        .set(
            "Stripe-Signature",
            &signature("whsec_tagcart_test", t, &body),
        )
        .send_string(&body)
        .unwrap();
    let answer: Value = serde_json::from_str(&res.into_string().unwrap()).unwrap();
    answer["outcome"].as_str().unwrap_or_default().to_string()
}

#[test]
fn a_payment_the_bank_refused_fails_the_order_when_the_buyer_comes_back() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &[]);
    let (intent, back) = placed(&shop, "refused@example.com");
    // The card localstripe attaches and then declines the charge of.
    let card = [
        ("type", "card"),
        ("card[number]", "4000000000000341"),
        ("card[exp_month]", "12"),
        ("card[exp_year]", "2040"),
        ("card[cvc]", "123"),
    ];
    let method = stripe.post("/v1/payment_methods", &card).unwrap();
    let refused = stripe.pay(&intent, method["id"].as_str().unwrap());
    assert!(
        refused.is_err(),
        "localstripe declines that card: {refused:?}"
    );
    let back = come_back(&shop, &back, &intent, "failed");
    assert_eq!(back.status, 303);
    assert_eq!(shop.orders("refused@example.com")[0]["status"], "failed");
    let receipt = Browser::new(&shop.server.base).get(back.header("location").unwrap());
    assert!(
        receipt.body.contains("/p/card"),
        "the receipt leads back to the page to try again"
    );
}

#[test]
fn the_apple_pay_domain_file_is_served_once_it_is_in_the_data_dir() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &[]);
    let path = "/.well-known/apple-developer-merchantid-domain-association";
    let buyer = Browser::new(&shop.server.base);
    assert_eq!(buyer.get(path).status, 404);
    let file = "7B227073704964223A2241443631324543383033";
    std::fs::write(
        shop.server
            .data_dir()
            .join("apple-developer-merchantid-domain-association"),
        file,
    )
    .unwrap();
    let served = buyer.get(path);
    assert_eq!((served.status, served.body.as_str()), (200, file));
}

/// The README's pictures of the ways to pay: a checkout offering Stripe, Mollie and Paystack,
/// the Payment Element's page (with the stand-in's fields where Stripe's frame would be), the
/// receipt of a debit still processing, at a phone's and a desktop's size; and the merchant's
/// Settings → Payment gateways with every processor.
#[test]
#[ignore = "writes examples/screenshots/{checkout-gateways,pay-stripe,receipt-processing,settings-gateways}-*.png; run it by name to refresh them"]
fn screenshots_of_more_ways_to_pay() {
    crate::browser::require_tools();
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &[]);
    let res = checkout(&shop, "card", "paying@example.com", "stripe", 0);
    let pay = res.header("location").unwrap().to_string();
    let (intent, _) = placed(&shop, "processing@example.com");
    let mut processing = stripe.get(&format!("/v1/payment_intents/{intent}"));
    processing["status"] = "processing".into();
    assert_eq!(
        deliver(&shop, "evt_shot", "payment_intent.processing", &processing),
        "applied"
    );
    let receipt = format!("/thank-you/{}", ref_of(&shop, "processing@example.com"));

    // Mollie and Paystack beside Stripe (keys of the right shape; nothing here calls them).
    let keys = [
        (
            "mollie",
            json!({"enabled": true, "api_key": "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"}),
        ),
        (
            "paystack",
            json!({"enabled": true, "secret_key": "sk_test_0123456789abcdef", "public_key": "pk_test_0123456789abcdef"}),
        ),
    ];
    for (gateway, body) in keys {
        let path = format!("/gateways/{gateway}");
        let set = api(
            &shop.server.base,
            "PUT",
            &path,
            Some(&shop.token),
            Some(&body.to_string()),
        );
        assert_eq!(set.status, 200, "{}", set.body);
    }
    let page = json!({"title": "Pro", "slug": "every-way", "product_id": shop.product["id"],
        "gateways": ["stripe", "mollie", "paystack"], "published": true});
    let made = api(
        &shop.server.base,
        "POST",
        "/pages",
        Some(&shop.token),
        Some(&page.to_string()),
    );
    assert_eq!(made.status, 201, "{}", made.body);

    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/screenshots");
    let out = out.to_str().unwrap();
    let origins = format!("{},{}", stripe.url, stripe.js_url());
    let pages = [
        "checkout-gateways=/p/every-way".to_string(),
        format!("pay-stripe={pay}"),
        format!("receipt-processing={receipt}"),
    ];
    let mut args = vec![shop.server.base.as_str(), out, origins.as_str()];
    args.extend(pages.iter().map(String::as_str));
    let limit = std::time::Duration::from_secs(120);
    let run = crate::browser::node("buyer-pages.mjs", &args, limit);
    assert_eq!(run.summary["ok"], true, "{}\n{}", run.summary, run.stderr);

    shop.server.admin();
    let settings = "settings-gateways=/admin/settings/gateways";
    let args = [
        shop.server.base.as_str(),
        "admin@example.com",
        PASSWORD,
        out,
        settings,
    ];
    let run = crate::browser::node("dashboard.mjs", &args, limit);
    assert_eq!(run.summary["ok"], true, "{}\n{}", run.summary, run.stderr);
}
