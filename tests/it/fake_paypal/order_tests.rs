//! tagcart's PayPal client against the fake: orders, tokens, currencies. Helpers for the
//! other test modules too.

use super::{FakePayPal, CLIENT_ID, CLIENT_SECRET};
use tagcart::domain::order::PaymentEvent;
use tagcart::domain::product::{Interval, PriceKind, PriceTerms};
use tagcart::gateways::paypal::{self, PayPal, PayPalError};

pub(super) const BACK: &str = "https://shop.example/pay/paypal/return?ref=pay_1";
pub(super) const CANCEL: &str = "https://shop.example/p/gold";

pub(super) fn client(fake: &FakePayPal) -> PayPal {
    PayPal::new(fake.api_url(), CLIENT_ID.into(), CLIENT_SECRET.into())
}

pub(super) fn one_time(currency: &str, amount: i64) -> PriceTerms {
    PriceTerms {
        kind: PriceKind::OneTime,
        currency: currency.into(),
        amount,
        interval: None,
        interval_count: None,
        installments: None,
        trial_days: None,
    }
}

pub(super) fn recurring(kind: PriceKind, trial_days: u32, installments: Option<u32>) -> PriceTerms {
    PriceTerms {
        kind,
        currency: "USD".into(),
        amount: 1900,
        interval: Some(Interval::Month),
        interval_count: Some(1),
        installments,
        trial_days: Some(trial_days),
    }
}

pub(super) fn api_issue(e: &PayPalError) -> (u16, String) {
    match e {
        PayPalError::Api {
            status, message, ..
        } => (*status, message.clone()),
        other => panic!("expected PayPal's refusal, got {other:?}"),
    }
}

#[test]
fn fake_paypal_order_is_created_approved_and_captured() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let started = paypal
        .start_order(
            "pay_1",
            &one_time("USD", 4900),
            "Gold membership",
            BACK,
            CANCEL,
        )
        .unwrap();
    let order = &fake.orders()[0];
    assert_eq!(started.processor_ref, order.id);
    assert_eq!(
        started.approve_url,
        format!("{}/checkoutnow?token={}", fake.url, order.id)
    );
    let shown = (
        order.status.as_str(),
        order.intent.as_str(),
        order.custom_id.as_deref(),
        order.value.as_str(),
    );
    assert_eq!(
        shown,
        ("PAYER_ACTION_REQUIRED", "CAPTURE", Some("pay_1"), "49.00")
    );
    assert_eq!(
        (order.description.as_deref(), order.request_id.as_deref()),
        (Some("Gold membership"), Some("pay_1"))
    );
    assert_eq!(
        (order.return_url.as_deref(), order.cancel_url.as_deref()),
        (Some(BACK), Some(CANCEL))
    );
    // Before the buyer approves, PayPal refuses the capture.
    let early = paypal.capture(&order.id).unwrap_err();
    assert!(
        api_issue(&early).1.contains("ORDER_NOT_APPROVED"),
        "{early}"
    );
    assert_eq!(paypal.lookup(&order.id).unwrap(), None);
    let back = fake.approve(&order.id);
    assert_eq!(
        back,
        format!("{BACK}&token={}&PayerID=QYR5Z8XDVJNXQ", order.id)
    );
    assert!(paypal.capture(&order.id).unwrap());
    let captured = &fake.orders()[0];
    assert_eq!(
        (captured.status.as_str(), captured.capture_status.as_deref()),
        ("COMPLETED", Some("COMPLETED"))
    );
    assert_eq!(
        paypal.lookup(&order.id).unwrap(),
        Some(PaymentEvent::Completed)
    );
}

#[test]
fn fake_paypal_start_order_again_returns_the_same_order() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let terms = one_time("JPY", 4900);
    let first = paypal
        .start_order("pay_1", &terms, "Gold", BACK, CANCEL)
        .unwrap();
    let again = paypal
        .start_order("pay_1", &terms, "Gold", BACK, CANCEL)
        .unwrap();
    assert_eq!(first, again);
    let orders = fake.orders();
    assert_eq!((orders.len(), orders[0].value.as_str()), (1, "4900"));
}

