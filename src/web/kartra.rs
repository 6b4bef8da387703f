//! The Kartra connection as the dashboard, the JSON API and `/metrics` all see it: its health,
//! the shape of its credentials, and the connection test.

use crate::db;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::fulfillment::{ConnectionTest, KartraHealth, KartraState};
use crate::kartra::Credentials;
use crate::settings;
use crate::web::AppState;
use actix_web::web;

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
    let now = state.clock.now();
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
