//! The fake's own strictness: PayPal's refusals for malformed requests, in PayPal's words.

use super::{FakePayPal, CLIENT_ID, CLIENT_SECRET};
use serde_json::{json, Value};

/// A token the way PayPal's docs get one: Basic client id and secret, client_credentials.
pub(super) fn form_token(fake: &FakePayPal) -> String {
    let basic = format!("{CLIENT_ID}:{CLIENT_SECRET}");
    let basic = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, basic);
    let answer = ureq::post(&format!("{}/v1/oauth2/token", fake.url))
        .set("Authorization", &format!("Basic {basic}"))
        .send_form(&[("grant_type", "client_credentials")])
        .unwrap();
    let answer: Value = serde_json::from_str(&answer.into_string().unwrap()).unwrap();
    assert_eq!(
        (answer["token_type"].as_str(), answer["expires_in"].as_u64()),
        (Some("Bearer"), Some(32400))
    );
    answer["access_token"].as_str().unwrap().to_string()
}

/// A raw call with a fresh token (or none): (status, JSON answer).
pub(super) fn raw(
    fake: &FakePayPal,
    method: &str,
    path: &str,
    body: Option<Value>,
    auth: bool,
) -> (u16, Value) {
    let mut request = ureq::request(method, &format!("{}{path}", fake.url));
    if auth {
        request = request.set("Authorization", &format!("Bearer {}", form_token(fake)));
    }
    let sent = match body {
        Some(b) => request
            .set("Content-Type", "application/json")
            .send_string(&b.to_string()),
        None => request.call(),
    };
    let response = match sent {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("fake PayPal unreachable: {e}"),
    };
    let status = response.status();
    let text = response.into_string().unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub(super) fn issue(answer: &Value) -> (&str, &str) {
    let name = answer["name"].as_str().unwrap_or("-");
    (name, answer["details"][0]["issue"].as_str().unwrap_or("-"))
}

#[test]
fn fake_paypal_refuses_malformed_orders_in_paypal_words() {
    let fake = FakePayPal::start();
    let unit = |amount: Value| json!({"intent": "CAPTURE", "purchase_units": [{"amount": amount}]});
    let usd = |value: &str| json!({"currency_code": "USD", "value": value});
    let cases = [
        (
            json!({"purchase_units": [{"amount": usd("1.00")}]}),
            400,
            "INVALID_REQUEST",
            "MISSING_REQUIRED_PARAMETER",
        ),
        (
            json!({"intent": "SALE", "purchase_units": [{"amount": usd("1.00")}]}),
            400,
            "INVALID_REQUEST",
            "INVALID_PARAMETER_VALUE",
        ),
        (
            json!({"intent": "CAPTURE"}),
            400,
            "INVALID_REQUEST",
            "MISSING_REQUIRED_PARAMETER",
        ),
        (
            unit(usd("49,00")),
            400,
            "INVALID_REQUEST",
            "INVALID_PARAMETER_SYNTAX",
        ),
        (
            unit(json!({"currency_code": "USD", "value": 49})),
            400,
            "INVALID_REQUEST",
            "INVALID_PARAMETER_SYNTAX",
        ),
        (
            unit(usd("49.999")),
            422,
            "UNPROCESSABLE_ENTITY",
            "DECIMAL_PRECISION",
        ),
        (
            unit(usd("0.00")),
            422,
            "UNPROCESSABLE_ENTITY",
            "CANNOT_BE_ZERO_OR_NEGATIVE",
        ),
        (
            unit(json!({"currency_code": "JPY", "value": "4900.00"})),
            422,
            "UNPROCESSABLE_ENTITY",
            "DECIMALS_NOT_SUPPORTED",
        ),
        (
            unit(json!({"currency_code": "INR", "value": "49.00"})),
            422,
            "UNPROCESSABLE_ENTITY",
            "CURRENCY_NOT_SUPPORTED",
        ),
        (
            unit(
                json!({"currency_code": "USD", "value": "49.00", "breakdown": {"item_total": {"currency_code": "EUR", "value": "49.00"}}}),
            ),
            422,
            "UNPROCESSABLE_ENTITY",
            "CURRENCY_MISMATCH",
        ),
    ];
    for (body, status, name, expected) in cases {
        let (got, answer) = raw(
            &fake,
            "POST",
            "/v2/checkout/orders",
            Some(body.clone()),
            true,
        );
        assert_eq!((got, issue(&answer)), (status, (name, expected)), "{body}");
        assert!(answer["debug_id"].is_string() && answer["message"].is_string());
    }
    assert!(fake.orders().is_empty());
}

#[test]
fn fake_paypal_checks_that_items_add_up_to_the_amount() {
    let fake = FakePayPal::start();
    let usd = |value: &str| json!({"currency_code": "USD", "value": value});
    let item = |name: &str, value: &str| json!({"name": name, "quantity": "1", "unit_amount": usd(value), "category": "DIGITAL_GOODS"});
    let order = |value: &str, breakdown: Value, items: Value| json!({"intent": "CAPTURE", "purchase_units": [{"amount": {"currency_code": "USD", "value": value, "breakdown": breakdown}, "items": items}]});
    let two = json!([item("Course", "49.00"), item("Workbook", "19.00")]);
    let total = |value: &str| json!({"item_total": usd(value)});
    let cases = [
        (
            order("68.00", json!(null), two.clone()),
            "ITEM_TOTAL_REQUIRED",
        ),
        (
            order("68.00", total("60.00"), two.clone()),
            "ITEM_TOTAL_MISMATCH",
        ),
        (
            order("60.00", total("68.00"), two.clone()),
            "AMOUNT_MISMATCH",
        ),
        (
            order(
                "58.20",
                json!({"item_total": usd("68.00"), "discount": usd("9.00")}),
                two.clone(),
            ),
            "AMOUNT_MISMATCH",
        ),
        (
            order(
                "68.00",
                total("68.00"),
                json!([item("", "49.00"), item("Workbook", "19.00")]),
            ),
            "INVALID_STRING_LENGTH",
        ),
        (
            order(
                "68.00",
                total("68.00"),
                json!([{"name": "Course", "quantity": "0", "unit_amount": usd("68.00")}]),
            ),
            "INVALID_PARAMETER_SYNTAX",
        ),
        (
            order(
                "68.00",
                total("68.00"),
                json!([{"name": "Course", "quantity": "1", "unit_amount": {"currency_code": "EUR", "value": "68.00"}}]),
            ),
            "CURRENCY_MISMATCH",
        ),
    ];
    for (body, expected) in cases {
        let (_, answer) = raw(
            &fake,
            "POST",
            "/v2/checkout/orders",
            Some(body.clone()),
            true,
        );
        assert_eq!(issue(&answer).1, expected, "{body}");
    }
    assert!(fake.orders().is_empty());

    let mut good = order(
        "59.00",
        json!({"item_total": usd("68.00"), "discount": usd("9.00")}),
        two,
    );
    good["payment_source"] = json!({"paypal": {"experience_context": {"return_url": "https://shop.example/back", "cancel_url": "https://shop.example/p/x"}}});
    let (status, answer) = raw(&fake, "POST", "/v2/checkout/orders", Some(good), true);
    assert_eq!(status, 201, "{answer}");
    assert_eq!(fake.orders()[0].items.len(), 2);
}

#[test]
fn fake_paypal_demands_credentials_and_json() {
    let fake = FakePayPal::start();
    let (status, answer) = raw(
        &fake,
        "GET",
        "/v2/checkout/orders/5O190127TN364715T",
        None,
        false,
    );
    assert_eq!(
        (status, answer["name"].as_str()),
        (401, Some("AUTHENTICATION_FAILURE"))
    );
    let token = ureq::post(&format!("{}/v1/oauth2/token", fake.url))
        .set("Authorization", "Basic bm9ib2R5OndoYXRldmVy")
        .send_form(&[("grant_type", "client_credentials")]);
    let Err(ureq::Error::Status(401, refused)) = token else {
        panic!("expected 401")
    };
    let refused: Value = serde_json::from_str(&refused.into_string().unwrap()).unwrap();
    assert_eq!(
        refused,
        json!({"error": "invalid_client", "error_description": "Client Authentication failed"})
    );
    let (status, answer) = raw(
        &fake,
        "GET",
        "/v2/checkout/orders/5O190127TN364715T",
        None,
        true,
    );
    assert_eq!(
        (status, issue(&answer)),
        (404, ("RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID"))
    );
    let form = ureq::post(&format!("{}/v2/checkout/orders", fake.url));
    let token = form_token(&fake);
    let form = form
        .set("Authorization", &format!("Bearer {token}"))
        .send_form(&[("intent", "CAPTURE")]);
    assert!(matches!(form, Err(ureq::Error::Status(415, _))));
    let mixed = json!({"product_id": "PROD-1", "name": "x"});
    let (status, answer) = raw(&fake, "POST", "/v1/billing/plans", Some(mixed), true);
    assert_eq!((status, issue(&answer).0), (404, "RESOURCE_NOT_FOUND"));
}

#[test]
fn fake_paypal_plans_with_two_currencies_are_refused() {
    let fake = FakePayPal::start();
    let product = json!({"id": "TAGCART-TEST1", "name": "Gold", "type": "DIGITAL"});
    assert_eq!(
        raw(
            &fake,
            "POST",
            "/v1/catalogs/products",
            Some(product.clone()),
            true
        )
        .0,
        201
    );
    let (status, answer) = raw(&fake, "POST", "/v1/catalogs/products", Some(product), true);
    assert_eq!(
        (status, issue(&answer).1),
        (422, "DUPLICATE_RESOURCE_IDENTIFIER")
    );
    let cycle = |seq: u32, tenure: &str, total: u32, code: &str| {
        json!({"frequency": {"interval_unit": "MONTH", "interval_count": 1},
        "tenure_type": tenure, "sequence": seq, "total_cycles": total,
        "pricing_scheme": {"fixed_price": {"currency_code": code, "value": "5.00"}}})
    };
    let plan = |cycles: Value| {
        json!({"product_id": "TAGCART-TEST1", "name": "Gold", "billing_cycles": cycles,
        "payment_preferences": {"auto_bill_outstanding": true}})
    };
    let mixed = plan(json!([
        cycle(1, "TRIAL", 1, "EUR"),
        cycle(2, "REGULAR", 0, "USD")
    ]));
    let (status, answer) = raw(&fake, "POST", "/v1/billing/plans", Some(mixed), true);
    assert_eq!(
        (status, issue(&answer)),
        (422, ("UNPROCESSABLE_ENTITY", "CURRENCY_MISMATCH"))
    );
    let two_regular = plan(json!([
        cycle(1, "REGULAR", 0, "USD"),
        cycle(2, "REGULAR", 0, "USD")
    ]));
    assert_eq!(
        raw(&fake, "POST", "/v1/billing/plans", Some(two_regular), true).0,
        400
    );
    assert!(fake.plans().is_empty());
}
