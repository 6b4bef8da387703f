//! The shop's brand on buyer responses: `/shop.css`, and error pages in the shop's colours
//! (never tagcart's, never a link to the dashboard).

use super::{AppState, HtmlResult};
use crate::i18n::Locale;
use crate::settings;
use crate::views;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};

/// `GET /shop.css?v=<hash>`: cached for a year when `v` names the stylesheet of the saved accent
/// (pages link it so), briefly otherwise.
pub async fn stylesheet(state: web::Data<AppState>, req: HttpRequest) -> HtmlResult {
    let profile = state.db(|conn| Ok(settings::shop_profile(conn)?)).await?;
    let current = views::shop::stylesheet_url(&profile);
    let asked = format!("{}?{}", req.path(), req.query_string());
    let cache = match current {
        Some(url) if url == asked => "public, max-age=31536000, immutable",
        _ => "public, max-age=60",
    };
    Ok(HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, cache))
        .body(views::shop::stylesheet(&profile)))
}

/// A buyer page's error as a page in the shop's brand; redirects and successes pass through.
/// It speaks the buyer's language (`Accept-Language`): an error may come before any page is
/// known.
pub async fn branded(state: &AppState, req: &HttpRequest, answer: HtmlResult) -> HtmlResult {
    let error = match answer {
        Ok(response) => return Ok(response),
        Err(e) if e.0.status == StatusCode::UNAUTHORIZED => return Err(e),
        Err(e) => e.0,
    };
    let profile = match state.db(|conn| Ok(settings::shop_profile(conn)?)).await {
        Ok(profile) => profile,
        // The plain error page still says what went wrong.
        Err(_) => return Err(error.into()),
    };
    let mut response = super::html(
        error.status,
        views::errors::buyer(error.status, &error.message, &profile, buyer_language(req)),
    );
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(super::checkout::PAGE_CSP),
    );
    Ok(response)
}

/// The buyer's language among the buyer pages' (English when none is).
pub fn buyer_language(req: &HttpRequest) -> Locale {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language)
        .unwrap_or_default()
}
