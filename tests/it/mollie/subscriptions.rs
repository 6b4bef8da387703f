//! Subscriptions and payment plans: a customer and a first payment at checkout, the Mollie
//! subscription made once when it is paid, and the charges Mollie makes later.

use super::{check_out, mollie_shop, notified, order_of, press, timeline};
use crate::fake_mollie::FakeMollie;
use crate::purchase::{Shop, TAG};
use serde_json::{json, Value};

/// A buyer subscribed for $19.00 a month, the first month paid and granted. Returns the
/// order and the Mollie subscription made for it.
pub(super) fn subscribed(shop: &Shop, mollie: &FakeMollie, email: &str) -> (Value, Value) {
    let first = check_out(shop, mollie, email, 1);
    press(shop, mollie, first["id"].as_str().unwrap(), "paid");
    let order = shop.wait_order(email, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let mine: Vec<Value> = (mollie.subscriptions().into_iter())
        .filter(|s| s["customerId"] == first["customerId"])
        .collect();
    assert_eq!(mine.len(), 1, "{mine:?}");
    (order, mine[0].clone())
}

/// `YYYY-MM-DD` of the day a month after today (UTC), as Mollie's dates read.
fn a_month_after_today() -> String {
    let today = time::OffsetDateTime::now_utc().date();
    let next = tagcart::gateways::test::period_after(
        today.midnight().assume_utc().unix_timestamp(),
        tagcart::domain::product::Interval::Month,
        1,
    );
    let d = time::OffsetDateTime::from_unix_timestamp(next)
        .unwrap()
        .date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[test]
fn a_subscriptions_first_payment_makes_its_mollie_subscription_once_then_renewals_count() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "monthly@example.com";
    let first = check_out(&shop, &mollie, EMAIL, 1);
    let customer = &mollie.customers()[0];
    assert_eq!(customer["email"], EMAIL);
    let payment_ref = order_of(&shop, EMAIL)["payment_ref"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        (
            first["sequenceType"].as_str(),
            &first["customerId"],
            &first["amount"]
        ),
        (
            Some("first"),
            &customer["id"],
            &json!({"currency": "USD", "value": "19.00"})
        )
    );
    assert!(
        mollie.subscriptions().is_empty(),
        "nothing to charge before the first payment"
    );

    let id = first["id"].as_str().unwrap();
    press(&shop, &mollie, id, "paid");
    shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(notified(&mollie, id), "duplicate");
    let subs = mollie.subscriptions();
    assert_eq!(
        subs.len(),
        1,
        "made once, whoever read the payment: {subs:?}"
    );
    let sub = &subs[0];
    assert_eq!(sub["amount"], json!({"currency": "USD", "value": "19.00"}));
    assert_eq!(sub["interval"], "1 month");
    assert_eq!(
        sub["startDate"],
        a_month_after_today(),
        "the first payment paid the first month"
    );
    assert_eq!(sub["times"], Value::Null, "until cancelled");
    assert_eq!(
        sub["webhookUrl"],
        format!("{}/webhooks/mollie", shop.server.base)
    );
    assert_eq!(sub["metadata"]["payment_ref"], payment_ref.as_str());
    assert_eq!(sub["mandateId"], mollie.payment(id)["mandateId"]);
    let made = mollie
        .calls()
        .into_iter()
        .filter(|c| c.method == "POST" && c.path.ends_with("/subscriptions"));
    let keys: Vec<_> = made.map(|c| c.idempotency_key).collect();
    assert_eq!(keys, [Some(format!("{payment_ref}-subscription-2"))]);

    let order = order_of(&shop, EMAIL);
    let renewal = mollie.charge(sub["id"].as_str().unwrap(), "paid");
    assert_eq!(notified(&mollie, &renewal), "applied");
    assert_eq!(notified(&mollie, &renewal), "duplicate");
    let paid = |t: &[String]| t.iter().filter(|t| *t == "payment.paid").count();
    assert_eq!(
        paid(&timeline(&shop, &order)),
        2,
        "the first payment and one renewal"
    );
    let failing = mollie.charge(sub["id"].as_str().unwrap(), "failed");
    assert_eq!(notified(&mollie, &failing), "applied");
    assert!(timeline(&shop, &order).contains(&"payment.failed".to_string()));
    let detail = shop.order_detail(&order["id"]);
    let outcomes: Vec<&str> = (detail["events"].as_array().unwrap().iter())
        .filter_map(|e| e["outcome"].as_str())
        .collect();
    assert!(
        outcomes
            .iter()
            .any(|o| o.starts_with("renewal payment received")),
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .any(|o| o.starts_with("a renewal payment failed")),
        "{outcomes:?}"
    );
    assert_eq!(
        detail["invoices"].as_array().unwrap().len(),
        2,
        "the renewal's own invoice"
    );
    assert_eq!(
        order_of(&shop, EMAIL)["status"],
        "completed",
        "a failed renewal keeps access through the grace days"
    );
    assert!(shop.has_tag(EMAIL, TAG));
}

#[test]
fn a_payment_plan_charges_its_remaining_installments_and_stops() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    let plan = json!({"name": "Course in three", "kartra_tag": TAG,
        "prices": [{"kind": "payment_plan", "currency": "EUR", "amount": 2000, "interval": "month", "installments": 3}]});
    let product = shop.sell(plan, "plan", &["mollie"]);
    let res = shop.order_on("plan", "plan@example.com", &product, "mollie");
    assert_eq!(res.status, 303, "{}", res.body);
    let first = mollie.payments().pop().unwrap();
    assert_eq!(
        first["amount"],
        json!({"currency": "EUR", "value": "20.00"})
    );
    press(&shop, &mollie, first["id"].as_str().unwrap(), "paid");
    let sub = mollie.subscriptions().remove(0);
    assert_eq!(
        (sub["times"].as_u64(), sub["amount"]["value"].as_str()),
        (Some(2), Some("20.00"))
    );
    let sub_id = sub["id"].as_str().unwrap();
    for _ in 0..2 {
        let paid = mollie.charge(sub_id, "paid");
        assert_eq!(notified(&mollie, &paid), "applied");
    }
    assert_eq!(
        mollie.subscriptions()[0]["status"],
        "completed",
        "Mollie stops after the last"
    );
    assert_eq!(
        order_of(&shop, "plan@example.com")["status"],
        "completed",
        "paid in full: no revoke"
    );
}

