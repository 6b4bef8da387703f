//! Stripe and PayPal: starting a payment after checkout, the buyer's steps at the processor,
//! and their webhooks. Orders complete only from a verified processor event.

use super::{html, see_other, AppState, HtmlResult};
use crate::clock;
use crate::db::{self, orders::Order};
use crate::domain::gateway::Gateway;
use crate::domain::order::OrderStatus;
use crate::domain::product::{PriceKind, PriceTerms};
use crate::error::AppError;
use crate::gateways::paypal::{self, PayPalHeaders};
use crate::gateways::stripe::{self, Stripe};
use crate::gateways::{Event, WebhookError};
use crate::orders::{ledger as payments, Ingested};
use crate::settings;
use crate::views;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

fn unavailable(what: &str) -> AppError {
    AppError::new(
        StatusCode::BAD_GATEWAY,
        "processor_unavailable",
        format!(
            "{what} could not be reached, and nothing was charged. Please try again in a moment."
        ),
    )
}

/// Creates the payment at the processor for a just-placed order and says where the buyer goes next.
pub async fn start(
    state: &AppState,
    order_id: i64,
    gateway: Gateway,
    terms: PriceTerms,
    product_name: String,
    slug: String,
) -> HtmlResult {
    let key = state.key.clone();
    let config = state.config.clone();
    let public = config.public_url().to_string();
    let pool = state.pool.clone();
    let paypal_clients = state.paypal.clone();
    let started = web::block(move || -> Result<String, AppError> {
        let conn = pool.get()?;
        let order = db::orders::get(&conn, order_id)?.ok_or_else(|| AppError::not_found("order"))?;
        let recurring = terms.kind != PriceKind::OneTime;
        let next = match gateway {
            Gateway::Stripe => {
                let keys = settings::stripe_keys(&conn, &key)?.ok_or_else(|| unavailable("Card payments"))?;
                let stripe = Stripe::new(config.stripe_api_url.clone(), keys.secret_key);
                // Recurring: card first (a SetupIntent); `stripe_subscribe` then makes the subscription.
                let started = match recurring {
                    false => stripe.start_one_time(&order.payment_ref, &terms, &order.buyer.email, &product_name),
                    true => stripe.start_card_setup(&order.payment_ref, &order.buyer.email),
                };
                let started = started.map_err(|e| {
                    tracing::error!(error = %e, order = order_id, "stripe: starting the payment failed");
                    unavailable("The card processor")
                })?;
                db::orders::set_processor_ref(&conn, order_id, &started.processor_ref, Some(&started.client_secret))?;
                format!("/pay/stripe/{}", order.payment_ref)
            }
            Gateway::Paypal => {
                let keys = settings::paypal_keys(&conn, &key)?.ok_or_else(|| unavailable("PayPal"))?;
                let paypal = paypal_clients.get(&config.paypal_api_url, &keys);
                let back = format!("{public}/pay/paypal/return?ref={}", order.payment_ref);
                let cancel = format!("{public}/p/{slug}");
                let started = match recurring {
                    false => paypal.start_order(&order.payment_ref, &terms, &product_name, &back, &cancel),
                    true => paypal.start_subscription(&order.payment_ref, &terms, &product_name, &back, &cancel),
                };
                let started = started.map_err(|e| {
                    tracing::error!(error = %e, order = order_id, "paypal: starting the payment failed");
                    unavailable("PayPal")
                })?;
                db::orders::set_processor_ref(&conn, order_id, &started.processor_ref, None)?;
                started.approve_url
            }
            Gateway::Test => format!("/pay/test/{}", order.payment_ref),
        };
        Ok(next)
    })
    .await
    .map_err(AppError::from)?;
    match started {
        Ok(next) => Ok(see_other(&next)),
        Err(e) => {
            // Nothing was charged: the order will never be paid, say so instead of leaving it pending.
            state
                .db(move |conn| {
                    Ok(db::orders::set_status(
                        conn,
                        order_id,
                        OrderStatus::Failed,
                        clock::now(),
                    )?)
                })
                .await?;
            Err(e.into())
        }
    }
}

fn order_of(
    conn: &rusqlite::Connection,
    payment_ref: &str,
    gateway: Gateway,
) -> Result<Order, AppError> {
    db::orders::by_payment_ref(conn, payment_ref)?
        .filter(|o| o.gateway == gateway.as_str())
        .ok_or_else(|| AppError::not_found("payment"))
}

/// Where the buyer goes once the processor has the payment: the product's page or ours.
fn thank_you(conn: &rusqlite::Connection, order: &Order) -> Result<String, AppError> {
    let product = db::products::get(conn, order.product_id)?;
    Ok(product
        .and_then(|p| p.thank_you_url)
        .unwrap_or_else(|| format!("/thank-you/{}", order.payment_ref)))
}

