//! Refunds and cancellations asked from the dashboard, the API and the customer portal: one
//! road for all three (`orders::actions`), answered once the processor has.

use crate::db::{self, order_actions::OrderAction};
use crate::domain::ids::OrderId;
use crate::error::AppError;
use crate::orders::actions::{self, Request, Sent};
use crate::web::AppState;
use actix_web::{http::StatusCode, web};

/// Records the request, asks the processor at once, and gives back the action as it stands.
/// A processor's refusal is the caller's error (422), with the processor's words.
pub async fn ask(
    state: &AppState,
    order_id: OrderId,
    request: Request,
    requested_by: String,
) -> Result<OrderAction, AppError> {
    let now = state.clock.now();
    let id = state
        .write(move |conn| {
            let order =
                db::orders::get(conn, order_id)?.ok_or_else(|| AppError::not_found("order"))?;
            actions::request(conn, &order, &request, &requested_by, now)?.map_err(|refusal| {
                // A bad value is the request's fault; anything else, the order's state.
                let status = match refusal.code.starts_with("invalid_") {
                    true => StatusCode::UNPROCESSABLE_ENTITY,
                    false => StatusCode::CONFLICT,
                };
                AppError::new(status, refusal.code, refusal.message)
            })
        })
        .await?;
    let (pool, processors) = (state.pool.clone(), state.processors.clone());
    let sent = web::block(move || actions::send_now(&pool, &processors, id, now)).await??;
    // The test gateway answers with its event at once: its jobs and emails are queued.
    state.fulfillment.wake();
    if let Sent::Refused(why) = sent {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "processor_refused",
            format!("The processor refused: {why}"),
        ));
    }
    state
        .db(move |conn| {
            db::order_actions::get(conn, id)?.ok_or_else(|| AppError::not_found("action"))
        })
        .await
}
