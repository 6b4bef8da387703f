use super::*;
use crate::harness::{csrf_of, Browser};

#[test]
fn the_shop_profile_is_saved_and_read_by_the_api_and_bad_values_change_nothing() {
    let shop = Shop::open();
    let base = &shop.server.base;
    let empty = api(base, "GET", "/settings/shop", Some(&shop.token), None);
    assert_eq!(empty.status, 200);
    assert_eq!(empty.json()["name"], "");
    assert_eq!(empty.json()["logo_url"], Value::Null);

    let saved = put_shop(&shop, &acme());
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.json(), acme());
    let read = api(base, "GET", "/settings/shop", Some(&shop.token), None);
    assert_eq!(read.json(), acme());

    let mut unknown = acme();
    unknown["colour"] = json!("#000000");
    let res = put_shop(&shop, &unknown);
    assert_eq!(res.status, 400, "{}", res.body);

    let mut bad = acme();
    bad["logo_url"] = json!("http://cdn.acme.test/logo.png");
    bad["accent_color"] = json!("yellow");
    bad["support_email"] = json!("help");
    bad["name"] = json!("x".repeat(81));
    let res = put_shop(&shop, &bad);
    assert_eq!(res.status, 422, "{}", res.body);
    let fields = &res.json()["error"]["fields"];
    for field in ["logo_url", "accent_color", "support_email", "name"] {
        assert!(fields[field].is_string(), "{field}: {}", res.body);
    }
    let unauthenticated = api(base, "GET", "/settings/shop", None, None);
    assert_eq!(unauthenticated.status, 401);
    assert_eq!(
        api(base, "GET", "/settings/shop", Some(&shop.token), None).json(),
        acme(),
        "nothing changed"
    );

    // A field left out is unset.
    let res = put_shop(&shop, &json!({"name": "Acme"}));
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["support_email"], Value::Null);
}

#[test]
fn settings_shop_page_saves_with_its_csrf_token_and_shows_field_errors() {
    let shop = Shop::open();
    let admin = shop.server.admin();
    let page = admin.get("/admin/settings/shop");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(r#"name="accent_color""#),
        "{}",
        page.body
    );
    let csrf = csrf_of(&page.body);

    let forged = admin.post("/admin/settings/shop", &[("name", "Evil")]);
    assert_eq!(forged.status, 403);

    let bad = admin.post(
        "/admin/settings/shop",
        &[
            ("csrf", &csrf),
            ("name", "Acme"),
            ("accent_color", "red"),
            ("terms_url", "ftp://x"),
        ],
    );
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("must be a colour like #1a73e8"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains(r#"value="red""#), "what was typed stays");
    let read = api(
        &shop.server.base,
        "GET",
        "/settings/shop",
        Some(&shop.token),
        None,
    );
    assert_eq!(read.json()["name"], "", "nothing saved");

    let profile = acme();
    let fields: Vec<(&str, String)> = profile
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str().unwrap().to_string()))
        .collect();
    let mut form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    form.push(("csrf", &csrf));
    let ok = admin.post("/admin/settings/shop", &form);
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body.contains("Saved."));
    let read = api(
        &shop.server.base,
        "GET",
        "/settings/shop",
        Some(&shop.token),
        None,
    );
    assert_eq!(read.json(), acme());
}

#[test]
fn every_buyer_page_shows_the_shop_and_a_saved_profile_reaches_cached_pages_at_once() {
    let shop = Shop::open();
    let buyer = Browser::new(&shop.server.base);
    let before = buyer.get("/p/pro");
    assert!(
        !before.body.contains("shop-header"),
        "no profile, no header"
    );
    assert_eq!(put_shop(&shop, &acme()).status, 200);
    assert_branded("the checkout page", &buyer.get("/p/pro").body);

    let pay_page = shop.checkout("jane@example.com", 0);
    assert_branded("the test gateway's page", &buyer.get(&pay_page).body);
    let payment_ref = pay_page.trim_start_matches("/pay/test/");
    assert_branded(
        "the thank-you page",
        &buyer.get(&format!("/thank-you/{payment_ref}")).body,
    );
    let refused = shop.submit("not-an-email", &[]);
    assert_eq!(refused.status, 422);
    assert_branded("the refused form", &refused.body);
}

#[test]
fn a_missing_page_is_a_404_in_the_shops_brand_without_tagcart_or_the_dashboard() {
    let shop = Shop::open();
    assert_eq!(put_shop(&shop, &acme()).status, 200);
    let buyer = Browser::new(&shop.server.base);
    for path in [
        "/p/nope",
        "/thank-you/pay_nope",
        "/pay/test/pay_nope",
        "/nothing-here",
    ] {
        let res = buyer.get(path);
        assert_eq!(res.status, 404, "{path}");
        assert_branded(path, &res.body);
        assert!(res.body.contains("Page not found"), "{path}: {}", res.body);
        assert!(!res.body.contains("/admin"), "{path}: {}", res.body);
        assert!(!res.body.contains("tagcart"), "{path}: {}", res.body);
    }
    // The dashboard's own 404 stays the dashboard's.
    assert!(buyer.get("/admin/nothing-here").body.contains("tagcart"));
}

#[test]
fn shop_css_carries_the_accent_with_readable_button_text_and_is_cached() {
    let shop = Shop::open();
    assert_eq!(put_shop(&shop, &acme()).status, 200);
    let buyer = Browser::new(&shop.server.base);
    let url = shop_css_url(&buyer.get("/p/missing").body);
    let css = buyer.get(&url);
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert!(css
        .header("cache-control")
        .unwrap()
        .contains("max-age=31536000"));
    assert!(css.body.contains("--primary: #ffd600"), "{}", css.body);
    // A light accent gets dark button text.
    assert!(css.body.contains("--on-primary: #111111"), "{}", css.body);
    let stale = buyer.get("/shop.css?v=000000");
    assert!(!stale.header("cache-control").unwrap().contains("31536000"));
}
