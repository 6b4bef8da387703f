//! Access per buyer and tag, across all their orders, against the strict fake Kartra, on the
//! in-process app and its test clock: the worker and the read-backs are stepped by the test
//! (`drain`), and scheduled revokes come due by moving the clock, never by sleeping.

use crate::app::TestApp;
use crate::fake_kartra::{FakeKartra, Mode, API_KEY, API_PASSWORD, APP_ID};
use crate::harness::{api, Browser, Resp};
use crate::purchase::{post_signed, signature, SECRET};
use serde_json::{json, Value};
use std::cell::Cell;

const DAY: i64 = 86_400;
const COURSE: &str = "course";
const PAY_UP: &str = "payment-failed";

/// A merchant with Kartra connected and the test gateway on.
struct Shop {
    app: TestApp,
    kartra: FakeKartra,
    token: String,
    events: Cell<usize>,
}

/// A product on its own page, and its price ids in the order given.
struct Sold {
    slug: String,
    prices: Vec<String>,
}

impl Shop {
    fn open() -> Shop {
        let kartra = FakeKartra::with_tags(&[COURSE, "vip", PAY_UP]);
        let app = TestApp::start(&["--kartra-api-url", &kartra.url]);
        let token = app.api_token();
        let shop = Shop {
            app,
            kartra,
            token,
            events: Cell::new(0),
        };
        let creds = json!({"app_id": APP_ID, "api_key": API_KEY, "api_password": API_PASSWORD});
        assert_eq!(
            shop.call("PUT", "/integrations/kartra", Some(creds)).status,
            200
        );
        let gateway = json!({"enabled": true, "webhook_secret": SECRET});
        assert_eq!(
            shop.call("PUT", "/gateways/test", Some(gateway)).status,
            200
        );
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

    /// `product` (its fields merged over a monthly subscription of `tag`) on page `/p/{slug}`.
    fn sell(&self, slug: &str, tag: &str, extra: Value) -> Sold {
        let mut product = json!({"name": slug, "kartra_tag": tag,
            "prices": [{"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month"}]});
        for (k, v) in extra.as_object().unwrap() {
            product[k] = v.clone();
        }
        let res = self.call("POST", "/products", Some(product));
        assert_eq!(res.status, 201, "{}", res.body);
        let product = res.json();
        let page = json!({"title": slug, "slug": slug, "product_id": product["id"], "gateways": ["test"], "published": true});
        assert_eq!(self.call("POST", "/pages", Some(page)).status, 201);
        let prices = product["prices"].as_array().unwrap();
        Sold {
            slug: slug.into(),
            prices: prices.iter().map(|p| p["id"].to_string()).collect(),
        }
    }

    /// The buyer checks out price `i` of `sold` and the test gateway completes the payment;
    /// returns the order's payment_ref.
    fn buy(&self, sold: &Sold, i: usize, email: &str) -> String {
        let fields = [
            ("email", email),
            ("first_name", "Ann"),
            ("last_name", "Lee"),
            ("price_id", sold.prices[i].as_str()),
            ("gateway", "test"),
        ];
        let res = Browser::new(&self.app.base).post(&format!("/p/{}/checkout", sold.slug), &fields);
        assert_eq!(res.status, 303, "{}", res.body);
        let payment_ref = res
            .header("location")
            .unwrap()
            .trim_start_matches("/pay/test/")
            .to_string();
        self.event("payment.completed", &payment_ref, json!({}));
        payment_ref
    }

    /// A signed test-gateway event about `payment_ref`, at the app's time; `data` adds fields.
    fn event(&self, kind: &str, payment_ref: &str, data: Value) {
        let n = self.events.get() + 1;
        self.events.set(n);
        let mut body_data = json!({"payment_ref": payment_ref});
        for (k, v) in data.as_object().unwrap() {
            body_data[k] = v.clone();
        }
        let t = self.app.now();
        let body = json!({"id": format!("evt_{n}"), "type": kind, "created": t, "data": body_data})
            .to_string();
        let res = post_signed(&self.app.base, &body, &signature(SECRET, t, &body));
        assert_eq!(res.status, 200, "{kind}: {}", res.body);
    }

    /// The buyer's entitlements as the API shows them, by tag.
    fn access(&self, email: &str) -> Vec<Value> {
        let email: String = url::form_urlencoded::byte_serialize(email.as_bytes()).collect();
        let res = self.call("GET", &format!("/access?email={email}"), None);
        assert_eq!(res.status, 200, "{}", res.body);
        res.json().as_array().unwrap().clone()
    }

    fn entitlement(&self, email: &str, tag: &str) -> Value {
        let all = self.access(email);
        let found = all.iter().find(|e| e["kartra_tag"] == tag);
        found
            .unwrap_or_else(|| panic!("no {tag} entitlement in {all:#?}"))
            .clone()
    }

    fn state(&self, email: &str, tag: &str) -> String {
        self.entitlement(email, tag)["state"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The tags on the buyer's lead in Kartra.
    fn tags_in_kartra(&self, email: &str) -> Vec<String> {
        self.kartra.lead(email).map(|l| l.tags).unwrap_or_default()
    }

    fn revokes_sent(&self, tag: &str) -> usize {
        let sent = |c: &crate::fake_kartra::Call| {
            c.cmds == ["unassign_tag"]
                && c.pairs
                    .iter()
                    .any(|(k, v)| k.ends_with("[tag_name]") && v == tag)
        };
        self.kartra.calls().iter().filter(|c| sent(c)).count()
    }

    fn order_id(&self, payment_ref: &str) -> i64 {
        let conn = self.app.pool.get().unwrap();
        conn.query_row(
            "SELECT id FROM orders WHERE payment_ref = ?1",
            [payment_ref],
            |r| r.get(0),
        )
        .unwrap()
    }
}

#[test]
fn a_refund_never_removes_a_tag_another_paid_order_still_gives() {
    let shop = Shop::open();
    let course = shop.sell(
        "course",
        COURSE,
        json!({"prices": [
        {"kind": "one_time", "currency": "USD", "amount": 4900},
        {"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month"}]}),
    );
    let once = shop.buy(&course, 0, "ann@example.com");
    let monthly = shop.buy(&course, 1, "ann@example.com");
    shop.app.drain();
    assert_eq!(shop.tags_in_kartra("ann@example.com"), [COURSE]);

    shop.event("payment.refunded", &once, json!({}));
    shop.app.drain();
    assert_eq!(
        shop.tags_in_kartra("ann@example.com"),
        [COURSE],
        "the subscription still pays"
    );
    assert_eq!(shop.revokes_sent(COURSE), 0);
    let access = shop.entitlement("ann@example.com", COURSE);
    assert_eq!(access["state"], "granted");
    let orders = json!([shop.order_id(&once), shop.order_id(&monthly)]);
    assert_eq!(access["orders"], orders, "both orders are listed");

    // The last order giving it ends: now the tag goes.
    shop.event("subscription.cancelled", &monthly, json!({}));
    shop.app.drain();
    assert!(shop.tags_in_kartra("ann@example.com").is_empty());
    assert_eq!(shop.state("ann@example.com", COURSE), "revoked");
}

#[test]
fn two_products_with_the_same_tag_keep_it_until_both_end() {
    let shop = Shop::open();
    let gold = shop.sell(
        "gold",
        "vip",
        json!({"prices": [{"kind": "one_time", "currency": "USD", "amount": 900}]}),
    );
    let club = shop.sell("club", "vip", json!({}));
    let gold_ref = shop.buy(&gold, 0, "bo@example.com");
    let club_ref = shop.buy(&club, 0, "bo@example.com");
    shop.app.drain();
    shop.event("subscription.cancelled", &club_ref, json!({}));
    shop.app.drain();
    assert_eq!(shop.tags_in_kartra("bo@example.com"), ["vip"]);
    assert_eq!(shop.state("bo@example.com", "vip"), "granted");
    shop.event("payment.refunded", &gold_ref, json!({}));
    shop.app.drain();
    assert!(shop.tags_in_kartra("bo@example.com").is_empty());
    assert_eq!(shop.revokes_sent("vip"), 1);
}

#[test]
fn a_cancellation_keeps_access_until_the_period_end_and_revokes_then() {
    let shop = Shop::open();
    let club = shop.sell("club", COURSE, json!({}));
    let paid = shop.buy(&club, 0, "cy@example.com");
    shop.app.drain();
    let period_end = shop.app.now() + 20 * DAY;
    shop.event(
        "subscription.cancelled",
        &paid,
        json!({"period_end": period_end}),
    );
    shop.app.drain();
    let access = shop.entitlement("cy@example.com", COURSE);
    assert_eq!(access["state"], "scheduled_revoke");
    assert_eq!(access["revoke_at"], tagcart::clock::rfc3339(period_end));
    let order = shop
        .call("GET", &format!("/orders/{}", shop.order_id(&paid)), None)
        .json();
    let scheduled = &order["fulfillment"][1];
    assert_eq!(
        (scheduled["action"].as_str(), scheduled["state"].as_str()),
        (Some("revoke"), Some("pending"))
    );
    assert_eq!(
        scheduled["due_at"],
        tagcart::clock::rfc3339(period_end),
        "visible on the order"
    );

    shop.app.advance(period_end - shop.app.now() - 1);
    shop.app.drain();
    assert_eq!(
        shop.tags_in_kartra("cy@example.com"),
        [COURSE],
        "not a second early"
    );
    assert_eq!(shop.revokes_sent(COURSE), 0);
    let health = shop.call("GET", "/health", None).json();
    assert_eq!(
        health["kartra"]["queue_depth"], 0,
        "a scheduled revoke is not a waiting job"
    );

    shop.app.advance(1);
    shop.app.drain();
    assert!(shop.tags_in_kartra("cy@example.com").is_empty());
    assert_eq!(shop.state("cy@example.com", COURSE), "revoked");
}

#[test]
fn a_product_that_ends_access_immediately_revokes_on_the_cancellation() {
    let shop = Shop::open();
    let club = shop.sell("club", COURSE, json!({"on_cancel": "immediately"}));
    let paid = shop.buy(&club, 0, "di@example.com");
    shop.app.drain();
    let period_end = shop.app.now() + 20 * DAY;
    shop.event(
        "subscription.cancelled",
        &paid,
        json!({"period_end": period_end}),
    );
    shop.app.drain();
    assert!(shop.tags_in_kartra("di@example.com").is_empty());
    assert_eq!(shop.state("di@example.com", COURSE), "revoked");
}

#[test]
fn buying_again_takes_back_a_scheduled_revoke() {
    let shop = Shop::open();
    let club = shop.sell("club", COURSE, json!({}));
    let first = shop.buy(&club, 0, "ed@example.com");
    shop.app.drain();
    shop.event(
        "subscription.cancelled",
        &first,
        json!({"period_end": shop.app.now() + 5 * DAY}),
    );
    shop.buy(&club, 0, "ed@example.com");
    shop.app.drain();
    assert_eq!(shop.state("ed@example.com", COURSE), "granted");
    shop.app.advance(6 * DAY);
    shop.app.drain();
    assert_eq!(shop.tags_in_kartra("ed@example.com"), [COURSE]);
    assert_eq!(shop.revokes_sent(COURSE), 0);
    let order = shop
        .call("GET", &format!("/orders/{}", shop.order_id(&first)), None)
        .json();
    let states: Vec<&str> = order["fulfillment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        ["done", "cancelled"],
        "the revoke was taken back, not run"
    );
}

#[test]
fn a_failed_renewal_keeps_access_for_the_grace_days_and_a_recovery_keeps_it_for_good() {
    let shop = Shop::open();
    let club = shop.sell(
        "club",
        COURSE,
        json!({"grace_days": 3, "payment_failed_tag": PAY_UP}),
    );
    let paid = shop.buy(&club, 0, "fi@example.com");
    shop.app.drain();
    shop.event("subscription.payment_failed", &paid, json!({}));
    shop.app.drain();
    assert_eq!(
        shop.tags_in_kartra("fi@example.com"),
        [COURSE, PAY_UP],
        "the merchant's automation can ask for payment"
    );
    let access = shop.entitlement("fi@example.com", COURSE);
    assert_eq!(access["state"], "scheduled_revoke");
    assert_eq!(
        access["revoke_at"],
        tagcart::clock::rfc3339(shop.app.now() + 3 * DAY)
    );

    shop.app.advance(DAY);
    shop.event("subscription.recovered", &paid, json!({}));
    shop.app.drain();
    assert_eq!(
        shop.tags_in_kartra("fi@example.com"),
        [COURSE],
        "the payment-failed tag goes"
    );
    assert_eq!(shop.state("fi@example.com", COURSE), "granted");
    shop.app.advance(5 * DAY);
    shop.app.drain();
    assert_eq!(shop.tags_in_kartra("fi@example.com"), [COURSE]);
    assert_eq!(shop.revokes_sent(COURSE), 0);
}

#[test]
fn a_failed_renewal_that_never_recovers_revokes_when_the_grace_days_end() {
    let shop = Shop::open();
    let club = shop.sell(
        "club",
        COURSE,
        json!({"grace_days": 3, "payment_failed_tag": PAY_UP}),
    );
    let paid = shop.buy(&club, 0, "gu@example.com");
    shop.app.drain();
    shop.event("subscription.payment_failed", &paid, json!({}));
    shop.app.advance(DAY);
    shop.event("subscription.payment_failed", &paid, json!({}));
    shop.app.drain();
    shop.app.advance(2 * DAY - 1);
    shop.app.drain();
    assert!(
        shop.tags_in_kartra("gu@example.com")
            .contains(&COURSE.to_string()),
        "the grace counts from the first failure"
    );
    shop.app.advance(1);
    shop.app.drain();
    assert_eq!(
        shop.tags_in_kartra("gu@example.com"),
        [PAY_UP],
        "still failing, access gone"
    );
    assert_eq!(shop.state("gu@example.com", COURSE), "revoked");
    // The processor gives up and cancels: the payment-failed tag goes too.
    shop.event("subscription.cancelled", &paid, json!({}));
    shop.app.drain();
    assert!(shop.tags_in_kartra("gu@example.com").is_empty());
}

#[test]
fn a_revoke_that_comes_due_while_kartra_is_down_runs_once_it_answers() {
    let shop = Shop::open();
    let club = shop.sell("club", COURSE, json!({}));
    let paid = shop.buy(&club, 0, "ha@example.com");
    shop.app.drain();
    shop.event(
        "subscription.cancelled",
        &paid,
        json!({"period_end": shop.app.now() + DAY}),
    );
    shop.kartra.set_mode(Mode::Http503);
    shop.app.advance(DAY);
    shop.app.drain();
    assert_eq!(shop.tags_in_kartra("ha@example.com"), [COURSE]);
    assert_eq!(shop.state("ha@example.com", COURSE), "scheduled_revoke");
    shop.kartra.set_mode(Mode::Up);
    shop.app.advance(3600); // longer than any backoff
    shop.app.drain();
    assert!(shop.tags_in_kartra("ha@example.com").is_empty());
    assert_eq!(shop.state("ha@example.com", COURSE), "revoked");
}

#[test]
fn the_lead_is_read_back_after_a_grant_and_the_daily_audit_finds_a_tag_removed_by_hand() {
    let shop = Shop::open();
    let club = shop.sell("club", COURSE, json!({}));
    let paid = shop.buy(&club, 0, "io@example.com");
    shop.app.drain();
    let access = shop.entitlement("io@example.com", COURSE);
    assert_eq!(
        (access["state"].as_str(), &access["in_kartra"]),
        (Some("granted"), &Value::Null)
    );
    shop.app.advance(15);
    shop.app.drain();
    let access = shop.entitlement("io@example.com", COURSE);
    assert_eq!(access["in_kartra"], true, "read back after the grant");
    assert_eq!(
        access["verified_at"],
        tagcart::clock::rfc3339(shop.app.now())
    );

    shop.kartra.remove_lead_tag("io@example.com", COURSE);
    shop.app.advance(DAY);
    shop.app.drain();
    let access = shop.entitlement("io@example.com", COURSE);
    assert_eq!(
        (access["in_kartra"].as_bool(), access["drifted"].as_bool()),
        (Some(false), Some(true))
    );
    assert!(
        shop.tags_in_kartra("io@example.com").is_empty(),
        "nothing re-applied without asking"
    );

    // The admin re-applies (replaying the order's grant does the same).
    let res = shop.call(
        "POST",
        &format!("/orders/{}/replay", shop.order_id(&paid)),
        None,
    );
    assert_eq!(res.status, 200, "{}", res.body);
    shop.app.drain();
    assert_eq!(shop.tags_in_kartra("io@example.com"), [COURSE]);
    shop.app.advance(15);
    shop.app.drain();
    let access = shop.entitlement("io@example.com", COURSE);
    assert_eq!(
        (access["in_kartra"].as_bool(), access["drifted"].as_bool()),
        (Some(true), Some(false))
    );
}

#[test]
fn with_auto_reapply_the_audit_puts_a_removed_tag_back_and_takes_a_revoked_one_off() {
    let shop = Shop::open();
    tagcart::settings::set_auto_reapply(&shop.app.pool.get().unwrap(), true).unwrap();
    let club = shop.sell("club", COURSE, json!({}));
    let kept = shop.buy(&club, 0, "jo@example.com");
    let ended = shop.buy(&club, 0, "ka@example.com");
    shop.event("subscription.cancelled", &ended, json!({}));
    shop.app.drain();
    shop.app.advance(15);
    shop.app.drain();
    shop.kartra.remove_lead_tag("jo@example.com", COURSE);
    shop.kartra.add_lead_tag("ka@example.com", COURSE);
    shop.app.advance(DAY);
    shop.app.drain();
    assert_eq!(
        shop.tags_in_kartra("jo@example.com"),
        [COURSE],
        "re-applied"
    );
    let _ = kept;
    // A revoked tag is read back once after its revoke, not daily; ask for it now.
    let res = shop.call("GET", "/access?email=ka@example.com&verify=1", None);
    assert_eq!(res.status, 200, "{}", res.body);
    shop.app.drain();
    assert!(
        shop.tags_in_kartra("ka@example.com").is_empty(),
        "taken off again"
    );
    assert_eq!(shop.state("ka@example.com", COURSE), "revoked");
}

#[test]
fn the_access_api_reads_back_on_request_and_refuses_bad_queries() {
    let shop = Shop::open();
    let club = shop.sell("club", COURSE, json!({}));
    shop.buy(&club, 0, "lu@example.com");
    shop.app.drain();
    let calls = shop.kartra.calls().len();
    let res = shop.call("GET", "/access?email=LU@example.com&verify=1", None);
    assert_eq!(res.status, 200, "{}", res.body);
    let got = res.json();
    assert_eq!(got[0]["in_kartra"], true);
    assert_eq!(got[0]["orders"].as_array().unwrap().len(), 1);
    let lookups: Vec<_> = shop.kartra.calls()[calls..]
        .iter()
        .map(|c| c.pairs.iter().any(|(k, _)| k == "get_lead[email]"))
        .collect();
    assert_eq!(lookups, [true], "one get_lead");
    assert_eq!(shop.access("nobody@example.com"), Vec::<Value>::new());
    for bad in [
        "/access",
        "/access?email=not-an-email",
        "/access?email=a@b.co&verify=maybe",
        "/access?email=a@b.co&x=1",
    ] {
        let res = shop.call("GET", bad, None);
        assert!(
            res.status == 400 || res.status == 422,
            "{bad}: {} {}",
            res.status,
            res.body
        );
    }
    shop.kartra.set_mode(Mode::Http503);
    let res = shop.call("GET", "/access?email=lu@example.com&verify=1", None);
    assert_eq!(res.status, 502, "{}", res.body);
    assert_eq!(res.json()["error"]["code"], "kartra_unavailable");
}

pub(crate) mod views;
