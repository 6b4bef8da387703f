//! The fake's refunds: Payments v2 capture refunds and Payments v1 sale refunds, their
//! refusals in PayPal's words, PayPal-Request-Id, and tagcart's PayPal client against them.

use super::order_tests::{client, one_time, recurring, BACK, CANCEL};
use super::strict_tests::{form_token, issue};
use super::{paypal_headers, FakePayPal, WEBHOOK_ID};
use serde_json::{json, Value};
use tagcart::domain::order::PaymentEvent;
use tagcart::domain::product::PriceKind;
use tagcart::gateways::{paypal, Answer, ToRefund};

/// A POST with this token and these headers: (status, JSON answer).
fn post(
    fake: &FakePayPal,
    token: &str,
    path: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> (u16, Value) {
    let mut request = ureq::post(&format!("{}{path}", fake.url))
        .set("Authorization", &format!("Bearer {token}"))
        .set("Content-Type", "application/json");
    for (k, v) in headers {
        request = request.set(k, v);
    }
    let response = match request.send_string(body) {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("fake PayPal unreachable: {e}"),
    };
    let status = response.status();
    let text = response.into_string().unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A captured $49.00 order: (order id, capture id).
fn captured(fake: &FakePayPal) -> (String, String) {
    let paypal = client(fake);
    let terms = one_time("USD", 4900);
    let order = paypal.start_order("pay_1", &terms, "Gold", BACK, CANCEL);
    let order = order.unwrap().processor_ref;
    fake.approve(&order);
    assert!(paypal.capture(&order).unwrap());
    let capture = fake.orders()[0].capture_id.clone().unwrap();
    (order, capture)
}

#[test]
fn fake_paypal_refunds_a_capture_in_parts_and_refuses_more_than_is_left() {
    let fake = FakePayPal::start();
    let (order, capture) = captured(&fake);
    let token = form_token(&fake);
    let path = format!("/v2/payments/captures/{capture}/refund");
    let ten = r#"{"amount": {"value": "10.00", "currency_code": "USD"}, "note_to_payer": "Late"}"#;

    let (status, answer) = post(&fake, "A21AAwrong", &path, ten, &[]);
    assert_eq!(
        (status, answer["name"].as_str()),
        (401, Some("AUTHENTICATION_FAILURE"))
    );
    let (status, answer) = post(
        &fake,
        &token,
        "/v2/payments/captures/0NOSUCHCAPTURE00/refund",
        ten,
        &[],
    );
    assert_eq!(
        (status, issue(&answer)),
        (404, ("RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID"))
    );
    let long_note = json!({"note_to_payer": "x".repeat(256)}).to_string();
    for (body, want) in [
        (
            r#"{"amount": "10.00"}"#,
            (400, ("INVALID_REQUEST", "INVALID_PARAMETER_SYNTAX")),
        ),
        (
            r#"{"amount": {"value": "ten", "currency_code": "USD"}}"#,
            (400, ("INVALID_REQUEST", "INVALID_PARAMETER_SYNTAX")),
        ),
        (
            r#"{"amount": {"currency_code": "USD"}}"#,
            (400, ("INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER")),
        ),
        (
            long_note.as_str(),
            (400, ("INVALID_REQUEST", "INVALID_STRING_LENGTH")),
        ),
        (
            r#"{"amount": {"value": "10.001", "currency_code": "USD"}}"#,
            (422, ("UNPROCESSABLE_ENTITY", "DECIMAL_PRECISION")),
        ),
        (
            r#"{"amount": {"value": "0.00", "currency_code": "USD"}}"#,
            (422, ("UNPROCESSABLE_ENTITY", "CANNOT_BE_ZERO_OR_NEGATIVE")),
        ),
        (
            r#"{"amount": {"value": "10.00", "currency_code": "EUR"}}"#,
            (
                422,
                ("UNPROCESSABLE_ENTITY", "REFUND_CAPTURE_CURRENCY_MISMATCH"),
            ),
        ),
        (
            r#"{"amount": {"value": "49.01", "currency_code": "USD"}}"#,
            (422, ("UNPROCESSABLE_ENTITY", "REFUND_AMOUNT_EXCEEDED")),
        ),
        ("{", (400, ("INVALID_REQUEST", "MALFORMED_REQUEST_JSON"))),
    ] {
        let (status, answer) = post(&fake, &token, &path, body, &[]);
        assert_eq!((status, issue(&answer)), want, "{body}: {answer}");
    }
    assert!(fake.refunds().is_empty(), "refusals refund nothing");

    let first = post(
        &fake,
        &token,
        &path,
        ten,
        &[("PayPal-Request-Id", "tagcart-action-1")],
    );
    assert_eq!(first.0, 201, "{}", first.1);
    let keys: Vec<&str> = first
        .1
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["id", "links", "status"], "return=minimal by default");
    let again = post(
        &fake,
        &token,
        &path,
        ten,
        &[("PayPal-Request-Id", "tagcart-action-1")],
    );
    assert_eq!(
        again, first,
        "the same PayPal-Request-Id: the first answer, nothing refunded twice"
    );
    let refunds = fake.refunds();
    assert_eq!(refunds.len(), 1);
    let r = &refunds[0];
    assert_eq!(
        (
            r.capture_id.as_deref(),
            r.value.as_str(),
            r.note.as_deref(),
            r.request_id.as_deref()
        ),
        (
            Some(capture.as_str()),
            "10.00",
            Some("Late"),
            Some("tagcart-action-1")
        )
    );
    assert_eq!(
        fake.orders()[0].capture_status.as_deref(),
        Some("PARTIALLY_REFUNDED")
    );
    let (status, answer) = post(
        &fake,
        &token,
        &path,
        r#"{"amount": {"value": "39.01", "currency_code": "USD"}}"#,
        &[],
    );
    assert_eq!(
        (status, issue(&answer).1),
        (422, "REFUND_AMOUNT_EXCEEDED"),
        "39.00 is left"
    );

    let prefer = [("Prefer", "return=representation")];
    let (status, rest) = post(&fake, &token, &path, "{}", &prefer);
    assert_eq!(status, 201, "{rest}");
    assert_eq!(
        rest["amount"],
        json!({"currency_code": "USD", "value": "39.00"}),
        "all that was left"
    );
    assert_eq!(
        rest["seller_payable_breakdown"]["total_refunded_amount"]["value"],
        "49.00"
    );
    assert_eq!(
        (rest["custom_id"].as_str(), rest["status"].as_str()),
        (Some("pay_1"), Some("COMPLETED"))
    );
    assert_eq!(rest, fake.refund_resource_of(rest["id"].as_str().unwrap()));
    assert_eq!(fake.orders()[0].capture_status.as_deref(), Some("REFUNDED"));
    let (status, answer) = post(&fake, &token, &path, "{}", &[]);
    assert_eq!((status, issue(&answer).1), (422, "CAPTURE_FULLY_REFUNDED"));

    let shown = fake.order_resource(&order);
    let payments = &shown["purchase_units"][0]["payments"];
    assert_eq!(payments["captures"][0]["status"], "REFUNDED");
    assert_eq!(
        payments["refunds"].as_array().map(Vec::len),
        Some(2),
        "{shown}"
    );
}

#[test]
fn fake_paypal_refund_events_parse_into_tagcart_refunds() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let (order, capture) = captured(&fake);
    let part = fake.refund_part(&order, "20.00");
    let (headers, body) = fake.refund_event(&part);
    assert!(paypal
        .verify_webhook(WEBHOOK_ID, &paypal_headers(&headers), &body)
        .unwrap());
    let event = paypal::parse_event(&body).unwrap();
    assert_eq!(
        (event.kind, event.payment_ref.as_deref()),
        (Some(PaymentEvent::Refunded), Some("pay_1"))
    );
    let refund = event.refund.expect("the refund's figures");
    assert_eq!(
        (
            refund.key.as_str(),
            refund.payment_id.as_deref(),
            refund.amount
        ),
        (part.as_str(), Some(capture.as_str()), 2000)
    );
    let rest = fake.refund(&order);
    let resource = fake.refund_resource_of(&rest);
    assert_eq!(
        resource["amount"]["value"], "29.00",
        "the dashboard refunds what is left"
    );
    assert_eq!(
        fake.refund_resource(&order),
        resource,
        "the newest refund of the order"
    );
    assert_eq!(
        fake.refunds()[1].request_id,
        None,
        "made in PayPal's dashboard"
    );
}

