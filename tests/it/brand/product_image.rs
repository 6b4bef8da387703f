use super::*;
use crate::harness::Browser;

#[test]
fn a_products_https_image_is_kept_and_shown_on_its_page_and_plain_http_is_refused() {
    let shop = Shop::open();
    let id = &shop.product["id"];
    let mut product = shop.product.clone();
    for key in ["id", "created_at", "updated_at"] {
        product.as_object_mut().unwrap().remove(key);
    }
    let put = |body: &Value| {
        api(
            &shop.server.base,
            "PUT",
            &format!("/products/{id}"),
            Some(&shop.token),
            Some(&body.to_string()),
        )
    };
    product["image_url"] = json!("http://cdn.acme.test/course.png");
    let refused = put(&product);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(
        refused.json()["error"]["fields"]["image_url"],
        "must start with https://"
    );
    product["image_url"] = json!("https://cdn.acme.test/course.png");
    let saved = put(&product);
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(
        saved.json()["image_url"],
        "https://cdn.acme.test/course.png"
    );
    let page = Browser::new(&shop.server.base).get("/p/pro");
    assert!(
        page.body.contains(
            r#"src="https://cdn.acme.test/course.png" alt="Pro Course" width="64" height="64""#
        ),
        "{}",
        page.body
    );
}
