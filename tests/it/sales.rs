//! The sales dashboard as an admin reads it: the Overview's figures for a hand-computed day of
//! sales, the presets and the range picker, a refused range named, an empty range, and a page's
//! own Sales tab. The app runs on a test clock, so "today" holds still however long this takes.

use crate::coupons::{one_time, Shop};
use crate::harness::{raw_get_with, Browser, PASSWORD};
use serde_json::{json, Value};
use time::{Date, Duration, OffsetDateTime};

/// A browser's request headers, so the page views count.
const FIREFOX: &[(&str, &str)] = &[(
    "User-Agent",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
)];

fn today(shop: &Shop) -> Date {
    OffsetDateTime::from_unix_timestamp(shop.app.now())
        .unwrap()
        .date()
}

/// A buyer pays for the page's first price with the test gateway, or only starts to.
fn checkout(shop: &Shop, slug: &str, product: &Value, email: &str, pay: bool) {
    let res = shop.checkout(slug, product, email, "");
    assert_eq!(res.status, 303, "{}", res.body);
    if pay {
        let payment_page = res.header("location").unwrap().to_string();
        let res = Browser::new(&shop.app.base).post(&payment_page, &[("action", "complete")]);
        assert_eq!(res.status, 303, "{}", res.body);
    }
}

