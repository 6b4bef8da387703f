//! The fake refuses what a request to Paystack must not carry, in Paystack's error shape, so
//! tagcart's requests passing it means something.

use super::{FakePaystack, SECRET_KEY};
use serde_json::{json, Value};

fn post(fake: &FakePaystack, key: &str, path: &str, body: Value) -> (u16, Value) {
    let request =
        ureq::post(&format!("{}{path}", fake.url)).set("Authorization", &format!("Bearer {key}"));
    let (status, text) = match request
        .set("Content-Type", "application/json")
        .send_string(&body.to_string())
    {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(s, r)) => (s, r.into_string().unwrap()),
        Err(e) => panic!("{e}"),
    };
    (status, serde_json::from_str(&text).unwrap())
}

#[test]
fn the_fake_refuses_what_paystack_would_in_its_error_shape() {
    let fake = FakePaystack::start();
    let init = |body: Value| post(&fake, SECRET_KEY, "/transaction/initialize", body);
    let refused = [
        (
            json!({"email": "a@example.com", "amount": 49.5}),
            "Invalid Amount Sent",
        ),
        (
            json!({"email": "a@example.com", "amount": "49.00"}),
            "Invalid Amount Sent",
        ),
        (
            json!({"email": "a@example.com", "amount": 4900, "colour": "red"}),
            "Unknown field: colour",
        ),
        (json!({"amount": 4900}), "email is required"),
        (
            json!({"email": "a@example.com", "amount": 4900, "currency": "EUR"}),
            "Currency not supported by merchant",
        ),
        (
            json!({"email": "a@example.com", "amount": 4900, "reference": "pay_1"}),
            "Invalid transaction reference: only -, ., = and alphanumeric characters allowed",
        ),
        (
            json!({"email": "a@example.com", "amount": 4900, "metadata": 7}),
            "metadata must be a stringified JSON object",
        ),
    ];
    for (body, message) in refused {
        assert_eq!(
            init(body.clone()),
            (400, json!({"status": false, "message": message})),
            "{body}"
        );
    }
    let (status, wrong_key) = post(&fake, "sk_test_other", "/transaction/initialize", json!({}));
    assert_eq!(
        (status, wrong_key),
        (401, json!({"status": false, "message": "Invalid key"}))
    );

    let (status, ok) =
        init(json!({"email": "a@example.com", "amount": "4900", "reference": "pay.1"}));
    assert_eq!((status, ok["status"].as_bool()), (200, Some(true)), "{ok}");
    assert_eq!(
        init(json!({"email": "a@example.com", "amount": 4900, "reference": "pay.1"})).1["message"],
        "Duplicate Transaction Reference"
    );
    assert_eq!(
        fake.transaction("pay.1").status,
        "abandoned",
        "Paystack's word for not paid yet"
    );
}

#[test]
fn the_fakes_refunds_never_exceed_what_was_paid() {
    let fake = FakePaystack::start();
    let (_, started) = post(
        &fake,
        SECRET_KEY,
        "/transaction/initialize",
        json!({"email": "a@example.com", "amount": 5000, "currency": "NGN", "reference": "r1"}),
    );
    assert_eq!(started["data"]["reference"], "r1");
    let refund = |body: Value| post(&fake, SECRET_KEY, "/refund", body);
    assert_eq!(
        refund(json!({"transaction": "r1"})).1["message"],
        "Cannot refund a transaction that was not successful"
    );
    fake.pay("r1");
    assert_eq!(refund(json!({"transaction": "r1", "amount": 3000})).0, 200);
    assert_eq!(
        refund(json!({"transaction": "r1", "amount": 2001})).1["message"],
        "Refund amount cannot be greater than transaction amount"
    );
    assert_eq!(
        refund(json!({"transaction": "r1", "amount": 20.5})).1["message"],
        "Invalid Amount Sent"
    );
    let (status, rest) = refund(json!({"transaction": "r1"}));
    assert_eq!(
        (status, rest["data"]["amount"].as_i64()),
        (200, Some(2000)),
        "{rest}"
    );
}
