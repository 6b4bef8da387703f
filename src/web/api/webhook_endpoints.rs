//! Outgoing webhooks' endpoints: `POST/GET /api/v1/webhook-endpoints`,
//! `DELETE /api/v1/webhook-endpoints/{id}`. The secret is in the answer to POST only.

use super::{id, ApiClient};
use crate::clock;
use crate::db::{self, webhooks::Endpoint};
use crate::error::AppError;
use crate::web::AppState;
use crate::webhooks_out::{self, EndpointInput, Refused, MAX_ENDPOINTS};
use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

type ApiResult = Result<HttpResponse, AppError>;

/// The endpoint as the API shows it: never its secret.
pub fn endpoint_json(e: &Endpoint) -> Value {
    json!({
        "id": e.id,
        "url": e.url,
        "events": e.events,
        "disabled_at": e.disabled_at.map(clock::rfc3339),
        "created_at": clock::rfc3339(e.created_at),
    })
}

pub async fn list(state: web::Data<AppState>, _: ApiClient) -> ApiResult {
    let endpoints = state.db(|conn| Ok(db::webhooks::endpoints(conn)?)).await?;
    Ok(HttpResponse::Ok().json(endpoints.iter().map(endpoint_json).collect::<Vec<_>>()))
}

pub async fn create(
    state: web::Data<AppState>,
    _: ApiClient,
    body: web::Json<EndpointInput>,
) -> ApiResult {
    let key = state.key.clone();
    let now = state.clock.now();
    let added = state
        .db(move |conn| Ok(webhooks_out::add(conn, &key, &body, now)?))
        .await?;
    let (endpoint, secret) = added.map_err(|refused| match refused {
        Refused::Invalid(errors) => AppError::invalid(errors),
        Refused::TooMany => AppError::conflict(
            "too_many_endpoints",
            format!("There are {MAX_ENDPOINTS} webhook endpoints already; delete one first."),
        ),
    })?;
    let mut body = endpoint_json(&endpoint);
    body["secret"] = json!(secret);
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/webhook-endpoints/{}", endpoint.id),
        ))
        .json(body))
}

/// Its deliveries go with it: those still pending are never sent.
pub async fn delete(
    state: web::Data<AppState>,
    _: ApiClient,
    path: web::Path<String>,
) -> ApiResult {
    let id: i64 = id(path, "webhook endpoint")?;
    let deleted = state
        .db(move |conn| {
            db::immediate::<_, AppError>(conn, |tx| Ok(db::webhooks::delete_endpoint(tx, id)?))
        })
        .await?;
    if !deleted {
        return Err(AppError::not_found("webhook endpoint"));
    }
    Ok(HttpResponse::NoContent().finish())
}