#[test]
fn a_coupon_for_two_months_is_a_discounted_first_payment_and_subscription_then_the_full_price() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    let coupon =
        json!({"code": "TWO", "percent_off": 50, "duration": "repeating", "duration_in_months": 2});
    let made = crate::harness::api(
        &shop.server.base,
        "POST",
        "/coupons",
        Some(&shop.token),
        Some(&coupon.to_string()),
    );
    assert_eq!(made.status, 201, "{}", made.body);
    let buyer = crate::harness::Browser::new(&shop.server.base);
    let fields = [
        ("email", "half@example.com"),
        ("first_name", "Pat"),
        ("last_name", "Lee"),
        ("price_id", &shop.price_id(1)),
        ("gateway", "mollie"),
        ("coupon", "two"),
    ];
    let res = buyer.post(&format!("/p/{}/checkout", super::SLUG), &fields);
    assert_eq!(res.status, 303, "{}", res.body);
    let first = mollie.payments().pop().unwrap();
    assert_eq!(first["amount"]["value"], "9.50");
    press(&shop, &mollie, first["id"].as_str().unwrap(), "paid");
    assert_eq!(order_of(&shop, "half@example.com")["status"], "completed");
    let subs = mollie.subscriptions();
    let shape: Vec<_> = (subs.iter())
        .map(|s| {
            (
                s["amount"]["value"].as_str().unwrap(),
                s["times"].as_u64(),
                s["metadata"]["phase"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [("9.50", Some(1), Some(1)), ("19.00", None, Some(2))]
    );
    assert_eq!(subs[0]["startDate"], a_month_after_today());
    assert!(
        subs[1]["startDate"].as_str() > subs[0]["startDate"].as_str(),
        "the full price after the covered month"
    );
    for sub in &subs {
        let paid = mollie.charge(sub["id"].as_str().unwrap(), "paid");
        assert_eq!(
            notified(&mollie, &paid),
            "applied",
            "matched at {}",
            sub["amount"]["value"]
        );
    }
    let res = crate::self_service::act(
        &shop,
        &order_of(&shop, "half@example.com"),
        "cancel",
        r#"{"at_period_end": false}"#,
    );
    assert_eq!(res.status, 202, "{}", res.body);
    let statuses: Vec<_> = mollie
        .subscriptions()
        .iter()
        .map(|s| s["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        [json!("completed"), json!("canceled")],
        "the live one cancelled"
    );
}

/// The Mollie subscription POSTs made for this customer's order: (status, idempotency key).
fn subscription_posts(mollie: &FakeMollie) -> Vec<(u16, Option<String>)> {
    (mollie.calls().into_iter())
        .filter(|c| c.method == "POST" && c.path.ends_with("/subscriptions"))
        .map(|c| (c.status, c.idempotency_key))
        .collect()
}

#[test]
fn a_first_payment_mollie_will_not_subscribe_still_grants_and_a_later_delivery_subscribes_once() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "refused@example.com";
    let first = check_out(&shop, &mollie, EMAIL, 1);
    let id = first["id"].as_str().unwrap();
    mollie.fail("POST", "/subscriptions", 422, 1);
    press(&shop, &mollie, id, "paid");
    shop.wait_order(EMAIL, "the grant", |o| {
        o["status"] == "completed" && o["fulfillment"][0]["state"] == "done"
    });
    assert!(
        shop.has_tag(EMAIL, TAG),
        "paid: access whatever Mollie refused"
    );
    assert!(mollie.subscriptions().is_empty(), "refused by Mollie");

    // Mollie (or the merchant) delivers the payment's webhook again: the subscription is made.
    assert_eq!(notified(&mollie, id), "duplicate");
    assert_eq!(notified(&mollie, id), "duplicate");
    assert_eq!(mollie.subscriptions().len(), 1, "made once");
    let payment_ref = order_of(&shop, EMAIL)["payment_ref"]
        .as_str()
        .unwrap()
        .to_string();
    let key = Some(format!("{payment_ref}-subscription-2"));
    assert_eq!(
        subscription_posts(&mollie),
        [(422, key.clone()), (201, key)]
    );
}

#[test]
fn while_mollie_cannot_make_the_subscription_the_webhook_answers_503_and_its_retry_completes() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "busy@example.com";
    let id = check_out(&shop, &mollie, EMAIL, 1)["id"]
        .as_str()
        .unwrap()
        .to_string();
    mollie.settle(&id, "paid");
    // Both the call and the client's one retry with the same key.
    mollie.fail("POST", "/subscriptions", 503, 2);
    let (status, body) = mollie.notify(&id);
    assert_eq!(status, 503, "Mollie is asked to call again: {body}");
    assert_eq!(order_of(&shop, EMAIL)["status"], "pending");
    assert_eq!(notified(&mollie, &id), "applied");
    assert_eq!(order_of(&shop, EMAIL)["status"], "completed");
    assert_eq!(mollie.subscriptions().len(), 1);
}

#[test]
fn a_buyer_back_from_a_first_payment_mollie_will_not_subscribe_is_completed_on_return() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    const EMAIL: &str = "back@example.com";
    let id = check_out(&shop, &mollie, EMAIL, 1)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let redirect = mollie.settle(&id, "paid");
    mollie.fail("POST", "/subscriptions", 422, 1);
    super::back(&shop, &redirect);
    assert_eq!(
        order_of(&shop, EMAIL)["status"],
        "completed",
        "settled on return"
    );
    assert!(mollie.subscriptions().is_empty());
    assert_eq!(subscription_posts(&mollie).len(), 1, "asked, refused");
}