#[test]
fn fake_paypal_double_capture_is_idempotent() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let id = paypal
        .start_order("pay_1", &one_time("EUR", 1250), "Gold", BACK, CANCEL)
        .unwrap()
        .processor_ref;
    fake.approve(&id);
    assert!(paypal.capture(&id).unwrap());
    assert!(paypal.capture(&id).unwrap()); // the same PayPal-Request-Id: the same answer
    let request_ids: Vec<_> = fake
        .calls()
        .into_iter()
        .filter(|c| c.path.ends_with("/capture"))
        .map(|c| (c.status, c.request_id))
        .collect();
    let expected = Some(format!("capture-{id}"));
    assert_eq!(request_ids, vec![(201, expected.clone()), (201, expected)]);
    // Once PayPal has forgotten the request id, a capture meets ORDER_ALREADY_CAPTURED.
    fake.forget_request_ids();
    assert!(paypal.capture(&id).unwrap());
    // Refused as already captured, then read back to see the capture COMPLETED.
    let calls = fake.calls();
    let tail = &calls[calls.len() - 2..];
    let tail: Vec<_> = tail.iter().map(|c| (c.method.as_str(), c.status)).collect();
    assert_eq!(tail, [("POST", 422), ("GET", 200)]);
    assert!(fake.orders()[0].capture_id.is_some());
}

#[test]
fn fake_paypal_held_capture_is_not_completed_until_paypal_releases_it() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let id = paypal
        .start_order("pay_1", &one_time("USD", 4900), "Gold", BACK, CANCEL)
        .unwrap()
        .processor_ref;
    fake.approve(&id);
    fake.hold_captures(true);
    assert!(!paypal.capture(&id).unwrap());
    assert_eq!(paypal.lookup(&id).unwrap(), None);
    fake.set_capture_status(&id, "COMPLETED");
    assert_eq!(paypal.lookup(&id).unwrap(), Some(PaymentEvent::Completed));
    fake.refund(&id);
    assert_eq!(paypal.lookup(&id).unwrap(), Some(PaymentEvent::Refunded));
}

#[test]
fn fake_paypal_lookup_captures_approved_orders_and_fails_dead_ones() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let terms = one_time("USD", 4900);
    let approved = paypal
        .start_order("pay_1", &terms, "Gold", BACK, CANCEL)
        .unwrap()
        .processor_ref;
    let voided = paypal
        .start_order("pay_2", &terms, "Gold", BACK, CANCEL)
        .unwrap()
        .processor_ref;
    fake.approve(&approved);
    fake.set_status(&voided, "VOIDED");
    assert_eq!(
        paypal.lookup(&approved).unwrap(),
        Some(PaymentEvent::Completed)
    );
    assert_eq!(fake.orders()[0].status, "COMPLETED");
    assert_eq!(paypal.lookup(&voided).unwrap(), Some(PaymentEvent::Failed));
    assert_eq!(
        paypal.lookup("9XX00000000000000").unwrap(),
        Some(PaymentEvent::Failed)
    );
    assert!(matches!(
        paypal.lookup("../v1/oauth2/token"),
        Err(PayPalError::Invalid(_))
    ));
}

#[test]
fn fake_paypal_token_is_cached_and_renewed_when_refused() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    paypal.verify_keys().unwrap();
    let terms = one_time("USD", 4900);
    let id = paypal
        .start_order("pay_1", &terms, "Gold", BACK, CANCEL)
        .unwrap()
        .processor_ref;
    paypal.lookup(&id).unwrap();
    paypal
        .start_order("pay_2", &terms, "Gold", BACK, CANCEL)
        .unwrap();
    assert_eq!(fake.token_requests(), 1);
    // PayPal ended the token early: one 401, a new token, the call goes through.
    fake.revoke_tokens();
    assert_eq!(paypal.lookup(&id).unwrap(), None);
    assert_eq!(fake.token_requests(), 2);
    let statuses: Vec<u16> = fake.calls().iter().map(|c| c.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        1,
        "{statuses:?}"
    );
    // A token that expires at once is never reused.
    fake.set_token_lifetime(1);
    let short = client(&fake);
    short.lookup(&id).unwrap();
    short.lookup(&id).unwrap();
    assert_eq!(fake.token_requests(), 4);
}

#[test]
fn fake_paypal_wrong_client_secret_is_an_auth_error() {
    let fake = FakePayPal::start();
    let wrong = PayPal::new(fake.api_url(), CLIENT_ID.into(), "not-the-secret".into());
    match wrong.verify_keys() {
        Err(PayPalError::Auth(message)) => assert_eq!(message, "Client Authentication failed"),
        other => panic!("expected an auth error, got {other:?}"),
    }
    assert!(matches!(
        wrong.lookup("5O190127TN364715T"),
        Err(PayPalError::Auth(_))
    ));
    assert!(client(&fake).verify_keys().is_ok());
}

