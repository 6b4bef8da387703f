//! tagcart's Stripe client against localstripe, a stateful Stripe emulator run as a subprocess
//! (`python3 -m pip install localstripe`; .ci/run installs it). What localstripe cannot do
//! (default_incomplete, Idempotency-Key, trials, billing_reason) is covered by the request and
//! webhook tests inside `gateways::stripe`.

use crate::fake_server::{Canned, Recorder};
use serde_json::Value;
use std::fs::File;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tagcart::domain::order::PaymentEvent;
use tagcart::domain::product::{Interval, PriceKind, PriceTerms};
use tagcart::gateways::stripe::{parse_webhook, PlanItem, Stripe, StripeError};
use tagcart::gateways::WebhookError;

pub const KEY: &str = "sk_test_tagcart";
const WEBHOOK_SECRET: &str = "whsec_tagcart_test";
const INSTALL: &str = "localstripe is not installed: run `python3 -m pip install localstripe` \
    (CI's .ci/run does), or put a `localstripe` command on PATH";

/// One localstripe per test: its state and webhook settings are global to the process.
pub struct LocalStripe {
    pub url: String,
    /// Stripe.js for our pages, started the first time a page needs it (`js_url`).
    js: std::sync::OnceLock<String>,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Drop for LocalStripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl LocalStripe {
    /// Starts it on a free port (the `localstripe` command, else `python3 -m localstripe`) and
    /// waits until it answers; panics with how to install it when neither runs.
    pub fn start() -> LocalStripe {
        let dir = tempfile::tempdir().unwrap();
        let mut failures = vec![];
        for (program, args) in [
            ("localstripe", &[][..]),
            ("python3", &["-m", "localstripe"][..]),
        ] {
            let port = free_port();
            let log = dir.path().join(format!("{program}.log"));
            let spawned = Command::new(program)
                .args(args)
                .args(["--port", &port.to_string(), "--from-scratch"])
                .current_dir(dir.path())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(File::create(&log).unwrap())
                .spawn();
            let mut child = match spawned {
                Ok(child) => child,
                Err(e) => {
                    failures.push(format!("{program}: {e}"));
                    continue;
                }
            };
            let url = format!("http://localhost:{port}");
            if wait_until_answering(&mut child, &url) {
                return LocalStripe {
                    url,
                    js: Default::default(),
                    child,
                    _dir: dir,
                };
            }
            let _ = child.kill();
            let _ = child.wait();
            let said = std::fs::read_to_string(&log).unwrap_or_default();
            failures.push(format!("{program}: {}", said.trim()));
        }
        panic!("{INSTALL}\n{}", failures.join("\n"));
    }

    /// Where pages load Stripe.js from (`--stripe-js-url`): localstripe's stand-in with the
    /// Payment Element's (`stripe_js`).
    pub fn js_url(&self) -> &str {
        self.js.get_or_init(|| crate::stripe_js::stand_in(self))
    }

    pub fn api_url(&self) -> url::Url {
        self.url.parse().unwrap()
    }

    pub fn stripe(&self) -> Stripe {
        Stripe::new(self.api_url(), KEY.into())
    }

    /// A call made by the test itself, playing the buyer's browser or the merchant's dashboard.
    pub fn post(&self, path: &str, form: &[(&str, &str)]) -> Result<Value, (u16, Value)> {
        let request = ureq::post(&format!("{}{path}", self.url))
            .set("Authorization", &format!("Bearer {KEY}"));
        match request.send_form(form) {
            Ok(response) => Ok(json(response)),
            Err(ureq::Error::Status(status, response)) => Err((status, json(response))),
            Err(e) => panic!("localstripe did not answer POST {path}: {e}"),
        }
    }

    pub fn get(&self, path: &str) -> Value {
        let request = ureq::get(&format!("{}{path}", self.url))
            .set("Authorization", &format!("Bearer {KEY}"));
        json(request.call().unwrap())
    }

    /// What the browser's confirmCardPayment does at Stripe: attach a card, confirm.
    pub fn pay(&self, payment_intent: &str, payment_method: &str) -> Result<Value, (u16, Value)> {
        self.post(
            &format!("/v1/payment_intents/{payment_intent}"),
            &[("payment_method", payment_method)],
        )
        .unwrap();
        self.post(
            &format!("/v1/payment_intents/{payment_intent}/confirm"),
            &[],
        )
    }

    /// A subscription the way the checkout makes one, card first: tagcart's SetupIntent,
    /// confirmed here with a test card as `confirmCardSetup` would, then subscribed.
    /// Returns the subscription id.
    pub fn subscribe(
        &self,
        payment_ref: &str,
        terms: &PriceTerms,
        email: &str,
        product: &str,
    ) -> String {
        let stripe = self.stripe();
        let items = [PlanItem {
            product_name: product.into(),
            terms: terms.clone(),
        }];
        let setup = stripe.start_card_setup(payment_ref, email).unwrap();
        let confirm = format!("/v1/setup_intents/{}/confirm", setup.processor_ref);
        self.post(
            &confirm,
            &[
                ("payment_method", "pm_card_visa"),
                ("client_secret", &setup.client_secret),
            ],
        )
        .unwrap();
        stripe
            .subscribe_with_setup(payment_ref, &items, &setup.processor_ref, None)
            .unwrap()
            .processor_ref
    }

    /// Has localstripe sign and POST these event types to a receiver in this test.
    pub fn send_webhooks(&self, events: &[&str]) -> Webhooks {
        let receiver = Recorder::always(Canned::new(200, ""));
        let url = receiver.url("/webhooks/stripe");
        let mut form = vec![("url", url.as_str()), ("secret", WEBHOOK_SECRET)];
        form.extend(events.iter().map(|e| ("events[]", *e)));
        let configured =
            ureq::post(&format!("{}/_config/webhooks/tagcart", self.url)).send_form(&form);
        assert_eq!(configured.unwrap().status(), 200);
        Webhooks {
            receiver,
            held: vec![],
        }
    }
}

fn json(response: ureq::Response) -> Value {
    serde_json::from_str(&response.into_string().unwrap()).unwrap()
}

fn wait_until_answering(child: &mut Child, url: &str) -> bool {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(2))
        .build();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        let probe = agent
            .get(&format!("{url}/v1/balance"))
            .set("Authorization", &format!("Bearer {KEY}"));
        if probe.call().is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50)); // a subprocess coming up: nothing to wait on but its port
    }
    false
}

