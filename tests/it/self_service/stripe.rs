//! Refunds, cancellations and the card change on Stripe.
//! The merchant's refund and cancel through the API, against localstripe. localstripe sends no
//! charge.refunded, so each refund's event is built here from its real charge object and signed
//! with the shop's webhook secret, as Stripe would.

use super::*;
use crate::harness::Browser;
use crate::localstripe::LocalStripe;
use crate::processors::{checkout, stripe_shop, STRIPE_SUBSCRIPTION_EVENTS};
use crate::purchase::{now, signature, TAG};
use crate::smtp_server::SmtpServer;
use serde_json::json;

const WEBHOOK_SECRET: &str = "whsec_tagcart_test";

/// The buyer pays the one-time price by card at `/p/card`; the order once access is granted,
/// and its PaymentIntent.
fn paid_once(shop: &Shop, stripe: &LocalStripe, email: &str) -> (Value, String) {
    let res = checkout(shop, "card", email, "stripe", 0);
    assert_eq!(res.status, 303, "{}", res.body);
    let secret = card_page_attribute(shop, res.header("location").unwrap(), "data-client-secret");
    let intent = secret.split("_secret_").next().unwrap().to_string();
    stripe.pay(&intent, "pm_card_visa").unwrap(); // what confirmCardPayment does
    let order = shop.wait_order(email, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(order["processor_ref"].as_str(), Some(intent.as_str()));
    (order, intent)
}

/// The buyer subscribes monthly at `/p/card` (card first, then subscribe, as the card page
/// does); the order once access is granted, and its subscription.
pub(crate) fn paid_monthly(shop: &Shop, stripe: &LocalStripe, email: &str) -> (Value, String) {
    let res = checkout(shop, "card", email, "stripe", 1);
    assert_eq!(res.status, 303, "{}", res.body);
    let card = res.header("location").unwrap().to_string();
    let secret = card_page_attribute(shop, &card, "data-client-secret");
    let setup = secret.split("_secret_").next().unwrap();
    let form = [
        ("payment_method", "pm_card_visa"),
        ("client_secret", secret.as_str()),
    ];
    let confirm = format!("/v1/setup_intents/{setup}/confirm");
    stripe.post(&confirm, &form).unwrap(); // what confirmCardSetup does
    let subscribed = Browser::new(&shop.server.base).post(&format!("{card}/subscribe"), &[]);
    assert_eq!(subscribed.status, 200, "{}", subscribed.body);
    let order = shop.wait_order(email, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let subscription = order["processor_ref"].as_str().unwrap().to_string();
    assert!(subscription.starts_with("sub_"), "{order}");
    (order, subscription)
}

fn card_page_attribute(shop: &Shop, card_page: &str, name: &str) -> String {
    let page = Browser::new(&shop.server.base).get(card_page);
    assert_eq!(page.status, 200, "{}", page.body);
    page.body
        .split(&format!("{name}=\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no {name} on {}", page.body))
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// The PaymentIntent's charge as localstripe holds it now.
fn charge_of(stripe: &LocalStripe, intent: &str) -> Value {
    let intent = stripe.get(&format!("/v1/payment_intents/{intent}"));
    let latest = &intent["latest_charge"];
    let id = latest["id"].as_str().or(latest.as_str()).unwrap();
    stripe.get(&format!("/v1/charges/{id}"))
}

/// Stripe's charge.refunded for `charge`, signed with the shop's webhook secret and posted to
/// `/webhooks/stripe`; the webhook's `outcome`.
fn deliver_refunded(shop: &Shop, event_id: &str, charge: &Value) -> String {
    let t = now();
    let body = json!({"id": event_id, "object": "event", "api_version": "2024-06-20",
        "created": t, "type": "charge.refunded", "data": {"object": charge}, "livemode": false})
    .to_string();
    let res = ureq::post(&shop.server.url("/webhooks/stripe"))
        .set("Content-Type", "application/json")
        .set("Stripe-Signature", &signature(WEBHOOK_SECRET, t, &body))
        .send_string(&body);
    let res = match res {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    let status = res.status();
    let body = res.into_string().unwrap();
    assert_eq!(status, 200, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    body["outcome"].as_str().unwrap_or_default().to_string()
}

fn actions_of(shop: &Shop, order: &Value) -> Vec<Value> {
    let detail = shop.order_detail(&order["id"]);
    detail["actions"]
        .as_array()
        .unwrap_or_else(|| panic!("no actions: {detail}"))
        .clone()
}

#[test]
fn a_stripe_refund_in_part_keeps_access_and_the_rest_refunds_the_order_once_stripe_says_so() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &["payment_intent.succeeded"]);
    const EMAIL: &str = "refund@example.com";
    let (order, intent) = paid_once(&shop, &stripe, EMAIL);

    let part = act(
        &shop,
        &order,
        "refund",
        r#"{"amount": 1000, "reason": "Late delivery"}"#,
    );
    assert_eq!(part.status, 202, "{}", part.body);
    let action = part.json();
    assert_eq!(
        (action["state"].as_str(), action["amount"].as_i64()),
        (Some("accepted"), Some(1000)),
        "{action}"
    );
    let refund_id = action["processor_ref"].as_str().unwrap_or_default();
    assert!(refund_id.starts_with("re_"), "{action}");
    let at_stripe = stripe.get(&format!("/v1/refunds/{refund_id}"));
    assert_eq!(
        (
            at_stripe["amount"].as_i64(),
            at_stripe["payment_intent"].as_str(),
            at_stripe["metadata"]["reason"].as_str(),
            at_stripe["metadata"]["payment_ref"].as_str(),
        ),
        (
            Some(1000),
            Some(intent.as_str()),
            Some("Late delivery"),
            order["payment_ref"].as_str()
        ),
        "{at_stripe}"
    );
    let unchanged = shop.orders(EMAIL).remove(0);
    assert_eq!(
        (unchanged["status"].as_str(), unchanged["refunded"].as_i64()),
        (Some("completed"), Some(0)),
        "nothing changes before Stripe's event"
    );

    let charge = charge_of(&stripe, &intent);
    assert_eq!(
        (
            charge["amount_refunded"].as_i64(),
            charge["refunded"].as_bool()
        ),
        (Some(1000), Some(false))
    );
    assert_eq!(
        deliver_refunded(&shop, "evt_refund_part", &charge),
        "applied"
    );
    let order = shop.orders(EMAIL).remove(0);
    assert_eq!(
        (order["status"].as_str(), order["refunded"].as_i64()),
        (Some("completed"), Some(1000))
    );
    assert!(shop.has_tag(EMAIL, TAG), "a partial refund keeps access");
    assert_eq!(actions_of(&shop, &order)[0]["state"], "done");

    let rest = act(&shop, &order, "refund", "{}");
    assert_eq!(rest.status, 202, "{}", rest.body);
    let rest = rest.json();
    assert_eq!(rest["amount"], 3900, "all that was left: {rest}");
    assert_eq!(
        rest["state"], "accepted",
        "not done before its own event: {rest}"
    );
    let refund_id = rest["processor_ref"].as_str().unwrap_or_default();
    // The amount left is sent, not "the rest": no processor refunds more than was asked.
    let at_stripe = stripe.get(&format!("/v1/refunds/{refund_id}"));
    assert_eq!(at_stripe["amount"], 3900, "{at_stripe}");

    let charge = charge_of(&stripe, &intent);
    assert_eq!(charge["refunded"], true, "{charge}");
    assert_eq!(
        deliver_refunded(&shop, "evt_refund_rest", &charge),
        "applied"
    );
    let order = shop.wait_order(EMAIL, "the revoke", |o| {
        o["fulfillment"]
            .as_array()
            .is_some_and(|j| j.len() == 2 && j[1]["state"] == "done")
    });
    assert_eq!(order["status"], "refunded");
    assert_eq!(order["refunded"], 4900, "the charge's refunded total");
    assert_eq!(order["refunded"], charge["amount_refunded"]);
    assert!(!shop.has_tag(EMAIL, TAG));
    let actions = actions_of(&shop, &order);
    let states: Vec<&str> = actions.iter().filter_map(|a| a["state"].as_str()).collect();
    assert_eq!(states, ["done", "done"]);

    assert_eq!(
        deliver_refunded(&shop, "evt_refund_rest", &charge),
        "duplicate"
    );
    let again = shop.orders(EMAIL).remove(0);
    assert_eq!(
        (
            &again["status"],
            &again["refunded"],
            again["fulfillment"].as_array().map(Vec::len)
        ),
        (&order["status"], &order["refunded"], Some(2)),
        "the same event twice changes nothing"
    );
}

#[test]
fn a_stripe_subscription_cancelled_at_period_end_keeps_access_and_one_cancelled_now_loses_it() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, STRIPE_SUBSCRIPTION_EVENTS);
    const LATER: &str = "later@example.com";
    const NOW: &str = "now@example.com";
    let (later, later_sub) = paid_monthly(&shop, &stripe, LATER);
    let (now_order, now_sub) = paid_monthly(&shop, &stripe, NOW);

    let res = act(&shop, &later, "cancel", r#"{"at_period_end": true}"#);
    assert_eq!(res.status, 202, "{}", res.body);
    let action = res.json();
    let at_stripe = stripe.get(&format!("/v1/subscriptions/{later_sub}"));
    assert_eq!(
        (
            at_stripe["cancel_at_period_end"].as_bool(),
            at_stripe["status"].as_str()
        ),
        (Some(true), Some("active")),
        "{at_stripe}"
    );
    let period_end = at_stripe["current_period_end"].as_i64().unwrap();
    assert!(period_end > now(), "{at_stripe}");
    assert_eq!(
        (action["state"].as_str(), action["effective_at"].as_str()),
        (
            Some("accepted"),
            Some(tagcart::clock::rfc3339(period_end).as_str())
        ),
        "{action}"
    );
    let later = shop.orders(LATER).remove(0);
    assert_eq!(later["status"], "completed", "Stripe ends it at period end");
    assert!(shop.has_tag(LATER, TAG));
    let twice = act(&shop, &later, "cancel", r#"{"at_period_end": true}"#);
    assert_eq!(twice.error_code(), "already_requested", "{}", twice.body);
    let page = shop
        .server
        .admin()
        .get(&format!("/admin/orders/{}", later["id"]));
    assert!(
        page.body.contains("cancels "),
        "beside the status: {}",
        page.body
    );
    assert!(
        !page.body.contains("Cancel now"),
        "no second cancel: {}",
        page.body
    );

    let res = act(&shop, &now_order, "cancel", r#"{"at_period_end": false}"#);
    assert_eq!(res.status, 202, "{}", res.body);
    let state = res.json()["state"].as_str().unwrap_or_default().to_string();
    assert!(
        state == "accepted" || state == "done",
        "done when localstripe's event came first: {}",
        res.body
    );
    assert_eq!(
        stripe.get(&format!("/v1/subscriptions/{now_sub}"))["status"],
        "canceled"
    );
    // localstripe delivers customer.subscription.deleted, with a period end still ahead.
    let order = shop.wait_order(NOW, "the revoke", |o| {
        o["status"] == "cancelled"
            && o["fulfillment"]
                .as_array()
                .is_some_and(|j| j.len() == 2 && j[1]["state"] == "done")
    });
    assert!(
        !shop.has_tag(NOW, TAG),
        "asked to end now, access ends now whatever the product's rule: {order}"
    );
    assert_eq!(actions_of(&shop, &order)[0]["state"], "done");
    assert!(shop.has_tag(LATER, TAG), "the other one runs on");
}

#[test]
fn a_refund_stripe_refuses_is_a_422_with_stripes_words_on_the_action() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &[]);
    const EMAIL: &str = "unpaid@example.com";
    let res = checkout(&shop, "card", EMAIL, "stripe", 0);
    assert_eq!(res.status, 303, "{}", res.body);
    let order = shop.orders(EMAIL).remove(0);
    let intent = order["processor_ref"].as_str().unwrap().to_string();
    // An order tagcart holds as paid whose PaymentIntent Stripe never charged: a signed
    // payment_intent.succeeded for a card that was never confirmed.
    let t = now();
    let paid = json!({"id": intent, "object": "payment_intent", "amount": 4900,
        "amount_received": 4900, "currency": "usd", "status": "succeeded", "invoice": null,
        "metadata": {"payment_ref": order["payment_ref"]}});
    let body = json!({"id": "evt_paid", "object": "event", "created": t,
        "type": "payment_intent.succeeded", "data": {"object": paid}})
    .to_string();
    let sent = ureq::post(&shop.server.url("/webhooks/stripe"))
        .set("Content-Type", "application/json")
        .set("Stripe-Signature", &signature(WEBHOOK_SECRET, t, &body))
        .send_string(&body)
        .unwrap();
    assert_eq!(sent.status(), 200);
    let order = shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });

    let res = act(&shop, &order, "refund", r#"{"amount": 500}"#);
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(res.error_code(), "processor_refused");
    assert!(
        res.body.contains("Cannot refund a failed payment"),
        "Stripe's words: {}",
        res.body
    );
    let actions = actions_of(&shop, &order);
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["state"], "refused");
    let error = actions[0]["last_error"].as_str().unwrap_or_default();
    assert!(error.contains("Cannot refund a failed payment"), "{error}");
    let order = shop.orders(EMAIL).remove(0);
    assert_eq!(
        (order["status"].as_str(), order["refunded"].as_i64()),
        (Some("completed"), Some(0))
    );
    assert!(shop.has_tag(EMAIL, TAG));
    assert!(
        stripe.get("/v1/refunds")["data"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "nothing refunded at Stripe"
    );
}

#[test]
fn a_refund_while_stripe_is_unreachable_is_recorded_to_retry_and_changes_nothing() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &["payment_intent.succeeded"]);
    const EMAIL: &str = "offline@example.com";
    let (order, _) = paid_once(&shop, &stripe, EMAIL);
    drop(stripe); // Stripe is down

    let res = act(
        &shop,
        &order,
        "refund",
        r#"{"amount": 900, "reason": "Broken"}"#,
    );
    assert_eq!(res.status, 202, "{}", res.body);
    let action = res.json();
    assert_eq!(
        (
            action["state"].as_str(),
            action["attempts"].as_i64(),
            action["processor_ref"].as_str()
        ),
        (Some("requested"), Some(1), None),
        "{action}"
    );
    let error = action["last_error"].as_str().unwrap_or_default();
    assert!(error.contains("Stripe could not be reached"), "{action}");
    let after = shop.orders(EMAIL).remove(0);
    assert_eq!(
        (after["status"].as_str(), after["refunded"].as_i64()),
        (Some("completed"), Some(0))
    );
    assert!(shop.has_tag(EMAIL, TAG));
    assert_eq!(actions_of(&shop, &order)[0]["state"], "requested");
}

