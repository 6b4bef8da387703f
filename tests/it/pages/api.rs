//! Pages through the JSON API: templates, a template's sections, drafts and publishing.

use super::*;

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

/// The second wave's rule: a GET answer, read-only fields and all, can be PUT back.
#[test]
fn a_page_and_a_product_from_get_are_accepted_back_by_put() {
    let site = Site::start();
    let page = site.create(&site.page("round-trip", json!({"published": true})));
    let mut back = site.show(&page["id"]);
    back["title"] = json!("Renamed");
    let saved = site.put(&page["id"], &back);
    assert_eq!(saved["title"], "Renamed");
    assert_eq!(saved["revision"], back["revision"].as_i64().unwrap() + 1);

    let path = format!("/products/{}", site.product["id"]);
    let mut product = site.api("GET", &path, None).json();
    product["name"] = json!("Renamed course");
    let res = site.api("PUT", &path, Some(&product));
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["prices"], product["prices"]);
    // Unknown fields are still refused.
    product["colour"] = json!("red");
    assert_eq!(site.api("PUT", &path, Some(&product)).status, 400);
}
