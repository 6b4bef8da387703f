//! The dashboard's access views, in the API's words: the order page's Access section and
//! diagnostics, the buyer's access view, "Re-apply" from Needs attention, and the setting that
//! re-applies by itself.

use super::*;
use crate::harness::csrf_of;
use tagcart::clock::display;

/// The `<section>` of `html` whose tag carries `marker` (e.g. `id="access"`).
fn section<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {html}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |i| start + i);
    &html[start..end]
}

fn assert_shows(html: &str, texts: &[&str]) {
    for text in texts {
        assert!(html.contains(text), "expected {text:?} in {html}");
    }
}

/// The form actions in `html` that start with `prefix`.
fn actions<'a>(html: &'a str, prefix: &str) -> Vec<&'a str> {
    let marker = format!("action=\"{prefix}");
    html.match_indices(&marker)
        .map(|(i, _)| {
            let rest = &html[i + "action=\"".len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

impl Shop {
    /// The buyer's grant done and read back: Kartra confirmed the tag is on the lead.
    fn granted_and_read_back(&self, sold: &Sold, email: &str) -> String {
        let paid = self.buy(sold, 0, email);
        self.app.drain();
        self.app.advance(15);
        self.app.drain();
        assert_eq!(self.entitlement(email, COURSE)["in_kartra"], true);
        paid
    }

    /// Someone removes the tag in Kartra and the daily audit finds it missing.
    fn drift(&self, emails: &[&str]) {
        for email in emails {
            self.kartra.remove_lead_tag(email, COURSE);
        }
        self.app.advance(DAY);
        self.app.drain();
        for email in emails {
            assert_eq!(self.entitlement(email, COURSE)["drifted"], true);
        }
    }

    fn jobs_of(&self, payment_ref: &str) -> Vec<(String, String)> {
        let order = self
            .call(
                "GET",
                &format!("/orders/{}", self.order_id(payment_ref)),
                None,
            )
            .json();
        let jobs = order["fulfillment"].as_array().unwrap().iter();
        jobs.map(|j| {
            (
                j["action"].as_str().unwrap().into(),
                j["state"].as_str().unwrap().into(),
            )
        })
        .collect()
    }
}

#[test]
fn the_order_page_shows_the_access_the_order_gives_and_when_it_ends() {
    let shop = Shop::open();
    let club = shop.sell("club", COURSE, json!({}));
    let paid = shop.granted_and_read_back(&club, "ann+vip@example.com");
    let period_end = shop.app.now() + 20 * DAY;
    shop.event(
        "subscription.cancelled",
        &paid,
        json!({"period_end": period_end}),
    );
    shop.app.drain();

    let admin = shop.app.admin();
    let page = admin.get(&format!("/admin/orders/{}", shop.order_id(&paid)));
    assert_eq!(page.status, 200, "{}", page.body);
    let access = section(&page.body, "id=\"access\"");
    assert_shows(
        access,
        &[
            COURSE,
            "title=\"scheduled_revoke\">Scheduled revoke<",
            &format!("access ends {}", display(period_end)),
            "in Kartra: yes (checked at ",
            "no other order",
            "href=\"/admin/buyers/ann%2Bvip%40example.com\"",
        ],
    );
    assert!(!access.contains("Kartra disagrees"), "{access}");
    assert_shows(
        &page.body,
        &[&format!("scheduled for {}", display(period_end))],
    );
}

#[test]
fn the_buyers_access_view_lists_orders_and_entitlements_in_the_apis_words() {
    let shop = Shop::open();
    let course = shop.sell(
        "course",
        COURSE,
        json!({"prices": [
        {"kind": "one_time", "currency": "USD", "amount": 4900},
        {"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month"}]}),
    );
    let vip = shop.sell("vip", "vip", json!({}));
    let once = shop.buy(&course, 0, "ann@example.com");
    let monthly = shop.buy(&course, 1, "ann@example.com");
    let club = shop.buy(&vip, 0, "ann@example.com");
    shop.app.drain();
    shop.event("payment.refunded", &once, json!({}));
    let ends = shop.app.now() + 9 * DAY;
    shop.event("subscription.cancelled", &club, json!({"period_end": ends}));
    shop.app.drain();
    shop.app.advance(15);
    shop.app.drain();

    let admin = shop.app.admin();
    let page = admin.get("/admin/buyers/ANN%40example.com");
    assert_eq!(page.status, 200, "{}", page.body);
    let (once_id, monthly_id) = (shop.order_id(&once), shop.order_id(&monthly));
    assert_shows(
        &page.body,
        &[
            &format!("href=\"/admin/orders/{once_id}\""),
            &format!("href=\"/admin/orders/{monthly_id}\""),
            "$49.00",
            "refunded",
            "no access",
            &format!("access until {}", display(ends)),
            "Scheduled revoke",
            "Read back from Kartra now",
        ],
    );
    // Each entitlement as the API shows it: its state, its orders, what Kartra said.
    let access = section(&page.body, "id=\"access\"");
    for e in shop.access("ann@example.com") {
        let state = e["state"].as_str().unwrap();
        assert!(
            access.contains(&format!("title=\"{state}\"")),
            "{state}: {access}"
        );
        for order in e["orders"].as_array().unwrap() {
            assert!(
                access.contains(&format!("/admin/orders/{order}\"")),
                "{e}: {access}"
            );
        }
    }
    assert_eq!(
        access.matches("in Kartra: yes (checked at ").count(),
        2,
        "{access}"
    );
    assert_shows(access, &["refunded", "paid"]);
    let jobs = page
        .body
        .split("Kartra jobs still to run")
        .nth(1)
        .expect("the jobs panel");
    assert_shows(
        jobs,
        &["revoke", &format!("scheduled for {}", display(ends))],
    );

    let stranger = admin.get("/admin/buyers/nobody%40example.com");
    assert_eq!(stranger.status, 200);
    assert_shows(&stranger.body, &["No orders for this email."]);

    // Reading back on demand: one get_lead, and back to the page.
    let read_back = "/admin/buyers/ann%40example.com/read-back";
    assert_eq!(admin.post(read_back, &[]).status, 403, "no CSRF token");
    let calls = shop.kartra.calls().len();
    let res = admin.post(read_back, &[("csrf", &csrf_of(&page.body))]);
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(
        res.header("location"),
        Some("/admin/buyers/ann%40example.com")
    );
    assert_eq!(shop.kartra.calls().len(), calls + 1, "one get_lead");
}

#[test]
fn re_apply_from_needs_attention_queues_the_grant_again_and_needs_the_csrf_token() {
    let shop = Shop::open();
    let club = shop.sell("club", COURSE, json!({}));
    let ann = shop.granted_and_read_back(&club, "ann@example.com");
    let bo = shop.granted_and_read_back(&club, "bo@example.com");
    shop.drift(&["ann@example.com", "bo@example.com"]);

    let admin = shop.app.admin();
    let page = admin.get("/admin/attention");
    let drift = section(&page.body, "id=\"drift\"");
    assert_shows(
        drift,
        &[
            "Kartra disagrees about these tags",
            "href=\"/admin/buyers/ann%40example.com\"",
            "the lead does not carry the tag",
            "checked at ",
            "Re-apply all",
        ],
    );
    let buttons = actions(drift, "/admin/access/");
    assert_eq!(buttons.len(), 3, "one each, and all: {buttons:?}");
    let ann_button = buttons[1];

    let refused = admin.post(ann_button, &[("back", "attention")]);
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(shop.jobs_of(&ann), [("grant".into(), "done".into())]);

    let csrf = csrf_of(&page.body);
    let res = admin.post(ann_button, &[("csrf", &csrf), ("back", "attention")]);
    assert_eq!(
        (res.status, res.header("location")),
        (303, Some("/admin/attention"))
    );
    let queued = [
        ("grant".into(), "done".into()),
        ("grant".into(), "pending".into()),
    ];
    assert_eq!(shop.jobs_of(&ann), queued);
    assert_eq!(shop.state("ann@example.com", COURSE), "pending");
    let again = admin.post(ann_button, &[("csrf", &csrf), ("back", "attention")]);
    assert_eq!(again.status, 303);
    assert_eq!(shop.jobs_of(&ann).len(), 2, "a second click queues nothing");

    let all = admin.post("/admin/access/reapply-all", &[("csrf", &csrf)]);
    assert_eq!(all.status, 303, "{}", all.body);
    assert_eq!(shop.jobs_of(&bo), queued);
    shop.app.drain();
    assert_eq!(shop.tags_in_kartra("ann@example.com"), [COURSE]);
    assert_eq!(shop.tags_in_kartra("bo@example.com"), [COURSE]);
    shop.app.advance(15);
    shop.app.drain();
    let page = admin.get("/admin/attention");
    assert!(!page.body.contains("Kartra disagrees"), "{}", page.body);
}

#[test]
fn diagnostics_read_the_lead_back_and_break_on_a_tag_kartra_lost() {
    let shop = Shop::open();
    let club = shop.sell("club", COURSE, json!({}));
    let paid = shop.granted_and_read_back(&club, "cy@example.com");
    let order = format!("/admin/orders/{}", shop.order_id(&paid));
    shop.kartra.remove_lead_tag("cy@example.com", COURSE);
    let admin = shop.app.admin();

    let page = admin.get(&format!("{order}?diagnose=1"));
    assert_eq!(page.status, 200, "{}", page.body);
    let check = page
        .body
        .split("<li class=\"bad\">")
        .find(|c| c.contains("The lead carries the tag &quot;course&quot; in Kartra"))
        .unwrap_or_else(|| panic!("a broken access check in {}", page.body));
    assert_shows(
        check,
        &["no (checked at ", "Needs attention", "automations"],
    );
    assert_eq!(
        shop.entitlement("cy@example.com", COURSE)["drifted"],
        true,
        "recorded"
    );

    shop.kartra.set_mode(Mode::Http503);
    let page = admin.get(&format!("{order}?diagnose=1"));
    let check = page
        .body
        .split("<li class=\"warn\">")
        .find(|c| c.contains("The lead carries the tag"))
        .unwrap_or_else(|| panic!("a warning access check in {}", page.body));
    assert_shows(check, &["could not be read back", "Last read back: no"]);
}

#[test]
fn the_auto_reapply_setting_saves_from_the_kartra_settings_page() {
    let shop = Shop::open();
    let admin = shop.app.admin();
    let page = admin.get("/admin/settings/kartra");
    assert_shows(
        &page.body,
        &[
            "Re-apply automatically when Kartra disagrees",
            "paced under the rate limit",
        ],
    );
    let on = || tagcart::settings::auto_reapply(&shop.app.pool.get().unwrap()).unwrap();
    let action = "/admin/settings/kartra/auto-reapply";
    assert_eq!(admin.post(action, &[("auto_reapply", "on")]).status, 403);
    assert!(!on(), "off until saved");

    let res = admin.submit("/admin/settings/kartra", action, &[("auto_reapply", "on")]);
    assert_eq!(res.status, 303, "{}", res.body);
    assert!(on());
    let page = admin.get("/admin/settings/kartra");
    assert_shows(&page.body, &["name=\"auto_reapply\" value=\"on\" checked"]);

    let res = admin.submit("/admin/settings/kartra", action, &[]);
    assert_eq!(res.status, 303, "{}", res.body);
    assert!(!on());
}

/// Buyers with every kind of access to show, for the browser test's screenshots: the app (its
/// admin signed in once, admin@example.com), the fake Kartra it talks to, and (name, path) of
/// each dashboard page about access.
pub(crate) fn pages_to_show() -> (TestApp, FakeKartra, Vec<(&'static str, String)>) {
    let shop = Shop::open();
    let club = shop.sell("club", COURSE, json!({}));
    let course = shop.sell(
        "vip-course",
        "vip",
        json!({"prices": [{"kind": "one_time", "currency": "USD", "amount": 29700}]}),
    );
    let ann = "ann.lee@example.com";
    let cancelled = shop.granted_and_read_back(&club, ann);
    shop.buy(&course, 0, ann);
    let refunded = shop.buy(&course, 0, ann);
    shop.event("payment.refunded", &refunded, json!({}));
    shop.event(
        "subscription.cancelled",
        &cancelled,
        json!({"period_end": shop.app.now() + 12 * DAY}),
    );
    shop.app.drain();
    // A long address, to see that it wraps on a phone.
    let long = "bartholomew.featherstonehaugh-longname@example-company.co.uk";
    let drifted = shop.granted_and_read_back(&club, long);
    shop.drift(&[long]);
    drop(shop.app.admin());
    let pages = vec![
        (
            "order",
            format!("/admin/orders/{}", shop.order_id(&cancelled)),
        ),
        (
            "order-diagnostics",
            format!("/admin/orders/{}?diagnose=1", shop.order_id(&drifted)),
        ),
        ("buyer", buyer_path(ann)),
        ("buyer-drifted", buyer_path(long)),
        ("attention", "/admin/attention".into()),
        ("settings-kartra", "/admin/settings/kartra".into()),
        ("orders", "/admin/orders".into()),
    ];
    let Shop { app, kartra, .. } = shop;
    (app, kartra, pages)
}

fn buyer_path(email: &str) -> String {
    let segment: String = url::form_urlencoded::byte_serialize(email.as_bytes()).collect();
    format!("/admin/buyers/{segment}")
}
