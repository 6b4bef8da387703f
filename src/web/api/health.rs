//! `GET /api/v1/health`: is Kartra being reached, and how much is waiting.

use super::ApiClient;
use crate::error::AppError;
use crate::web::kartra::kartra_health;
use crate::web::AppState;
use actix_web::{web, HttpResponse};

pub async fn get(state: web::Data<AppState>, _: ApiClient) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(serde_json::json!({ "kartra": kartra_health(&state).await? })))
}