/// Scripts and frames the card form needs, and nothing else.
fn card_csp(state: &AppState) -> String {
    let origin = |u: &url::Url| u.origin().ascii_serialization();
    let js = origin(&state.config.stripe_js_url);
    let api = origin(&state.config.stripe_api_url);
    format!(
        "default-src 'self'; script-src 'self' {js}; frame-src {js} https://js.stripe.com https://hooks.stripe.com; \
         connect-src 'self' {js} {api}; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
}

pub async fn stripe_card(state: web::Data<AppState>, payment_ref: web::Path<String>) -> HtmlResult {
    let key = state.key.clone();
    let payment_ref = payment_ref.into_inner();
    let (order, product_name, publishable_key, next, terms) = state
        .db(move |conn| {
            let order = order_of(conn, &payment_ref, Gateway::Stripe)?;
            let product = db::products::get(conn, order.product_id)?
                .ok_or_else(|| AppError::not_found("payment"))?;
            let keys =
                settings::stripe_keys(conn, &key)?.ok_or_else(|| unavailable("Card payments"))?;
            let next = thank_you(conn, &order)?;
            // The price as the buyer chose it; if it was edited since, the amount alone is honest.
            let terms = product
                .prices
                .iter()
                .find(|p| {
                    p.id == order.price_id
                        && p.terms.amount == order.amount
                        && p.terms.currency == order.currency
                })
                .map(|p| p.terms.describe());
            Ok((order, product.name, keys.publishable_key, next, terms))
        })
        .await?;
    if order.status != OrderStatus::Pending || order.client_secret.is_none() {
        return Ok(see_other(&format!("/thank-you/{}", order.payment_ref)));
    }
    let page = views::stripe::CardPage {
        order: &order,
        product_name: &product_name,
        publishable_key: &publishable_key,
        client_secret: order.client_secret.as_deref().unwrap_or(""),
        stripe_js_url: state.config.stripe_js_url.as_str(),
        next: &next,
        terms: terms.as_deref(),
    };
    let mut response = html(StatusCode::OK, views::stripe::card_page(&page));
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        card_csp(&state).parse().expect("a valid header"),
    );
    Ok(response)
}

/// The card page saved the card (a succeeded SetupIntent): create the subscription or payment
/// plan at Stripe, charging that card. Answers `{"next": url}`, plus `"confirm": secret` when
/// the first payment needs 3-D Secure in the browser. A repeated call answers the same without
/// a second subscription. The order completes only from Stripe's webhook, never here.
pub async fn stripe_subscribe(
    state: web::Data<AppState>,
    payment_ref: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (key, config, pool) = (state.key.clone(), state.config.clone(), state.pool.clone());
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
        if order.gateway != Gateway::Stripe.as_str() || order.status != OrderStatus::Pending {
            return Err(not_subscribable());
        }
        let next = thank_you(&conn, &order)?;
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
        let product = db::products::get(&conn, order.product_id)?
            .ok_or_else(|| AppError::not_found("payment"))?;
        let terms = product
            .prices
            .iter()
            .find(|p| p.id == order.price_id)
            .map(|p| p.terms.clone())
            .ok_or_else(not_subscribable)?;
        if terms.kind == PriceKind::OneTime {
            return Err(not_subscribable());
        }
        let keys = settings::stripe_keys(&conn, &key)?.ok_or_else(|| unavailable("Card payments"))?;
        let stripe = Stripe::new(config.stripe_api_url.clone(), keys.secret_key);
        let subscribed = stripe
            .subscribe_with_setup(&order.payment_ref, &terms, &product.name, &processor_ref)
            .map_err(|e| match e {
                stripe::StripeError::Api { status: 409, message, .. } => {
                    AppError::conflict("card_not_saved", message)
                }
                e => {
                    tracing::error!(error = %e, order = order.id, "stripe: starting the subscription failed");
                    unavailable("The card processor")
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

#[derive(serde::Deserialize)]
pub struct PayPalReturn {
    #[serde(rename = "ref")]
    payment_ref: String,
}

/// The buyer approved at PayPal: capture a one-time order now (the webhook completes it).
pub async fn paypal_return(
    state: web::Data<AppState>,
    query: web::Query<PayPalReturn>,
) -> HtmlResult {
    let (key, config, pool) = (state.key.clone(), state.config.clone(), state.pool.clone());
    let paypal_clients = state.paypal.clone();
    let payment_ref = query.into_inner().payment_ref;
    let next = web::block(move || -> Result<String, AppError> {
        let conn = pool.get()?;
        let order = order_of(&conn, &payment_ref, Gateway::Paypal)?;
        if let (Some(processor_ref), "one_time") = (&order.processor_ref, order.price_kind.as_str())
        {
            let keys = settings::paypal_keys(&conn, &key)?.ok_or_else(|| unavailable("PayPal"))?;
            let paypal = paypal_clients.get(&config.paypal_api_url, &keys);
            if let Err(e) = paypal.capture(processor_ref) {
                // The CHECKOUT.ORDER.APPROVED webhook and reconciliation capture it too.
                tracing::warn!(error = %e, order = order.id, "paypal: capture on return failed");
            }
        }
        thank_you(&conn, &order)
    })
    .await
    .map_err(AppError::from)??;
    Ok(see_other(&next))
}

fn received(outcome: &str) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "received": true, "outcome": outcome }))
}

