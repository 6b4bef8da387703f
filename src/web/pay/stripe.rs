//! Stripe's payment page, `/pay/stripe/{payment_ref}`, where Stripe.js's Payment Element
//! confirms the payment (or saves the card of a subscription), its step that then makes the
//! subscription, and the Apple Pay domain association file.

use super::{next_after, order_language, order_of, unavailable};
use crate::db;
use crate::db::orders::Order;
use crate::domain::discount::Discount;
use crate::domain::order::OrderStatus;
use crate::domain::product::{PriceKind, PriceTerms};
use crate::error::AppError;
use crate::gateways::stripe::{PlanItem, StripeError, StripeProcessor};
use crate::gateways::Gateway;
use crate::views;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

/// Where Apple looks for the file that proves the merchant's Stripe account may take Apple Pay
/// on this domain; the merchant saves Stripe's file of that name in the data dir.
pub const APPLE_PAY_FILE: &str = "apple-developer-merchantid-domain-association";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        &format!("/.well-known/{APPLE_PAY_FILE}"),
        web::get().to(apple_pay_domain),
    )
    .route("/pay/stripe/{payment_ref}", web::get().to(card))
    .route(
        "/pay/stripe/{payment_ref}/subscribe",
        web::post().to(subscribe),
    );
}

/// Scripts, frames and calls the Payment Element needs (as Stripe lists them for a
/// Content-Security-Policy), and nothing else.
pub(crate) fn payment_csp(state: &AppState) -> String {
    let origin = |u: &url::Url| u.origin().ascii_serialization();
    let js = origin(&state.config.stripe_js_url);
    let api = origin(state.config.api_url(Gateway::Stripe));
    let stripe_js = "https://js.stripe.com https://*.js.stripe.com";
    format!(
        "default-src 'self'; script-src 'self' {js} {stripe_js}; frame-src {js} {stripe_js} https://hooks.stripe.com; \
         connect-src 'self' {js} {api}; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
}

/// The Apple Pay domain association file, read at each request (adding it needs no restart);
/// 404 until it is in the data dir.
async fn apple_pay_domain(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let path = state.config.data_dir.join(APPLE_PAY_FILE);
    match web::block(move || std::fs::read(path)).await? {
        Ok(file) => Ok(HttpResponse::Ok().content_type("text/plain").body(file)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(AppError::not_found("Apple Pay domain association file"))
        }
        Err(e) => Err(AppError::internal(format!("reading {APPLE_PAY_FILE}: {e}"))),
    }
}

pub async fn card(
    state: web::Data<AppState>,
    payment_ref: web::Path<String>,
    req: HttpRequest,
) -> HtmlResult {
    let answer = payment_page(&state, payment_ref.into_inner()).await;
    crate::web::shop::branded(&state, &req, answer).await
}

async fn payment_page(state: &AppState, payment_ref: String) -> HtmlResult {
    let stripe = state.processors.concrete::<StripeProcessor>();
    let (order, product_name, next, summary, locale, profile, saves_card, paid_with) = state
        .db(move |conn| {
            let order = order_of(conn, &payment_ref, Gateway::Stripe)?;
            let product = db::products::get(conn, order.product_id)?
                .ok_or_else(|| AppError::not_found("payment"))?;
            let next = next_after(conn, &order)?;
            // The option as this order bought it (its own amount, before the coupon); once the
            // merchant changed its kind or currency, the amount alone is honest.
            let lines = db::order_lines::of_order(conn, order.id)?;
            let locale = order_language(conn, &order)?;
            let summary = (product.prices.iter())
                .find(|p| p.id == order.price_id)
                .and_then(|p| {
                    views::checkout::ordered_quote(&order, &lines, &p.terms, order.created_at)
                })
                .map(|(t, quote)| (crate::i18n::words::price(locale, &t), quote));
            // The card is kept for the page's upsell: the page says so before the buyer pays.
            let saves_card = order.price_kind == PriceKind::OneTime
                && crate::web::upsell::offered(conn, &order)?.is_some();
            let profile = crate::settings::shop_profile(conn)?;
            // An upsell is confirmed with the card its parent's payment saved.
            let paid_with = match order.parent_order_id {
                Some(parent) => db::orders::get(conn, parent)?.and_then(|p| p.processor_ref),
                None => None,
            };
            Ok((
                order,
                product.name,
                next,
                summary,
                locale,
                profile,
                saves_card,
                paid_with,
            ))
        })
        .await?;
    let stripe = stripe.ok_or_else(|| unavailable(Gateway::Stripe))?;
    if order.status != OrderStatus::Pending || order.client_secret.is_none() {
        return Ok(see_other(&format!("/thank-you/{}", order.payment_ref)));
    }
    let saved_card = match paid_with {
        Some(paid_with) => {
            let client = stripe.clone();
            let found = web::block(move || client.client().saved_card(&paid_with))
                .await
                .map_err(AppError::from)?;
            let (_, card) = found.map_err(|e| {
                tracing::error!(error = %e, order = order.id.0, "stripe: the upsell's saved card could not be read");
                unavailable(Gateway::Stripe)
            })?;
            Some(card)
        }
        None => None,
    };
    let page = views::stripe::PaymentPage {
        order: &order,
        product_name: &product_name,
        publishable_key: stripe.publishable_key(),
        client_secret: order.client_secret.as_deref().unwrap_or(""),
        stripe_js_url: state.config.stripe_js_url.as_str(),
        next: &next,
        return_url: &format!(
            "{}/pay/stripe/return?ref={}",
            state.config.public_url(),
            order.payment_ref
        ),
        summary: summary
            .as_ref()
            .map(|(words, quote)| (words.as_str(), quote)),
        locale,
        shop: &profile,
        saves_card,
        saved_card: saved_card.as_deref(),
    };
    let mut response = html(StatusCode::OK, views::stripe::payment_page(&page));
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        payment_csp(state).parse().expect("a valid header"),
    );
    Ok(response)
}

