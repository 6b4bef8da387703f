//! Checkout pages: the JSON API (sections, templates, drafts and publishing, addresses), what
//! buyers see at `/p/{slug}` and on a custom domain, and the dashboard's page editor.

use crate::harness::{api, csrf_of, raw_get, Browser, Resp, Server};
use crate::products::{create_product, COURSE};
use crate::purchase::Shop;
use serde_json::{json, Value};

/// A server with an API token and one product (`COURSE`) to sell.
struct Site {
    server: Server,
    token: String,
    product: Value,
}

impl Site {
    fn start() -> Site {
        let server = Server::start();
        let token = server.api_token();
        let product = create_product(&server, &token, COURSE);
        Site {
            server,
            token,
            product,
        }
    }

    fn api(&self, method: &str, path: &str, body: Option<&Value>) -> Resp {
        let body = body.map(Value::to_string);
        api(
            &self.server.base,
            method,
            path,
            Some(&self.token),
            body.as_deref(),
        )
    }

    /// A page body selling the product at `/p/{slug}`; `extra`'s fields are added or replace.
    fn page(&self, slug: &str, extra: Value) -> Value {
        let mut body = json!({"title": "Join the Pro Course", "slug": slug,
            "product_id": self.product["id"], "gateways": ["test", "stripe"]});
        for (key, value) in extra.as_object().expect("extra is an object") {
            body[key] = value.clone();
        }
        body
    }

    /// Creates a page through the API and returns the answer.
    fn create(&self, body: &Value) -> Value {
        let res = self.api("POST", "/pages", Some(body));
        assert_eq!(res.status, 201, "{body}: {}", res.body);
        res.json()
    }

    fn put(&self, id: &Value, body: &Value) -> Value {
        let res = self.api("PUT", &format!("/pages/{id}"), Some(body));
        assert_eq!(res.status, 200, "{body}: {}", res.body);
        res.json()
    }

    fn show(&self, id: &Value) -> Value {
        let res = self.api("GET", &format!("/pages/{id}"), None);
        assert_eq!(res.status, 200, "{}", res.body);
        res.json()
    }

    fn page_count(&self) -> usize {
        let res = self.api("GET", "/pages", None);
        assert_eq!(res.status, 200, "{}", res.body);
        res.json().as_array().expect("a list").len()
    }

    /// What an anonymous buyer gets at `path`.
    fn buyer(&self, path: &str) -> Resp {
        Browser::new(&self.server.base).get(path)
    }

    fn enable_test_gateway(&self) {
        let res = self.api("PUT", "/gateways/test", Some(&json!({"enabled": true})));
        assert_eq!(res.status, 200, "{}", res.body);
    }
}

fn checkout_form() -> Value {
    json!({"kind": "checkout_form"})
}

fn headline(text: &str) -> Value {
    json!({"kind": "headline", "text": text})
}

