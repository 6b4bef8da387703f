//! `POST /webhooks/{gateway}`: verify the signature on the raw bytes, store the event and its
//! consequences in one transaction, answer 2xx only after the commit.

use super::AppState;
use crate::domain::gateway::Gateway;
use crate::error::AppError;
use crate::gateways::{test as test_gateway, WebhookError};
use crate::orders::{self, Ingested};
use crate::settings;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

impl From<WebhookError> for AppError {
    fn from(e: WebhookError) -> AppError {
        let code = match e {
            WebhookError::MalformedSignature | WebhookError::BadSignature => "bad_signature",
            WebhookError::Stale(_) => "stale_event",
            WebhookError::BadBody(_) => "bad_event",
            WebhookError::NotConfigured => "gateway_off",
        };
        AppError::bad_request(code, format!("Webhook refused: {e}."))
    }
}

pub async fn test(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let signature = req
        .headers()
        .get(test_gateway::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let ingested = ingest_test(&state, signature, &body).await?;
    Ok(HttpResponse::Ok().json(json!({ "received": true, "outcome": ingested.as_str() })))
}

/// The test gateway's events, from its webhook or its own processor page.
pub async fn ingest_test(
    state: &AppState,
    signature: &str,
    body: &[u8],
) -> Result<Ingested, AppError> {
    let (signature, body) = (signature.to_string(), body.to_vec());
    let key = state.key.clone();
    let now = state.clock.now();
    let (event, body) = state
        .db(move |conn| {
            // A switched-off test gateway must not complete anything, even for orders placed before.
            if !settings::gateway_enabled(conn, Gateway::Test)? {
                return Err(WebhookError::NotConfigured.into());
            }
            let secret = settings::gateway_secret(conn, &key, Gateway::Test, "webhook_secret")?
                .ok_or(WebhookError::NotConfigured)?;
            let event = test_gateway::parse(&secret, &signature, &body, now)?;
            Ok((event, body))
        })
        .await
        .inspect_err(|e| {
            if e.status == StatusCode::BAD_REQUEST {
                tracing::warn!(code = e.code, "test gateway webhook refused");
            }
        })?;
    let (ingested, event) = state
        .write(move |conn| {
            let payload = String::from_utf8_lossy(&body);
            let ingested =
                orders::apply_event(conn, Gateway::Test.as_str(), &event, &payload, true, now)?;
            Ok((ingested, event))
        })
        .await?;
    ingested.log(Gateway::Test.as_str(), &event);
    if matches!(ingested, Ingested::Applied { jobs: 1.., .. }) {
        state.fulfillment.wake();
    }
    Ok(ingested)
}
