//! The dashboard's page editor, driven over HTTP as a signed-in admin would: creating a
//! page and editing its sections.

use super::*;

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
