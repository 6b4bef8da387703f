//! Checkout pages: the JSON API (sections, templates, drafts and publishing, addresses), what
//! buyers see at `/p/{slug}` and on a custom domain, and the dashboard's page editor.

use crate::harness::{api, csrf_of, raw_get, raw_get_bytes, Browser, Resp, Server};
use crate::products::{create_product, COURSE};
use crate::purchase::Shop;
use serde_json::{json, Value};

mod api;
mod drafts;
mod editor;
mod language;
mod sections;
mod selling;
mod settings;

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

// For the dashboard's page editor, driven over HTTP as a signed-in admin would.

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
