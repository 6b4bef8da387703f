//! The customer portal's card change for a Stripe subscription, and dunning through it.

use super::*;
use crate::self_service::signed_in;

const DUNNING_EVENTS: &[&str] = &[
    "invoice.payment_succeeded",
    "invoice.payment_failed",
    "customer.subscription.deleted",
    "payment_intent.succeeded",
];

/// The customer paying `subscription`, and its default card, as localstripe holds them.
fn customer_of(stripe: &LocalStripe, subscription: &str) -> (String, Value) {
    let at_stripe = stripe.get(&format!("/v1/subscriptions/{subscription}"));
    let id = (at_stripe["customer"].as_str())
        .or(at_stripe["customer"]["id"].as_str())
        .unwrap_or_else(|| panic!("no customer: {at_stripe}"))
        .to_string();
    let customer = stripe.get(&format!("/v1/customers/{id}"));
    let card = customer["invoice_settings"]["default_payment_method"].clone();
    (id, card)
}

/// Stripe's next renewal of `subscription` fails: the customer's default card now asks for
/// 3-D Secure, which the buyer, away from an off-session charge, does not pass. localstripe
/// sends invoice.payment_failed and holds the subscription past_due. The unpaid invoice.
fn renewal_fails(stripe: &LocalStripe, subscription: &str) -> String {
    let (customer, _) = customer_of(stripe, subscription);
    let card = stripe
        .post(
            "/v1/payment_methods",
            &[
                ("type", "card"),
                ("card[number]", "4000002500003155"),
                ("card[exp_month]", "12"),
                ("card[exp_year]", "2030"),
                ("card[cvc]", "123"),
            ],
        )
        .unwrap();
    let card = card["id"].as_str().unwrap();
    let attach = format!("/v1/payment_methods/{card}/attach");
    stripe.post(&attach, &[("customer", &customer)]).unwrap();
    let default = [("invoice_settings[default_payment_method]", card)];
    stripe
        .post(&format!("/v1/customers/{customer}"), &default)
        .unwrap();
    let renewal = [
        ("customer", customer.as_str()),
        ("subscription", subscription),
    ];
    let invoice = stripe.post("/v1/invoices", &renewal).unwrap();
    let invoice = invoice["id"].as_str().unwrap().to_string();
    let charged = stripe
        .post(&format!("/v1/invoices/{invoice}/pay"), &[])
        .unwrap();
    let intent = (charged["payment_intent"].as_str())
        .or(charged["payment_intent"]["id"].as_str())
        .unwrap_or_else(|| panic!("no PaymentIntent: {charged}"))
        .to_string();
    let intent = stripe.get(&format!("/v1/payment_intents/{intent}"));
    assert_eq!(intent["status"], "requires_action", "{intent}");
    let id = intent["id"].as_str().unwrap();
    let secret = intent["client_secret"].as_str().unwrap();
    let not_passed = [("client_secret", secret), ("success", "false")];
    let authenticate = format!("/v1/payment_intents/{id}/_authenticate");
    stripe.post(&authenticate, &not_passed).unwrap();
    let at_stripe = stripe.get(&format!("/v1/subscriptions/{subscription}"));
    assert_eq!(
        (
            at_stripe["status"].as_str(),
            at_stripe["latest_invoice"].as_str()
        ),
        (Some("past_due"), Some(invoice.as_str())),
        "{at_stripe}"
    );
    invoice
}

/// The order's revoke still to come (not cancelled), if any: when it is due.
fn pending_revoke(order: &Value) -> Option<Value> {
    (order["fulfillment"].as_array()?.iter())
        .find(|j| j["action"] == "revoke" && j["state"] == "pending" && j["cancelled_at"].is_null())
        .map(|j| j["due_at"].clone())
}

/// The buyer's entitlement to the product's tag, as `GET /api/v1/access` shows it.
fn access_of(shop: &Shop, email: &str) -> Value {
    let path = format!("/access?email={email}");
    let res = api(&shop.server.base, "GET", &path, Some(&shop.token), None);
    assert_eq!(res.status, 200, "{}", res.body);
    let all = res.json();
    let found = all
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kartra_tag"] == TAG);
    found
        .unwrap_or_else(|| panic!("no access to {TAG}: {all}"))
        .clone()
}

/// A page's attribute `name`, as the browser's script reads it.
fn attribute(html: &str, name: &str) -> String {
    html.split(&format!("{name}=\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no {name} on {html}"))
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&")
}

