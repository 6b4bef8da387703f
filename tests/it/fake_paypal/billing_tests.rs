//! tagcart's PayPal client against the fake: catalog products, plans, subscriptions, and
//! webhook deliveries verified by PayPal.

use super::order_tests::{api_issue, client, one_time, recurring, BACK, CANCEL};
use super::{paypal_headers, FakePayPal, WEBHOOK_ID};
use serde_json::json;
use tagcart::domain::order::PaymentEvent;
use tagcart::domain::product::PriceKind;
use tagcart::gateways::paypal;

#[test]
fn fake_paypal_subscription_with_trial_has_a_free_trial_cycle_first() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let terms = recurring(PriceKind::Subscription, 7, None);
    let started = paypal
        .start_subscription("pay_1", &terms, "Gold", BACK, CANCEL)
        .unwrap();
    let sub = &fake.subscriptions()[0];
    assert!(started.processor_ref.starts_with("I-"));
    assert_eq!(started.processor_ref, sub.id);
    assert_eq!(
        started.approve_url,
        format!(
            "{}/webapps/billing/subscriptions?ba_token={}",
            fake.url, sub.ba_token
        )
    );
    assert_eq!(
        (sub.status.as_str(), sub.custom_id.as_deref()),
        ("APPROVAL_PENDING", Some("pay_1"))
    );
    assert_eq!(sub.request_id.as_deref(), Some("subscription-pay_1"));
    let products = fake.products();
    assert_eq!(
        (products.len(), &products[0]["name"], &products[0]["type"]),
        (1, &json!("Gold"), &json!("DIGITAL"))
    );
    let plan = &fake.plans()[0];
    assert_eq!(
        (&plan["product_id"], &plan["id"]),
        (&products[0]["id"], &json!(sub.plan_id))
    );
    let cycles = &plan["billing_cycles"];
    assert_eq!(cycles[0]["tenure_type"], "TRIAL");
    assert_eq!(
        cycles[0]["frequency"],
        json!({"interval_unit": "DAY", "interval_count": 7})
    );
    assert_eq!(
        (&cycles[0]["sequence"], &cycles[0]["total_cycles"]),
        (&json!(1), &json!(1))
    );
    assert!(cycles[0].get("pricing_scheme").is_none());
    assert_eq!(cycles[1]["tenure_type"], "REGULAR");
    assert_eq!(
        cycles[1]["frequency"],
        json!({"interval_unit": "MONTH", "interval_count": 1})
    );
    assert_eq!(
        (&cycles[1]["sequence"], &cycles[1]["total_cycles"]),
        (&json!(2), &json!(0))
    );
    let price = &cycles[1]["pricing_scheme"]["fixed_price"];
    assert_eq!(price, &json!({"currency_code": "USD", "value": "19.00"}));
    // The next checkout of the same price reuses the product and the plan.
    let second = paypal
        .start_subscription("pay_2", &terms, "Gold", BACK, CANCEL)
        .unwrap();
    assert_ne!(second.processor_ref, started.processor_ref);
    assert_eq!((fake.products().len(), fake.plans().len()), (1, 1));
    assert_eq!(fake.subscriptions()[1].plan_id, sub.plan_id);
}

#[test]
fn fake_paypal_payment_plan_runs_its_installments() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let subscription = recurring(PriceKind::Subscription, 0, None);
    paypal
        .start_subscription("pay_1", &subscription, "Gold", BACK, CANCEL)
        .unwrap();
    let plan_terms = recurring(PriceKind::PaymentPlan, 0, Some(3));
    paypal
        .start_subscription("pay_2", &plan_terms, "Gold", BACK, CANCEL)
        .unwrap();
    let plans = fake.plans();
    assert_eq!((fake.products().len(), plans.len()), (1, 2));
    let cycles = plans[1]["billing_cycles"].as_array().unwrap();
    assert_eq!(cycles.len(), 1);
    assert_eq!(
        (&cycles[0]["tenure_type"], &cycles[0]["sequence"]),
        (&json!("REGULAR"), &json!(1))
    );
    assert_eq!(cycles[0]["total_cycles"], 3);
    assert_eq!(plans[0]["billing_cycles"][0]["total_cycles"], 0);
    assert_ne!(plans[0]["name"], plans[1]["name"]);
}

#[test]
fn fake_paypal_subscription_lifecycle_through_lookup_and_cancel() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let terms = recurring(PriceKind::PaymentPlan, 0, Some(3));
    let id = paypal
        .start_subscription("pay_1", &terms, "Gold", BACK, CANCEL)
        .unwrap()
        .processor_ref;
    assert_eq!(paypal.lookup(&id).unwrap(), None);
    let back = fake.approve(&id);
    assert!(
        back.starts_with(&format!("{BACK}&subscription_id={id}&ba_token=BA-")),
        "{back}"
    );
    assert_eq!(paypal.lookup(&id).unwrap(), Some(PaymentEvent::Completed));
    fake.set_status(&id, "EXPIRED"); // all three installments paid
    assert_eq!(paypal.lookup(&id).unwrap(), Some(PaymentEvent::Completed));
    fake.set_status(&id, "ACTIVE");
    paypal
        .cancel_subscription(&id, "Refunded by the merchant")
        .unwrap();
    let sub = &fake.subscriptions()[0];
    assert_eq!(
        (sub.status.as_str(), sub.cancel_reason.as_deref()),
        ("CANCELLED", Some("Refunded by the merchant"))
    );
    paypal.cancel_subscription(&id, "again").unwrap(); // already cancelled: done
    assert_eq!(paypal.lookup(&id).unwrap(), Some(PaymentEvent::Cancelled));
    let pending = paypal
        .start_subscription("pay_2", &terms, "Gold", BACK, CANCEL)
        .unwrap()
        .processor_ref;
    let refused = paypal
        .cancel_subscription(&pending, "too early")
        .unwrap_err();
    assert!(
        api_issue(&refused)
            .1
            .contains("SUBSCRIPTION_STATUS_INVALID"),
        "{refused}"
    );
}

