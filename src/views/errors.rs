use super::layout;
use crate::domain::shop::ShopProfile;
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
/// nothing of tagcart's and no way into the dashboard.
pub fn buyer(status: StatusCode, message: &str, shop: &ShopProfile) -> Markup {
    let title = match status {
        StatusCode::NOT_FOUND => "Page not found",
        _ => status.canonical_reason().unwrap_or("Error"),
    };
    let message = match status {
        StatusCode::NOT_FOUND => "This page does not exist, or it is not open for orders.",
        _ => message,
    };
    layout::public(
        title,
        shop,
        html! {
            main.checkout {
                h1 { (title) }
                p { (message) }
                @if let Some(email) = &shop.support_email {
                    p { "Need help? Write to " a href=(format!("mailto:{email}")) { (email) } "." }
                }
            }
        },
    )
}
