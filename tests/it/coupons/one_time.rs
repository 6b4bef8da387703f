//! A discounted one-time price at the real processors (the real binary): Stripe's
//! PaymentIntent and PayPal's order are for the discounted amount from the database.

use crate::fake_paypal::FakePayPal;
use crate::harness::{api, create, Browser, Resp};
use crate::localstripe::LocalStripe;
use crate::processors::{paypal_shop, stripe_shop};
use crate::purchase::Shop;
use serde_json::json;

fn checkout_with(shop: &Shop, slug: &str, email: &str, gateway: &str, coupon: &str) -> Resp {
    let coupon_json = json!({"code": "TEN", "amount_off": 1000, "currency": "USD"}).to_string();
    let made = api(
        &shop.server.base,
        "POST",
        "/coupons",
        Some(&shop.token),
        Some(&coupon_json),
    );
    assert_eq!(made.status, 201, "{}", made.body);
    let price = shop.price_id(0);
    let fields = [
        ("email", email),
        ("first_name", "Pat"),
        ("last_name", "Lee"),
        ("price_id", price.as_str()),
        ("gateway", gateway),
        ("coupon", coupon),
    ];
    Browser::new(&shop.server.base).post(&format!("/p/{slug}/checkout"), &fields)
}

#[test]
fn stripes_payment_intent_is_for_the_discounted_amount() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &[]);
    let res = checkout_with(&shop, "card", "card@example.com", "stripe", "ten");
    assert_eq!(res.status, 303, "{}", res.body);
    let order = &shop.orders("card@example.com")[0];
    assert_eq!(
        (order["amount"].as_i64(), order["subtotal"].as_i64()),
        (Some(3900), Some(4900))
    );
    let intent = order["processor_ref"].as_str().unwrap();
    let at_stripe = stripe.get(&format!("/v1/payment_intents/{intent}"));
    assert_eq!(
        (at_stripe["amount"].as_i64(), at_stripe["currency"].as_str()),
        (Some(3900), Some("usd"))
    );
}

#[test]
fn paypals_order_is_for_the_discounted_amount() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    let res = checkout_with(&shop, "pp", "pat@example.com", "paypal", "TEN");
    assert_eq!(res.status, 303, "{}", res.body);
    let order = paypal.orders().remove(0);
    assert_eq!(
        (order.value.as_str(), order.currency_code.as_str()),
        ("39.00", "USD")
    );
    let ours = &shop.orders("pat@example.com")[0];
    assert_eq!(
        (ours["amount"].as_i64(), ours["discount"].as_i64()),
        (Some(3900), Some(1000))
    );
}

/// A discount that leaves an amount PayPal cannot take (forint in whole units only) is refused
/// beside the coupon field before any order exists, here or at PayPal.
#[test]
fn a_discount_paypal_cannot_charge_is_refused_before_the_order() {
    let paypal = FakePayPal::start();
    let shop = paypal_shop(&paypal);
    let base = &shop.server.base;
    let product = json!({"name": "Forint course", "kartra_tag": crate::purchase::TAG,
        "prices": [{"kind": "one_time", "currency": "HUF", "amount": 499000}]});
    let product = create(base, &shop.token, "/products", &product);
    let page = json!({"title": "Forint", "slug": "forint", "product_id": product["id"],
        "gateways": ["paypal"], "published": true});
    create(base, &shop.token, "/pages", &page);
    create(
        base,
        &shop.token,
        "/coupons",
        &json!({"code": "FIFTEEN", "percent_off": 15}),
    );
    let price = product["prices"][0]["id"].to_string();
    let fields = [
        ("email", "pat@example.com"),
        ("first_name", "Pat"),
        ("last_name", "Lee"),
        ("price_id", price.as_str()),
        ("gateway", "paypal"),
        ("coupon", "fifteen"),
    ];
    let res = Browser::new(base).post("/p/forint/checkout", &fields);
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        res.body.contains("PayPal takes HUF in whole units only"),
        "{}",
        res.body
    );
    assert!(shop.orders("pat@example.com").is_empty());
    assert!(paypal.orders().is_empty());
    // Without the coupon the whole-forint price goes to PayPal.
    let res = Browser::new(base).post("/p/forint/checkout", &fields[..5]);
    assert_eq!(res.status, 303, "{}", res.body);
}
