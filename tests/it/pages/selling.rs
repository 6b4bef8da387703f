//! What a page sells and where it lives: price options, slugs and custom domains.

use super::*;

#[test]
fn price_ids_must_belong_to_the_pages_product() {
    let site = Site::start();
    let mut other: Value = serde_json::from_str(COURSE).unwrap();
    other["name"] = json!("Another Course");
    let other = create_product(&site.server, &site.token, &other.to_string());
    let mine = &site.product["prices"][1]["id"];
    let page = site.create(&site.page("pro", json!({"price_ids": [mine]})));
    assert_eq!(page["price_ids"], json!([mine]), "{page}");

    let foreign = site.api(
        "POST",
        "/pages",
        Some(&site.page("other", json!({"price_ids": [other["prices"][0]["id"]]}))),
    );
    assert_invalid(&foreign, "price_ids", "another product's price");
    let unknown = site.api(
        "PUT",
        &format!("/pages/{}", page["id"]),
        Some(&site.page("pro", json!({"price_ids": [999_999]}))),
    );
    assert_invalid(&unknown, "price_ids", "an unknown price");
    assert_eq!(site.page_count(), 1);
    assert_eq!(site.show(&page["id"])["price_ids"], json!([mine]));
}

#[test]
fn price_ids_limit_the_options_a_buyer_sees_and_can_buy() {
    let shop = Shop::open();
    let pages = api(&shop.server.base, "GET", "/pages", Some(&shop.token), None).json();
    let id = &pages[0]["id"];
    let (shown, hidden) = (shop.price_id(1), shop.price_id(0));
    let body = |price_ids: Value, published: Option<bool>| {
        let mut body = json!({"title": "Pro", "slug": "pro", "product_id": shop.product["id"],
            "gateways": ["test"], "price_ids": price_ids});
        if let Some(published) = published {
            body["published"] = json!(published);
        }
        body.to_string()
    };
    let put = |body: String| {
        let res = api(
            &shop.server.base,
            "PUT",
            &format!("/pages/{id}"),
            Some(&shop.token),
            Some(&body),
        );
        assert_eq!(res.status, 200, "{}", res.body);
    };
    put(body(json!([shown.parse::<i64>().unwrap()]), Some(true)));

    let page = Browser::new(&shop.server.base).get("/p/pro");
    assert!(
        page.body
            .contains(&format!("name=\"price_id\" value=\"{shown}\""))
            && !page
                .body
                .contains(&format!("name=\"price_id\" value=\"{hidden}\"")),
        "only price {shown} is offered: {}",
        page.body
    );
    let refused = shop.submit("hidden@example.com", &[("price_id", &hidden)]);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(shop.orders("hidden@example.com").is_empty(), "no order");

    // A draft that offers every price changes nothing until it is published.
    put(body(json!([]), None));
    let still = shop.submit("draft@example.com", &[("price_id", &hidden)]);
    assert_eq!(
        still.status, 422,
        "the live page still hides it: {}",
        still.body
    );
    assert!(shop.orders("draft@example.com").is_empty());

    let shown_ok = shop.submit("shown@example.com", &[("price_id", &shown)]);
    assert_eq!(shown_ok.status, 303, "{}", shown_ok.body);
    assert_eq!(shop.orders("shown@example.com").len(), 1);
}

#[test]
fn slugs_must_be_well_formed_unreserved_and_unique() {
    let site = Site::start();
    let too_long = "a".repeat(61);
    for slug in [
        "Pro",
        "pro course",
        "pro_course",
        "-pro",
        "pro-",
        "pro--course",
        "../pro",
        too_long.as_str(),
        "admin",
        "api",
        "assets",
        "p",
        "pay",
        "webhooks",
        "",
    ] {
        let res = site.api("POST", "/pages", Some(&site.page(slug, json!({}))));
        assert_invalid(&res, "slug", &format!("slug {slug:?}"));
    }
    assert_eq!(site.page_count(), 0);
    let sixty = "a".repeat(60);
    site.create(&site.page(&sixty, json!({})));
    let pro = site.create(&site.page("pro-course-2", json!({})));
    let dup = site.api(
        "POST",
        "/pages",
        Some(&site.page("pro-course-2", json!({}))),
    );
    assert_eq!(
        (dup.status, dup.error_code().as_str()),
        (409, "slug_taken"),
        "{}",
        dup.body
    );
    let renamed = site.api(
        "PUT",
        &format!("/pages/{}", pro["id"]),
        Some(&site.page(&sixty, json!({}))),
    );
    assert_eq!(
        (renamed.status, renamed.error_code().as_str()),
        (409, "slug_taken"),
        "{}",
        renamed.body
    );
    assert_eq!(site.show(&pro["id"])["slug"], "pro-course-2");

    let bad_product = site.api(
        "POST",
        "/pages",
        Some(&json!({"title": "T", "slug": "other", "product_id": 999})),
    );
    assert_invalid(&bad_product, "product_id", "an unknown product");
    let bad_gateway = site.api(
        "POST",
        "/pages",
        Some(&site.page("other", json!({"gateways": ["bitcoin"]}))),
    );
    assert_invalid(&bad_gateway, "gateways", "an unknown gateway");
    let bad_template = site.api(
        "POST",
        "/pages",
        Some(&site.page("other", json!({"template": "fancy"}))),
    );
    assert_invalid(&bad_template, "template", "an unknown template");
    assert_eq!(site.page_count(), 2);
}