/// The kinds of a page answer's sections, in order.
fn kinds(page: &Value) -> Vec<String> {
    page["sections"]
        .as_array()
        .unwrap_or_else(|| panic!("no sections in {page}"))
        .iter()
        .map(|s| s["kind"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A 422 `validation_failed` answer that names `field`.
fn assert_invalid(res: &Resp, field: &str, what: &str) {
    assert_eq!(res.status, 422, "{what}: {}", res.body);
    assert_eq!(
        res.error_code(),
        "validation_failed",
        "{what}: {}",
        res.body
    );
    assert!(
        res.json()["error"]["fields"][field].is_string(),
        "{what}: expected an error on {field}: {}",
        res.body
    );
}

#[test]
fn templates_are_listed_through_the_api() {
    let site = Site::start();
    let res = site.api("GET", "/templates", None);
    assert_eq!(res.status, 200, "{}", res.body);
    let templates = res.json();
    let ids: Vec<&str> = templates
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {}", res.body))
        .iter()
        .map(|t| t["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["minimal", "long-form", "two-column"], "{}", res.body);
    for t in templates.as_array().unwrap() {
        assert!(
            t["name"].as_str().is_some_and(|s| !s.is_empty())
                && t["description"].as_str().is_some_and(|s| !s.is_empty()),
            "{t}"
        );
    }
    let anonymous = api(&site.server.base, "GET", "/templates", None, None);
    assert_eq!(anonymous.status, 401, "{}", anonymous.body);
}

#[test]
fn a_page_without_sections_starts_with_its_templates_sections() {
    let site = Site::start();
    for (template, sections) in [
        ("minimal", None),
        ("long-form", Some(json!([]))),
        ("two-column", None),
    ] {
        let mut body = site.page(
            template,
            json!({"title": "Rust in a Weekend", "template": template}),
        );
        if let Some(sections) = sections {
            body["sections"] = sections;
        }
        let page = site.create(&body);
        let found = kinds(&page);
        assert_eq!(
            (found[0].as_str(), page["sections"][0]["text"].as_str()),
            ("headline", Some("Rust in a Weekend")),
            "{template}: the first section is a headline with the page title: {page}"
        );
        assert_eq!(
            found.iter().filter(|k| *k == "checkout_form").count(),
            1,
            "{template}: one checkout form: {page}"
        );
        assert_eq!(page["template"], template);
        if template == "long-form" {
            for kind in [
                "text",
                "bullets",
                "testimonial",
                "faq",
                "guarantee",
                "order_summary",
            ] {
                assert!(
                    found.iter().any(|k| k == kind),
                    "long-form has {kind}: {page}"
                );
            }
        }
    }
}

#[test]
fn pages_are_managed_through_the_api_and_only_published_ones_are_public() {
    let site = Site::start();
    let page = site.create(&site.page("pro", json!({"published": false})));
    assert_eq!(
        (
            page["template"].as_str(),
            kinds(&page),
            page["custom_domain"].is_null()
        ),
        (
            Some("minimal"),
            vec![
                "headline".into(),
                "order_summary".into(),
                "checkout_form".into()
            ],
            true
        ),
        "{page}"
    );
    assert_eq!(page["gateways"], json!(["test", "stripe"]), "{page}");
    assert_eq!(
        page["price_ids"],
        json!([]),
        "empty: every price is shown: {page}"
    );
    assert_eq!(
        (
            page["published"].as_bool(),
            page["published_at"].is_null(),
            page["unpublished_changes"].as_bool(),
            page["revision"].is_i64()
        ),
        (Some(false), true, Some(false), true),
        "{page}"
    );
    assert_eq!(site.buyer("/p/pro").status, 404, "a draft is not public");

    let id = &page["id"];
    let published = site.put(id, &site.page("pro", json!({"published": true})));
    assert_eq!(published["published"], true, "{published}");
    let published_at = published["published_at"].as_str().unwrap_or_default();
    assert!(
        published_at.len() >= 20 && published_at.contains('T'),
        "published_at is RFC 3339: {published}"
    );
    assert!(
        published["revision"].as_i64() > page["revision"].as_i64(),
        "a save counts: {published}"
    );
    let closed = site.buyer("/p/pro");
    assert_eq!(closed.status, 200, "{}", closed.body);
    assert!(
        closed.body.contains("not taking payments") && !closed.body.contains("<form"),
        "no enabled gateway, no form: {}",
        closed.body
    );
    let on = site.api("PUT", "/gateways/test", Some(&json!({"enabled": true})));
    assert_eq!(
        (
            on.status,
            on.json()["webhook_url"]
                .as_str()
                .map(|u| u.ends_with("/webhooks/test"))
        ),
        (200, Some(true)),
        "{}",
        on.body
    );
    let public = site.buyer("/p/pro");
    assert_eq!(public.status, 200, "{}", public.body);
    assert!(
        public.body.contains("Pro Course")
            && public.body.contains("$49.00")
            && public.body.contains("¥4,900 every month"),
        "{}",
        public.body
    );
    assert!(
        public.body.contains("action=\"/p/pro/checkout\""),
        "{}",
        public.body
    );
    for field in [
        "email",
        "first_name",
        "last_name",
        "phone",
        "address",
        "city",
        "zip",
        "state",
        "country",
        "price_id",
        "gateway",
    ] {
        assert!(
            public.body.contains(&format!("name=\"{field}\"")),
            "form field {field}: {}",
            public.body
        );
    }
    assert_eq!(site.page_count(), 1);

    let offline = site.put(id, &site.page("pro", json!({"published": false})));
    assert_eq!(
        (
            offline["published"].as_bool(),
            offline["published_at"].is_null()
        ),
        (Some(false), true),
        "{offline}"
    );
    assert_eq!(
        site.buyer("/p/pro").status,
        404,
        "published: false takes it offline"
    );
    assert_eq!(
        site.api("DELETE", &format!("/pages/{id}"), None).status,
        204
    );
    assert_eq!(site.api("GET", &format!("/pages/{id}"), None).status, 404);
    assert_eq!(site.page_count(), 0);
}

#[test]
fn saving_without_published_keeps_a_draft_that_buyers_see_only_once_published() {
    let site = Site::start();
    let live =
        json!({"published": true, "sections": [headline("The old headline"), checkout_form()]});
    let page = site.create(&site.page("pro", live));
    let id = &page["id"];
    assert_eq!(
        (
            page["published"].as_bool(),
            page["unpublished_changes"].as_bool()
        ),
        (Some(true), Some(false)),
        "{page}"
    );

    let draft = site.page(
        "pro",
        json!({"sections": [headline("The new headline"), checkout_form()]}),
    );
    let saved = site.put(id, &draft);
    assert_eq!(
        (
            saved["published"].as_bool(),
            saved["unpublished_changes"].as_bool(),
            saved["sections"][0]["text"].as_str()
        ),
        (Some(true), Some(true), Some("The new headline")),
        "the answer shows the draft: {saved}"
    );
    assert_eq!(
        saved["published_at"], page["published_at"],
        "a draft save does not publish: {saved}"
    );
    assert_eq!(site.show(id)["sections"][0]["text"], "The new headline");
    let buyer = site.buyer("/p/pro");
    assert_eq!(buyer.status, 200, "{}", buyer.body);
    assert!(
        buyer.body.contains("The old headline") && !buyer.body.contains("The new headline"),
        "buyers keep seeing the published version: {}",
        buyer.body
    );

    let mut publish = draft.clone();
    publish["published"] = json!(true);
    let published = site.put(id, &publish);
    assert_eq!(published["unpublished_changes"], false, "{published}");
    let buyer = site.buyer("/p/pro");
    assert!(
        buyer.body.contains("The new headline") && !buyer.body.contains("The old headline"),
        "published: the new content is live: {}",
        buyer.body
    );
}

#[test]
fn invalid_sections_are_refused_with_the_section_and_field_named_and_nothing_is_saved() {
    let site = Site::start();
    let kept = site.create(&site.page(
        "kept",
        json!({"published": true, "sections": [headline("Kept headline"), checkout_form()]}),
    ));
    let image = |url: &str| json!({"kind": "image", "url": url, "alt": "The cover"});
    let cases = [
        (
            json!([headline("Hi"), {"kind": "carousel"}, checkout_form()]),
            "sections[1].kind",
            "an unknown kind",
        ),
        (
            json!([
                checkout_form(),
                headline("Hi"),
                image("http://example.com/a.png")
            ]),
            "sections[2].url",
            "an image that is not https",
        ),
        (
            json!([checkout_form(), headline("Hi"), {"kind": "video", "url": "https://example.com/watch?v=aqz-KE-bpKQ"}]),
            "sections[2].url",
            "a video that is not on YouTube or Vimeo",
        ),
        (
            json!([checkout_form(), headline("Hi"), headline("Ho"),
                   {"kind": "image", "url": "https://example.com/a.png", "alt": "A", "width": 300}]),
            "sections[3].width",
            "a field the kind does not have",
        ),
        (
            json!([{"kind": "faq", "items": [{"q": "Why?", "a": "Because."}, {"q": "How?"}]}, checkout_form()]),
            "sections[0].items[1].a",
            "a question without its answer",
        ),
        (
            json!([checkout_form(), headline("A"), headline("B"), headline("C"),
                   {"kind": "countdown", "deadline": "next friday"}]),
            "sections[4].deadline",
            "a deadline that is not RFC 3339",
        ),
        (json!([headline("No form")]), "sections", "no checkout form"),
        (
            json!([checkout_form(), headline("Hi"), checkout_form()]),
            "sections",
            "two checkout forms",
        ),
        (
            json!([{"kind": "order_summary"}, {"kind": "order_summary"}, checkout_form()]),
            "sections",
            "two order summaries",
        ),
    ];
    for (sections, field, what) in cases {
        let created = site.api(
            "POST",
            "/pages",
            Some(&site.page("new", json!({"sections": sections, "published": true}))),
        );
        assert_invalid(&created, field, &format!("POST with {what}"));
        let updated = site.api(
            "PUT",
            &format!("/pages/{}", kept["id"]),
            Some(&site.page("kept", json!({"sections": sections, "published": true}))),
        );
        assert_invalid(&updated, field, &format!("PUT with {what}"));
    }
    assert_eq!(site.page_count(), 1, "no refused page was created");
    let after = site.show(&kept["id"]);
    assert_eq!(
        (&after["sections"], &after["revision"]),
        (&kept["sections"], &kept["revision"]),
        "no refused update was saved: {after}"
    );
    assert_eq!(site.buyer("/p/new").status, 404);
    assert!(site.buyer("/p/kept").body.contains("Kept headline"));
}

#[test]
fn a_text_section_splits_paragraphs_and_accepts_only_https_and_mailto_links() {
    let site = Site::start();
    site.enable_test_gateway();
    let text = json!({"kind": "text",
        "text": "Para one with [our site](https://example.com/about)\n\nPara **two**, [write](mailto:hi@example.com)"});
    let page = site.create(&site.page(
        "pro",
        json!({"published": true, "sections": [text, checkout_form()]}),
    ));
    assert_eq!(
        page["sections"][0],
        json!({"kind": "text", "paragraphs": [
            "Para one with [our site](https://example.com/about)",
            "Para **two**, [write](mailto:hi@example.com)"]}),
        "{page}"
    );
    let buyer = site.buyer("/p/pro");
    assert!(
        buyer.body.contains("href=\"https://example.com/about\"")
            && buyer.body.contains("href=\"mailto:hi@example.com\"")
            && buyer.body.contains("<strong>two</strong>"),
        "{}",
        buyer.body
    );

    for link in [
        "javascript:alert(1)",
        "http://example.com",
        "data:text/html,hi",
    ] {
        let bad = json!({"kind": "text", "paragraphs": [format!("see [this]({link})")]});
        let res = site.api(
            "POST",
            "/pages",
            Some(&site.page("bad", json!({"sections": [bad, checkout_form()]}))),
        );
        assert_invalid(&res, "sections[0].paragraphs[0]", link);
    }
    assert_eq!(site.page_count(), 1);
}

#[test]
fn merchant_text_is_escaped_on_the_buyer_page() {
    let site = Site::start();
    site.enable_test_gateway();
    let testimonial = json!({"kind": "testimonial", "quote": "<script>alert(2)</script> Great",
        "author": "<img src=x onerror=alert(3)>"});
    let page = site.create(&site.page(
        "pro",
        json!({"published": true, "sections": [headline("<script>alert(1)</script>"), testimonial, checkout_form()]}),
    ));
    assert_eq!(
        page["sections"][0]["text"], "<script>alert(1)</script>",
        "stored as typed"
    );
    let buyer = site.buyer("/p/pro");
    assert_eq!(buyer.status, 200, "{}", buyer.body);
    for escaped in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;script&gt;alert(2)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(3)&gt;",
    ] {
        assert!(buyer.body.contains(escaped), "{escaped}: {}", buyer.body);
    }
    assert!(
        !buyer.body.contains("<script>alert") && !buyer.body.contains("<img src=x"),
        "raw merchant markup on the buyer page: {}",
        buyer.body
    );
}

#[test]
fn a_video_loads_nothing_from_its_provider_before_the_buyer_presses_play() {
    let site = Site::start();
    site.enable_test_gateway();
    let video =
        json!({"kind": "video", "url": "https://youtu.be/aqz-KE-bpKQ", "title": "Watch the tour"});
    site.create(&site.page(
        "pro",
        json!({"published": true, "sections": [headline("Pro"), video, checkout_form()]}),
    ));
    let buyer = site.buyer("/p/pro");
    assert_eq!(buyer.status, 200, "{}", buyer.body);
    assert!(
        !buyer.body.contains("<iframe"),
        "no player before play: {}",
        buyer.body
    );
    assert!(
        buyer
            .body
            .contains("href=\"https://www.youtube.com/watch?v=aqz-KE-bpKQ\""),
        "the page links to the video: {}",
        buyer.body
    );
    assert!(buyer.body.contains("Watch the tour"), "{}", buyer.body);
    for (i, _) in buyer.body.match_indices("src=\"") {
        let url: String = buyer.body[i + 5..]
            .chars()
            .take_while(|c| *c != '"')
            .collect();
        assert!(
            !["youtube", "ytimg", "vimeo", "googlevideo"]
                .iter()
                .any(|host| url.contains(host)),
            "{url} loads from the provider before play: {}",
            buyer.body
        );
    }
    let csp = buyer.header("content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("frame-src https://www.youtube-nocookie.com https://player.vimeo.com"),
        "{csp}"
    );
}

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

// The dashboard's page editor, driven over HTTP as a signed-in admin would.

/// The hidden `revision` field of an editor or settings page.
fn revision_of(html: &str) -> String {
    let marker = "name=\"revision\" value=\"";
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no revision field in {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// The section kinds the editor lists, by their labels.
fn editor_sections(html: &str) -> Vec<String> {
    let marker = "<span class=\"kind\">";
    html.match_indices(marker)
        .map(|(i, _)| {
            let rest = &html[i + marker.len()..];
            rest[..rest.find('<').unwrap()].to_string()
        })
        .collect()
}

/// Posts a form of the editor tab `form_page` with that page's CSRF token and revision.
fn post_from(admin: &Browser, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Resp {
    let page = admin.get(form_page);
    assert_eq!(page.status, 200, "{form_page}: {}", page.body);
    let (csrf, revision) = (csrf_of(&page.body), revision_of(&page.body));
    let mut all = fields.to_vec();
    all.push(("csrf", &csrf));
    all.push(("revision", &revision));
    admin.post(action, &all)
}

/// Creates a page in the dashboard from `template`; returns its editor's path.
fn new_page(site: &Site, admin: &Browser, slug: &str, template: &str) -> String {
    let product_id = site.product["id"].to_string();
    let res = admin.submit(
        "/admin/pages/new",
        "/admin/pages",
        &[
            ("title", "Launch"),
            ("slug", slug),
            ("product_id", &product_id),
            ("template", template),
        ],
    );
    assert_eq!(res.status, 303, "{}", res.body);
    let editor = res.header("location").unwrap_or_default().to_string();
    assert!(
        editor.starts_with("/admin/pages/")
            && editor["/admin/pages/".len()..].parse::<i64>().is_ok(),
        "to the editor: {editor}"
    );
    editor
}

/// The page's id from its editor's path.
fn id_of(editor: &str) -> Value {
    json!(editor["/admin/pages/".len()..].parse::<i64>().unwrap())
}

fn assert_redirect_to_editor(res: &Resp, editor: &str) {
    assert_eq!(res.status, 303, "{}", res.body);
    let location = res.header("location").unwrap_or_default();
    assert!(location.starts_with(editor), "{location}");
}

#[test]
fn a_page_created_in_the_dashboard_is_a_draft_listing_its_templates_sections() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "long-form");
    let page = admin.get(&editor);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(
        editor_sections(&page.body),
        [
            "Headline",
            "Text",
            "Bullet points",
            "Testimonial",
            "Questions and answers",
            "Guarantee",
            "Order summary",
            "Checkout form"
        ],
        "{}",
        page.body
    );
    assert!(
        page.body.contains("value=\"Launch\""),
        "the headline is the title: {}",
        page.body
    );
    assert!(page.body.contains("Draft"), "{}", page.body);
    let saved = site.show(&id_of(&editor));
    assert_eq!(
        (
            saved["published"].as_bool(),
            saved["template"].as_str(),
            saved["gateways"].clone()
        ),
        (Some(false), Some("long-form"), json!(["test"])),
        "{saved}"
    );
    assert_eq!(site.buyer("/p/launch").status, 404, "a new page is a draft");
    assert!(admin.get("/admin/pages").body.contains("/admin/pages/1"));

    let product_id = site.product["id"].to_string();
    let refused = admin.submit(
        "/admin/pages/new",
        "/admin/pages",
        &[
            ("title", "Launch"),
            ("slug", "Launch Now"),
            ("product_id", &product_id),
            ("template", "minimal"),
        ],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("lowercase letters, digits and dashes"),
        "{}",
        refused.body
    );
    let taken = admin.submit(
        "/admin/pages/new",
        "/admin/pages",
        &[
            ("title", "Launch"),
            ("slug", "launch"),
            ("product_id", &product_id),
            ("template", "minimal"),
        ],
    );
    assert_eq!(taken.status, 422, "{}", taken.body);
    assert!(taken.body.contains("already used"), "{}", taken.body);
    assert_eq!(site.page_count(), 1);
}

#[test]
fn sections_are_edited_added_moved_and_removed_in_the_dashboard_editor() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let id = id_of(&editor);
    assert_eq!(
        editor_sections(&admin.get(&editor).body),
        ["Headline", "Order summary", "Checkout form"]
    );

    let saved = post_from(
        &admin,
        &editor,
        &format!("{editor}/sections/0/save"),
        &[
            ("kind", "headline"),
            ("text", "Learn Rust in a weekend"),
            ("subtext", "For busy people"),
        ],
    );
    assert_redirect_to_editor(&saved, &editor);
    assert_eq!(
        site.show(&id)["sections"][0],
        json!({"kind": "headline", "text": "Learn Rust in a weekend", "subtext": "For busy people"})
    );

    let refused = post_from(
        &admin,
        &editor,
        &format!("{editor}/sections/0/save"),
        &[("kind", "headline"), ("text", ""), ("subtext", "")],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("was not saved"), "{}", refused.body);
    assert_eq!(
        site.show(&id)["sections"][0]["text"],
        "Learn Rust in a weekend",
        "a refused section form saves nothing"
    );

    let moved = post_from(
        &admin,
        &editor,
        &format!("{editor}/sections/1/move"),
        &[("direction", "up")],
    );
    assert_redirect_to_editor(&moved, &editor);
    assert_eq!(
        kinds(&site.show(&id)),
        ["order_summary", "headline", "checkout_form"]
    );
    assert_eq!(
        editor_sections(&admin.get(&editor).body),
        ["Order summary", "Headline", "Checkout form"]
    );

    let added = post_from(
        &admin,
        &editor,
        &format!("{editor}/sections"),
        &[("kind", "guarantee"), ("position", "1")],
    );
    assert_redirect_to_editor(&added, &editor);
    assert_eq!(
        kinds(&site.show(&id)),
        ["order_summary", "guarantee", "headline", "checkout_form"]
    );

    let removed = post_from(&admin, &editor, &format!("{editor}/sections/1/remove"), &[]);
    assert_redirect_to_editor(&removed, &editor);
    assert_eq!(
        kinds(&site.show(&id)),
        ["order_summary", "headline", "checkout_form"]
    );
}

#[test]
fn the_editor_refuses_to_leave_a_page_without_exactly_one_checkout_form() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let id = id_of(&editor);
    let before = site.show(&id);

    let removed = post_from(&admin, &editor, &format!("{editor}/sections/2/remove"), &[]);
    assert_eq!(removed.status, 422, "{}", removed.body);
    assert!(removed.body.contains("checkout_form"), "{}", removed.body);
    let second = post_from(
        &admin,
        &editor,
        &format!("{editor}/sections"),
        &[("kind", "checkout_form"), ("position", "0")],
    );
    assert_eq!(second.status, 422, "{}", second.body);

    let after = site.show(&id);
    assert_eq!(
        (&after["sections"], &after["revision"]),
        (&before["sections"], &before["revision"]),
        "nothing was saved: {after}"
    );
}

#[test]
fn the_dashboard_publishes_and_later_edits_stay_a_draft_until_published_again() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let id = id_of(&editor);

    let published = post_from(&admin, &editor, &format!("{editor}/publish"), &[]);
    assert_redirect_to_editor(&published, &editor);
    let buyer = site.buyer("/p/launch");
    assert_eq!(buyer.status, 200, "{}", buyer.body);
    assert!(buyer.body.contains("<h1>Launch</h1>"), "{}", buyer.body);
    assert!(admin.get("/admin/pages").body.contains("Published"));

    let edited = post_from(
        &admin,
        &editor,
        &format!("{editor}/sections/0/save"),
        &[
            ("kind", "headline"),
            ("text", "Doors close Friday"),
            ("subtext", ""),
        ],
    );
    assert_redirect_to_editor(&edited, &editor);
    let buyer = site.buyer("/p/launch");
    assert!(
        buyer.body.contains("<h1>Launch</h1>") && !buyer.body.contains("Doors close Friday"),
        "buyers still see the published headline: {}",
        buyer.body
    );
    assert_eq!(site.show(&id)["unpublished_changes"], true);
    assert!(
        admin.get(&editor).body.contains("Unpublished changes"),
        "the editor says so"
    );

    let republished = post_from(&admin, &editor, &format!("{editor}/publish"), &[]);
    assert_redirect_to_editor(&republished, &editor);
    let buyer = site.buyer("/p/launch");
    assert!(
        buyer.body.contains("Doors close Friday"),
        "published: {}",
        buyer.body
    );
    assert_eq!(site.show(&id)["unpublished_changes"], false);

    let unpublished = post_from(&admin, &editor, &format!("{editor}/unpublish"), &[]);
    assert_redirect_to_editor(&unpublished, &editor);
    assert_eq!(site.buyer("/p/launch").status, 404);
    let page = site.show(&id);
    assert_eq!(
        (
            page["published"].as_bool(),
            page["sections"][0]["text"].as_str()
        ),
        (Some(false), Some("Doors close Friday")),
        "unpublishing keeps the draft: {page}"
    );
}

#[test]
fn discarding_changes_brings_the_draft_back_to_what_buyers_see() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let id = id_of(&editor);
    post_from(&admin, &editor, &format!("{editor}/publish"), &[]);
    post_from(
        &admin,
        &editor,
        &format!("{editor}/sections/0/save"),
        &[
            ("kind", "headline"),
            ("text", "A change I regret"),
            ("subtext", ""),
        ],
    );
    assert_eq!(site.show(&id)["unpublished_changes"], true);

    let discarded = post_from(&admin, &editor, &format!("{editor}/discard"), &[]);
    assert_redirect_to_editor(&discarded, &editor);
    let page = site.show(&id);
    assert_eq!(
        (
            page["sections"][0]["text"].as_str(),
            page["unpublished_changes"].as_bool(),
            page["published"].as_bool()
        ),
        (Some("Launch"), Some(false), Some(true)),
        "{page}"
    );
    assert!(site.buyer("/p/launch").body.contains("<h1>Launch</h1>"));
}

#[test]
fn an_editor_form_made_from_a_stale_revision_is_refused_and_saves_nothing() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let id = id_of(&editor);
    // Two tabs: this one was opened before the other saved a change.
    let old_tab = admin.get(&editor).body;
    let old_settings = admin.get(&format!("{editor}/settings")).body;
    let (csrf, stale) = (csrf_of(&old_tab), revision_of(&old_tab));
    let saved = post_from(
        &admin,
        &editor,
        &format!("{editor}/sections/0/save"),
        &[
            ("kind", "headline"),
            ("text", "Saved in the other tab"),
            ("subtext", ""),
        ],
    );
    assert_redirect_to_editor(&saved, &editor);
    let current = site.show(&id);

    let moved = admin.post(
        &format!("{editor}/sections/1/move"),
        &[("csrf", &csrf), ("revision", &stale), ("direction", "up")],
    );
    assert_eq!(moved.status, 422, "{}", moved.body);
    assert!(moved.body.contains("changed elsewhere"), "{}", moved.body);
    assert!(
        moved.body.contains("Saved in the other tab"),
        "the refusal shows the latest version: {}",
        moved.body
    );
    let edited = admin.post(
        &format!("{editor}/sections/0/save"),
        &[
            ("csrf", &csrf),
            ("revision", &stale),
            ("kind", "headline"),
            ("text", "Typed in the old tab"),
        ],
    );
    assert_eq!(edited.status, 422, "{}", edited.body);
    assert!(edited.body.contains("changed elsewhere"), "{}", edited.body);

    let renamed = admin.post(
        &format!("{editor}/settings"),
        &[
            ("csrf", &csrf_of(&old_settings)),
            ("revision", &revision_of(&old_settings)),
            ("title", "Launch"),
            ("template", "minimal"),
            ("slug", "renamed"),
            ("custom_domain", ""),
        ],
    );
    assert_eq!(renamed.status, 422, "{}", renamed.body);
    assert!(
        renamed.body.contains("changed elsewhere"),
        "{}",
        renamed.body
    );

    let published = admin.post(
        &format!("{editor}/publish"),
        &[("csrf", &csrf), ("revision", &stale)],
    );
    assert_eq!(published.status, 422, "{}", published.body);
    assert!(
        published.body.contains("changed elsewhere"),
        "{}",
        published.body
    );

    let after = site.show(&id);
    assert_eq!(
        (
            &after["sections"],
            &after["slug"],
            &after["revision"],
            &after["published"]
        ),
        (
            &current["sections"],
            &json!("launch"),
            &current["revision"],
            &json!(false)
        ),
        "nothing stale was saved: {after}"
    );
    assert_eq!(site.buyer("/p/launch").status, 404);
}

