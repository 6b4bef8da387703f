//! HTTP: the route table shared by `serve` and the tests, and the pieces every handler uses.

pub mod account;
pub mod admin;
pub mod api;
pub mod assets;
pub mod checkout;
pub mod client;
pub mod form;
pub mod kartra;
pub mod middleware;
pub mod ops;
pub mod order_actions;
pub mod order_filter;
pub mod orders_csv;
pub mod page_cache;
pub mod pay;
pub mod shop;
pub mod upsell;
pub mod webhooks;

use crate::config::Config;
use crate::crypto::SecretKey;
use crate::db::Pool;
use crate::error::AppError;
use crate::fulfillment::Fulfillment;
use crate::views;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use rusqlite::Connection;
use std::sync::Arc;

/// Request bodies larger than this get 413; checkout and admin forms are far smaller.
pub const BODY_LIMIT: usize = 64 * 1024;
/// Processors' webhook events, which we must never refuse for their size.
pub const WEBHOOK_BODY_LIMIT: usize = 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    /// Group commit for webhook events and placed orders: see `db::writer`.
    pub writer: crate::db::Writer,
    pub config: Arc<Config>,
    pub key: Arc<SecretKey>,
    /// Where handlers read the time: the wall clock, or the test's.
    pub clock: crate::clock::Clock,
    pub metrics: Arc<ops::Metrics>,
    /// Rendered checkout pages: see `page_cache`.
    pub pages: Arc<page_cache::PageCache>,
    /// Page views counted since the scheduler last wrote them.
    pub page_views: Arc<crate::page_views::Tally>,
    /// All argon2 work, one hash at a time (see `startup::HASHES_AT_ONCE`).
    pub hasher: Arc<crate::auth::password::Hasher>,
    /// Sign-in and setup attempts per client address.
    pub attempts: Arc<admin::attempts::AttemptLimit>,
    /// `/healthz`'s last successful write.
    pub write_probe: Arc<ops::WriteProbe>,
    pub fulfillment: Arc<Fulfillment>,
    /// The payment processors' clients for the saved keys.
    pub processors: Arc<crate::gateways::Registry>,
}

impl AppState {
    /// Runs blocking database work off the async executor.
    pub async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
    {
        let (pool, pages) = (self.pool.clone(), self.pages.clone());
        web::block(move || {
            let answer = f(&mut *pool.get()?);
            // Committed by now: pages render from the new catalog from here on.
            if crate::db::catalog::take_written() {
                pages.invalidate();
            }
            answer
        })
        .await?
    }

    /// A durable write that may share its commit with others queued at the same time.
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, AppError> + Send + 'static,
    {
        let (answer, catalog_written) = self
            .writer
            .write(move |conn| f(conn).map(|answer| (answer, crate::db::catalog::take_written())))
            .await?;
        if catalog_written {
            self.pages.invalidate();
        }
        Ok(answer)
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PayloadConfig::new(BODY_LIMIT))
        .app_data(api::json_config())
        .app_data(api::query_config())
        .route("/healthz", web::get().to(ops::healthz))
        .route("/metrics", web::get().to(ops::metrics))
        .route("/assets/{path:.*}", web::get().to(assets::serve))
        .route("/shop.css", web::get().to(shop::stylesheet))
        .route("/", web::get().to(checkout::home))
        .route("/p/{slug}", web::get().to(checkout::show))
        .route("/p/{slug}/checkout", web::post().to(checkout::submit))
        .route(
            "/thank-you/{payment_ref}",
            web::get().to(checkout::thank_you),
        )
        .route(
            "/thank-you/{payment_ref}/invoice/{number}",
            web::get().to(checkout::invoice),
        )
        .service(account::routes())
        .configure(pay::routes)
        .service(
            web::resource("/upsell/{payment_ref}")
                .get(upsell::show)
                .post(upsell::answer),
        )
        .service(
            web::scope("/webhooks")
                // A refused delivery is retried forever and its order never completes: processors'
                // events (a Stripe invoice with many lines) get more room than forms do.
                .app_data(web::PayloadConfig::new(WEBHOOK_BODY_LIMIT))
                .configure(webhooks::routes),
        )
        .service(web::scope("/api/v1").configure(api::routes))
        .service(web::scope("/admin").configure(admin::routes))
        .default_service(web::to(not_found));
}

/// Any other address: the API's JSON, the dashboard's page, or a buyer's page in the shop's brand.
async fn not_found(state: web::Data<AppState>, req: HttpRequest) -> HtmlResult {
    let error = AppError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "There is nothing at this address.",
    );
    if req.path().starts_with("/api/") {
        return Ok(error.error_response());
    }
    if req.path().starts_with("/admin") {
        return Err(error.into());
    }
    shop::branded(&state, &req, Err(error.into())).await
}

/// An `AppError` shown as an HTML page (admin and buyer pages); a missing admin session
/// becomes a redirect to the sign-in page.
#[derive(Debug)]
pub struct HtmlError(pub AppError);

impl<E: Into<AppError>> From<E> for HtmlError {
    fn from(e: E) -> HtmlError {
        HtmlError(e.into())
    }
}

impl std::fmt::Display for HtmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ResponseError for HtmlError {
    fn status_code(&self) -> StatusCode {
        self.0.status
    }
    fn error_response(&self) -> HttpResponse {
        if self.0.status == StatusCode::UNAUTHORIZED {
            return see_other("/admin/login");
        }
        let body = views::errors::page(self.0.status, &self.0.message);
        HttpResponse::build(self.0.status)
            .content_type("text/html; charset=utf-8")
            .body(body.into_string())
    }
}

pub type HtmlResult = Result<HttpResponse, HtmlError>;

/// 303: after a form post, the browser GETs the next page.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// An HTML page with the given status.
pub fn html(status: StatusCode, markup: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// An invoice or credit note as a PDF download named by its number. Rendering takes a few
/// milliseconds of CPU: it runs off the async executor.
pub async fn pdf_response(
    document: &crate::domain::invoice::Document,
) -> Result<HttpResponse, AppError> {
    let d = document.clone();
    let bytes = web::block(move || crate::invoices::pdf::render(&d))
        .await
        .map_err(AppError::from)?
        .map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{}.pdf\"", document.number),
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
