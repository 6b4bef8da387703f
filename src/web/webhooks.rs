//! `POST /webhooks/{gateway}` for every processor: the processor verifies the delivery on its
//! raw bytes and reads it; the event and its consequences are stored in one transaction; 2xx
//! only after the commit.

use super::AppState;
use crate::error::AppError;
use crate::gateways::Gateway;
use crate::gateways::{registry, Delivery, WebhookError};
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
            // The processor will deliver again: answer so that it does.
            WebhookError::Unverifiable(why) => {
                return AppError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "verification_unavailable",
                    why,
                )
            }
        };
        AppError::bad_request(code, format!("Webhook refused: {e}."))
    }
}

/// One route per processor, each knowing its gateway.
pub fn routes(cfg: &mut web::ServiceConfig) {
    for kind in registry::KINDS {
        cfg.service(
            web::resource(format!("/{}", kind.gateway.as_str()))
                .app_data(web::Data::new(kind.gateway))
                .route(web::post().to(receive)),
        );
    }
}

async fn receive(
    state: web::Data<AppState>,
    gateway: web::Data<Gateway>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let headers = req
        .headers()
        .iter()
        .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_string())))
        .collect();
    let delivery = Delivery::new(headers, body.to_vec());
    let outcome = ingest(&state, **gateway, delivery).await?;
    Ok(HttpResponse::Ok().json(json!({ "received": true, "outcome": outcome })))
}

/// Verifies, reads and applies one delivery; answers the outcome ("ignored" for an event the
/// processor sent that we do not act on). Also used by the test gateway's own page.
pub async fn ingest(
    state: &AppState,
    gateway: Gateway,
    delivery: Delivery,
) -> Result<&'static str, AppError> {
    let now = state.clock.now();
    let processor = state
        .processors
        .get(gateway)
        .ok_or(WebhookError::NotConfigured)?;
    if registry::kind(gateway).simulated {
        // A switched-off test gateway must not complete anything, even for orders placed before.
        let on = state
            .db(move |conn| Ok(settings::gateway_enabled(conn, gateway)?))
            .await?;
        if !on {
            return Err(WebhookError::NotConfigured.into());
        }
    }
    // Some processors verify by calling back (PayPal): blocking, off the executor.
    let read = web::block(move || {
        let event = processor.read_webhook(&delivery, now);
        (event, delivery.body, processor)
    })
    .await
    .map_err(AppError::from)?;
    let (event, body, processor) = read;
    let event = event.map_err(AppError::from).inspect_err(|e| {
        if e.status == StatusCode::BAD_REQUEST {
            tracing::warn!(code = e.code, gateway = gateway.as_str(), "webhook refused");
        }
    })?;
    let Some(event) = event else {
        return Ok("ignored");
    };
    // A processor that ends its plans itself counts their installments too.
    let counts = !processor.ends_plans_itself();
    let (ingested, event) = state
        .write(move |conn| {
            let payload = String::from_utf8_lossy(&body);
            let ingested = orders::apply_event(conn, gateway, &event, &payload, counts, now)?;
            Ok((ingested, event))
        })
        .await?;
    ingested.log(gateway, &event);
    if let Ingested::Applied {
        jobs,
        plan_finished,
        emailed,
        ..
    } = &ingested
    {
        // Grants to run; a plan paid in full, which the scheduler ends; an email it sends.
        if *jobs > 0 || *plan_finished || *emailed {
            state.fulfillment.wake();
        }
    }
    Ok(ingested.as_str())
}