/// What `confirmCardSetup` does on the card page: the card `payment_method` saved on the
/// page's SetupIntent. The SetupIntent and the card localstripe made of it.
fn confirm_card(stripe: &LocalStripe, card_page: &str, payment_method: &str) -> (String, String) {
    let secret = attribute(card_page, "data-client-secret");
    let setup = secret.split("_secret_").next().unwrap().to_string();
    assert!(setup.starts_with("seti_"), "{secret}");
    let form = [
        ("payment_method", payment_method),
        ("client_secret", &secret),
    ];
    stripe
        .post(&format!("/v1/setup_intents/{setup}/confirm"), &form)
        .unwrap();
    let confirmed = stripe.get(&format!("/v1/setup_intents/{setup}"));
    assert_eq!(confirmed["status"], "succeeded", "{confirmed}");
    let card = confirmed["payment_method"].as_str().unwrap().to_string();
    (setup, card)
}

#[test]
fn a_subscriber_changes_the_card_in_the_portal_and_the_failed_renewal_is_paid_with_it() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, DUNNING_EVENTS);
    let smtp = SmtpServer::start();
    mail_to(&shop, &smtp);
    const EMAIL: &str = "dunned@example.com";
    let (order, subscription) = paid_monthly(&shop, &stripe, EMAIL);
    assert_eq!(pending_revoke(&order), None, "{order}");

    let invoice = renewal_fails(&stripe, &subscription);
    let (customer, failing_card) = customer_of(&stripe, &subscription);
    let failing = shop.wait_order(EMAIL, "the failed renewal", |o| pending_revoke(o).is_some());
    let due = pending_revoke(&failing).unwrap();
    let grace = |secs: i64| tagcart::clock::rfc3339(now() + secs);
    let due_at = due.as_str().unwrap_or_default().to_string();
    assert!(
        grace(7 * 86_400 - 120) <= due_at && due_at <= grace(7 * 86_400),
        "the revoke waits the product's 7 grace days: {failing}"
    );
    let access = access_of(&shop, EMAIL);
    assert_eq!(access["revoke_at"], due, "{access}");
    assert!(
        shop.has_tag(EMAIL, TAG),
        "access is kept for the grace days"
    );
    let detail = shop.order_detail(&order["id"]);
    let emails: Vec<&str> = (detail["emails"].as_array().unwrap().iter())
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert!(emails.contains(&"payment_failed"), "{detail}");

    let buyer = signed_in(&shop, &smtp, EMAIL);
    let home = buyer.get("/account");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("Your last payment did not go through"),
        "{}",
        home.body
    );
    let card_link = format!("/account/orders/{}/card", order["id"]);
    assert!(
        home.body.contains(&format!("href=\"{card_link}\"")),
        "{}",
        home.body
    );
    assert!(home.body.contains("Update card"), "{}", home.body);

    let page = buyer.get(&card_link);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let (setup, card) = confirm_card(&stripe, &page.body, "pm_card_visa");
    let made = stripe.get(&format!("/v1/setup_intents/{setup}"));
    assert_eq!(
        (
            made["customer"].as_str(),
            made["metadata"]["subscription"].as_str()
        ),
        (Some(customer.as_str()), Some(subscription.as_str())),
        "made for this subscription's customer: {made}"
    );
    let next = attribute(&page.body, "data-next");
    assert_eq!(
        next,
        format!(
            "/account/orders/{}/card/saved?setup_intent={setup}",
            order["id"]
        )
    );

    let saved = buyer.get(&next);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        saved.header("location"),
        Some("/account?notice=card_retried")
    );
    let (_, default_card) = customer_of(&stripe, &subscription);
    assert_eq!(
        default_card.as_str(),
        Some(card.as_str()),
        "the new card is the default"
    );
    assert_ne!(default_card, failing_card);
    let at_stripe = stripe.get(&format!("/v1/payment_methods/{card}"));
    assert_eq!(
        at_stripe["customer"].as_str(),
        Some(customer.as_str()),
        "{at_stripe}"
    );
    let paid = stripe.get(&format!("/v1/invoices/{invoice}"));
    assert_eq!(paid["status"], "paid", "{paid}");
    let at_stripe = stripe.get(&format!("/v1/subscriptions/{subscription}"));
    assert_eq!(at_stripe["status"], "active", "{at_stripe}");

    // localstripe's invoice.payment_succeeded: the renewal is paid, the streak is over.
    let recovered = shop.wait_order(EMAIL, "the recovery", |o| pending_revoke(o).is_none());
    assert_eq!(recovered["status"], "completed", "{recovered}");
    let access = access_of(&shop, EMAIL);
    assert!(access["revoke_at"].is_null(), "{access}");
    assert!(shop.has_tag(EMAIL, TAG));
    let revokes: Vec<&Value> = (recovered["fulfillment"].as_array().unwrap().iter())
        .filter(|j| j["action"] == "revoke")
        .collect();
    assert!(
        revokes.iter().all(|j| !j["cancelled_at"].is_null()),
        "the scheduled revoke is cancelled: {recovered}"
    );
    let home = buyer.get("/account?notice=card_retried");
    assert!(
        home.body
            .contains("the payment that failed was charged to it"),
        "{}",
        home.body
    );
    assert!(
        !home.body.contains("Your last payment did not go through"),
        "{}",
        home.body
    );
}

