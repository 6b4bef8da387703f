use crate::harness::{api, raw_get, Browser, Server};
use serde_json::json;

const SCRIPT: &str = "<script>alert(1)</script>";
const ATTR: &str = "\"><img src=x onerror=alert(1)>";

#[test]
fn merchant_text_is_escaped_on_every_page() {
    let server = Server::start();
    let token = server.api_token();
    let product = json!({"name": format!("Course {SCRIPT}"), "kartra_tag": format!("tag{ATTR}"),
        "thank_you_url": "https://example.com/?q=\"><script>", "prices": [{"kind": "one_time", "currency": "USD", "amount": 100}]});
    let res = api(
        &server.base,
        "POST",
        "/products",
        Some(&token),
        Some(&product.to_string()),
    );
    assert_eq!(res.status, 201, "{}", res.body);
    let page = json!({"title": format!("Title {SCRIPT}"), "slug": "x", "product_id": res.json()["id"], "published": true});
    assert_eq!(
        api(
            &server.base,
            "POST",
            "/pages",
            Some(&token),
            Some(&page.to_string())
        )
        .status,
        201
    );
    let browser = server.admin();
    for path in [
        "/admin",
        "/admin/products",
        "/admin/products/1",
        "/admin/pages",
        "/admin/pages/1",
        "/admin/pages/new",
    ] {
        let body = browser.get(path).body;
        assert!(
            !body.contains(SCRIPT) && !body.contains("<img src=x"),
            "{path} is not escaped: {body}"
        );
    }
    let public = Browser::new(&server.base).get("/p/x").body;
    assert!(
        !public.contains(SCRIPT) && !public.contains("<script"),
        "{public}"
    );
    assert!(public.contains("Title &lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn bodies_over_the_limit_get_413_and_change_nothing() {
    let server = Server::start();
    let token = server.api_token();
    let huge = json!({"name": "x".repeat(100_000), "kartra_tag": "t", "prices": []}).to_string();
    let res = api(&server.base, "POST", "/products", Some(&token), Some(&huge));
    assert_eq!(
        (res.status, res.error_code().as_str()),
        (413, "payload_too_large")
    );
    let browser = server.admin();
    let filler = "y".repeat(100_000);
    let res = browser.submit(
        "/admin/products/new",
        "/admin/products",
        &[("name", &filler)],
    );
    assert_eq!(res.status, 413);
    let res = Browser::new(&server.base).post("/p/anything/checkout", &[("email", &filler)]);
    assert_eq!(res.status, 413);
    assert_eq!(
        api(&server.base, "GET", "/products", Some(&token), None).json(),
        json!([])
    );
}

#[test]
fn asset_paths_cannot_escape_the_embedded_files() {
    let server = Server::start();
    for path in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/..%2fschema.sql",
        "/assets/%2e%2e%2f%2e%2e%2fetc/passwd",
        "/assets//etc/passwd",
    ] {
        let res = raw_get(&server.base, path, None);
        assert!(res.starts_with("HTTP/1.1 404"), "{path}: {res}");
        assert!(
            !res.contains("[package]") && !res.contains("CREATE TABLE") && !res.contains("root:"),
            "{path}"
        );
    }
    let css = Browser::new(&server.base).get("/assets/admin.css");
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css; charset=utf-8"))
    );
    assert!(css.header("etag").is_some());
}

#[test]
fn every_page_carries_the_security_headers() {
    let server = Server::start();
    for path in [
        "/admin/login",
        "/p/none",
        "/healthz",
        "/assets/admin.css",
        "/api/v1/products",
    ] {
        let res = Browser::new(&server.base).get(path);
        let csp = res
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path} has no CSP"));
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert_eq!(
            res.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(res.header("referrer-policy"), Some("same-origin"), "{path}");
    }
}

#[test]
fn odd_requests_get_4xx_never_500() {
    let server = Server::start();
    let token = server.api_token();
    let browser = server.admin();
    let api_cases = [
        ("GET", "/products/abc", None),
        ("GET", "/products/99999999999999999999", None),
        ("GET", "/products/-1", None),
        ("PUT", "/products/1", Some("")),
        ("PUT", "/pages/1", Some("null")),
        ("POST", "/pages", Some("{\"sections\": \"x\"}")),
        ("DELETE", "/pages/0", None),
        ("PATCH", "/products", None),
        ("GET", "/nothing/here", None),
    ];
    for (method, path, body) in api_cases {
        let res = api(&server.base, method, path, Some(&token), body);
        assert!(
            (400..500).contains(&res.status),
            "{method} {path}: {} {}",
            res.status,
            res.body
        );
        assert!(
            res.json()["error"]["code"].is_string(),
            "{method} {path}: JSON error"
        );
    }
    for path in [
        "/admin/products/abc",
        "/admin/pages/999",
        "/admin/nothing",
        "/p/%00",
        "/p/a%2fb",
        "/nothing",
    ] {
        let res = browser.get(path);
        assert!((400..500).contains(&res.status), "{path}: {}", res.status);
    }
    let res = browser.post(
        "/admin/products",
        &[
            ("prices[0].amount", "1"),
            ("prices[9999999999999999999].x", "y"),
        ],
    );
    assert_eq!(res.status, 403, "no csrf: refused before anything else");
}