#[test]
fn fake_paypal_webhook_verification_succeeds_only_for_what_paypal_signed() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let id = paypal
        .start_order("pay_1", &one_time("USD", 4900), "Gold", BACK, CANCEL)
        .unwrap()
        .processor_ref;
    fake.approve(&id);
    paypal.capture(&id).unwrap();
    let (headers, body) = fake.event("PAYMENT.CAPTURE.COMPLETED", fake.capture_resource(&id));
    let h = paypal_headers(&headers);
    assert!(paypal.verify_webhook(WEBHOOK_ID, &h, &body).unwrap());
    let event = paypal::parse_event(&body).unwrap();
    assert_eq!(
        (
            event.kind,
            event.payment_ref.as_deref(),
            event.processor_ref.as_deref()
        ),
        (
            Some(PaymentEvent::Completed),
            Some("pay_1"),
            Some(id.as_str())
        )
    );
    // A changed body, another webhook's id, a forged delivery: FAILURE.
    let tampered = String::from_utf8(body.clone())
        .unwrap()
        .replace("pay_1", "pay_9");
    assert!(!paypal
        .verify_webhook(WEBHOOK_ID, &h, tampered.as_bytes())
        .unwrap());
    assert!(!paypal
        .verify_webhook("1JE4291016473214C", &h, &body)
        .unwrap());
    let (forged_headers, forged) =
        fake.forged("PAYMENT.CAPTURE.COMPLETED", fake.capture_resource(&id));
    assert!(!paypal
        .verify_webhook(WEBHOOK_ID, &paypal_headers(&forged_headers), &forged)
        .unwrap());
    let statuses: Vec<String> = fake.verifications().into_iter().map(|v| v.1).collect();
    assert_eq!(statuses, ["SUCCESS", "FAILURE", "FAILURE", "FAILURE"]);
    assert_eq!(fake.verifications()[0].0, h.transmission_id);
    // Without the transmission headers PayPal is not even asked.
    let bare = tagcart::gateways::paypal::PayPalHeaders::default();
    assert!(!paypal.verify_webhook(WEBHOOK_ID, &bare, &body).unwrap());
    assert_eq!(fake.verifications().len(), 4);
}

#[test]
fn fake_paypal_events_from_its_state_parse_into_tagcart_events() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let order = paypal
        .start_order("pay_1", &one_time("USD", 4900), "Gold", BACK, CANCEL)
        .unwrap()
        .processor_ref;
    fake.approve(&order);
    let parse = |(headers, body): super::Delivery| {
        assert!(paypal
            .verify_webhook(WEBHOOK_ID, &paypal_headers(&headers), &body)
            .unwrap());
        paypal::parse_event(&body).unwrap()
    };
    let approved = parse(fake.event("CHECKOUT.ORDER.APPROVED", fake.order_resource(&order)));
    assert_eq!(
        (approved.kind, approved.needs_capture.as_deref()),
        (None, Some(order.as_str()))
    );
    paypal.capture(&order).unwrap();
    let refunded = parse(fake.event("PAYMENT.CAPTURE.REFUNDED", fake.refund_resource(&order)));
    assert_eq!(
        (refunded.kind, refunded.payment_ref.as_deref()),
        (Some(PaymentEvent::Refunded), Some("pay_1"))
    );
    let terms = recurring(PriceKind::Subscription, 0, None);
    let sub = paypal
        .start_subscription("pay_2", &terms, "Gold", BACK, CANCEL)
        .unwrap()
        .processor_ref;
    fake.approve(&sub);
    let activated = parse(fake.event(
        "BILLING.SUBSCRIPTION.ACTIVATED",
        fake.subscription_resource(&sub),
    ));
    assert_eq!(
        (
            activated.kind,
            activated.payment_ref.as_deref(),
            activated.processor_ref.as_deref()
        ),
        (
            Some(PaymentEvent::Completed),
            Some("pay_2"),
            Some(sub.as_str())
        )
    );
    fake.charge(&sub);
    let renewed = parse(fake.event("PAYMENT.SALE.COMPLETED", fake.sale_resource(&sub)));
    assert_eq!(
        (renewed.kind, renewed.processor_ref.as_deref()),
        (Some(PaymentEvent::Renewed), Some(sub.as_str()))
    );
    paypal.cancel_subscription(&sub, "buyer asked").unwrap();
    let cancelled = parse(fake.event(
        "BILLING.SUBSCRIPTION.CANCELLED",
        fake.subscription_resource(&sub),
    ));
    assert_eq!(cancelled.kind, Some(PaymentEvent::Cancelled));
}