#[test]
fn fake_paypal_unsupported_currency_is_refused_with_a_clear_message() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let refused = paypal
        .start_order("pay_1", &one_time("INR", 4900), "Gold", BACK, CANCEL)
        .unwrap_err();
    let message = refused.to_string();
    assert!(
        message.contains("PayPal does not take payments in INR."),
        "{message}"
    );
    assert!(paypal::check_currency("INR").unwrap_err().contains("USD"));
    let huf = paypal
        .start_order("pay_2", &one_time("HUF", 490_050), "Gold", BACK, CANCEL)
        .unwrap_err();
    assert!(huf.to_string().contains("HUF in whole units only"), "{huf}");
    assert!(fake.calls().is_empty(), "nothing may reach PayPal");
    // A currency PayPal takes but this merchant's account does not: PayPal's own refusal.
    fake.set_currency_unsupported("EUR");
    let eur = paypal
        .start_order("pay_3", &one_time("EUR", 4900), "Gold", BACK, CANCEL)
        .unwrap_err();
    let (status, message) = api_issue(&eur);
    assert_eq!(status, 422);
    assert!(message.contains("CURRENCY_NOT_SUPPORTED"), "{message}");
}

#[test]
fn fake_paypal_buyer_following_the_approve_link_returns_to_the_shop() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let started = paypal
        .start_order("pay_1", &one_time("USD", 4900), "Gold", BACK, CANCEL)
        .unwrap();
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let response = agent.get(&started.approve_url).call().unwrap();
    assert_eq!(response.status(), 302);
    let location = response.header("Location").unwrap().to_string();
    assert_eq!(
        location,
        format!(
            "{BACK}&token={}&PayerID=QYR5Z8XDVJNXQ",
            started.processor_ref
        )
    );
    assert_eq!(fake.orders()[0].status, "APPROVED");
}

#[test]
fn an_order_with_a_bump_lists_both_items_and_the_coupon_as_its_discount() {
    use tagcart::gateways::Item;
    let fake = FakePayPal::start();
    let items = [
        Item {
            name: "Course".into(),
            amount: 4900,
        },
        Item {
            name: "Workbook".into(),
            amount: 1900,
        },
    ];
    // 20% off the course (−9.80), the workbook at its full price: 59.20 due.
    client(&fake)
        .start_order_of(
            "pay_1",
            &one_time("USD", 5920),
            &items,
            0,
            "Course + Workbook",
            BACK,
            CANCEL,
        )
        .unwrap();
    let order = &fake.orders()[0];
    assert_eq!(order.value, "59.20");
    let names: Vec<&str> = (order.items.iter())
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Course", "Workbook"]);
    assert_eq!(order.items[1]["unit_amount"]["value"], "19.00");
    assert_eq!(order.items[0]["category"], "DIGITAL_GOODS");

    // Without a discount the breakdown has none; zero-decimal currencies are whole numbers.
    let yen = [
        Item {
            name: "Course".into(),
            amount: 4900,
        },
        Item {
            name: "Workbook".into(),
            amount: 1000,
        },
    ];
    client(&fake)
        .start_order_of(
            "pay_2",
            &one_time("JPY", 5900),
            &yen,
            0,
            "Course + Workbook",
            BACK,
            CANCEL,
        )
        .unwrap();
    assert_eq!(fake.orders()[1].items[1]["unit_amount"]["value"], "1000");

    // Tax added on top of a price that excludes it is the breakdown's tax_total: €49.00, 19%.
    let course = [Item {
        name: "Course".into(),
        amount: 4900,
    }];
    client(&fake)
        .start_order_of(
            "pay_3",
            &one_time("EUR", 5831),
            &course,
            931,
            "Course",
            BACK,
            CANCEL,
        )
        .unwrap();
    let taxed = &fake.orders()[2];
    assert_eq!(taxed.value, "58.31");
    // And a tax_total that does not add up is refused, as PayPal does.
    let wrong = client(&fake).start_order_of(
        "pay_4",
        &one_time("EUR", 5831),
        &course,
        930,
        "Course",
        BACK,
        CANCEL,
    );
    assert!(wrong.is_err());
}
