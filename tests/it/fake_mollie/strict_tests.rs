//! The fake refuses what Mollie refuses, in Mollie's words, and tagcart's client reads them.

use super::{FakeMollie, API_KEY};
use serde_json::{json, Value};
use tagcart::gateways::mollie::{Mollie, MollieError};

fn post(
    fake: &FakeMollie,
    key: &str,
    path: &str,
    idempotency: Option<&str>,
    body: &Value,
) -> (u16, Value) {
    let mut req =
        ureq::post(&format!("{}{path}", fake.url)).set("Authorization", &format!("Bearer {key}"));
    if let Some(k) = idempotency {
        req = req.set("Idempotency-Key", k);
    }
    let sent = req
        .set("Content-Type", "application/json")
        .send_string(&body.to_string());
    match sent {
        Ok(r) | Err(ureq::Error::Status(_, r)) => {
            let status = r.status();
            (
                status,
                serde_json::from_str(&r.into_string().unwrap()).unwrap_or(Value::Null),
            )
        }
        Err(e) => panic!("{e}"),
    }
}

fn payment(value: &str) -> Value {
    json!({"amount": {"currency": "EUR", "value": value}, "description": "Order 1",
        "redirectUrl": "https://shop.example/back"})
}

#[test]
fn a_wrong_key_is_refused_with_mollies_401_and_the_client_says_so() {
    let fake = FakeMollie::start();
    let (status, body) = post(&fake, "test_wrong", "/v2/payments", None, &payment("10.00"));
    assert_eq!(
        (status, body["title"].as_str()),
        (401, Some("Unauthorized Request"))
    );
    let client = Mollie::new(
        url::Url::parse(&fake.url).unwrap(),
        "test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into(),
    );
    match client.verify_keys() {
        Err(MollieError::Auth(said)) => assert!(said.contains("failed to authenticate"), "{said}"),
        other => panic!("{other:?}"),
    }
    let right = Mollie::new(url::Url::parse(&fake.url).unwrap(), API_KEY.into());
    assert_eq!(right.verify_keys(), Ok(()));
}

#[test]
fn unknown_fields_and_amounts_without_exactly_two_decimals_are_unprocessable() {
    let fake = FakeMollie::start();
    for value in ["10", "10.0", "10.000", "10,00", "-1.00"] {
        let (status, body) = post(&fake, API_KEY, "/v2/payments", None, &payment(value));
        assert_eq!(
            (status, body["field"].as_str()),
            (422, Some("amount.value")),
            "{value}: {body}"
        );
        assert_eq!(body["status"], 422);
        assert!(body["_links"]["documentation"]["href"].is_string());
    }
    let mut extra = payment("10.00");
    extra["customer_id"] = json!("cst_1");
    let (status, body) = post(&fake, API_KEY, "/v2/payments", None, &extra);
    assert_eq!((status, body["field"].as_str()), (422, Some("customer_id")));
    let yen = json!({"amount": {"currency": "JPY", "value": "1000"}, "description": "x", "redirectUrl": "https://x.example"});
    assert_eq!(
        post(&fake, API_KEY, "/v2/payments", None, &yen).0,
        201,
        "JPY has no decimals"
    );
    assert!(fake.payments().len() == 1, "nothing refused was made");
}

#[test]
fn an_idempotency_key_seen_before_gets_the_first_answer_again() {
    let fake = FakeMollie::start();
    let (first, a) = post(
        &fake,
        API_KEY,
        "/v2/payments",
        Some("k1"),
        &payment("10.00"),
    );
    let (again, b) = post(
        &fake,
        API_KEY,
        "/v2/payments",
        Some("k1"),
        &payment("10.00"),
    );
    assert_eq!((first, again), (201, 201));
    assert_eq!(a["id"], b["id"]);
    assert_eq!(fake.payments().len(), 1);
    let (_, other) = post(
        &fake,
        API_KEY,
        "/v2/payments",
        Some("k2"),
        &payment("10.00"),
    );
    assert_ne!(other["id"], a["id"]);
}

#[test]
fn a_subscription_needs_a_mandate_and_a_refund_no_more_than_remains() {
    let fake = FakeMollie::start();
    let (_, customer) = post(
        &fake,
        API_KEY,
        "/v2/customers",
        None,
        &json!({"email": "a@example.com"}),
    );
    let path = format!(
        "/v2/customers/{}/subscriptions",
        customer["id"].as_str().unwrap()
    );
    let sub = json!({"amount": {"currency": "EUR", "value": "5.00"}, "interval": "1 month", "description": "Club"});
    let (status, body) = post(&fake, API_KEY, &path, None, &sub);
    assert_eq!(
        (status, body["detail"].as_str()),
        (422, Some("The customer has no valid mandate."))
    );
    let mut first = payment("10.00");
    first["sequenceType"] = json!("first");
    first["customerId"] = customer["id"].clone();
    let (_, paid) = post(&fake, API_KEY, "/v2/payments", None, &first);
    let id = paid["id"].as_str().unwrap();
    fake.settle(id, "paid");
    assert_eq!(post(&fake, API_KEY, &path, None, &sub).0, 201);
    let mut weekly = sub.clone();
    weekly["interval"] = json!("weekly");
    assert_eq!(
        post(&fake, API_KEY, &path, None, &weekly).1["field"],
        "interval"
    );
    let refund = |value: &str| json!({"amount": {"currency": "EUR", "value": value}});
    let refunds = format!("/v2/payments/{id}/refunds");
    assert_eq!(
        post(&fake, API_KEY, &refunds, None, &refund("10.01")).0,
        422
    );
    assert_eq!(post(&fake, API_KEY, &refunds, None, &refund("4.00")).0, 201);
    assert_eq!(fake.payment(id)["amountRemaining"]["value"], "6.00");
}