/// The card page saved the card (a succeeded SetupIntent): create the subscription or payment
/// plan at Stripe, charging that card. Answers `{"next": url}`, plus `"confirm": secret` when
/// the first payment needs 3-D Secure in the browser. A repeated call answers the same without
/// a second subscription. The order completes only from Stripe's webhook, never here.
pub async fn subscribe(
    state: web::Data<AppState>,
    payment_ref: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let pool = state.pool.clone();
    let stripe = state.processors.concrete::<StripeProcessor>();
    let payment_ref = payment_ref.into_inner();
    let answer = web::block(move || -> Result<serde_json::Value, AppError> {
        let conn = pool.get()?;
        let not_subscribable = || {
            AppError::conflict(
                "not_subscribable",
                "This payment is not a card subscription waiting for its card.",
            )
        };
        let order = db::orders::by_payment_ref(&conn, &payment_ref)?
            .ok_or_else(|| AppError::not_found("payment"))?;
        if order.gateway != Gateway::Stripe || order.status != OrderStatus::Pending {
            return Err(not_subscribable());
        }
        let next = next_after(&conn, &order)?;
        let processor_ref = order.processor_ref.clone().unwrap_or_default();
        if processor_ref.starts_with("sub_") {
            // Already subscribed: the same answer, no second subscription.
            return Ok(match &order.client_secret {
                Some(secret) if secret.starts_with("pi_") => json!({ "confirm": secret, "next": next }),
                _ => json!({ "next": next }),
            });
        }
        if !processor_ref.starts_with("seti_") {
            return Err(not_subscribable());
        }
        let billed = billed_lines(&conn, &order)?.ok_or_else(not_subscribable)?;
        let stripe = stripe.ok_or_else(|| unavailable(Gateway::Stripe))?;
        let subscribed = stripe
            .client()
            .subscribe_with_setup(
                &order.payment_ref,
                &billed.items,
                &processor_ref,
                billed.discount.as_ref(),
            )
            .map_err(|e| match e {
                StripeError::Api { status: 409, message, .. } => {
                    AppError::conflict("card_not_saved", message)
                }
                e => {
                    tracing::error!(error = %e, order = order.id.0, "stripe: starting the subscription failed");
                    unavailable(Gateway::Stripe)
                }
            })?;
        db::orders::set_processor_ref(
            &conn,
            order.id,
            &subscribed.processor_ref,
            subscribed.confirm.as_deref(),
        )?;
        Ok(match subscribed.confirm {
            Some(secret) => json!({ "confirm": secret, "next": next }),
            None => json!({ "next": next }),
        })
    })
    .await
    .map_err(AppError::from)??;
    Ok(HttpResponse::Ok().json(answer))
}

struct Billed {
    items: Vec<PlanItem>,
    discount: Option<Discount>,
}

/// The recurring lines an order's subscription bills, each with its product's name and the
/// price it was ordered at (the main line first) with its share of any tax added, and the
/// coupon as it applies to them: on the main line only (`SaleTax::billed`). `None`
/// when the order's price is gone or no longer recurring.
fn billed_lines(conn: &rusqlite::Connection, order: &Order) -> Result<Option<Billed>, AppError> {
    let mut items = vec![];
    for line in db::order_lines::of_order(conn, order.id)? {
        let product = db::products::get(conn, line.product_id)?;
        let terms = (product.iter().flat_map(|p| &p.prices))
            .find(|p| p.id == line.price_id && p.terms.kind == line.price_kind)
            .map(|p| PriceTerms {
                amount: line.amount,
                ..p.terms.clone()
            });
        match terms {
            Some(terms) if terms.kind != PriceKind::OneTime => items.push(PlanItem {
                product_name: line.product_name,
                terms,
            }),
            _ => return Ok(None),
        }
    }
    if items.is_empty() {
        return Ok(None);
    }
    // Each item with its share of the tax; the coupon as the processor takes it off the whole.
    let amounts: Vec<i64> = items.iter().map(|i| i.terms.amount).collect();
    let (billed, discount) = order.sale_tax.billed(&amounts, order.coupon.as_ref());
    for (item, amount) in items.iter_mut().zip(billed) {
        item.terms.amount = amount;
    }
    Ok(Some(Billed { items, discount }))
}
