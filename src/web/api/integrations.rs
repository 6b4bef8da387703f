//! Kartra credentials and the gateways' settings.

use super::ApiClient;
use crate::db;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::gateways::Gateway;
use crate::gateways::{keys, registry};
use crate::settings;
use crate::web::kartra::{test_connection, validate_kartra};
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KartraInput {
    app_id: Option<String>,
    api_key: Option<String>,
    api_password: Option<String>,
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

/// `PUT /gateways/{name}`: `enabled` and the processor's keys (see `gateways::keys`); fields
/// left out keep their saved value; a gateway can be enabled only once all its keys are saved.
pub async fn put_gateway(
    state: web::Data<AppState>,
    _: ApiClient,
    name: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let gateway = Gateway::parse(&name).ok_or_else(|| AppError::not_found("gateway"))?;
    let kind = registry::kind(gateway);
    let input: serde_json::Map<String, Value> = super::parse_json(&body)?;
    let known = || {
        let names = std::iter::once("enabled").chain(kind.keys.iter().map(|f| f.name));
        names
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let does_not_fit = |why: String| {
        AppError::bad_request("invalid_body", format!("The body does not fit: {why}."))
    };
    if let Some(unknown) = input
        .keys()
        .find(|n| *n != "enabled" && !kind.keys.iter().any(|f| f.name == n.as_str()))
    {
        let why = format!("unknown field `{unknown}`, expected one of {}", known());
        return Err(does_not_fit(why));
    }
    let enabled = match input.get("enabled") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(on)) => Some(*on),
        Some(other) => {
            return Err(does_not_fit(format!(
                "`enabled` must be true or false, not {other}"
            )))
        }
    };
    let mut texts = vec![];
    for field in kind.keys {
        match input.get(field.name) {
            None | Some(Value::Null) => {}
            Some(Value::String(text)) => texts.push((field.name, text.clone())),
            Some(other) => {
                return Err(does_not_fit(format!(
                    "`{}` must be a string, not {other}",
                    field.name
                )))
            }
        }
    }
    let text_of = |name: &str| {
        texts
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.clone())
    };
    let submitted = keys::validate(kind, |field| text_of(field.name)).map_err(AppError::invalid)?;
    let (key, processors) = (state.key.clone(), state.processors.clone());
    let (enabled, configured) = state
        .db(move |conn| {
            let saved = db::immediate::<_, AppError>(conn, |tx| {
                let configured = keys::save(tx, &key, kind, &submitted)?;
                if let Some(on) = enabled {
                    if on && !configured {
                        let mut errors = FieldErrors::default();
                        errors.add("enabled", "needs every key of this gateway saved first");
                        return Err(AppError::invalid(errors));
                    }
                    settings::set_gateway_enabled(tx, gateway, on)?;
                }
                Ok((settings::gateway_enabled(tx, gateway)?, configured))
            })?;
            processors.reload(conn, &key)?;
            Ok(saved)
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
        "events": registry::kind(gateway).webhook_events,
    })
}
