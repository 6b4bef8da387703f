use crate::harness::{api, raw_get, Browser, Server};
use crate::products::{create_product, COURSE};
use serde_json::json;

fn page_body(product_id: &serde_json::Value, slug: &str, published: bool) -> String {
    json!({"title": "Join the Pro Course", "slug": slug, "product_id": product_id, "gateways": ["test", "stripe"], "published": published}).to_string()
}

#[test]
fn pages_are_managed_through_the_api_and_only_published_ones_are_public() {
    let server = Server::start();
    let token = server.api_token();
    let product = create_product(&server, &token, COURSE);
    let res = api(
        &server.base,
        "POST",
        "/pages",
        Some(&token),
        Some(&page_body(&product["id"], "pro", false)),
    );
    assert_eq!(res.status, 201, "{}", res.body);
    let page = res.json();
    assert_eq!(
        (
            page["template"].as_str(),
            page["sections"].clone(),
            page["custom_domain"].is_null()
        ),
        (Some("minimal"), json!([]), true)
    );
    assert_eq!(page["gateways"], json!(["test", "stripe"]));
    let buyer = Browser::new(&server.base);
    assert_eq!(buyer.get("/p/pro").status, 404, "a draft is not public");

    let id = page["id"].as_i64().unwrap();
    let res = api(
        &server.base,
        "PUT",
        &format!("/pages/{id}"),
        Some(&token),
        Some(&page_body(&product["id"], "pro", true)),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    let closed = buyer.get("/p/pro");
    assert_eq!(closed.status, 200);
    assert!(
        closed.body.contains("not taking payments") && !closed.body.contains("<form"),
        "no enabled gateway, no form"
    );
    let on = api(
        &server.base,
        "PUT",
        "/gateways/test",
        Some(&token),
        Some(r#"{"enabled": true}"#),
    );
    assert_eq!(
        (
            on.status,
            on.json()["webhook_url"]
                .as_str()
                .map(|u| u.ends_with("/webhooks/test"))
        ),
        (200, Some(true))
    );
    let public = buyer.get("/p/pro");
    assert_eq!(public.status, 200);
    assert!(
        public.body.contains("Pro Course")
            && public.body.contains("$49.00")
            && public.body.contains("¥4,900 every month")
    );
    assert!(public.body.contains("action=\"/p/pro/checkout\""));
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
            "form field {field}"
        );
    }
    assert_eq!(
        api(&server.base, "GET", "/pages", Some(&token), None)
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let unpublish = api(
        &server.base,
        "PUT",
        &format!("/pages/{id}"),
        Some(&token),
        Some(&page_body(&product["id"], "pro", false)),
    );
    assert_eq!(unpublish.status, 200);
    assert_eq!(buyer.get("/p/pro").status, 404);
    assert_eq!(
        api(
            &server.base,
            "DELETE",
            &format!("/pages/{id}"),
            Some(&token),
            None
        )
        .status,
        204
    );
    assert_eq!(
        api(
            &server.base,
            "GET",
            &format!("/pages/{id}"),
            Some(&token),
            None
        )
        .status,
        404
    );
}

#[test]
fn slugs_must_be_well_formed_unreserved_and_unique() {
    let server = Server::start();
    let token = server.api_token();
    let product = create_product(&server, &token, COURSE);
    for slug in [
        "Pro",
        "pro course",
        "admin",
        "api",
        "assets",
        "p",
        "webhooks",
        "-pro",
        "",
    ] {
        let res = api(
            &server.base,
            "POST",
            "/pages",
            Some(&token),
            Some(&page_body(&product["id"], slug, true)),
        );
        assert_eq!(res.status, 422, "{slug}: {}", res.body);
        assert!(res.json()["error"]["fields"]["slug"].is_string());
    }
    assert_eq!(
        api(
            &server.base,
            "POST",
            "/pages",
            Some(&token),
            Some(&page_body(&product["id"], "pro", true))
        )
        .status,
        201
    );
    let dup = api(
        &server.base,
        "POST",
        "/pages",
        Some(&token),
        Some(&page_body(&product["id"], "pro", true)),
    );
    assert_eq!((dup.status, dup.error_code().as_str()), (409, "slug_taken"));
    let bad_product = api(
        &server.base,
        "POST",
        "/pages",
        Some(&token),
        Some(&page_body(&json!(999), "other", true)),
    );
    assert_eq!(bad_product.status, 422);
    assert!(bad_product.json()["error"]["fields"]["product_id"].is_string());
    let bad_gateway =
        json!({"title": "T", "slug": "t", "product_id": product["id"], "gateways": ["bitcoin"]});
    assert_eq!(
        api(
            &server.base,
            "POST",
            "/pages",
            Some(&token),
            Some(&bad_gateway.to_string())
        )
        .status,
        422
    );
}

#[test]
fn a_page_with_a_custom_domain_is_served_at_that_domains_root() {
    let server = Server::start();
    let token = server.api_token();
    let product = create_product(&server, &token, COURSE);
    let body = json!({"title": "Domain page", "slug": "domain", "product_id": product["id"], "custom_domain": "Pay.Example.com", "published": true});
    let res = api(
        &server.base,
        "POST",
        "/pages",
        Some(&token),
        Some(&body.to_string()),
    );
    assert_eq!(res.json()["custom_domain"], "pay.example.com");
    let served = raw_get(&server.base, "/", Some("pay.example.com"));
    assert!(served.starts_with("HTTP/1.1 200"), "{served}");
    assert!(served.contains("Domain page"));
    let elsewhere = raw_get(&server.base, "/", None);
    assert!(
        elsewhere.starts_with("HTTP/1.1 303") && elsewhere.contains("location: /admin"),
        "{elsewhere}"
    );
    let taken = json!({"title": "Other", "slug": "other", "product_id": product["id"], "custom_domain": "pay.example.com"});
    assert_eq!(
        api(
            &server.base,
            "POST",
            "/pages",
            Some(&token),
            Some(&taken.to_string())
        )
        .error_code(),
        "custom_domain_taken"
    );
}

#[test]
fn a_page_is_created_published_and_edited_through_the_dashboard_form() {
    let server = Server::start();
    let token = server.api_token();
    let product = create_product(&server, &token, COURSE);
    let browser = server.admin();
    let product_id = product["id"].to_string();
    let res = browser.submit(
        "/admin/pages/new",
        "/admin/pages",
        &[
            ("title", "Launch"),
            ("slug", "launch"),
            ("product_id", &product_id),
            ("template", "minimal"),
            ("gateways.test", "on"),
            ("gateways.stripe", "on"),
            ("custom_domain", ""),
            ("published", "on"),
        ],
    );
    assert_eq!(
        (res.status, res.header("location")),
        (303, Some("/admin/pages")),
        "{}",
        res.body
    );
    assert_eq!(Browser::new(&server.base).get("/p/launch").status, 200);
    assert!(browser.get("/admin/pages").body.contains("Published"));

    let refused = browser.submit(
        "/admin/pages/1",
        "/admin/pages/1",
        &[
            ("title", "Launch"),
            ("slug", "Launch Now"),
            ("product_id", &product_id),
            ("template", "minimal"),
        ],
    );
    assert_eq!(refused.status, 422);
    assert!(refused
        .body
        .contains("lowercase letters, digits and dashes"));
    assert!(refused.body.contains("needs at least one gateway"));
    assert_eq!(
        Browser::new(&server.base).get("/p/launch").status,
        200,
        "a refused edit changes nothing"
    );

    let unpublished = browser.submit(
        "/admin/pages/1",
        "/admin/pages/1",
        &[
            ("title", "Launch"),
            ("slug", "launch"),
            ("product_id", &product_id),
            ("template", "two-column"),
            ("gateways.test", "on"),
        ],
    );
    assert_eq!(unpublished.status, 303);
    assert_eq!(Browser::new(&server.base).get("/p/launch").status, 404);
    let page = api(&server.base, "GET", "/pages/1", Some(&token), None).json();
    assert_eq!(
        (page["template"].as_str(), page["gateways"].clone()),
        (Some("two-column"), json!(["test"]))
    );
}
