//! The shop's brand and the buyer's trust: the shop profile (Settings → Shop and the API), on
//! every buyer page and in `/shop.css`, the buyer 404 in the shop's brand.

mod country;
mod placeholders;
mod product_image;
mod profile;

use crate::harness::{api, Resp};
use crate::purchase::Shop;
use serde_json::{json, Value};

pub fn acme() -> Value {
    json!({
        "name": "Acme Courses",
        "logo_url": "https://cdn.acme.test/logo.png",
        "accent_color": "#ffd600",
        "support_email": "help@acme.test",
        "terms_url": "https://acme.test/terms",
        "privacy_url": "https://acme.test/privacy"
    })
}

pub fn put_shop(shop: &Shop, body: &Value) -> Resp {
    api(
        &shop.server.base,
        "PUT",
        "/settings/shop",
        Some(&shop.token),
        Some(&body.to_string()),
    )
}

/// The header and footer a buyer page shows for `acme()`.
/// The shop's stylesheet address a buyer page links (its `v` names the stylesheet's content).
pub fn shop_css_url(html: &str) -> String {
    let start = html
        .find("/shop.css?v=")
        .expect("a link to the shop's stylesheet");
    html[start..].split('"').next().unwrap().to_string()
}

pub fn assert_branded(what: &str, html: &str) {
    for expected in [
        r#"class="shop-logo" src="https://cdn.acme.test/logo.png" alt="Acme Courses""#,
        r#"href="mailto:help@acme.test""#,
        r#"href="https://acme.test/terms""#,
        r#"href="https://acme.test/privacy""#,
        r#"href="/shop.css?v="#,
    ] {
        assert!(html.contains(expected), "{what} lacks {expected}: {html}");
    }
}
