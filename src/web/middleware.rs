//! Every response: security headers, a log line, metrics. Admin posts: a same-origin check.

use super::AppState;
use crate::error::AppError;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use actix_web::HttpMessage;
use std::time::Instant;

/// Pages may show merchant images from any https host; nothing else leaves our origin
/// unless a page sets its own policy (the card form needs the processor's script).
pub const DEFAULT_CSP: &str =
    "default-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const ADMIN_CSP: &str =
    "default-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Marks a HEAD request that the routes see as a GET.
#[derive(Clone, Copy)]
struct AskedHead;

/// The method the client sent, HEAD included (the routes see HEAD as GET).
pub fn sent_method(req: &actix_web::HttpRequest) -> Method {
    match req.extensions().contains::<AskedHead>() {
        true => Method::HEAD,
        false => req.method().clone(),
    }
}

pub async fn observe(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().to_string();
    // HEAD is GET without the body (uptime checkers use it); the routes only name GET.
    let head = req.method() == Method::HEAD;
    if head {
        req.head_mut().method = Method::GET;
        req.extensions_mut().insert(AskedHead);
    }
    // The path only: query strings can carry one-time tokens.
    let path = req.path().to_string();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let result = next.call(req).await;
    let mut res = result?.map_into_boxed_body();
    if head {
        res = res.map_body(|_, _| actix_web::body::BoxBody::new(()));
    }
    let admin = path.starts_with("/admin");
    let headers = res.headers_mut();
    let mut set = |name: header::HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "same-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        header::CONTENT_SECURITY_POLICY,
        if admin { ADMIN_CSP } else { DEFAULT_CSP },
    );
    // Admin pages, and buyer pages holding a payment's secrets or the buyer's email, stay out
    // of every cache (a shared computer's browser, a proxy).
    if admin || path.starts_with("/pay/") || path.starts_with("/thank-you/") {
        set(header::CACHE_CONTROL, "no-store");
    }
    let status = res.status().as_u16();
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".into());
    let elapsed = started.elapsed();
    if let Some(state) = state {
        state.metrics.record(&method, &route, status, elapsed);
    }
    let ms = elapsed.as_secs_f64() * 1000.0;
    // One line per request only at debug: at info a busy shop would log gigabytes a day.
    if res.status().is_server_error() {
        tracing::warn!(method = %method, path = %path, status, ms, "request failed");
    } else {
        tracing::debug!(method = %method, path = %path, status, ms, "request");
    }
    Ok(res)
}

/// Refuses state-changing requests (the dashboard's, the portal's) that a browser says come
/// from another site.
/// Clients that send neither header (curl, scripts) still need the form's CSRF token.
pub async fn same_origin(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() != Method::GET && req.method() != Method::HEAD && !is_same_origin(&req) {
        tracing::warn!(path = %req.path(), "cross-site request refused");
        return Err(super::HtmlError(AppError::forbidden(
            "This request came from another site and was refused.",
        ))
        .into());
    }
    next.call(req).await
}

fn is_same_origin(req: &ServiceRequest) -> bool {
    let header = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header(header::HeaderName::from_static("sec-fetch-site")) {
        if site != "same-origin" && site != "none" {
            return false;
        }
    }
    let Some(origin) = header(header::ORIGIN) else {
        return true;
    };
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return false;
    };
    let own = super::client::origin(req.request(), state.config.trust_proxy);
    origin == own || origin == state.config.public_origin()
}
