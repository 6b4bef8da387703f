//! Coupons at PayPal: a plan whose TRIAL cycle carries the discounted price for the covered
//! charges, then the REGULAR price; the strict fake accepts the plan and bills by its cycles.

use super::order_tests::{client, recurring, BACK, CANCEL};
use super::{paypal_headers, FakePayPal, WEBHOOK_ID};
use serde_json::{json, Value};
use tagcart::domain::discount::{Discount, Duration, Off};
use tagcart::domain::product::PriceKind;
use tagcart::gateways::paypal;

fn discount(off: Off, duration: Duration) -> Discount {
    Discount {
        code: "LAUNCH".into(),
        off,
        duration,
    }
}

/// Each cycle as (tenure, total_cycles, price value or "free").
fn cycles(plan: &Value) -> Vec<(String, u64, String)> {
    let cycles = plan["billing_cycles"].as_array().unwrap();
    (cycles.iter())
        .map(|c| {
            let price = &c["pricing_scheme"]["fixed_price"];
            let value = price["value"].as_str().unwrap_or("free").to_string();
            let tenure = c["tenure_type"].as_str().unwrap().to_string();
            (tenure, c["total_cycles"].as_u64().unwrap(), value)
        })
        .collect()
}

fn cycle(tenure: &str, total: u64, value: &str) -> (String, u64, String) {
    (tenure.into(), total, value.into())
}

#[test]
fn a_discounted_subscription_gets_a_plan_with_discounted_cycles_the_strict_fake_accepts() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let monthly = recurring(PriceKind::Subscription, 0, None);
    let three_months = discount(Off::Percent(20), Duration::Repeating { months: 3 });
    let forever = discount(Off::Amount(400), Duration::Forever);
    let once = discount(Off::Percent(100), Duration::Once);
    for (i, d) in [&three_months, &forever, &once].into_iter().enumerate() {
        let r = format!("pay_{i}");
        paypal
            .start_discounted_subscription(&r, &monthly, "Gold", BACK, CANCEL, Some(d))
            .unwrap();
    }
    let trial = recurring(PriceKind::Subscription, 7, None);
    paypal
        .start_discounted_subscription("pay_t", &trial, "Gold", BACK, CANCEL, Some(&three_months))
        .unwrap();
    let plan = recurring(PriceKind::PaymentPlan, 0, Some(4));
    paypal
        .start_discounted_subscription("pay_p", &plan, "Gold", BACK, CANCEL, Some(&three_months))
        .unwrap();
    let plans: Vec<_> = fake.plans().iter().map(cycles).collect();
    assert_eq!(
        plans,
        vec![
            vec![cycle("TRIAL", 3, "15.20"), cycle("REGULAR", 0, "19.00")],
            vec![cycle("REGULAR", 0, "15.00")],
            vec![cycle("TRIAL", 1, "free"), cycle("REGULAR", 0, "19.00")],
            vec![
                cycle("TRIAL", 1, "free"),
                cycle("TRIAL", 3, "15.20"),
                cycle("REGULAR", 0, "19.00")
            ],
            vec![cycle("TRIAL", 3, "15.20"), cycle("REGULAR", 1, "19.00")],
        ]
    );
    // The same terms reuse their plan; no coupon keeps the undiscounted plan.
    paypal
        .start_discounted_subscription(
            "pay_again",
            &monthly,
            "Gold",
            BACK,
            CANCEL,
            Some(&three_months),
        )
        .unwrap();
    paypal
        .start_subscription("pay_plain", &monthly, "Gold", BACK, CANCEL)
        .unwrap();
    let plans: Vec<_> = fake.plans().iter().map(cycles).collect();
    assert_eq!(plans.len(), 6);
    assert_eq!(plans[5], vec![cycle("REGULAR", 0, "19.00")]);
}

#[test]
fn the_discounted_cycles_are_billed_at_the_discounted_price_then_the_regular_one() {
    let fake = FakePayPal::start();
    let paypal = client(&fake);
    let monthly = recurring(PriceKind::Subscription, 0, None);
    let two_months = discount(Off::Percent(50), Duration::Repeating { months: 2 });
    let started = paypal
        .start_discounted_subscription("pay_1", &monthly, "Gold", BACK, CANCEL, Some(&two_months))
        .unwrap();
    let sub = started.processor_ref;
    fake.approve(&sub);
    let first = &fake.subscription_resource(&sub)["billing_info"]["last_payment"]["amount"];
    assert_eq!(first, &json!({"currency_code": "USD", "value": "9.50"}));
    let mut renewals = vec![];
    for _ in 0..3 {
        fake.charge(&sub);
        let (headers, body) = fake.event("PAYMENT.SALE.COMPLETED", fake.sale_resource(&sub));
        let verified = paypal.verify_webhook(WEBHOOK_ID, &paypal_headers(&headers), &body);
        assert!(verified.unwrap());
        renewals.push(paypal::parse_event(&body).unwrap().paid);
    }
    assert_eq!(
        renewals,
        vec![
            tagcart::gateways::Paid::stated(950, "USD"),
            tagcart::gateways::Paid::stated(1900, "USD"),
            tagcart::gateways::Paid::stated(1900, "USD"),
        ]
    );
}
