//! Kartra credentials and the gateways' settings.

use super::ApiClient;
use crate::db;
use crate::domain::gateway::Gateway;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::fulfillment::ConnectionTest;
use crate::kartra::Credentials;
use crate::settings;
use crate::web::AppState;
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
    let now = crate::clock::now();
    let verdict = match &outcome.result {
        Ok(_) => Some(ConnectionTest::passed(now)),
        Err(failure) => ConnectionTest::failed(failure, now),
    };
    if let Some(verdict) = verdict {
        let saved = verdict.clone();
        let tags = outcome.result.as_ref().ok().cloned();
        state
            .db(move |conn| {
                db::immediate::<_, AppError>(conn, |tx| {
                    settings::save_connection_test(tx, &saved)?;
                    if let Some(tags) = tags {
                        settings::save_account_tags(tx, &tags)?;
                        // Jobs parked on a tag the account has now can go.
                        db::jobs::release(tx, db::jobs::Release::TagsNowPresent(&tags), now)?;
                    }
                    Ok(())
                })
            })
            .await?;
        let fulfillment = state.fulfillment.clone();
        web::block(move || fulfillment.connection_tested(&verdict))
            .await
            .map_err(AppError::from)?
            .map_err(AppError::internal)?;
    }
    match outcome.result {
        Ok(tags) => Ok(Ok(tags)),
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StripeInput {
    enabled: Option<bool>,
    secret_key: Option<String>,
    publishable_key: Option<String>,
    webhook_secret: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayPalInput {
    enabled: Option<bool>,
    client_id: Option<String>,
    client_secret: Option<String>,
    webhook_id: Option<String>,
}

/// One key as pasted: no spaces, a known prefix when the processor uses one.
fn key_field(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<String>,
    prefixes: &[&str],
) -> Option<String> {
    let value = value.map(|v| v.trim().to_string())?;
    if value.is_empty()
        || value.len() > 500
        || value.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        errors.add(
            field,
            "must be the value from the processor's dashboard, without spaces",
        );
    } else if !prefixes.is_empty() && !prefixes.iter().any(|p| value.starts_with(p)) {
        errors.add(field, format!("must start with {}", prefixes.join(" or ")));
    }
    Some(value)
}

/// `PUT /gateways/{name}`: fields left out keep their saved value; a gateway can be enabled
/// only once all its keys are saved.
pub async fn put_gateway(
    state: web::Data<AppState>,
    _: ApiClient,
    name: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let gateway = Gateway::parse(&name).ok_or_else(|| AppError::not_found("gateway"))?;
    let mut errors = FieldErrors::default();
    let (enabled, values): (Option<bool>, settings::GatewayValues) = match gateway {
        Gateway::Test => {
            let input: TestGatewayInput = super::parse_json(&body)?;
            let secret = key_field(&mut errors, "webhook_secret", input.webhook_secret, &[]);
            if secret.as_ref().is_some_and(|s| s.len() < 16) {
                errors.add("webhook_secret", "must be at least 16 characters");
            }
            (input.enabled, vec![("webhook_secret", secret, true)])
        }
        Gateway::Stripe => {
            let input: StripeInput = super::parse_json(&body)?;
            (
                input.enabled,
                vec![
                    (
                        "secret_key",
                        key_field(&mut errors, "secret_key", input.secret_key, &["sk_", "rk_"]),
                        true,
                    ),
                    (
                        "publishable_key",
                        key_field(
                            &mut errors,
                            "publishable_key",
                            input.publishable_key,
                            &["pk_"],
                        ),
                        false,
                    ),
                    (
                        "webhook_secret",
                        key_field(
                            &mut errors,
                            "webhook_secret",
                            input.webhook_secret,
                            &["whsec_"],
                        ),
                        true,
                    ),
                ],
            )
        }
        Gateway::Paypal => {
            let input: PayPalInput = super::parse_json(&body)?;
            (
                input.enabled,
                vec![
                    (
                        "client_id",
                        key_field(&mut errors, "client_id", input.client_id, &[]),
                        false,
                    ),
                    (
                        "client_secret",
                        key_field(&mut errors, "client_secret", input.client_secret, &[]),
                        true,
                    ),
                    (
                        "webhook_id",
                        key_field(&mut errors, "webhook_id", input.webhook_id, &[]),
                        false,
                    ),
                ],
            )
        }
    };
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let key = state.key.clone();
    let (enabled, configured) = state
        .db(move |conn| {
            db::immediate::<_, AppError>(conn, |tx| {
                settings::save_gateway_values(tx, &key, gateway, &values)?;
                let configured = match gateway {
                    Gateway::Test => settings::test_webhook_secret(tx, &key).map(|_| true)?,
                    Gateway::Stripe => settings::stripe_keys(tx, &key)?.is_some(),
                    Gateway::Paypal => settings::paypal_keys(tx, &key)?.is_some(),
                };
                if let Some(on) = enabled {
                    if on && !configured {
                        let mut errors = FieldErrors::default();
                        errors.add("enabled", "needs every key of this gateway saved first");
                        return Err(AppError::invalid(errors));
                    }
                    settings::set_gateway_enabled(tx, gateway, on)?;
                }
                Ok((settings::gateway_enabled(tx, gateway)?, configured))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(gateway_json(&state, gateway, enabled, configured)))
}

/// What a gateway's settings answer: never a secret; the webhook URL and events to set up.
pub fn gateway_json(
    state: &AppState,
    gateway: Gateway,
    enabled: bool,
    configured: bool,
) -> serde_json::Value {
    json!({
        "name": gateway.as_str(),
        "enabled": enabled,
        "configured": configured,
        "webhook_url": format!("{}/webhooks/{}", state.config.public_url(), gateway.as_str()),
        "events": crate::gateways::webhook_events(gateway),
    })
}
