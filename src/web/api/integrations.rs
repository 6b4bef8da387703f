//! Kartra credentials and the gateways' settings.

use super::ApiClient;
use crate::db;
use crate::domain::gateway::Gateway;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::kartra::Credentials;
use crate::settings;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KartraInput {
    app_id: Option<String>,
    api_key: Option<String>,
    api_password: Option<String>,
}

/// One credential: required, one line, no spaces (they are pasted from Kartra's settings page).
fn credential(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> String {
    let value = value.unwrap_or("").trim();
    if value.is_empty() {
        errors.add(field, "is required");
    } else if value.len() > 200 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        errors.add(
            field,
            "must be the value from Kartra, without spaces (at most 200 characters)",
        );
    }
    value.to_string()
}

pub fn validate_kartra(
    app_id: Option<&str>,
    api_key: Option<&str>,
    api_password: Option<&str>,
) -> Result<Credentials, FieldErrors> {
    let mut errors = FieldErrors::default();
    let creds = Credentials {
        app_id: credential(&mut errors, "app_id", app_id),
        api_key: credential(&mut errors, "api_key", api_key),
        api_password: credential(&mut errors, "api_password", api_password),
    };
    errors.into_result(creds)
}

async fn kartra_status(state: &AppState) -> Result<serde_json::Value, AppError> {
    let app_id = state.db(|conn| Ok(settings::kartra_app_id(conn)?)).await?;
    let health = state.fulfillment.health();
    Ok(json!({"configured": app_id.is_some(), "app_id": app_id, "state": health.state}))
}

pub async fn get_kartra(
    state: web::Data<AppState>,
    _: ApiClient,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(kartra_status(&state).await?))
}

/// Saving credentials ends a pause at once: the queue tries again with them.
pub async fn put_kartra(
    state: web::Data<AppState>,
    _: ApiClient,
    body: web::Json<KartraInput>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let creds = validate_kartra(
        b.app_id.as_deref(),
        b.api_key.as_deref(),
        b.api_password.as_deref(),
    )
    .map_err(AppError::invalid)?;
    let key = state.key.clone();
    state
        .db(move |conn| Ok(settings::save_kartra_credentials(conn, &key, &creds)?))
        .await?;
    state.fulfillment.credentials_changed();
    Ok(HttpResponse::Ok().json(kartra_status(&state).await?))
}

/// Calls `retrieve_account_tags`: proves all three credentials and lists the tags to pick from.
pub async fn test_kartra(
    state: web::Data<AppState>,
    _: ApiClient,
) -> Result<HttpResponse, AppError> {
    Ok(
        HttpResponse::Ok().json(match test_connection(&state).await? {
            Ok(tags) => json!({"ok": true, "tags": tags}),
            Err((code, message)) => {
                json!({"ok": false, "error": {"code": code, "message": message}})
            }
        }),
    )
}

/// The connection test shared by the API and the dashboard; a success remembers the tags.
pub async fn test_connection(
    state: &AppState,
) -> Result<Result<Vec<String>, (&'static str, String)>, AppError> {
    let key = state.key.clone();
    let Some(creds) = state
        .db(move |conn| Ok(settings::kartra_credentials(conn, &key)?))
        .await?
    else {
        return Ok(Err((
            "not_configured",
            "Save the Kartra App ID, API key and API password first.".into(),
        )));
    };
    let fulfillment = state.fulfillment.clone();
    let outcome = web::block(move || fulfillment.kartra().account_tags(&creds))
        .await
        .map_err(AppError::from)?;
    match outcome.result {
        Ok(tags) => {
            let saved = tags.clone();
            state
                .db(move |conn| {
                    settings::save_account_tags(conn, &saved)?;
                    // Jobs parked on a tag the account has now can go.
                    Ok(db::jobs::release(
                        conn,
                        db::jobs::Release::TagsNowPresent(&saved),
                        crate::clock::now(),
                    )?)
                })
                .await?;
            state.fulfillment.credentials_changed();
            Ok(Ok(tags))
        }
        Err(failure) => {
            let code = match failure {
                crate::kartra::Failure::CredentialsRejected { .. } => "credentials_rejected",
                crate::kartra::Failure::Transient(_) => "unreachable",
                _ => "kartra_error",
            };
            Ok(Err((code, failure.describe())))
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestGatewayInput {
    enabled: Option<bool>,
    webhook_secret: Option<String>,
}

pub async fn put_gateway(
    state: web::Data<AppState>,
    _: ApiClient,
    name: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let gateway = Gateway::parse(&name).ok_or_else(|| AppError::not_found("gateway"))?;
    if gateway != Gateway::Test {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "gateway_unavailable",
            format!("The {} gateway arrives in a later release; only the test gateway can be set up now.", gateway.as_str()),
        ));
    }
    let input: TestGatewayInput = super::parse_json(&body)?;
    let secret = input.webhook_secret.map(|s| s.trim().to_string());
    if let Some(secret) = &secret {
        if secret.len() < 16 || secret.len() > 200 || secret.chars().any(char::is_whitespace) {
            let mut errors = FieldErrors::default();
            errors.add(
                "webhook_secret",
                "must be 16 to 200 characters without spaces",
            );
            return Err(AppError::invalid(errors));
        }
    }
    let key = state.key.clone();
    let enabled = state
        .db(move |conn| {
            db::immediate::<_, AppError>(conn, |tx| {
                if let Some(on) = input.enabled {
                    settings::set_gateway_enabled(tx, Gateway::Test, on)?;
                }
                match secret {
                    Some(secret) => settings::set_gateway_secret(
                        tx,
                        &key,
                        Gateway::Test,
                        "webhook_secret",
                        &secret,
                    )?,
                    None => drop(settings::test_webhook_secret(tx, &key)?),
                }
                Ok(settings::gateway_enabled(tx, Gateway::Test)?)
            })
        })
        .await?;
    let webhook_url = format!("{}/webhooks/test", state.config.public_url());
    Ok(HttpResponse::Ok()
        .json(json!({"name": "test", "enabled": enabled, "webhook_url": webhook_url})))
}
