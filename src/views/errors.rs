use super::layout;
use crate::domain::shop::ShopProfile;
use crate::i18n::{self, Locale};
use actix_web::http::StatusCode;
use maud::{html, Markup};

pub fn page(status: StatusCode, message: &str) -> Markup {
    let title = status.canonical_reason().unwrap_or("Error");
    layout::bare(
        title,
        html! {
            h1 { (title) }
            p { (message) }
        },
    )
}

/// What a buyer sees when a page is missing or a step failed: the shop's header and footer,
/// nothing of tagcart's and no way into the dashboard. English shows the step's own message;
/// other languages say what kind of failure it was.
pub fn buyer(status: StatusCode, message: &str, shop: &ShopProfile, l: Locale) -> Markup {
    let kind = match status {
        StatusCode::NOT_FOUND => "not-found",
        StatusCode::TOO_MANY_REQUESTS => "too-many",
        s if s.is_client_error() => "request",
        StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT => {
            "unavailable"
        }
        _ => "server",
    };
    let title = i18n::t(l, &format!("error-{kind}-title"));
    let message = match (l, status) {
        (Locale::En, s) if s != StatusCode::NOT_FOUND => message.to_string(),
        _ => i18n::t(l, &format!("error-{kind}")),
    };
    layout::public(
        l,
        &title,
        shop,
        html! {
            main.checkout {
                h1 { (title) }
                p { (message) }
                @if let Some(email) = &shop.support_email {
                    p { (i18n::t(l, "error-need-help")) " " a href=(format!("mailto:{email}")) { (email) } }
                }
            }
        },
    )
}