#[test]
fn a_second_refund_is_not_done_by_the_first_ones_event() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &["payment_intent.succeeded"]);
    const EMAIL: &str = "twice@example.com";
    let (order, intent) = paid_once(&shop, &stripe, EMAIL);
    let first = act(&shop, &order, "refund", r#"{"amount": 1000}"#);
    assert_eq!(first.status, 202, "{}", first.body);
    let charge = charge_of(&stripe, &intent);
    assert_eq!(deliver_refunded(&shop, "evt_first", &charge), "applied");

    let second = act(&shop, &order, "refund", r#"{"amount": 500}"#);
    assert_eq!(second.status, 202, "{}", second.body);
    assert_eq!(
        second.json()["state"],
        "accepted",
        "its own charge.refunded has not come: {}",
        second.body
    );
    assert_eq!(shop.orders(EMAIL)[0]["refunded"], 1000);
    let charge = charge_of(&stripe, &intent);
    assert_eq!(deliver_refunded(&shop, "evt_second", &charge), "applied");
    let states: Vec<String> = (actions_of(&shop, &order).iter())
        .map(|a| a["state"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(states, ["done", "done"]);
    assert_eq!(shop.orders(EMAIL)[0]["refunded"], 1500);
}

/// What a failing renewal and its recovery need delivered, on top of a subscription's life.
mod card;
