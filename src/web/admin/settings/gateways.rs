//! Settings → Payment gateways: the test gateway, and Stripe's and PayPal's keys.

use crate::domain::gateway::Gateway;
use crate::settings;
use crate::views::admin::settings as view;
use crate::web::admin::Admin;
use crate::web::form::Form;
use crate::web::{html, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

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
