//! The buyer's return from a processor's own page, `/pay/{gateway}/return?ref=...`, the same
//! for every processor that sends buyers away: the processor finishes its part
//! (`Processor::returned`), then the buyer goes on as after any payment, or to our receipt to
//! try again when it failed. Orders still complete
//! from the processor's word only: its webhook, or its answer here checked like one.

use super::{next_after, order_of};
use crate::db;
use crate::domain::order::OrderStatus;
use crate::error::AppError;
use crate::gateways::{registry, Gateway};
use crate::orders::reconcile;
use crate::web::{see_other, AppState, HtmlResult};
use actix_web::{web, HttpRequest};

pub fn routes(cfg: &mut web::ServiceConfig) {
    for kind in registry::KINDS.into_iter().filter(|k| !k.simulated) {
        cfg.service(
            web::resource(format!("/pay/{}/return", kind.name))
                .app_data(web::Data::new(kind.gateway))
                .route(web::get().to(back)),
        );
    }
}

#[derive(serde::Deserialize)]
pub struct Return {
    #[serde(rename = "ref")]
    payment_ref: String,
}

pub async fn back(
    state: web::Data<AppState>,
    gateway: web::Data<Gateway>,
    query: web::Query<Return>,
    req: HttpRequest,
) -> HtmlResult {
    let answer = settle(&state, **gateway, query.into_inner().payment_ref).await;
    crate::web::shop::branded(&state, &req, answer).await
}

async fn settle(state: &AppState, gateway: Gateway, payment_ref: String) -> HtmlResult {
    let (pool, now) = (state.pool.clone(), state.clock.now());
    let processor = state.processors.get(gateway);
    let (next, settled) = web::block(move || -> Result<(String, bool), AppError> {
        let order = order_of(&*pool.get()?, &payment_ref, gateway)?;
        let mut settled = false;
        if let (Some(processor), Some(processor_ref), OrderStatus::Pending) =
            (processor, &order.processor_ref, order.status)
        {
            match processor.returned(processor_ref, order.price_kind) {
                Ok(Some(found)) => {
                    let why = "looked up at the processor when the buyer came back";
                    settled =
                        reconcile::settle(&pool, gateway, &*processor, &order, found, why, now)?;
                }
                Ok(None) => {}
                // The webhook and reconciliation settle it later.
                Err(e) => tracing::warn!(
                    error = %e,
                    order = order.id.0,
                    gateway = gateway.as_str(),
                    "the processor could not be asked when the buyer came back"
                ),
            }
        }
        let conn = pool.get()?;
        let order = db::orders::get(&conn, order.id)?.unwrap_or(order);
        // A payment that failed at the processor's page: our receipt says so and leads back to
        // the page, where the product's thank-you page would not.
        let next = match order.status {
            OrderStatus::Failed => format!("/thank-you/{}", order.payment_ref),
            _ => next_after(&conn, &order)?,
        };
        Ok((next, settled))
    })
    .await
    .map_err(AppError::from)??;
    if settled {
        state.fulfillment.wake();
    }
    Ok(see_other(&next))
}
