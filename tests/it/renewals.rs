//! When access ends, as each processor says it: a renewal that fails (and recovers), and a
//! cancellation that keeps the paid period. The app runs in this process on a test clock
//! (`app`), the worker is run by hand, and the processors' events arrive signed through the
//! same webhook endpoints as in production: the test gateway's pay page, Stripe's signature,
//! PayPal's verify-webhook-signature (the fake PayPal).

use crate::app::TestApp;
use crate::fake_kartra::{FakeKartra, API_KEY, API_PASSWORD, APP_ID};
use crate::fake_paypal::{FakePayPal, CLIENT_ID, CLIENT_SECRET, WEBHOOK_ID};
use crate::harness::{api, Browser, Resp};
use crate::localstripe::LocalStripe;
use crate::purchase::{signature, SECRET, TAG};
use serde_json::{json, Value};
use tagcart::clock::{display, rfc3339, Timestamp};
use tagcart::domain::product::Interval;
use tagcart::gateways::test::period_after;
use tagcart::i18n::{date_time, Locale};

const DAY: i64 = 86_400;
const GRACE_DAYS: i64 = 3;
const STRIPE_SECRET: &str = "whsec_tagcart_test";

/// A merchant's setup on the in-process app: Kartra connected, the test gateway on.
struct Shop {
    app: TestApp,
    kartra: FakeKartra,
    token: String,
}

impl Shop {
    fn open(flags: &[&str]) -> Shop {
        let kartra = FakeKartra::with_tags(&[TAG]);
        let mut all = vec!["--kartra-api-url", kartra.url.as_str()];
        all.extend_from_slice(flags);
        let app = TestApp::start(&all);
        let token = app.api_token();
        let shop = Shop { app, kartra, token };
        let creds = json!({"app_id": APP_ID, "api_key": API_KEY, "api_password": API_PASSWORD});
        let res = shop.call("PUT", "/integrations/kartra", Some(creds));
        assert_eq!(res.status, 200, "{}", res.body);
        shop.gateway("test", json!({"enabled": true, "webhook_secret": SECRET}));
        shop
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        let body = body.map(|b| b.to_string());
        api(
            &self.app.base,
            method,
            path,
            Some(&self.token),
            body.as_deref(),
        )
    }

    fn gateway(&self, name: &str, keys: Value) {
        let res = self.call("PUT", &format!("/gateways/{name}"), Some(keys));
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(res.json()["enabled"], true, "{}", res.body);
    }

    /// The product, with `prices`, on its own published page `/p/{slug}` offering `gateway`.
    /// Its subscriptions keep access to the period's end and for 3 grace days of failing renewals.
    fn sell(&self, slug: &str, gateway: &str, prices: Value) -> Value {
        let product = json!({"name": format!("Club {slug}"), "kartra_tag": TAG, "thank_you_url": "https://example.com/thanks",
            "on_cancel": "period_end", "grace_days": GRACE_DAYS, "prices": prices});
        let res = self.call("POST", "/products", Some(product));
        assert_eq!(res.status, 201, "{}", res.body);
        let product = res.json();
        let page = json!({"title": slug, "slug": slug, "product_id": product["id"], "gateways": [gateway], "published": true});
        let res = self.call("POST", "/pages", Some(page));
        assert_eq!(res.status, 201, "{}", res.body);
        product
    }

    /// A buyer submits the checkout form on `/p/{slug}` for the product's first price.
    fn checkout(&self, slug: &str, product: &Value, email: &str, gateway: &str) -> Resp {
        let price = product["prices"][0]["id"].to_string();
        let fields = [
            ("email", email),
            ("first_name", "Pat"),
            ("last_name", "Lee"),
            ("price_id", price.as_str()),
            ("gateway", gateway),
        ];
        let res = Browser::new(&self.app.base).post(&format!("/p/{slug}/checkout"), &fields);
        assert_eq!(res.status, 303, "{}", res.body);
        res
    }

    /// The buyer's only order, as `GET /api/v1/orders/{id}` shows it (with its timeline).
    fn order(&self, email: &str) -> Value {
        let list = self
            .call("GET", &format!("/orders?email={email}"), None)
            .json();
        assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
        let res = self.call("GET", &format!("/orders/{}", list[0]["id"]), None);
        assert_eq!(res.status, 200, "{}", res.body);
        res.json()
    }

