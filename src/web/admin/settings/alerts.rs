//! Settings → Alerts: where to say that grants are stuck, and when they recover.

use crate::alerts;
use crate::domain::validation::FieldErrors;
use crate::settings;
use crate::views::admin::settings as view;
use crate::web::admin::Admin;
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

async fn alerts_page(
    state: &AppState,
    admin: &Admin,
    status: StatusCode,
    notice: Option<Result<String, String>>,
    typed: Option<(&str, bool)>,
    errors: &FieldErrors,
) -> HtmlResult {
    let key = state.key.clone();
    let saved = state
        .db(move |conn| Ok(settings::alert_settings(conn, &key)?))
        .await?;
    let host = saved
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_string));
    let threshold = saved.threshold_minutes.to_string();
    let v = view::AlertsView {
        saved_host: host.as_deref(),
        threshold_minutes: typed.map_or(threshold.as_str(), |(t, _)| t),
        allow_private: typed.map_or(saved.allow_private, |(_, p)| p),
        notice: notice
            .as_ref()
            .map(|n| n.as_ref().map(String::as_str).map_err(String::as_str)),
        errors,
    };
    Ok(html(status, view::alerts(&admin.nav("settings"), &v)))
}

pub async fn alerts(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    alerts_page(
        &state,
        &admin,
        StatusCode::OK,
        None,
        None,
        &FieldErrors::default(),
    )
    .await
}

pub async fn save_alerts(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let key = state.key.clone();
    let saved = state
        .db(move |conn| Ok(settings::alert_settings(conn, &key)?))
        .await?;
    if form.get("action") == Some("test") {
        let Some(url) = saved.url.clone() else {
            return Ok(see_other("/admin/settings/alerts"));
        };
        let allow = saved.allow_private;
        let now = state.clock.now();
        let sent = web::block(move || {
            let url = alerts::AlertUrl::parse(&url, allow)?;
            let alert = alerts::Alert {
                kind: alerts::AlertKind::Trouble,
                text: "tagcart: this is a test alert from your dashboard. Real alerts say when Kartra grants are stuck, and when they recover.".into(),
                since: now,
            };
            alerts::send(&url, &alert, allow)
        })
        .await
        .map_err(crate::error::AppError::from)?;
        let notice = sent
            .map(|_| "The test alert was delivered.".to_string())
            .map_err(|e| format!("The test alert failed: {e}"));
        return alerts_page(
            &state,
            &admin,
            StatusCode::OK,
            Some(notice),
            None,
            &FieldErrors::default(),
        )
        .await;
    }
    let mut errors = FieldErrors::default();
    let allow_private = form.checked("allow_private");
    let threshold_text = form.text("threshold_minutes");
    let threshold = threshold_text
        .parse::<i64>()
        .ok()
        .filter(|m| (1..=1440).contains(m));
    if threshold.is_none() {
        errors.add(
            "threshold_minutes",
            "must be a whole number of minutes from 1 to 1440",
        );
    }
    let typed_url = form.text("url");
    let url = match typed_url.as_str() {
        "" => saved.url.clone(),
        "off" => None,
        text => {
            let text = text.to_string();
            match web::block(move || alerts::AlertUrl::parse(&text, allow_private))
                .await
                .map_err(crate::error::AppError::from)?
            {
                Ok(url) => Some(url.as_str().to_string()),
                Err(message) => {
                    errors.add("url", message);
                    None
                }
            }
        }
    };
    if !errors.is_empty() {
        let typed = Some((threshold_text.as_str(), allow_private));
        return alerts_page(
            &state,
            &admin,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            typed,
            &errors,
        )
        .await;
    }
    let next = settings::AlertSettings {
        url,
        threshold_minutes: threshold.unwrap_or(settings::DEFAULT_ALERT_MINUTES),
        allow_private,
    };
    let key = state.key.clone();
    state
        .db(move |conn| Ok(settings::save_alert_settings(conn, &key, &next)?))
        .await?;
    alerts_page(
        &state,
        &admin,
        StatusCode::OK,
        Some(Ok("Saved.".into())),
        None,
        &FieldErrors::default(),
    )
    .await
}
