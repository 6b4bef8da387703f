//! The JSON API at `/api/v1`: bearer tokens, JSON in and out, errors as
//! `{"error": {"code", "message"}}`. Unknown fields are refused.

mod access;
mod auth;
mod coupons;
mod email;
mod health;
mod integrations;
mod orders;
mod pages;
mod products;
mod shop;
mod stats;
mod tax;
mod webhook_endpoints;

pub use access::entitlement_json;
pub use orders::{order_json, window};

pub use auth::ApiClient;

use super::BODY_LIMIT;
use crate::error::AppError;
use actix_web::error::JsonPayloadError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource("/products")
            .get(products::list)
            .post(products::create),
    )
    .service(
        resource("/products/{id}")
            .get(products::get)
            .put(products::update)
            .delete(products::delete),
    )
    .service(
        resource("/coupons")
            .get(coupons::list)
            .post(coupons::create),
    )
    .service(
        resource("/coupons/{id}")
            .get(coupons::get)
            .put(coupons::update)
            .delete(coupons::delete),
    )
    .service(resource("/templates").get(pages::templates))
    .service(resource("/pages").get(pages::list).post(pages::create))
    .service(
        resource("/pages/{id}")
            .get(pages::get)
            .put(pages::update)
            .delete(pages::delete),
    )
    .service(resource("/access").get(access::get))
    .service(resource("/orders").get(orders::list))
    .service(resource("/orders.csv").get(orders::csv))
    .service(resource("/orders/{id}").get(orders::get))
    .service(resource("/orders/{id}/invoice").get(orders::invoice))
    .service(
        resource("/integrations/kartra")
            .get(integrations::get_kartra)
            .put(integrations::put_kartra),
    )
    .service(resource("/integrations/kartra/test").post(integrations::test_kartra))
    .service(
        resource("/integrations/email")
            .get(email::get)
            .put(email::put),
    )
    .service(resource("/integrations/email/test").post(email::test))
    .service(resource("/gateways/{name}").put(integrations::put_gateway))
    .service(resource("/settings/shop").get(shop::get).put(shop::put))
    .service(resource("/settings/tax").get(tax::get).put(tax::put))
    .service(resource("/health").get(health::get))
    .service(resource("/stats").get(stats::get))
    .service(resource("/orders/{id}/replay").post(orders::replay))
    .service(resource("/orders/{id}/refund").post(orders::refund))
    .service(resource("/orders/{id}/cancel").post(orders::cancel))
    .service(resource("/replay").post(orders::replay_window))
    .service(
        resource("/webhook-endpoints")
            .get(webhook_endpoints::list)
            .post(webhook_endpoints::create),
    )
    .service(resource("/webhook-endpoints/{id}").delete(webhook_endpoints::delete));
}

/// A resource whose unsupported methods get a JSON 405 like every other API error.
fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(|| async {
        Err::<HttpResponse, _>(AppError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "This method is not supported here.",
        ))
    }))
}

/// Bad query strings get the API's JSON error too.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| {
        AppError::bad_request(
            "invalid_query",
            format!("The query string does not fit: {err}."),
        )
        .into()
    })
}

/// Malformed JSON, wrong types and unknown fields are 400; oversized bodies 413.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(BODY_LIMIT)
        .error_handler(|err, _req| {
            let error = match &err {
                JsonPayloadError::Overflow { .. }
                | JsonPayloadError::OverflowKnownLength { .. } => AppError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("The body is over {BODY_LIMIT} bytes."),
                ),
                JsonPayloadError::ContentType => AppError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "Send the body as JSON with Content-Type: application/json.",
                ),
                JsonPayloadError::Deserialize(e) if e.is_syntax() || e.is_eof() => {
                    AppError::bad_request(
                        "invalid_json",
                        format!("The body is not valid JSON: {e}."),
                    )
                }
                JsonPayloadError::Deserialize(e) => {
                    AppError::bad_request("invalid_body", format!("The body does not fit: {e}."))
                }
                other => AppError::bad_request(
                    "invalid_body",
                    format!("The body could not be read: {other}."),
                ),
            };
            error.into()
        })
}

/// A JSON body read by hand, for handlers that must look at the path before the body
/// (the shape depends on it); errors match `json_config`'s.
fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(body).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            AppError::bad_request("invalid_json", format!("The body is not valid JSON: {e}."))
        } else {
            AppError::bad_request("invalid_body", format!("The body does not fit: {e}."))
        }
    })
}

/// Ids in paths are positive integers; anything else is simply not found.
fn id<Id: std::str::FromStr + Copy>(path: web::Path<String>, what: &str) -> Result<Id, AppError>
where
    i64: From<Id>,
{
    path.parse::<Id>()
        .ok()
        .filter(|id| i64::from(*id) > 0)
        .ok_or_else(|| AppError::not_found(what))
}