/// Applies a verified event, and ends a Stripe payment plan whose last installment it paid.
async fn apply(
    state: &AppState,
    gateway: Gateway,
    event: Event,
    body: &[u8],
) -> Result<HttpResponse, AppError> {
    let payload = String::from_utf8_lossy(body).into_owned();
    let counts = gateway != Gateway::Paypal; // PayPal plans end themselves after their cycles
    let (ingested, event) = state
        .write(move |conn| {
            let ingested = payments::apply_event(
                conn,
                gateway.as_str(),
                &event,
                &payload,
                counts,
                clock::now(),
            )?;
            Ok((ingested, event))
        })
        .await?;
    ingested.log(gateway.as_str(), &event);
    if let Ingested::Applied {
        jobs,
        plan_finished,
        ..
    } = &ingested
    {
        if *jobs > 0 {
            state.fulfillment.wake();
        }
        if *plan_finished {
            // The maintenance thread ends the plan at the processor (and retries until it can).
            state.fulfillment.wake();
        }
    }
    Ok(received(ingested.as_str()))
}

pub async fn stripe_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let signature = req
        .headers()
        .get("Stripe-Signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let key = state.key.clone();
    let raw = body.to_vec();
    let parsed = state
        .db(move |conn| {
            let keys = settings::stripe_keys(conn, &key)?.ok_or(WebhookError::NotConfigured)?;
            Ok(stripe::parse_webhook(
                &keys.webhook_secret,
                &signature,
                &raw,
                clock::now(),
            )?)
        })
        .await?;
    let p = parsed;
    match Event::of(
        p.id,
        p.type_name,
        p.kind,
        p.payment_ref,
        p.processor_ref,
        p.payment_id,
        p.paid,
    ) {
        Some(event) => apply(&state, Gateway::Stripe, event, &body).await,
        None => Ok(received("ignored")),
    }
}

pub async fn paypal_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let h = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let headers = PayPalHeaders {
        auth_algo: h("PAYPAL-AUTH-ALGO"),
        cert_url: h("PAYPAL-CERT-URL"),
        transmission_id: h("PAYPAL-TRANSMISSION-ID"),
        transmission_sig: h("PAYPAL-TRANSMISSION-SIG"),
        transmission_time: h("PAYPAL-TRANSMISSION-TIME"),
    };
    let (key, config, pool) = (state.key.clone(), state.config.clone(), state.pool.clone());
    let paypal_clients = state.paypal.clone();
    let raw = body.to_vec();
    // Verification is a call to PayPal: blocking, off the executor.
    let parsed = web::block(move || -> Result<paypal::PayPalEvent, AppError> {
        let conn = pool.get()?;
        let keys = settings::paypal_keys(&conn, &key)?.ok_or(WebhookError::NotConfigured)?;
        let paypal = paypal_clients.get(&config.paypal_api_url, &keys);
        match paypal.verify_webhook(&keys.webhook_id, &headers, &raw) {
            Ok(true) => {}
            Ok(false) => return Err(WebhookError::BadSignature.into()),
            // PayPal will deliver again: answer so that it does.
            Err(e) => return Err(AppError::new(StatusCode::SERVICE_UNAVAILABLE, "verification_unavailable", format!("PayPal could not verify the event: {e}"))),
        }
        let event = paypal::parse_event(&raw)?;
        if let Some(order_id) = &event.needs_capture {
            if let Err(e) = paypal.capture(order_id) {
                tracing::warn!(error = %e, "paypal: capture after approval failed; reconciliation will retry");
            }
        }
        Ok(event)
    })
    .await
    .map_err(AppError::from)??;
    let p = parsed;
    match Event::of(
        p.id,
        p.type_name,
        p.kind,
        p.payment_ref,
        p.processor_ref,
        p.payment_id,
        p.paid,
    ) {
        Some(event) => apply(&state, Gateway::Paypal, event, &body).await,
        None => Ok(received("ignored")),
    }
}