    /// The outcome of the order's newest event, which must be of `type_name`.
    fn last_outcome(&self, email: &str, type_name: &str) -> String {
        let order = self.order(email);
        let events = order["events"].as_array().unwrap();
        let last = events.last().unwrap();
        assert_eq!(last["type"], type_name, "{order}");
        last["outcome"].as_str().unwrap().to_string()
    }

    /// The order's jobs that are still meant to run (not cancelled).
    fn live_jobs(&self, email: &str) -> Vec<Value> {
        let order = self.order(email);
        let jobs = order["fulfillment"].as_array().unwrap().clone();
        jobs.into_iter()
            .filter(|j| j["cancelled_at"].is_null())
            .collect()
    }

    /// The revoke still to come, if any: when it is due (RFC 3339; null: as soon as possible).
    fn pending_revoke(&self, email: &str) -> Option<Value> {
        let jobs = self.live_jobs(email);
        jobs.into_iter()
            .find(|j| j["action"] == "revoke" && j["state"] == "pending")
            .map(|j| j["due_at"].clone())
    }

    /// The buyer's access to the product's tag, as `GET /api/v1/access` shows it: its state and
    /// when it is revoked (RFC 3339, null if not scheduled).
    fn access(&self, email: &str) -> (String, Value) {
        let res = self.call("GET", &format!("/access?email={email}"), None);
        assert_eq!(res.status, 200, "{}", res.body);
        let all = res.json();
        let found = all
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kartra_tag"] == TAG);
        let e = found.unwrap_or_else(|| panic!("no access to {TAG}: {all}"));
        (
            e["state"].as_str().unwrap().to_string(),
            e["revoke_at"].clone(),
        )
    }

    /// `(state, revoke_at)` as `access` answers them.
    fn expect(state: &str, revoke_at: Option<Timestamp>) -> (String, Value) {
        (state.to_string(), json!(revoke_at.map(rfc3339)))
    }

    fn has_tag(&self, email: &str) -> bool {
        self.kartra
            .lead(email)
            .is_some_and(|l| l.tags.iter().any(|t| t == TAG))
    }

    /// Presses a button on the test gateway's page; it answers 303 back to the page.
    fn press(&self, page: &str, action: &str) {
        let res = Browser::new(&self.app.base).post(page, &[("action", action)]);
        assert_eq!(res.status, 303, "{action}: {}", res.body);
        assert_eq!(res.header("location"), Some(page), "{action}");
    }

    /// Posts a Stripe event signed with the endpoint's secret at the app's time.
    fn stripe_event(&self, id: &str, type_name: &str, object: Value) -> String {
        let t = self.app.now();
        let body = json!({"id": id, "object": "event", "api_version": "2024-06-20", "created": t,
            "type": type_name, "data": {"object": object}, "livemode": false})
        .to_string();
        let res = ureq::post(&format!("{}/webhooks/stripe", self.app.base))
            .set("Content-Type", "application/json")
            .set("Stripe-Signature", &signature(STRIPE_SECRET, t, &body))
            .send_string(&body);
        outcome(res)
    }

    /// PayPal delivers an event it signed; tagcart asks the fake PayPal to verify it.
    fn paypal_event(&self, paypal: &FakePayPal, event_type: &str, resource: Value) -> String {
        let (headers, body) = paypal.event(event_type, resource);
        let mut req = ureq::post(&format!("{}/webhooks/paypal", self.app.base))
            .set("Content-Type", "application/json");
        for (k, v) in &headers {
            req = req.set(k, v);
        }
        outcome(req.send_bytes(&body))
    }
}

