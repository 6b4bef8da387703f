//! The editor's settings tab and the preview.

use super::*;

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
