//! The dashboard at `/admin`: sign-in, and the pages that manage products, pages, tokens, admins.

mod access;
mod admins;
pub mod attempts;
mod attention;
mod buyers;
mod coupons;
mod editor;
mod orders;
mod pages;
mod products;
mod sales;
mod session;
mod settings;
mod signin;
mod tokens;

pub use session::Admin;

use super::middleware::same_origin;
use super::{html, AppState, HtmlResult};
use crate::db;
use crate::views;
use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("")
            .wrap(from_fn(same_origin))
            .route("", web::get().to(overview))
            .route("/", web::get().to(overview))
            .service(
                web::resource("/login")
                    .get(signin::login_form)
                    .post(signin::login),
            )
            .route("/logout", web::post().to(signin::logout))
            .service(
                web::resource("/setup")
                    .get(signin::setup_form)
                    .post(signin::setup),
            )
            .service(
                web::resource("/products")
                    .get(products::list)
                    .post(products::create),
            )
            .route("/products/new", web::get().to(products::new))
            .service(
                web::resource("/products/{id}")
                    .get(products::edit)
                    .post(products::update),
            )
            .route("/products/{id}/delete", web::post().to(products::delete))
            .service(
                web::resource("/coupons")
                    .get(coupons::list)
                    .post(coupons::create),
            )
            .route("/coupons/new", web::get().to(coupons::new))
            .service(
                web::resource("/coupons/{id}")
                    .get(coupons::edit)
                    .post(coupons::update),
            )
            .route("/coupons/{id}/pause", web::post().to(coupons::pause))
            .route("/coupons/{id}/resume", web::post().to(coupons::resume))
            .route("/coupons/{id}/delete", web::post().to(coupons::delete))
            .service(web::resource("/pages").get(pages::list).post(pages::create))
            .route("/pages/new", web::get().to(pages::new))
            .route("/pages/{id}", web::get().to(editor::show))
            .route("/pages/{id}/preview", web::get().to(editor::preview))
            .route("/pages/{id}/sections", web::post().to(editor::add))
            .route(
                "/pages/{id}/sections/{index}/{action}",
                web::post().to(editor::change),
            )
            .route("/pages/{id}/settings", web::get().to(pages::settings))
            .route("/pages/{id}/sales", web::get().to(sales::page))
            .route(
                "/pages/{id}/{form:checkout|settings|bump|upsell}",
                web::post().to(pages::save_settings),
            )
            .route(
                "/pages/{id}/{action:publish|unpublish|discard}",
                web::post().to(pages::release),
            )
            .route("/pages/{id}/delete", web::post().to(pages::delete))
            .service(
                web::resource("/tokens")
                    .get(tokens::list)
                    .post(tokens::create),
            )
            .route("/tokens/{id}/delete", web::post().to(tokens::delete))
            .service(
                web::resource("/admins")
                    .get(admins::list)
                    .post(admins::create),
            )
            .route("/admins/{id}/delete", web::post().to(admins::delete))
            .route("/orders", web::get().to(orders::list))
            .route("/orders.csv", web::get().to(orders::csv))
            .route("/orders/{id}", web::get().to(orders::show))
            .route("/orders/{id}/replay", web::post().to(orders::replay))
            .route("/orders/{id}/refund", web::post().to(orders::refund))
            .route("/orders/{id}/cancel", web::post().to(orders::cancel))
            .route(
                "/orders/{id}/invoice/{number}",
                web::get().to(orders::invoice),
            )
            .route(
                "/orders/{id}/emails/{email}/resend",
                web::post().to(orders::resend_email),
            )
            .route("/buyers/{email}", web::get().to(buyers::show))
            .route(
                "/buyers/{email}/read-back",
                web::post().to(buyers::read_back),
            )
            .route("/access/reapply-all", web::post().to(access::reapply_all))
            .route("/access/{id}/reapply", web::post().to(access::reapply))
            .route("/attention", web::get().to(attention::list))
            .route("/attention/retry", web::post().to(attention::retry))
            .route("/diagnostics", web::get().to(attention::diagnostics))
            .service(
                web::resource("/settings/kartra")
                    .get(settings::kartra)
                    .post(settings::save_kartra),
            )
            .route(
                "/settings/kartra/auto-reapply",
                web::post().to(settings::save_auto_reapply),
            )
            .service(
                web::resource("/settings/gateways")
                    .get(settings::gateways)
                    .post(settings::save_gateways),
            )
            .service(
                web::resource("/settings/alerts")
                    .get(settings::alerts)
                    .post(settings::save_alerts),
            )
            .service(
                web::resource("/settings/webhooks")
                    .get(settings::webhooks)
                    .post(settings::add_webhook),
            )
            .route(
                "/settings/webhooks/{id}/delete",
                web::post().to(settings::delete_webhook),
            )
            .route(
                "/settings/webhooks/deliveries/{id}/resend",
                web::post().to(settings::resend_delivery),
            )
            .service(
                web::resource("/settings/shop")
                    .get(settings::shop)
                    .post(settings::save_shop),
            )
            .service(
                web::resource("/settings/email")
                    .get(settings::email)
                    .post(settings::save_email),
            )
            .route(
                "/settings/email/preview/{kind}",
                web::get().to(settings::email_preview),
            )
            .route(
                "/settings/email/preview/{kind}/html",
                web::get().to(settings::email_preview_html),
            )
            .service(
                web::resource("/settings/tax")
                    .get(settings::tax)
                    .post(settings::save_tax),
            ),
    );
}

async fn overview(
    state: web::Data<AppState>,
    admin: Admin,
    range: web::Query<sales::Range>,
) -> HtmlResult {
    let public_url = state.config.public_url().to_string();
    let kartra = crate::web::kartra::kartra_health(&state).await?;
    let sales = sales::dashboard(&state, range.into_inner(), None, "/admin").await?;
    let now = state.clock.now();
    let overview = state
        .db(move |conn| {
            Ok(views::admin::overview::Overview {
                products: db::products::list(conn)?.len(),
                pages: db::pages::list(conn)?,
                public_url,
                kartra,
                stuck: db::orders::stuck_pending(
                    conn,
                    now - crate::diagnostics::STUCK_PENDING_SECS,
                )?,
                test_gateway_on: crate::settings::gateway_enabled(
                    conn,
                    crate::gateways::Gateway::Test,
                )?,
                has_orders: !db::orders::list(conn, None, None, 1)?.is_empty(),
                sales,
                email_configured: crate::settings::email_configured(conn)?,
                emails_waiting: db::emails::waiting(conn)?,
                now,
            })
        })
        .await?;
    Ok(html(
        StatusCode::OK,
        views::admin::overview::page(&admin.nav("overview"), &overview),
    ))
}

/// Ids in dashboard paths; anything that is not a positive integer is not found.
pub(crate) fn path_id<Id: std::str::FromStr + Copy>(
    path: &web::Path<String>,
    what: &str,
) -> Result<Id, crate::error::AppError>
where
    i64: From<Id>,
{
    path.parse::<Id>()
        .ok()
        .filter(|id| i64::from(*id) > 0)
        .ok_or_else(|| crate::error::AppError::not_found(what))
}
