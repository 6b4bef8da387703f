use super::*;
use crate::harness::{csrf_of, Browser};

const REFUSAL: &str = "The Testimonial section (3rd) still holds the template's sample text: replace it or remove the section";

fn two_column(shop: &Shop, published: bool) -> Value {
    json!({"title": "Launch", "slug": "launch", "product_id": shop.product["id"], "gateways": ["test"],
        "template": "two-column", "published": published})
}

#[test]
fn the_api_refuses_to_publish_a_template_sample_and_saves_it_as_a_draft() {
    let shop = Shop::open();
    let base = &shop.server.base;
    let refused = api(
        base,
        "POST",
        "/pages",
        Some(&shop.token),
        Some(&two_column(&shop, true).to_string()),
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    // The headline's subtext is a sample too: the first section holding one is named.
    let said = refused.json()["error"]["fields"]["sections"].clone();
    assert!(
        said.as_str()
            .unwrap()
            .starts_with("The Headline section (1st) still holds"),
        "{said}"
    );
    assert_eq!(Browser::new(base).get("/p/launch").status, 404);

    let draft = api(
        base,
        "POST",
        "/pages",
        Some(&shop.token),
        Some(&two_column(&shop, false).to_string()),
    );
    assert_eq!(draft.status, 201, "a draft may keep them: {}", draft.body);
    let page = draft.json();
    let mut sections = page["sections"].clone();
    sections[0]["subtext"] = json!("Four weeks to your first course.");
    sections[1]["items"] = json!(["Four live workshops", "A course outline"]);
    let mut body = two_column(&shop, true);
    body["sections"] = sections.clone();
    let path = format!("/pages/{}", page["id"]);
    let res = api(
        base,
        "PUT",
        &path,
        Some(&shop.token),
        Some(&body.to_string()),
    );
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(res.json()["error"]["fields"]["sections"], REFUSAL);
    assert_eq!(
        Browser::new(base).get("/p/launch").status,
        404,
        "nothing published"
    );

    // Real content everywhere: it goes live.
    sections[2]["quote"] = json!("I sold 40 seats in week four.");
    sections[2]["author"] = json!("Maya Lind, baker");
    body["sections"] = sections;
    let res = api(
        base,
        "PUT",
        &path,
        Some(&shop.token),
        Some(&body.to_string()),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(Browser::new(base).get("/p/launch").status, 200);
}

#[test]
fn the_dashboards_publish_button_refuses_a_template_sample_and_the_editor_says_which() {
    let shop = Shop::open();
    let base = &shop.server.base;
    let mut body = two_column(&shop, false);
    let created = api(
        base,
        "POST",
        "/pages",
        Some(&shop.token),
        Some(&body.to_string()),
    )
    .json();
    let mut sections = created["sections"].clone();
    sections[0]["subtext"] = json!("Four weeks to your first course.");
    sections[1]["items"] = json!(["Four live workshops"]);
    body["sections"] = sections;
    let path = format!("/pages/{}", created["id"]);
    assert_eq!(
        api(
            base,
            "PUT",
            &path,
            Some(&shop.token),
            Some(&body.to_string())
        )
        .status,
        200
    );

    let admin = shop.server.admin();
    let editor = admin.get(&format!("/admin{path}"));
    assert_eq!(editor.status, 200);
    let csrf = csrf_of(&editor.body);
    let revision = editor
        .body
        .split(r#"name="revision" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the editor's revision")
        .to_string();
    let res = admin.post(
        &format!("/admin{path}/publish"),
        &[("csrf", &csrf), ("revision", &revision)],
    );
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains(REFUSAL), "{}", res.body);
    assert_eq!(
        Browser::new(base).get("/p/launch").status,
        404,
        "nothing published"
    );
}
