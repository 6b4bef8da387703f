use crate::harness::{api, Server};
use serde_json::{json, Value};

pub const COURSE: &str = r#"{"name": "Pro Course", "kartra_tag": "pro-course-buyer", "thank_you_url": "https://example.com/thanks",
  "prices": [{"kind": "one_time", "currency": "USD", "amount": 4900},
             {"kind": "subscription", "currency": "JPY", "amount": 4900, "interval": "month", "trial_days": 7}]}"#;

pub fn create_product(server: &Server, token: &str, body: &str) -> Value {
    let res = api(&server.base, "POST", "/products", Some(token), Some(body));
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()
}

#[test]
fn products_are_created_read_updated_and_deleted_through_the_api() {
    let server = Server::start();
    let token = server.api_token();
    let created = create_product(&server, &token, COURSE);
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["revoke_on_refund"], true, "default");
    assert_eq!(created["prices"][0]["amount"], 4900);
    assert_eq!(created["prices"][1]["interval_count"], 1);
    assert_eq!(created["prices"][1]["trial_days"], 7);
    let kept_price = created["prices"][0]["id"].as_i64().unwrap();

    let list = api(&server.base, "GET", "/products", Some(&token), None).json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        api(
            &server.base,
            "GET",
            &format!("/products/{id}"),
            Some(&token),
            None
        )
        .json(),
        created
    );

    let update = json!({"name": "Pro Course 2", "kartra_tag": "pro2", "revoke_on_refund": false,
        "prices": [{"id": kept_price, "kind": "one_time", "currency": "USD", "amount": 5900},
                   {"kind": "payment_plan", "currency": "EUR", "amount": 2000, "interval": "month", "installments": 3}]});
    let res = api(
        &server.base,
        "PUT",
        &format!("/products/{id}"),
        Some(&token),
        Some(&update.to_string()),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    let updated = res.json();
    assert_eq!(updated["name"], "Pro Course 2");
    assert_eq!(
        updated["thank_you_url"],
        Value::Null,
        "PUT replaces the whole product"
    );
    assert_eq!(
        updated["prices"][0]["id"], kept_price,
        "a price sent with its id keeps it"
    );
    assert_eq!(updated["prices"][0]["amount"], 5900);
    assert_eq!(updated["prices"][1]["installments"], 3);
    assert_eq!(
        updated["prices"].as_array().unwrap().len(),
        2,
        "the price left out is gone"
    );

    assert_eq!(
        api(
            &server.base,
            "DELETE",
            &format!("/products/{id}"),
            Some(&token),
            None
        )
        .status,
        204
    );
    let gone = api(
        &server.base,
        "GET",
        &format!("/products/{id}"),
        Some(&token),
        None,
    );
    assert_eq!(
        (gone.status, gone.error_code().as_str()),
        (404, "not_found")
    );
    assert_eq!(
        api(
            &server.base,
            "DELETE",
            &format!("/products/{id}"),
            Some(&token),
            None
        )
        .status,
        404
    );
}