/// The text of the row headed `label` in the funnel, its cells joined by `|`.
pub fn funnel_row(body: &str, label: &str) -> String {
    let start = body
        .find(&format!(r#"<th scope="row">{label}</th>"#))
        .unwrap_or_else(|| panic!("no funnel row {label}: {body}"));
    let row = &body[start..start + body[start..].find("</tr>").unwrap()];
    let cells: Vec<&str> = (row.split("<td").skip(1))
        .map(|cell| {
            let text = &cell[cell.find('>').unwrap() + 1..cell.find("</td>").unwrap()];
            if text.starts_with("<svg") {
                "bar"
            } else {
                text
            }
        })
        .collect();
    cells.join("|")
}

/// On `club` two USD 49.00 purchases, one refunded 10.00; on `kurs` a EUR 20.00 purchase and
/// a checkout never paid.
#[test]
fn the_overview_adds_up_a_day_of_sales_and_each_page_has_its_own_tab() {
    let shop = Shop::open(&[]);
    let club = shop.sell("club", "test", one_time(4900));
    let kurs = shop.sell(
        "kurs",
        "test",
        json!([{"kind": "one_time", "currency": "EUR", "amount": 2000}]),
    );
    checkout(&shop, "club", &club, "ada@example.com", true);
    checkout(&shop, "club", &club, "alan@example.com", true);
    checkout(&shop, "kurs", &kurs, "grace@example.com", true);
    checkout(&shop, "kurs", &kurs, "edsger@example.com", false);
    let ada = &shop.orders("ada@example.com")[0];
    let refund = json!({"amount": 1000, "reason": "a chapter was missing"});
    let res = shop.call(
        "POST",
        &format!("/orders/{}/refund", ada["id"]),
        Some(refund),
    );
    assert_eq!(res.status, 202, "{}", res.body);
    shop.app.drain();

    let admin = shop.app.admin();
    let today = today(&shop);
    let overview = admin.get("/admin");
    assert_eq!(overview.status, 200, "{}", overview.body);
    let body = &overview.body;
    // The last 30 days by default, its preset marked as the one shown.
    let month_ago = today - Duration::days(29);
    let preset = format!(
        r#"<a href="/admin?from={month_ago}&amp;to={today}" aria-current="true">30 days</a>"#
    );
    assert!(body.contains(&preset), "{preset}: {body}");
    for figure in [
        "<strong>$88.00</strong><span>net revenue, USD</span><small>$98.00 in · $10.00 refunded</small>",
        "<strong>€20.00</strong><span>net revenue, EUR</span>",
        "<strong>3</strong><span>orders paid</span><small>4 placed · 0 refunded · 0 failed</small>",
        "<figcaption>Revenue in USD by day</figcaption>",
        "<figcaption>Revenue in EUR by day</figcaption>",
        "<dt>Order bump</dt><dd>not offered yet</dd>",
    ] {
        assert!(body.contains(figure), "{figure}: {body}");
    }
    // Today's bar and its row in the table beside it (the table is what screen readers read).
    assert!(body.contains("<title>"), "{body}");
    let day = format!("{} {}", today.day(), &today.month().to_string()[..3]);
    let row = format!(r#"<tr><th scope="row">{day}</th><td>$98.00</td><td>2</td></tr>"#);
    assert!(body.contains(&row), "{row}: {body}");
    assert_eq!(funnel_row(body, "Checkouts started"), "bar|4|–");
    assert_eq!(funnel_row(body, "Paid"), "bar|3|75%");
    assert_eq!(funnel_row(body, "Access granted"), "bar|3|100%");
    let pages = shop.call("GET", "/pages", None).json();
    let kurs_page = (pages.as_array().unwrap().iter())
        .find(|p| p["slug"] == "kurs")
        .unwrap()["id"]
        .clone();
    let tab = format!("/admin/pages/{kurs_page}/sales");
    assert!(
        body.contains(&format!(r#"<a href="{tab}">kurs</a>"#)),
        "{body}"
    );

    // A range of one day, typed.
    let one_day = admin.get(&format!("/admin?from={today}&to={today}"));
    assert!(
        one_day.body.contains(r#"aria-current="true">Today</a>"#),
        "{}",
        one_day.body
    );
    assert!(one_day.body.contains("<strong>$88.00</strong>"));

    // A range that does not parse is named, shown as typed, and the last 30 days shown instead.
    let refused = admin.get("/admin?from=2026-02-30&to=");
    assert_eq!(refused.status, 200);
    for text in [
        "“From” must be a date (2026-11-24).",
        "Showing the last 30 days instead.",
        r#"value="2026-02-30""#,
        "<strong>$88.00</strong>",
    ] {
        assert!(refused.body.contains(text), "{text}: {}", refused.body);
    }
    assert!(
        !refused.body.contains(r#"aria-current="true""#),
        "no preset is the one shown"
    );
    let backwards = admin.get(&format!("/admin?from={today}&to={month_ago}"));
    assert!(
        backwards
            .body
            .contains("“From” must not be after the end of the range."),
        "{}",
        backwards.body
    );

    // The page's own tab: only its currency and its orders.
    let page = admin.get(&tab);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(r#"aria-current="page">Sales</a>"#));
    assert!(
        page.body.contains("<strong>€20.00</strong>"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("USD"), "{}", page.body);
    assert_eq!(funnel_row(&page.body, "Checkouts started"), "bar|2|–");
    assert_eq!(funnel_row(&page.body, "Paid"), "bar|1|50%");
    assert!(
        page.body.contains(&format!(r#"action="{tab}""#)),
        "the range stays on the tab"
    );
    assert_eq!(admin.get("/admin/pages/999/sales").status, 404);
    assert_eq!(admin.get("/admin/pages/x/sales").status, 404);

    // Two days on (signed in again, the session having ended), yesterday alone had nothing.
    shop.app.advance(2 * 86_400);
    let admin = Browser::new(&shop.app.base);
    assert_eq!(admin.sign_in("admin@example.com", PASSWORD).status, 303);
    let yesterday = today + Duration::days(1);
    let quiet = admin.get(&format!("/admin?from={yesterday}&to={yesterday}"));
    assert!(
        quiet
            .body
            .contains("Nothing sold and no page views in these days."),
        "{}",
        quiet.body
    );
    // Signed out, the figures are not shown.
    let res = Browser::new(&shop.app.base).get(&tab);
    assert_eq!(res.status, 303, "{}", res.body);
}

/// Four weeks of a launch on the test clock: a course whose sales peak mid-launch, a monthly
/// club, a German course in EUR, checkouts left unpaid and a refund. Answers the shop and the
/// pages to look at.
fn a_launch() -> (Shop, Vec<(String, String)>) {
    let shop = Shop::open(&[]);
    let launch = shop.sell("launch", "test", one_time(19700));
    let club = shop.sell("club", "test", crate::coupons::monthly(2900));
    let kurs = shop.sell(
        "kurs",
        "test",
        json!([{"kind": "one_time", "currency": "EUR", "amount": 4900}]),
    );
    const LAUNCH: [usize; 28] = [
        1, 0, 2, 1, 3, 2, 1, 0, 1, 2, 4, 9, 14, 8, 5, 3, 2, 2, 1, 3, 2, 1, 2, 1, 0, 2, 1, 3,
    ];
    let mut buyer = 0;
    let mut email = || {
        buyer += 1;
        format!("buyer{buyer}@example.com")
    };
    for (day, sold) in LAUNCH.iter().enumerate() {
        for _ in 0..*sold {
            checkout(&shop, "launch", &launch, &email(), true);
        }
        checkout(&shop, "launch", &launch, &email(), false);
        if day % 3 == 0 {
            checkout(&shop, "club", &club, &email(), true);
        }
        if day % 4 == 1 {
            checkout(&shop, "kurs", &kurs, &email(), true);
            checkout(&shop, "kurs", &kurs, &email(), false);
        }
        // Views: about seven a sale on the launch, fewer on the others.
        for (slug, views) in [("launch", 7 * sold + 5), ("club", 3), ("kurs", 4)] {
            for _ in 0..views {
                let answer = raw_get_with(&shop.app.base, &format!("/p/{slug}"), FIREFOX);
                assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
            }
        }
        shop.app.scheduler.run_once(shop.app.now());
        shop.app.advance(86_400);
    }
    // The grants all run now, not day by day: each day on the clock would also read every
    // buyer's lead back from Kartra, at its 18 calls a second.
    shop.app.drain();
    let first = &shop.orders("buyer1@example.com")[0];
    let refund = json!({"reason": "bought twice"});
    let res = shop.call(
        "POST",
        &format!("/orders/{}/refund", first["id"]),
        Some(refund),
    );
    assert_eq!(res.status, 202, "{}", res.body);
    shop.app.drain();
    shop.app.admin();
    let pages = shop.call("GET", "/pages", None).json();
    let launch_page = (pages.as_array().unwrap().iter())
        .find(|p| p["slug"] == "launch")
        .unwrap()["id"]
        .clone();
    let today = today(&shop);
    let to_look_at = vec![
        ("sales-overview".to_string(), "/admin".to_string()),
        (
            "sales-page".to_string(),
            format!(
                "/admin/pages/{launch_page}/sales?from={}&to={today}",
                today - Duration::days(89)
            ),
        ),
    ];
    (shop, to_look_at)
}

fn look_at_a_launch(out: &std::path::Path) {
    crate::browser::require_tools();
    let (shop, pages) = a_launch();
    let out = out.to_str().expect("a UTF-8 path");
    let pairs: Vec<String> = (pages.iter())
        .map(|(name, path)| format!("{name}={path}"))
        .collect();
    let mut args = vec![shop.app.base.as_str(), "admin@example.com", PASSWORD, out];
    args.extend(pairs.iter().map(String::as_str));
    let run = crate::browser::node("dashboard.mjs", &args, std::time::Duration::from_secs(150));
    let s = &run.summary;
    assert_eq!(
        (s["ok"].as_bool(), s["problems"].as_i64()),
        (Some(true), Some(0)),
        "{s}\n{}",
        run.stderr
    );
}

/// The dashboard over four weeks of sales at a phone's and a desktop's size: no sideways
/// scroll, console error or CSP violation; the PNGs stay in `target/tmp/sales/` to look at.
#[test]
fn the_sales_dashboard_fits_phones_and_desktops() {
    look_at_a_launch(&std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("sales"));
}

/// The launch's 35 checkouts left unpaid list as stuck on the Overview, the oldest ten of them,
/// with a link to all: they must not push the figures off the screen.
#[test]
fn a_launchs_abandoned_checkouts_do_not_bury_the_overview() {
    let (shop, _) = a_launch();
    let admin = Browser::new(&shop.app.base);
    assert_eq!(admin.sign_in("admin@example.com", PASSWORD).status, 303);
    let body = admin.get("/admin").body;
    let stuck = &body[body.find("Orders stuck pending").expect(&body)
        ..body.find(r#"<section class="sales""#).unwrap()];
    assert_eq!(
        stuck.matches(r#"<li><a href="/admin/orders/"#).count(),
        10,
        "{stuck}"
    );
    assert!(
        stuck.contains(r#"<a href="/admin/orders?status=pending">All pending orders</a> (the oldest 10 of 35 are shown here)."#),
        "{stuck}"
    );
}

/// Regenerates the README's screenshots of the sales dashboard:
/// `cargo test --test it sales::screenshots_of_the_sales_dashboard -- --ignored`.
#[test]
#[ignore = "writes examples/screenshots/sales-{overview,page}-*.png; run it by name to refresh them"]
fn screenshots_of_the_sales_dashboard() {
    look_at_a_launch(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/screenshots"),
    );
}
