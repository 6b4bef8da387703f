//! Page views in the sales funnel: a browser opening a page counts, a bot, a script, a HEAD, a
//! prefetch, the page's own country re-render, a missing page and the admin's preview do not;
//! views are kept in memory until the scheduler's pass writes them, on the day the app's clock
//! says, and a graceful stop writes what the last pass had not.

use crate::coupons::{one_time, Shop};
use crate::harness::{api, raw_get_with, Browser, Server};
use crate::sales::funnel_row;
use serde_json::Value;
use time::OffsetDateTime;

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const GOOGLEBOT: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

/// The status of a GET sent with exactly `headers` (no User-Agent unless given).
fn get(base: &str, path: &str, headers: &[(&str, &str)]) -> u16 {
    let answer = raw_get_with(base, path, headers);
    let status = answer.split(' ').nth(1).unwrap_or_default();
    status.parse().unwrap_or_else(|_| panic!("{answer}"))
}

fn day(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t)
        .unwrap()
        .date()
        .to_string()
}

/// `views` of the page `slug` in the API's stats for `from`..=`to`.
fn views(shop: &Shop, slug: &str, from: &str, to: &str) -> Value {
    let res = shop.call("GET", &format!("/stats?from={from}&to={to}"), None);
    assert_eq!(res.status, 200, "{}", res.body);
    let pages = res.json()["pages"].as_array().unwrap().clone();
    let page = pages.iter().find(|p| p["slug"] == slug);
    page.unwrap_or_else(|| panic!("no {slug} in {pages:?}"))["views"].clone()
}

#[test]
fn a_browsers_views_are_counted_and_bots_heads_and_prefetches_are_not() {
    let shop = Shop::open(&[]);
    shop.sell("club", "test", one_time(4900));
    let quiet = shop.sell("quiet", "test", one_time(900));
    let own = serde_json::json!({"title": "own", "slug": "own", "product_id": quiet["id"],
        "gateways": ["test"], "custom_domain": "pay.example.com", "published": true});
    assert_eq!(shop.call("POST", "/pages", Some(own)).status, 201);
    let base = &shop.app.base;
    let browser = [("User-Agent", FIREFOX)];
    // Three views, the first rendered and the others from the page cache, one of them gzipped.
    assert_eq!(get(base, "/p/club", &browser), 200);
    assert_eq!(get(base, "/p/club", &browser), 200);
    let gzip = [("User-Agent", FIREFOX), ("Accept-Encoding", "gzip")];
    assert_eq!(get(base, "/p/club", &gzip), 200);
    // A page on its own domain, opened at `/`.
    let own_domain = [("User-Agent", FIREFOX), ("Host", "pay.example.com")];
    assert_eq!(get(base, "/", &own_domain), 200);

    // Not views: a crawler, a request without a User-Agent, the test harness's own client
    // (ureq), a HEAD, prefetches, page.js asking for another country's prices, a missing page.
    assert_eq!(get(base, "/p/club", &[("User-Agent", GOOGLEBOT)]), 200);
    assert_eq!(get(base, "/p/club", &[]), 200);
    assert_eq!(Browser::new(base).get("/p/club").status, 200);
    let head = ureq::head(&format!("{base}/p/club"))
        .set("User-Agent", FIREFOX)
        .call()
        .unwrap();
    assert_eq!(head.status(), 200);
    let prefetch = [("User-Agent", FIREFOX), ("Sec-Purpose", "prefetch")];
    assert_eq!(get(base, "/p/club", &prefetch), 200);
    let old_prefetch = [("User-Agent", FIREFOX), ("Purpose", "prefetch")];
    assert_eq!(get(base, "/p/club", &old_prefetch), 200);
    assert_eq!(get(base, "/p/club?country=DE", &browser), 200);
    assert_eq!(get(base, "/p/club?country=", &browser), 200);
    assert_eq!(get(base, "/p/missing", &browser), 404);
    let admin = shop.app.admin();
    let pages = shop.call("GET", "/pages", None).json();
    let club = (pages.as_array().unwrap().iter())
        .find(|p| p["slug"] == "club")
        .unwrap()["id"]
        .clone();
    assert_eq!(
        admin.get(&format!("/admin/pages/{club}/preview")).status,
        200
    );

    let today = day(shop.app.now());
    assert_eq!(
        views(&shop, "club", &today, &today),
        0,
        "counted in memory until the scheduler's pass"
    );
    shop.app.scheduler.run_once(shop.app.now());
    assert_eq!(views(&shop, "club", &today, &today), 3);
    assert_eq!(views(&shop, "quiet", &today, &today), 0);
    assert_eq!(views(&shop, "own", &today, &today), 1);
    let overview = admin.get("/admin");
    assert_eq!(overview.status, 200, "{}", overview.body);
    assert_eq!(
        funnel_row(&overview.body, "Page views"),
        "bar|4|–",
        "every page's together"
    );
    let tab = admin.get(&format!("/admin/pages/{club}/sales"));
    assert_eq!(funnel_row(&tab.body, "Page views"), "bar|3|–");
    let by_page = format!(r#"<a href="/admin/pages/{club}/sales">club</a></th><td>3</td>"#);
    assert!(
        overview.body.contains(&by_page),
        "{by_page}: {}",
        overview.body
    );

    // The next day's view lands on that day; a pass with nothing counted changes nothing.
    shop.app.advance(86_400);
    shop.app.scheduler.run_once(shop.app.now());
    assert_eq!(get(base, "/p/club", &browser), 200);
    shop.app.scheduler.run_once(shop.app.now());
    let tomorrow = day(shop.app.now());
    assert_eq!(views(&shop, "club", &tomorrow, &tomorrow), 1);
    assert_eq!(views(&shop, "club", &today, &tomorrow), 4);
    assert_eq!(views(&shop, "club", &today, &today), 3);
}

/// The real binary, stopped with SIGTERM right after the views: they are written on the way
/// out (if its scheduler thread has not already), and read back after a restart.
#[test]
fn views_counted_before_a_graceful_stop_are_kept() {
    let crate::purchase::Shop { server, token, .. } = crate::purchase::Shop::open();
    for _ in 0..2 {
        assert_eq!(get(&server.base, "/p/pro", &[("User-Agent", FIREFOX)]), 200);
    }
    let (code, dir) = server.terminate();
    assert_eq!(code, Some(0));
    let server = Server::start_in(dir);
    let stats = api(&server.base, "GET", "/stats", Some(&token), None);
    assert_eq!(stats.status, 200, "{}", stats.body);
    assert_eq!(stats.json()["pages"][0]["views"], 2, "{}", stats.body);
}
