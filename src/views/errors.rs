use super::layout;
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