#[test]
fn fake_paypal_refunds_a_subscription_sale_in_payments_v1_words() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let terms = recurring(PriceKind::Subscription, 0, None);
    let sub = paypal.start_subscription("pay_2", &terms, "Gold", BACK, CANCEL);
    let sub = sub.unwrap().processor_ref;
    fake.approve(&sub);
    let first = fake.sale_resource(&sub);
    assert_eq!(fake.sale_resource(&sub), first, "a payment keeps its id");
    fake.charge(&sub);
    let second = fake.sale_resource(&sub);
    assert_ne!(second["id"], first["id"]);
    assert_eq!(fake.sales().len(), 2);
    let sale = first["id"].as_str().unwrap();

    let token = form_token(&fake);
    let path = format!("/v1/payments/sale/{sale}/refund");
    let name = |a: &Value| a["name"].as_str().unwrap_or("-").to_string();
    let (status, answer) = post(
        &fake,
        &token,
        "/v1/payments/sale/0NOSUCHSALE00000/refund",
        "{}",
        &[],
    );
    assert_eq!((status, name(&answer)), (404, "INVALID_RESOURCE_ID".into()));
    assert!(
        answer["information_link"].is_string(),
        "Payments v1's error shape: {answer}"
    );
    for (body, want) in [
        (
            r#"{"amount": {"total": "5.001", "currency": "USD"}}"#,
            "VALIDATION_ERROR",
        ),
        (
            r#"{"amount": {"total": "5.00", "currency": "usd"}}"#,
            "VALIDATION_ERROR",
        ),
        (r#"{"amount": "5.00"}"#, "VALIDATION_ERROR"),
        (
            r#"{"amount": {"total": "5.00", "currency": "EUR"}}"#,
            "CURRENCY_MISMATCH",
        ),
        (
            r#"{"amount": {"total": "19.01", "currency": "USD"}}"#,
            "REFUND_EXCEEDED_TRANSACTION_AMOUNT",
        ),
        ("{", "MALFORMED_REQUEST"),
    ] {
        let (status, answer) = post(&fake, &token, &path, body, &[]);
        assert_eq!(
            (status, name(&answer)),
            (400, want.into()),
            "{body}: {answer}"
        );
    }
    let five = r#"{"amount": {"total": "5.00", "currency": "USD"}, "description": "Late"}"#;
    let (status, refund) = post(&fake, &token, &path, five, &[("PayPal-Request-Id", "k1")]);
    assert_eq!(status, 201, "{refund}");
    assert_eq!(
        (
            refund["state"].as_str(),
            refund["sale_id"].as_str(),
            refund["custom"].as_str()
        ),
        (Some("completed"), Some(sale), Some("pay_2"))
    );
    assert_eq!(
        refund["amount"],
        json!({"total": "5.00", "currency": "USD"})
    );
    assert_eq!(
        post(&fake, &token, &path, five, &[("PayPal-Request-Id", "k1")]),
        (201, refund.clone())
    );
    assert_eq!(fake.sales()[0].state, "partially_refunded");
    let (status, answer) = post(&fake, &token, &path, "{}", &[]);
    assert_eq!(
        (status, name(&answer)),
        (400, "FULL_REFUND_NOT_ALLOWED_AFTER_PARTIAL_REFUND".into()),
        "Payments v1 refunds the whole sale only while none of it is refunded"
    );
    let rest = r#"{"amount": {"total": "14.00", "currency": "USD"}}"#;
    let (status, last) = post(&fake, &token, &path, rest, &[]);
    assert_eq!(
        (status, last["total_refunded_amount"]["value"].as_str()),
        (201, Some("19.00"))
    );
    assert_eq!(fake.sales()[0].state, "refunded");
    let (status, answer) = post(
        &fake,
        &token,
        &path,
        r#"{"amount": {"total": "1.00", "currency": "USD"}}"#,
        &[],
    );
    assert_eq!(
        (status, name(&answer)),
        (400, "TRANSACTION_ALREADY_REFUNDED".into())
    );

    let second_path = format!(
        "/v1/payments/sale/{}/refund",
        second["id"].as_str().unwrap()
    );
    let (status, whole) = post(&fake, &token, &second_path, "{}", &[]);
    assert_eq!(
        (status, whole["amount"]["total"].as_str()),
        (201, Some("19.00")),
        "the other payment is whole"
    );

    let (headers, body) = fake.refund_event(refund["id"].as_str().unwrap());
    assert!(paypal
        .verify_webhook(WEBHOOK_ID, &paypal_headers(&headers), &body)
        .unwrap());
    let event = paypal::parse_event(&body).unwrap();
    assert_eq!(
        (
            event.kind,
            event.payment_ref.as_deref(),
            event.processor_ref.as_deref()
        ),
        (Some(PaymentEvent::Refunded), Some("pay_2"), Some(sale))
    );
    assert_eq!(
        event.refund.map(|r| (r.amount, r.payment_id)),
        Some((500, Some(sale.to_string())))
    );
}

