//! `GET/PUT /integrations/email` (the SMTP server buyers' emails leave through) and
//! `POST /integrations/email/test {"to"}`. The URL's password is never shown back: GET shows
//! it as `***`, and a PUT that sends `***` keeps the saved one.

use super::ApiClient;
use crate::error::AppError;
use crate::mail::{self, EmailSettings};
use crate::settings;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailInput {
    smtp_url: String,
    from: String,
    #[serde(default)]
    reply_to: Option<String>,
}

fn shown(e: Option<&EmailSettings>) -> Value {
    match e {
        None => json!({"configured": false, "smtp_url": null, "from": null, "reply_to": null}),
        Some(e) => json!({"configured": true, "smtp_url": mail::shown_url(&e.smtp_url),
                          "from": e.from, "reply_to": e.reply_to}),
    }
}

async fn saved(state: &AppState) -> Result<Option<EmailSettings>, AppError> {
    let key = state.key.clone();
    state
        .db(move |conn| Ok(settings::email_settings(conn, &key)?))
        .await
}

pub async fn get(state: web::Data<AppState>, _: ApiClient) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(shown(saved(&state).await?.as_ref())))
}

pub async fn put(
    state: web::Data<AppState>,
    _: ApiClient,
    body: web::Json<EmailInput>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let old = saved(&state).await?;
    let reply_to = b.reply_to.unwrap_or_default();
    let e = EmailSettings::validate(&b.smtp_url, &b.from, &reply_to, old.as_ref())
        .map_err(AppError::invalid)?;
    let (key, stored) = (state.key.clone(), e.clone());
    state
        .db(move |conn| Ok(settings::save_email_settings(conn, &key, &stored)?))
        .await?;
    Ok(HttpResponse::Ok().json(shown(Some(&e))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestInput {
    to: String,
}

pub async fn test(
    state: web::Data<AppState>,
    _: ApiClient,
    body: web::Json<TestInput>,
) -> Result<HttpResponse, AppError> {
    let to = body.into_inner().to.trim().to_string();
    if !crate::domain::validation::is_email(&to) {
        let mut errors = crate::domain::validation::FieldErrors::default();
        errors.add("to", "must be an email address like you@example.com");
        return Err(AppError::invalid(errors));
    }
    let Some(e) = saved(&state).await? else {
        return Err(AppError::conflict(
            "email_not_configured",
            "Save the SMTP settings first.",
        ));
    };
    let shop = state.db(|conn| Ok(settings::shop_profile(conn)?)).await?;
    let outcome = web::block(move || mail::send_test(&e, &shop, &to))
        .await
        .map_err(AppError::from)?;
    Ok(HttpResponse::Ok().json(match outcome {
        Ok(()) => json!({"ok": true}),
        Err(message) => json!({"ok": false, "error": {"message": message}}),
    }))
}
