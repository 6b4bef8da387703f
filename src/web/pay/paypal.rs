//! The buyer's return from approving at PayPal, `/pay/paypal/return?ref=...`.

use super::{next_after, order_of};
use crate::domain::gateway::Gateway;
use crate::domain::product::PriceKind;
use crate::error::AppError;
use crate::gateways::paypal::PayPalProcessor;
use crate::web::{see_other, AppState, HtmlResult};
use actix_web::{web, HttpRequest};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/pay/paypal/return", web::get().to(back));
}

#[derive(serde::Deserialize)]
pub struct PayPalReturn {
    #[serde(rename = "ref")]
    payment_ref: String,
}

/// The buyer approved at PayPal: capture a one-time order now (the webhook completes it).
pub async fn back(
    state: web::Data<AppState>,
    query: web::Query<PayPalReturn>,
    req: HttpRequest,
) -> HtmlResult {
    let answer = capture(&state, query.into_inner().payment_ref).await;
    crate::web::shop::branded(&state, &req, answer).await
}

async fn capture(state: &AppState, payment_ref: String) -> HtmlResult {
    let pool = state.pool.clone();
    let paypal = state.processors.concrete::<PayPalProcessor>();
    let next = web::block(move || -> Result<String, AppError> {
        let conn = pool.get()?;
        let order = order_of(&conn, &payment_ref, Gateway::Paypal)?;
        if let (Some(processor_ref), PriceKind::OneTime) = (&order.processor_ref, order.price_kind)
        {
            let paypal = paypal.ok_or_else(|| super::unavailable(Gateway::Paypal))?;
            if let Err(e) = paypal.client().capture(processor_ref) {
                // The CHECKOUT.ORDER.APPROVED webhook and reconciliation capture it too.
                tracing::warn!(error = %e, order = order.id.0, "paypal: capture on return failed");
            }
        }
        next_after(&conn, &order)
    })
    .await
    .map_err(AppError::from)??;
    Ok(see_other(&next))
}