/// One delivery: its Stripe-Signature header and raw body, answered 200.
pub struct Webhooks {
    receiver: Recorder,
    held: Vec<(String, Vec<u8>)>,
}

impl Webhooks {
    /// The next delivery of this event type (others are kept for later calls).
    pub fn next_of(&mut self, type_name: &str) -> (String, Vec<u8>) {
        let is = |body: &[u8]| serde_json::from_slice::<Value>(body).unwrap()["type"] == type_name;
        if let Some(i) = self.held.iter().position(|(_, body)| is(body)) {
            return self.held.remove(i);
        }
        loop {
            let delivery = self
                .receiver
                .next_within(Duration::from_secs(20))
                .map(|r| {
                    (
                        r.header("stripe-signature").unwrap_or("").to_string(),
                        r.body,
                    )
                })
                .unwrap_or_else(|| panic!("no {type_name} delivered"));
            if is(&delivery.1) {
                return delivery;
            }
            self.held.push(delivery);
        }
    }
}

fn terms(kind: PriceKind, amount: i64) -> PriceTerms {
    let recurring = kind != PriceKind::OneTime;
    PriceTerms {
        kind,
        currency: "USD".into(),
        amount,
        interval: recurring.then_some(Interval::Month),
        interval_count: recurring.then_some(1),
        installments: (kind == PriceKind::PaymentPlan).then_some(3),
        trial_days: None,
    }
}

fn now() -> i64 {
    tagcart::clock::now()
}

#[test]
fn keys_are_checked_with_an_authenticated_call() {
    let ls = LocalStripe::start();
    ls.stripe().verify_keys().unwrap();
    let publishable = Stripe::new(ls.api_url(), "pk_test_not_a_secret".into());
    assert!(matches!(
        publishable.verify_keys(),
        Err(StripeError::Api { status: 401, .. })
    ));
}

