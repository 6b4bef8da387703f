//! Buyer pages: `/p/{slug}`, and `/` on a page's own domain.

use super::{html, see_other, AppState, HtmlResult};
use crate::db;
use crate::domain::page::Page;
use crate::domain::product::Product;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::views;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};

async fn load(
    state: &AppState,
    find: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<Option<Page>> + Send + 'static,
) -> Result<Option<(Page, Product)>, AppError> {
    state
        .db(move |conn| {
            let Some(page) = find(conn)? else {
                return Ok(None);
            };
            let product = db::products::get(conn, page.product_id)?;
            Ok(product.map(|product| (page, product)))
        })
        .await
}

fn render(found: Option<(Page, Product)>) -> HtmlResult {
    let (page, product) = found.ok_or_else(|| AppError::not_found("page"))?;
    Ok(html(
        StatusCode::OK,
        views::checkout::page(
            &page,
            &product,
            &Default::default(),
            &FieldErrors::default(),
        ),
    ))
}

pub async fn show(state: web::Data<AppState>, slug: web::Path<String>) -> HtmlResult {
    let slug = slug.into_inner();
    render(
        load(&state, move |conn| {
            db::pages::published_by_slug(conn, &slug)
        })
        .await?,
    )
}

/// A page's custom domain serves it at `/`; anywhere else `/` leads to the dashboard.
pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> HtmlResult {
    let host = req.connection_info().host().to_ascii_lowercase();
    let domain = host
        .rsplit_once(':')
        .map_or(host.as_str(), |(name, _)| name)
        .to_string();
    match load(&state, move |conn| {
        db::pages::published_by_domain(conn, &domain)
    })
    .await?
    {
        Some(found) => render(Some(found)),
        None => Ok(see_other("/admin")),
    }
}

/// Payments open with the checkout release; until then the form leads here and charges nothing.
/// The body is read first, so an oversized one is refused (413) before anything else.
pub async fn submit(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    _form: web::Bytes,
) -> HtmlResult {
    let slug = slug.into_inner();
    let (page, _) = load(&state, move |conn| {
        db::pages::published_by_slug(conn, &slug)
    })
    .await?
    .ok_or_else(|| AppError::not_found("page"))?;
    Ok(html(
        StatusCode::SERVICE_UNAVAILABLE,
        views::checkout::opens_soon(&page),
    ))
}