#[test]
fn a_page_with_a_custom_domain_is_served_at_that_domains_root() {
    let site = Site::start();
    let page = site.create(&site.page(
        "domain",
        json!({"title": "Domain page", "custom_domain": "Pay.Example.com", "published": true}),
    ));
    assert_eq!(page["custom_domain"], "pay.example.com", "{page}");
    let served = raw_get(&site.server.base, "/", Some("pay.example.com"));
    assert!(served.starts_with("HTTP/1.1 200"), "{served}");
    assert!(served.contains("Domain page"), "{served}");
    let with_port = raw_get(&site.server.base, "/", Some("pay.example.com:443"));
    assert!(with_port.starts_with("HTTP/1.1 200"), "{with_port}");
    let elsewhere = raw_get(&site.server.base, "/", None);
    assert!(
        elsewhere.starts_with("HTTP/1.1 303") && elsewhere.contains("location: /admin"),
        "an unknown host goes to the dashboard: {elsewhere}"
    );
    let unknown = raw_get(&site.server.base, "/", Some("shop.example.org"));
    assert!(unknown.starts_with("HTTP/1.1 303"), "{unknown}");
}

#[test]
fn an_unpublished_pages_domain_answers_not_found_not_the_dashboard() {
    let site = Site::start();
    let body = site.page(
        "domain",
        json!({"title": "Domain page", "custom_domain": "pay.example.com", "published": true}),
    );
    let page = site.create(&body);
    let mut offline = body.clone();
    offline["published"] = json!(false);
    site.put(&page["id"], &offline);
    let served = raw_get(&site.server.base, "/", Some("pay.example.com"));
    assert!(served.starts_with("HTTP/1.1 404"), "{served}");
    assert!(
        !served.to_ascii_lowercase().contains("location: /admin"),
        "{served}"
    );
}

#[test]
fn custom_domains_are_bare_host_names_used_by_one_page_only() {
    let site = Site::start();
    for domain in [
        "https://pay.example.com",
        "pay.example.com/checkout",
        "pay.example.com:8443",
        "localhost",
        "pay example.com",
    ] {
        let res = site.api(
            "POST",
            "/pages",
            Some(&site.page("bad", json!({"custom_domain": domain}))),
        );
        assert_invalid(&res, "custom_domain", domain);
    }
    let first = site.create(&site.page("first", json!({"custom_domain": "pay.example.com"})));
    let second = site.create(&site.page("second", json!({})));
    let taken = site.api(
        "POST",
        "/pages",
        Some(&site.page("third", json!({"custom_domain": "PAY.example.com"}))),
    );
    assert_eq!(
        (taken.status, taken.error_code().as_str()),
        (409, "custom_domain_taken"),
        "{}",
        taken.body
    );
    let moved = site.api(
        "PUT",
        &format!("/pages/{}", second["id"]),
        Some(&site.page("second", json!({"custom_domain": "pay.example.com"}))),
    );
    assert_eq!(
        (moved.status, moved.error_code().as_str()),
        (409, "custom_domain_taken"),
        "{}",
        moved.body
    );
    assert_eq!(site.page_count(), 2);
    assert!(site.show(&second["id"])["custom_domain"].is_null());
    assert_eq!(site.show(&first["id"])["custom_domain"], "pay.example.com");
}

/// Browsers ask for gzip and get the page compressed (once, when it was rendered); a client that
/// does not ask gets it as it is. Both say the answer varies with `Accept-Encoding`.
#[test]
fn a_page_goes_out_gzipped_to_browsers_that_take_it() {
    let site = Site::start();
    let test = json!({"enabled": true, "webhook_secret": "whsec_tests_0123456789"});
    assert_eq!(site.api("PUT", "/gateways/test", Some(&test)).status, 200);
    site.create(&site.page("zipped", json!({"published": true, "gateways": ["test"]})));
    let split = |raw: &[u8]| {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a head");
        let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
        (head, raw[end + 4..].to_vec())
    };
    let (plain_head, plain) = split(&raw_get_bytes(&site.server.base, "/p/zipped", &[]));
    assert!(plain_head.starts_with("http/1.1 200"), "{plain_head}");
    assert!(
        String::from_utf8_lossy(&plain).contains("name=\"country\""),
        "the whole form"
    );
    assert!(!plain_head.contains("content-encoding"), "{plain_head}");
    let browser = [("Accept-Encoding", "gzip, deflate, br, zstd")];
    for _ in 0..2 {
        // Rendered on the first request, from memory on the second.
        let (head, zipped) = split(&raw_get_bytes(&site.server.base, "/p/zipped", &browser));
        assert!(head.contains("content-encoding: gzip"), "{head}");
        assert!(head.contains("vary: accept-encoding"), "{head}");
        let mut unzipped = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(&zipped[..]),
            &mut unzipped,
        )
        .unwrap();
        assert_eq!(unzipped, plain, "the same page");
        assert!(
            zipped.len() * 3 < plain.len(),
            "{} of {} bytes",
            zipped.len(),
            plain.len()
        );
    }
    let refused = [("Accept-Encoding", "gzip;q=0, identity")];
    let (head, body) = split(&raw_get_bytes(&site.server.base, "/p/zipped", &refused));
    assert!(
        !head.contains("content-encoding") && body == plain,
        "{head}"
    );
    assert!(plain_head.contains("vary: accept-encoding"), "{plain_head}");
}
