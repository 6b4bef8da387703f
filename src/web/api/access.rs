//! `GET /api/v1/access?email=E[&verify=1]`: the buyer's entitlements, one per Kartra tag,
//! in the same words as the buyer's access view in the dashboard.

use super::ApiClient;
use crate::clock;
use crate::db::{self, entitlements::Entitlement};
use crate::domain::validation::{is_email, FieldErrors};
use crate::error::AppError;
use crate::kartra::Failure;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    email: Option<String>,
    /// `1`: read the lead back from Kartra before answering.
    verify: Option<String>,
}

/// One entitlement as the API shows it (README, "Access").
pub fn entitlement_json(e: &Entitlement) -> Value {
    json!({
        "kartra_tag": e.kartra_tag,
        "state": e.state,
        "revoke_at": e.revoke_at.map(clock::rfc3339),
        "orders": e.orders,
        "verified_at": e.verified_at.map(clock::rfc3339),
        "in_kartra": e.in_kartra,
        "drifted": e.drifted(),
    })
}

pub async fn get(
    state: web::Data<AppState>,
    _: ApiClient,
    query: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let email = query
        .email
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
        .to_string();
    let mut errors = FieldErrors::default();
    if !is_email(&email) {
        errors.add("email", "must be the buyer's email address");
    }
    let verify = match query.verify.as_deref() {
        None | Some("0") | Some("false") => false,
        Some("1") | Some("true") => true,
        Some(_) => {
            errors.add("verify", "must be 1 or 0");
            false
        }
    };
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let found = if verify {
        let (fulfillment, now) = (state.fulfillment.clone(), state.clock.now());
        let lookup = email.clone();
        match web::block(move || fulfillment.read_back(&lookup, now)).await?? {
            Ok(read) => read.entitlements,
            Err(failure) => return Err(unverified(&failure)),
        }
    } else {
        state
            .db(move |conn| Ok(db::entitlements::for_email(conn, &email)?))
            .await?
    };
    let body: Vec<Value> = found.iter().map(entitlement_json).collect();
    Ok(HttpResponse::Ok().json(body))
}

/// Kartra could not be asked: say so rather than answer with what it said before.
fn unverified(failure: &Failure) -> AppError {
    match failure {
        Failure::Misconfigured { .. } => AppError::new(
            StatusCode::CONFLICT,
            "kartra_not_connected",
            "Kartra is not connected, so the lead cannot be read back. Save the Kartra credentials first.",
        ),
        other => AppError::new(
            StatusCode::BAD_GATEWAY,
            "kartra_unavailable",
            format!("The lead could not be read back: {}.", other.describe()),
        ),
    }
}
