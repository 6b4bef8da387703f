//! Dashboard: needs attention, diagnostics, and retrying stuck jobs.

use super::Admin;
use crate::db;
use crate::diagnostics;
use crate::domain::ids::{JobId, OrderId};
use crate::views::admin::attention as view;
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};
use std::collections::HashMap;

/// Pending jobs with this many failed tries are shown too.
const FAILING_TRIES: i64 = 3;
/// Payments that did not match their order are listed this long after they arrived.
const MISMATCH_DAYS: i64 = view::MISMATCH_DAYS;

pub async fn list(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let since = state.clock.now() - MISMATCH_DAYS * 24 * 60 * 60;
    let (jobs, emails, mismatches, drifted, disabled) = state
        .db(move |conn| {
            let jobs = db::jobs::needing_attention(conn, FAILING_TRIES)?;
            let mut emails = HashMap::new();
            for j in &jobs {
                emails.insert(j.order_id, j.email.clone());
            }
            let mismatches = db::orders::mismatched_events(conn, since, 200)?;
            let disabled = (db::webhooks::endpoints(conn)?.into_iter())
                .filter(|e| e.disabled_at.is_some())
                .collect::<Vec<_>>();
            let drifted = db::entitlements::drifted(conn)?;
            Ok((jobs, emails, mismatches, drifted, disabled))
        })
        .await?;
    let groups = view::group(jobs);
    let lookup = |order_id: OrderId| emails.get(&order_id).cloned().unwrap_or_default();
    Ok(html(
        StatusCode::OK,
        view::page(
            &admin.nav("attention"),
            &mismatches,
            &drifted,
            &groups,
            &lookup,
            &disabled,
        ),
    ))
}

#[derive(serde::Deserialize)]
pub struct Which {
    job: Option<JobId>,
}

/// Puts one job (or every stuck one) back in the queue, due now.
pub async fn retry(
    state: web::Data<AppState>,
    admin: Admin,
    which: web::Query<Which>,
    body: Bytes,
) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    let job = which.job;
    let now = state.clock.now();
    state
        .db(move |conn| {
            match job {
                Some(id) => db::jobs::retry_now(conn, id, now)?,
                None => {
                    db::jobs::release(conn, db::jobs::Release::All, now)?
                        + db::jobs::end_backoff(conn, now)?
                }
            };
            Ok(())
        })
        .await?;
    state.fulfillment.wake();
    Ok(see_other("/admin/attention"))
}

pub async fn diagnostics(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let key = state.key.clone();
    let fulfillment = state.fulfillment.clone();
    let public_url = state.config.public_url().to_string();
    let pool = state.pool.clone();
    let now = state.clock.now();
    // Asks Kartra: blocking work, off the executor.
    let checks = web::block(move || -> Result<_, crate::error::AppError> {
        let conn = pool.get()?;
        Ok(diagnostics::run(
            &conn,
            &key,
            fulfillment.kartra(),
            &public_url,
            now,
        )?)
    })
    .await
    .map_err(crate::error::AppError::from)??;
    Ok(html(
        StatusCode::OK,
        view::diagnostics(&admin.nav("attention"), &checks),
    ))
}
