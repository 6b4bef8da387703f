//! Dashboard: Kartra credentials (with a connection test) and the payment gateways.

use super::Admin;
use crate::alerts;
use crate::domain::gateway::Gateway;
use crate::domain::validation::FieldErrors;
use crate::settings;
use crate::views::admin::settings::{self as view, KartraView};
use crate::web::api::{test_connection, validate_kartra};
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

async fn kartra_page(
    state: &AppState,
    admin: &Admin,
    status: StatusCode,
    app_id: Option<String>,
    tested: Option<Result<Vec<String>, String>>,
    errors: &FieldErrors,
) -> HtmlResult {
    let stored = state.db(|conn| Ok(settings::kartra_app_id(conn)?)).await?;
    let health = state.fulfillment.health();
    let tested_ref = tested
        .as_ref()
        .map(|r| r.as_ref().map(|t| t.as_slice()).map_err(|e| e.as_str()));
    let v = KartraView {
        app_id: app_id.as_deref().or(stored.as_deref()).unwrap_or(""),
        configured: stored.is_some(),
        state: health.state,
        last_error: health.last_error.as_deref(),
        tested: tested_ref,
        errors,
    };
    Ok(html(status, view::kartra(&admin.nav("settings"), &v)))
}

pub async fn kartra(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    kartra_page(
        &state,
        &admin,
        StatusCode::OK,
        None,
        None,
        &FieldErrors::default(),
    )
    .await
}

pub async fn save_kartra(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    if form.get("action") == Some("test") {
        let tested = test_connection(&state)
            .await?
            .map_err(|(_, message)| message);
        return kartra_page(
            &state,
            &admin,
            StatusCode::OK,
            None,
            Some(tested),
            &FieldErrors::default(),
        )
        .await;
    }
    // Empty secret fields keep what is saved: they are never shown back.
    let key = state.key.clone();
    let saved = state
        .db(move |conn| Ok(settings::kartra_credentials(conn, &key)?))
        .await?;
    let pick =
        |field: &str, old: Option<String>| Some(form.text(field)).filter(|v| !v.is_empty()).or(old);
    let app_id = form.text("app_id");
    let creds = validate_kartra(
        Some(&app_id),
        pick("api_key", saved.as_ref().map(|c| c.api_key.clone())).as_deref(),
        pick(
            "api_password",
            saved.as_ref().map(|c| c.api_password.clone()),
        )
        .as_deref(),
    );
    let creds = match creds {
        Ok(creds) => creds,
        Err(errors) => {
            return kartra_page(
                &state,
                &admin,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(app_id),
                None,
                &errors,
            )
            .await
        }
    };
    let key = state.key.clone();
    state
        .db(move |conn| Ok(settings::save_kartra_credentials(conn, &key, &creds)?))
        .await?;
    state.fulfillment.credentials_changed();
    // Saving proves nothing yet: test straight away so the admin sees the tags or the problem.
    let tested = test_connection(&state)
        .await?
        .map_err(|(_, message)| message);
    kartra_page(
        &state,
        &admin,
        StatusCode::OK,
        None,
        Some(tested),
        &FieldErrors::default(),
    )
    .await
}

async fn gateways_page(
    state: &AppState,
    admin: &Admin,
    status: StatusCode,
    notice: Option<Result<String, String>>,
) -> HtmlResult {
    let key = state.key.clone();
    let public = state.config.public_url().to_string();
    let (test_enabled, stripe, paypal) = state
        .db(move |conn| {
            let enabled = |g| settings::gateway_enabled(conn, g);
            let value =
                |g, name| settings::gateway_value(conn, g, name).map(Option::unwrap_or_default);
            let saved =
                |g, name| settings::gateway_secret(conn, &key, g, name).map(|v| v.is_some());
            let stripe = (
                enabled(Gateway::Stripe)?,
                settings::stripe_keys(conn, &key)?.is_some(),
                value(Gateway::Stripe, "publishable_key")?,
                saved(Gateway::Stripe, "secret_key")?,
                saved(Gateway::Stripe, "webhook_secret")?,
            );
            let paypal = (
                enabled(Gateway::Paypal)?,
                settings::paypal_keys(conn, &key)?.is_some(),
                value(Gateway::Paypal, "client_id")?,
                saved(Gateway::Paypal, "client_secret")?,
                value(Gateway::Paypal, "webhook_id")?,
            );
            Ok((enabled(Gateway::Test)?, stripe, paypal))
        })
        .await?;
    let url = |g: Gateway| format!("{public}/webhooks/{}", g.as_str());
    let processors = [
        view::GatewayView {
            name: "stripe",
            title: "Stripe",
            enabled: stripe.0,
            configured: stripe.1,
            webhook_url: url(Gateway::Stripe),
            events: crate::gateways::webhook_events(Gateway::Stripe),
            fields: vec![
                ("publishable_key", "Publishable key", stripe.2, false, true),
                ("secret_key", "Secret key", String::new(), true, stripe.3),
                (
                    "webhook_secret",
                    "Webhook signing secret",
                    String::new(),
                    true,
                    stripe.4,
                ),
            ],
        },
        view::GatewayView {
            name: "paypal",
            title: "PayPal",
            enabled: paypal.0,
            configured: paypal.1,
            webhook_url: url(Gateway::Paypal),
            events: crate::gateways::webhook_events(Gateway::Paypal),
            fields: vec![
                ("client_id", "Client ID", paypal.2, false, true),
                (
                    "client_secret",
                    "Client secret",
                    String::new(),
                    true,
                    paypal.3,
                ),
                ("webhook_id", "Webhook ID", paypal.4, false, true),
            ],
        },
    ];
    let notice = notice
        .as_ref()
        .map(|n| n.as_ref().map(String::as_str).map_err(String::as_str));
    Ok(html(
        status,
        view::gateways(
            &admin.nav("settings"),
            test_enabled,
            &url(Gateway::Test),
            &processors,
            notice,
        ),
    ))
}