/// A webhook's `outcome`, after a 200.
fn outcome(res: Result<ureq::Response, ureq::Error>) -> String {
    let res = match res {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    let status = res.status();
    let body = res.into_string().unwrap();
    assert_eq!(status, 200, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    body["outcome"].as_str().unwrap_or("").to_string()
}

fn monthly() -> Value {
    json!([{"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month"}])
}

#[test]
fn the_test_gateways_page_rehearses_a_failing_renewal_its_recovery_and_a_cancellation_at_period_end(
) {
    let shop = Shop::open(&[]);
    let product = shop.sell("club", "test", monthly());
    const EMAIL: &str = "member@example.com";
    let page = shop.checkout("club", &product, EMAIL, "test");
    let page = page.header("location").unwrap().to_string();
    let buyer = Browser::new(&shop.app.base);
    let res = buyer.post(&page, &[("action", "complete")]);
    assert_eq!(res.status, 303, "{}", res.body);
    shop.app.drain();
    assert!(shop.has_tag(EMAIL));

    let shown = buyer.get(&page).body;
    for label in [
        "Renewal paid",
        "Renewal fails",
        "Cancel at period end",
        "Cancel now",
        "Refund",
    ] {
        assert!(shown.contains(label), "{label} in {shown}");
    }
    assert!(
        !shown.contains("Renewal recovers"),
        "nothing to recover from yet"
    );
    let period_end = period_after(shop.app.now(), Interval::Month, 1);
    assert!(
        shown.contains(&display(period_end)) && shown.contains("calendar months"),
        "the hint says when the period ends and how it is counted: {shown}"
    );

    // A renewal fails: access lasts the grace days, unless it recovers.
    let failed_at = shop.app.now();
    shop.press(&page, "renewal_failed");
    let said = shop.last_outcome(EMAIL, "subscription.payment_failed");
    assert!(said.contains("renewal payment failed"), "{said}");
    assert_eq!(shop.order(EMAIL)["status"], "completed");
    let grace_end = failed_at + GRACE_DAYS * DAY;
    assert_eq!(shop.pending_revoke(EMAIL), Some(json!(rfc3339(grace_end))));
    assert_eq!(
        shop.access(EMAIL),
        Shop::expect("scheduled_revoke", Some(grace_end))
    );
    let shown = buyer.get(&page).body;
    assert!(
        shown.contains("Renewal recovers") && shown.contains("failing since"),
        "{shown}"
    );

    shop.app.advance(DAY);
    shop.press(&page, "recover");
    shop.last_outcome(EMAIL, "subscription.recovered");
    assert_eq!(shop.pending_revoke(EMAIL), None, "the revoke is taken back");
    assert_eq!(shop.access(EMAIL), Shop::expect("granted", None));
    shop.app.advance(GRACE_DAYS * DAY);
    shop.app.drain();
    assert!(shop.has_tag(EMAIL), "recovered: access stays");

    // Cancelled at the period's end: access lasts until then, and not a second longer.
    let period_end = period_after(shop.app.now(), Interval::Month, 1);
    shop.press(&page, "cancel_at_period_end");
    shop.last_outcome(EMAIL, "subscription.cancelled");
    assert_eq!(shop.order(EMAIL)["status"], "cancelled");
    assert_eq!(shop.pending_revoke(EMAIL), Some(json!(rfc3339(period_end))));
    assert_eq!(
        shop.access(EMAIL),
        Shop::expect("scheduled_revoke", Some(period_end))
    );
    let shown = buyer.get(&page).body;
    assert!(
        !shown.contains("<form") && shown.contains(&date_time(Locale::En, period_end)),
        "a cancelled order offers nothing more and says when access ends: {shown}"
    );
    shop.app.advance(period_end - shop.app.now() - 1);
    shop.app.drain();
    assert!(shop.has_tag(EMAIL), "still within the paid period");
    shop.app.advance(1);
    shop.app.drain();
    assert!(!shop.has_tag(EMAIL), "the period is over");
    assert_eq!(shop.access(EMAIL).0, "revoked");
}

#[test]
fn the_test_gateways_page_offers_only_the_buttons_that_apply_and_cancel_now_ends_access_now() {
    let shop = Shop::open(&[]);
    let every_two_weeks = json!([{"kind": "payment_plan", "currency": "USD", "amount": 3000,
        "interval": "week", "interval_count": 2, "installments": 3}]);
    let plan = shop.sell("plan", "test", every_two_weeks);
    let one_time = json!([{"kind": "one_time", "currency": "USD", "amount": 4900}]);
    let course = shop.sell("course", "test", one_time);
    let buyer = Browser::new(&shop.app.base);

    let course_page = shop.checkout("course", &course, "once@example.com", "test");
    let course_page = course_page.header("location").unwrap().to_string();
    let pending = buyer.get(&course_page).body;
    for label in [
        "Complete the payment",
        "Leave it pending",
        "Decline the payment",
    ] {
        assert!(pending.contains(label), "{label}");
    }
    assert!(!pending.contains("Refund") && !pending.contains("Renewal"));
    buyer.post(&course_page, &[("action", "complete")]);
    let paid = buyer.get(&course_page).body;
    assert!(paid.contains("Refund"), "{paid}");
    for label in ["Renewal", "Cancel", "Complete the payment"] {
        assert!(!paid.contains(label), "{label} on a paid one-time order");
    }
    let res = buyer.post(&course_page, &[("action", "cancel_at_period_end")]);
    assert_eq!(res.status, 400, "no billing interval: {}", res.body);
    assert_eq!(shop.order("once@example.com")["status"], "completed");

    const EMAIL: &str = "plan@example.com";
    let plan_page = shop.checkout("plan", &plan, EMAIL, "test");
    let plan_page = plan_page.header("location").unwrap().to_string();
    buyer.post(&plan_page, &[("action", "complete")]);
    shop.app.drain();
    assert!(shop.has_tag(EMAIL));
    let shown = buyer.get(&plan_page).body;
    let period_end = shop.app.now() + 14 * DAY;
    assert!(
        shown.contains(&display(period_end)) && shown.contains("2 weeks"),
        "two weeks from now: {shown}"
    );

    shop.press(&plan_page, "cancel");
    shop.last_outcome(EMAIL, "subscription.cancelled");
    assert_eq!(shop.order(EMAIL)["status"], "cancelled");
    assert_eq!(
        shop.pending_revoke(EMAIL),
        Some(Value::Null),
        "a revoke due at once"
    );
    shop.app.drain();
    assert!(!shop.has_tag(EMAIL));
}

#[test]
fn stripe_renewal_failures_recover_with_the_next_paid_invoice_and_a_deletion_keeps_the_paid_period()
{
    let stripe = LocalStripe::start();
    let shop = Shop::open(&["--stripe-api-url", &stripe.url]);
    shop.gateway(
        "stripe",
        json!({"enabled": true, "secret_key": "sk_test_tagcart",
        "publishable_key": "pk_test_tagcart", "webhook_secret": STRIPE_SECRET}),
    );
    let product = shop.sell("card", "stripe", monthly());
    const EMAIL: &str = "card@example.com";
    shop.checkout("card", &product, EMAIL, "stripe");
    let payment_ref = shop.order(EMAIL)["payment_ref"]
        .as_str()
        .unwrap()
        .to_string();
    const SUB: &str = "sub_1PzRenewals";
    // Up to 2024 API versions: the subscription on the invoice; basil: under `parent`.
    let invoice = |id: &str, reason: &str, paid: i64, status: &str| {
        json!({"id": id, "object": "invoice", "amount_due": 1900, "amount_paid": paid, "currency": "usd",
            "billing_reason": reason, "status": status, "subscription": SUB,
            "subscription_details": {"metadata": {"payment_ref": payment_ref}}})
    };
    let basil_failed = json!({"id": "in_3", "object": "invoice", "amount_due": 1900, "amount_paid": 0,
        "currency": "usd", "billing_reason": "subscription_cycle", "status": "open", "attempt_count": 2,
        "parent": {"type": "subscription_details", "quote_details": null,
            "subscription_details": {"metadata": {"payment_ref": payment_ref}, "subscription": SUB}}});

    let first = invoice("in_1", "subscription_create", 1900, "paid");
    assert_eq!(
        shop.stripe_event("evt_1", "invoice.payment_succeeded", first),
        "applied"
    );
    shop.app.drain();
    assert!(shop.has_tag(EMAIL));

    shop.app.advance(30 * DAY);
    let failed_at = shop.app.now();
    let failed = invoice("in_2", "subscription_cycle", 0, "open");
    assert_eq!(
        shop.stripe_event("evt_2", "invoice.payment_failed", failed),
        "applied"
    );
    let said = shop.last_outcome(EMAIL, "invoice.payment_failed");
    assert!(said.contains("renewal payment failed"), "{said}");
    assert_eq!(shop.order(EMAIL)["status"], "completed");
    let grace_end = failed_at + GRACE_DAYS * DAY;
    assert_eq!(shop.pending_revoke(EMAIL), Some(json!(rfc3339(grace_end))));
    // Stripe's retry fails too (the basil shape): the streak keeps its start.
    shop.app.advance(DAY);
    assert_eq!(
        shop.stripe_event("evt_3", "invoice.payment_failed", basil_failed),
        "applied"
    );
    assert_eq!(
        shop.access(EMAIL),
        Shop::expect("scheduled_revoke", Some(grace_end))
    );

    // The next retry is paid: that is Stripe's recovery.
    shop.app.advance(DAY);
    let recovered = invoice("in_2", "subscription_cycle", 1900, "paid");
    assert_eq!(
        shop.stripe_event("evt_4", "invoice.payment_succeeded", recovered),
        "applied"
    );
    assert_eq!(shop.pending_revoke(EMAIL), None);
    assert_eq!(shop.access(EMAIL), Shop::expect("granted", None));
    shop.app.advance(GRACE_DAYS * DAY);
    shop.app.drain();
    assert!(shop.has_tag(EMAIL));

    // Cancelled at Stripe: access lasts to the end of the period paid for (basil: on the item).
    let period_end = shop.app.now() + 20 * DAY;
    let deleted = json!({"id": SUB, "object": "subscription", "status": "canceled",
        "canceled_at": shop.app.now(), "ended_at": shop.app.now(), "metadata": {"payment_ref": payment_ref},
        "cancellation_details": {"comment": null, "feedback": null, "reason": "cancellation_requested"},
        "items": {"object": "list", "data": [{"id": "si_1", "object": "subscription_item",
            "current_period_start": period_end - 30 * DAY, "current_period_end": period_end}]}});
    assert_eq!(
        shop.stripe_event("evt_5", "customer.subscription.deleted", deleted),
        "applied"
    );
    assert_eq!(shop.order(EMAIL)["status"], "cancelled");
    assert_eq!(shop.pending_revoke(EMAIL), Some(json!(rfc3339(period_end))));
    shop.app.advance(20 * DAY - 1);
    shop.app.drain();
    assert!(shop.has_tag(EMAIL), "still within the paid period");
    shop.app.advance(1);
    shop.app.drain();
    assert!(!shop.has_tag(EMAIL));
    assert_eq!(shop.access(EMAIL).0, "revoked");
}

#[test]
fn a_stripe_subscription_ended_for_failed_payments_loses_access_at_once() {
    let stripe = LocalStripe::start();
    let shop = Shop::open(&["--stripe-api-url", &stripe.url]);
    shop.gateway(
        "stripe",
        json!({"enabled": true, "secret_key": "sk_test_tagcart",
        "publishable_key": "pk_test_tagcart", "webhook_secret": STRIPE_SECRET}),
    );
    let product = shop.sell("card", "stripe", monthly());
    const EMAIL: &str = "lapsed@example.com";
    shop.checkout("card", &product, EMAIL, "stripe");
    let payment_ref = shop.order(EMAIL)["payment_ref"].clone();
    let first = json!({"id": "in_1", "object": "invoice", "amount_paid": 1900, "currency": "usd",
        "billing_reason": "subscription_create", "status": "paid", "subscription": "sub_lapsed",
        "subscription_details": {"metadata": {"payment_ref": payment_ref}}});
    shop.stripe_event("evt_1", "invoice.payment_succeeded", first);
    shop.app.drain();
    assert!(shop.has_tag(EMAIL));
    // Stripe gave up retrying: its current period (never paid) still lies ahead.
    let deleted = json!({"id": "sub_lapsed", "object": "subscription", "status": "canceled",
        "metadata": {"payment_ref": payment_ref}, "current_period_end": shop.app.now() + 25 * DAY,
        "cancellation_details": {"comment": null, "feedback": null, "reason": "payment_failed"}});
    assert_eq!(
        shop.stripe_event("evt_2", "customer.subscription.deleted", deleted),
        "applied"
    );
    assert_eq!(shop.order(EMAIL)["status"], "cancelled");
    assert_eq!(shop.pending_revoke(EMAIL), Some(Value::Null));
    shop.app.drain();
    assert!(!shop.has_tag(EMAIL));
}

#[test]
fn paypal_payment_failures_and_suspension_recover_on_reactivation_and_a_cancellation_keeps_the_paid_period(
) {
    let paypal = FakePayPal::start();
    let shop = Shop::open(&["--paypal-api-url", &paypal.url]);
    shop.gateway(
        "paypal",
        json!({"enabled": true, "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET, "webhook_id": WEBHOOK_ID}),
    );
    let product = shop.sell("pp", "paypal", monthly());
    const EMAIL: &str = "pp@example.com";
    let res = shop.checkout("pp", &product, EMAIL, "paypal");
    assert!(res.header("location").unwrap().starts_with(&paypal.url));
    let subscription = paypal.subscriptions().remove(0).id;
    let back = paypal.approve(&subscription);
    let back = back.split_once(&shop.app.base).expect("back to us").1;
    Browser::new(&shop.app.base).get(back);
    let activated = paypal.subscription_resource(&subscription);
    assert_eq!(
        shop.paypal_event(&paypal, "BILLING.SUBSCRIPTION.ACTIVATED", activated),
        "applied"
    );
    shop.app.drain();
    assert!(shop.has_tag(EMAIL));
    let failing = |count: i64| {
        let mut resource = paypal.subscription_resource(&subscription);
        resource["billing_info"]["failed_payments_count"] = json!(count);
        resource
    };

    shop.app.advance(30 * DAY);
    let failed_at = shop.app.now();
    assert_eq!(
        shop.paypal_event(&paypal, "BILLING.SUBSCRIPTION.PAYMENT.FAILED", failing(1)),
        "applied"
    );
    let said = shop.last_outcome(EMAIL, "BILLING.SUBSCRIPTION.PAYMENT.FAILED");
    assert!(said.contains("renewal payment failed"), "{said}");
    let grace_end = failed_at + GRACE_DAYS * DAY;
    assert_eq!(shop.pending_revoke(EMAIL), Some(json!(rfc3339(grace_end))));
    // Too many failures: PayPal suspends it. Access still follows the first failure's grace.
    shop.app.advance(DAY);
    paypal.set_status(&subscription, "SUSPENDED");
    assert_eq!(
        shop.paypal_event(&paypal, "BILLING.SUBSCRIPTION.SUSPENDED", failing(3)),
        "applied"
    );
    assert_eq!(shop.order(EMAIL)["status"], "completed");
    assert_eq!(
        shop.access(EMAIL),
        Shop::expect("scheduled_revoke", Some(grace_end))
    );

    shop.app.advance(DAY);
    paypal.set_status(&subscription, "ACTIVE");
    let reactivated = paypal.subscription_resource(&subscription);
    assert_eq!(
        shop.paypal_event(&paypal, "BILLING.SUBSCRIPTION.RE-ACTIVATED", reactivated),
        "applied"
    );
    shop.last_outcome(EMAIL, "BILLING.SUBSCRIPTION.RE-ACTIVATED");
    assert_eq!(shop.pending_revoke(EMAIL), None);
    assert_eq!(shop.access(EMAIL), Shop::expect("granted", None));
    shop.app.advance(GRACE_DAYS * DAY);
    shop.app.drain();
    assert!(shop.has_tag(EMAIL));

    // Cancelled in PayPal: access lasts until the next billing time it states.
    paypal.set_status(&subscription, "CANCELLED");
    let next_billing = shop.app.now() + 10 * DAY;
    let mut cancelled = paypal.subscription_resource(&subscription);
    cancelled["billing_info"]["next_billing_time"] = json!(rfc3339(next_billing));
    assert_eq!(
        shop.paypal_event(&paypal, "BILLING.SUBSCRIPTION.CANCELLED", cancelled),
        "applied"
    );
    assert_eq!(shop.order(EMAIL)["status"], "cancelled");
    assert_eq!(
        shop.pending_revoke(EMAIL),
        Some(json!(rfc3339(next_billing)))
    );
    shop.app.advance(10 * DAY - 1);
    shop.app.drain();
    assert!(shop.has_tag(EMAIL), "still within the paid period");
    shop.app.advance(1);
    shop.app.drain();
    assert!(!shop.has_tag(EMAIL));
}

#[test]
fn a_paypal_cancellation_with_an_unreadable_next_billing_time_is_taken_and_ends_access_now() {
    let paypal = FakePayPal::start();
    let shop = Shop::open(&["--paypal-api-url", &paypal.url]);
    shop.gateway(
        "paypal",
        json!({"enabled": true, "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET, "webhook_id": WEBHOOK_ID}),
    );
    let product = shop.sell("pp", "paypal", monthly());
    const EMAIL: &str = "garbled@example.com";
    shop.checkout("pp", &product, EMAIL, "paypal");
    let subscription = paypal.subscriptions().remove(0).id;
    paypal.approve(&subscription);
    let activated = paypal.subscription_resource(&subscription);
    shop.paypal_event(&paypal, "BILLING.SUBSCRIPTION.ACTIVATED", activated);
    shop.app.drain();
    assert!(shop.has_tag(EMAIL));
    paypal.set_status(&subscription, "CANCELLED");
    let mut cancelled = paypal.subscription_resource(&subscription);
    cancelled["billing_info"]["next_billing_time"] = json!("the first of next month");
    assert_eq!(
        shop.paypal_event(&paypal, "BILLING.SUBSCRIPTION.CANCELLED", cancelled),
        "applied"
    );
    assert_eq!(shop.order(EMAIL)["status"], "cancelled");
    assert_eq!(shop.pending_revoke(EMAIL), Some(Value::Null));
    shop.app.drain();
    assert!(!shop.has_tag(EMAIL));
}