#[test]
fn the_settings_tab_saves_what_the_page_sells_and_where_it_lives() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let id = id_of(&editor);
    let settings = format!("{editor}/settings");
    let price = site.product["prices"][1]["id"].to_string();
    let product_id = site.product["id"].to_string();

    let checkout = post_from(
        &admin,
        &settings,
        &format!("{editor}/checkout"),
        &[
            ("product_id", &product_id),
            ("price_ids", &price),
            ("gateways.test", "on"),
            ("gateways.paypal", "on"),
        ],
    );
    assert_eq!(
        (checkout.status, checkout.header("location")),
        (303, Some(settings.as_str())),
        "{}",
        checkout.body
    );
    let page = site.show(&id);
    assert_eq!(
        (page["price_ids"].clone(), page["gateways"].clone()),
        (
            json!([site.product["prices"][1]["id"]]),
            json!(["test", "paypal"])
        ),
        "{page}"
    );

    let no_gateway = post_from(
        &admin,
        &settings,
        &format!("{editor}/checkout"),
        &[("product_id", &product_id)],
    );
    assert_eq!(no_gateway.status, 422, "{}", no_gateway.body);
    assert!(
        no_gateway.body.contains("needs at least one gateway"),
        "{}",
        no_gateway.body
    );

    let moved = post_from(
        &admin,
        &settings,
        &format!("{editor}/settings"),
        &[
            ("title", "Launch week"),
            ("template", "two-column"),
            ("slug", "launch-week"),
            ("custom_domain", "pay.example.com"),
        ],
    );
    assert_eq!(moved.status, 303, "{}", moved.body);
    let page = site.show(&id);
    assert_eq!(
        (
            page["title"].as_str(),
            page["template"].as_str(),
            page["slug"].as_str(),
            page["custom_domain"].as_str()
        ),
        (
            Some("Launch week"),
            Some("two-column"),
            Some("launch-week"),
            Some("pay.example.com")
        ),
        "{page}"
    );
    assert_eq!(
        kinds(&page).len(),
        3,
        "the sections stay as they were: {page}"
    );

    let refused = post_from(
        &admin,
        &settings,
        &format!("{editor}/settings"),
        &[
            ("title", "Launch week"),
            ("template", "two-column"),
            ("slug", "Launch Now"),
            ("custom_domain", "https://pay.example.com"),
        ],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("lowercase letters, digits and dashes")
            && refused.body.contains("without https://"),
        "{}",
        refused.body
    );
    assert_eq!(
        site.show(&id)["slug"],
        "launch-week",
        "a refused form saves nothing"
    );
}

#[test]
fn the_preview_shows_the_unpublished_draft_to_a_signed_in_admin_only() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    post_from(
        &admin,
        &editor,
        &format!("{editor}/sections/0/save"),
        &[
            ("kind", "headline"),
            ("text", "Secret draft <script>alert(1)</script>"),
            ("subtext", ""),
        ],
    );
    let preview = admin.get(&format!("{editor}/preview"));
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(
        preview.body.contains("Secret draft &lt;script&gt;")
            && !preview.body.contains("<script>alert"),
        "{}",
        preview.body
    );
    let csp = preview
        .header("content-security-policy")
        .unwrap_or_default();
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    let editor_page = admin.get(&editor).body;
    assert!(!editor_page.contains("<script>alert"), "{editor_page}");

    let anonymous = site.buyer(&format!("{editor}/preview"));
    assert_ne!(anonymous.status, 200, "{}", anonymous.body);
    assert!(
        !anonymous.body.contains("Secret draft"),
        "{}",
        anonymous.body
    );
    assert_eq!(site.buyer("/p/launch").status, 404, "still a draft");
}