#[test]
fn a_card_change_refuses_another_subscriptions_setup_intent() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, STRIPE_SUBSCRIPTION_EVENTS);
    let smtp = SmtpServer::start();
    mail_to(&shop, &smtp);
    const ANN: &str = "ann@example.com";
    const BOB: &str = "bob@example.com";
    let (ann_order, ann_sub) = paid_monthly(&shop, &stripe, ANN);
    let (bob_order, bob_sub) = paid_monthly(&shop, &stripe, BOB);
    let (ann_customer, ann_card) = customer_of(&stripe, &ann_sub);
    let (bob_customer, bob_card) = customer_of(&stripe, &bob_sub);
    assert_ne!(ann_customer, bob_customer);

    let bob = signed_in(&shop, &smtp, BOB);
    let page = bob.get(&format!("/account/orders/{}/card", bob_order["id"]));
    assert_eq!(page.status, 200, "{}", page.body);
    let (bob_setup, bob_new_card) = confirm_card(&stripe, &page.body, "pm_card_visa");

    let ann = signed_in(&shop, &smtp, ANN);
    let bobs_page = ann.get(&format!("/account/orders/{}/card", bob_order["id"]));
    assert_eq!(bobs_page.status, 404, "{}", bobs_page.body);
    assert!(
        !bobs_page.body.contains("data-client-secret"),
        "{}",
        bobs_page.body
    );
    let bobs_saved = format!(
        "/account/orders/{}/card/saved?setup_intent={bob_setup}",
        bob_order["id"]
    );
    assert_eq!(ann.get(&bobs_saved).status, 404);

    let handed_in = format!(
        "/account/orders/{}/card/saved?setup_intent={bob_setup}",
        ann_order["id"]
    );
    let res = ann.get(&handed_in);
    assert!(res.status >= 400, "refused: {} {}", res.status, res.body);
    assert_eq!(res.header("location"), None, "{}", res.body);
    assert_eq!(
        customer_of(&stripe, &bob_sub).1,
        bob_card,
        "Bob's default card unchanged"
    );
    assert_eq!(
        customer_of(&stripe, &ann_sub).1,
        ann_card,
        "Ann's default card unchanged"
    );
    let bobs_new = stripe.get(&format!("/v1/payment_methods/{bob_new_card}"));
    assert!(
        bobs_new["customer"].is_null(),
        "attached to no one: {bobs_new}"
    );

    let garbage = format!(
        "/account/orders/{}/card/saved?setup_intent=pi_123",
        ann_order["id"]
    );
    assert_eq!(ann.get(&garbage).status, 400);
    // Bob's own confirmation still goes through.
    let res = bob.get(&bobs_saved);
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.header("location"), Some("/account?notice=card_updated"));
    assert_eq!(
        customer_of(&stripe, &bob_sub).1.as_str(),
        Some(bob_new_card.as_str())
    );
}

#[test]
fn the_card_page_without_a_session_sends_the_buyer_to_sign_in() {
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, STRIPE_SUBSCRIPTION_EVENTS);
    const EMAIL: &str = "stranger@example.com";
    let (order, subscription) = paid_monthly(&shop, &stripe, EMAIL);
    let (_, card) = customer_of(&stripe, &subscription);
    let stranger = Browser::new(&shop.server.base);
    let card_page = format!("/account/orders/{}/card", order["id"]);
    let saved = format!("{card_page}/saved?setup_intent=seti_123");
    for path in [card_page.as_str(), saved.as_str()] {
        let res = stranger.get(path);
        assert_eq!(res.status, 303, "{path}: {}", res.body);
        assert_eq!(
            res.header("location"),
            Some("/account?notice=signed_out"),
            "{path}"
        );
        assert!(!res.body.contains("data-client-secret"), "{}", res.body);
    }
    assert_eq!(
        customer_of(&stripe, &subscription).1,
        card,
        "nothing changed at Stripe"
    );
}