#[test]
fn malformed_json_unknown_fields_and_fractional_amounts_are_400() {
    let server = Server::start();
    let token = server.api_token();
    let cases = [
        ("{\"name\": ", "invalid_json"),
        (
            r#"{"name": "A", "kartra_tag": "t", "colour": "red", "prices": []}"#,
            "invalid_body",
        ),
        (
            r#"{"name": "A", "kartra_tag": "t", "prices": [{"kind": "one_time", "currency": "USD", "amount": 49.5}]}"#,
            "invalid_body",
        ),
        (
            r#"{"name": "A", "kartra_tag": "t", "prices": [{"kind": "one_time", "currency": "USD", "amount": 100, "discount": 5}]}"#,
            "invalid_body",
        ),
        (r#"["not", "an", "object"]"#, "invalid_body"),
    ];
    for (body, code) in cases {
        let res = api(&server.base, "POST", "/products", Some(&token), Some(body));
        assert_eq!(
            (res.status, res.error_code()),
            (400, code.to_string()),
            "{body}: {}",
            res.body
        );
        assert!(!res.json()["error"]["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(
        api(&server.base, "GET", "/products", Some(&token), None).json(),
        json!([]),
        "nothing was created"
    );
}

#[test]
fn invalid_values_are_422_naming_each_field() {
    let server = Server::start();
    let token = server.api_token();
    let body = json!({"name": "", "kartra_tag": "t", "thank_you_url": "javascript:alert(1)",
        "prices": [{"kind": "one_time", "currency": "XYZ", "amount": 0},
                   {"kind": "subscription", "currency": "USD", "amount": 100, "interval": "fortnight"}]});
    let res = api(
        &server.base,
        "POST",
        "/products",
        Some(&token),
        Some(&body.to_string()),
    );
    assert_eq!(
        (res.status, res.error_code().as_str()),
        (422, "validation_failed"),
        "{}",
        res.body
    );
    let fields = &res.json()["error"]["fields"];
    for field in [
        "name",
        "thank_you_url",
        "prices[0].currency",
        "prices[0].amount",
        "prices[1].interval",
    ] {
        assert!(fields[field].is_string(), "{field} in {fields}");
    }
    let no_prices = api(
        &server.base,
        "POST",
        "/products",
        Some(&token),
        Some(r#"{"name": "A", "kartra_tag": "t", "prices": []}"#),
    );
    assert_eq!(
        no_prices.json()["error"]["fields"]["prices"],
        "needs at least one price option"
    );
    assert_eq!(
        api(&server.base, "GET", "/products", Some(&token), None).json(),
        json!([])
    );
}

#[test]
fn product_names_are_unique_and_a_product_on_a_page_cannot_be_deleted() {
    let server = Server::start();
    let token = server.api_token();
    let product = create_product(&server, &token, COURSE);
    let again = api(
        &server.base,
        "POST",
        "/products",
        Some(&token),
        Some(&COURSE.replace("Pro Course", "pro course")),
    );
    assert_eq!(
        (again.status, again.error_code().as_str()),
        (409, "name_taken")
    );
    let page = json!({"title": "Buy", "slug": "buy", "product_id": product["id"]});
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
    let res = api(
        &server.base,
        "DELETE",
        &format!("/products/{}", product["id"]),
        Some(&token),
        None,
    );
    assert_eq!(
        (res.status, res.error_code().as_str()),
        (409, "product_in_use")
    );
    assert!(res.body.contains("buy"), "names the page: {}", res.body);
}

#[test]
fn a_product_with_two_prices_is_created_and_edited_through_the_dashboard_form() {
    let server = Server::start();
    let browser = server.admin();
    let token = server.api_token();
    let res = browser.submit(
        "/admin/products/new",
        "/admin/products",
        &[
            ("name", "Membership"),
            ("kartra_tag", "members"),
            ("thank_you_url", ""),
            ("show_receipt", "on"),
            ("revoke_on_refund", "on"),
            ("prices[0].id", ""),
            ("prices[0].kind", "one_time"),
            ("prices[0].currency", "USD"),
            ("prices[0].amount", "1,049.50"),
            ("prices[0].interval", "month"),
            ("prices[0].interval_count", "1"),
            ("prices[1].id", ""),
            ("prices[1].kind", "subscription"),
            ("prices[1].currency", "jpy"),
            ("prices[1].amount", "4900"),
            ("prices[1].interval", "month"),
            ("prices[1].interval_count", "1"),
            ("prices[1].trial_days", "14"),
            ("prices[2].id", ""),
            ("prices[2].kind", "one_time"),
            ("prices[2].currency", "USD"),
            ("prices[2].amount", ""),
        ],
    );
    assert_eq!(
        (res.status, res.header("location")),
        (303, Some("/admin/products")),
        "{}",
        res.body
    );
    let products = api(&server.base, "GET", "/products", Some(&token), None).json();
    let prices = products[0]["prices"].as_array().unwrap();
    assert_eq!(prices.len(), 2, "the blank row is skipped");
    assert_eq!(products[0]["show_receipt"], true, "the receipt-first box");
    assert_eq!(
        (
            prices[0]["amount"].as_i64(),
            prices[0]["interval"].is_null()
        ),
        (Some(104950), true)
    );
    assert_eq!(
        (
            prices[1]["currency"].as_str(),
            prices[1]["amount"].as_i64(),
            prices[1]["trial_days"].as_i64()
        ),
        (Some("JPY"), Some(4900), Some(14))
    );
    let list = browser.get("/admin/products");
    assert!(list.body.contains("$1,049.50"), "{}", list.body);
    assert!(list
        .body
        .contains("free for 14 days, then ¥4,900 every month"));

    let id = products[0]["id"].as_i64().unwrap();
    let first_price = prices[0]["id"].to_string();
    let second_price = prices[1]["id"].to_string();
    let edit = browser.get(&format!("/admin/products/{id}"));
    assert!(
        edit.body.contains("value=\"1049.50\""),
        "amounts shown in major units"
    );
    let res = browser.submit(
        &format!("/admin/products/{id}"),
        &format!("/admin/products/{id}"),
        &[
            ("name", "Membership"),
            ("kartra_tag", "members"),
            ("prices[0].id", &first_price),
            ("prices[0].kind", "one_time"),
            ("prices[0].currency", "USD"),
            ("prices[0].amount", "99"),
            ("prices[1].id", &second_price),
            ("prices[1].kind", "subscription"),
            ("prices[1].currency", "JPY"),
            ("prices[1].amount", "4900"),
            ("prices[1].interval", "month"),
            ("prices[1].remove", "on"),
        ],
    );
    assert_eq!(res.status, 303, "{}", res.body);
    let product = api(
        &server.base,
        "GET",
        &format!("/products/{id}"),
        Some(&token),
        None,
    )
    .json();
    assert_eq!(
        product["revoke_on_refund"], false,
        "an unticked checkbox is off"
    );
    assert_eq!(product["prices"].as_array().unwrap().len(), 1);
    assert_eq!(product["prices"][0]["amount"], 9900);
    assert_eq!(product["prices"][0]["id"].to_string(), first_price);
}

#[test]
fn a_refused_product_form_comes_back_with_the_errors_and_saves_nothing() {
    let server = Server::start();
    let browser = server.admin();
    let token = server.api_token();
    let res = browser.submit(
        "/admin/products/new",
        "/admin/products",
        &[
            ("name", ""),
            ("kartra_tag", "members"),
            ("thank_you_url", "ftp://example.com"),
            ("prices[0].kind", "one_time"),
            ("prices[0].currency", "JPY"),
            ("prices[0].amount", "49.50"),
        ],
    );
    assert_eq!(res.status, 422);
    assert!(res.body.contains("is required"));
    assert!(res.body.contains("JPY has no decimals"));
    assert!(res.body.contains("must start with https:// or http://"));
    assert!(
        res.body.contains("value=\"members\""),
        "typed values are kept"
    );
    assert_eq!(
        api(&server.base, "GET", "/products", Some(&token), None).json(),
        json!([])
    );
    let add_row = browser.submit(
        "/admin/products/new",
        "/admin/products",
        &[
            ("name", "X"),
            ("action", "add_row"),
            ("prices[0].kind", "one_time"),
            ("prices[0].currency", "USD"),
            ("prices[0].amount", "5"),
        ],
    );
    assert_eq!(add_row.status, 200);
    assert!(add_row.body.contains("prices[1].amount"), "a new blank row");
    assert_eq!(
        api(&server.base, "GET", "/products", Some(&token), None).json(),
        json!([]),
        "adding a row saves nothing"
    );
}
