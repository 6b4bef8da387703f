//! `GET /api/v1/health`: is Kartra being reached, and how much is waiting.

use super::ApiClient;
use crate::db;
use crate::error::AppError;
use crate::fulfillment::KartraState;
use crate::settings;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;

#[derive(Serialize)]
pub struct KartraHealth {
    pub state: KartraState,
    pub queue_depth: i64,
    pub parked: i64,
    pub oldest_pending_age_s: Option<i64>,
    pub last_error: Option<String>,
}

/// Shared by the API, the dashboard and /metrics.
pub async fn kartra_health(state: &AppState) -> Result<KartraHealth, AppError> {
    let now = state.clock.now();
    let (configured, stats) = state
        .db(move |conn| {
            Ok((
                settings::kartra_app_id(conn)?.is_some(),
                db::jobs::stats(conn, now)?,
            ))
        })
        .await?;
    let health = state.fulfillment.health();
    Ok(KartraHealth {
        state: if configured {
            health.state
        } else {
            KartraState::NotConfigured
        },
        queue_depth: stats.queue_depth,
        parked: stats.parked,
        oldest_pending_age_s: stats.oldest_pending_age_s,
        last_error: health.last_error,
    })
}

pub async fn get(state: web::Data<AppState>, _: ApiClient) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(serde_json::json!({ "kartra": kartra_health(&state).await? })))
}