pub async fn gateways(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    gateways_page(&state, &admin, StatusCode::OK, None).await
}

pub async fn save_gateways(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let gateway = Gateway::parse(&form.text("gateway"))
        .ok_or_else(|| crate::error::AppError::not_found("gateway"))?;
    if form.get("action") == Some("verify") {
        let (key, config, pool) = (state.key.clone(), state.config.clone(), state.pool.clone());
        let verified = web::block(
            move || -> Result<Result<(), String>, crate::error::AppError> {
                let conn = pool.get()?;
                Ok(match gateway {
                    Gateway::Stripe => match settings::stripe_keys(&conn, &key)? {
                        Some(k) => crate::gateways::stripe::Stripe::new(
                            config.stripe_api_url.clone(),
                            k.secret_key,
                        )
                        .verify_keys()
                        .map_err(|e| e.to_string()),
                        None => Err("Save every key first.".into()),
                    },
                    Gateway::Paypal => match settings::paypal_keys(&conn, &key)? {
                        Some(k) => crate::gateways::paypal::PayPal::new(
                            config.paypal_api_url.clone(),
                            k.client_id,
                            k.client_secret,
                        )
                        .verify_keys()
                        .map_err(|e| e.to_string()),
                        None => Err("Save every key first.".into()),
                    },
                    Gateway::Test => Ok(()),
                })
            },
        )
        .await
        .map_err(crate::error::AppError::from)??;
        let notice = verified
            .map(|_| format!("{} accepted the keys.", gateway.label()))
            .map_err(|e| format!("The keys were refused: {e}"));
        return gateways_page(&state, &admin, StatusCode::OK, Some(notice)).await;
    }
    let on = form.checked("enabled");
    let field = |name: &str| Some(form.text(name)).filter(|v| !v.is_empty());
    let values: settings::GatewayValues = match gateway {
        Gateway::Test => vec![],
        Gateway::Stripe => vec![
            ("publishable_key", field("publishable_key"), false),
            ("secret_key", field("secret_key"), true),
            ("webhook_secret", field("webhook_secret"), true),
        ],
        Gateway::Paypal => vec![
            ("client_id", field("client_id"), false),
            ("client_secret", field("client_secret"), true),
            ("webhook_id", field("webhook_id"), false),
        ],
    };
    let key = state.key.clone();
    let saved = state
        .db(move |conn| {
            settings::save_gateway_values(conn, &key, gateway, &values)?;
            let ready = match gateway {
                Gateway::Test => settings::test_webhook_secret(conn, &key).map(|_| true)?,
                Gateway::Stripe => settings::stripe_keys(conn, &key)?.is_some(),
                Gateway::Paypal => settings::paypal_keys(conn, &key)?.is_some(),
            };
            if on && !ready {
                return Ok(Err(
                    "Saved, but not enabled: every key is needed first.".to_string()
                ));
            }
            settings::set_gateway_enabled(conn, gateway, on)?;
            Ok(Ok("Saved.".to_string()))
        })
        .await?;
    gateways_page(&state, &admin, StatusCode::OK, Some(saved)).await
}

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
        let sent = web::block(move || {
            let url = alerts::AlertUrl::parse(&url, allow)?;
            let alert = alerts::Alert {
                kind: alerts::AlertKind::Trouble,
                text: "tagcart: this is a test alert from your dashboard. Real alerts say when Kartra grants are stuck, and when they recover.".into(),
                since: crate::clock::now(),
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
