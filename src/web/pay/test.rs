//! The built-in test gateway's processor page, `/pay/test/{payment_ref}`: it plays the
//! processor, and its buttons send signed events through the same webhook code as real ones.

use super::order_of;
use crate::crypto::random_token;
use crate::db;
use crate::domain::gateway::Gateway;
use crate::domain::order::PaymentEvent;
use crate::error::AppError;
use crate::gateways::test::{self as test_gateway, TestProcessor, SIGNATURE_HEADER};
use crate::gateways::{Delivery, WebhookError};
use crate::views;
use crate::web::form::Form;
use crate::web::{html, see_other, webhooks, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/pay/test/{payment_ref}").get(show).post(act));
}

pub async fn show(state: web::Data<AppState>, payment_ref: web::Path<String>) -> HtmlResult {
    let payment_ref = payment_ref.into_inner();
    let (order, product) = state
        .db(move |conn| {
            let order = order_of(conn, &payment_ref, Gateway::Test)?;
            let product = db::products::get(conn, order.product_id)?
                .ok_or_else(|| AppError::not_found("payment"))?;
            Ok((order, product))
        })
        .await?;
    Ok(html(
        StatusCode::OK,
        views::test_gateway::page(&order, &product),
    ))
}

/// A button press: sign the event with the test gateway's secret and deliver it.
pub async fn act(
    state: web::Data<AppState>,
    payment_ref: web::Path<String>,
    body: web::Bytes,
) -> HtmlResult {
    let payment_ref = payment_ref.into_inner();
    let kind = match Form::parse(&body).get("action") {
        Some("complete") => Some(PaymentEvent::Completed),
        Some("decline") => Some(PaymentEvent::Failed),
        Some("refund") => Some(PaymentEvent::Refunded),
        Some("renew") => Some(PaymentEvent::Renewed),
        Some("cancel") => Some(PaymentEvent::Cancelled),
        Some("pending") => None,
        _ => {
            return Err(
                AppError::bad_request("unknown_action", "Choose one of the buttons.").into(),
            )
        }
    };
    let lookup = payment_ref.clone();
    let (order, thank_you_url) = state
        .db(move |conn| {
            let order = order_of(conn, &lookup, Gateway::Test)?;
            let product = db::products::get(conn, order.product_id)?;
            Ok((order, product.and_then(|p| p.thank_you_url)))
        })
        .await?;
    if let Some(kind) = kind {
        let simulated = state.processors.concrete::<TestProcessor>();
        let secret = simulated.ok_or(WebhookError::NotConfigured)?;
        let secret = secret.webhook_secret();
        let now = state.clock.now();
        let event_id = format!("evt_{}", random_token());
        // A payment states what was paid, as a real processor's event does.
        let paid = matches!(kind, PaymentEvent::Completed | PaymentEvent::Renewed)
            .then_some((order.amount, order.currency.as_str()));
        let (body, signature) =
            test_gateway::event(secret, &event_id, kind, &order.payment_ref, paid, now);
        let delivery = Delivery::new(vec![(SIGNATURE_HEADER.into(), signature)], body);
        webhooks::ingest(&state, Gateway::Test, delivery).await?;
    }
    let next = match (kind, thank_you_url) {
        (Some(PaymentEvent::Completed), Some(url)) => url,
        (Some(PaymentEvent::Completed) | None | Some(PaymentEvent::Failed), _) => {
            format!("/thank-you/{payment_ref}")
        }
        _ => format!("/pay/test/{payment_ref}"),
    };
    Ok(see_other(&next))
}