fn to_refund<'a>(order: &'a str, amount: Option<i64>, key: &'a str) -> ToRefund<'a> {
    ToRefund {
        payment_ref: "pay_1",
        processor_ref: order,
        payment_id: None,
        amount,
        currency: "USD",
        reason: "Asked by the buyer",
        idempotency_key: key,
        now: 1_700_000_000,
    }
}

#[test]
fn tagcarts_refund_finds_the_capture_and_survives_outages_and_lost_answers() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let (order, capture) = captured(&fake);

    fake.fail_refunds(Some(503));
    let down = paypal.refund(&to_refund(&order, Some(1000), "tagcart-action-1"));
    assert!(matches!(down, Answer::Unreachable(_)), "{down:?}");
    fake.fail_refunds(Some(422));
    let broke = paypal.refund(&to_refund(&order, Some(1000), "tagcart-action-1"));
    let Answer::Refused(why) = broke else {
        panic!("{broke:?}")
    };
    assert!(why.contains("REFUND_FAILED_INSUFFICIENT_FUNDS"), "{why}");
    fake.fail_refunds(None);
    assert!(fake.refunds().is_empty());

    // PayPal refunds, but its answer is lost: the retry with the same key gets it.
    fake.lose_next_answer();
    let lost = paypal.refund(&to_refund(&order, Some(1000), "tagcart-action-1"));
    assert!(matches!(lost, Answer::Unreachable(_)), "{lost:?}");
    let retried = paypal.refund(&to_refund(&order, Some(1000), "tagcart-action-1"));
    let Answer::Accepted { processor_ref, .. } = retried else {
        panic!("{retried:?}")
    };
    let refunds = fake.refunds();
    assert_eq!(refunds.len(), 1, "refunded once");
    assert_eq!(processor_ref.as_deref(), Some(refunds[0].id.as_str()));
    assert_eq!(
        (
            refunds[0].capture_id.as_deref(),
            refunds[0].value.as_str(),
            refunds[0].note.as_deref()
        ),
        (Some(capture.as_str()), "10.00", Some("Asked by the buyer"))
    );
    let calls: Vec<_> = (fake.calls().into_iter())
        .filter(|c| c.path.ends_with("/refund"))
        .map(|c| (c.status, c.request_id.unwrap_or_default()))
        .collect();
    assert!(
        calls.iter().all(|(_, key)| key == "tagcart-action-1"),
        "{calls:?}"
    );
    assert!(
        fake.calls()
            .iter()
            .any(|c| c.method == "GET" && c.path == format!("/v2/checkout/orders/{order}")),
        "without a recorded capture, tagcart reads it from the order"
    );

    let over = paypal.refund(&to_refund(&order, Some(3901), "tagcart-action-2"));
    let Answer::Refused(why) = over else {
        panic!("{over:?}")
    };
    assert!(why.contains("REFUND_AMOUNT_EXCEEDED"), "{why}");
    let rest = paypal.refund(&to_refund(&order, None, "tagcart-action-3"));
    assert!(matches!(rest, Answer::Accepted { .. }), "{rest:?}");
    assert_eq!(fake.refunds()[1].value, "39.00");
}