#[test]
fn a_one_time_payment_intent_has_the_database_terms_and_completes_once_the_card_is_confirmed() {
    let ls = LocalStripe::start();
    let stripe = ls.stripe();
    let started = stripe
        .start_one_time(
            "pay_one",
            &terms(PriceKind::OneTime, 4900),
            "buyer@example.com",
            "Course",
        )
        .unwrap();
    assert!(started.processor_ref.starts_with("pi_"));
    assert!(started
        .client_secret
        .starts_with(&format!("{}_secret_", started.processor_ref)));
    let intent = ls.get(&format!("/v1/payment_intents/{}", started.processor_ref));
    assert_eq!(
        (intent["amount"].as_i64(), intent["currency"].as_str()),
        (Some(4900), Some("usd"))
    );
    assert_eq!(intent["metadata"]["payment_ref"], "pay_one");
    assert_eq!(intent["status"], "requires_payment_method");
    assert_eq!(
        stripe.lookup(&started.processor_ref).unwrap(),
        None,
        "open until the card is confirmed"
    );

    ls.pay(&started.processor_ref, "pm_card_visa").unwrap();
    assert_eq!(
        stripe.lookup(&started.processor_ref).unwrap(),
        Some(PaymentEvent::Completed)
    );
}

#[test]
fn a_cancelled_payment_intent_looks_failed() {
    let ls = LocalStripe::start();
    let stripe = ls.stripe();
    let started = stripe
        .start_one_time(
            "pay_gone",
            &terms(PriceKind::OneTime, 1000),
            "buyer@example.com",
            "Course",
        )
        .unwrap();
    ls.post(
        &format!("/v1/payment_intents/{}/cancel", started.processor_ref),
        &[],
    )
    .unwrap();
    assert_eq!(
        stripe.lookup(&started.processor_ref).unwrap(),
        Some(PaymentEvent::Failed)
    );
}

#[test]
fn a_subscription_paid_by_card_is_active_reuses_its_plan_and_ends_when_cancelled() {
    let ls = LocalStripe::start();
    let stripe = ls.stripe();
    let monthly = terms(PriceKind::Subscription, 1900);
    let started = ls.subscribe("pay_sub", &monthly, "buyer@example.com", "Membership");
    assert!(started.starts_with("sub_"));
    assert_eq!(
        stripe.lookup(&started).unwrap(),
        Some(PaymentEvent::Completed)
    );

    let subscription = ls.get(&format!("/v1/subscriptions/{}", started));
    assert_eq!(subscription["metadata"]["payment_ref"], "pay_sub");
    let plan = &subscription["plan"];
    assert!(plan["id"].as_str().unwrap().starts_with("tagcart_"));
    assert_eq!(
        (
            plan["amount"].as_i64(),
            plan["currency"].as_str(),
            plan["interval"].as_str()
        ),
        (Some(1900), Some("usd"), Some("month"))
    );
    let customer = ls.get(&format!(
        "/v1/customers/{}",
        subscription["customer"].as_str().unwrap()
    ));
    assert_eq!(
        (
            customer["email"].as_str(),
            customer["metadata"]["payment_ref"].as_str()
        ),
        (Some("buyer@example.com"), Some("pay_sub"))
    );

    let again = ls.subscribe("pay_sub2", &monthly, "other@example.com", "Membership");
    let again = ls.get(&format!("/v1/subscriptions/{}", again));
    assert_eq!(
        again["plan"]["id"], plan["id"],
        "the same terms reuse the plan"
    );

    stripe.cancel_subscription(&started).unwrap();
    assert_eq!(
        ls.get(&format!("/v1/subscriptions/{}", started))["status"],
        "canceled"
    );
    stripe.cancel_subscription(&started).unwrap();
    assert_eq!(
        stripe.lookup(&started).unwrap(),
        None,
        "a cancelled subscription is not a new payment"
    );
}