/// A request: its method, path and form.
type Asked = (String, String, Vec<(String, String)>);

/// Real Stripe, as far as a card change goes: a subscription created with its own
/// `default_payment_method` (as `subscribe_with_setup` makes them outside localstripe), past
/// due. Answers what it is asked by method and path; the requests, in order, with their forms.
struct StripeWithSubscriptionCard {
    url: String,
    asked: std::sync::Arc<std::sync::Mutex<Vec<Asked>>>,
    handle: actix_web::dev::ServerHandle,
}

impl StripeWithSubscriptionCard {
    fn start() -> StripeWithSubscriptionCard {
        let asked = std::sync::Arc::new(std::sync::Mutex::new(vec![]));
        let shared = asked.clone();
        let (port, handle) = crate::fake_server::fake_server(move |req, body| {
            let asked = shared.clone();
            async move {
                let form: Vec<(String, String)> =
                    url::form_urlencoded::parse(&body).into_owned().collect();
                let (method, path) = (req.method().to_string(), req.path().to_string());
                asked
                    .lock()
                    .unwrap()
                    .push((method.clone(), path.clone(), form));
                let answer = match (method.as_str(), path.as_str()) {
                    ("GET", "/v1/setup_intents/seti_new") => json!({"id": "seti_new",
                        "object": "setup_intent", "status": "succeeded", "payment_method": "pm_new",
                        "customer": "cus_1", "metadata": {"subscription": "sub_1"}}),
                    ("POST", "/v1/payment_methods/pm_new/attach") => {
                        json!({"id": "pm_new", "object": "payment_method", "customer": "cus_1"})
                    }
                    ("POST", "/v1/customers/cus_1") => json!({"id": "cus_1", "object": "customer"}),
                    ("GET" | "POST", "/v1/subscriptions/sub_1") => json!({"id": "sub_1",
                        "object": "subscription", "status": "past_due", "customer": "cus_1",
                        "latest_invoice": "in_1", "default_payment_method": "pm_old"}),
                    ("POST", "/v1/invoices/in_1/pay") => {
                        json!({"id": "in_1", "object": "invoice", "status": "paid"})
                    }
                    _ => {
                        let error = json!({"error": {"type": "invalid_request_error",
                            "message": format!("Unrecognized request URL ({method}: {path})")}});
                        return actix_web::HttpResponse::NotFound().json(error);
                    }
                };
                actix_web::HttpResponse::Ok().json(answer)
            }
        });
        StripeWithSubscriptionCard {
            url: format!("http://127.0.0.1:{port}"),
            asked,
            handle,
        }
    }
}

impl Drop for StripeWithSubscriptionCard {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

#[test]
fn a_card_change_makes_the_new_card_the_one_a_real_stripe_subscription_is_charged_with() {
    let stripe = StripeWithSubscriptionCard::start();
    let client = tagcart::gateways::stripe::Stripe::new(stripe.url.parse().unwrap(), "sk_x".into());
    let changed = client.finish_card_change("sub_1", "seti_new").unwrap();
    assert_eq!(
        changed,
        tagcart::gateways::stripe::CardChange::ChangedAndRetried
    );
    let asked = stripe.asked.lock().unwrap().clone();
    let pay = (asked.iter())
        .position(|(m, p, _)| m == "POST" && p == "/v1/invoices/in_1/pay")
        .unwrap_or_else(|| panic!("the unpaid renewal is retried: {asked:?}"));
    let new_card = |form: &[(String, String)], name: &str| {
        form.iter()
            .any(|(k, v)| k == name && (v == "pm_new" || v.is_empty()))
    };
    let on_subscription = asked[..pay].iter().any(|(m, p, form)| {
        m == "POST" && p == "/v1/subscriptions/sub_1" && new_card(form, "default_payment_method")
    });
    assert!(
        on_subscription,
        "the subscription's own default_payment_method (pm_old) overrides the customer's, \
         for this retry and every renewal after it: {asked:?}"
    );
}