#[test]
fn a_payment_plan_carries_its_installments_on_the_subscription() {
    let ls = LocalStripe::start();
    let plan = terms(PriceKind::PaymentPlan, 3300);
    let started = ls.subscribe("pay_plan", &plan, "buyer@example.com", "Course");
    let subscription = ls.get(&format!("/v1/subscriptions/{}", started));
    assert_eq!(subscription["metadata"]["installments"], "3");
    assert_eq!(subscription["status"], "active");
}

#[test]
fn delivered_payment_intent_events_verify_map_and_refuse_tampering() {
    let ls = LocalStripe::start();
    let stripe = ls.stripe();
    let mut hooks =
        ls.send_webhooks(&["payment_intent.succeeded", "payment_intent.payment_failed"]);
    let paid = stripe
        .start_one_time(
            "pay_hook",
            &terms(PriceKind::OneTime, 2500),
            "buyer@example.com",
            "Course",
        )
        .unwrap();
    ls.pay(&paid.processor_ref, "pm_card_visa").unwrap();

    let (signature, body) = hooks.next_of("payment_intent.succeeded");
    let event = parse_webhook(WEBHOOK_SECRET, &signature, &body, now()).unwrap();
    assert!(event.id.starts_with("evt_"));
    assert_eq!(event.kind, Some(PaymentEvent::Completed));
    assert_eq!(event.payment_ref.as_deref(), Some("pay_hook"));
    assert_eq!(
        event.processor_ref.as_deref(),
        Some(paid.processor_ref.as_str())
    );

    let tampered = String::from_utf8(body.clone())
        .unwrap()
        .replace("2500", "2");
    assert_ne!(tampered.as_bytes(), &body[..]);
    assert_eq!(
        parse_webhook(WEBHOOK_SECRET, &signature, tampered.as_bytes(), now()),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        parse_webhook("whsec_someone_else", &signature, &body, now()),
        Err(WebhookError::BadSignature)
    );

    let declined = stripe
        .start_one_time(
            "pay_declined",
            &terms(PriceKind::OneTime, 2500),
            "buyer@example.com",
            "Course",
        )
        .unwrap();
    let refused = ls
        .pay(&declined.processor_ref, "pm_card_chargeCustomerFail")
        .unwrap_err();
    assert_eq!(refused.0, 402);
    let (signature, body) = hooks.next_of("payment_intent.payment_failed");
    let event = parse_webhook(WEBHOOK_SECRET, &signature, &body, now()).unwrap();
    assert_eq!(
        (event.kind, event.payment_ref.as_deref()),
        (Some(PaymentEvent::Failed), Some("pay_declined"))
    );
}

#[test]
fn delivered_subscription_events_name_the_subscription() {
    let ls = LocalStripe::start();
    let stripe = ls.stripe();
    let mut hooks = ls.send_webhooks(&[
        "payment_intent.succeeded",
        "invoice.payment_succeeded",
        "customer.subscription.deleted",
    ]);
    let monthly = terms(PriceKind::Subscription, 1900);
    let started = ls.subscribe("pay_subhook", &monthly, "buyer@example.com", "Membership");
    let subscription = Some(started.as_str());

    let (signature, body) = hooks.next_of("invoice.payment_succeeded");
    let invoice = parse_webhook(WEBHOOK_SECRET, &signature, &body, now()).unwrap();
    assert_eq!(invoice.processor_ref.as_deref(), subscription);
    // localstripe leaves billing_reason null, so its first invoice reads as a renewal.
    assert_eq!(invoice.kind, Some(PaymentEvent::Renewed));

    let (signature, body) = hooks.next_of("payment_intent.succeeded");
    let intent = parse_webhook(WEBHOOK_SECRET, &signature, &body, now()).unwrap();
    assert_eq!(
        intent.kind, None,
        "the invoice's PaymentIntent is left to invoice.payment_succeeded"
    );

    stripe.cancel_subscription(&started).unwrap();
    let (signature, body) = hooks.next_of("customer.subscription.deleted");
    let deleted = parse_webhook(WEBHOOK_SECRET, &signature, &body, now()).unwrap();
    assert_eq!(deleted.kind, Some(PaymentEvent::Cancelled));
    assert_eq!(
        (
            deleted.processor_ref.as_deref(),
            deleted.payment_ref.as_deref()
        ),
        (subscription, Some("pay_subhook"))
    );
}
